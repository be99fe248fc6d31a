"""A replica dies halfway through a lecture: does every student's next move still answer?

``python -m bench.hall --failover [--students 300] [--ramp 60] [--no-recover]``

Two replicas of the app behind nginx (:mod:`harness.replicas`). The class arrives over the ramp
on the swish page (both replicas warmed first), each student opens it and moves β once. Halfway
through the ramp the replica holding more students is killed (SIGKILL, as a crashed container).
The students it held see their websocket close and reconnect as the browser does, again until
it opens; nginx sends them to the survivor, a new session. Their page then runs in full once
(``Student.rerun``, what ``ui/reconnect.py`` makes the browser send), and 1-3 s after the kill
every student who had arrived makes the next move. Later arrivals open the page on the survivor.

Reported: how many next moves were answered (within ``ANSWER_S``), the time from the kill to
that answer and of the move itself, for the students who were moved and for those who stayed,
and the later arrivals' open times. ``--no-recover`` leaves out the full run after the
reconnect: the page as it was before issue 26, whose moves a new session drops.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import signal
import tempfile
import time
from dataclasses import dataclass, field

import websockets

from bench.processes import percentile
from harness.protocol import Student, run_async
from harness.replicas import open_connections, replicas
from harness.server import tracebacks

PAGE, KEY, QUERY = "swish", "beta", "beta=2"
VALUES = (0.5, 1.0, 1.5, 2.5, 3.0)
THINK = (1.0, 3.0)  # seconds between the kill and a student's next move
ANSWER_S = 30.0  # a move not answered by then is counted as lost


@dataclass
class Outcome:
    """One student's lecture."""

    arrived_after_kill: bool = False
    open_s: float = math.nan
    dropped: bool = False  # its replica was the one killed
    dropped_opening: bool = False  # ... while its page was still opening
    reconnect_s: float = math.nan  # from the kill until its page had run in full again
    answered: bool = False
    since_kill_s: float = math.nan  # from the kill until the next move was answered
    move_s: float = math.nan  # the next move alone
    errors: list[str] = field(default_factory=list)


async def warm(url: str, pids: list[int]) -> None:
    """The teacher opens the page on every replica before class (as ``hall.warm`` does on one
    server): tabs are opened, and kept open, until each replica has served one."""
    tabs: list[Student] = []
    try:
        while not all(open_connections(pid) for pid in pids):
            if len(tabs) >= 32:
                raise RuntimeError("nginx sent 32 browsers to one replica")
            tabs.append(Student(url))
            await tabs[-1].connect(PAGE)
            await tabs[-1].open(PAGE, QUERY)
    finally:
        for tab in tabs:
            await tab.__aexit__(None, None, None)


async def student(
    url: str, arrive: float, kill: asyncio.Event, killed_at: list, seed: int, recover: bool
) -> Outcome:
    rng = random.Random(seed)
    outcome = Outcome()
    await asyncio.sleep(arrive)
    outcome.arrived_after_kill = kill.is_set()
    async with Student(url, timeout=ANSWER_S * 4) as tab:
        try:
            start = time.perf_counter()
            try:
                await tab.connect(PAGE)
                opened = await tab.open(PAGE, QUERY)
                if not kill.is_set():
                    outcome.errors += (await tab.change(KEY, rng.choice(VALUES))).errors
            except (websockets.ConnectionClosed, websockets.InvalidHandshake, OSError) as error:
                # Killed while its page (or first move) was on the way: the reader opens the
                # link again (Streamlit's own reconnect lands such a page on the home page).
                # Not killed, or only slow (TimeoutError is an OSError): counted below.
                if not kill.is_set() or isinstance(error, TimeoutError):
                    raise
                outcome.dropped_opening = True
                await tab.connect(PAGE)
                opened = await tab.open(PAGE, QUERY)
            outcome.open_s = time.perf_counter() - start
            outcome.errors += opened.errors
            await kill.wait()
            move_at = killed_at[0] + rng.uniform(*THINK)
            if await tab.wait_dropped(max(0.0, move_at - time.perf_counter())):
                outcome.dropped = True
                await tab.reconnect()
                if recover:
                    outcome.errors += (await tab.rerun()).errors
                outcome.reconnect_s = time.perf_counter() - killed_at[0]
            await asyncio.sleep(max(0.0, move_at - time.perf_counter()))
            tab.timeout = ANSWER_S
            moved = time.perf_counter()
            run = await tab.change(KEY, rng.choice(VALUES))
            outcome.answered = True
            outcome.move_s = run.seconds
            outcome.since_kill_s = time.perf_counter() - killed_at[0]
            outcome.errors += run.errors
        except TimeoutError:
            if tab.timeout != ANSWER_S:  # the open or the reconnect, not the move
                outcome.errors.append("timed out before the next move")
            else:
                outcome.move_s = time.perf_counter() - moved
        except Exception as error:  # a lost connection is a result, not a crash
            outcome.errors.append(f"{type(error).__name__}: {error}")
    return outcome


@dataclass
class Failover:
    students: int
    ramp: float
    recover: bool
    outcomes: list[Outcome]
    server_errors: list[str]

    def group(self, dropped: bool) -> list[Outcome]:
        return [o for o in self.outcomes if not o.arrived_after_kill and o.dropped == dropped]


def run(students: int = 300, ramp: float = 60.0, *, recover: bool = True, seed: int = 0):
    """The class on two replicas behind nginx, one killed at ``ramp / 2``."""
    with tempfile.TemporaryFile("w+") as log, replicas(2, log=log) as (url, pids):

        async def lecture() -> list[Outcome]:
            await warm(url, pids)
            kill, killed_at = asyncio.Event(), []
            arrivals = random.Random(seed).sample(range(students), students)
            tasks = [
                asyncio.create_task(
                    student(url, ramp * arrivals[i] / students, kill, killed_at, seed + i, recover)
                )
                for i in range(students)
            ]
            await asyncio.sleep(ramp / 2)
            # The replica holding more students dies: the harder case, and never an empty one.
            os.kill(max(pids, key=open_connections), signal.SIGKILL)
            killed_at.append(time.perf_counter())
            kill.set()
            return await asyncio.gather(*tasks)

        outcomes = run_async(lecture())
        log.seek(0)
        errors = tracebacks(log.read())
    return Failover(students, ramp, recover, outcomes, errors)


def recovered(result: Failover) -> bool:
    """Whether every student present at the kill had the next move answered, without errors."""
    present = result.group(True) + result.group(False)
    errors = [e for o in result.outcomes for e in o.errors] + result.server_errors
    return all(o.answered for o in present) and not errors


def _spread(values: list[float]) -> str:
    values = [v for v in values if v == v]
    if not values:
        return "—"
    return f"{percentile(values, 0.5):.2f} / {percentile(values, 0.95):.2f} / {max(values):.2f}"


def report(result: Failover) -> str:
    mode = "with the page's recovery" if result.recover else "without recovery (before issue 26)"
    lines = [
        f"{result.students} students on /{PAGE} over {result.ramp:.0f} s, two replicas behind "
        f"nginx, one killed (SIGKILL) at {result.ramp / 2:.0f} s; {mode}.",
        "",
        "| students present at the kill | next move answered (≤ "
        f"{ANSWER_S:.0f} s) | kill → page run in full again p50 / p95 / max (s) "
        "| kill → next move answered p50 / p95 / max (s) | the move alone p50 / p95 / max (s) |",
        "|---|---:|---|---|---|",
    ]
    for dropped, name in ((True, "on the killed replica"), (False, "on the surviving replica")):
        group = result.group(dropped)
        answered = [o for o in group if o.answered]
        lines.append(
            f"| {name}: {len(group)} | {len(answered)} of {len(group)} "
            f"| {_spread([o.reconnect_s for o in group]) if dropped else '—'} "
            f"| {_spread([o.since_kill_s for o in answered])} "
            f"| {_spread([o.move_s for o in answered])} |"
        )
    later = [o for o in result.outcomes if o.arrived_after_kill]
    reopened = sum(o.dropped_opening for o in result.outcomes)
    errors = [e for o in result.outcomes for e in o.errors] + result.server_errors
    lines += [
        "",
        f"Arrived after the kill: {len(later)}, open p50 / p95 / max "
        f"{_spread([o.open_s for o in later])} s. Killed while their page was still opening "
        f"(they open the link again): {reopened}. Errors: {len(errors)}.",
    ]
    lines += [f"- `{e[:300]}`" for e in errors[:10]]
    return "\n".join(lines)
