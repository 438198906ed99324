"""The codebase's own rules (DEVELOPERS.md, issue 11): one job per module, each module opening with
one line saying what comes in and what goes out, no module over 450 lines, no function over 50."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
MODULES = sorted(PIPELINE.glob("*.py"))
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 50


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_is_short_and_says_what_it_does(path: Path):
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path.name} is over {MAX_MODULE_LINES} lines"
    assert ast.get_docstring(tree), f"{path.name} opens with no docstring"
    long = {f.name: (f.end_lineno or f.lineno) - f.lineno + 1 for f in _functions(tree)}
    assert {name: n for name, n in long.items() if n > MAX_FUNCTION_LINES} == {}
