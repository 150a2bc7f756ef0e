"""Every wlmail benchmark, one after the other: python benchmarks/run_all.py"""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent

SCRIPTS = (("bench_startup.py",), ("bench_check.py",), ("bench_language.py",), ("bench_mime.py",), ("bench_imap.py",), ("bench_pop3_smtp.py",),
           ("bench_transpile.py",), ("bench_repl.py",), ("bench_attachments.py",),
           ("bench_corpus.py", "--no-report"))

for script, *args in SCRIPTS:
    if (HERE / script).exists():
        print(f"==> {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *args], check=False)
