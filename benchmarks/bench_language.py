"""Language benchmark: parse throughput, start-up time, compiled WLangage vs hand-written Python.

    python benchmarks/bench_language.py

Every figure is measured in this run; ratios compare with a baseline from the same run.
Targets (issue 2): parse >= 10,000 lines/s, start-up <= 0.3 s, workload within 2x of Python.
"""
from __future__ import annotations

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

from wlmail.compiler import compile_source  # noqa: E402
from wlmail.runtime.support import run_main  # noqa: E402
from wlmail.syntax import parse  # noqa: E402
from wlmail.syntax.parser import _lark  # noqa: E402

WORKLOAD_WL = """
total est un entier = 0
texte est une chaîne
mots est un tableau de chaînes
POUR i = 1 À 200000
    total += Carre(i % 100)
    SI i % 1000 = 0 ALORS
        texte += "x"
        mots.Ajoute("mot" + i)
    FIN
FIN
POUR TOUT m DE mots
    total += Taille(m)
FIN
n est un entier = 0
TANTQUE n < 100000
    n++
    SI n % 3 = 0 ALORS CONTINUER
    total -= 1
FIN
Trace(total, Taille(texte), mots.Occurrence)

PROCEDURE Carre(LOCAL v est un entier) : entier
RENVOYER v * v
"""


def workload_python():
    def carre(v):
        return v * v
    total = 0
    texte = ""
    mots = []
    for i in range(1, 200001):
        total += carre(i % 100)
        if i % 1000 == 0:
            texte += "x"
            mots.append("mot" + str(i))
    for m in mots:
        total += len(m)
    n = 0
    while n < 100000:
        n += 1
        if n % 3 == 0:
            continue
        total -= 1
    print(total, len(texte), len(mots))


def best_of(fn, runs=5):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def bench_parse(lines=50_000):
    _lark()                                   # grammar load is start-up, not parsing
    text = corpus(lines)
    n = text.count("\n")
    t = best_of(lambda: parse(text), runs=3)
    return n, t


def bench_startup(runs=10):
    # As installed: bytecode cached (pip writes .pyc files; this machine's environment
    # may set PYTHONDONTWRITEBYTECODE, which an installed wlmail does not see).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as d:
        hello = pathlib.Path(d, "hello.wl")
        hello.write_text('Trace("Bonjour")\n', encoding="utf-8")
        times = []
        for i in range(runs + 1):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "wlmail", "run", str(hello)], check=True,
                           stdout=subprocess.DEVNULL, env=env)
            if i:                             # the first run writes the bytecode caches
                times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ in range(runs):
            subprocess.run([sys.executable, "-c", "print('Bonjour')"], check=True, stdout=subprocess.DEVNULL)
        python_startup = (time.perf_counter() - t0) / runs
    return statistics.median(times), python_startup


def bench_workload():
    module, _ = compile_source(WORKLOAD_WL, "workload.wl")
    namespace = {"__name__": "workload"}
    exec(compile(module, "workload.wl", "exec"), namespace)

    def run_wl():
        with contextlib.redirect_stdout(io.StringIO()):
            run_main(namespace["main"], filename="workload.wl")

    def run_py():
        with contextlib.redirect_stdout(io.StringIO()):
            workload_python()

    out_wl, out_py = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out_wl):
        run_main(namespace["main"], filename="workload.wl")
    with contextlib.redirect_stdout(out_py):
        workload_python()
    assert out_wl.getvalue() == out_py.getvalue(), (out_wl.getvalue(), out_py.getvalue())
    return best_of(run_wl), best_of(run_py)


def main():
    print(f"wlmail language benchmark (Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    n, t = bench_parse()
    print(f"parse: {n:,} lines in {t:.2f} s = {n / t:,.0f} lines/s (target >= 10,000)")
    startup, py_startup = bench_startup()
    print(f"start-up: `wlmail run hello.wl` {startup * 1000:.0f} ms "
          f"(bare `python -c` {py_startup * 1000:.0f} ms; target <= 300 ms)")
    wl, py = bench_workload()
    print(f"workload: compiled WLangage {wl * 1000:.0f} ms, hand-written Python {py * 1000:.0f} ms, "
          f"ratio {wl / py:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
