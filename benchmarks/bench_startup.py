"""Start-up benchmark: `wlmail run hello.wl` and a transpiled `hello.py` against plain Python.

    python benchmarks/bench_startup.py [--rounds 7] [--runs 10]

Every command runs in a fresh process; one warm-up round first (it also fills the compiled
script cache), then ROUNDS rounds in rotated order, RUNS runs of each command per round.
Wall and CPU time (user + system of the child) are the medians over all runs; ratios
compare with the baselines measured in the same run; the targets are judged on CPU time,
which the load of a shared machine does not inflate the way it does wall time.
Targets (issue 11): `wlmail run hello.wl` <= 2.5x `python3 -c pass` (cached script),
transpiled `hello.py` <= 1.5x the same program written in Python.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
PY = sys.executable
# What the `wlmail` console script runs (pip's entry-point shim).
WLMAIL = [PY, "-c", "import sys; from wlmail.cli import main; sys.exit(main())"]
HELLO_WL = 'Trace("Bonjour")\n'
HELLO_PY = 'print("Bonjour")\n'


def timed(argv, env) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of argv in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=os.path.join(tmp, "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)              # as installed: .pyc files are used
        hello_wl, cold_wl, hello_py, plain_py = (os.path.join(tmp, n)
                                                 for n in ("hello.wl", "cold.wl", "hello.py", "plain.py"))
        pathlib.Path(hello_wl).write_text(HELLO_WL, encoding="utf-8")
        pathlib.Path(plain_py).write_text(HELLO_PY, encoding="utf-8")
        subprocess.run(WLMAIL + ["transpile", hello_wl, "-o", hello_py], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        runs = iter(range(10**9))

        def changed_script():                                  # a new text: never in the cache
            pathlib.Path(cold_wl).write_text(f"// run {next(runs)}\n{HELLO_WL}", encoding="utf-8")

        plan = [  # name, command, called before each run
            ("python3 -c pass", [PY, "-c", "pass"], None),
            ("python3 plain.py", [PY, plain_py], None),
            ("wlmail run hello.wl", WLMAIL + ["run", hello_wl], None),
            ("python3 -m wlmail run hello.wl", [PY, "-m", "wlmail", "run", hello_wl], None),
            ("python3 hello.py (transpiled)", [PY, hello_py], None),
            ("wlmail run, script changed", WLMAIL + ["run", cold_wl], changed_script),
        ]
        results: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in plan}
        for r in range(args.rounds + 1):                        # round 0: warm-up, not counted
            for name, argv, before in plan[r % len(plan):] + plan[:r % len(plan)]:
                for _ in range(args.runs if r else 1):
                    if before:
                        before()
                    result = timed(argv, env)
                    if r:
                        results[name].append(result)
    load = os.getloadavg()
    print(f"start-up, {args.rounds} rounds x {args.runs} runs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    medians = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
               for name, runs in results.items()}
    base = medians["python3 -c pass"]
    plain = medians["python3 plain.py"]
    for name, (wall, cpu) in medians.items():
        ref, ref_name = (plain, "plain.py") if "hello.py" in name else (base, "-c pass")
        print(f"  {name:<34} wall {wall * 1000:6.1f} ms  cpu {cpu * 1000:6.1f} ms   "
              f"= {wall / ref[0]:4.2f}x wall, {cpu / ref[1]:4.2f}x cpu of {ref_name}")
    # Judged on CPU time: on a shared, loaded machine wall time mostly measures the queue.
    run = medians["wlmail run hello.wl"][1] / base[1]
    transpiled = medians["python3 hello.py (transpiled)"][1] / plain[1]
    for label, measure, x, target in (
            ("wlmail run hello.wl (cached), cpu", "-c pass / run", 1 / run, 0.4),
            ("transpiled hello.py, cpu", "plain.py / hello.py", 1 / transpiled, 0.67)):
        print(f"RATIO|{label}|{measure}|{x:.2f}|>= {target}|{'ok' if x >= target else 'MISSED'}")
    print(f"targets (cpu): wlmail run <= 2.5x python3 -c pass: {run:.2f}x ({'met' if run <= 2.5 else 'NOT met'}); "
          f"transpiled <= 1.5x plain Python: {transpiled:.2f}x ({'met' if transpiled <= 1.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
