"""The header loop's fast paths give exactly what the general paths give: the bytes header
index against a plain line splitter, the single-encoded-word RFC 2047 path against the general
decoder, the RFC 5322 date regex against email.utils, DateHeure as a chaîne against Date +
Heure, the POP3 multi-line reader against poplib's, and the IMAP FETCH reader against
imapclient on a real Dovecot (with another client changing the mailbox meanwhile)."""
from __future__ import annotations

import datetime as dt
import email.utils
import io
import poplib
import re

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from wlmail.runtime.dates import Date, DateHeure, Heure
from wlmail.runtime.email import mime
from wlmail.runtime.email.backends import imap as imap_backend
from wlmail.runtime.email.backends import pop3 as pop3_backend
from wlmail.runtime.email.backends.base import Credentials

# --------------------------------------------------------------------------- header lookup

_LINE = re.compile(r"^([!-9;-~]+)[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.M)


def _reference_headers(raw: bytes) -> list[tuple[str, str]]:
    """The header splitter before the bytes index: text regex on the latin-1 block."""
    block = raw[:mime._header_end(raw)].decode("latin-1")
    return [(m.group(1), m.group(2).replace("\r", "").replace("\n", "").strip()) for m in _LINE.finditer(block)]


def _check_lookup(raw: bytes) -> None:
    ref = _reference_headers(raw)
    p = mime.ParsedMessage(raw)
    for name in {n for n, _ in ref} | {"Subject", "FROM", "date", "X-None", "Sujét", ""}:
        values = [v for n, v in ref if n.lower() == name.lower()]
        assert p.raw_headers(name) == values, (raw, name)
        assert p.raw_header(name, "?") == (values[0] if values else "?"), (raw, name)
    assert [(n, v) for n, v in p.all_headers()] == [(n, mime.decode_header_value(v)) for n, v in ref]


HEADER_BLOCKS = [
    b"", b"\r\n", b"\n", b"Subject: x", b"Subject: body\r\n",
    b"subject: lower\r\nSUBJECT: upper\r\n\r\nSubject: in the body\r\n",
    b"Subject : spaced\r\nSubject\t:\ttab\r\n\r\n", b"Subject: a\r\n b\r\n\tc\r\n\r\n", b"Subject: a\n b\n\nbody",
    b"Subject: a\rb\r\nFrom: x\r\n\r\n", b"X: 1\r\n Subject: folded, not a header\r\nSubject: yes\r\n\r\n",
    b"garbage line\r\nSubject: s\r\n\r\n", b"\r\nSubject: body only\r\n", b"Subject: lf\n\r\nFrom: crlf\r\n\r\n",
    b"Subject: crlf\r\n\nFrom: lf\n\n", b"Subject: \xa0nbsp\xa0\r\nFrom: \x85x@y\x85\r\n\r\n",
    "Subject: Déjà vu\r\nFrom: Zoé <z@x.fr>\r\n\r\n".encode(), "Subject: Déjà\r\n\r\n".encode("latin-1"),
    b"Received: a\r\nReceived: b\r\n\tc\r\nSubject: s\r\n\r\n", b"From: a@x\r\nfrom: b@y\r\n\r\n",
    b"To: a@x,\r\n b@y\r\nCc: c@z\r\nCC: d@w\r\n\r\n", b":no name\r\nSubject:\r\n\r\n",
]


@pytest.mark.parametrize("raw", HEADER_BLOCKS)
def test_header_index_reads_like_the_line_splitter(raw):
    _check_lookup(raw)


_piece = st.sampled_from([b"Subject", b"subject", b"From", b"To", b"X-A", b":", b" ", b"\t", b"\r\n", b"\n",
                          b"\r", b"value", b"=?utf-8?q?=C3=A9?=", b"\xe9", b"a@b", b",", b"\r\n\r\n"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, max_size=30))
def test_header_index_reads_like_the_line_splitter_on_any_bytes(pieces):
    _check_lookup(b"".join(pieces))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_piece, max_size=20), min_size=1, max_size=6),
       st.lists(st.sampled_from(["Subject", "from", "TO", "X-A", "Date", "Cc", "x y", ""]), max_size=8))
def test_a_shared_header_plan_changes_no_value(blocks, names):
    plan = mime.HeaderPlan()
    for pieces in blocks:
        raw = b"".join(pieces)
        planned, alone = mime.ParsedMessage(raw, plan=plan), mime.ParsedMessage(raw)
        for name in names + ["Subject", "To"]:
            assert planned.raw_headers(name) == alone.raw_headers(name), (raw, name)
            assert planned.raw_header(name) == alone.raw_header(name), (raw, name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, max_size=30), st.sets(st.sampled_from([b"subject", b"from", b"to", b"x-a"])),
       st.lists(st.sampled_from(["Subject", "from", "TO", "X-A", "Date", "Cc", ""]), max_size=6))
def test_a_block_of_some_headers_reads_like_the_whole_block(pieces, fetched, names):
    """A message fetched with HEADER.FIELDS holds the lines of some headers; any other name
    fetches the whole block (once) first."""
    whole = b"".join(pieces)
    alone = mime.ParsedMessage(whole, complete=False)
    lines = [m.group(0) + b"\r\n" for m in mime._HEADER_FIELD.finditer(whole, 0, mime._header_end(whole))
             if m.group(1).lower() in fetched]
    asked = []
    part = mime.ParsedMessage(b"".join(lines) + b"\r\n", complete=False, partial=frozenset(fetched),
                              widen=lambda: asked.append(1) or whole, plan=mime.HeaderPlan())
    for name in names + ["Subject"]:
        assert part.raw_headers(name) == alone.raw_headers(name), (whole, name)
        assert part.header(name) == alone.header(name), (whole, name)
    key = {mime._field_key(n) for n in names + ["Subject"]} - {None}
    assert len(asked) == (1 if key - fetched else 0)
    assert part.all_headers() == alone.all_headers() and len(asked) <= 1


def test_a_failed_fetch_of_the_whole_block_raises_and_leaves_the_message_as_it_was():
    from wlmail.runtime.errors import WLError
    whole = b"Subject: s\r\nCc: c@d\r\n\r\n"
    answers = [WLError("connection lost"), whole]

    def widen():
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer
    p = mime.ParsedMessage(b"Subject: s\r\n\r\n", complete=False, partial=frozenset({b"subject"}), widen=widen)
    assert p.subject == "s"
    with pytest.raises(WLError):
        p.header("Cc")
    assert p.header("Cc") == "c@d" and p.cc == ["c@d"] and not answers


def test_the_plan_learns_every_name_read():
    plan = mime.HeaderPlan()
    raw = b"To: x@y\r\nCc: c@d\r\nX-Priority: 1\r\nSubject: s\r\n\r\n"
    p = mime.ParsedMessage(raw, complete=False, plan=plan)
    assert (p.subject, p.cc, p.priority, p.sensitivity) == ("s", ["c@d"], "high", "")
    assert plan.state[0] == {b"subject", b"cc", b"x-priority", b"sensitivity"} and not plan.every
    assert mime.ParsedMessage(raw, complete=False, plan=plan).all_headers() and plan.every


# --------------------------------------------------------------------------- RFC 2047

@pytest.mark.parametrize("value", [
    "=?UTF-8?B?w6k=?=", "=?utf-8?b?w6k?=", "=?UTF-8?B?w6k===?=", "=?UTF-8*fr?B?w6k=?=", "=?x-bogus?Q?caf=E9?=",
    "=?utf-8?B?###?=", "=?utf-8?Q?a b?=", "=?utf-8?Q??=", "=?utf-8?B??=", "=?koi8-r?B?8NLJ18XU?=",
    "=?gb2312?B?1tDOxA==?=", "=?unknown-8bit?Q?=E9?=", "=?utf-8?Q?=E9?=", "=?us-ascii?Q?=C3=A9?=",
    "=?utf-7?Q?+AOk-?=", "=?ISO-8859-1?Q?Facture_=E0_r=E9gler?=", "=?utf-8?Z?abc?=", "=?utf-8?q?a?= ",
    "=?utf-8?q?a?= =?utf-8?q?b?=", "=?utf-8?q?a?==?utf-8?q?b?=", "x=?utf-8?q?a?=", "=?UTF-8?B?w6k=?=\r\n",
])
def test_one_encoded_word_decodes_like_the_general_path(value):
    assert mime.decode_header_value(value) == mime._decode_words(mime._fix_8bit(value))


_word = st.builds(lambda cs, enc, payload: f"=?{cs}?{enc}?{payload}?=",
                  st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "koi8-r", "x-bogus", "utf-8*fr", ""]),
                  st.sampled_from("QqBbX"), st.text(alphabet="abcAZ09=+/_ ?.\xe9", max_size=12))


@settings(max_examples=400, deadline=None)
@given(_word)
def test_any_encoded_word_decodes_like_the_general_path(value):
    assert mime.decode_header_value(value) == mime._decode_words(mime._fix_8bit(value))


def test_charset_lookups_are_cached_with_the_same_answers():
    for cs in ("UTF-8", "utf-8", " 'latin1' ", "iso-8859-1", "gb2312", "x-unknown", "nonsense", "us-ascii"):
        first = mime._codec(cs)
        mime._codecs.pop(cs, None)
        assert mime._codec(cs) == first and mime._codecs[cs] == first


# --------------------------------------------------------------------------- dates

def _general(text: str):
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return "error"


def _fast(text: str):
    try:
        return mime._rfc5322_date(text)
    except ValueError:
        return "error"


def _same_date(text: str) -> None:
    fast = _fast(text)
    if fast is None:                     # another form: the general parser's business
        return
    general = _general(text)
    assert fast == general, text
    if isinstance(fast, dt.datetime):
        assert (fast.tzinfo, fast.utcoffset()) == (general.tzinfo, general.utcoffset()), text


@pytest.mark.parametrize("text", [
    "Tue, 12 Mar 2024 10:14:57 +0100", "12 Mar 2024 10:14:57 +0100", "Tue, 12 Mar 2024 10:14:57 +0100 (CET)",
    "Tue, 12 Mar 2024 10:14:57 -0000", "Tue, 12 Mar 2024 10:14:57 +0000", "Tue,  2 Mar 2024  9:04 -0330",
    "Tue, 31 Feb 2024 10:14:57 +0100", "Tue, 12 Mar 2024 25:14:57 +0100", "Tue, 12 Mar 2024 10:14:60 +0100",
    "Fri, 31 Dec 9999 23:59:59 -0100", "Sat, 01 Jan 1000 00:00:00 +2359", "Tue, 12 Mar 2024 10:14:57 +0100(CET)",
    "Tue, 12 Mar 2024 10:14:57 GMT", "tue, 12 mar 2024 10:14:57 +0100", "Tue,12 Mar 2024 10:14:57 +0100",
    "Tue, 12 Mar 0024 10:14:57 +0100", "Tue, 12 Mar 2024 10:14:57 +9999", "Tue, 12 Mar 2024 10:14:57",
    "Tue, 12 Mar 2024 10:14:57 +0100 extra tokens", "Mon, 12 Mar 2024 10:14:57 +0100",
])
def test_date_regex_reads_like_email_utils(text):
    _same_date(text)


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(["", "Tue, ", "Sun,  ", "Xyz, "]), st.integers(0, 40), st.sampled_from(["Jan", "Feb", "Dec"]),
       st.integers(0, 10000), st.integers(0, 99), st.integers(0, 99), st.one_of(st.none(), st.integers(0, 99)),
       st.sampled_from(["+", "-"]), st.integers(0, 9999), st.sampled_from(["", " ", " (CET)", "(x)", "  z"]),
       st.sampled_from([" ", "  "]))
def test_date_regex_reads_like_email_utils_on_any_values(dayname, day, month, year, h, m, s, sign, zone, tail, sp):
    time = f"{h}:{m:02d}" + ("" if s is None else f":{s:02d}")
    _same_date(f"{dayname}{day}{sp}{month} {year}{sp}{time} {sign}{zone:04d}{tail}")


@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))
def test_dateheure_text_is_date_then_heure(moment):
    value = DateHeure(moment)
    assert str(value) == str(Date(value)) + str(Heure(value))


# --------------------------------------------------------------------------- POP3 answers

def _client(data: bytes) -> poplib.POP3:
    c = pop3_backend._POP3.__new__(pop3_backend._POP3)       # no connection: framing only
    c.file = io.BytesIO(data)
    c._debugging = 0
    return c


@pytest.mark.parametrize("answer", [
    b"+OK\r\nSubject: x\r\n\r\nbody\r\n.\r\n", b"+OK 12 octets\r\n.\r\n", b"+OK\r\n..dot\r\n...\r\n.\r\n",
    b"+OK\r\nbare lf\nline\r\n.\n", b"+OK\r\n\r\n\r\n.\r\n", b"+OK\r\nno end\r\n", b"-ERR no such message\r\n",
    b"+OK\r\nx\r\n\r.\n", b"+OK\r\n\rweird\r\n.\r\n", b"+OK\r\n.\r\nnext answer\r\n",
])
def test_pop3_reader_reads_like_poplib(answer):
    def poplib_way():
        try:
            return b"\r\n".join(_client(answer)._getlongresp()[1]) + b"\r\n"
        except poplib.error_proto as e:
            return ("error", str(e))

    def ours():
        try:
            return pop3_backend._message(_client(answer))
        except poplib.error_proto as e:
            return ("error", str(e))
    assert ours() == poplib_way()


# --------------------------------------------------------------------------- IMAP answers

def _message(i: int) -> bytes:
    return (f"From: =?utf-8?q?Z=C3=B6e?= <z{i}@example.test>\r\nSubject: =?utf-8?q?R=C3=A9sum=C3=A9_{i}?=\r\n"
            f"Date: Tue, 12 Mar 2024 10:{i % 60:02d}:57 +0100\r\n\r\nCorps {i}\r\n").encode()


def test_imap_reader_gives_what_imapclient_gives_while_another_client_changes_the_mailbox(
        mailserver, mailbox_user, seed):
    seed(mailbox_user.user, [_message(i) for i in range(40)])
    creds = Credentials(mailserver["host"], mailserver["imap"], mailbox_user.user, mailbox_user.password)
    ours, other = imap_backend.ImapBackend(creds), imap_backend.ImapBackend(creds)
    ours.open()
    other.open()
    try:
        uids = ours.ids()
        c = ours._c
        expected = {u: d[b"BODY[HEADER]"] for u, d in c.fetch(uids, [b"BODY.PEEK[HEADER]"]).items()}
        # another session: flags changed, a message appended, one expunged; Dovecot tells ours
        # with untagged FETCH FLAGS / EXISTS / EXPUNGE inside its next answer
        other.set_flag(uids[:5], "\\Seen", True)
        other.append("INBOX", _message(99))
        other.delete(uids[-1])
        other.expunge()
        got = imap_backend._fetch_literals(c, uids, b"BODY.PEEK[HEADER]")
        assert got == {u: expected[u] for u in uids[:-1]}
        # an answer in another shape (FLAGS with the data) is read to its end, then left to imapclient
        assert imap_backend._fetch_literals(c, uids[:3], b"FLAGS BODY.PEEK[HEADER]") is None
        # the connection is still in step: the backend's fetch reads every message's headers
        fetched = {fm.id: fm.data for fm in ours.fetch(ours.ids(), headers_only=True)}
        assert len(fetched) == 40 and all(fetched[u] == expected[u] for u in uids[:-1])
        whole = {fm.id: fm.data for fm in ours.fetch(uids[:3])}
        assert whole == {u: _message(i) for i, u in enumerate(uids[:3])}
    finally:
        ours.close()
        other.close()


# --------------------------------------------------------------------------- the loop's header plan

LOOP = """
s est un emailSessionIMAP
s.AdresseServeur = "{host}"
s.Port = {port}
s.Nom = "{user}"
s.MotDePasse = "{password}"
SI PAS EmailOuvreSession(s) ALORS
    Erreur(ErreurInfo())
FIN
n est un entier
POUR TOUT m DE s
    n++
    Trace(m.Sujet, m.Expéditeur, m.DateRéception)
    SI n % 3 = 0 ALORS Trace(m.Destinataire[1], m.MessageID)
    SI n = 5 OU n = 1200 ALORS Trace(m.Cc, m.Priorité)
    SI n = 1350 ALORS Trace(m.Entête[1].Nom, m.Entête[2].Valeur, m.Confidentialité, m.AdresseExpéditeur)
FIN
EmailFermeSession(s)
"""


def test_a_loop_reads_every_header_like_a_message_read_alone(mailserver, mailbox_user, seed):
    """The header names learnt from the first messages narrow the next messages' lookups: the
    values are those of each message read on its own, also for names the loop reads late."""
    import contextlib
    from wlmail.compiler import compile_source
    from wlmail.runtime import Trace
    from wlmail.runtime.email.types import WLEmail
    from wlmail.runtime.support import run_main
    messages = [_message(i) for i in range(1600)]       # batches 3 and 4 hold the planned headers only
    messages[4] = b"To: x@y\r\nCc: c@d\r\nTo: second@y\r\nX-Priority: 1\r\nSubject: cinq\r\n\r\nbody\r\n"
    messages[8] = b"subject: =?utf-8?q?lower?=\r\nFROM: Up <up@x>\r\nMessage-ID: <m8@x>\r\nDate: bad\r\n\r\n"
    messages[1199] = b"Cc: late@x\r\nSubject: =?utf-8?q?tard?=\r\nX-Priority: 5\r\nDate: Tue, 12 Mar 2024 10:14:57 +0100\r\n\r\nb"
    messages[1349] = b"Subject: s\r\nSensitivity: Private\r\nReply-To: r@x\r\n\r\nb\r\n"
    seed(mailbox_user.user, messages)
    source = LOOP.format(host=mailserver["host"], port=mailserver["imap"], user=mailbox_user.user,
                         password=mailbox_user.password)
    _, compiler = compile_source(source, "loop.wl")
    ns = {"__name__": "loop"}
    exec(compiler.code, ns)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert run_main(ns["main"], filename="loop.wl") == 0
    alone = io.StringIO()
    with contextlib.redirect_stdout(alone):
        for n, raw in enumerate(messages, 1):
            m = WLEmail()
            m._load(mime.ParsedMessage(raw[:mime._header_end(raw)], complete=False))
            Trace(m.Sujet, m.Expéditeur, m.DateRéception)
            if n % 3 == 0:
                Trace(m.Destinataire[1], m.MessageID)
            if n in (5, 1200):
                Trace(m.Cc, m.Priorité)
            if n == 1350:
                Trace(m.Entête[1].Nom, m.Entête[2].Valeur, m.Confidentialité, m.AdresseExpéditeur)
    expected = alone.getvalue().splitlines()
    assert [line.rstrip() for line in out.getvalue().splitlines()] == [line.rstrip() for line in expected]


HOSTILE_HEADS = [
    b"X-A: 1\r\ngarbage line\r\nSubject: after garbage\r\nFrom: a@b\r\n\r\nbody\r\n",
    b"Subject : spaced\r\nFrom:b@c\r\nDate: Tue, 12 Mar 2024 10:14:57 +0100\r\n\r\nbody\r\n",
    b"X\xe9: 8bit name\r\nSubject: s\n folded lf\nFrom: lf@x\n\nbody\n",
    b" leading space\r\nSubject: s\r\n\r\n", b"Subject: first\r\nsubject: second\r\nFROM: x@y\r\n\r\n",
    b"From a@b Tue Mar 12\r\nSubject: mbox line first\r\n\r\n", b"Subject: a\r\n\r\nSubject: in body\r\n",
    b"X: a\r\n \r\nSubject: after a blank continuation\r\n\r\n", b"Subject\t: tab\r\nFrom: a\x00b@c\r\n\r\n",
    b":empty\r\nSubject: s\r\n\r\n", b"Subject: cr\ronly\r\nDate: d\r\n\r\n",
    b"Subject: " + b"x" * 20000 + b"\r\nFrom: long@x\r\n\r\n",
    b"From: a@b\r\n\tcontinued\r\nX-Y: z\r\n\tSubject: not\r\nSubject: yes\r\n\r\n", b"No header at all\r\n",
]


def test_dovecot_header_fields_hold_the_lines_our_splitter_finds(mailserver, mailbox_user, seed):
    """The planned fetch (HEADER.FIELDS) gives the values the whole header block gives."""
    seed(mailbox_user.user, HOSTILE_HEADS)
    b = imap_backend.ImapBackend(Credentials(mailserver["host"], mailserver["imap"], mailbox_user.user,
                                             mailbox_user.password))
    b.open()
    try:
        names = frozenset({b"subject", b"from", b"date"})
        uids = b.ids()
        whole = {fm.id: fm.data for fm in b.fetch(uids, headers_only=True)}
        some = {fm.id: fm for fm in b.fetch_fields(uids, names)}
        assert set(some) == set(whole) == set(uids)
        for uid in uids:
            assert some[uid].fields == names
            a, p = mime.ParsedMessage(whole[uid], complete=False), mime.ParsedMessage(some[uid].data, complete=False)
            for name in ("Subject", "From", "Date"):
                assert p.raw_headers(name) == a.raw_headers(name), (whole[uid][:80], name)
    finally:
        b.close()
