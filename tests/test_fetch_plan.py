"""The IMAP fetch plan: a loop that reads Message/HTML fetches the text parts only and leaves
attachments on the server until the script touches one; what it reads is exactly what the whole
message gives.  Bytes are counted by a loopback proxy in front of the real Dovecot."""
from __future__ import annotations

import base64

import pytest
from faultproxy import FaultProxy

from wlmail.runtime.email import mime
from wlmail.runtime.email.backends.base import Credentials
from wlmail.runtime.email.backends.imap import ImapBackend

from wltest import run_subprocess

BIG = 5 * 1024 * 1024


def _head(i: int, ctype: str) -> str:
    return (f"From: =?UTF-8?Q?Fr=C3=A9d=C3=A9ric?= <f{i}@example.test>\r\nTo: bob@example.test\r\n"
            f"Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9_{i}?=\r\nDate: Tue, 12 Mar 2024 10:14:57 +0100\r\n"
            f"Message-ID: <plan.{i}@example.test>\r\nMIME-Version: 1.0\r\n{ctype}\r\n\r\n")


def _big_message(i: int) -> bytes:
    blob = base64.b64encode(bytes(range(256)) * (BIG // 256)).decode()
    lines = "\r\n".join(blob[k:k + 76] for k in range(0, len(blob), 76))
    return (_head(i, 'Content-Type: multipart/mixed; boundary="XX"')
            + "--XX\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + f"Texte du message {i} : été\r\n"
            + f'--XX\r\nContent-Type: application/pdf; name="relevé {i}.pdf"\r\n'
            + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment\r\n\r\n"
            + lines + "\r\n--XX--\r\n").encode()


# every shape whose text must read the same from the text parts as from the whole message
SHAPES = [
    _head(0, "Content-Type: text/plain; charset=UTF-8") + "Bonjour été\r\n",
    _head(1, 'Content-Type: multipart/alternative; boundary="a1"') +
    "--a1\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    "caf=E9\r\n--a1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>café</p>\r\n--a1--\r\n",
    _head(2, 'Content-Type: multipart/mixed; boundary="m2"') +
    'preamble\r\n--m2\r\nContent-Type: multipart/alternative; boundary="a2"\r\n\r\n'
    "--a2\r\nContent-Type: text/plain\r\n\r\nplain 2\r\n--a2\r\nContent-Type: text/html\r\n\r\n<b>2</b>\r\n--a2--\r\n"
    '\r\n--m2\r\nContent-Type: text/plain; name="notes.txt"\r\n\r\nnot the text\r\n'
    "--m2\r\nContent-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\nnor this\r\n"
    "--m2\r\nContent-Type: text/plain\r\nContent-Disposition: inline\r\n\r\nsecond text\r\n--m2--\r\n",
    _head(3, 'Content-Type: multipart/related; boundary="r3"') +
    "--r3\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + base64.b64encode("<p>é</p>".encode()).decode() + "\r\n"
    "--r3\r\nContent-Type: image/png\r\nContent-ID: <img1>\r\n\r\nPNG\r\n--r3--\r\n",
    _head(4, 'Content-Type: multipart/mixed; boundary="m4"') +
    "--m4\r\n\r\nno part header\r\n--m4\r\nContent-Type: message/rfc822\r\n\r\n"
    "Subject: inner\r\nContent-Type: text/plain\r\n\r\ninner text\r\n--m4--\r\n",
    _head(5, 'Content-Type: multipart/mixed; boundary="m5"') +
    "--m5\r\nContent-Type: text/plain\r\n\r\nclosing boundary missing\r\n",
    _head(6, "Content-Type: multipart/alternative") + "no boundary at all\r\n",
    _head(7, 'Content-Type: multipart/mixed; boundary="m7"') +
    "--m7\r\nContent-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    "SGVsbG8@@@\r\n--m7--\r\n",
]


@pytest.fixture
def imap(mailserver, mailbox_user, seed):
    def open_backend(messages):
        seed(mailbox_user.user, messages)
        b = ImapBackend(Credentials(mailserver["host"], mailserver["imap"], mailbox_user.user,
                                    mailbox_user.password))
        b.open()
        return b
    return open_backend


def test_text_parts_read_like_the_whole_message(imap):
    b = imap([s.encode() for s in SHAPES])
    try:
        ids = list(b.ids())
        whole = {fm.id: fm for fm in b.fetch(ids)}
        partial = list(b.fetch_texts(ids))
    finally:
        b.close()
    assert [fm.id for fm in partial] == ids
    for fm in partial:
        full = mime.ParsedMessage(whole[fm.id].data)
        part = mime.ParsedMessage(fm.data, complete=fm.complete, text_parts=fm.text_parts)
        assert part.has_texts
        assert (part.body.text, part.body.html) == (full.body.text, full.body.html), fm.id
        assert part.subject == full.subject and part.sender == full.sender
    # the multipart shapes came without their attachments
    assert sum(1 for fm in partial if not fm.complete) >= 4


def _script(port, user, password, body: str) -> str:
    return f"""s est un emailSessionIMAP
s.AdresseServeur = "127.0.0.1"
s.Port = {port}
s.Nom = "{user}"
s.MotDePasse = "{password}"
SI PAS EmailOuvreSession(s) ALORS
    Trace("échec", ErreurInfo())
    RETOUR
FIN
{body}
EmailFermeSession(s)
"""


def _run(tmp_path, name: str, port: int, user, body: str, after: str = "", timeout: float | None = None):
    """Write a script (session on `port` as `user`, `body`, the close, then `after`) and run it."""
    path = tmp_path / name
    path.write_text(_script(port, user.user, user.password, body) + after, encoding="utf-8")
    return run_subprocess("run", str(path), **({"timeout": timeout} if timeout else {}))


def test_loop_reading_text_leaves_big_attachments_on_the_server(tmp_path, mailserver, mailbox_user, seed):
    seed(mailbox_user.user, [_big_message(i) for i in range(3)])
    loop = """POUR TOUT m DE s
    Trace(m.Sujet, m.Message)
FIN"""
    with FaultProxy(mailserver["imap"], "cut", after=1 << 40) as meter:
        r = _run(tmp_path, "texts.wl", meter.port, mailbox_user, loop)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == [f"Résumé {i} Texte du message {i} : été" for i in range(3)]
    assert meter.passed < 200_000, meter.passed          # three 5 MB attachments stayed on the server

    touch = """POUR TOUT m DE s
    SI m.Sujet = "Résumé 1" ALORS Trace(m.Message, m.Attache[1].Nom, Taille(m.Attache[1].Contenu))
FIN"""
    with FaultProxy(mailserver["imap"], "cut", after=1 << 40) as meter:
        r = _run(tmp_path, "touch.wl", meter.port, mailbox_user, touch)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == [f"Texte du message 1 : été relevé 1.pdf {BIG}"]
    assert meter.passed > BIG                             # touched: fetched on first use


def test_connection_cut_during_a_text_fetch_is_a_wlangage_error(tmp_path, mailserver, mailbox_user, seed):
    seed(mailbox_user.user, [_big_message(i) for i in range(2)])
    headers = """POUR TOUT m DE s
    Trace(m.Sujet)
FIN"""
    with FaultProxy(mailserver["imap"], "cut", after=1 << 40) as meter:
        assert _run(tmp_path, "headers.wl", meter.port, mailbox_user, headers).code == 0
    cut_at = meter.passed - 40       # header fetch and LOGOUT done: the cut falls in the text fetch
    texts = """QUAND EXCEPTION DANS
    POUR TOUT m DE s
        Trace(m.Sujet, Taille(m.Message))
    FIN
FAIRE
    Trace("erreur", ErreurInfo())
FIN"""
    with FaultProxy(mailserver["imap"], "cut", after=cut_at) as proxy:
        r = _run(tmp_path, "texts.wl", proxy.port, mailbox_user, texts, timeout=120)
        assert proxy.faults == 1
    assert "Traceback" not in r.stderr + r.stdout
    assert "erreur" in r.stdout and "cannot fetch the message body" in r.stdout, r.stdout


def _small(i: int) -> bytes:
    return (_head(i, "Content-Type: text/plain; charset=UTF-8") + f"corps {i}\r\n").encode()


def test_loop_over_several_prefetched_batches_sees_every_message_once(tmp_path, mailserver, mailbox_user, seed):
    n = 1300                       # three batches: the second and third travel while the loop works
    seed(mailbox_user.user, [_small(i) for i in range(n)])
    loop = """k est un entier
faux est un entier
POUR TOUT m DE s
    SI m.Sujet <> "Résumé " + k ALORS faux++
    SI k >= 300 _ET_ m.Message <> "corps " + k ALORS faux++
    SI k = 700 ALORS EmailSupprimeMessage(s, m)
    k++
FIN
Trace(k, faux)
k = 0
POUR TOUT m DE s
    k++
FIN
Trace(k)"""
    r = _run(tmp_path, "batches.wl", mailserver["imap"], mailbox_user, loop)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == [f"{n} 0", f"{n - 1}"]


def test_cut_while_the_next_batch_travels_ends_the_loop_with_a_wlangage_error(tmp_path, mailserver,
                                                                              mailbox_user, seed):
    n = 1300
    seed(mailbox_user.user, [_small(i) for i in range(n)])
    loop = """k est un entier
QUAND EXCEPTION DANS
    POUR TOUT m DE s
        k++
    FIN
FAIRE
    Trace("erreur", ErreurInfo())
FIN
Trace(k)"""
    with FaultProxy(mailserver["imap"], "cut", after=1 << 40) as meter:
        assert _run(tmp_path, "cut.wl", meter.port, mailbox_user, loop).stdout.splitlines() == [str(n)]
    with FaultProxy(mailserver["imap"], "cut", after=meter.passed // 2) as proxy:     # in the second batch
        r = _run(tmp_path, "cut.wl", proxy.port, mailbox_user, loop, timeout=120)
        assert proxy.faults == 1
    assert "Traceback" not in r.stderr + r.stdout
    lines = r.stdout.splitlines()
    assert lines[0].startswith("erreur") and 0 < int(lines[-1]) < n, r.stdout


def test_cursor_reads_leave_big_attachments_on_the_server(tmp_path, mailserver, mailbox_user, seed):
    """EmailLitPremier/Suivant fetch headers and text parts at read time (so a failure is the
    read's), attachments on first use; the message last read stays whole after the close."""
    seed(mailbox_user.user, [_big_message(i) for i in range(3)])
    loop = """EmailLitPremier(s)
TANTQUE PAS Email.EnDehors
    Trace(Email.Sujet, Email.Message)
    EmailLitSuivant(s)
FIN
m est un Email
EmailLitDernier(s, m)
Trace(m.Sujet)"""
    with FaultProxy(mailserver["imap"], "cut", after=1 << 40) as meter:
        r = _run(tmp_path, "cursor.wl", meter.port, mailbox_user, loop)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == [f"Résumé {i} Texte du message {i} : été" for i in range(3)] + ["Résumé 2"]
    # three attachments stayed on the server; the close fetched the one of the message last read
    assert BIG < meter.passed < BIG * 1.4 + 200_000, meter.passed

    r = _run(tmp_path, "after_close.wl", mailserver["imap"], mailbox_user, "EmailLitPremier(s)\nEmailLitSuivant(s)",
             after=f"""Trace(Email.Sujet, Email.Message, Email.Attache[1])
Trace(EmailSauveFichierAttaché(Email.Attache[1], "{tmp_path / 'pj.pdf'}"))
""")
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == ["Résumé 1 Texte du message 1 : été relevé 1.pdf", "1"]
    assert (tmp_path / "pj.pdf").stat().st_size == BIG


def test_cursor_walks_read_the_same_as_whole_messages(tmp_path, mailserver, mailbox_user, seed):
    """Forwards, backwards, headers only and mixed: the same values as reading whole messages,
    every message once, across several batches."""
    n = 700
    seed(mailbox_user.user, [s.encode() for s in SHAPES] + [_small(i) for i in range(len(SHAPES), n)])
    walk = """k est un entier
faux est un entier
texte est une chaîne
EmailLitPremier(s)
TANTQUE PAS Email.EnDehors
    texte += Email.Message + Email.HTML
    SI k = 3 ALORS Trace(Email.Attache.Occurrence)
    k++
    SI k = 500 ALORS
        EmailLitEntêteSuivant(s)
        SI Email.Message <> "" ALORS faux++
        k++
    FIN
    EmailLitSuivant(s)
FIN
Trace(k, faux, Taille(texte))
k = 0
EmailLitDernier(s)
TANTQUE PAS Email.EnDehors
    k++
    EmailLitPrécédent(s)
FIN
Trace(k)"""
    r = _run(tmp_path, "walk.wl", mailserver["imap"], mailbox_user, walk)
    assert r.code == 0, r.stderr
    b = ImapBackend(Credentials(mailserver["host"], mailserver["imap"], mailbox_user.user, mailbox_user.password))
    b.open()
    try:
        whole = [mime.ParsedMessage(fm.data) for fm in b.fetch(list(b.ids()))]
    finally:
        b.close()
    # the message read with EmailLitEntêteSuivant (the 501st) brings no text
    expected = sum(len(m.body.text or "") + len(m.body.html or "") for k, m in enumerate(whole) if k != 500)
    assert r.stdout.splitlines() == ["1", f"{n} 0 {expected}", f"{n}"]
