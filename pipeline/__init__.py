"""Contrat de ville PDF -> clean, validated datasets of fiches actions."""

__version__ = "0.1.0"
