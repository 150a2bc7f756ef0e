"""Transpile benchmark: `wlmail transpile` and `wlmail report` of a generated 50,000-line tree, in lines/s.

    python benchmarks/bench_transpile.py [--lines 50000] [--files 100]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import pathlib
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import corpus  # noqa: E402

from wlmail.syntax.parser import _lark  # noqa: E402
from wlmail.report import report  # noqa: E402
from wlmail.transpile import transpile_paths  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--files", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        src = pathlib.Path(d, "src")
        per_file = corpus(args.lines // args.files)
        for i in range(args.files):
            f = src / f"module{i // 10}" / f"traitement{i}.wl"
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(per_file, encoding="utf-8")
        lines = per_file.count("\n") * args.files
        _lark()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            status = transpile_paths(str(src), str(pathlib.Path(d, "port")))
        elapsed = time.perf_counter() - t0
        assert status == 0
        written = sum(1 for _ in pathlib.Path(d, "port").rglob("*.py"))
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            report([str(src)], fmt="json")
        report_elapsed = time.perf_counter() - t0
    print(f"transpile: {lines:,} lines in {args.files} files -> {written} .py files in {elapsed:.2f} s "
          f"= {lines / elapsed:,.0f} lines/s")
    print(f"report: {lines:,} lines in {report_elapsed:.2f} s = {lines / report_elapsed:,.0f} lines/s")


if __name__ == "__main__":
    main()
