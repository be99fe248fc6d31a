"""One benchmark report: ``python -m bench`` (``make bench``) runs every sub-benchmark, prints
one Markdown report and writes it to ``bench/REPORT.md``.

Sections, each the ``run() -> str`` of a module in this package:

* ``bench.app``: per function page, the rerun after a slider change, the first render beside a
  bare Streamlit page, the Plotly payload, and the server's peak RSS;
* ``bench.core``: the accuracy of the activation core against mpmath, and its speed;
* ``bench.train``: the NumPy work behind the 实验 pages.

On top sits a table of claims: each aim beside the measured value, ✅ or ❌. The claims are read
from the sections' tables by their column headers (``vs bare`` → ratio ≤ 1.2×, ``rerun …
(ms)`` → ≤ 100 ms, ``payload (KB)`` → ≤ 150 KB, ``peak RSS …: N MB`` → ≤ 250 MB, ``max err …
(ulp*)`` → ≤ 4), so a section can change its layout without touching this file; a claim
whose column is missing is reported as not measured. A missing or failing module is reported
in its section and the others still run. This machine is shared and noisy: ratios measured
in the same run carry the claims, and the load average is printed next to them.

``python -m bench --only core,train`` runs a subset; ``--load N`` adds the load test
(``bench.load``, N concurrent sessions); ``--no-write`` leaves ``bench/REPORT.md`` alone.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import os
import platform
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "REPORT.md"
SECTIONS = {
    "app": "Function pages: rerun, first render, payload, memory (`bench.app`)",
    "core": "Activation core: accuracy and speed (`bench.core`)",
    "train": "Experiments: training and gradient work (`bench.train`)",
}
OK, FAIL, UNKNOWN = "✅", "❌", "❔"


# --- machine ------------------------------------------------------------------------------------


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "—"


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        return done.stdout.strip() or "—"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def _load() -> str:
    try:
        return " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "—"


def machine() -> list[tuple[str, str]]:
    cores = os.cpu_count() or 0
    with contextlib.suppress(AttributeError):
        cores = len(os.sched_getaffinity(0))
    packages = ("numpy", "scipy", "sympy", "plotly", "streamlit", "playwright")
    return [
        ("date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("nproc", str(cores)),
        ("CPU", _cpu_model()),
        ("Python", platform.python_version()),
        ("packages", ", ".join(f"{name} {_version(name)}" for name in packages)),
        ("browser", _chromium()),
        ("load average (1/5/15 min) at start", _load()),
    ]


# --- sections -----------------------------------------------------------------------------------


@dataclass
class Section:
    name: str
    title: str
    text: str = ""
    error: str = ""
    seconds: float = 0.0


def run_section(name: str, title: str, runner: Callable[[], str] | None = None) -> Section:
    """Import ``bench.<name>`` and call its ``run()``; a missing module or an exception is
    recorded in the section instead of stopping the report."""
    section = Section(name, title)
    start = time.perf_counter()
    print(f"· running bench.{name} …", file=sys.stderr, flush=True)
    try:
        if runner is None:
            module = importlib.import_module(f"bench.{name}")
            runner = module.run
        section.text = str(runner()).strip()
    except ModuleNotFoundError as error:
        if error.name == f"bench.{name}":
            section.error = f"`bench/{name}.py` is missing: this section was not measured."
        else:
            section.error = _describe(error)
    except Exception as error:  # report and continue with the other sections
        section.error = _describe(error)
    section.seconds = time.perf_counter() - start
    return section


def _describe(error: BaseException) -> str:
    tail = "".join(traceback.format_exception(error)[-6:]).rstrip()
    return (
        f"`{type(error).__name__}: {error}`: this section failed.\n\n"
        f"<details><summary>traceback (last frames)</summary>\n\n```\n{tail}\n```\n</details>"
    )


# --- claims -------------------------------------------------------------------------------------


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def column(self, *words: str) -> int | None:
        """Index of the first column whose header contains all ``words`` (case-insensitive)."""
        for index, title in enumerate(self.header):
            if all(word.lower() in title.lower() for word in words):
                return index
        return None


def tables(markdown: str) -> list[Table]:
    """The pipe tables in ``markdown`` (header row, separator row, body rows)."""
    found: list[Table] = []
    lines = markdown.splitlines()
    for index, line in enumerate(lines[:-1]):
        if not line.strip().startswith("|"):
            continue
        separator = lines[index + 1].strip()
        if not re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?", separator):
            continue
        table = Table(_cells(line))
        for body in lines[index + 2 :]:
            if not body.strip().startswith("|"):
                break
            table.rows.append(_cells(body))
        found.append(table)
    return found


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def number(cell: str) -> float | None:
    """The first number in a cell: ``1.05×`` → 1.05, ``45 ms`` → 45, ``—`` → None."""
    match = re.search(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", cell.replace(",", ""))
    return float(match.group()) if match else None


@dataclass
class Claim:
    what: str
    aim: str
    measured: str
    ok: bool | None  # None: not measured

    @property
    def mark(self) -> str:
        return UNKNOWN if self.ok is None else OK if self.ok else FAIL


def _worst(
    found: list[Table], words: tuple[str, ...], limit: float, unit: str
) -> tuple[str, bool] | None:
    """The largest value in the columns matching ``words``, with the row it came from."""
    worst: tuple[float, str] | None = None
    for table in found:
        column = table.column(*words)
        if column is None:
            continue
        for row in table.rows:
            value = number(row[column]) if column < len(row) else None
            if value is not None and (worst is None or value > worst[0]):
                worst = (value, row[0])
    if worst is None:
        return None
    value, where = worst
    return f"{value:g}{unit} (worst: {where})", value <= limit


def claims(sections: dict[str, Section]) -> list[Claim]:
    app = sections.get("app")
    core = sections.get("core")
    app_tables = tables(app.text) if app and app.text else []
    core_tables = tables(core.text) if core and core.text else []
    specs = [
        ("first render vs a bare Streamlit page (same run)", "≤ 1.2×", app_tables, ("vs bare",),
         1.2, "×"),
        ("script rerun after a slider change, fresh value (median of 10)", "≤ 100 ms",
         app_tables, ("rerun", "fresh"), 100.0, " ms"),
        ("script rerun after a slider change, seen value (median of 10)", "≤ 100 ms",
         app_tables, ("seen",), 100.0, " ms"),
        ("Plotly payload per page", "≤ 150 KB", app_tables, ("payload",), 150.0, " KB"),
        ("core accuracy, f (condition-aware ulp)", "≤ 4", core_tables, ("max err f ",),
         4.0, ""),
        ("core accuracy, f′ (condition-aware ulp)", "≤ 4", core_tables, ("max err f′",),
         4.0, ""),
    ]  # fmt: skip
    result = []
    for what, aim, found, words, limit, unit in specs:
        measured = _worst(found, words, limit, unit)
        if measured is None:
            result.append(Claim(what, aim, "not measured", None))
        else:
            result.append(Claim(what, aim, measured[0], measured[1]))
    rss = re.search(r"peak RSS[^:]*:\s*([\d.]+)\s*MB", app.text if app else "", re.IGNORECASE)
    result.append(
        Claim(
            "app server peak RSS after visiting the pages",
            "≤ 250 MB",
            f"{float(rss.group(1)):g} MB" if rss else "not measured",
            float(rss.group(1)) <= 250 if rss else None,
        )
    )
    load = sections.get("load")
    if load is not None:
        passed = None if load.error else "**PASS**" in load.text
        measured = "failed to run" if load.error else "PASS" if passed else "FAIL (see below)"
        result.append(Claim("load test: zero errors, peak RSS ≤ 400 MB", "PASS", measured, passed))
    return result


# --- the report ---------------------------------------------------------------------------------


def render(info: list[tuple[str, str]], sections: list[Section], found: list[Claim]) -> str:
    lines = [
        "# Benchmark report",
        "",
        "Generated by `python -m bench` (`make bench`); do not edit by hand. The machine is "
        "shared and noisy: claims rest on ratios measured in the same run where possible, and "
        "absolute times are for comparing runs on this machine only.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in info),
        "",
        "## Claims",
        "",
        "| claim | measured | aim | |",
        "|---|---|---|---|",
        *(f"| {c.what} | {c.measured} | {c.aim} | {c.mark} |" for c in found),
        "",
    ]
    for section in sections:
        lines += [f"## {section.title}", ""]
        if section.error:
            lines += [f"⚠️ {section.error}", ""]
        if section.text:
            lines += [section.text, ""]
        lines += [f"_(section time {section.seconds:.0f} s)_", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated subset of: " + ", ".join(SECTIONS))
    parser.add_argument("--load", type=int, default=0, metavar="N", help="add the load test")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/REPORT.md")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    names = [n.strip() for n in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    info = machine()
    done = {name: run_section(name, SECTIONS[name]) for name in names}
    if args.load:
        from bench import load

        done["load"] = run_section(
            "load",
            f"Load: {args.load} concurrent sessions (`bench.load`)",
            lambda: load.run(args.load)[0],
        )
    info.append(("load average (1/5/15 min) at end", _load()))
    text = render(info, list(done.values()), claims(done))
    print(text)
    if not args.no_write:
        from bench.hall import kept_blocks  # the hall runs for minutes: keep its last report

        kept = kept_blocks(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else ""
        REPORT.write_text(text + (f"\n{kept}\n" if kept else ""), encoding="utf-8")
        print(f"written to {REPORT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
