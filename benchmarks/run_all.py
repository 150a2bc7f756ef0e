"""Every wlmail benchmark, one after the other, then one table of the ratios they report
(lines "RATIO|what|measure|value|target|ok"):  python benchmarks/run_all.py"""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent

SCRIPTS = (("bench_startup.py",), ("bench_check.py",), ("bench_language.py",), ("bench_mime.py",),
           ("bench_imap.py", "--maildir", "10000,50000,1000000"), ("bench_pop3_smtp.py",), ("bench_transpile.py",), ("bench_repl.py",), ("bench_attachments.py",),
           ("bench_corpus.py", "--no-report"))

ratios = []
for script, *args in SCRIPTS:
    if (HERE / script).exists():
        print(f"==> {script}", flush=True)
        proc = subprocess.Popen([sys.executable, str(HERE / script), *args], stdout=subprocess.PIPE, text=True)
        for line in proc.stdout:
            print(line, end="", flush=True)
            if line.startswith("RATIO|"):
                ratios.append(line.rstrip("\n").split("|")[1:])
        proc.wait()

if ratios:
    print("\n== ratios (one run) ==")
    for what, measure, value, target, verdict in ((r + [""] * 5)[:5] for r in ratios):
        print(f"  {what:<48} {measure:<30} {value:>7}  target {target:<7} {verdict}")
