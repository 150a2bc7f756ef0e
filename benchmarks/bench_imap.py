"""IMAP benchmark: wlmail's mail loops against Python programs doing exactly the same work,
on a real Dovecot (127.0.0.1), with a realistic corpus (benchmarks/mailcorpus.py).

    python benchmarks/bench_imap.py [--messages 5000] [--rounds 3] [--big 20] [--memory 10000,50000]
                                    [--maildir 10000,50000,1000000]

Each mode runs in a fresh process; the order of modes is rotated every round; one untimed
warm-up pass (the socket floor) runs first.  Wall and CPU time of the client are the median of
the rounds.  Modes, for the body loop (reads Sujet, Expéditeur, DateRéception and Message):
  wl-body    wlmail  POUR TOUT m DE s
  wl-cursor  wlmail  EmailLitPremier / EmailLitSuivant and the global Email structure
  user-body  imapclient, batches of 500 BODY.PEEK[], email policy.default, get_body()
  best-body  imapclient, batches of 500 BODY.PEEK[], compat32 parser, decode_header, text parts
  raw-body   imapclient, batches of 500 BODY.PEEK[], unparsed (upper bound)
  floor      one raw-socket `UID FETCH 1:* BODY.PEEK[]` (Dovecot + socket, nothing parsed)
and for the header loop (reads Sujet, Expéditeur, DateRéception):
  wl-head    wlmail  POUR TOUT m DE s
  best-head  imapclient, batches of 500 BODY.PEEK[HEADER], BytesHeaderParser compat32 + decode_header
  raw-head   imapclient, batches of 500 BODY.PEEK[HEADER], unparsed
The "big" mailbox holds messages with a 5 MB attachment that the loop does not read.
`--maildir N[,N...]` reads an N-message Maildir with the local backend (header loop): peak memory
(the largest must stay under 100 MB) and, given two sizes or more, the growth between the first two.
Every ratio line starts with "RATIO|" for run_all.py.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "servers"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from memory import peak_mb  # noqa: E402
from wlrun import run_wl  # noqa: E402

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

LOOP_HEAD = OPEN_SESSION + """
POUR TOUT m DE s
    n++
    longueur += Taille(m.Sujet) + Taille(m.Expéditeur) + Taille("" + m.DateRéception)
FIN
Trace(n, longueur)
EmailFermeSession(s)
"""

LOOP_BODY = LOOP_HEAD.replace("Taille(m.Expéditeur)", "Taille(m.Expéditeur) + Taille(m.Message)")

# the same work with the cursor functions and the global Email structure, as legacy code reads mail
LOOP_CURSOR = OPEN_SESSION + """
EmailLitPremier(s)
TANTQUE PAS Email.EnDehors
    n++
    longueur += Taille(Email.Sujet) + Taille(Email.Expéditeur) + Taille(Email.Message) + Taille("" + Email.DateRéception)
    EmailLitSuivant(s)
FIN
Trace(n, longueur)
EmailFermeSession(s)
"""
LOOP_POUR_TOUT = LOOP_HEAD          # kept for bench_pop3_smtp.py

BATCH = 500



# ------------------------------------------------------------------ the baselines

def _client(host, port, user, password):
    from imapclient import IMAPClient
    c = IMAPClient(host, port=port, ssl=False)
    c.login(user, password)
    c.select_folder("INBOX", readonly=True)
    return c, c.search("ALL")


def _batches(c, uids, item):
    key = item.replace(".PEEK", "").encode()
    for i in range(0, len(uids), BATCH):
        for uid, data in c.fetch(uids[i:i + BATCH], [item]).items():
            yield data[key]


def _decode(value) -> str:
    from email.header import decode_header
    out = []
    for chunk, charset in decode_header(str(value or "")):
        if isinstance(chunk, bytes):
            try:
                chunk = chunk.decode(charset or "ascii", "replace")
            except LookupError:
                chunk = chunk.decode("utf-8", "replace")
        out.append(chunk)
    return "".join(out)


def _date(value) -> str:
    import email.utils
    try:
        return str(email.utils.parsedate_to_datetime(value)) if value else ""
    except (TypeError, ValueError, IndexError):
        return ""


def _best_text(msg) -> str:
    """The text parts (not attachments) of a compat32 message, decoded: what a careful engineer writes."""
    texts = []
    for part in msg.walk():
        if part.get_content_type() != "text/plain" or part.get_filename() or \
                (part.get("Content-Disposition") or "").lower().startswith("attachment"):
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            texts.append(payload.decode(part.get_content_charset() or "utf-8", "replace"))
        except LookupError:
            texts.append(payload.decode("utf-8", "replace"))
    return "\r\n".join(texts)


def baseline(mode, host, port, user, password) -> int:
    if mode == "floor":
        return socket_floor(host, port, user, password)
    c, uids = _client(host, port, user, password)
    n = length = 0
    if mode == "raw-body" or mode == "raw-head":
        for data in _batches(c, uids, "BODY.PEEK[]" if mode == "raw-body" else "BODY.PEEK[HEADER]"):
            n += 1
    elif mode == "best-head":
        from email.parser import BytesHeaderParser
        from email import policy
        p = BytesHeaderParser(policy=policy.compat32)
        for data in _batches(c, uids, "BODY.PEEK[HEADER]"):
            m = p.parsebytes(data)
            length += len(_decode(m["Subject"])) + len(_decode(m["From"])) + len(_date(m["Date"]))
            n += 1
    elif mode == "best-body":
        from email.parser import BytesParser
        from email import policy
        p = BytesParser(policy=policy.compat32)
        for data in _batches(c, uids, "BODY.PEEK[]"):
            m = p.parsebytes(data)
            length += (len(_decode(m["Subject"])) + len(_decode(m["From"])) + len(_date(m["Date"]))
                       + len(_best_text(m)))
            n += 1
    elif mode == "user-body":
        from email.parser import BytesParser
        from email import policy
        p = BytesParser(policy=policy.default)
        for data in _batches(c, uids, "BODY.PEEK[]"):
            m = p.parsebytes(data)
            try:
                part = m.get_body(preferencelist=("plain",))
                text = part.get_content() if part is not None else ""
            except Exception:
                text = ""
            try:
                date = str(m["Date"].datetime)
            except Exception:
                date = ""
            length += len(str(m["Subject"])) + len(str(m["From"])) + len(date) + len(text)
            n += 1
    c.logout()
    return n


def socket_floor(host, port, user, password) -> int:
    """One UID FETCH 1:* BODY.PEEK[] on a plain socket, read to the tagged OK: nothing parsed."""
    s = socket.create_connection((host, port))
    f = s.makefile("rb")
    f.readline()

    def command(tag, text):
        s.sendall(f"{tag} {text}\r\n".encode())
        end = f"{tag} ".encode()
        count = 0
        while True:
            chunk = f.readline()
            if not chunk:
                raise ConnectionError("closed")
            if chunk.startswith(b"* ") and b" FETCH " in chunk[:40]:
                count += 1
            if chunk.startswith(end):
                return count
            if chunk.endswith(b"}\r\n") and b"{" in chunk:
                f.read(int(chunk[chunk.rindex(b"{") + 1:-3]))

    command("a1", f'LOGIN "{user}" "{password}"')
    command("a2", "EXAMINE INBOX")
    n = command("a3", "UID FETCH 1:* BODY.PEEK[]")
    command("a4", "LOGOUT")
    s.close()
    return n


# ------------------------------------------------------------------ measuring

def measure(mode: str, host: str, port: int, user: str, password: str) -> dict:
    """Runs in a child process: one mode, its wall and CPU time, the process's peak RSS."""
    t0, c0 = time.perf_counter(), time.process_time()
    if mode == "wl-body":
        n, wall, cpu = run_wl(LOOP_BODY.format(session="emailSessionIMAP", host=host, port=port, user=user,
                                    password=password), "bench_body.wl")
    elif mode == "wl-cursor":
        n, wall, cpu = run_wl(LOOP_CURSOR.format(session="emailSessionIMAP", host=host, port=port, user=user,
                                      password=password), "bench_cursor.wl")
    elif mode == "wl-head":
        n, wall, cpu = run_wl(LOOP_HEAD.format(session="emailSessionIMAP", host=host, port=port, user=user,
                                    password=password), "bench_head.wl")
    elif mode == "wl-maildir":
        n, wall, cpu = run_wl(LOOP_HEAD.format(session="emailSessionIMAP", host="offline", port=993, user="u",
                                    password="p"), "bench_maildir.wl", mailbox=host)
    else:
        n = baseline(mode, host, port, user, password)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"mode": mode, "count": n, "wall": wall, "cpu": cpu, "peak_mb": peak_mb()}


def child(mode, host, port, user, password) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, host, str(port), user, password],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def rounds(modes, info, user, rounds_n: int, expect: int) -> dict:
    args = (info["host"], info["imap"], user, info["test_password"])
    child("floor", *args)                                   # warm-up: Dovecot's index and page cache
    runs: dict = {m: [] for m in modes}
    for r in range(rounds_n):
        order = modes[r % len(modes):] + modes[:r % len(modes)]
        for mode in order:
            res = child(mode, *args)
            assert res["count"] == expect, res
            runs[mode].append(res)
    return {m: {"wall": statistics.median(x["wall"] for x in v), "cpu": statistics.median(x["cpu"] for x in v),
                "peak_mb": max(x["peak_mb"] for x in v), "count": expect} for m, v in runs.items()}


def table(title: str, res: dict, n: int) -> None:
    print(f"\n{title}   (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    for mode, r in res.items():
        print(f"  {mode:<10} wall {r['wall']:7.2f} s {n / r['wall']:9,.0f} msg/s   cpu {r['cpu']:7.2f} s   "
              f"peak {r['peak_mb']:5.0f} MB")


def ratio(label: str, res: dict, a: str, b: str, target: float) -> None:
    x = res[b]["wall"] / res[a]["wall"]
    ok = "ok" if x >= target else "MISSED"
    print(f"  {label}: CPU time {res[b]['cpu'] / res[a]['cpu']:.2f}x (steadier than wall on a busy machine)")
    print(f"RATIO|{label}|{a} / {b}|{x:.2f}|>= {target}|{ok}")


def seed(info, name: str, msgs) -> tuple[str, int]:
    from seed import seed_messages
    user = f"t_bench_{name}_{os.getpid()}"
    msgs = list(msgs)
    seed_messages(info, user, msgs)
    return user, len(msgs)


def maildir_peak(n: int, rounds_n: int) -> float:
    """A header loop over an n-message Maildir, local backend: peak memory of the process
    (the highest of the rounds), wall and CPU time (medians)."""
    from mailcorpus import small_message
    from seed import seed_maildir
    with tempfile.TemporaryDirectory(prefix="wlmail-bench-") as d:
        t0 = time.perf_counter()
        step = 50_000
        for i in range(0, n, step):
            seed_maildir(d, [small_message(k) for k in range(i, min(n, i + step))], base_time=1_700_000_000 + i)
        print(f"\n{n:,}-message Maildir written in {time.perf_counter() - t0:.0f} s")
        runs = [child("wl-maildir", d, 0, "u", "p") for _ in range(rounds_n)]
        assert all(r["count"] == n for r in runs), runs
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        print(f"  wl-maildir header loop, median of {rounds_n}: wall {wall:.1f} s, {n / wall:,.0f} msg/s, "
              f"cpu {cpu:.1f} s, {n / cpu:,.0f} msg/s, peak {peak:.1f} MB "
              f"(rounds: {', '.join('%.1f' % r['peak_mb'] for r in runs)})   "
              f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
        return peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=int, default=20, help="messages with a 5 MB attachment (0: skip)")
    parser.add_argument("--memory", default="10000,50000", help="mailbox sizes for the memory check ('': skip)")
    parser.add_argument("--maildir", default="", help="Maildir sizes for the local backend check ('': skip)")
    parser.add_argument("--modes", default="", help="comma-separated subset of the mixed-corpus modes")
    parser.add_argument("--child", nargs=5, metavar=("MODE", "HOST", "PORT", "USER", "PASSWORD"))
    args = parser.parse_args()
    if args.child:
        mode, host, port, user, password = args.child
        print(json.dumps(measure(mode, host, int(port), user, password)))
        return
    from harness import MailServers
    from mailcorpus import big_messages, messages, small_message
    servers = MailServers()
    info = servers.start()
    try:
        print(f"wlmail IMAP benchmark: Dovecot on {info['host']}:{info['imap']}, {os.cpu_count()} CPUs")
        if args.messages:
            user, n = seed(info, "mixed", messages(args.messages))
            modes = ["wl-body", "wl-cursor", "user-body", "best-body", "raw-body", "wl-head", "best-head", "raw-head",
                     "floor"]
            if args.modes:
                modes = [m for m in modes if m in args.modes.split(",")]
            res = rounds(modes, info, user, args.rounds, n)
            table(f"mixed corpus, {n:,} messages, median of {args.rounds} rounds", res, n)
            for label, a, b, target in (("body loop vs best hand-written", "wl-body", "best-body", 1.2),
                                        ("EmailLitSuivant body loop vs best hand-written", "wl-cursor", "best-body", 1.2),
                                        ("body loop vs policy.default", "wl-body", "user-body", 1.0),
                                        ("header loop vs unparsed header fetch", "wl-head", "raw-head", 0.9),
                                        ("header loop vs best hand-written", "wl-head", "best-head", 1.0)):
                if a in res and b in res:
                    ratio(label, res, a, b, target)
        if args.big:
            user, n = seed(info, "big", big_messages(args.big))
            res = rounds(["wl-body", "wl-cursor", "best-body", "raw-body"], info, user, args.rounds, n)
            table(f"{n} messages with a 5 MB attachment, loop reads text only", res, n)
            ratio("body loop, unread 5 MB attachments vs best", res, "wl-body", "best-body", 5.0)
            ratio("EmailLitSuivant loop, unread 5 MB attachments vs best", res, "wl-cursor", "best-body", 5.0)
        sizes = [int(x) for x in args.memory.split(",") if x.strip()]
        if sizes:
            peaks = {}
            for size in sizes:
                user, n = seed(info, f"mem{size}", (small_message(i) for i in range(size)))
                peaks[size] = child("wl-head", info["host"], info["imap"], user, info["test_password"])["peak_mb"]
                print(f"\nheader loop over {size:,} messages: peak {peaks[size]:.1f} MB")
            growth = peaks[sizes[-1]] - peaks[sizes[0]]
            print(f"RATIO|memory growth {sizes[0]:,} -> {sizes[-1]:,} msgs (MB)|2 / growth|"
                  f"{2 / max(growth, 0.01):.2f}|>= 1.0|{'ok' if growth < 2 else 'MISSED'}  ({growth:+.1f} MB)")
    finally:
        servers.stop()
    sizes = [int(x) for x in args.maildir.split(",") if x.strip() and int(x)]
    if sizes:
        peaks = [maildir_peak(n, args.rounds) for n in sizes]
        if len(sizes) > 1:
            growth = peaks[1] - peaks[0]
            print(f"RATIO|Maildir memory growth {sizes[0]:,} -> {sizes[1]:,} msgs (MB)|2 / growth|"
                  f"{2 / max(growth, 0.01):.2f}|>= 1.0|{'ok' if growth < 2 else 'MISSED'}  ({growth:+.1f} MB)")
        n, peak = max(zip(sizes, peaks))
        print(f"RATIO|Maildir {n:,} msgs header loop peak MB|100 / peak|{100 / peak:.2f}|>= 1.0|"
              f"{'ok' if peak < 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
