"""One benchmark measurement in a fresh process: python bench/worker.py TOOL PDF EXPECTED OUT.

Prints one JSON object: seconds (processing only, imports excluded, the same for every tool),
pages, peak resident memory in MB (the whole process), and how many fiches of EXPECTED the tool
recovers exactly (null for a tool that gives no rows). Tools: pipeline, pdfplumber, camelot,
pymupdf.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.text import collapse  # noqa: E402

FIELDS = ["numero", "enjeu", "enjeu_libelle", "intitule", "objectifs", "objectifs_niveaux",
          "appel_a_projets", "pilote_brut"]


def run_pipeline(pdf: Path, out: Path) -> list[dict]:
    """The full pipeline, extract to emit; returns the published fiches."""
    from pipeline.edition import run_edition
    from pipeline.files import REFERENTIAL

    status = run_edition(pdf, pdf.stem, out, REFERENTIAL)
    assert status == 0, status
    import pyarrow.parquet as pq

    return pq.read_table(out / pdf.stem / "fiches.parquet").to_pylist()


def pdfplumber_rows(pdf: Path) -> list[list[str]]:
    """The bare loop people write: page.extract_tables() over every page."""
    import pdfplumber

    rows: list[list[str]] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [[c or "" for c in row] for row in table]
            page.close()
    return rows


def camelot_rows(pdf: Path) -> list[list[str]]:
    import camelot

    tables = camelot.read_pdf(str(pdf), pages="all", flavor="lattice")
    return [list(map(str, row)) for t in tables for row in t.df.values.tolist()]


def pymupdf_rows(pdf: Path) -> list[list[str]]:
    import pymupdf

    rows: list[list[str]] = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for table in page.find_tables().tables:
                rows += [[c or "" for c in row] for row in table.extract()]
    return rows


def tabula_rows(pdf: Path) -> list[list[str]]:
    """tabula-java (through tabula-py) in lattice mode, every page."""
    import tabula

    frames = tabula.read_pdf(str(pdf), pages="all", lattice=True, multiple_tables=True,
                             pandas_options={"header": None}, silent=True)
    return [["" if v != v or v is None else str(v) for v in row] for frame in frames for row in frame.values.tolist()]


def page_count(pdf: Path) -> int:
    import pypdfium2

    with pypdfium2.PdfDocument(str(pdf)) as doc:
        return len(doc)


def _cell(text: str) -> str:
    """A raw cell as a reader would compare it: markers dropped, whitespace collapsed."""
    return collapse(re.sub(r"(^|\n)\s*[•▪●\-–]\s+", r"\1", text))


def recovered_from_rows(rows: list[list[str]], expected: list[dict]) -> int:
    """Fiches whose number, title, objectives and pilot all stand, exact, in one row."""
    found = 0
    cells = [{_cell(c) for c in row} for row in rows]
    for e in expected:
        wanted = {collapse(e["numero"]), collapse(e["intitule"]), collapse(" ".join(e["objectifs"])),
                  collapse(e["pilote_brut"])}
        found += any(wanted <= row for row in cells)
    return found


def recovered_from_fiches(fiches: list[dict], expected: list[dict]) -> int:
    got = {f["numero"]: f for f in fiches}
    return sum(1 for e in expected if e["numero"] in got
               and all(collapse(got[e["numero"]][k]) == collapse(e[k]) for k in FIELDS))


def main(tool: str, pdf: Path, expected_path: Path, out: Path) -> dict:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    readers = {"pdfplumber": pdfplumber_rows, "camelot": camelot_rows, "pymupdf": pymupdf_rows, "tabula": tabula_rows}
    package = {"pipeline": "contrat-de-ville-pipeline", "pdfplumber": "pdfplumber", "camelot": "camelot-py",
               "pymupdf": "pymupdf", "tabula": "tabula-py"}[tool]
    if tool == "pipeline":
        import pipeline.commands  # noqa: F401  (imports are not timed, for any tool)
        from pipeline.cli import keep_pandas_out

        keep_pandas_out()  # as the console command does: pyarrow would import pandas, which it never uses
    else:
        __import__({"pdfplumber": "pdfplumber", "camelot": "camelot", "pymupdf": "pymupdf", "tabula": "tabula"}[tool])
    start = time.perf_counter()
    if tool == "pipeline":
        fiches = run_pipeline(pdf, out)
        seconds = time.perf_counter() - start
        exact = recovered_from_fiches(fiches, expected)
    else:
        rows = readers[tool](pdf)
        seconds = time.perf_counter() - start
        exact = recovered_from_rows(rows, expected)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return {"tool": tool, "version": metadata.version(package), "pdf": pdf.name, "seconds": seconds,
            "pages": page_count(pdf), "peak_mb": peak, "exact": exact, "expected": len(expected)}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))))
