"""wlmail's multipart splitter (mime._split_parse) gives exactly what the standard compat32
parser gives, on ordinary and on odd shapes (the odd ones fall back to the standard parser)."""
from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from wlmail.runtime.email import mime

from test_fetch_plan import SHAPES, _big_message, _head

ODD = [
    _head(10, 'Content-Type: multipart/mixed; boundary="b"') +            # LF only, preamble, epilogue
    "pre\n--b\nContent-Type: text/plain\n\nun\n--b \t\nContent-Type: text/html\n\n<p>deux</p>\n--b--\nepilogue\n",
    _head(11, 'Content-Type: multipart/mixed; boundary="b"') +            # boundary-like lines in content
    "--b\r\nContent-Type: text/plain\r\n\r\n--bx pas une limite\r\n x--b\r\n--b--\r\n",
    _head(12, 'Content-Type: multipart/mixed; boundary="b"') +            # the same boundary nested
    '--b\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n\r\nin\r\n--b--\r\n--b--\r\n',
    _head(13, 'Content-Type: multipart/digest; boundary="d"') +
    "--d\r\n\r\nSubject: digest\r\n\r\ncorps\r\n--d--\r\n",
    _head(14, 'Content-Type: multipart/mixed; boundary="b"') +            # a header block without blank line
    "--b\r\nContent-Type: text/plain\r\ncorps sans ligne vide\r\n--b--\r\n",
    _head(15, 'Content-Type: multipart/mixed; boundary="b"') + "no delimiter at all\r\n",
    _head(16, 'Content-Type: multipart/mixed; boundary="b"') +            # an attached 8-bit file name
    '--b\r\nContent-Type: text/plain\r\n\r\ntexte\r\n--b\r\nContent-Type: application/pdf; name="é.pdf"\r\n'
    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n",
]


def _reading(body: mime.Body):
    return body.text, body.html, [(a.name, a.content, a.content_type, a.cid, a.description) for a in body.attachments]


@pytest.mark.parametrize("raw", [s.encode() for s in SHAPES + ODD] + [_big_message(1)],
                         ids=[f"shape{i}" for i in range(len(SHAPES) + len(ODD) + 1)])
def test_split_parser_reads_like_the_standard_parser(raw, monkeypatch):
    ours = _reading(mime._parse_body(raw))
    monkeypatch.setattr(mime, "_parse_message", BytesParser(policy=policy.compat32).parsebytes)
    assert ours == _reading(mime._parse_body(raw))
