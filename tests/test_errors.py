"""Errors: exact messages and positions, exit statuses, encodings, `wlmail check`."""
import pathlib
import re

import pytest

from wltest import run_cli, run_source

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_syntax_error_has_position_line_and_caret(tmp_path):
    r = run_source("""
    x est un entier
    x = 3 +* 2
    """, tmp_path)
    path = tmp_path / "test.wl"
    assert r.code == 2
    assert r.stdout == ""
    assert r.stderr == f"{path}:2:8: unexpected '*'\n    x = 3 +* 2\n           ^\n"


def test_missing_fin_names_the_open_block(tmp_path):
    r = run_source("""
    x est un entier
    SI x > 3 ALORS
        POUR i = 1 A 3
            Trace(i)
        FIN
    """, tmp_path)
    assert r.code == 2
    first = r.stderr.splitlines()[0]
    assert first.endswith("test.wl:5:8: expected FIN to close the SI opened at line 2")


def test_missing_end_in_english(tmp_path):
    r = run_source("""
    WHILE True
        Trace(1)
    """, tmp_path)
    assert "expected END to close the WHILE opened at line 1" in r.stderr


def test_undeclared_variable_is_a_compile_error(tmp_path):
    r = run_source("""
    Trace("rien ne s'exécute")
    total = 3
    """, tmp_path)
    assert r.code == 2
    assert r.stdout == ""
    assert r.stderr.splitlines()[0].endswith("test.wl:2:1: undeclared variable total")


def test_runtime_error_reports_wl_line_and_exit_1(tmp_path):
    r = run_source("""
    t est un tableau de chaînes
    Trace("avant")
    Trace(t[2])
    """, tmp_path)
    assert r.code == 1
    assert r.stdout == "avant\n"
    assert r.stderr == f"{tmp_path / 'test.wl'}:3: Array index 2 is out of range (the array has 0 element(s))\n"


def test_runtime_error_inside_procedure_points_at_its_line(tmp_path):
    r = run_source("""
    Calcule(0)

    PROCEDURE Calcule(d)
    x est un entier = 1
    RENVOYER x / d
    """, tmp_path)
    assert r.code == 1
    assert r.stderr == f"{tmp_path / 'test.wl'}:5: Division by zero\n"


def test_debug_adds_python_traceback(tmp_path):
    r = run_source("x est un entier = 1 / 0\n", tmp_path, "test.wl", "--debug")
    assert r.code == 1
    assert "Traceback" in r.stderr and "Division by zero" in r.stderr


def test_unsupported_function_compiles_and_names_itself_when_run(tmp_path):
    r = run_source("""
    Trace("début")
    HLitPremier(Client, Nom)
    """, tmp_path)
    assert r.code == 1
    assert r.stdout == "début\n"
    assert r.stderr.strip().endswith("test.wl:2: HLitPremier is not supported by wlmail (HFSQL database access)")


def test_unsupported_type_names_itself(tmp_path):
    r = run_source("""
    req est un httpRequête
    """, tmp_path)
    assert r.code == 1
    assert "httpRequête is not supported by wlmail (network and HTTP)" in r.stderr


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_source_encodings(tmp_path, encoding, bom):
    text = 'Trace("Été à Noël : ça marche")\r\n'
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "enc.wl"
    path.write_bytes(data)
    r = run_cli("run", str(path))
    assert r.stdout == "Été à Noël : ça marche\n"


def test_check_reports_every_error_in_every_file(tmp_path):
    (tmp_path / "a.wl").write_text("x est un entier\nx = (1 +\ny = 2\n", encoding="utf-8")
    (tmp_path / "b.wl").write_text("Trace(1 +* 2)\nTrace(2 +* 3)\nHLitPremier(C)\n", encoding="utf-8")
    (tmp_path / "c.wl").write_text('Trace("ok")\nFenEtat(FEN_Accueil)\n', encoding="utf-8")
    r = run_cli("check", str(tmp_path))
    assert r.code == 2
    lines = [l for l in r.stdout.splitlines() if re.match(r"^\S+\.wl:\d+", l)]
    b_errors = [l for l in lines if "b.wl" in l and "unexpected" in l]
    assert [l.split(":")[1] for l in b_errors] == ["1", "2"]           # both errors of b.wl
    assert any("c.wl:2: warning: FenEtat is not supported by wlmail" in l for l in lines)
    assert r.stdout.strip().splitlines()[-1].startswith("3 file(s) checked:")


def test_check_clean_file_exits_0(tmp_path):
    (tmp_path / "ok.wl").write_text('Trace("ok")\n', encoding="utf-8")
    r = run_cli("check", str(tmp_path / "ok.wl"))
    assert r.code == 0
    assert "1 file(s) checked: 0 error(s), 0 warning(s)" in r.stdout


def _seed_snippets():
    snippets = []
    for f in sorted(SEEDS.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        snippets += re.findall(r"```wl\n(.*?)```", text, re.S)
    return snippets


def test_seed_snippets_parse():
    from wlmail.syntax import parse
    snippets = _seed_snippets()
    assert len(snippets) >= 4
    for code in snippets:
        parse(code)


@pytest.mark.parametrize("source,message", [
    ("FIN\n", "1:1: unexpected FIN"),
    ("x est un entier\nSI ALORS\nFIN\n", "2:4: unexpected ALORS"),
])
def test_stray_keywords_are_errors_not_calls(tmp_path, source, message):
    path = tmp_path / "k.wl"
    path.write_text(source, encoding="utf-8")
    r = run_cli("run", str(path))
    assert r.code == 2
    assert r.stderr.splitlines()[0].endswith(f"k.wl:{message}")
