"""The wheel ships the grammar: an installed wlmail works without the source tree."""
import pathlib
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_wheel_contains_grammar_and_runs_without_source_tree(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path / "dist"), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next((tmp_path / "dist").glob("wlmail-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "wlmail/grammar/wlangage.lark" in names
        assert "wlmail/catalogue/names.tsv" in names
        assert any(n.endswith("entry_points.txt") for n in names)
        entry_points = zf.read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
        assert "wlmail = wlmail.cli:main" in entry_points
        assert "wlangage = wlmail.highlight:WLangageLexer" in entry_points
        zf.extractall(tmp_path / "site")
    script = tmp_path / "work" / "hello.wl"
    script.parent.mkdir()
    script.write_text('s est une chaîne = "installé"\nTrace(s)\n', encoding="utf-8")
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c",
                           "import sys, wlmail, wlmail.cli; print(wlmail.__file__, file=sys.stderr);"
                           "sys.exit(wlmail.cli.main(['run', 'hello.wl']))"],
                          cwd=script.parent, env=env, capture_output=True, text=True, timeout=120)
    assert proc.stdout == "installé\n", proc.stderr
    assert proc.stderr.startswith(str(tmp_path / "site"))
    (script.parent / "typo.wl").write_text('Tarce("x")\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "wlmail", "check", "typo.wl"],
                          cwd=script.parent, env=env, capture_output=True, text=True, timeout=120)
    assert "did you mean Trace?" in proc.stdout, proc.stdout + proc.stderr
