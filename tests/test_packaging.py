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


def test_readme_test_command_is_the_one_ci_runs():
    """A newcomer runs the README's commands: `.ci/run` ends with the very test command the README
    shows, from the same virtual environment its first command creates."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    test_command = commands[-1]
    assert test_command.startswith(".venv/bin/python -m pytest")
    assert f"```bash\n{test_command}\n```" in readme
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/wlmail run" in readme
    assert "DPkg::Lock::Timeout=" in ci and "python3-venv" in ci
    for line in commands:                       # stock Debian/Ubuntu have no `python` command
        assert not line.lstrip().startswith(("python ", "pip ")), line
    assert ".venv/" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
