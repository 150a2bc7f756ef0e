"""A realistic generated mail corpus for the mail benchmarks (deterministic for a given seed).

    messages(n, seed=1)         the mixed corpus: 40% text/plain, 25% text+HTML, 15% HTML only,
                                20% with an attachment of 1 KB to 5 MB (mostly small); non-ASCII
                                subjects and names; about 1% broken messages
    big_messages(n, size)       text + one attachment of `size` bytes each (the "unread
                                attachments" mailbox)
    small_message(i)            a few hundred bytes (the million-message Maildir)

Messages are written by hand (not with `email.message`) so that generating 50,000 of them
takes seconds, and so that their exact shape is under control.
"""
from __future__ import annotations

import base64
import email.utils
import random

__all__ = ["messages", "big_messages", "small_message", "KINDS"]

KINDS = ("plain", "alternative", "html", "attachment", "broken")

_NAMES = ["Frédéric Dupont", "Zoë Müller", "Björn Åkesson", "Ana Peña", "Jean Martin", "Łukasz Żak",
          "Ólafur Þórsson", "Chloé Lefèvre", "李雷", "Иван Петров", "Bob Smith", "Søren Kierkegaard"]
_WORDS = ("réunion facture planning trimestre équipe client commande livraison été hôtel "
          "résumé budget projet relance urgent contrat révision déjà café naïve").split()
_BLOB = base64.b64encode(random.Random(7).randbytes(3 * 1024 * 1024 // 4 * 3 + 3))   # about 3 MB of base64


def _q(text: str) -> str:
    """RFC 2047 encoded word (B) when needed."""
    if text.isascii():
        return text
    return "=?UTF-8?B?" + base64.b64encode(text.encode()).decode() + "?="


def _addr(rng: random.Random, k: int) -> str:
    name = _NAMES[k % len(_NAMES)]
    return f"{_q(name)} <user{k}@example{k % 7}.test>"


def _headers(rng: random.Random, i: int, ctype: str) -> str:
    subject = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 9))) + f" n°{i}"
    return (f"Return-Path: <user{i % 97}@example.test>\r\n"
            f"Received: from mx{i % 5}.example.test (mx{i % 5}.example.test [192.0.2.{i % 250}])\r\n"
            f"\tby imap.example.test with ESMTPS id {i:08x}; {email.utils.formatdate(1700000000 + i * 61)}\r\n"
            f"From: {_addr(rng, i % 53)}\r\nTo: {_addr(rng, i % 11 + 100)}\r\n"
            f"Subject: {_q(subject)}\r\nDate: {email.utils.formatdate(1700000000 + i * 60)}\r\n"
            f"Message-ID: <corpus.{i}@example.test>\r\nMIME-Version: 1.0\r\n{ctype}\r\n")


def _text(rng: random.Random, lines: int) -> str:
    return "".join(" ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 12))) + "\r\n" for _ in range(lines))


def _qp(text: str) -> str:
    out = []
    for ch in text.encode():
        out.append(chr(ch) if 32 <= ch < 127 and ch != 61 or ch in (13, 10) else f"={ch:02X}")
    return "".join(out)


def _html(text: str) -> str:
    paras = "".join(f"<p>{line}</p>\r\n" for line in text.split("\r\n") if line)
    return f"<html><head><meta charset=\"utf-8\"></head><body>\r\n{paras}</body></html>\r\n"


def _plain_part(text: str) -> str:
    return "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + _qp(text)


def _html_part(text: str) -> str:
    return "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + _html(text)


def _attachment_size(rng: random.Random) -> int:
    """1 KB to 5 MB, heavily skewed to small (median about 2 KB)."""
    return int(1024 * 5120 ** (rng.random() ** 6))


def _attachment_part(rng: random.Random, i: int, size: int) -> str:
    name = rng.choice(["facture", "relevé", "compte-rendu", "photo été", "données"]) + f" {i}"
    ext, ctype = rng.choice([(".pdf", "application/pdf"), (".jpg", "image/jpeg"), (".xlsx", "application/vnd."
                             "openxmlformats-officedocument.spreadsheetml.sheet"), (".zip", "application/zip")])
    b64 = (_BLOB * (1 + size * 4 // 3 // len(_BLOB)))[: (size + 2) // 3 * 4].decode()
    lines = "\r\n".join(b64[k:k + 76] for k in range(0, len(b64), 76))
    return (f"Content-Type: {ctype}; name=\"{_q(name + ext)}\"\r\nContent-Transfer-Encoding: base64\r\n"
            f"Content-Disposition: attachment; filename=\"{_q(name + ext)}\"\r\n\r\n{lines}\r\n")


def _multipart(kind: str, boundary: str, parts: list[str]) -> str:
    return "".join(f"--{boundary}\r\n{p}\r\n" for p in parts) + f"--{boundary}--\r\n"


def one(rng: random.Random, i: int, kind: str, attachment_size: int | None = None) -> bytes:
    text = _text(rng, rng.randint(5, 40))
    boundary = f"=_b{i:x}_{rng.getrandbits(32):08x}"
    if kind == "plain":
        return (_headers(rng, i, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit")
                + "\r\n" + text).encode()
    if kind == "html":
        return (_headers(rng, i, "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit")
                + "\r\n" + _html(text)).encode()
    if kind == "alternative":
        return (_headers(rng, i, f'Content-Type: multipart/alternative; boundary="{boundary}"') + "\r\n"
                + _multipart(kind, boundary, [_plain_part(text), _html_part(text)])).encode()
    if kind == "attachment":
        size = attachment_size if attachment_size is not None else _attachment_size(rng)
        inner = f"=_a{i:x}_{rng.getrandbits(32):08x}"
        first = _plain_part(text) if rng.random() < 0.6 else (
            f'Content-Type: multipart/alternative; boundary="{inner}"\r\n\r\n'
            + _multipart(kind, inner, [_plain_part(text), _html_part(text)]))
        return (_headers(rng, i, f'Content-Type: multipart/mixed; boundary="{boundary}"') + "\r\n"
                + "This is a multi-part message in MIME format.\r\n\r\n"
                + _multipart(kind, boundary, [first, _attachment_part(rng, i, size)])).encode()
    # broken: each one a different fault real mailboxes hold
    fault = i % 4
    if fault == 0:      # closing boundary missing
        return (_headers(rng, i, f'Content-Type: multipart/mixed; boundary="{boundary}"') + "\r\n"
                + f"--{boundary}\r\n" + _plain_part(text)).encode()
    if fault == 1:      # bad base64 and an unknown charset
        return (_headers(rng, i, "Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64")
                + "\r\n" + "SGVsbG8gd29ybGQ@@@!!\r\n").encode()
    if fault == 2:      # raw 8-bit Latin-1 header and body, no MIME headers
        return (f"From: Müller <m{i}@example.test>\r\nSubject: Relevé d'été {i}\r\n"
                f"Date: {email.utils.formatdate(1700000000 + i * 60)}\r\n\r\n{text}").encode("latin-1", "replace")
    return (_headers(rng, i, "Content-Type: multipart/alternative") + "\r\n" + text).encode()   # no boundary


def messages(n: int, seed: int = 1):
    """The mixed corpus, as a generator of RFC 822 bytes."""
    rng = random.Random(seed)
    for i in range(n):
        r = rng.random()
        kind = ("broken" if r < 0.01 else "plain" if r < 0.40 else "alternative" if r < 0.65
                else "html" if r < 0.80 else "attachment")
        yield one(rng, i, kind)


def big_messages(n: int, size: int = 5 * 1024 * 1024, seed: int = 2):
    """Each: headers, a text/plain part and one attachment of `size` bytes."""
    rng = random.Random(seed)
    for i in range(n):
        yield one(rng, i, "attachment", attachment_size=size)


def small_message(i: int) -> bytes:
    return (f"From: {_q(_NAMES[i % len(_NAMES)])} <u{i % 97}@example.test>\r\nTo: box@example.test\r\n"
            f"Subject: {_q('Relevé n°' + str(i))}\r\nDate: {email.utils.formatdate(1700000000 + i)}\r\n"
            f"Message-ID: <m.{i}@example.test>\r\n\r\nBonjour {i}\r\n").encode()
