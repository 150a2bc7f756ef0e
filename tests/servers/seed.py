"""Fast mailbox seeding by writing Maildir files directly (stdlib only).

Usable from tests (``from seed import seed_messages`` once tests/servers is on sys.path,
which tests/conftest.py arranges) and from benchmarks (``sys.path.insert(0, "tests/servers")``).

* `seed_maildir(path, messages, seen_flags=False, owner=None)` fills any Maildir (the local
  backend's, or a Dovecot one);
* `seed_messages(mailserver, user, messages, seen_flags=False)` fills the INBOX (or
  ``folder=``) of a user of the test Dovecot; the server may be running: Dovecot picks the
  files up at the next SELECT/STAT and numbers them (UIDs) in the given order;
* `make_msg(i)` is the 2 KB test message of the reference benchmarks.

File names are ``<secs>.M<usecs>P<pid>Q<n>.<host>:2,<flags>`` with strictly increasing
timestamps and mtimes, so Dovecot (which sorts new files by the time in the name) and
the local backend (which sorts by mtime) both keep the list order.
"""
from __future__ import annotations

import email.utils
import os
import pwd
import socket
import time
from typing import Sequence

__all__ = ["make_msg", "seed_maildir", "seed_messages", "ensure_maildir", "maildir_path"]

_seq = 0


def make_msg(i: int, to: str = "alice@example.test") -> bytes:
    """About 2 KB: 8-bit UTF-8 body, RFC 2047 encoded From and Subject."""
    body = ("Ligne %05d du message de test wlmail, contenu répété pour remplir ~2 Ko. éàç\r\n" % i) * 20
    hdr = (f"From: =?utf-8?q?Exp=C3=A9diteur_{i % 50}?= <sender{i % 50}@example.test>\r\n"
           f"To: {to}\r\nSubject: =?utf-8?q?Test_n=C2=B0{i}_r=C3=A9sum=C3=A9?=\r\n"
           f"Date: {email.utils.formatdate(1700000000 + i * 60)}\r\nMessage-ID: <seed.{i}@example.test>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n")
    return (hdr + body).encode()


def _owner(owner):
    """(uid, gid) to chown to, or None. owner: None (nobody when root), a name, or (uid, gid)."""
    if isinstance(owner, tuple):
        return owner
    if os.getuid() != 0:
        return None
    pw = pwd.getpwnam(owner or "nobody")
    return pw.pw_uid, pw.pw_gid


def ensure_maildir(path: str, owner=None) -> str:
    """Create path/{cur,new,tmp} (and missing parents' ownership for the mail user)."""
    ids = _owner(owner)
    created = []
    p = os.path.abspath(path)
    probe = p
    while not os.path.exists(probe):
        created.append(probe)
        probe = os.path.dirname(probe)
    for sub in ("cur", "new", "tmp"):
        d = os.path.join(p, sub)
        if not os.path.isdir(d):
            os.makedirs(d, exist_ok=True)
            created.append(d)
    if ids:
        for d in created:
            try:
                os.chown(d, *ids)
            except FileNotFoundError:
                pass
    return p


def seed_maildir(path: str, messages: Sequence[bytes], seen_flags=False, owner=None,
                 base_time: int | None = None) -> list[str]:
    """Write `messages` into the Maildir at `path` (created if needed), oldest first.

    seen_flags: a bool for all messages, or one entry per message: a bool (seen or not)
    or a string of Maildir flag letters ("S" seen, "T" deleted, "F" flagged, "R" answered).
    Returns the file paths written."""
    global _seq
    ids = _owner(owner)
    ensure_maildir(path, owner)
    n = len(messages)
    if isinstance(seen_flags, (bool, int)) or seen_flags is None:
        flags = ["S" if seen_flags else ""] * n
    else:
        flags = ["S" if f is True else "" if f is False or f is None else "".join(sorted(set(f)))
                 for f in seen_flags]
        if len(flags) != n:
            raise ValueError(f"seen_flags has {len(flags)} entries for {n} messages")
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072")
    pid = os.getpid()
    t0 = int(base_time if base_time is not None else time.time()) - n - 1
    out = []
    for i, (data, fl) in enumerate(zip(messages, flags)):
        _seq += 1
        secs = t0 + i
        name = f"{secs}.M{_seq % 1000000}P{pid}Q{_seq}.{host}"
        tmp = os.path.join(path, "tmp", name)
        dest = os.path.join(path, "cur", f"{name}:2,{fl}")
        with open(tmp, "wb") as f:
            f.write(data)
        os.utime(tmp, (secs, secs))
        if ids:
            os.chown(tmp, *ids)
        os.rename(tmp, dest)
        out.append(dest)
    return out


def maildir_path(mailserver, user: str, folder: str = "INBOX") -> str:
    """The Maildir of `folder` for `user` of the test Dovecot (Maildir++ layout)."""
    root = os.path.join(str(mailserver["dir"]), "mail", user, "Maildir")
    if folder.upper() == "INBOX":
        return root
    from imapclient import imap_utf7
    return os.path.join(root, "." + ".".join(imap_utf7.encode(p).decode() for p in folder.split("/")))


def seed_messages(mailserver, user: str, messages: Sequence[bytes], seen_flags=False,
                  folder: str = "INBOX") -> list[str]:
    """Seed the test Dovecot mailbox of `user` (files owned by the mail user)."""
    path = maildir_path(mailserver, user, folder)
    owner = mailserver.get("mailowner") if isinstance(mailserver, dict) else None
    ensure_maildir(maildir_path(mailserver, user), owner)
    if folder.upper() != "INBOX":
        ensure_maildir(path, owner)
        mf = os.path.join(path, "maildirfolder")
        if not os.path.exists(mf):
            open(mf, "wb").close()
            ids = _owner(owner)
            if ids:
                os.chown(mf, *ids)
    return seed_maildir(path, messages, seen_flags, owner)
