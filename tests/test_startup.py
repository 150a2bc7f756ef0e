"""Start-up: what `wlmail run` and a transpiled program import, and the compiled script cache
(a changed script or EXTERNE file recompiles).  No timing here: benchmarks/bench_startup.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from wltest import run_subprocess


# Runs a command in a fresh Python and writes, at exit, every module it imported.
_REPORT = ("import atexit, json, sys\n"
           "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules))))\n")
_WLMAIL = "sys.argv[1:] = {argv!r}\nfrom wlmail.cli import main\nsys.exit(main())\n"
_SCRIPT = "import runpy\nsys.argv[:] = [{path!r}]\nrunpy.run_path({path!r}, run_name='__main__')\n"


def imported_modules(tmp_path, argv=None, script=None) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules `wlmail ARGV` (or `python3 SCRIPT`) imported, in a fresh Python."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = _REPORT + (_WLMAIL.format(argv=argv) if argv is not None else _SCRIPT.format(path=str(script)))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    report = proc.stderr.rpartition("\nMODULES ")[2]
    return set(json.loads(report)), proc


def test_run_without_mail_never_loads_the_mail_stack_and_a_cached_script_no_parser(tmp_path):
    script = tmp_path / "bonjour.wl"
    script.write_text('s est une chaîne = "Bonjour"\nTrace(s + " " + Majuscule("monde"))\n', encoding="utf-8")
    argv = ["run", str(script)]
    first, proc = imported_modules(tmp_path, argv)
    assert proc.stdout == "Bonjour MONDE\n", proc.stderr
    assert "lark" in first and "wlmail.compiler" in first          # compiled (the compiler knows every name)
    second, proc = imported_modules(tmp_path, argv)
    assert proc.stdout == "Bonjour MONDE\n", proc.stderr
    assert not {"lark", "wlmail.compiler", "wlmail.syntax.parser", "wlmail.runtime.email",
                "importlib.metadata"} & second


def test_a_script_that_sends_mail_loads_it(tmp_path):
    script = tmp_path / "mail.wl"
    script.write_text("e est un Email\ne.Sujet = \"Salut\"\nTrace(e.Sujet)\n", encoding="utf-8")
    for _ in range(2):                                   # compiled, then from the cache
        modules, proc = imported_modules(tmp_path, ["run", str(script)])
        assert proc.stdout == "Salut\n", proc.stderr
        assert "wlmail.runtime.email" in modules


def test_transpiled_program_imports_only_what_it_uses(tmp_path):
    script = tmp_path / "bonjour.wl"
    script.write_text('Trace("Bonjour")\n', encoding="utf-8")
    assert run_subprocess("transpile", str(script)).code == 0
    python = (tmp_path / "bonjour.py").read_text(encoding="utf-8")
    assert "from wlmail.runtime.output import Trace" in python and "import *" not in python
    modules, proc = imported_modules(tmp_path, script=tmp_path / "bonjour.py")
    assert proc.stdout == "Bonjour\n", proc.stderr
    assert not {"wlmail.runtime.email", "lark", "wlmail.compiler"} & modules


def test_a_changed_script_is_compiled_again(tmp_path):
    script = tmp_path / "v.wl"
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for text, expected in (("Trace(1)\n", "1\n"), ("Trace(2)\n", "2\n"), ("Trace(1)\n", "1\n")):
        script.write_text(text, encoding="utf-8")
        result = run_subprocess("run", str(script), env=env)
        assert (result.stdout, result.code) == (expected, 0), result.stderr
    assert len(list((tmp_path / "cache" / "wlmail" / "code").iterdir())) == 1      # one entry per script


def test_a_changed_externe_file_is_compiled_again(tmp_path):
    (tmp_path / "lib").mkdir()
    included = tmp_path / "lib" / "consts.wl"
    script = tmp_path / "main.wl"
    script.write_text('EXTERNE "lib/consts.wl"\nTrace(Salut())\n', encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for word in ("bonjour", "bonjour", "hello"):
        included.write_text(f'PROCÉDURE Salut()\nRENVOYER "{word}"\n', encoding="utf-8")
        result = run_subprocess("run", str(script), env=env)
        assert (result.stdout, result.code) == (f"{word}\n", 0), result.stderr
    included.write_text('PROCÉDURE Salut(\n', encoding="utf-8")
    result = run_subprocess("run", str(script), env=env)
    assert result.code == 2 and "consts.wl:1:" in result.stderr


def test_syntax_errors_are_never_cached(tmp_path):
    script = tmp_path / "bad.wl"
    script.write_text("SI 1 ALORS\n", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    for _ in range(2):
        result = run_subprocess("run", str(script), env=env)
        assert result.code == 2 and "bad.wl:" in result.stderr
