"""Phones and assistive tools, per page: ``python -m bench.phone``.

Every page is opened fresh in headless Chromium, in Chinese and in English, on a desk
(1400×1000) and on a phone (390×844 CSS px, mobile, touch, device scale 2). On each visit
axe-core (the ``axe-playwright-python`` package, which ships ``axe.min.js``) checks the page
against WCAG 2.0/2.1 A and AA and counts the serious and critical violations; on the phone,
the visit also measures how far down the first figure starts (in screens of 844 px, on first
load) and whether the page scrolls sideways. The table goes to the console and to
``bench/REPORT.md`` between its ``phone`` markers, which ``make bench`` keeps.

``--pages glu,swiglu`` measures a subset; ``--shots DIR`` saves a screenshot of every visit;
``--no-write`` leaves the report alone. The browser tests hold the same lines:
``tests/e2e/test_accessibility_e2e.py`` and ``tests/e2e/test_first_screen_e2e.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from harness.browser import (
    CHROMIUM_FLAGS,
    DESKTOP,
    NO_FIGURE,
    PHONE,
    SCREEN,
    chromium_path,
    first_figure_top,
    page_url,
    serious_violations,
    settled,
    sideways_overflow,
    wait_for_chart,
)
from harness.server import streamlit_server
from views.navigation import PAGES


@dataclass
class Visit:
    url_path: str
    lang: str
    size: str  # "desktop" or "phone"
    violations: dict[str, int] = field(default_factory=dict)
    first_figure: float | None = None  # px, phone only
    overflow: int = 0  # px, phone only


def visit(page, base: str, url_path: str, lang: str, size: str, shots: Path | None) -> Visit:
    page.goto(page_url(base, url_path, lang))
    settled(page)
    found = Visit(url_path, lang, size)
    if url_path not in NO_FIGURE:
        wait_for_chart(page)
    if size == "phone":
        found.first_figure = first_figure_top(page)
        found.overflow = sideways_overflow(page)
    if shots is not None:
        page.screenshot(path=str(shots / f"{url_path}-{lang}-{size}.png"), full_page=False)
    found.violations = serious_violations(page)
    return found


def measure(pages: Iterable[str], shots: Path | None = None) -> list[Visit]:
    """One visit per page, language and size, on a fresh server."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no Chromium found (install Debian's chromium or set $CHROMIUM)")
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    visits = []
    with streamlit_server() as (base, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            for size, options in (("desktop", DESKTOP), ("phone", PHONE)):
                context = browser.new_context(locale="zh-CN", **options)
                page = context.new_page()
                page.set_default_timeout(120_000)
                for url_path in pages:
                    for lang in ("zh", "en"):
                        visits.append(visit(page, base, url_path, lang, size, shots))
                        print(f"· {url_path} {lang} {size}", file=sys.stderr, flush=True)
                context.close()
        finally:
            browser.close()
    return visits


def _count(found: Visit | None) -> str:
    if found is None:
        return "—"
    total = sum(found.violations.values())
    rules = ", ".join(f"{rule} {nodes}" for rule, nodes in sorted(found.violations.items()))
    return f"{total}" + (f" ({rules})" if rules else "")


def table(visits: list[Visit]) -> str:
    """The Markdown table: one row per page."""
    by = {(v.url_path, v.lang, v.size): v for v in visits}
    pages = list(dict.fromkeys(v.url_path for v in visits))
    lines = [
        "| page | axe zh desktop | axe en desktop | axe zh phone | axe en phone "
        "| first figure (screens, zh / en phone) | sideways scroll (px) | plot area / screen |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for url_path in pages:
        phones = [by.get((url_path, lang, "phone")) for lang in ("zh", "en")]
        tops = [p.first_figure for p in phones if p is not None]
        first = (
            " / ".join("none" if top is None else f"{top / SCREEN:.2f}" for top in tops)
            if url_path not in NO_FIGURE
            else "no figure"
        )
        overflow = max((p.overflow for p in phones if p is not None), default=0)
        cells = [_count(by.get((url_path, lang, size))) for size in ("desktop", "phone")
                 for lang in ("zh", "en")]  # fmt: skip
        lines.append(f"| {url_path} | {' | '.join(cells)} | {first} | {overflow} | |")
    return "\n".join(lines)


def summary(visits: list[Visit]) -> str:
    """Aims beside what was measured."""
    serious = sum(sum(v.violations.values()) for v in visits)
    phones = [v for v in visits if v.size == "phone" and v.url_path not in NO_FIGURE]
    worst = max(phones, key=lambda v: v.first_figure or float("inf"), default=None)
    worst_text = (
        "—"
        if worst is None
        else f"{(worst.first_figure or float('inf')) / SCREEN:.2f} ({worst.url_path}, {worst.lang})"
    )
    wide = max((v.overflow for v in visits if v.size == "phone"), default=0)
    return "\n".join(
        [
            "| aim | measured |",
            "|---|---|",
            f"| 0 serious/critical axe-core violations (WCAG 2.0/2.1 A, AA), every page, zh and "
            f"en, 1400×1000 and 390×844 | {serious} over {len(visits)} visits |",
            f"| first figure within 1.0 screens of 844 px on a 390×844 phone | worst {worst_text}"
            " |",
            f"| no sideways scroll on the phone | widest overflow {wide} px |",
        ]
    )


def run(pages: Iterable[str] | None = None, shots: Path | None = None) -> str:
    start = time.perf_counter()
    visits = measure(list(pages or (spec.url_path for spec in PAGES)), shots)
    return "\n\n".join(
        [
            summary(visits),
            table(visits),
            "axe-core counts are serious + critical violations (rule: nodes). Plot-area ratios "
            "are measured by the per-figure phone test (`tests/e2e/`). "
            f"_(headless Chromium, one visit per cell, {time.perf_counter() - start:.0f} s)_",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.phone", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", help="comma-separated url paths (default: every page)")
    parser.add_argument("--shots", type=Path, help="save a screenshot of every visit here")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/REPORT.md")
    args = parser.parse_args(argv)
    pages = [name.strip() for name in args.pages.split(",")] if args.pages else None
    text = run(pages, args.shots)
    print(text)
    if not args.no_write:
        from bench.hall import write_report

        write_report(text, "Phones and assistive tools (`bench.phone`)", marker="phone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
