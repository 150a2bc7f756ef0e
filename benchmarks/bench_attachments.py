"""A message with 10,000 attachments: read it and save every attachment from WLangage
(local Maildir, in-process `wlmail run`), against the stdlib parser alone on the same bytes.

    python benchmarks/bench_attachments.py [--parts 10000]
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import email
import email.policy
import io
import pathlib
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from wlmail.cli import main as wlmail  # noqa: E402

SCRIPT = """
s est un emailSessionIMAP
s.AdresseServeur = "x"
EmailOuvreSession(s)
m est un Email
EmailLitPremier(s, m)
n est un entier = 0
POUR TOUT Piece DE m.Attache
    SI {save} ALORS n++
FIN
Trace(n)
"""


def message(parts: int) -> bytes:
    out = ['From: a@example.test\r\nSubject: many\r\nMIME-Version: 1.0\r\n'
           'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nx\r\n']
    payload = base64.b64encode(b"attachment").decode()
    for i in range(parts):
        out.append(f'--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; '
                   f'filename="../f{i}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n{payload}\r\n')
    out.append("--B--\r\n")
    return "".join(out).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parts", type=int, default=10_000)
    args = ap.parse_args()
    data = message(args.parts)
    t = time.perf_counter()
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    n = sum(1 for p in msg.walk() if p.get_filename())
    baseline = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as d:
        box, rep = pathlib.Path(d, "box"), pathlib.Path(d, "rep")
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True)
        rep.mkdir()
        (box / "cur" / "1.bench:2,").write_bytes(data)
        timings = {}
        for label, save in (("read every name", 'Piece.Nom <> ""'),
                            ("read + save all", f'EmailSauveFichierAttaché(Piece, "{rep}/" + Piece.Nom)')):
            script = pathlib.Path(d, "bench.wl")
            script.write_text(SCRIPT.format(save=save), encoding="utf-8")
            out = io.StringIO()
            t = time.perf_counter()
            with contextlib.redirect_stdout(out):
                code = wlmail(["run", "--mailbox", str(box), str(script)])
            timings[label] = (time.perf_counter() - t, code, out.getvalue().strip())
        saved = len(list(rep.iterdir()))
    print(f"{args.parts} attachments ({len(data) / 1e6:.1f} MB); stdlib parse alone {baseline:.2f} s ({n} parts)")
    for label, (elapsed, code, out) in timings.items():
        print(f"  {label}: {elapsed:.2f} s (exit {code}, {out} parts), {elapsed / baseline:.1f}x the stdlib parse")
    print(f"  files written in the folder: {saved}")


if __name__ == "__main__":
    main()
