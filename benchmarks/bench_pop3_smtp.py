"""POP3 and SMTP benchmark: wlmail's WLangage against raw poplib / smtplib, real servers.

    python benchmarks/bench_pop3_smtp.py [--messages 10000] [--send 1000]

Starts Dovecot (POP3) and aiosmtpd on 127.0.0.1 (tests/servers); each mode runs in a
fresh process:
  pop3-wl   wlmail `POUR TOUT m DE s` on an emailSessionPOP3, reading Sujet and Expéditeur
  pop3-raw  raw poplib: RETR of every message (the baseline)
  smtp-wl   wlmail: EmailEnvoieMessage of N messages through one emailSessionSMTP
  smtp-raw  raw smtplib: send_message of the same N messages on one connection (the baseline)
Targets (issue 4): POP3 at least 0.5x the baseline, SMTP at least 0.8x.
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

from bench_imap import LOOP_POUR_TOUT as POP3_LOOP  # noqa: E402  (the same loop, on POP3)

SMTP_SEND = """
s est un emailSessionSMTP
s.AdresseServeur = "{host}"
s.Port = {port}
SI PAS EmailOuvreSession(s) ALORS
    Erreur(ErreurInfo())
    RETOUR
FIN
m est un Email
n est un entier
POUR i = 1 À {count}
    EmailRAZ(m)
    m.Expéditeur = "Bench <bench@example.test>"
    m.Destinataire = "nobody-{user}@example.test"
    m.Sujet = "Message n°" + i + " : résumé"
    m.Message = Répète("Ligne de texte accentuée éàç pour remplir le message." + RC, 30)
    SI EmailEnvoieMessage(s, m) ALORS n++
FIN
Trace(n)
EmailFermeSession(s)
"""


def run_wl(source: str, name: str) -> tuple[int, float]:
    """Compile, then run and time the program alone (as the baselines time only their loop)."""
    import contextlib
    import io
    from wlmail.compiler import compile_source
    from wlmail.runtime.support import run_main
    module, _ = compile_source(source, name)
    ns = {"__name__": "bench"}
    exec(compile(module, name, "exec"), ns)
    out = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = run_main(ns["main"], filename=name)
    elapsed = time.perf_counter() - t0
    return (int(out.getvalue().split()[0]) if code == 0 and out.getvalue() else 0), elapsed


def raw_message(i: int, user: str):
    from email.message import EmailMessage
    m = EmailMessage()
    m["From"] = "Bench <bench@example.test>"
    m["To"] = f"nobody-{user}@example.test"
    m["Subject"] = f"Message n°{i} : résumé"
    m.set_content("Ligne de texte accentuée éàç pour remplir le message.\r\n" * 30)
    return m


def measure(mode: str, host: str, port: int, user: str, password: str, count: int) -> dict:
    t0 = time.perf_counter()
    elapsed = None
    if mode == "pop3-wl":
        n, elapsed = run_wl(POP3_LOOP.format(session="emailSessionPOP3", host=host, port=port, user=user,
                                             password=password), "bench_pop3.wl")
    elif mode == "pop3-raw":
        import poplib
        c = poplib.POP3(host, port)
        c.user(user)
        c.pass_(password)
        n = 0
        for i in range(1, c.stat()[0] + 1):
            c.retr(i)
            n += 1
        c.quit()
    elif mode == "smtp-wl":
        n, elapsed = run_wl(SMTP_SEND.format(host=host, port=port, user=user, count=count), "bench_smtp.wl")
    else:
        import smtplib
        n = 0
        with smtplib.SMTP(host, port) as c:
            for i in range(1, count + 1):
                c.send_message(raw_message(i, user))
                n += 1
    return {"mode": mode, "count": n, "seconds": elapsed if elapsed is not None else time.perf_counter() - t0,
            "peak_mb": peak_mb()}


def child(mode, host, port, user, password, count) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, host, str(port), user, password, str(count)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def report(label_a, a, label_b, b, target):
    ra, rb = a["count"] / a["seconds"], b["count"] / b["seconds"]
    print(f"  {label_a:<34} {a['seconds']:6.2f} s {ra:8,.0f} msg/s  {ra / rb:5.2f}x baseline "
          f"(target >= {target}x)  peak {a['peak_mb']:4.0f} MB")
    print(f"  {label_b:<34} {b['seconds']:6.2f} s {rb:8,.0f} msg/s   1.00x baseline  peak {b['peak_mb']:4.0f} MB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--send", type=int, default=1_000)
    parser.add_argument("--child", nargs=6)
    args = parser.parse_args()
    if args.child:
        mode, host, port, user, password, count = args.child
        print(json.dumps(measure(mode, host, int(port), user, password, int(count))))
        return
    from harness import MailServers
    from seed import make_msg, seed_messages
    servers = MailServers()
    info = servers.start()
    try:
        user, password = f"t_pop3bench_{os.getpid()}", info["test_password"]
        seed_messages(info, user, [make_msg(i, to=f"{user}@example.test") for i in range(args.messages)])
        print(f"wlmail POP3/SMTP benchmark, 127.0.0.1; {args.messages:,} messages of ~2 KB in the POP3 mailbox")
        wl = child("pop3-wl", info["host"], info["pop3"], user, password, 0)
        raw = child("pop3-raw", info["host"], info["pop3"], user, password, 0)
        assert wl["count"] == raw["count"] == args.messages, (wl, raw)
        report("POP3 wlmail POUR TOUT m DE s", wl, "POP3 raw poplib RETR", raw, 0.5)
        print(f"sending {args.send:,} messages of ~1.7 KB through aiosmtpd")
        wl = child("smtp-wl", info["host"], info["smtp"], user, password, args.send)
        raw = child("smtp-raw", info["host"], info["smtp"], user, password, args.send)
        assert wl["count"] == raw["count"] == args.send, (wl, raw)
        report("SMTP wlmail EmailEnvoieMessage", wl, "SMTP raw smtplib send_message", raw, 0.8)
    finally:
        servers.stop()


if __name__ == "__main__":
    main()
