"""Server CPU per open and per move of pages on two trees of the app, against the floor, in one run.

``python -m bench.ab OTHER_TREE [pages] [rounds]``: three servers (the floor page, the app from
``OTHER_TREE``, e.g. a worktree of the commit before a change, and the app from this tree), each
page's opens and moves interleaved between them after a warm-up, so a before/after comparison
shares the machine's load. Prints each page's CPU per open and per move as a multiple of the
floor's. The kernel counts CPU in 10 ms ticks: each figure averages ``rounds`` × 10 runs.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bench import hall
from bench.processes import cpu_seconds
from harness.protocol import Student
from harness.server import streamlit_server

RUNS = 10  # per page, tree, kind and round


async def opens(url: str, pid: int, page: str) -> float:
    async with Student(url) as student:
        await student.connect(page)
        await student.open(page)
        start = cpu_seconds([pid])
        for _ in range(RUNS):
            await student.open(page)
        return cpu_seconds([pid]) - start


async def moves(url: str, pid: int, page: str) -> float:
    key, values = hall.SCENARIOS.get(page, hall.FLOOR).moves[-1]
    async with Student(url) as student:
        await student.connect(page)
        await student.open(page)
        start = cpu_seconds([pid])
        for i in range(RUNS):
            await student.change(key, values[i % len(values)])
        return cpu_seconds([pid]) - start


async def compare(servers: dict, pages: list[str], rounds: int) -> list[str]:
    kinds = {"open": opens, "move": moves}
    for page in pages:  # warm both trees' caches first, as a hall run does
        for tree in ("before", "after"):
            await moves(*servers[tree], page)
    spent = {(page, tree, kind): 0.0 for page in pages for tree in servers for kind in kinds}
    for _ in range(rounds):
        for page in pages:
            for kind, run in kinds.items():
                spent[(page, "floor", kind)] += await run(*servers["floor"], "")
                for tree in ("before", "after"):
                    spent[(page, tree, kind)] += await run(*servers[tree], page)
    per_run = {key: 1000 * value / (RUNS * rounds) for key, value in spent.items()}
    floor = {kind: sum(per_run[(p, "floor", kind)] for p in pages) / len(pages) for kind in kinds}
    lines = [
        f"floor: open {floor['open']:.1f} ms, move {floor['move']:.1f} ms",
        "| page | open before | open after | move before | move after |",
        "|---|---:|---:|---:|---:|",
    ]
    for page in pages:
        ms = [per_run[(page, tree, kind)] for kind in kinds for tree in ("before", "after")]
        kind_of = [kind for kind in kinds for _ in ("before", "after")]
        pairs = zip(ms, kind_of, strict=True)
        cells = [f"{v:.1f} ms ({v / floor[kind]:.2f}×)" for v, kind in pairs]
        lines.append(f"| {page} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__)
        return 2
    other = Path(args[0]).resolve()
    pages = args[1].split(",") if len(args) > 1 else list(hall.SCENARIOS)
    rounds = int(args[2]) if len(args) > 2 else 2
    with (
        streamlit_server(hall.FLOOR_SCRIPT) as floor,
        streamlit_server(cwd=other) as before,
        streamlit_server() as after,
    ):
        servers = {"floor": floor, "before": before, "after": after}
        print("\n".join(asyncio.run(compare(servers, pages, rounds))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
