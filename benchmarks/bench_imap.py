"""IMAP benchmark: wlmail's WLangage mail loops against raw imapclient, on a real Dovecot.

    python benchmarks/bench_imap.py [--messages 10000] [--also 50000]

Starts its own Dovecot on 127.0.0.1 (tests/servers), seeds N messages of about 2 KB by
writing Maildir files, then measures, each mode in a fresh process (for its peak memory):
  (a) wlmail  `POUR TOUT m DE s` reading Sujet and Expéditeur
  (b) wlmail  `EmailLitPremier` / `EmailLitSuivant` loop reading Sujet and Expéditeur
  (c) raw imapclient fetching every message in batches of 500 (the baseline)
  (d) raw imapclient, one FETCH per message (what a naive port does)
Targets (issue 3): (a) and (b) at least 0.5x the baseline's messages/s; peak memory under
150 MB and not growing with the mailbox size.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "servers"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from memory import peak_mb  # noqa: E402

# The session part of every benchmark script ({session}: the WLangage session type).
OPEN_SESSION = """
s est un {session}
s.AdresseServeur = "{host}"
s.Port = {port}
s.Nom = "{user}"
s.MotDePasse = "{password}"
SI PAS EmailOuvreSession(s) ALORS
    Erreur(ErreurInfo())
    RETOUR
FIN
n est un entier
longueur est un entier
"""

LOOP_POUR_TOUT = OPEN_SESSION + """
POUR TOUT m DE s
    n++
    longueur += Taille(m.Sujet) + Taille(m.Expéditeur)
FIN
Trace(n, longueur)
EmailFermeSession(s)
"""

LOOP_LIT_SUIVANT = OPEN_SESSION + """
m est un Email
EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    longueur += Taille(m.Sujet) + Taille(m.Expéditeur)
    EmailLitSuivant(s, m)
FIN
Trace(n, longueur)
EmailFermeSession(s)
"""


def measure(mode: str, host: str, port: int, user: str, password: str) -> dict:
    """Runs in a child process: one mode, its wall time and the process's peak RSS."""
    import contextlib
    import io
    t0 = time.perf_counter()
    if mode in ("a", "b"):
        from wlmail.compiler import compile_source
        from wlmail.runtime.support import run_main
        source = (LOOP_POUR_TOUT if mode == "a" else LOOP_LIT_SUIVANT).format(
            session="emailSessionIMAP", host=host, port=port, user=user, password=password)
        module, _ = compile_source(source, f"bench_{mode}.wl")
        ns = {"__name__": "bench"}
        exec(compile(module, f"bench_{mode}.wl", "exec"), ns)
        out = io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = run_main(ns["main"], filename=f"bench_{mode}.wl")
        count = int(out.getvalue().split()[0]) if code == 0 else 0
    else:
        from imapclient import IMAPClient
        t0 = time.perf_counter()
        c = IMAPClient(host, port=port, ssl=False)
        c.login(user, password)
        c.select_folder("INBOX", readonly=True)
        uids = c.search("ALL")
        count = 0
        batch = 500 if mode == "c" else 1
        for i in range(0, len(uids), batch):
            data = c.fetch(uids[i:i + batch], ["BODY.PEEK[]"])
            count += len(data)
        c.logout()
    elapsed = time.perf_counter() - t0
    return {"mode": mode, "count": count, "seconds": elapsed, "peak_mb": peak_mb()}


def run_child(mode, info, user, password) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, info["host"], str(info["imap"]), user, password],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def bench(info, n: int, modes="abcd") -> dict:
    from seed import make_msg, seed_messages
    user = f"t_bench_{os.getpid()}_{n}"
    t0 = time.perf_counter()
    seed_messages(info, user, [make_msg(i, to=f"{user}@example.test") for i in range(n)])
    print(f"\n{n:,} messages seeded in {time.perf_counter() - t0:.1f} s")
    results = {}
    for mode in modes:
        r = run_child(mode, info, user, info["test_password"])
        assert r["count"] == n, r
        results[mode] = r
    base = results["c"]["count"] / results["c"]["seconds"]
    labels = {"a": "(a) wlmail POUR TOUT m DE s", "b": "(b) wlmail EmailLitPremier/Suivant",
              "c": "(c) imapclient, batches of 500", "d": "(d) imapclient, one FETCH each"}
    for mode in modes:
        r = results[mode]
        rate = r["count"] / r["seconds"]
        print(f"  {labels[mode]:<36} {r['seconds']:6.2f} s  {rate:8,.0f} msg/s  "
              f"{rate / base:5.2f}x baseline  peak {r['peak_mb']:5.0f} MB")
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--also", type=int, default=50_000, help="second mailbox size (0: skip)")
    parser.add_argument("--child", nargs=5, metavar=("MODE", "HOST", "PORT", "USER", "PASSWORD"))
    args = parser.parse_args()
    if args.child:
        mode, host, port, user, password = args.child
        print(json.dumps(measure(mode, host, int(port), user, password)))
        return
    from harness import MailServers
    servers = MailServers()
    info = servers.start()
    try:
        print(f"wlmail IMAP benchmark: Dovecot on {info['host']}:{info['imap']}, 2 KB messages")
        bench(info, args.messages)
        if args.also:
            bench(info, args.also, modes="abc")
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
