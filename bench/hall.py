"""Lecture hall: a whole class on one server, over Streamlit's own protocol (``make hall``).

``python -m bench.hall [--students N] [--ramp S] [--pages a,b] [--classes N,M] [--url URL]
[--replicas 2] [--floor] [--burst]``
``python -m bench.hall --failover [--students N] [--ramp S] [--no-recover]`` (:mod:`bench.failover`)
(a server restarted under an open page: ``python -m bench.restart``)

The teacher puts a link on the projector and the class opens it at once. Each simulated
student (:class:`harness.protocol.Student`, no browser, so the numbers are the server's)
arrives at a random moment of the ramp, opens the page (HTTP GET of the page, as a browser
does first, then the websocket and the first script run), then moves the page's main control
three times, looking at the result for 1-3 s before each move and waiting for every run to
finish. Values are drawn from a small set per control, as a class told "set β to 2" does.

Scenarios: one per page with a control (the students all on that page), and ``follow``: the
class follows the teacher through every page in order (the teacher moves on every ``--dwell``
seconds; each student follows within 5 s and makes one move per page).

Per scenario: p50/p95/max open and control response, server CPU per run under load, the
CPU per control rerun of one student alone before the class arrives (:class:`Solo`: the mean
over the first request of each value, while caches fill, and the mean of 24 moves after
that: what a move costs without queueing), peak RSS of the server and its children, and
every exception, error box or error boundary seen in the deltas. The aims, per page, 300
students over 60 s: p95 open ≤ 2 s, p95 control ≤ 1 s, zero errors, peak RSS ≤ 690 MB,
median CPU per control rerun ≤ 30 ms. ``--classes 300,600`` runs each page at several class
sizes and reports the largest that met the latency aims. ``--replicas 2`` runs the same halls
on one server and on two behind nginx (:mod:`harness.replicas`) and reports the capacity of
each. The report goes to the console and to ``bench/REPORT.md`` (between the hall markers;
``make bench`` keeps them).

``--floor`` runs the same class, in the same run, against the floor (``bench/bare_app.py``, the
least a function page can be on this stack, on a server of its own) before and after the
pages, and adds a table of each page's server CPU per open and per move as a ratio to the
floor's (aim ≤ 1.5×). ``--burst`` is the moment the teacher says "open the next page": the
whole class within 5 s (``--ramp 5 --floor``), ``follow`` at that pace (every next page opened
by the whole class within 5 s of the teacher's move), written to its own report block.

The client shares this machine's two cores with the server; its own CPU is printed so the
numbers can be read with that in mind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.processes import (
    MemorySampler,
    cpu_seconds,
    descendants,
    listening_pid,
    percentile,
    tree,
)
from deploy.launch import WARMED
from harness.protocol import Run, Student, run_async
from harness.replicas import replicas as balanced
from harness.server import streamlit_server, tracebacks

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(__file__).resolve().parent / "REPORT.md"
THINK = (1.0, 3.0)  # seconds a student looks at the result before the next move
MOVES = 3
AIMS = {"open_p95": 2.0, "control_p95": 1.0, "rss_mb": 690.0, "cpu_ms": 30.0}


def _grid(low: float, high: float, step: float) -> tuple[float, ...]:
    count = round((high - low) / step)
    return tuple(round(low + i * step, 6) for i in range(count + 1))


@dataclass(frozen=True)
class Scenario:
    """A page and the moves a student makes there: ``(key, candidate values)`` per move."""

    page: str
    moves: tuple[tuple[str, tuple], ...]

    def draw(self, rng: random.Random) -> list[tuple[str, object]]:
        """Three moves of this student (each from its own candidates); none on a page without
        a control (``home``: the class opens it only)."""
        if not self.moves:
            return []
        moves = [self.moves[i % len(self.moves)] for i in range(MOVES)]
        return [(key, rng.choice(values)) for key, values in moves]


def _one(page: str, key: str, values: tuple) -> Scenario:
    return Scenario(page, ((key, values),))


FORMULAS = ("x*sigmoid(x)", "x*tanh(softplus(x))", "max(0, x)**2", "x*sigmoid(2*x)", "tanh(x)")
SCENARIOS: dict[str, Scenario] = {
    s.page: s
    for s in (
        # the precision control (option indices: float32, float16, bfloat16), then the probe:
        # the solo CPU probe moves the last control, x0, as before the control existed
        Scenario("sigmoid", (("dtype", (1, 2, 3)), ("x0", _grid(-4, 4, 0.5)))),
        _one("relu", "negative_slope", _grid(0.05, 0.5, 0.05)),
        _one("swish", "beta", _grid(0.5, 3, 0.25)),
        _one("more", "fn", (1, 2, 3)),  # option indices: ELU, Softplus, Mish
        _one("hardware", "fn", (0, 1, 3, 4)),  # ReLU6, Hard Sigmoid, SELU, Squared ReLU
        _one("compare", "xmax", _grid(3, 10, 1)),
        _one("glu", "token", tuple(range(2, 9))),
        _one("swiglu", "d_model", (512, 768, 1024, 2048, 4096, 5120)),
        _one("softmax", "temperature", (0.25, 0.5, 1.0, 2.0, 4.0)),
        # The switches first (a class following the lecture flips one), depth last: the
        # solo probe (Solo.probe) times the last move, as it did before the switches.
        Scenario(
            "vanishing",
            (("norm", (1, 2)), ("residual", (True, False)), ("depth", tuple(range(5, 51, 5)))),
        ),
        _one("dying-relu", "shift", _grid(-3, 1, 0.5)),
        _one("regions", "depth", tuple(range(1, 7))),
        Scenario("playground", (("train", (True,)), ("width", (4, 16)), ("train", (True,)))),
        _one("custom", "expr", FORMULAS),
        _one("quiz", "question", tuple(range(2, 9))),
        _one("glossary", "q", ("ReLU", "门控", "梯度", "Swish", "softmax")),
    )
}
FOLLOW_ORDER = ("home", *SCENARIOS)


def address(page: str) -> str:
    """The page name a browser sends for ``page``: the home page is the app's default, at ``/``
    (asked for as ``home``, Streamlit answers "page not found" and shows the default)."""
    return "" if page == "home" else page


# The floor (bench/bare_app.py, a server of its own): one page, its β slider, no navigation.
FLOOR = Scenario("", (("beta", _grid(0.5, 3, 0.25)),))
FLOOR_SCRIPT = "bench/bare_app.py"
BURST_RAMP = 5.0  # the teacher says "open the next page": the whole class within 5 s
WARM_UP_SECONDS = 180  # at most, for a fresh server's warm-up (~10 s of CPU, longer when busy)


# --- one student --------------------------------------------------------------------------------


@dataclass
class Visit:
    page: str
    open_s: float
    controls: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    runs: int = 1


async def visit(student: Student, page: str, moves, rng) -> Visit:
    """Open ``page`` and make ``moves``, thinking between them; errors are kept, not raised.

    The first page of a student includes the browser's GET and the websocket's opening."""
    start = time.perf_counter()
    result = Visit(page, 0.0)
    try:
        if not student.connected_at:
            await student.connect(address(page))
        opened = await student.open(address(page))
        result.open_s = time.perf_counter() - start
        result.errors += [f"{page} open: {e}" for e in opened.errors]
        for key, value in moves:
            await asyncio.sleep(rng.uniform(*THINK))
            run: Run = await student.change(key, value)
            result.controls.append(run.seconds)
            result.runs += 1
            result.errors += [f"{page} {key}={value}: {e}" for e in run.errors]
    except Exception as error:  # a timeout or a dropped connection is an error, not a crash
        result.open_s = result.open_s or float("nan")
        result.errors.append(f"{page}: {type(error).__name__}: {error}")
    return result


async def one_page_student(url, scenario: Scenario, arrive: float, seed: int) -> list[Visit]:
    rng = random.Random(seed)
    await asyncio.sleep(arrive)
    async with Student(url) as student:
        return [await visit(student, scenario.page, scenario.draw(rng), rng)]


async def following_student(
    url, arrive: float, dwell: float, seed: int, teacher: float | None = None
) -> list[Visit]:
    """Arrive during the ramp at home, then follow the teacher page by page.

    ``teacher`` (a ``perf_counter`` time): the teacher moves on at ``teacher + index * dwell``
    for the whole class, and each student follows within 5 s of that (a burst per page);
    without it, at ``index * dwell`` after this student arrived (the class stays spread)."""
    rng = random.Random(seed)
    visits = []
    await asyncio.sleep(arrive)
    async with Student(url) as student:
        for index, page in enumerate(FOLLOW_ORDER):
            if index and teacher is not None:
                due = teacher + index * dwell + rng.uniform(0, BURST_RAMP)
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            elif index:  # the teacher moves on at index * dwell after this student arrived
                since = time.perf_counter() - student.connected_at
                await asyncio.sleep(max(0.0, index * dwell + rng.uniform(0, 5) - since))
            scenario = SCENARIOS.get(page)
            moves = scenario.draw(rng)[:1] if scenario else []
            visits.append(await visit(student, page, moves, rng))
            if visits[-1].open_s != visits[-1].open_s or not student.connected_at:
                break  # never connected: the error is recorded
    return visits


# --- a run --------------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    students: int
    ramp: float
    visits: list[Visit]
    seconds: float
    cpu_s: float
    client_cpu_s: float
    peak_mb: float
    solo: Solo | None = None
    cpu_split: list[float] = field(default_factory=list)  # each server's share (replicas)
    server_errors: list[str] = field(default_factory=list)
    open_ms: float = math.nan  # server CPU of one fresh student's open, alone (open_cost)

    @property
    def opens(self) -> list[float]:
        return [v.open_s for v in self.visits if v.open_s == v.open_s]

    @property
    def controls(self) -> list[float]:
        return [s for v in self.visits for s in v.controls]

    @property
    def errors(self) -> list[str]:
        return [e for v in self.visits for e in v.errors] + self.server_errors

    @property
    def runs(self) -> int:
        return sum(v.runs for v in self.visits)

    def met(self) -> bool:
        """Whether this class size met the latency and error aims."""
        return (
            not self.errors
            and percentile(self.opens, 0.95) <= AIMS["open_p95"]
            and percentile(self.controls, 0.95) <= AIMS["control_p95"]
            and self.peak_mb <= AIMS["rss_mb"]
        )


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def drive(
    url: str, pids: list[int], name: str, make: Callable[[int], list], students: int, ramp: float
):
    """Run ``make(i)`` coroutines for ``students`` students and measure the server meanwhile."""
    # The tree is listed again at the end: the formula worker pool can grow during the run.
    each0 = [cpu_seconds(descendants(pid)) for pid in pids]
    cpu0, client0, start = cpu_seconds(tree(pids)), _client_cpu(), time.perf_counter()
    with MemorySampler(pids) as memory:

        async def everyone():
            return await asyncio.gather(*(make(i) for i in range(students)))

        visits = [v for one in run_async(everyone()) for v in one]
    each = [cpu_seconds(descendants(pid)) - e for pid, e in zip(pids, each0, strict=True)]
    return Result(
        name,
        students,
        ramp,
        visits,
        seconds=time.perf_counter() - start,
        cpu_s=cpu_seconds(tree(pids)) - cpu0,
        client_cpu_s=_client_cpu() - client0,
        peak_mb=memory.peak_mb,
        cpu_split=[e / max(sum(each), 1e-9) for e in each],
    )


@dataclass(frozen=True)
class Solo:
    """Server CPU per control rerun, one student on an otherwise idle server (ms)."""

    first_ms: float  # mean over the first time each value is asked for (caches fill)
    warm_ms: float  # mean of ``moves`` random moves once every value has been seen

    @staticmethod
    def probe(url: str, pids: list[int], scenario: Scenario, moves: int = 24) -> Solo:
        """Ask for every candidate value once, then make ``moves`` random moves.

        A class told "set β to 2" asks for a few values many times, so the second number is
        what a move costs in a lecture; the first is what the first student to ask pays.
        The kernel counts CPU in 10 ms ticks, so one move's cost is too coarse to rank: the
        numbers are means over many moves. Costs are skewed to the right (a cache miss, a
        collection), so the mean is at or above the median the aim names.
        """

        async def measure() -> Solo:
            async with Student(url) as student:
                await student.connect(scenario.page)
                await student.open(scenario.page)
                key, values = scenario.moves[1 if scenario.page == "playground" else -1]

                async def cost(chosen: list) -> float:
                    before = cpu_seconds(tree(pids))
                    for value in chosen:
                        await student.change(key, value)
                        await asyncio.sleep(0.05)  # let the last messages leave the server
                    return 1000 * (cpu_seconds(tree(pids)) - before) / len(chosen)

                first = await cost(list(values))
                rng = random.Random(1)
                return Solo(first, await cost([rng.choice(values) for _ in range(moves)]))

        return run_async(measure())


def open_cost(url: str, pids: list[int], page: str, opens: int = 12) -> float:
    """Mean server CPU (ms) of one student opening ``page`` on an idle server: a new tab's GET,
    websocket, session and first run, and its closing, one student after another.

    The page's caches are warm (``warm`` ran), as for every student but the first of a class.
    """

    async def measure() -> float:
        async def one() -> None:
            async with Student(url) as student:
                await student.connect(page)
                await student.open(page)

        await one()  # this server's first session of the page fills what a session shares
        await asyncio.sleep(0.05)
        before = cpu_seconds(tree(pids))
        for _ in range(opens):
            await one()
        await asyncio.sleep(0.05)  # let the closed sessions leave the server
        return 1000 * (cpu_seconds(tree(pids)) - before) / opens

    return run_async(measure())


def hall(url: str, pids: list[int], scenario: Scenario, students: int, ramp: float, seed: int = 0):
    arrivals = random.Random(seed).sample(range(students), students)
    make = lambda i: one_page_student(  # noqa: E731
        url, scenario, ramp * arrivals[i] / students, seed * 10_000 + i
    )
    return drive(url, pids, scenario.page, make, students, ramp)


def follow(
    url: str,
    pids: list[int],
    students: int,
    ramp: float,
    dwell: float,
    seed: int = 0,
    paced: bool = False,
):
    """The class follows the teacher through every page; ``paced``: every next page opened by
    the whole class within 5 s of the teacher's move (:func:`following_student`)."""
    arrivals = random.Random(seed).sample(range(students), students)
    teacher = time.perf_counter() + ramp if paced else None
    make = lambda i: following_student(  # noqa: E731
        url, ramp * arrivals[i] / students, dwell, seed * 10_000 + i, teacher
    )
    return drive(url, pids, "follow", make, students, ramp)


# --- the server ---------------------------------------------------------------------------------


@contextlib.contextmanager
def server(
    url: str | None, replicas: int = 1, *, warmed: bool = False
) -> Iterator[tuple[str, list[int], Callable[[], list[str]]]]:
    """The servers under test: ``url``'s, or fresh ``streamlit run app.py`` (``replicas`` of
    them behind nginx when more than one, after their warm-up if ``warmed``); yields
    ``(url, server pids, tracebacks so far)``
    (an external server's log is not ours to read)."""
    if url:
        pid = listening_pid(int(url.rsplit(":", 1)[1].split("/")[0]))
        if pid is None:
            raise SystemExit(f"no process of this user listens at {url}")
        yield url, [pid], list
        return
    with contextlib.ExitStack() as stack:
        log = stack.enter_context(tempfile.TemporaryFile("w+"))
        if replicas > 1:
            found, pids = stack.enter_context(balanced(replicas, log=log))
        else:
            found, pid = stack.enter_context(streamlit_server(log=log))
            pids = [pid]

        def logged() -> list[str]:
            log.seek(0)
            return tracebacks(log.read())

        # ``warmed``: as a server started before class, which has run its warm-up by then
        # (deploy/launch.py); it ends on the first connection, so wait before any.
        deadline = time.monotonic() + (WARM_UP_SECONDS if warmed else 0)
        while WARMED not in (log.seek(0) or log.read()) and time.monotonic() < deadline:
            time.sleep(0.5)

        yield found, pids, logged


@contextlib.contextmanager
def floor_server() -> Iterator[tuple[str, list[int], Callable[[], list[str]]]]:
    """The floor page (``bench/bare_app.py``) on a server of its own, as :func:`server`."""
    with (
        tempfile.TemporaryFile("w+") as log,
        streamlit_server(FLOOR_SCRIPT, log=log) as (url, pid),
    ):

        def logged() -> list[str]:
            log.seek(0)
            return tracebacks(log.read())

        yield url, [pid], logged


def measure_floor(floor, students: int, ramp: float, label: str) -> Result:
    """The same class on the floor page: its solo costs and the class's latency and CPU."""
    url, pids, logged = floor
    warm(url, [FLOOR.page])
    solo = Solo.probe(url, pids, FLOOR)
    result = hall(url, pids, FLOOR, students, ramp)
    result.name, result.solo = label, solo
    result.open_ms = open_cost(url, pids, FLOOR.page)
    result.server_errors = logged()
    print(row(result), file=sys.stderr, flush=True)
    return result


def warm(url: str, pages) -> None:
    """One student opens every page first, as the teacher does before class."""

    async def teacher():
        async with Student(url) as student:
            await student.connect()
            for page in pages:
                await student.open(address(page))

    run_async(teacher())


# --- the report ---------------------------------------------------------------------------------


def _s(value: float) -> str:
    return f"{value:.2f}" if value == value else "—"


def row(result: Result) -> str:
    opens, controls = result.opens, result.controls
    spread = lambda v: (  # noqa: E731
        f"{_s(percentile(v, 0.5))} / {_s(percentile(v, 0.95))} / {_s(max(v, default=math.nan))}"
    )
    cpu_met = result.solo is None or result.solo.warm_ms <= AIMS["cpu_ms"]
    mark = "✅" if result.met() and cpu_met else "❌"
    errors = len(result.errors)
    solo = f"{result.solo.warm_ms:.0f} ({result.solo.first_ms:.0f})" if result.solo else "— (—)"
    return (
        f"| {result.name} | {result.students} / {result.ramp:.0f} s "
        f"| {spread(opens)} | {spread(controls)} "
        f"| {solo} | {1000 * result.cpu_s / max(result.runs, 1):.0f} "
        f"| {result.peak_mb:.0f} | {errors} | {mark} |"
    )


HEADER = (
    "| page | students / ramp | open p50 / p95 / max (s) | control p50 / p95 / max (s) "
    "| CPU per control rerun, solo: warm (first time) (ms) | server CPU per run under load (ms) "
    "| peak RSS (MB) | errors | aims |\n|---|---|---|---|---:|---:|---:|---:|---|"
)


def report(results: list[Result], capacity: dict[str, list[Result]], note: str = "") -> str:
    lines = [
        "Aims per page, one server on this 2-core machine: p95 open ≤ 2 s, p95 control ≤ 1 s, "
        "zero errors, peak RSS ≤ 690 MB, CPU per control rerun ≤ 30 ms.",
        "",
        HEADER,
        *(row(r) for r in results),
        "",
    ]
    if capacity:
        lines += ["Largest class that met the latency and error aims, of the sizes tried:", ""]
        lines += ["| page | tried | largest met |", "|---|---|---:|"]
        for page, tried in capacity.items():
            sizes = ", ".join(f"{r.students} {'✅' if r.met() else '❌'}" for r in tried)
            best = max((r.students for r in tried if r.met()), default=0)
            lines.append(
                f"| {page} | {sizes} | {best or '< ' + str(min(r.students for r in tried))} |"
            )
        lines.append("")
    client = sum(r.client_cpu_s for r in results)
    server = sum(r.cpu_s for r in results)
    lines.append(
        f"Server CPU {server:.0f} s, load client CPU {client:.0f} s (same two cores). "
        f"Load average at the end: {' / '.join(f'{v:.1f}' for v in os.getloadavg())}."
    )
    errors = [e for r in results for e in r.errors]
    if errors:
        lines += ["", f"Errors ({len(errors)}; first 10):", ""]
        lines += [f"- `{e[:300]}`" for e in errors[:10]]
    if note:
        lines += ["", note]
    return "\n".join(lines)


FLOOR_AIM = 1.5  # server CPU per open and per move, as a multiple of the floor page's


def _run_ms(result: Result) -> float:
    return 1000 * result.cpu_s / max(result.runs, 1)


def floor_table(results: list[Result], floors: list[Result]) -> str:
    """Each page's server CPU as a ratio to the floor page's, measured in the same run.

    Open and move are solo costs (one student on an idle server, means over 12 opens and 24
    moves: the kernel counts CPU in 10 ms ticks); "under load" is the class's server CPU per
    script run, opens and moves together. The floor's row is the mean of its runs.
    """
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    base_open = mean([f.open_ms for f in floors])
    base_move = mean([f.solo.warm_ms for f in floors])
    base_run = mean([_run_ms(f) for f in floors])
    lines = [
        f"Server CPU against the floor page (`{FLOOR_SCRIPT}`: a title, a paragraph, one slider, "
        "two formulas, one chart of f and f′), same run; aim ≤ "
        f"{FLOOR_AIM}× for open and move:",
        "",
        "| page | open, solo (ms) | × floor | move, solo (ms) | × floor "
        "| per run under load (ms) | × floor | aim |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for result in [*floors, *results]:
        move = result.solo.warm_ms if result.solo else math.nan
        ratios = (result.open_ms / base_open, move / base_move, _run_ms(result) / base_run)
        met = all(r <= FLOOR_AIM for r in ratios[:2] if r == r) and ratios[0] == ratios[0]
        mark = "—" if ratios[0] != ratios[0] else "✅" if met else "❌"  # follow: no solo costs
        ms = lambda v: f"{v:.0f}" if v == v else "—"  # noqa: E731
        times = lambda v: f"{v:.2f}×" if v == v else "—"  # noqa: E731
        lines.append(
            f"| {result.name} | {ms(result.open_ms)} | {times(ratios[0])} | {ms(move)} "
            f"| {times(ratios[1])} | {ms(_run_ms(result))} | {times(ratios[2])} "
            f"| {mark} |"
        )
    return "\n".join(lines)


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_report(text: str, title: str = "Lecture hall (`bench.hall`)", marker="hall") -> None:
    """Put ``text`` between the ``marker`` comments of ``bench/REPORT.md`` (appended if absent)."""
    start, end = markers(marker)
    block = f"{start}\n## {title}\n\n{text}\n{end}"
    old = REPORT.read_text(encoding="utf-8") if REPORT.exists() else ""
    if start in old and end in old:
        head, rest = old.split(start, 1)
        new = head + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    REPORT.write_text(new, encoding="utf-8")


def kept_blocks(old: str) -> str:
    """The hall blocks (and ``bench.wire``'s and ``bench.phone``'s) of an old report, for
    ``python -m bench`` to keep when it rewrites it."""
    blocks = []
    names = ("hall", "hall-burst", "hall-capacity", "hall-replicas", "first-render", "wire")
    for name in (*names, "phone", "hall-failover", "restart"):
        start, end = markers(name)
        if start in old and end in old:
            blocks.append(start + old.split(start, 1)[1].split(end, 1)[0] + end)
    return "\n\n".join(blocks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.hall", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--ramp", type=float, default=60.0, help="arrival window, seconds")
    parser.add_argument(
        "--pages", help="comma-separated; default: every page with a control, then follow"
    )
    parser.add_argument("--classes", help="class sizes to try per page for capacity, e.g. 300,600")
    parser.add_argument("--dwell", type=float, default=20.0, help="follow: seconds per page")
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="compare one server with this many behind nginx (default pages: swish; "
        "classes: 300,600,900)",
    )
    parser.add_argument(
        "--failover",
        action="store_true",
        help="one page's class on two replicas behind nginx, one killed halfway (bench.failover)",
    )
    parser.add_argument(
        "--no-recover", action="store_true", help="failover: pages that do not rerun on reconnect"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="run the same class on the floor page (bench/bare_app.py) first and last, and "
        "state each page's server CPU as a ratio to it",
    )
    parser.add_argument(
        "--burst",
        action="store_true",
        help=f"the whole class within {BURST_RAMP:.0f} s (--ramp {BURST_RAMP:.0f} --floor), "
        "follow at the teacher's pace; written to its own block of the report",
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    if args.failover:
        return failover_hall(args)
    if args.burst:
        args.ramp, args.floor = BURST_RAMP, True
    if args.replicas > 1:
        return compare_replicas(args)
    names = args.pages.split(",") if args.pages else [*SCENARIOS, "follow"]
    sizes = [int(s) for s in args.classes.split(",")] if args.classes else [args.students]
    floors = []
    with (
        server(args.url, warmed=True) as (url, pids, logged),
        floor_server() if args.floor else contextlib.nullcontext() as floor,
    ):
        if floor:
            floors.append(measure_floor(floor, args.students, args.ramp, "floor (first)"))
        results, capacity = measure(url, pids, logged, names, sizes, args)
        if floor:  # again at the end: the two floor rows show how much the machine drifted
            floors.append(measure_floor(floor, args.students, args.ramp, "floor (last)"))
    text = report([*floors, *results], capacity)
    if floors:
        text += "\n\n" + floor_table(results, floors)
    print(text)
    if not args.no_write and args.burst:
        title = f"Lecture hall: the whole class within {BURST_RAMP:.0f} s (burst)"
        write_report(text, title, marker="hall-burst")
    elif not args.no_write and args.classes:  # a capacity run keeps the 300-student table
        write_report(text, "Lecture hall: capacity per page", marker="hall-capacity")
    elif not args.no_write:
        write_report(text)
    return 0 if all(r.met() for r in [*floors, *results]) else 1


def measure(url, pids, logged, names, sizes, args, label: str = ""):
    """Every scenario in ``names`` at every class size; returns (results, capacity per page)."""
    results, capacity = [], {}
    warm(url, FOLLOW_ORDER)
    for name in names:
        if name == "follow":
            paced = getattr(args, "burst", False)
            result = follow(url, pids, args.students, args.ramp, args.dwell, paced=paced)
        else:
            scenario = SCENARIOS.get(name) or Scenario(name, ())  # home: opens only
            # first, while the page's caches are cold
            solo = Solo.probe(url, pids, scenario) if scenario.moves else None
            tried = [hall(url, pids, scenario, n, args.ramp) for n in sizes]
            result = next((r for r in tried if r.students == args.students), tried[0])
            result.solo = solo
            result.open_ms = open_cost(url, pids, address(name))
            if len(sizes) > 1:
                capacity[label + name] = tried
        result.name = label + result.name
        seen = sum(len(r.server_errors) for r in results)
        result.server_errors = logged()[seen:]
        print(row(result), file=sys.stderr, flush=True)
        results.append(result)
    return results, capacity


def compare_replicas(args) -> int:
    """The same halls on one server and on ``args.replicas`` behind nginx, one after the other."""
    names = args.pages.split(",") if args.pages else ["swish"]
    sizes = [int(s) for s in (args.classes or "300,600,900").split(",")]
    results, capacity = [], {}
    for count in (1, args.replicas):
        label = "1 server: " if count == 1 else f"{count} replicas (nginx): "
        with server(None, replicas=count, warmed=True) as (url, pids, logged):
            found, tried = measure(url, pids, logged, names, sizes, args, label)
        results += found
        capacity.update(tried)
    split = "; ".join(
        f"{r.name.split(': ')[1]} {r.students}: "
        + " / ".join(f"{100 * share:.0f} %" for share in r.cpu_split)
        for r in results
        if len(r.cpu_split) > 1
    )
    note = REPLICAS_NOTE.format(count=args.replicas) + f" Server CPU split over replicas: {split}."
    text = report(results, capacity, note=note)
    print(text)
    if not args.no_write:
        write_report(text, "Lecture hall: one server against replicas", marker="hall-replicas")
    return 0 if all(r.met() for r in results) else 1


def failover_hall(args) -> int:
    """A class on two replicas, one killed halfway (:mod:`bench.failover`)."""
    from bench import failover

    result = failover.run(args.students, args.ramp, recover=not args.no_recover)
    text = failover.report(result)
    print(text)
    if not args.no_write:
        write_report(text, "Lecture hall: a replica dies halfway", marker="hall-failover")
    return 0 if failover.recovered(result) else 1


REPLICAS_NOTE = (
    "Replicas: {count} `streamlit run app.py` behind nginx (`harness/replicas.py`: cookie "
    "affinity, websocket upgrade), on the same two cores as one server and the load client, "
    "so the gain shown is what a second process buys on a machine that is already full; on "
    "separate machines or containers each replica brings its own cores. Peak RSS is summed over "
    "replicas."
)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
