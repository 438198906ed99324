"""``python -m pipeline``: the command line (``cli``)."""

from pipeline.cli import entry

entry()
