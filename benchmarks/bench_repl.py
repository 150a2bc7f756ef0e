"""Round-trip latency of `wlmail repl`: from sending `Trace(1)` + Enter to seeing `1`.

Drives the real command through a pseudo-terminal (pexpect), as a person would use it,
and prints the median, minimum and 90th percentile over RUNS inputs (target, issue 11: median <= 5 ms).
Baseline measured in the same run: the same round trip with the plain Python REPL
(`python -q -i`, `print(1)`), which does no parsing, compiling or highlighting of WLangage.

    python benchmarks/bench_repl.py [RUNS]
"""
from __future__ import annotations

import os
import pathlib
import statistics
import sys
import tempfile
import time

import pexpect

ROOT = pathlib.Path(__file__).resolve().parents[1]
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 50
TARGET_MS = 5


def measure(argv, statement: str, expected: str, ready: str) -> list[float]:
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", PYTHONPATH=str(ROOT))
    child = pexpect.spawn(argv[0], argv[1:], env=env, cwd=str(ROOT), encoding="utf-8",
                          dimensions=(40, 160), timeout=30)
    child.delaybeforesend = None
    child.expect_exact(ready)
    times = []
    for _ in range(RUNS + 3):
        start = time.perf_counter()
        child.send(statement + "\r")
        child.expect_exact(expected)
        times.append(time.perf_counter() - start)
        child.expect_exact(ready)
    child.sendeof()
    child.expect(pexpect.EOF)
    return times[3:]                            # the first inputs warm caches up


def report(name: str, times: list[float]) -> float:
    ms = sorted(t * 1000 for t in times)
    median = statistics.median(ms)
    p90 = ms[int(len(ms) * 0.9) - 1]
    print(f"{name:<28} median {median:6.1f} ms   min {ms[0]:6.1f} ms   p90 {p90:6.1f} ms   ({len(ms)} runs)")
    return median


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, "history")
        wl = measure([sys.executable, "-m", "wlmail", "repl", "--history", history], "Trace(1)",
                     "\x1b[?2004l1\r\n", "\x1b[?2004h")
    py = measure([sys.executable, "-q", "-i"], "print(1)", "\n1\r\n", ">>> ")
    wl_median = report("wlmail repl: Trace(1)", wl)
    py_median = report("python -i: print(1)", py)
    print(f"ratio wlmail / python: {wl_median / py_median:.1f}x   target: median <= {TARGET_MS} ms "
          f"({'met' if wl_median <= TARGET_MS else 'NOT met'})")
    value = TARGET_MS / wl_median
    print(f"RATIO|REPL round trip|{TARGET_MS} ms / median|{value:.2f}|>= 1.0|{'ok' if value >= 1 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
