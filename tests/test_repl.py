"""`wlmail repl`: the real command driven through a pseudo-terminal (pexpect), and piped stdin."""
from __future__ import annotations

import io
import os
import pathlib
import re
import subprocess
import sys

import pexpect
import pytest

from wlmail.repl import Repl, _Candidates, python_source, run_repl

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEMO_MAILDIR = ROOT / "examples" / "demo-maildir"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
# prompt_toolkit turns bracketed paste on while it reads an input and off when the input is
# accepted: what the program prints in between is the input's output.
_INPUT_DONE = "\x1b[?2004l"
_PROMPT_READY = "\x1b[?2004h"


def clean(text: str) -> str:
    return _ANSI.sub("", text)


class Terminal:
    def __init__(self, tmp_path, *extra, cpr=False):
        env = dict(os.environ, TERM="xterm", PYTHONPATH=str(ROOT))
        env.pop("PROMPT_TOOLKIT_NO_CPR", None)
        if not cpr:                 # pexpect never answers cursor position requests
            env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        self.history = tmp_path / "history"
        self.child = pexpect.spawn(sys.executable, ["-m", "wlmail", "repl", "--history", str(self.history), *extra],
                                   env=env, cwd=str(ROOT), encoding="utf-8", dimensions=(40, 160), timeout=15)
        self.child.delaybeforesend = None
        self.child.expect_exact(_PROMPT_READY)

    def submit(self, *lines: str) -> str:
        """Type the lines (Enter after each); the output of the input they complete."""
        for line in lines:
            self.child.send(line + "\r")
        return self.output()

    def output(self) -> str:
        self.child.expect_exact(_INPUT_DONE)
        self.child.expect_exact(_PROMPT_READY)
        return clean(self.child.before)

    def lines(self, *typed: str) -> list[str]:
        return [line for line in self.submit(*typed).split("\n") if line.strip()]

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def term(tmp_path):
    t = Terminal(tmp_path)
    yield t
    t.close()


def test_interactive_session(term, tmp_path):
    # declare a variable, then use it
    assert term.lines("n est un entier = 6") == []
    assert term.lines("Trace(n * 7)") == ["42"]
    # a multi-line POUR loop: nothing runs before its FIN
    term.child.send("POUR i = 1 À 3\r")
    term.child.expect_exact("...")
    term.child.send("Trace(i * n)\r")
    term.child.expect_exact("...")
    assert term.lines("FIN") == ["6", "12", "18"]
    # an IF block completed with FIN, ELSE branch included
    assert term.lines("SI n > 10 ALORS", 'Trace("grand")', "SINON", 'Trace("petit")', "FIN") == ["petit"]
    # an expression typed alone shows its value; so does a function call
    assert term.lines("n + 1") == ["7"]
    assert term.lines("n") == ["6"]
    assert term.lines('Majuscule("abc")') == ["ABC"]
    # errors: syntax, compile and run time; the session goes on
    out = term.submit("Trace(1/0)")
    assert "error: Division by zero" in out
    out = term.submit("inconnu = 3")
    assert "error: undeclared variable inconnu" in out
    term.child.send("Trace(n,\r")         # an open bracket waits for its closing one
    term.child.expect_exact("...")
    assert term.lines("n + 1)") == ["6 7"]
    out = term.submit("Trace(1))")
    assert "error: unexpected ')'" in out
    assert term.lines("Trace(n)") == ["6"]
    # a procedure: its header takes the lines up to an empty one
    assert term.lines("PROCÉDURE Double(x)", "RENVOYER x * 2", "") == []
    assert term.lines("Double(21)") == ["42"]
    assert term.lines("Trace(Double(n) + 1)") == ["13"]
    # :py shows the Python an input compiles to
    assert "showing the Python code: on" in term.submit(":py")
    out = term.lines("n = Double(n)")
    assert out == ["n = wl_int(Double(n))"] or out == ["n = Double(n)"], out
    assert "off" in term.submit(":py")
    # :vars: name, type, value
    out = term.lines(':vars')
    assert "n : entier = 12" in out
    assert "procedures: Double" in out
    # Ctrl-C cancels the input being typed
    term.child.send("SI n > 0 ALORS\r")
    term.child.expect_exact("...")
    term.child.sendcontrol("c")
    term.child.expect_exact(_PROMPT_READY)
    assert term.lines("Trace(\"après\")") == ["après"]
    # Ctrl-C also stops a running input, and the session goes on
    term.submit("tours est un entier")
    term.child.send("BOUCLE\r")
    term.child.expect_exact("...")
    term.child.send('SI tours = 0 ALORS Trace("en cours")\r')
    term.child.send("tours++\r")
    term.child.send("FIN\r")
    term.child.expect_exact(_INPUT_DONE)
    term.child.expect_exact("en cours\r\n")    # the loop runs
    for _ in range(10):                        # the terminal may still be leaving raw mode: retry
        term.child.sendcontrol("c")
        if term.child.expect_exact(["error: interrupted", pexpect.TIMEOUT], timeout=3) == 0:
            break
    else:
        raise AssertionError("Ctrl-C did not stop the running input")
    term.child.expect_exact(_PROMPT_READY)
    assert term.lines("Trace(n)") == ["12"]
    # Ctrl-D quits
    term.child.sendcontrol("d")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0
    # the history file holds whole inputs, blocks included
    history = term.history.read_text("utf-8")
    assert "+Trace(n * 7)" in history
    assert "+Trace(i * n)" in history


def test_history_and_completion(tmp_path):
    first = Terminal(tmp_path)
    try:
        assert first.lines('Trace("depuis l\'historique")') == ["depuis l'historique"]
        first.child.sendcontrol("d")
        first.child.expect(pexpect.EOF)
    finally:
        first.close()
    second = Terminal(tmp_path)
    try:
        # Up recalls the previous session's input
        second.child.send("\x1b[A")
        assert second.lines("") == ["depuis l'historique"]
        # Tab completes a runtime name...
        second.child.send("Tai\t")
        second.child.expect_exact("lle")       # the rest of "Taille", drawn after the Tab
        assert second.lines('("abcd")') == ["4"]
        # ... a declared variable, and a property after `variable.`
        assert second.lines("MaSession est un emailSessionIMAP") == []
        second.child.send("MaSess\t")
        second.child.expect_exact("ion")
        second.child.send(".Adr\t")
        second.child.expect_exact("esseServeur")
        assert second.lines(' = "imap.test"') == []
        assert second.lines("Trace(MaSession.AdresseServeur)") == ["imap.test"]
        second.child.send(":quit\r")
        second.child.expect(pexpect.EOF)
    finally:
        second.close()


@pytest.mark.skipif(not DEMO_MAILDIR.is_dir(), reason="examples/demo-maildir not built")
def test_mail_session_in_repl(tmp_path):
    t = Terminal(tmp_path, "--mailbox", str(DEMO_MAILDIR))
    try:
        assert t.lines("MaSession est un emailSessionIMAP") == []
        t.submit('MaSession.AdresseServeur = "imap.masociete.fr"')
        t.submit('MaSession.Nom = "utilisateur"')
        t.submit('MaSession.MotDePasse = "secret"')
        assert t.lines("EmailOuvreSession(MaSession)") == ["1"]
        count = t.lines("Trace(EmailNbMessage(MaSession))")
        assert len(count) == 1 and int(count[0]) > 0
        # the session stays open between inputs
        assert t.lines("EmailNbMessage(MaSession)") == count
        out = t.submit(":vars")
        assert "secret" not in out                  # never a password
        t.child.sendcontrol("d")
        t.child.expect(pexpect.EOF)
        t.child.close()
        assert t.child.exitstatus == 0
    finally:
        t.close()


# ---- piped stdin --------------------------------------------------------------------------

def piped(text: str, *extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wlmail", "repl", *extra], input=text, capture_output=True,
                          text=True, cwd=str(ROOT), timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_piped_stdin():
    proc = piped("Trace(1)\n")
    assert proc.stdout == "1\n"
    assert proc.returncode == 0


def test_piped_blocks_and_errors():
    proc = piped("\n".join([
        "x est un entier = 2",
        "POUR i = 1 À 2",
        "    Trace(i * x)",
        "FIN",
        "x + 1",
        "Trace(y)",
        "PROCÉDURE Carre(a)",
        "RENVOYER a * a",
        "",
        "Carre(x)",
        "SI x = 2 ALORS",
    ]) + "\n")
    assert proc.stdout == "2\n4\n3\n4\n"
    assert "error: undeclared variable y" in proc.stderr
    assert "expected FIN to close the SI opened at line 1" in proc.stderr
    assert proc.returncode == 1


def session(text: str) -> str:
    out = io.StringIO()
    run_repl(history=os.devnull, input=io.StringIO(text), output=out)
    return out.getvalue()


def test_in_process_commands(tmp_path):
    script = tmp_path / "lib.wl"
    script.write_bytes("PROCÉDURE Salue(nom)\nRENVOYER \"Bonjour \" + nom\n".encode("cp1252"))
    script2 = tmp_path / "data.wl"
    script2.write_text('total est un entier = 40\nTaille("xx")\n', encoding="utf-8")
    out = session(f":load {script}\n:load {script2}\nSalue(\"Zoé\")\ntotal + 2\n:vars\n:help\n:quit\nTrace(99)\n")
    assert "Bonjour Zoé\n42\n" in out
    assert "total : entier = 40" in out
    assert ":load FILE.wl" in out
    assert "99" not in out and "\n2\n" not in out      # :load does not echo; :quit stops


def test_structures_arrays_and_english():
    out = session("\n".join([
        "Client est une Structure",
        "  Nom est une chaîne",
        "  Age est un entier",
        "FIN",
        "c est un Client",
        'c.Nom = "Ana"',
        "c.Age = 30",
        "c.Nom",
        "t is array of int",
        "t.Add(3)",
        "ArrayAdd(t, 4)",
        "FOR EACH v OF t",
        "  Trace(v)",
        "END",
        "IF c.Age > 18 THEN Trace(\"adult\")",
        ":vars",
    ]) + "\n")
    lines = out.splitlines()
    assert lines[:1] == ["Ana"]
    assert "3" in lines and "4" in lines and "adult" in lines
    assert any(line.startswith("c : Client = ") for line in lines)
    assert any(line.startswith("t : tableau de entier") for line in lines)


def test_failed_declaration_is_forgotten():
    out = session("z est un entier = 1/0\nz = 3\n")
    assert out.count("error:") == 2
    assert "undeclared variable z" in out          # not a Python NameError


def test_python_source_hides_imports_and_markers():
    from wlmail.compiler import Scope, compile_source
    module, _ = compile_source("PROCÉDURE f(a)\nRENVOYER a + 1\n", "<t>", mode="repl",
                               repl_scope=Scope(None, "<module>", module=True))
    text = python_source(module)
    assert "import" not in text and "#wl:" not in text
    assert text.startswith("def f(a):")


def test_completion_candidates():
    repl = Repl(out=io.StringIO(), err=io.StringIO())
    repl.handle("MonCompteur est un entier = 1")
    repl.handle("MaSession est un emailSessionSMTP")
    repl.handle("PROCÉDURE Calcule()\nRENVOYER 1\n")
    cand = _Candidates(repl)

    def names(text):
        return [c[0] for c in cand.complete(text)]

    assert "EmailOuvreSession" in names("emailouv")           # any case, any accents
    assert "EmailRécupèreTout" in names("EmailRecupere")
    assert "SINON" in names("SIN") and "WHILE" in names("WHI")  # FR and EN keywords
    assert names("MonC") == ["MonCompteur"]
    assert "Calcule" in names("Calc")
    props = names("MaSession.")
    assert "AdresseServeur" in props and "Nom" in props and "Port" in props
    assert "MotDePasse" in props
    assert names("MaSession.adr") == ["AdresseServeur"]
    assert names('Trace("MaSess') == []                      # not inside a string
    assert ":vars" in names(":v")


def test_error_inside_block_reported_when_block_ends():
    out = session("n est un entier = 3\nSI n ALORS\nx + + 2\nTrace(1)\nFIN\nTrace(n)\n")
    assert out.count("error:") == 1
    assert "line 2:3: unexpected '+'" in out
    assert out.endswith("3\n")


def test_commands_and_ctrl_d_work_inside_a_broken_block(tmp_path):
    term = Terminal(tmp_path)
    try:
        assert term.lines("n est un entier = 6") == []
        term.child.send("SI n > ALORS\r")            # broken: the parser waits for its FIN
        term.child.expect_exact("...")
        out = term.lines(":vars")                     # ...but a command runs at once
        assert "n : entier = 6" in out
        out = term.submit("FIN")                      # the block came back: FIN ends it, and its
        assert "error:" in out and "ALORS" in out     # error is reported at last
        assert term.lines("Trace(n)") == ["6"]
        term.child.send("SI n > ALORS\r")
        term.child.expect_exact("...")
        term.lines(":vars")
        term.child.sendcontrol("c")                   # or Ctrl-C cancels it
        term.child.expect_exact(_PROMPT_READY)
        assert term.lines("Trace(n + 1)") == ["7"]
        # a command in the middle of a good block; the block is then finished as usual
        term.child.send("SI n > 1 ALORS\r")
        term.child.expect_exact("...")
        term.child.send('Trace("grand")\r')
        term.child.expect_exact("...")
        assert any(":vars" in line for line in term.lines(":help"))
        assert term.lines("FIN") == ["grand"]
        # Ctrl-D quits from inside an unfinished block
        term.child.send("POUR i = 1 À 3\r")
        term.child.expect_exact("...")
        term.child.sendcontrol("d")
        term.child.expect(pexpect.EOF)
        term.child.close()
        assert term.child.exitstatus == 0
    finally:
        term.close()


def test_quit_command_inside_a_block(tmp_path):
    term = Terminal(tmp_path)
    try:
        term.child.send("TANTQUE Vrai\r")
        term.child.expect_exact("...")
        term.child.send(":quit\r")
        term.child.expect(pexpect.EOF)
        term.child.close()
        assert term.child.exitstatus == 0
    finally:
        term.close()


def test_no_cursor_position_warning(tmp_path):
    """pexpect, like some terminals, never answers cursor position requests: prompt_toolkit's
    warning about it must not reach the user."""
    term = Terminal(tmp_path, cpr=True)
    try:
        assert term.lines("Trace(1 + 1)") == ["2"]
        term.child.send("SI Vrai ALORS\r")
        term.child.expect_exact("...")
        assert term.lines('Trace("ok")', "FIN") == ["ok"]
        with pytest.raises(pexpect.TIMEOUT):          # whatever arrives in the next seconds
            term.child.expect("WARNING|cursor position", timeout=3)
        seen = clean(term.child.before or "")
        assert "WARNING" not in seen and "cursor position" not in seen
        term.child.sendcontrol("d")
        term.child.expect(pexpect.EOF)
        assert "WARNING" not in clean(term.child.before or "")
    finally:
        term.close()


def test_piped_command_inside_an_open_block():
    proc = subprocess.run([sys.executable, "-m", "wlmail", "repl"], capture_output=True, text=True, timeout=60,
                          input='n est un entier = 2\nPOUR i = 1 À n\n:vars\nTrace(i)\nFIN\n:quit\nTrace("non")\n',
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=str(ROOT))
    assert proc.stdout.splitlines() == ["n : entier = 2", "1", "2"], proc.stdout + proc.stderr
    assert proc.returncode == 0
