"""The long fuzz run: N scripts, generated from the grammar or mutated from real WLangage
(the examples, the help-mirror corpus when present, generated programs), each compiled
with a 5 s alarm; generated ones are also run.  Prints the counts; exit status 1 if any
script produced a traceback or a hang.

    python benchmarks/fuzz.py                    # 100,000 scripts, seed 1, all cores
    python benchmarks/fuzz.py --scripts 5000 --seed 7 --workers 1

A traceback is any exception other than a WLangage syntax/compile error escaping the
compiler; a hang is a compilation over 5 s of CPU time.  Run-time results of generated programs are
counted too: "internal" means a Python message would reach the user."""
from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import pathlib
import random
import signal
import sys
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzzgen import Hang, compile_outcome, generate, mutate, run_outcome  # noqa: E402

HANG_SECONDS = 5.0


def seed_sources() -> list[str]:
    found = sorted((ROOT / "examples").rglob("*.wl")) + sorted((ROOT / "benchmarks" / "corpus").rglob("*.wl"))
    return [p.read_text(encoding="utf-8", errors="replace") for p in found]


def _expire(signum, frame):
    raise Hang()


def judge(job: tuple[int, int]) -> tuple[str, str | None, str]:
    """(outcome, detail, source) for script number `index` of run `seed`."""
    seed, index = job
    rng = random.Random(seed * 1_000_003 + index)
    generated = rng.random() < 0.3
    if generated:
        source = generate(rng)
    else:
        pick = rng.random()
        base = generate(rng) if pick < 0.2 or not SEEDS else rng.choice(SEEDS)
        source = mutate(base, rng)
    # CPU time, not wall time: on a loaded machine a slow wall clock is not a hang
    signal.signal(signal.SIGVTALRM, _expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, HANG_SECONDS)
    try:
        status, code = compile_outcome(source)
    except Hang:
        return "hang", None, source
    except Exception:                                # what a user would have seen as a traceback
        return "traceback", traceback.format_exc(limit=-3), source
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
    if status == "error":
        return "wl-error", None, source
    if not generated:
        return "compiled", None, source
    ran = run_outcome(code)
    if ran.startswith("internal"):
        return "run-internal", ran, source
    return f"ran-{ran}", None, source


def _init(seeds):
    global SEEDS
    SEEDS = seeds


SEEDS: list[str] = []


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scripts", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--failures", default="fuzz-failures", help="folder for failing scripts")
    args = ap.parse_args(argv)
    seeds = seed_sources()
    counts: collections.Counter = collections.Counter()
    failures = pathlib.Path(args.failures)
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    jobs = ((args.seed, i) for i in range(args.scripts))
    with multiprocessing.Pool(args.workers, initializer=_init, initargs=(seeds,)) as pool:
        for outcome, detail, source in pool.imap_unordered(judge, jobs, chunksize=64):
            counts[outcome] += 1
            if outcome in ("traceback", "hang", "run-internal"):
                failures.mkdir(exist_ok=True)
                n = counts[outcome]
                (failures / f"{outcome}-{n}.wl").write_text(source, encoding="utf-8")
                if detail and n <= 3:
                    print(f"--- {outcome} #{n}\n{detail}", file=sys.stderr)
    wall = time.perf_counter() - start_wall
    print(f"{args.scripts:,} scripts (seed {args.seed}, {len(seeds)} seed files, {args.workers} workers) "
          f"in {wall:.0f} s wall, {time.process_time() - start_cpu:.1f} s CPU in this process; "
          f"load average {os.getloadavg()[0]:.2f}")
    for outcome in ("compiled", "wl-error", "ran-ok", "ran-wl-error", "ran-loops", "run-internal", "hang",
                    "traceback"):
        print(f"  {outcome:13} {counts[outcome]:>8,}")
    bad = counts["traceback"] + counts["hang"]
    print(f"tracebacks: {counts['traceback']}, hangs over {HANG_SECONDS:.0f} s of CPU: {counts['hang']}"
          + (f"; failing scripts in {failures}/" if bad or counts["run-internal"] else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
