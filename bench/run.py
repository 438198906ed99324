"""The benchmark behind `make bench`: writes bench/results.md.

1. Peers, on the shared editions and the 50-page synthetic ones: the full pipeline (extract to
   emit) against a bare pdfplumber ``extract_tables()`` loop, camelot (lattice) and PyMuPDF's
   ``find_tables()``: wall time, pages per second, peak memory, fiches recovered exactly.
2. Scaling: the pipeline on 50, 200 and 800-page synthetic editions of both shared layouts:
   time per page and peak memory.
3. Parallel: four editions one after the other, then two at a time on the machine's cores.

Every measurement runs in a fresh process (``bench/worker.py``), so that peak memory is the
edition's own. Targets are checked at the end and printed with the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.generate import LAYOUTS, generate  # noqa: E402

SHARED = [(ROOT / "raw" / "montpellier-2020.pdf", ROOT / "tests" / "fixtures" / "montpellier-2020.expected.json"),
          (ROOT / "tests" / "fixtures" / "montpellier-2020-word.pdf",
           ROOT / "tests" / "fixtures" / "montpellier-2020-word.expected.json")]
#: tabula-py runs tabula-java: it is measured where Java is installed.
PEERS = ["pipeline", "pdfplumber", "camelot", "pymupdf"] + (["tabula"] if shutil.which("java") else [])
SIZES = [50, 200, 800]
TARGETS = {"ratio": 1.0, "scaling": 1.15, "memory_mb": 300.0, "speedup": 1.7}


def measure(tool: str, pdf: Path, expected: Path, work: Path) -> dict:
    """One worker run; a peer that is not installed gives ``{"missing": True}``."""
    proc = subprocess.run([sys.executable, str(HERE / "worker.py"), tool, str(pdf), str(expected), str(work)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        if "ModuleNotFoundError" in proc.stderr:
            return {"tool": tool, "pdf": pdf.name, "missing": True}
        raise RuntimeError(f"{tool} on {pdf.name} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        memory = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def parallel(pdfs: list[Path], work: Path) -> tuple[float, float]:
    """Wall time of four editions one after the other, then on two processes."""
    times = []
    for jobs in (1, 2):
        out = work / f"parallel-{jobs}"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, pdfs), "--out", str(out), "--jobs", str(jobs)],
                       check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times[0], times[1]


def startup(runs: int = 7) -> dict[str, float]:
    """Median wall time of fresh processes: the CLI's --help and --version, and importing pdfplumber."""
    commands = {"contrat-de-ville --help": [sys.executable, "-m", "pipeline", "--help"],
                "contrat-de-ville --version": [sys.executable, "-m", "pipeline", "--version"],
                "python -c 'import pdfplumber'": [sys.executable, "-c", "import pdfplumber"],
                "python -c 'pass' (interpreter alone)": [sys.executable, "-c", "pass"]}
    out = {}
    for label, command in commands.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
            times.append(time.perf_counter() - start)
        out[label] = sorted(times)[runs // 2]
    return out


def row(r: dict) -> str:
    if r.get("missing"):
        return f"| {r['pdf']} | {r['tool']} | not installed | | | |"
    exact = f"{r['exact']}/{r['expected']}"
    return (f"| {r['pdf']} | {r['tool']} {r['version']} | {r['seconds']:.2f} s | {r['pages'] / r['seconds']:.1f} | "
            f"{r['peak_mb']:.0f} MB | {exact} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--generated", type=Path, default=HERE / "generated")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        synthetic = {(name, n): generate(args.generated, n, name) for n in SIZES for name in LAYOUTS}
        expected = {pdf: pdf.with_suffix(".expected.json") for pdf in synthetic.values()}
        results = []
        for pdf, exp in SHARED + [(synthetic[(name, 50)], expected[synthetic[(name, 50)]]) for name in LAYOUTS]:
            for tool in PEERS:
                results.append(measure(tool, pdf, exp, work))
                print(row(results[-1]), flush=True)
        scaling = []
        for name in LAYOUTS:
            for n in SIZES:
                pdf = synthetic[(name, n)]
                runs = [r for r in results if r["pdf"] == pdf.name and r["tool"] in ("pipeline", "pdfplumber")]
                runs = runs or [measure(t, pdf, expected[pdf], work) for t in ("pipeline", "pdfplumber")]
                for r in runs:
                    print(row(r), flush=True)
                scaling += [r for r in runs if r not in results]
        copies = []
        for i, name in enumerate(list(LAYOUTS) * 2):
            copy = work / f"edition-{i + 1}.pdf"
            shutil.copy(synthetic[(name, 200)], copy)
            copies.append(copy)
        sequential, two = parallel(copies, work)
        write_report(args.out, results, scaling, sequential, two, startup())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_report(path: Path, results: list[dict], scaling: list[dict], sequential: float, two: float,
                 starts: dict[str, float]) -> None:
    everything = results + scaling
    by = {(r["tool"], r["pdf"]): r for r in everything if not r.get("missing")}
    ratios = [(pdf, by[("pipeline", pdf)]["seconds"] / by[("pdfplumber", pdf)]["seconds"])
              for (tool, pdf) in by if tool == "pipeline" and ("pdfplumber", pdf) in by]
    per_page = {}
    for name in LAYOUTS:
        small, large = by[("pipeline", f"{name}-50p.pdf")], by[("pipeline", f"{name}-800p.pdf")]
        per_page[name] = (large["seconds"] / large["pages"]) / (small["seconds"] / small["pages"])
    memory = max(by[("pipeline", f"{name}-800p.pdf")]["peak_mb"] for name in LAYOUTS)
    speedup = sequential / two
    help_cost = starts["contrat-de-ville --help"] / starts["python -c 'import pdfplumber'"]
    checks = [
        (f"pipeline time / pdfplumber `extract_tables()` loop ≤ {TARGETS['ratio']}",
         max(r for _, r in ratios), max(r for _, r in ratios) <= TARGETS["ratio"]),
        (f"time per page, 800 pages / 50 pages ≤ {TARGETS['scaling']}",
         max(per_page.values()), max(per_page.values()) <= TARGETS["scaling"]),
        (f"peak memory on 800 pages < {TARGETS['memory_mb']:.0f} MB", memory, memory < TARGETS["memory_mb"]),
        (f"4 editions on 2 processes vs one after the other ≥ {TARGETS['speedup']}×", speedup,
         speedup >= TARGETS["speedup"]),
        ("`--help` / importing pdfplumber alone ≤ 1.0", help_cost, help_cost <= 1.0),
    ]
    lines = [
        "# Benchmark results", "",
        f"Measured by `make bench` on {time.strftime('%Y-%m-%d')}, on {machine()}.",
        "Each line is one fresh process (`bench/worker.py`); time excludes imports and interpreter start,",
        "the same for every tool; peak memory is the whole process's resident set (or its child's: tabula's",
        "Java). A fiche counts as",
        "recovered when all its fields match the expected record (pipeline), or when one row of the",
        "tool's tables holds its number, title, objectives and pilot exactly (peers: whitespace",
        "collapsed, bullet markers dropped).", "",
        "## Targets", "", "| target | measured | holds |", "|---|---:|:---:|",
    ]
    lines += [f"| {label} | {value:.2f} | {'yes' if ok else '**no**'} |" for label, value, ok in checks]
    lines += ["", "## Against the tools people use instead", "",
              "| PDF | tool | wall time | pages/s | peak memory | fiches recovered exactly |",
              "|---|---|---:|---:|---:|---:|"]
    lines += [row(r) for r in results]
    lines += ["", "Each peer's time stands beside what it recovers: a fiche counts only when one row holds it "
              "whole. Where a peer recovers 0, its time and memory are still those of a full read.", ""]
    lines += ["", "Pipeline time relative to the pdfplumber loop: "
              + ", ".join(f"{pdf} {ratio:.2f}" for pdf, ratio in ratios) + ".", ""]
    lines += ["## Scaling", "", "| PDF | tool | wall time | pages/s | peak memory | fiches recovered exactly |",
              "|---|---|---:|---:|---:|---:|"]
    lines += [row(by[(tool, f"{name}-{n}p.pdf")]) for name in LAYOUTS for n in SIZES
              for tool in ("pipeline", "pdfplumber") if (tool, f"{name}-{n}p.pdf") in by]
    lines += ["", "Time per page, 800-page edition relative to the 50-page one: "
              + ", ".join(f"{name} {v:.2f}" for name, v in per_page.items()) + ".", ""]
    lines += ["## Start-up", "", "Median of 7 fresh processes (`python -X importtime -m pipeline --help` shows "
              "what each import costs):", "", "| command | wall time |", "|---|---:|"]
    lines += [f"| `{label}` | {seconds * 1000:.0f} ms |" for label, seconds in starts.items()]
    lines += ["", f"`--help` costs {help_cost:.2f}× importing pdfplumber alone: the commands and their stack are "
              "imported only once a command runs.", ""]
    lines += ["## Parallel editions", "",
              f"Four 200-page editions: {sequential:.1f} s one after the other (`--jobs 1`), {two:.1f} s on two "
              f"processes (`--jobs 2`): {speedup:.2f}× faster.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
