"""wlmail.runtime.email.mime: lazy parsing, non-ASCII, broken input, composing."""
from __future__ import annotations

import base64
import datetime as dt

import pytest

from wlmail.runtime.email import mime
from wlmail.runtime.email.mime import AttachmentData, ComposeInput, ParsedMessage, compose, decode_header_value


# --------------------------------------------------------------------------- RFC 2047 headers

@pytest.mark.parametrize("raw, expected", [
    ("plain ascii", "plain ascii"),
    ("=?UTF-8?Q?R=C3=A9union_lundi?=", "Réunion lundi"),
    ("=?utf-8?b?UsOpdW5pb24=?=", "Réunion"),
    ("=?ISO-8859-1?Q?Facture_=E0_r=E9gler?=", "Facture à régler"),
    # whitespace between adjacent encoded words is dropped
    ("=?utf-8?q?Caf=C3=A9?= =?utf-8?q?_cr=C3=A8me?=", "Café crème"),
    # a multi-byte character split over two encoded words (badly split)
    ("=?utf-8?q?Caf=C3?= =?utf-8?q?=A9?=", "Café"),
    ("=?UTF-8?B?w6nDqA==?=\t=?UTF-8?B?w6A=?=", "éèà"),
    # encoded word glued to text, and inside quotes
    ("Re:=?utf-8?q?_=C3=A9t=C3=A9?=!", "Re: été!"),
    ('"=?utf-8?q?Fr=C3=A9d=C3=A9ric?=" <f@x.fr>', '"Frédéric" <f@x.fr>'),
    # text around encoded words keeps its spaces
    ("Objet : =?utf-8?q?=C3=A9t=C3=A9?= 2024", "Objet : été 2024"),
    # unknown charset: best effort (UTF-8, then cp1252)
    ("=?x-unknown?q?caf=E9?=", "café"),
    ("=?utf-8?q?caf=E9?=", "café"),                   # declared UTF-8 but latin-1 bytes
    # a broken encoded word stays as raw text, the rest is decoded
    ("=?utf-8?B?###?= et =?utf-8?q?=C3=A0?=", "=?utf-8?B?###?= et à"),
    ("=?utf-8?Z?abc?=", "=?utf-8?Z?abc?="),
])
def test_decode_header_value(raw, expected):
    assert decode_header_value(raw) == expected


def test_raw_8bit_headers_utf8_and_latin1():
    utf8 = "Subject: Déjà vu\r\nFrom: Zoé <z@x.fr>\r\n\r\n".encode("utf-8")
    p = ParsedMessage(utf8, complete=False)
    assert p.subject == "Déjà vu"
    assert p.sender == "Zoé <z@x.fr>"
    latin = "Subject: Déjà vu\r\n\r\n".encode("latin-1")
    assert ParsedMessage(latin).subject == "Déjà vu"


def test_folded_headers_and_addresses():
    raw = (b"From: =?utf-8?q?Dupont=2C_Jean?= <jean@x.fr>\r\n"
           b"To: \"Martin, Alice\" <alice@x.fr>,\r\n =?iso-8859-1?q?=C9milie?= <emilie@x.fr>,\r\n\tbob@y.org\r\n"
           b"Cc: \r\n"
           b"Subject: a long\r\n  folded subject\r\n\r\nbody")
    p = ParsedMessage(raw)
    assert p.subject == "a long  folded subject"
    assert p.to == ['"Martin, Alice" <alice@x.fr>', "Émilie <emilie@x.fr>", "bob@y.org"]
    assert p.cc == []
    assert p.sender == '"Dupont, Jean" <jean@x.fr>'     # re-quoted: it holds a comma


def test_header_fields():
    raw = (b"Date: Tue, 12 Mar 2024 10:14:57 +0000\r\nMessage-ID: <abc@x>\r\nReferences: <a@x>\r\n <b@x>\r\n"
           b"X-Priority: 5 (Lowest)\r\nSensitivity: Private\r\nReturn-Receipt-To: a@x\r\n"
           b"Disposition-Notification-To: a@x\r\nReply-To: Bob <bob@x>\r\nReturn-Path: <bounce@x>\r\n"
           b"Keywords: projet, urgent\r\n\r\n")
    p = ParsedMessage(raw, complete=False)
    assert p.message_id == "<abc@x>"
    assert p.references == "<a@x> <b@x>"
    assert p.priority == "low"
    assert p.sensitivity == "private"
    assert p.return_receipt and p.disposition_notification
    assert p.reply_to == "Bob <bob@x>"
    assert p.return_path == "bounce@x"
    assert p.keywords == "projet;urgent"
    assert p.date == dt.datetime(2024, 3, 12, 10, 14, 57, tzinfo=dt.timezone.utc)
    assert ParsedMessage(b"Date: not a date\r\n\r\n").date is None
    assert ParsedMessage(b"Subject: x\r\n\r\n").date is None


# --------------------------------------------------------------------------- laziness and speed

def _sample(n_body_lines=60) -> bytes:
    hdr = (b"Received: from mx.example.org by imap.example.com; Tue, 12 Mar 2024 10:15:00 +0100\r\n"
           b"From: =?UTF-8?Q?Fr=C3=A9d=C3=A9ric_Dupont?= <frederic.dupont@example.org>\r\n"
           b"To: Bob Martin <bob@example.com>\r\n"
           b"Subject: =?UTF-8?B?UsOpdW5pb24gZGUgc3VpdmkgOiBwbGFubmluZyBkdSB0cm9pc2nDqG1lIHRyaW1lc3RyZQ==?=\r\n"
           b"Date: Tue, 12 Mar 2024 10:14:57 +0100\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
    return hdr + b"Bonjour =C3=A0 tous,\r\n" * n_body_lines


def test_parsing_is_lazy():
    p = ParsedMessage(_sample())
    assert p._headers is None and p._body is None
    assert p.subject == "Réunion de suivi : planning du troisième trimestre"
    assert p._body is None                     # reading a header never parses the body
    assert p.body.text.startswith("Bonjour à tous,\r\n")
    headers_only = ParsedMessage(_sample()[:_sample().index(b"\r\n\r\n") + 4], complete=False)
    assert headers_only.body.text == "" and headers_only.raw_body_text == ""


# --------------------------------------------------------------------------- bodies

def _mp(boundary: str, *parts: bytes, subtype="mixed", preamble=b"") -> bytes:
    out = f"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n\r\n".encode() + preamble
    for part in parts:
        out += f"--{boundary}\r\n".encode() + part + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def test_8bit_bodies_in_any_charset():
    latin = b"Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + \
        "Échéance : 31 mars, montant dû\r\n".encode("latin-1")
    assert ParsedMessage(latin).body.text == "Échéance : 31 mars, montant dû"
    wrong = b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "déjà\r\n".encode("cp1252")
    assert ParsedMessage(wrong).body.text == "déjà"
    none = b"Content-Type: text/plain\r\n\r\n" + "naïve €\r\n".encode("utf-8")
    assert ParsedMessage(none).body.text == "naïve €"
    cp = b"Content-Type: text/plain; charset=windows-1252\r\n\r\n" + "“quoted” – €\r\n".encode("cp1252")
    assert ParsedMessage(cp).body.text == "“quoted” – €"
    koi = b"Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: base64\r\n\r\n" + \
        base64.b64encode("Привет\r\n".encode("koi8-r")) + b"\r\n"
    assert ParsedMessage(koi).body.text == "Привет"
    lf_only = b"Content-Type: text/plain; charset=utf-8\n\nline 1\nline 2\n"
    assert ParsedMessage(lf_only).body.text == "line 1\r\nline 2"     # RC line ends


def test_alternative_related_and_attachments():
    png = b"\x89PNG\r\n\x1a\nfake"
    html = b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" \
           b"<p>Caf=C3=A9 <img src=3D\"cid:logo@x\"></p>\r\n"
    img = (b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <logo@x>\r\n"
           b"Content-Disposition: inline\r\n\r\n" + base64.b64encode(png) + b"\r\n")
    related = _mp("rel", html, img, subtype="related")
    text = b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCaf\xc3\xa9\r\n"
    alternative = _mp("alt", text, related, subtype="alternative")
    pdf = (b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
           b"Content-Disposition: attachment;\r\n filename*0*=utf-8''rapport%20;\r\n filename*1*=%C3%A9t%C3%A9.pdf\r\n"
           b"Content-Description: =?utf-8?q?Le_rapport_d=27=C3=A9t=C3=A9?=\r\n\r\n"
           + base64.b64encode(b"%PDF-1.4 data") + b"\r\n")
    inner = b"From: a@x\r\nSubject: =?utf-8?q?Transf=C3=A9r=C3=A9?=\r\n\r\nInner body\r\n"
    rfc822 = b"Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" + inner
    outlook_name = (b"Content-Type: text/plain; name=\"=?utf-8?B?bm90ZXMgw6l0w6kudHh0?=\"\r\n"
                    b"Content-Disposition: attachment; filename=\"=?utf-8?B?bm90ZXMgw6l0w6kudHh0?=\"\r\n\r\nnotes\r\n")
    raw = b"From: a@x\r\nSubject: t\r\nMIME-Version: 1.0\r\n" + _mp("mix", alternative, pdf, rfc822, outlook_name)
    body = ParsedMessage(raw).body
    assert body.text == "Café"
    assert body.html == '<p>Café <img src="cid:logo@x"></p>'
    names = [a.name for a in body.attachments]
    assert names == ["logo.png", "rapport été.pdf", "Transféré.eml", "notes été.txt"]
    logo, report, eml, notes = body.attachments
    assert (logo.content, logo.cid, logo.content_type) == (png, "logo@x", "image/png")
    assert report.content == b"%PDF-1.4 data" and report.description == "Le rapport d'été"
    assert eml.content_type == "message/rfc822" and b"Inner body" in eml.content
    assert notes.content.rstrip() == b"notes"


def test_html_charset_from_meta():
    raw = (b"Content-Type: text/html\r\n\r\n<html><head><meta charset=\"iso-8859-1\"></head>"
           + "<body>été</body></html>".encode("latin-1"))
    assert "été" in ParsedMessage(raw).body.html


@pytest.mark.parametrize("raw", [
    b"",
    b"\x00\xff\xfe garbage without headers",
    b"Subject: =?utf-8?B?====?=\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain",
    b"Content-Type: text/plain; charset=nonexistent-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notb64",
    b"Content-Type: multipart/alternative\r\n\r\nno boundary at all",
    b"Content-Type: image/png; name*=bogus''%ZZ%\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=\r\n",
    b"From: <<<@@@>>>, ,,, \"unclosed\r\nTo: ;;;\r\nSubject:\r\n\r\nx",
])
def test_broken_messages_never_raise(raw):
    p = ParsedMessage(raw)
    for attr in ("subject", "sender", "to", "cc", "date", "message_id", "priority", "source", "raw_body_text"):
        getattr(p, attr)
    b = p.body
    assert isinstance(b.text, str) and isinstance(b.html, str)
    for a in b.attachments:
        assert isinstance(a.content, bytes)


# --------------------------------------------------------------------------- composing

def _full_input(**over) -> ComposeInput:
    src = ComposeInput(
        sender="Frédéric Lefèvre <frederic@exemple.fr>",
        to=["Alice Martin <alice@exemple.fr>", '"Dupont, Jean" <jean@exemple.fr>'],
        cc=["Émilie <emilie@exemple.fr>"],
        bcc=["secret@exemple.fr"],
        reply_to="reponses@exemple.fr",
        subject="Réunion : ordre du jour (été 2024) – ☀",
        text="Bonjour,\r\n\r\nVoici l'ordre du jour.\r\nÀ lundi !",
        html="<p>Bonjour,</p><p>Voici l'ordre du jour <img src=\"cid:logo1\"></p>",
        attachments=[AttachmentData("logo été.png", b"\x89PNG fake", "image/png", "Le logo", "logo1"),
                     AttachmentData("Rapport annuel 2024 (version définitive).pdf", bytes(range(256)),
                                    "application/pdf", "Rapport")],
        headers=[("X-Projet", "Été 2024"), ("List-Unsubscribe", "<mailto:u@exemple.fr>")],
        message_id="<20240304.1@exemple.fr>",
        references="<a@exemple.fr> <b@exemple.fr>",
        priority="high", sensitivity="Private", return_receipt=True, disposition_notification=True,
        keywords="projet;été",
    )
    for k, v in over.items():
        setattr(src, k, v)
    return src


def test_compose_round_trip_same_fields():
    src = _full_input()
    out = compose(src)
    assert out.data.isascii()                                   # 7-bit: everything encoded
    assert all(len(line) <= 998 for line in out.data.split(b"\r\n"))
    p = ParsedMessage(out.data)
    assert p.subject == src.subject
    assert p.sender == src.sender
    assert p.to == src.to
    assert p.cc == src.cc
    assert p.reply_to == src.reply_to
    assert p.message_id == src.message_id
    assert p.references == src.references
    assert p.priority == "high" and p.sensitivity == "private"
    assert p.return_receipt and p.disposition_notification
    assert p.keywords == "projet;été"
    assert p.header("X-Projet") == "Été 2024"
    assert p.header("List-Unsubscribe") == "<mailto:u@exemple.fr>"
    body = p.body
    assert body.text == src.text
    assert body.html == src.html
    got = [(a.name, a.content, a.content_type, a.description, a.cid) for a in body.attachments]
    assert got == [(a.name, a.content, a.content_type, a.description, a.cid) for a in src.attachments]
    # the related image is inline, inside multipart/related
    assert b"multipart/related" in out.data and b"Content-ID: <logo1>" in out.data


@pytest.mark.parametrize("text", ["", "one line", "ends with RC\r\n", "\r\n\r\nblank lines\r\n\r\n",
                                  "x" * 2000, "Привет, мир", "tab\tand trailing space \r\nend"])
def test_compose_body_round_trip(text):
    for html in ("", "<b>html</b>"):
        p = ParsedMessage(compose(ComposeInput(sender="a@x", to=["b@x"], text=text, html=html)).data)
        assert p.body.text == text
        assert p.body.html == html


def test_bcc_never_in_headers_but_in_envelope():
    out = compose(_full_input())
    head = out.data[:out.data.index(b"\r\n\r\n")]
    assert b"secret@exemple.fr" not in out.data
    assert b"Bcc" not in head
    assert out.recipients == ["alice@exemple.fr", "jean@exemple.fr", "emilie@exemple.fr", "secret@exemple.fr"]
    assert out.envelope_from == "frederic@exemple.fr"
    with_bcc = compose(_full_input(), include_bcc=True)
    assert b"Bcc: secret@exemple.fr" in with_bcc.data


@pytest.mark.parametrize("field", ["subject", "sender", "reply_to", "keywords", "message_id", "references"])
def test_header_injection_is_impossible(field):
    evil = "x@exemple.fr\r\nBcc: victim@evil.example\r\nX-Injected: yes"
    src = _full_input(**{field: evil})
    out = compose(src)
    head = out.data[:out.data.index(b"\r\n\r\n")].decode("ascii")
    names = [line.split(":", 1)[0].lower() for line in head.split("\r\n") if line and line[0] not in " \t"]
    assert "x-injected" not in names and "bcc" not in names


def test_injection_through_lists_names_and_extra_headers():
    src = _full_input(to=["a@x\r\nX-Injected: 1"], cc=["b@x\nX-Injected: 2"],
                      headers=[("X-Ok", "value\r\nX-Injected: 3")],
                      attachments=[AttachmentData("f.txt\r\nX-Injected: 4", b"data", "text/plain",
                                                  "desc\r\nX-Injected: 5")])
    out = compose(src)
    for line in out.data.split(b"\r\n"):
        assert not line.lower().startswith(b"x-injected")
    with pytest.raises(mime.ComposeError):
        compose(_full_input(headers=[("Bad Name:", "v")]))


def test_reserved_extra_headers_are_not_duplicated():
    src = _full_input(headers=[("From", "evil@x"), ("Content-Type", "text/evil"), ("Received", "from x"),
                               ("X-Kept", "yes")])
    p = ParsedMessage(compose(src).data)
    assert p.raw_headers("From") == [p.raw_header("From")] and "evil" not in p.header("From")
    assert p.raw_headers("Received") == []
    assert p.header("X-Kept") == "yes"


def test_html_only_and_text_only_structures():
    html_only = compose(ComposeInput(sender="a@x", to=["b@x"], html="<p>été</p>")).data
    assert b"Content-Type: text/html" in html_only and b"multipart" not in html_only
    text_only = compose(ComposeInput(sender="a@x", to=["b@x"], text="plain")).data
    assert b"Content-Type: text/plain" in text_only and b"multipart" not in text_only
    att_only = ParsedMessage(compose(ComposeInput(sender="a@x", to=["b@x"], attachments=[
        AttachmentData("a.bin", b"\x00\x01", "application/octet-stream")])).data).body
    assert [a.content for a in att_only.attachments] == [b"\x00\x01"]


def test_rfc822_attachment_round_trip():
    inner = b"From: x@y\r\nSubject: inner\r\n\r\nhello\r\n"
    out = compose(ComposeInput(sender="a@x", to=["b@x"], text="see attached",
                               attachments=[AttachmentData("fwd.eml", inner, "message/rfc822")]))
    (att,) = ParsedMessage(out.data).body.attachments
    assert att.content_type == "message/rfc822" and att.name == "fwd.eml"
    assert ParsedMessage(att.content).subject == "inner"


@pytest.mark.parametrize("address", [
    "Bench <bench@example.test>", "nobody@example.test", "Jean-Marc O'Neil <jm@x.org>",
    "J. Doe <a@b.c>", "Frédéric Lenoir <f@example.fr>", "\"Doe, John\" <j@d.org>", "<a@b.c>",
    "Bench  <a@b.c>", "jean@exémple.fr", "Une très longue raison sociale de la société <contact@example.com>",
])
def test_address_headers_written_as_the_header_registry_writes_them(address):
    """Plain addresses skip the header registry: the bytes must be the registry's."""
    from email.message import EmailMessage
    from email import policy
    composed = compose(ComposeInput(sender=address, to=[address], subject="s", text="t"), date="d").data.decode()
    reference = EmailMessage(policy=mime._POLICY)
    for name in ("From", "To"):
        reference[name] = mime._idna(address)
    expected = reference.as_bytes(policy=policy.SMTP).decode().split("\r\n\r\n")[0].split("\r\n")
    got = [line for line in composed.split("\r\n\r\n")[0].split("\r\n")
           if line.split(":")[0] in ("From", "To") or line.startswith((" ", "\t"))][:len(expected)]
    assert got == expected
