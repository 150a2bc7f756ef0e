"""Attachment names are data, never paths: a corpus of hostile messages of our own is read and
every attachment saved with the help's idiom `EmailSauveFichierAttaché(Piece, Rep + "/" + Piece.Nom)`
(and the Email structure's form); nothing may be written outside Rep, nothing may crash."""
import base64
import pathlib
import urllib.parse

import pytest
from conftest import seed_maildir

from wlmail.runtime.email.mime import ParsedMessage, safe_filename
from wltest import run_cli

TRAVERSALS = ["../../x", "../../../../../../tmp/x", "/tmp/x", "..\\..\\x", "C:\\Windows\\x", "C:x",
              "..", ".", "...", "a/../../x", "./../x"]
DEVICES = ["CON", "nul.txt", "COM1", "LPT9.log", "aux"]


def _q(text: str) -> str:
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in text.encode()) + "?="


def _b(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def part_headers(name: str):
    """The same name in every header form a message can use."""
    pct = urllib.parse.quote(name, safe="")
    half = len(name) // 2
    return {
        "disposition": f'Content-Disposition: attachment; filename="{name}"',
        "ctype-name": f'Content-Type: application/octet-stream; name="{name}"',
        "rfc2231": f"Content-Disposition: attachment; filename*=UTF-8''{pct}",
        "rfc2231-continued": (f"Content-Disposition: attachment;\r\n filename*0*=UTF-8''"
                              f"{urllib.parse.quote(name[:half], safe='')};\r\n"
                              f" filename*1*={urllib.parse.quote(name[half:], safe='')}"),
        "rfc2047-q": f'Content-Disposition: attachment; filename="{_q(name)}"',
        "rfc2047-b": f'Content-Type: application/octet-stream; name="{_b(name)}"',
    }


def message(subject: str, parts: list[tuple[str, bytes]]) -> bytes:
    out = [f"From: a@example.test\r\nTo: b@example.test\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n"
           f'Content-Type: multipart/mixed; boundary="BND"\r\n\r\n--BND\r\nContent-Type: text/plain\r\n\r\ncorps\r\n']
    for header, content in parts:
        extra = "" if header.startswith("Content-Type") else "Content-Type: application/octet-stream\r\n"
        out.append(f"--BND\r\n{extra}{header}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                   f"{base64.b64encode(content).decode()}\r\n")
    out.append("--BND--\r\n")
    return "".join(out).encode("utf-8")


def nested(depth: int) -> bytes:
    s = "From: a@example.test\r\nSubject: profond\r\nMIME-Version: 1.0\r\n"
    for i in range(depth):
        s += f'Content-Type: multipart/mixed; boundary="b{i}"\r\n\r\n--b{i}\r\n'
    s += 'Content-Type: application/octet-stream; name="../../profond"\r\n\r\ndeep\r\n'
    for i in reversed(range(depth)):
        s += f"--b{i}--\r\n"
    return s.encode()


def hostile_corpus() -> list[bytes]:
    msgs = []
    for name in TRAVERSALS + DEVICES:
        for form, header in part_headers(name).items():
            msgs.append(message(f"{form} {name}", [(header, b"evil")]))
    for form, header in part_headers("a\x00b.txt").items():
        if form not in ("disposition", "ctype-name"):       # a raw NUL cannot sit in a header line
            msgs.append(message(f"nul {form}", [(header, b"nul")]))
    msgs.append(message("controls", [(part_headers("x\x01\x1b[31m.txt")["rfc2231"], b"c")]))
    msgs.append(message("legit", [(part_headers("Relevé de compte 2024.pdf")["rfc2231"], b"ok"),
                                  (part_headers("Facture n°12 été.pdf")["rfc2047-q"], b"ok2")]))
    msgs.append(message("many", [(f'Content-Disposition: attachment; filename="../f{i}.bin"', b"m")
                                 for i in range(10_000)]))
    msgs.append(nested(1000))
    return msgs


SAVE_ALL = """
s est un emailSessionIMAP
s.AdresseServeur = "x"
EmailOuvreSession(s)
Rep est une chaîne = "{rep}"
n est un entier = 0
ok est un entier = 0
POUR TOUT m DE s
    POUR TOUT Piece DE m.Attache
        n++
        SI EmailSauveFichierAttaché(Piece, Rep + "/" + Piece.Nom) ALORS ok++
    FIN
FIN
Trace(n, ok)
// the Email structure's form: Email.Attache[i] holds the names
EmailLitPremier(s)
k est un entier = 0
TANTQUE PAS Email.EnDehors
    POUR i = 1 À Email.NbAttache
        SI EmailSauveFichierAttaché(Email.Attache[i], Rep + "/s_" + Email.Attache[i]) ALORS k++
    FIN
    EmailLitSuivant(s)
FIN
Trace(k)
"""


def test_hostile_corpus_never_writes_outside_the_folder(tmp_path):
    corpus = hostile_corpus()
    box, rep, outside = tmp_path / "box", tmp_path / "deep" / "a" / "rep", tmp_path / "deep"
    rep.mkdir(parents=True)
    seed_maildir(str(box), corpus)
    script = tmp_path / "save.wl"
    script.write_text(SAVE_ALL.format(rep=rep), encoding="utf-8")
    r = run_cli("run", "--mailbox", str(box), str(script))
    assert r.code == 0, r.stderr
    n, ok = map(int, r.stdout.split()[:2])
    # one part each, 2 legit, 10,000; the message nested 1,000 deep is beyond the stdlib parser's
    # recursion: it is read without error, its body is its raw text and it yields no attachment
    expected_parts = len(corpus) - 3 + 2 + 10_000
    assert n == expected_parts and ok == n                  # every part saved, under a safe name
    assert int(r.stdout.split()[2]) == n                    # the structure's form too
    written = [p for p in outside.rglob("*") if p.is_file()]
    escaped = [p for p in written if rep not in p.parents]
    assert escaped == []
    assert not pathlib.Path("/tmp/x").exists() or pathlib.Path("/tmp/x").read_bytes() != b"evil"
    names = {p.name for p in rep.iterdir()}
    assert {"Relevé de compte 2024.pdf", "Facture n°12 été.pdf", "x", "a_b.txt", "_CON", "_nul.txt"} <= names
    assert not any(c in name for name in names for c in "\x00\x01\x1b\\")


@pytest.mark.parametrize("raw,safe", [
    ("../../x", "x"), ("/etc/passwd", "passwd"), ("C:\\Windows\\win.ini", "win.ini"), ("..", ""),
    ("a\x00b", "a_b"), ("CON", "_CON"), ("com1.txt", "_com1.txt"), ("Relevé 2024.pdf", "Relevé 2024.pdf"),
    ("  espace .txt  ", "espace .txt"), (".bashrc", ".bashrc"), ("nom.", "nom"),
])
def test_safe_filename(raw, safe):
    assert safe_filename(raw) == safe


def test_nameless_traversal_gets_a_generated_name():
    msg = ParsedMessage(message("x", [('Content-Disposition: attachment; filename=".."', b"z")]))
    assert [a.name for a in msg.body.attachments] == ["piece1.bin"]


def test_save_with_nul_in_path_is_a_wlangage_error(tmp_path):
    script = tmp_path / "nul.wl"
    script.write_text(f"""
p est un emailAttache
p.Nom = "x"
p.Contenu = "abc"
Trace(EmailSauveFichierAttaché(p, "{tmp_path}/a" + Caract(0) + "b"), ErreurDétectée, Email.Erreur)
""", encoding="utf-8")
    r = run_cli("run", str(script))
    assert (r.code, r.stdout.strip()) == (0, "0 1 13"), r.stderr
    assert "internal error" not in r.stderr


def test_hostile_corpus_through_dovecot(tmp_path, mailserver, mailbox_user):
    from conftest import seed_messages
    corpus = [m for m in hostile_corpus() if len(m) < 200_000]          # the 10,000 parts are read offline above
    seed_messages(mailserver, mailbox_user.user, corpus)
    rep, outside = tmp_path / "deep" / "rep", tmp_path / "deep"
    rep.mkdir(parents=True)
    script = tmp_path / "save.wl"
    script.write_text(SAVE_ALL.format(rep=rep).replace('s.AdresseServeur = "x"', f'''s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver['imap']}
s.Nom = "{mailbox_user.user}"
s.MotDePasse = "{mailbox_user.password}"'''), encoding="utf-8")
    r = run_cli("run", str(script))
    assert r.code == 0, r.stderr
    n, ok, k = map(int, r.stdout.split())
    assert n == ok == k == len(corpus) - 2 + 2
    assert [p for p in outside.rglob("*") if p.is_file() and rep not in p.parents] == []
