"""Transpile benchmark: `wlmail transpile` and `wlmail report` of a generated tree, in lines/s.

    python benchmarks/bench_transpile.py [--lines 50000] [--files 100] [--rounds 3]

One warm-up, then ROUNDS rounds; wall and CPU medians.  Baseline from the same run: Python
round-tripping the transpiled output itself (`ast.parse` + `ast.unparse` of every `.py`
written), the work CPython's own tools do for the same code.
Target (issue 11): transpile >= 15,000 lines/s.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import io
import os
import pathlib
import statistics
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import corpus  # noqa: E402

from wlmail.report import report  # noqa: E402
from wlmail.transpile import transpile_paths  # noqa: E402

TARGET = 15_000


def timed(fn) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        fn()
    return time.perf_counter() - w0, time.process_time() - c0


def python_round_trip(folder: pathlib.Path) -> None:
    for f in folder.rglob("*.py"):
        ast.unparse(ast.parse(f.read_text(encoding="utf-8")))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src, port = pathlib.Path(d, "src"), pathlib.Path(d, "port")
        per_file = corpus(args.lines // args.files)
        for i in range(args.files):
            f = src / f"module{i // 10}" / f"traitement{i}.wl"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(per_file, encoding="utf-8")
        lines = per_file.count("\n") * args.files

        def transpile():
            assert transpile_paths(str(src), str(port)) == 0

        modes = {"transpile": transpile, "report": lambda: report([str(src)], fmt="json"),
                 "python ast round trip": lambda: python_round_trip(port)}
        timed(transpile)                             # warm-up (and the .py files for the baseline)
        runs: dict[str, list[tuple[float, float]]] = {m: [] for m in modes}
        names = list(modes)
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:       # rotated order
                runs[name].append(timed(modes[name]))
    print(f"transpile, {args.rounds} rounds, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rate = {}
    for name, results in runs.items():
        wall = statistics.median(w for w, _ in results)
        cpu = statistics.median(c for _, c in results)
        rate[name] = lines / cpu
        print(f"  {name:<22} {lines:,} lines in {args.files} files: {lines / wall:>9,.0f} lines/s wall, "
              f"{lines / cpu:>9,.0f} lines/s cpu")
    print(f"  transpile = {rate['transpile'] / rate['python ast round trip']:.2f}x Python's own parse + unparse "
          f"of the output")
    value = rate["transpile"] / TARGET
    print(f"RATIO|transpile|lines/s cpu / {TARGET:,}|{value:.2f}|>= 1.0|{'ok' if value >= 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
