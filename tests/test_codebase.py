"""The codebase's own rules (DEVELOPERS.md, issue 11): one job per module, each module opening with
one line saying what comes in and what goes out, no module over 450 lines, no function over 50."""

from __future__ import annotations

import ast
import subprocess
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


def _imported_modules(path: Path) -> set[Path]:
    """The modules of pipeline/ that ``path`` imports by name."""
    found: set[Path] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
            found |= {PIPELINE / f"{alias.name}.py" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
            found.add(PIPELINE / f"{node.module.split('.', 1)[1]}.py")
    return {module for module in found if module.exists()}


def _import_closure(start: Path) -> set[Path]:
    seen: set[Path] = set()
    todo = [start]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += _imported_modules(module)
    return seen


def _make_variable(name: str) -> set[Path]:
    printed = subprocess.run(["make", "-s", "--no-print-directory", "--eval", f"print-var: ; @echo $({name})",
                              "print-var"], cwd=PIPELINE.parent, capture_output=True, text=True, check=True)
    return {(PIPELINE.parent / word).resolve() for word in printed.stdout.split()}


@pytest.mark.parametrize("variable, stage", [("CODE_EXTRACT", "extract"), ("CODE_REPAIR", "repair"),
                                             ("CODE_PUBLISH", "edition")])
def test_makefile_rebuilds_a_stage_when_any_module_it_imports_changes(variable: str, stage: str):
    missing = _import_closure(PIPELINE / f"{stage}.py") - _make_variable(variable)
    assert sorted(m.name for m in missing) == []


SETTINGS_MODULES = [PIPELINE / "config.py", PIPELINE / "table_config.py", PIPELINE / "output_config.py"]


def test_settings_are_frozen_and_checked_when_made():
    import dataclasses

    from pipeline import config, output_config

    with pytest.raises(dataclasses.FrozenInstanceError):
        config.TABLE.cell_gap_em = 1.0  # type: ignore[misc]
    assert config.Layout(cell_gap_em=0.3).cell_gap_em == 0.3
    for bad in ({"cell_gap_em": -0.1}, {"spanning_share": 1.5}):
        with pytest.raises(ValueError, match="réglage Layout"):
            config.Layout(**bad)
    with pytest.raises(ValueError, match="croître"):
        config.Table(line_pitch_em=(1.6, 0.85))
    with pytest.raises(ValueError, match="croître"):
        output_config.Pilots(fuzzy_max_edits=((15, 2), (6, 1)))


@pytest.mark.parametrize("path", SETTINGS_MODULES, ids=lambda p: p.name)
def test_every_setting_says_how_it_was_chosen(path: Path):
    # Each field of a settings class has a ``#:`` comment above it, or shares its neighbours'
    # (fields listed together under one comment, with no blank line between them).
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    undocumented = []
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for node in (n for n in cls.body if isinstance(n, ast.AnnAssign)):
            k = node.lineno - 2
            while k >= 0 and lines[k].strip() and not lines[k].strip().startswith("#:"):
                k -= 1
            if k < 0 or not lines[k].strip().startswith("#:"):
                undocumented.append(f"{cls.name}.{ast.unparse(node.target)}")
    assert undocumented == []
