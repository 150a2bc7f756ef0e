"""`wlmail check` throughput on several shapes of code, its linearity, memory and a 1 MB literal.

    python benchmarks/bench_check.py [--lines 20000] [--rounds 3]

Shapes: generated SI blocks, loops, declarations, long expressions, the generated mail
corpus (benchmarks/corpus.py) and, when present, the help-mirror blocks
(benchmarks/corpus/mirror/*.wl, git-ignored: the blocks that compile).  One warm-up, then
ROUNDS rounds in rotated order; wall and CPU medians.  Baseline from the same run: CPython
compiling the Python that wlmail generates for the same input (`compile()` only).
Targets (issue 11): >= 20,000 lines/s on every shape, linear (4x the input within 1.3x the
time per line), <= 1 KB of memory per source line, a 1 MB string literal under 0.5 s.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import io
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import corpus  # noqa: E402

from wlmail.cli import main as wlmail  # noqa: E402
from wlmail.compiler import compile_source  # noqa: E402


def shape_if(lines: int) -> str:
    block = ("SI n{i} > 10 ALORS\n    n{i} = n{i} - 1\nSINON SI n{i} = 3 _ET_ b{i} ALORS\n"
             "    Trace(\"trois\")\nSINON\n    n{i}++\nFIN\n")
    head = "".join(f"n{i} est un entier = {i}\nb{i} est un booléen = Vrai\n" for i in range(50))
    return head + "".join(block.format(i=i % 50) for i in range(lines // 7))


def shape_loops(lines: int) -> str:
    block = ("POUR i{i} = 1 _À_ 10\n    total += i{i}\nFIN\nTANTQUE total > 100\n    total = total / 2\n"
             "FIN\nPOUR TOUT s{i} DE tab\n    total += Taille(s{i})\nFIN\n")
    return "total est un entier\ntab est un tableau de chaînes\n" + \
        "".join(block.format(i=i) for i in range(lines // 9))


def shape_declarations(lines: int) -> str:
    kinds = ("entier = 1", "chaîne = \"abc\"", "réel = 1.5", "booléen = Faux", "tableau de chaînes",
             "Date", "entier", "chaîne")
    return "".join(f"v{i} est un {kinds[i % len(kinds)]}\n" for i in range(lines))


def shape_expressions(lines: int) -> str:
    line = 'r{i} est une chaîne = Majuscule(a + " " + b) + (x * 3 + y / 2 - (x - y) * 7) + Gauche(a, 2) + ' \
           '[" - ", b] + Milieu(b, 1 + x % 3, 4)\n'
    return "a, b sont des chaînes\nx, y sont des entiers\n" + "".join(line.format(i=i) for i in range(lines))


def mirror_blocks() -> list[str]:
    texts = []
    for f in sorted((HERE / "corpus" / "mirror").glob("*.wl")):
        text = f.read_text(encoding="utf-8", errors="replace")
        try:
            compile_source(text, f.name)
        except Exception:
            continue
        texts.append(text)
    return texts


def check(texts: list[str], folder: pathlib.Path) -> tuple[float, float]:
    """(wall, cpu) of `wlmail check` on files holding `texts`."""
    for old in folder.glob("*.wl"):
        old.unlink()
    for i, text in enumerate(texts):
        (folder / f"f{i:05}.wl").write_text(text, encoding="utf-8")
    out = io.StringIO()
    w0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out):
        code = wlmail(["check", str(folder)])
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    assert code == 0, out.getvalue()[-2000:]
    return wall, cpu


def python_compile(texts: list[str]) -> float:
    modules = [compile_source(t, "x.wl")[0] for t in texts]
    sources = [ast.unparse(m) for m in modules]
    t0 = time.process_time()
    for s in sources:
        compile(s, "x.py", "exec")
    return time.process_time() - t0


def peak_memory(text: str) -> int:
    """Peak RSS (KB) of a fresh `wlmail check` of `text`."""
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d, "big.wl")
        path.write_text(text, encoding="utf-8")
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) parent across exec
        code = ("import sys, contextlib, io\nfrom wlmail.cli import main\n"
                "with contextlib.redirect_stdout(io.StringIO()): main(['check', sys.argv[1]])\n"
                "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))")
        out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                             env=dict(os.environ, PYTHONPATH=str(HERE.parent)))
        return int(out.stdout.split()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    n = args.lines
    shapes = {"SI blocks": [shape_if(n)], "loops": [shape_loops(n)], "declarations": [shape_declarations(n)],
              "long expressions": [shape_expressions(n)], "mail corpus": [corpus(n)]}
    mirror = mirror_blocks()
    if mirror:
        shapes["help mirror"] = mirror
    print(f"check, {args.rounds} rounds, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as d:
        folder = pathlib.Path(d)
        check(["Trace(1)\n"], folder)                                  # warm-up: grammar, runtime names
        results = {name: [] for name in shapes}
        names = list(shapes)
        for r in range(args.rounds):
            for name in names[r % len(names):] + names[:r % len(names)]:
                results[name].append(check(shapes[name], folder))
        worst = None
        for name, texts in shapes.items():
            lines = sum(t.count("\n") for t in texts)
            wall = statistics.median(w for w, _ in results[name])
            cpu = statistics.median(c for _, c in results[name])
            base = python_compile(texts)
            rate = lines / cpu
            worst = rate if worst is None else min(worst, rate)
            print(f"  {name:<17} {lines:>7,} lines in {len(texts):>4} file(s): {lines / wall:>8,.0f} lines/s wall, "
                  f"{rate:>8,.0f} lines/s cpu;  CPython compile() of the output {lines / base:>9,.0f} lines/s "
                  f"(wlmail = {base / cpu:.2f}x)")
        small, large = shape_expressions(n // 4), shape_expressions(n)
        t_small = min(check([small], folder)[1] for _ in range(2)) / small.count("\n")
        t_large = min(check([large], folder)[1] for _ in range(2)) / large.count("\n")
        literal = 's est une chaîne = "' + "x" * 1_000_000 + '"\nTrace(Taille(s))\n'
        t_literal = min(check([literal], folder)[1] for _ in range(2))
    big = corpus(n)
    lines = big.count("\n")
    full, empty = peak_memory(big), peak_memory("Trace(1)\n")
    per_line = (full - empty) * 1024 / lines
    print(f"  linearity: time per line at {n:,} lines / at {n // 4:,} lines = {t_large / t_small:.2f}x")
    print(f"  memory: {per_line:,.0f} bytes per source line (peak RSS {full:,} KB for {lines:,} lines, "
          f"{empty:,} KB for one line)")
    print(f"  1 MB string literal: {t_literal:.3f} s cpu")
    for label, measure, x, target in (
            ("check, slowest shape", "lines/s / 20,000", worst / 20_000, 1.0),
            ("check, linearity", "1.3 / (4x input per-line time)", 1.3 / (t_large / t_small), 1.0),
            ("check, memory per line", "1 KB / bytes per line", 1024 / max(per_line, 1), 1.0),
            ("check, 1 MB string literal", "0.5 s / time", 0.5 / t_literal, 1.0)):
        print(f"RATIO|{label}|{measure}|{x:.2f}|>= {target}|{'ok' if x >= target else 'MISSED'}")
    print(f"targets: >= 20,000 lines/s on every shape: worst {worst:,.0f} "
          f"({'met' if worst >= 20_000 else 'NOT met'}); "
          f"linear: {'met' if t_large / t_small <= 1.3 else 'NOT met'}; <= 1 KB/line: "
          f"{'met' if per_line <= 1024 else 'NOT met'}; 1 MB literal < 0.5 s: {'met' if t_literal < 0.5 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
