"""What a stage has to say about an edition -> ``Avertissement`` records (``models``): one
function building a record, and a collector passed to the steps that raise them."""

from __future__ import annotations


def avertissement(edition: str, code: str, page: int | None, numero: str | None, message: str,
                  etape: str = "repair") -> dict:
    """An ``Avertissement`` record."""
    return {"edition": edition, "etape": etape, "code": code, "page": page, "numero": numero, "message": message}


class Warnings:
    """The warnings one stage raises for one edition, collected in order as ``Avertissement``
    records (passed to the steps that raise them)."""

    def __init__(self, edition: str, etape: str = "repair"):
        self.edition, self.etape = edition, etape
        self.records: list[dict] = []

    def add(self, code: str, page: int | None, numero: str | None, message: str) -> None:
        self.records.append(avertissement(self.edition, code, page, numero, message, self.etape))
