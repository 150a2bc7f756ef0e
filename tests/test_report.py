"""`wlmail report`: porting readiness of a tree of .wl files."""
from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import subprocess
import sys

from wlmail.report import analyse_file, report

ROOT = pathlib.Path(__file__).resolve().parents[1]

GOOD = """\
// mail reader {i}
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "imap.masociete.fr"
nb est un entier = 0
SI EmailOuvreSession(MaSession) ALORS
    POUR TOUT MonMessage NON LU DE MaSession
        nb++
        Trace(MonMessage.Sujet)
    FIN
    EmailFermeSession(MaSession)
SINON
    Erreur(ErreurInfo(errComplet))
FIN
Trace(Double(nb))

PROCÉDURE Double(a est un entier)
    RENVOYER a * 2
"""
# 11 statements: 2 declarations, 1 assignment, SI, POUR TOUT, nb++, Trace, EmailFermeSession,
# Erreur, Trace, RENVOYER.

LEGACY_CP1252 = """\
// Étiquettes : fichier encodé en Windows-1252
Étiquette est une chaîne = "Réglé à l'été"
Trace(Majuscule(Étiquette))
HLitPremier(Client, NomClient)
Ouvre(FEN_Principale)
x est une xmlDocument
"""

BROKEN = """\
SI Vrai ALORS
    Trace("jamais fermé")
POUR i = 1 À 3
    Trace(i)
"""

CALLS_OTHER_FILE = """\
Trace(Outil(1))
"""

DEFINES_PROCEDURE = """\
PROCÉDURE Outil(n)
    RENVOYER n + 1
"""

UNDECLARED = """\
Trace(PasDéclarée)
"""


def make_tree(root: pathlib.Path, n: int) -> dict:
    """n files: mostly good ones, plus broken, Windows-1252, binary, empty and cross-file ones."""
    kinds = {"good": 0, "cp1252": 0, "broken": 0, "binary": 0, "undeclared": 0}
    (root / "lib").mkdir(parents=True)
    (root / "lib" / "outils.wl").write_text(DEFINES_PROCEDURE, encoding="utf-8")
    (root / "lib" / "appel.WL").write_text(CALLS_OTHER_FILE, encoding="utf-8")
    (root / "lib" / "vide.wl").write_bytes(b"")
    (root / "lib" / "notes.txt").write_text("SI sans FIN", encoding="utf-8")   # not a .wl file
    for i in range(n - 3):
        folder = root / f"module{i % 7}" / ("sous" if i % 2 else "")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{i:04d}.wl"
        kind = ("good", "good", "good", "good", "cp1252", "broken", "good", "binary", "good", "undeclared")[i % 10]
        kinds[kind] += 1
        if kind == "good":
            path.write_text(GOOD.format(i=i), encoding="utf-8")
        elif kind == "cp1252":
            path.write_bytes(LEGACY_CP1252.encode("cp1252"))
        elif kind == "broken":
            path.write_text(BROKEN, encoding="utf-8")
        elif kind == "binary":
            path.write_bytes(bytes(range(256)) * 3)
        else:
            path.write_text(UNDECLARED, encoding="utf-8")
    return kinds


def run_report(paths, fmt="text"):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = report([str(p) for p in paths], fmt=fmt)
    return code, out.getvalue(), err.getvalue()


def by_name(entries):
    return {e["name"]: e for e in entries}


def test_large_tree_json(tmp_path):
    kinds = make_tree(tmp_path, 300)
    code, out, err = run_report([tmp_path], fmt="json")
    assert code == 0, err
    data = json.loads(out)
    assert data["files"] == 300
    broken = kinds["broken"] + kinds["binary"]
    assert data["parsed"] == {"ok": 300 - broken, "failed": broken}
    assert data["compiled"]["failed"] == kinds["undeclared"]
    # every syntax error has its position; binary files are named as such, not parsed
    broken_paths = {e["path"] for e in data["syntax_errors"]}
    assert len(broken_paths) == kinds["broken"]
    assert len(data["read_errors"]) == kinds["binary"]
    assert {e["message"] for e in data["read_errors"]} == {"not a text file"}
    messages = [e for e in data["syntax_errors"] if e["path"].endswith("f0005.wl")]
    assert messages and messages[0]["line"] >= 1 and messages[0]["col"] >= 1
    assert any("expected FIN to close the" in e["message"] for e in messages)
    assert all({"path", "line", "col", "message"} <= set(e) for e in data["compile_errors"])
    assert any("undeclared variable PasDéclarée" in e["message"] for e in data["compile_errors"])

    functions = by_name(data["functions"])
    assert functions["EmailOuvreSession"]["status"] == "supported"
    assert functions["EmailOuvreSession"]["count"] == kinds["good"]
    assert functions["Trace"]["count"] == 2 * kinds["good"] + kinds["cp1252"] + kinds["undeclared"] + 1
    assert functions["Double"]["status"] == "procedure"
    assert functions["Outil"]["status"] == "project procedure"      # defined in lib/outils.wl
    assert functions["HLitPremier"] == {"name": "HLitPremier", "count": kinds["cp1252"],
                                        "files": kinds["cp1252"], "status": "unsupported",
                                        "family": "HFSQL database access"}
    assert functions["Ouvre"]["family"] == "windows, controls and the user interface"
    assert "Client" not in by_name(data["constants"])               # arguments of unsupported calls
    types = by_name(data["types"])
    assert types["emailSessionIMAP"]["status"] == "supported"
    assert types["entier"]["count"] == 2 * kinds["good"]
    assert types["chaîne"]["count"] == kinds["cp1252"]               # decoded from Windows-1252
    assert types["xmlDocument"]["status"] == "unsupported"
    assert types["xmlDocument"]["family"] == "XML and JSON"
    constants = by_name(data["constants"])
    assert constants["errComplet"]["status"] == "supported"
    assert constants["PasDéclarée"]["status"] == "unsupported"

    families = {f["family"]: f for f in data["unsupported_families"]}
    assert families["HFSQL database access"]["names"] == ["HLitPremier"]

    st = data["statements"]
    good_statements = analyse_file(str(next(tmp_path.rglob("f0000.wl"))))["statements"]
    assert good_statements == 11
    assert st["runnable"] == kinds["good"] * good_statements + 1       # + RENVOYER in lib/outils.wl
    assert st["total"] > st["runnable"]
    assert abs(st["share"] - st["runnable"] / st["total"]) < 1e-3


def test_text_report(tmp_path):
    make_tree(tmp_path, 30)
    code, out, _ = run_report([tmp_path / "module5", tmp_path / "lib"])
    assert code == 0
    assert "files:       " in out and "parsed:" in out and "statements:" in out
    assert "syntax errors (" in out
    broken = next(tmp_path.joinpath("module5").rglob("f0005.wl"))
    assert f"{broken}:4:13: expected FIN to close the POUR opened at line 3" in out
    assert "project procedure Outil" in out
    assert "supported         Trace" in out


def test_cp1252_and_odd_files(tmp_path):
    legacy = tmp_path / "legacy.wl"
    legacy.write_bytes(LEGACY_CP1252.encode("cp1252"))
    result = analyse_file(str(legacy))
    assert result["syntax_errors"] == [] and result["compile_errors"] == []
    assert result["lines"] == 6
    assert {name for name, _, _ in result["unsupported"]} == {"HLitPremier", "Ouvre", "xmlDocument"}
    assert not result["runnable"]
    garbage = tmp_path / "garbage.wl"
    garbage.write_bytes(b"\x00\xff" * 500 + b"\nSI (((\n")
    result = analyse_file(str(garbage))
    assert result["read_error"] == "not a text file" and not result["runnable"]
    empty = tmp_path / "empty.wl"
    empty.write_bytes(b"")
    result = analyse_file(str(empty))
    assert result["runnable"] and result["statements"] == 0 and result["lines"] == 0


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "a.wl").write_text("Trace(1)\n", encoding="utf-8")
    code, out, err = run_report([tmp_path, tmp_path / "absent"])
    assert code == 2
    assert "absent: no such file or folder" in err
    assert "files:       1 (1 lines)" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_report([empty])
    assert code == 2 and "no .wl file found" in err


def test_cli_json(tmp_path):
    make_tree(tmp_path, 80)                 # enough files for the parallel workers
    proc = subprocess.run([sys.executable, "-m", "wlmail", "report", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, cwd=str(ROOT), timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["files"] == 80
    assert len(data["file_details"]) == 80
    states = {d["status"] for d in data["file_details"]}
    assert states == {"runnable", "syntax error", "compile error", "unsupported calls", "unreadable"}
