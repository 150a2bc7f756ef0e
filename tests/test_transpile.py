"""`wlmail transpile`: the written Python compiles, is readable, and behaves exactly like `wlmail run`."""
import ast
import subprocess
import sys
import textwrap

import pytest

from test_language import CASES
from wltest import run_cli, run_source


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
