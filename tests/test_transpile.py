"""`wlmail transpile`: the written Python compiles, is readable, and behaves exactly like `wlmail run`."""
import ast
import subprocess
import sys
import textwrap

import pytest

from test_language import CASES
from wltest import run_cli


def _python(path, cwd):
    proc = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, cwd=cwd, timeout=60)
    return proc.stdout, proc.returncode


@pytest.mark.parametrize("case_id,source", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_transpiled_case_behaves_like_run(case_id, source, tmp_path):
    wl = tmp_path / "case.wl"
    wl.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    expected = run_cli("run", str(wl))
    r = run_cli("transpile", str(wl), "-o", str(tmp_path / "case.py"))
    assert r.code == 0, r.stderr
    stdout, code = _python(tmp_path / "case.py", tmp_path)
    assert (stdout, code) == (expected.stdout, expected.code)


def test_runtime_error_has_same_status(tmp_path):
    wl = tmp_path / "err.wl"
    wl.write_text('Trace("a")\nx est un entier = 1 / 0\nTrace("b")\n', encoding="utf-8")
    expected = run_cli("run", str(wl))
    run_cli("transpile", str(wl))
    stdout, code = _python(tmp_path / "err.py", tmp_path)
    assert (stdout, code) == (expected.stdout, expected.code) == ("a\n", 1)


def test_output_keeps_wlangage_lines_as_comments_and_names(tmp_path):
    wl = tmp_path / "lire.wl"
    wl.write_text(textwrap.dedent("""\
        // Lecture des messages
        MaSession est un emailSessionIMAP
        MaSession.Nom = "utilisateur"
        n est un entier = Taille("abc") + ...
            1
        POUR TOUT MonMessage DE MaSession
            Trace(MonMessage.Sujet)
        FIN
        """), encoding="utf-8")
    run_cli("transpile", str(wl))
    py = (tmp_path / "lire.py").read_text(encoding="utf-8")
    ast.parse(py)
    assert "    # // Lecture des messages\n    # MaSession est un emailSessionIMAP\n    MaSession = emailSessionIMAP()" in py
    assert "# n est un entier = Taille(\"abc\") + ...\n    #     1\n" in py.replace("# 1", "#     1") or \
        '# n est un entier = Taille("abc") + ...' in py
    assert "MaSession.Nom = 'utilisateur'" in py
    assert "Trace(MonMessage.Sujet)" in py
    assert "#wl:" not in py


def test_unsupported_calls_are_kept_and_listed(tmp_path):
    wl = tmp_path / "h.wl"
    wl.write_text('Trace("x")\nHLitPremier(Client)\n', encoding="utf-8")
    r = run_cli("transpile", str(wl))
    assert "h.wl:2: HLitPremier is not supported by wlmail (HFSQL database access)" in r.stdout
    py = tmp_path / "h.py"
    compile(py.read_text(encoding="utf-8"), str(py), "exec")
    stdout, code = _python(py, tmp_path)
    assert (stdout, code) == ("x\n", 1)


def test_tree_keeps_relative_paths_and_summarises(tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    (src / "un.wl").write_text('Trace(1)\n', encoding="utf-8")
    (src / "a" / "b" / "deux.wl").write_text('Trace(2)\n', encoding="cp1252")
    (src / "a" / "casse.wl").write_text('Trace(2 +* 3)\n', encoding="utf-8")
    r = run_cli("transpile", str(src), "-o", str(tmp_path / "port"))
    assert r.code == 2
    assert (tmp_path / "port" / "un.py").exists()
    assert (tmp_path / "port" / "a" / "b" / "deux.py").exists()
    assert not (tmp_path / "port" / "a" / "casse.py").exists()
    assert "2 file(s) transpiled, 1 failed" in r.stdout
    assert "casse.wl:1:10: unexpected '*'" in r.stderr


def test_examples_are_laid_out_for_people(tmp_path):
    import pathlib
    examples = pathlib.Path(__file__).resolve().parents[1] / "examples"
    r = run_cli("transpile", str(examples), "-o", str(tmp_path / "port"))
    assert r.code == 0, r.stderr
    for py in (tmp_path / "port").glob("*.py"):
        text = py.read_text(encoding="utf-8")
        ast.parse(text)
        code_lines = [l for l in text.splitlines() if not l.lstrip().startswith("#")]
        assert max(len(l) for l in code_lines) <= 79, py.name
        assert "wl_str(MonMessage" not in text and "wl_str(Email." not in text   # typed properties


def _python_run(py, *args, cwd, env=None):
    import os
    proc = subprocess.run([sys.executable, str(py), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60, env={**os.environ, **(env or {})})
    return proc.stdout, proc.stderr, proc.returncode


ERRORS_IN_PROCEDURE = """\
Trace("début")
n est un entier = 3
// une division qui échoue
Diviser(n, ...
    0)

PROCÉDURE Diviser(a, b)
    Trace("division")
    RENVOYER a / b
"""


def test_uncaught_errors_name_wl_lines_as_run_does(tmp_path):
    (tmp_path / "err.wl").write_text(ERRORS_IN_PROCEDURE, encoding="utf-8")
    from wltest import run_subprocess
    expected = run_subprocess("run", "err.wl", cwd=tmp_path)
    assert expected.stderr == "err.wl:9: Division by zero\n"
    assert run_cli("transpile", str(tmp_path / "err.wl")).code == 0
    assert _python_run("err.py", cwd=tmp_path) == (expected.stdout, expected.stderr, 1)
    # in another folder, the .wl file is found beside the .py file
    (tmp_path / "port").mkdir()
    run_cli("transpile", str(tmp_path / "err.wl"), "-o", str(tmp_path / "port"))
    assert _python_run("port/err.py", cwd=tmp_path)[1] == "err.wl:9: Division by zero\n"
    assert _python_run("err.py", cwd=tmp_path / "port")[1] == f"{tmp_path / 'err.wl'}:9: Division by zero\n"
    # an error in the main code, after a procedure was called
    (tmp_path / "main.wl").write_text('Trace(1)\n\n\nx est un entier = 1 / 0\n', encoding="utf-8")
    run_cli("transpile", str(tmp_path / "main.wl"))
    assert _python_run("main.py", cwd=tmp_path)[1:] == ("main.wl:4: Division by zero\n", 1)
    # --debug adds the Python traceback, as with `wlmail run`
    _, err, code = _python_run("main.py", "--debug", cwd=tmp_path)
    assert err.startswith("main.wl:4: Division by zero\nTraceback") and code == 1


def test_transpiled_program_takes_the_options_of_run(tmp_path):
    import pathlib
    import shutil
    root = pathlib.Path(__file__).resolve().parents[1]
    shutil.copytree(root / "examples" / "demo-maildir", tmp_path / "demo")
    shutil.copy(root / "examples" / "lire_non_lus.wl", tmp_path)
    expected = run_cli("run", "--mailbox", str(tmp_path / "demo"), str(tmp_path / "lire_non_lus.wl"))
    assert expected.code == 0 and "message(s) non lu(s)" in expected.stdout
    run_cli("transpile", str(tmp_path / "lire_non_lus.wl"))
    assert _python_run("lire_non_lus.py", "--mailbox", "demo", cwd=tmp_path) == (expected.stdout, "", 0)
    assert _python_run("lire_non_lus.py", "--mailbox", "demo", "un", "--deux", cwd=tmp_path) == \
        (expected.stdout, "", 0)                          # the script's own arguments
    assert _python_run("lire_non_lus.py", cwd=tmp_path, env={"WLMAIL_MAILBOX": "demo"}) == \
        (expected.stdout, "", 0)
    out, err, code = _python_run("lire_non_lus.py", "--help", cwd=tmp_path)
    assert code == 0
    run_help = run_cli("run", "--help").stdout
    from wlmail.runtime.program import OPTIONS
    for option in OPTIONS:                                # one table for both
        assert option.flag in out and option.flag in run_help
        assert option.env in out and option.env in run_help
    out, err, code = _python_run("lire_non_lus.py", "--mailbx", "demo", cwd=tmp_path)
    assert (out, code) == ("", 2) and "unrecognized arguments: --mailbx" in err


@pytest.mark.parametrize("argv,arguments", [
    (["un", "-v", "--mailbox", "x"], ["un", "-v", "--mailbox", "x"]),
    (["--debug", "--", "--mailbox", "x"], ["--mailbox", "x"]),
    ([], []),
])
def test_transpiled_program_arguments(argv, arguments):
    from wlmail.runtime import program
    seen = []

    def main():
        seen.append(list(program.arguments))
    main.__module__ = "transpiled"                        # as if imported: no sys.exit
    assert program.run_program(main, "x.wl", {1: 1}, argv=argv) == 0
    assert seen == [arguments]


def test_script_arguments_follow_the_script(tmp_path, monkeypatch):
    (tmp_path / "a.wl").write_text('Trace("[" + LigneCommande() + "]")\n', encoding="utf-8")
    r = run_cli("run", "--debug", str(tmp_path / "a.wl"), "un", "--mailbox", "deux")
    assert (r.stdout, r.code) == ("[un --mailbox deux]\n", 0)      # after the script: the script's
    (tmp_path / "ailleurs").mkdir()                                # --mailbox must exist
    monkeypatch.setenv("WLMAIL_MAILBOX", str(tmp_path / "ailleurs"))
    (tmp_path / "b.wl").write_text('s est un emailSessionIMAP\ns.AdresseServeur = "imap.invalid"\n'
                                   'Trace("[" + LigneCommande() + "]", EmailOuvreSession(s))\n', encoding="utf-8")
    r = run_cli("run", str(tmp_path / "b.wl"))
    assert (r.stdout, r.code) == ("[] 1\n", 0)                     # opened: the Maildir of WLMAIL_MAILBOX
