"""Run a WLangage benchmark program in this process and time its loop alone."""
from __future__ import annotations

import contextlib
import io
import time


def run_wl(source: str, name: str, mailbox: str | None = None) -> tuple[int, float, float]:
    """Compile, then run and time the program alone (the count it prints first, wall, CPU):
    compiling is not the loop, as the baselines time only theirs."""
    from wlmail.compiler import compile_source
    from wlmail.runtime.support import run_main
    if mailbox:
        from wlmail.runtime.email import sessions
        sessions.configure(mailbox=mailbox)
    _, compiler = compile_source(source, name)
    ns = {"__name__": "bench"}
    exec(compiler.code, ns)
    out = io.StringIO()
    t0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out):
        code = run_main(ns["main"], filename=name)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if code != 0:
        raise SystemExit(f"{name} failed: {out.getvalue()[-500:]}")
    return int(out.getvalue().split()[0]), wall, cpu
