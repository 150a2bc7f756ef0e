"""Headers are encoded only with emailOptionEncodeEntête [D:3032138]; without it wlmail
sends raw UTF-8 where the server announces SMTPUTF8 and encodes where it does not
(README, "Accents in headers").  Real aiosmtpd servers on 127.0.0.1.  And the English mail
constants of the help, with the invented ones as deprecated aliases."""
from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller

from smtp_server import Capture
from wlmail.runtime import (Email, EmailEnvoieMessage, EmailFermeSession, EmailOuvreSession,
                            emailOptionEncodeEntête, emailSessionSMTP)
from wlmail.runtime.email.mime import ParsedMessage

SUBJECT = "Réunion d'été – ordre du jour"


def _send(port: int, options=None) -> None:
    s = emailSessionSMTP()
    s.AdresseServeur, s.Port = "127.0.0.1", port
    assert EmailOuvreSession(s), "SMTP session"
    m = Email()
    m.Expéditeur = "Zoé Dupré <zoe@example.test>"
    m.Destinataire = "bob@example.test"
    m.Sujet = SUBJECT
    m.Message = "Bonjour"
    assert (EmailEnvoieMessage(s, m) if options is None else EmailEnvoieMessage(s, m, options)) is True
    EmailFermeSession(s)


def _head(data: bytes) -> bytes:
    return data.split(b"\r\n\r\n", 1)[0]


def _last(capture, before: int) -> dict:
    (rec,) = capture.messages[before:]
    return rec


def test_smtputf8_server_gets_raw_headers_without_the_option(mailserver):
    capture = mailserver["smtp_capture"]
    n = len(capture.messages)
    _send(mailserver["smtp"])
    data = _last(capture, n)["data"]
    assert f"Subject: {SUBJECT}".encode() in _head(data)
    assert "From: Zoé Dupré <zoe@example.test>".encode() in _head(data)
    assert ParsedMessage(data).subject == SUBJECT


def test_the_option_encodes(mailserver):
    capture = mailserver["smtp_capture"]
    n = len(capture.messages)
    _send(mailserver["smtp"], emailOptionEncodeEntête)
    data = _last(capture, n)["data"]
    assert _head(data).isascii() and b"=?utf-8?" in _head(data)
    assert ParsedMessage(data).subject == SUBJECT


@pytest.fixture
def server_without_smtputf8(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    capture = Capture(str(tmp_path), None)
    ctrl = Controller(capture, hostname="127.0.0.1", port=port, decode_data=False, enable_SMTPUTF8=False)
    ctrl.start()
    try:
        yield port, capture
    finally:
        ctrl.stop()


def test_server_without_smtputf8_gets_encoded_headers(server_without_smtputf8):
    port, capture = server_without_smtputf8
    _send(port)
    data = _last(capture, 0)["data"]
    assert _head(data).isascii()
    assert ParsedMessage(data).subject == SUBJECT


def test_english_constants_and_deprecated_aliases(tmp_path):
    from wltest import run_cli
    import wlmail.runtime as rt
    assert rt.emailHighPriority is rt.emailPrioritéHaute and rt.emailLowPriority is rt.emailPrioritéBasse
    assert rt.emailCompanyConfidential is rt.emailConfidentiel and rt.emailNone is rt.emailAucun
    assert rt.emailPriorityHigh is rt.emailHighPriority                    # deprecated, still runs
    script = tmp_path / "old.wl"
    script.write_text("m is an Email\nm.Priority = emailPriorityHigh\nm.Priority = emailHighPriority\n",
                      encoding="utf-8")
    r = run_cli("check", str(script))
    assert r.code == 0
    assert f"{script}:2: warning: emailPriorityHigh is deprecated (a name wlmail invented): " \
           "write emailHighPriority" in r.stdout
    assert ":3:" not in r.stdout
