"""MIME benchmark: "parse the headers + decode Subject and From" on 2 KB messages, in messages/s,
against the standard library's header parser doing the same (the baseline, measured in the same run).

    python benchmarks/bench_mime.py [--messages 3000]

Target: > 6,000 messages/s.  Then "parse the body" (Message, HTML, attachments) on the mixed corpus
(benchmarks/mailcorpus.py): wlmail's parser (multipart cut with bytes.find) against the same
walk over the standard library's compat32 tree, in the same run."""
from __future__ import annotations

import argparse
import email.parser
import email.policy
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from wlmail.runtime.email import mime  # noqa: E402
from wlmail.runtime.email.mime import ParsedMessage  # noqa: E402

MESSAGE = (
    b"Received: from mx.example.org by imap.example.com; Tue, 12 Mar 2024 10:15:00 +0100\r\n"
    b"From: =?UTF-8?Q?Fr=C3=A9d=C3=A9ric_Dupont?= <frederic.dupont@example.org>\r\n"
    b"To: Bob Martin <bob@example.com>\r\n"
    b"Subject: =?UTF-8?B?UsOpdW5pb24gZGUgc3VpdmkgOiBwbGFubmluZyBkdSB0cm9pc2nDqG1lIHRyaW1lc3RyZQ==?=\r\n"
    b"Date: Tue, 12 Mar 2024 10:14:57 +0100\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    + b"Bonjour =C3=A0 tous,\r\n" * 100
)[:2048]


def rate(read_headers, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        read_headers(MESSAGE)
    return n / (time.perf_counter() - start)


def wlmail_headers(data: bytes):
    p = ParsedMessage(data)
    return p.subject, p.sender


_STDLIB = email.parser.BytesHeaderParser(policy=email.policy.default)


def stdlib_headers(data: bytes):
    m = _STDLIB.parsebytes(data)
    return str(m["Subject"]), str(m["From"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    n = parser.parse_args().messages
    assert wlmail_headers(MESSAGE)[0] == stdlib_headers(MESSAGE)[0]
    wl, base = rate(wlmail_headers, n), rate(stdlib_headers, n)
    print(f"headers: wlmail {wl:,.0f} messages/s (target > 6,000), stdlib policy=default {base:,.0f} "
          f"messages/s, ratio {wl / base:.1f}x")
    bodies(n)


def bodies(n: int) -> None:
    from mailcorpus import messages
    corpus = list(messages(n))

    def run(parse_message) -> float:
        saved = mime._parse_message
        mime._parse_message = parse_message
        try:
            start = time.perf_counter()
            for data in corpus:
                mime._parse_body(data)
            return n / (time.perf_counter() - start)
        finally:
            mime._parse_message = saved
    stdlib = email.parser.BytesParser(policy=email.policy.compat32)
    wl, base = run(mime._parse_message), run(stdlib.parsebytes)
    print(f"bodies (mixed corpus): wlmail {wl:,.0f} messages/s, same walk over the stdlib compat32 tree "
          f"{base:,.0f} messages/s, ratio {wl / base:.2f}x")


if __name__ == "__main__":
    main()
