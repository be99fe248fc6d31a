"""The processes a benchmark measures: a server's tree of processes, their CPU seconds and
memory (from ``/proc``), and percentiles of what was timed."""

from __future__ import annotations

import contextlib
import os
import threading


def _status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of one process in kB (empty if it is gone)."""
    found = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    found[name] = int(rest.split()[0])
    except (OSError, ValueError):
        pass
    return found


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (from ``/proc/*/stat``'s parent field)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    tree, queue = [], [pid]
    while queue:
        current = queue.pop()
        tree.append(current)
        queue.extend(children.get(current, []))
    return tree


def tree(pids: list[int]) -> list[int]:
    """Every process of these servers and below them."""
    return [found for pid in pids for found in descendants(pid)]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of these processes and their reaped children (/proc/*/stat)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def listening_pid(port: int) -> int | None:
    """The process (of this user) listening on TCP ``port``, from ``/proc/net/tcp*``."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{entry}/fd"):
                with contextlib.suppress(OSError):
                    link = os.readlink(f"/proc/{entry}/fd/{fd}")
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return int(entry)
    return None


class MemorySampler:
    """Samples the server tree's summed VmRSS every ``interval`` s in a thread; also keeps the
    server process's own VmHWM (the kernel's high-water mark, which catches spikes between
    samples). ``peak_mb`` is the larger of the two."""

    def __init__(self, pid: int | list[int], interval: float = 0.2) -> None:
        # Several servers (replicas): their trees' RSS is summed, and so are their VmHWMs.
        self.pids = pid if isinstance(pid, list) else [pid]
        self.interval = interval
        self.peak_rss_kb = 0
        self.hwm_kb = 0
        self.start_kb = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        total = 0
        for pid in tree(self.pids):
            total += _status_kb(pid).get("VmRSS", 0)
        hwm = sum(_status_kb(pid).get("VmHWM", 0) for pid in self.pids)
        self.hwm_kb = max(self.hwm_kb, hwm)
        self.peak_rss_kb = max(self.peak_rss_kb, total)
        self.samples += 1
        if self.samples == 1:
            self.start_kb = total

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def peak_mb(self) -> float:
        return max(self.peak_rss_kb, self.hwm_kb) / 1024


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]
