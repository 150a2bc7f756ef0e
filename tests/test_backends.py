"""The protocol backends against real servers on 127.0.0.1 (Dovecot, aiosmtpd) and the
local backend against temporary Maildirs/mbox files.  No protocol is mocked."""
from __future__ import annotations

import email
import mailbox
import os
import re
import socket
import threading
import time

import pytest

from seed import make_msg, seed_maildir, seed_messages

from wlmail.runtime.email.backends.base import (ERR_ACCESS_DENIED, ERR_BAD_ADDRESS, ERR_CONNECT,
                                                ERR_HOST_NOT_FOUND, ERR_NETWORK, ERR_NO_MESSAGE,
                                                ERR_PROTOCOL, ERR_REFUSED, ERR_TIMEOUT, ERR_UNKNOWN,
                                                ERR_UNKNOWN_RECIPIENT, Credentials, MailError)
from wlmail.runtime.email.backends.imap import ImapBackend
from wlmail.runtime.email.backends.local import LocalBackend
from wlmail.runtime.email.backends.pop3 import Pop3Backend
from wlmail.runtime.email.backends.smtp import SmtpBackend


def msg(i: int, subject: str | None = None, body: str = "hello") -> bytes:
    subject = subject if subject is not None else f"message {i}"
    return (f"From: Sender <sender@example.test>\r\nTo: rcpt@example.test\r\nSubject: {subject}\r\n"
            f"Message-ID: <m{i}@example.test>\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\n\r\n"
            f"{body} {i}\r\n").encode()


def mid(data: bytes) -> str:
    return email.message_from_bytes(data)["Message-ID"]


def creds(ms, port_key, user, password="testpw", security="plain", **kw):
    if security == "plain" and port_key in ("imaps", "pop3s", "smtps"):
        security = "tls"
    kw.setdefault("cafile", ms["cafile"])
    kw.setdefault("timeout", 10)
    return Credentials(ms["host"], ms[port_key], user, password, security=security, **kw)


def imap(ms, user, **kw):
    b = ImapBackend(creds(ms, kw.pop("port_key", "imap"), user, **kw))
    b.open()
    return b


def pop3(ms, user, **kw):
    b = Pop3Backend(creds(ms, kw.pop("port_key", "pop3"), user, **kw))
    b.open()
    return b


def raises(code, fn, *args):
    with pytest.raises(MailError) as ei:
        r = fn(*args)
        if hasattr(r, "__next__"):
            list(r)
    assert ei.value.code == code, (ei.value.code, ei.value.message)
    assert "testpw" not in ei.value.message and "secret" not in ei.value.message
    return ei.value


def kick(ms, user):
    """Make Dovecot drop every session of `user` (server side)."""
    ms["doveadm"]("kick", user)
    time.sleep(0.3)


# ====================================================================== local backend

def test_local_maildir_ids_fetch_flags(tmp_path):
    md = tmp_path / "Mail"
    seed_maildir(str(md), [msg(i) for i in range(1, 6)], seen_flags=[True, False, "S", "", "F"],
                 owner=(os.getuid(), os.getgid()))
    before = {p.name: p.read_bytes() for p in (md / "cur").iterdir()}
    b = LocalBackend(md)
    b.open()
    assert b.ids() == [1, 2, 3, 4, 5]
    assert [mid(m.data) for m in b.fetch(b.ids())] == [f"<m{i}@example.test>" for i in range(1, 6)]
    assert b.ids(unseen_only=True) == [2, 4, 5]
    got = list(b.fetch([5, 1, 42], headers_only=True))
    assert [m.id for m in got] == [5, 1]
    assert got[0].data.endswith(b"\r\n\r\n") and b"hello" not in got[0].data and not got[0].complete
    assert got[0].flags == ("\\Flagged",) and got[1].flags == ("\\Seen",)
    assert got[0].size == len(msg(5))
    # reading changed nothing on disk
    assert {p.name: p.read_bytes() for p in (md / "cur").iterdir()} == before
    b.set_seen([2], True)
    assert b.flags(2) == ["\\Seen"] and b.ids(unseen_only=True) == [4, 5]
    b.set_seen([2], False)
    assert b.ids(unseen_only=True) == [2, 4, 5]
    raises(ERR_NO_MESSAGE, b.flags, 99)
    b.close()


def test_local_delete_expunge_exact_message(tmp_path):
    md = tmp_path / "Mail"
    seed_maildir(str(md), [msg(i) for i in range(1, 5)], owner=(os.getuid(), os.getgid()))
    contents = {p.read_bytes() for p in (md / "cur").iterdir()}
    b = LocalBackend(md)
    b.open()
    b.delete(3)
    assert b.is_deleted(3) and not b.is_deleted(2)
    assert b.ids() == [1, 2, 3, 4]                 # \Deleted only, until expunge
    b.expunge()
    assert b.ids() == [1, 2, 4]
    assert [mid(m.data) for m in b.fetch([1, 2, 3, 4])] == ["<m1@example.test>", "<m2@example.test>",
                                                          "<m4@example.test>"]
    # the remaining files are byte-identical to what was seeded
    assert {p.read_bytes() for p in (md / "cur").iterdir()} == contents - {msg(3)}
    # new mail gets new ids, old ids stay
    b.append("INBOX", msg(9), seen=False)
    assert b.ids() == [1, 2, 4, 5] and b.ids(unseen_only=True) == [1, 2, 4, 5]
    assert mid(next(b.fetch([5])).data) == "<m9@example.test>"


def test_local_folders_copy_send_search(tmp_path):
    b = LocalBackend(tmp_path / "new-maildir")      # created on open
    b.open()
    assert b.list_folders() == ["INBOX"] and b.current_folder() == "INBOX"
    b.append("inbox", msg(1, subject="=?utf-8?q?R=C3=A9sum=C3=A9?= du jour"), seen=True)
    b.append("INBOX", msg(2, body="café au lait"), seen=False)
    b.create_folder("Archives/Été 2024")
    assert b.list_folders() == ["INBOX", "Archives", "Archives/Été 2024"]
    assert (tmp_path / "new-maildir" / ".Archives.&AMk-t&AOk- 2024" / "cur").is_dir()   # Dovecot layout
    raises(ERR_UNKNOWN, b.create_folder, "Archives")
    b.copy(1, "Archives/Été 2024")
    raises(ERR_UNKNOWN, b.copy, 1, "Nope")
    assert b.search(["SUBJECT", "résumé"]) == [1]
    assert b.search(["BODY", "CAFÉ"]) == [2]
    assert b.search(["OR", ["SUBJECT", "résumé"], ["BODY", "café"]]) == [1, 2]
    assert b.search(["FROM", "sender@"], unseen_only=True) == [2]
    assert b.search(["NOT", "SUBJECT", "résumé"]) == [2]
    b.send("me@example.test", ["you@example.test"], msg(3))
    assert "Sent" in b.list_folders()
    b.select_folder("Sent")
    assert b.current_folder() == "Sent" and b.ids() == [1] and b.flags(1) == ["\\Seen"]
    b.select_folder("Archives/Été 2024")
    assert [mid(m.data) for m in b.fetch(b.ids())] == ["<m1@example.test>"] and b.flags(1) == ["\\Seen"]
    raises(ERR_UNKNOWN, b.select_folder, "Missing")
    assert b.current_folder() == "Archives/Été 2024"
    b.delete_folder("Archives/Été 2024")
    assert b.current_folder() == "INBOX" and b.list_folders() == ["INBOX", "Archives", "Sent"]
    raises(ERR_UNKNOWN, b.delete_folder, "INBOX")


def test_local_mbox(tmp_path):
    path = tmp_path / "in.mbox"
    box = mailbox.mbox(str(path))
    for i in range(1, 4):
        box.add(msg(i).replace(b"\r\n", b"\n"))
    box.flush()
    box.close()
    b = LocalBackend(path)
    assert b.supports_folders is False
    b.open()
    assert b.ids() == [1, 2, 3] and b.ids(unseen_only=True) == [1, 2, 3]
    before = [bytes(m.data) for m in b.fetch([1, 3])]
    b.set_seen([2], True)
    assert b.flags(2) == ["\\Seen"] and b.ids(unseen_only=True) == [1, 3]
    assert [bytes(m.data) for m in b.fetch([1, 3])] == before      # untouched neighbours
    b.delete(1)
    b.expunge()
    assert b.ids() == [2, 3]
    raises(ERR_PROTOCOL, b.create_folder, "X")
    b.send("a@example.test", ["b@example.test"], msg(7))
    b.close()
    again = LocalBackend(path)
    again.open()
    assert [mid(m.data) for m in again.fetch(again.ids())] == ["<m2@example.test>", "<m3@example.test>"]
    assert again.flags(1) == ["\\Seen"]
    sent = mailbox.mbox(str(path) + ".Sent")
    assert [m["Message-ID"] for m in sent] == ["<m7@example.test>"]


def test_local_opens_dovecot_maildir_in_uid_order(mailserver, mailbox_user):
    u, _ = mailbox_user
    seed_messages(mailserver, u, [msg(i) for i in range(1, 8)], seen_flags=[i % 3 == 0 for i in range(1, 8)])
    with_imap = imap(mailserver, u)
    try:
        uids = with_imap.ids()
        imap_order = [mid(m.data) for m in with_imap.fetch(uids)]
        imap_unseen = len(with_imap.ids(unseen_only=True))
    finally:
        with_imap.close()
    b = LocalBackend(os.path.join(mailserver["mailroot"], u))     # the home: has a Maildir/ child
    b.open()
    assert [mid(m.data) for m in b.fetch(b.ids())] == imap_order
    assert len(b.ids(unseen_only=True)) == imap_unseen == 5
    assert b.list_folders()[0] == "INBOX"


def test_local_errors(tmp_path):
    f = tmp_path / "junk"
    f.mkdir()
    (f / "file.txt").write_text("x")
    raises(ERR_CONNECT, LocalBackend(f).open)
    raises(19, LocalBackend(tmp_path / "x").ids)


# ====================================================================== IMAP

@pytest.mark.parametrize("port_key,security", [("imap", "plain"), ("imap", "starttls"), ("imaps", "tls")])
def test_imap_login_and_tls_verified(mailserver, mailbox_user, port_key, security):
    b = imap(mailserver, mailbox_user.user, port_key=port_key, security=security)
    try:
        assert b.ids() == [] and b.current_folder() == "INBOX"
        assert {"INBOX", "Sent", "Trash", "Drafts"} <= set(b.list_folders())
        if security != "plain":
            assert b._c._imap.sock.version().startswith("TLS")
    finally:
        b.close()
    b.close()                                         # closing twice is harmless


def test_imap_connect_errors(mailserver, mailbox_user):
    ms, u = mailserver, mailbox_user.user
    e = raises(ERR_ACCESS_DENIED, ImapBackend(creds(ms, "imap", u, "wrong-secret")).open)
    assert u in e.message
    for key, sec in (("imaps", "tls"), ("imap", "starttls")):
        e = raises(ERR_CONNECT, ImapBackend(creds(ms, key, u, security=sec, cafile=None)).open)
        assert "certificate" in e.message and "issuer" in e.message
    b = ImapBackend(creds(ms, "imaps", u, cafile=None, verify=False))
    b.open()
    b.close()
    with socket.socket() as s:                        # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    raises(ERR_REFUSED, ImapBackend(Credentials("127.0.0.1", free, u, "x")).open)
    raises(ERR_HOST_NOT_FOUND, ImapBackend(Credentials("no-such-host.invalid", 143, u, "x")).open)
    with socket.socket() as mute:                     # accepts, never greets
        mute.bind(("127.0.0.1", 0))
        mute.listen()
        e = raises(ERR_TIMEOUT, ImapBackend(Credentials("127.0.0.1", mute.getsockname()[1], u, "x",
                                                        timeout=0.5)).open)
    raises(19, ImapBackend(creds(ms, "imap", u)).ids)


def test_imap_batched_fetch_order_and_flags_untouched(mailserver, mailbox_user):
    u = mailbox_user.user
    n = 1200
    seen = [i % 3 == 0 for i in range(n)]
    seed_messages(mailserver, u, [make_msg(i) for i in range(n)], seen_flags=seen)
    b = imap(mailserver, u)
    try:
        uids = b.ids()
        assert len(uids) == n and uids == sorted(uids)
        unseen = b.ids(unseen_only=True)
        assert unseen == [uid for uid, s in zip(uids, seen) if not s]
        got = list(b.fetch(uids))
        assert [m.id for m in got] == uids
        assert [mid(m.data) for m in got] == [f"<seed.{i}@example.test>" for i in range(n)]
        assert all(m.complete and m.size == len(m.data) for m in got)
        assert [("\\Seen" in b.flags(uid)) for uid in uids[:30]] == seen[:30]
        heads = list(b.fetch(list(reversed(uids[:700])), headers_only=True))
        assert [m.id for m in heads] == list(reversed(uids[:700]))
        assert all(m.data.endswith(b"\r\n\r\n") and not m.complete for m in heads)
        assert b.ids(unseen_only=True) == unseen       # fetching set no \Seen
        assert b.size(uids[5]) == len(make_msg(5))
        assert list(b.fetch([max(uids) + 100])) == []
        raises(ERR_NO_MESSAGE, b.flags, max(uids) + 100)
    finally:
        b.close()
    # server-side proof of batching: the client sent few bytes (3 FETCH of 500 UIDs max + 2 of 500
    # for the headers), not one command per message (1,900 commands would be > 50 KB)
    time.sleep(0.2)
    lines = [ln for ln in open(mailserver["log"], errors="replace") if f"imap({u})" in ln and "in=" in ln]
    assert lines, "no logout line in the Dovecot log"
    bytes_in = int(re.search(r"\bin=(\d+)", lines[-1]).group(1))
    assert bytes_in < 30000, lines[-1]


def test_imap_flags_delete_expunge_copy(mailserver, mailbox_user):
    u = mailbox_user.user
    seed_messages(mailserver, u, [msg(i) for i in range(1, 6)])
    b = imap(mailserver, u)
    try:
        uids = b.ids()
        assert b.ids(unseen_only=True) == uids
        b.set_seen(uids[:2], True)
        assert b.ids(unseen_only=True) == uids[2:] and "\\Seen" in b.flags(uids[0])
        b.set_seen([uids[0]], False)
        assert b.ids(unseen_only=True) == [uids[0]] + uids[2:]
        b.delete(uids[2])
        assert b.is_deleted(uids[2]) and not b.is_deleted(uids[1])
        assert b.count() == 5
        b.copy(uids[3], "Trash")
        raises(ERR_UNKNOWN, b.copy, uids[3], "Does/Not/Exist")
        b.expunge()
        assert b.ids() == [uids[0], uids[1], uids[3], uids[4]] and b.count() == 4
        assert b.is_deleted(uids[2])
        assert [mid(m.data) for m in b.fetch(uids)] == [f"<m{i}@example.test>" for i in (1, 2, 4, 5)]
        assert b.search(["SUBJECT", "message 4"]) == [uids[3]]
        assert b.search(["SUBJECT", "message"], unseen_only=True) == [uids[0], uids[3], uids[4]]
        b.select_folder("Trash")
        assert b.current_folder() == "Trash"
        trash = b.ids()
        assert [mid(m.data) for m in b.fetch(trash)] == ["<m4@example.test>"]
        e = raises(ERR_UNKNOWN, b.select_folder, "Nowhere")
        assert "Nowhere" in e.message
        assert b.current_folder() == "Trash" and b.ids() == trash      # still usable, same folder
        b.select_folder("inbox")
        assert b.current_folder() == "INBOX"
        b.append("INBOX", msg(9), seen=False)
        assert len(b.ids()) == 5 and len(b.ids(unseen_only=True)) == 4
    finally:
        b.close()


def test_imap_non_ascii_folders_round_trip(mailserver, mailbox_user):
    u = mailbox_user.user
    b = imap(mailserver, u)
    try:
        b.create_folder("Reçus/Été 2024")
        b.create_folder("日本語 & co")
        folders = b.list_folders()
        assert "Reçus/Été 2024" in folders and "日本語 & co" in folders and folders[0] == "INBOX"
        b.append("Reçus/Été 2024", msg(1, subject="=?utf-8?q?d=C3=A9j=C3=A0_vu?="), seen=False)
        b.select_folder("Reçus/Été 2024")
        assert b.current_folder() == "Reçus/Été 2024"
        ids = b.ids(unseen_only=True)
        assert len(ids) == 1 and b.search(["SUBJECT", "déjà"]) == ids
        b.copy(ids[0], "日本語 & co")
        b.select_folder("日本語 & co")
        assert len(b.ids()) == 1
        b.delete_folder("日本語 & co")                 # the current folder: falls back to INBOX
        assert b.current_folder() == "INBOX" and "日本語 & co" not in b.list_folders()
    finally:
        b.close()
    # on disk, Dovecot stored the modified UTF-7 name
    names = os.listdir(os.path.join(mailserver["mailroot"], u, "Maildir"))
    assert ".Re&AOc-us.&AMk-t&AOk- 2024" in names
    # and the local backend reads the same folder back
    lb = LocalBackend(os.path.join(mailserver["mailroot"], u, "Maildir"))
    lb.open()
    assert "Reçus/Été 2024" in lb.list_folders()


def test_imap_connection_dropped_mid_session(mailserver, mailbox_user):
    u = mailbox_user.user
    seed_messages(mailserver, u, [msg(1)])
    b = imap(mailserver, u)
    assert len(b.ids()) == 1
    kick(mailserver, u)
    raises(ERR_NETWORK, b.ids)
    raises(ERR_NETWORK, b.fetch, [1])                 # still a clean error afterwards
    b.close()                                          # never raises
    # the client-side socket vanishing is the same error
    b = imap(mailserver, u)
    b._c._imap.sock.shutdown(socket.SHUT_RDWR)
    raises(ERR_NETWORK, b.count)
    b.close()


# ====================================================================== POP3

@pytest.mark.parametrize("port_key,security", [("pop3", "plain"), ("pop3", "starttls"), ("pop3s", "tls")])
def test_pop3_login_and_fetch(mailserver, mailbox_user, port_key, security):
    u = mailbox_user.user
    seed_messages(mailserver, u, [msg(i) for i in range(1, 4)] + [make_msg(7)])
    b = pop3(mailserver, u, port_key=port_key, security=security)
    try:
        assert b.ids() == [1, 2, 3, 4] and b.count() == 4
        full = list(b.fetch([4, 1, 99]))
        assert [m.id for m in full] == [4, 1]
        assert full[0].data == make_msg(7) and full[1].data == msg(1) and full[1].complete
        assert full[1].size == len(msg(1))
        heads = list(b.fetch([2], headers_only=True))
        assert heads[0].data == msg(2)[:msg(2).index(b"\r\n\r\n") + 4] and not heads[0].complete
        assert b.size(4) == len(make_msg(7))
    finally:
        b.close()


def test_pop3_long_lines_and_dot_stuffing(mailserver, mailbox_user):
    u = mailbox_user.user
    body = b"x" * 5000 + b"\r\n.starts with a dot\r\n.\r\n..two\r\n"
    data = b"Subject: long\r\n\r\n" + body
    seed_messages(mailserver, u, [data])
    b = pop3(mailserver, u)
    try:
        assert next(b.fetch([1])).data == data
    finally:
        b.close()


def test_pop3_snapshot_and_dele_at_quit(mailserver, mailbox_user):
    u = mailbox_user.user
    seed_messages(mailserver, u, [msg(i) for i in range(1, 5)])
    b = pop3(mailserver, u)
    seed_messages(mailserver, u, [msg(5)])              # arrives during the session
    assert b.count() == 4 and b.ids() == [1, 2, 3, 4]
    b.delete(2)
    b.delete(2)                                         # idempotent
    assert b.is_deleted(2) and not b.is_deleted(3) and b.is_deleted(99)
    assert b.count() == 4 and b.ids() == [1, 3, 4]
    assert [m.id for m in b.fetch([1, 2, 3])] == [1, 3]
    raises(ERR_NO_MESSAGE, b.delete, 99)
    # not yet committed: another client still sees it
    other = imap(mailserver, u)
    try:
        assert len(other.ids()) == 5
    finally:
        other.close()
    b.close()                                           # QUIT commits
    b = pop3(mailserver, u)
    try:
        assert b.count() == 4
        assert [mid(m.data) for m in b.fetch(b.ids())] == [f"<m{i}@example.test>" for i in (1, 3, 4, 5)]
    finally:
        b.close()


def test_pop3_broken_connection_close_does_not_commit(mailserver, mailbox_user):
    u = mailbox_user.user
    seed_messages(mailserver, u, [msg(i) for i in range(1, 4)])
    b = pop3(mailserver, u)
    b.delete(1)
    kick(mailserver, u)
    raises(ERR_NETWORK, b.fetch, [2])
    b.close()                                           # no QUIT possible, no exception
    b = pop3(mailserver, u)
    try:
        assert b.count() == 3                           # the DELE was never committed
    finally:
        b.close()


def test_pop3_no_flags_no_folders(mailserver, mailbox_user):
    u = mailbox_user.user
    seed_messages(mailserver, u, [msg(1)])
    b = pop3(mailserver, u)
    try:
        assert b.supports_flags is False and b.supports_folders is False
        raises(ERR_PROTOCOL, b.ids, True)
        raises(ERR_PROTOCOL, b.flags, 1)
        raises(ERR_PROTOCOL, b.set_seen, [1], True)
        raises(ERR_PROTOCOL, b.search, ["SUBJECT", "x"])
        raises(ERR_PROTOCOL, b.select_folder, "INBOX")
        raises(ERR_PROTOCOL, b.list_folders)
        raises(ERR_PROTOCOL, b.copy, 1, "Trash")
        raises(ERR_PROTOCOL, b.expunge)
    finally:
        b.close()


def test_pop3_errors(mailserver, mailbox_user):
    ms, u = mailserver, mailbox_user.user
    raises(ERR_ACCESS_DENIED, Pop3Backend(creds(ms, "pop3", u, "bad-secret")).open)
    e = raises(ERR_CONNECT, Pop3Backend(creds(ms, "pop3s", u, cafile=None)).open)
    assert "certificate" in e.message


# ====================================================================== SMTP

def smtp(ms, port_key, user="bob", password="bobpw", security="plain", **kw):
    b = SmtpBackend(creds(ms, port_key, user, password, security=security, **kw))
    b.open()
    return b


def captured(ms, n_before):
    return ms["smtp_capture"].messages[n_before:]


@pytest.mark.parametrize("port_key,security,password,auth,tls", [
    ("smtp", "plain", "", False, False),
    ("smtp", "plain", "bobpw", True, False),
    ("smtp", "starttls", "bobpw", True, True),
    ("smtp", "starttls", "", False, True),
    ("smtps", "tls", "bobpw", True, True),
    ("smtp_auth", "starttls", "bobpw", True, True),
    ("smtp_noauth", "plain", "bobpw", False, False),    # password given, no AUTH offered: sent anyway
])
def test_smtp_send_variants(mailserver, port_key, security, password, auth, tls):
    n = len(mailserver["smtp_capture"].messages)
    b = smtp(mailserver, port_key, password=password, security=security)
    try:
        b.send("bob@example.test", ["carol@example.test", "Dave <dave@example.test>"], msg(1))
    finally:
        b.close()
    got = captured(mailserver, n)
    assert len(got) == 1
    assert got[0]["rcpt_tos"] == ["carol@example.test", "dave@example.test"]
    assert got[0]["mail_from"] == "bob@example.test"
    assert got[0]["auth"] is auth and got[0]["tls"] is tls
    assert got[0]["data"] == msg(1)


def test_smtp_delivery_reaches_imap_and_8bit(mailserver, mailbox_user):
    u = mailbox_user.user
    data = "Subject: =?utf-8?q?caf=C3=A9?=\nContent-Type: text/plain; charset=utf-8\n" \
           "Content-Transfer-Encoding: 8bit\n\nd\u00e9j\u00e0 vu\n.\n".encode()
    n = len(mailserver["smtp_capture"].messages)
    b = smtp(mailserver, "smtp", security="starttls")
    b.send("bob@example.test", [f"{u}@example.test"], data)
    b.close()
    got = captured(mailserver, n)[0]
    assert "BODY=8BITMIME" in got["mail_options"]
    assert got["data"] == data.replace(b"\n", b"\r\n")            # CRLF on the wire, dot kept
    i = imap(mailserver, u)
    try:
        ids = i.search(["SUBJECT", "café"])
        assert len(ids) == 1 and next(i.fetch(ids)).data.endswith("déjà vu\r\n.\r\n".encode())
    finally:
        i.close()


def test_smtp_errors(mailserver):
    ms = mailserver
    n = len(ms["smtp_capture"].messages)
    raises(ERR_ACCESS_DENIED, SmtpBackend(creds(ms, "smtp", "bob", "wrong-secret")).open)
    raises(ERR_ACCESS_DENIED, SmtpBackend(creds(ms, "smtps", "bob", "wrong-secret")).open)
    b = smtp(ms, "smtp_auth", password="", security="starttls")          # AUTH required, none given
    raises(ERR_ACCESS_DENIED, b.send, "bob@example.test", ["carol@example.test"], msg(1))
    b.close()
    e = raises(ERR_CONNECT, SmtpBackend(creds(ms, "smtps", "bob", "bobpw", cafile=None)).open)
    assert "certificate" in e.message
    e = raises(ERR_CONNECT, SmtpBackend(creds(ms, "smtp", "bob", "bobpw", security="starttls",
                                              cafile=None)).open)
    raises(ERR_PROTOCOL, SmtpBackend(creds(ms, "smtp_noauth", "bob", "", security="starttls")).open)
    b = smtp(ms, "smtp")
    try:
        e = raises(ERR_UNKNOWN_RECIPIENT, b.send, "bob@example.test", ["unknown.user@example.test"], msg(1))
        assert "unknown.user@example.test" in e.message and "550" in e.message
        raises(ERR_BAD_ADDRESS, b.send, "bob@example.test", ["not an address"], msg(1))
        raises(ERR_BAD_ADDRESS, b.send, "bob@example.test", [], msg(1))
        raises(ERR_BAD_ADDRESS, b.send, "bad sender", ["carol@example.test"], msg(1))
        assert len(captured(ms, n)) == 0
        # one refused among several: sent once to the others, and reported
        e = raises(ERR_UNKNOWN_RECIPIENT, b.send, "bob@example.test",
                   ["carol@example.test", "refused@example.test"], msg(2))
        assert "refused@example.test" in e.message
        got = captured(ms, n)
        assert len(got) == 1 and got[0]["rcpt_tos"] == ["carol@example.test"]
        # the session is still usable
        b.send("bob@example.test", ["carol@example.test"], msg(3))
        assert len(captured(ms, n)) == 2
    finally:
        b.close()


def test_smtp_reconnects_idle_connection_and_sends_once(mailserver):
    n = len(mailserver["smtp_capture"].messages)
    b = smtp(mailserver, "smtp", security="starttls")
    b._s.sock.shutdown(socket.SHUT_RDWR)          # the connection died while idle
    b.send("bob@example.test", ["carol@example.test"], msg(1))
    b.close()
    assert [m["data"] for m in captured(mailserver, n)] == [msg(1)]


class DroppingSMTP:
    """A raw SMTP server that takes the whole DATA and then closes without answering."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.data_commands = 0
        self.connections = 0
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn, conn.makefile("rb") as f:
                conn.sendall(b"220 drop.test ESMTP\r\n")
                for line in f:
                    cmd = line[:4].upper()
                    if cmd == b"EHLO":
                        conn.sendall(b"250-drop.test\r\n250 8BITMIME\r\n")
                    elif cmd == b"DATA":
                        self.data_commands += 1
                        conn.sendall(b"354 go\r\n")
                        for body in f:
                            if body == b".\r\n":
                                break
                        break                               # drop the connection, no reply
                    elif cmd == b"QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    else:
                        conn.sendall(b"250 ok\r\n")

    def close(self):
        self.sock.close()


def test_smtp_connection_dropped_during_data_is_not_resent():
    srv = DroppingSMTP()
    try:
        b = SmtpBackend(Credentials("127.0.0.1", srv.port, "bob", "", timeout=5))
        b.open()
        raises(ERR_NETWORK, b.send, "bob@example.test", ["carol@example.test"], msg(1))
        time.sleep(0.1)
        assert srv.data_commands == 1 and srv.connections == 1
        raises(19, b.send, "bob@example.test", ["carol@example.test"], msg(1))
        b.close()
    finally:
        srv.close()


def test_credentials_repr_has_no_password(mailserver):
    c = creds(mailserver, "imap", "t_x", "sup3r-secret")
    for obj in (c, ImapBackend(c), Pop3Backend(c), SmtpBackend(c)):
        assert "sup3r-secret" not in repr(obj)
