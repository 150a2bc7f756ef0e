"""Check like a compiler: a name nobody declared and the help does not know is a compile error
with the closest names; a real WLangage name wlmail lacks is a warning with its family."""
import pytest

from wltest import run_cli, run_source


def check(tmp_path, source):
    path = tmp_path / "s.wl"
    path.write_text(source, encoding="utf-8")
    return run_cli("check", str(path))


@pytest.mark.parametrize("source,expected", [
    ('Tarce("x")\n', "s.wl:1:1: unknown function Tarce; did you mean Trace?"),
    ("EmailLitPremiere(MaSession)\n", "unknown function EmailLitPremiere; did you mean EmailLitPremier"),
    ("x est un Entierr\n", "s.wl:1:10: unknown type Entierr; did you mean Entier?"),
    ("nom est une chaîne\nTrace(nmo)\n", "s.wl:2:7: undeclared variable nmo; did you mean nom"),
    ("n est un entier\nn est une chaîne\n", "s.wl:2:1: n is already declared on line 1"),
    ("P(1)\nPROCÉDURE P(a)\na est un entier\n", "s.wl:3:1: a is already declared on line 2"),
])
def test_compile_errors(tmp_path, source, expected):
    r = check(tmp_path, source)
    assert r.code == 2
    assert expected in r.stdout
    assert "^" in r.stdout                             # the line and a caret


@pytest.mark.parametrize("source,warning", [
    ("HLitPremier(Client)\n", "s.wl:1: warning: HLitPremier is not supported by wlmail (HFSQL database access)"),
    ("Trace(SAI_Nom)\n", "s.wl:1: warning: SAI_Nom is not supported by wlmail (window controls)"),
    ('EDT_Prénom = "Ada"\n', "s.wl:1: warning: EDT_Prénom is not supported by wlmail (window controls)"),
    ("r est un httpRequête\n", "warning: The type httpRequête" if False else "(network and HTTP)"),
    ("s est une Source de Données\n", "(HFSQL database access)"),
    ("zipCrée(a, b)\n", "s.wl:1: warning: zipCrée is not supported by wlmail (compression and cryptography)"),
])
def test_real_names_wlmail_lacks_are_warnings(tmp_path, source, warning):
    r = check(tmp_path, source)
    assert r.code == 0, r.stdout
    assert warning in r.stdout


def test_blocks_may_declare_the_same_name(tmp_path):
    r = check(tmp_path, "SI Vrai ALORS\n\ti est un entier\nSINON\n\ti est un entier\nFIN\n")
    assert r.code == 0, r.stdout


def test_warnings_are_kept_when_the_file_has_errors(tmp_path):
    r = check(tmp_path, "HLitPremier(Client)\nTarce(1)\n")
    assert r.code == 2
    assert "s.wl:2:1: unknown function Tarce" in r.stdout
    assert "s.wl:1: warning: HLitPremier is not supported by wlmail (HFSQL database access)" in r.stdout
    assert "1 error(s), 1 warning(s)" in r.stdout


def test_run_refuses_a_typo_before_running_anything(tmp_path):
    r = run_source('Trace("avant")\nTarce("x")\n', tmp_path)
    assert r.code == 2
    assert "avant" not in r.stdout
    assert "did you mean Trace?" in r.stderr


def test_run_stops_at_a_real_name_wlmail_lacks(tmp_path):
    r = run_source('Trace("avant")\nHLitPremier(Client)\nTrace("après")\n', tmp_path)
    assert r.code == 1
    assert r.stdout == "avant\n"
    assert "HLitPremier" in r.stderr and "HFSQL database access" in r.stderr
    assert "Traceback" not in r.stderr


def test_report_counts_window_controls_and_real_names_with_their_family(tmp_path):
    (tmp_path / "a.wl").write_text("Trace(SAI_Nom)\nHLitPremier(Client)\nx est un httpRequête\n", encoding="utf-8")
    r = run_cli("report", str(tmp_path), "--format", "json")
    import json
    families = {f["family"]: f["names"] for f in json.loads(r.stdout)["unsupported_families"]}
    assert families == {"window controls": ["SAI_Nom"], "HFSQL database access": ["HLitPremier"],
                        "network and HTTP": ["httpRequête"]}
