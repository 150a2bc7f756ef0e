"""Run WLangage source in-process, the way `wlmail run` does, and capture what it prints."""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import os
import pathlib
import re
import subprocess
import sys
import textwrap

from wlmail.cli import main as cli_main
from wlmail.runtime.program import apply_options

SCRIPTS = pathlib.Path(__file__).resolve().parent / "scripts"


def seed_snippets() -> dict[str, str]:
    """The snippets of PC SOFT's "Protocole IMAP" help page (tests/scripts/seed_*.wl), by file stem:
    the session opening and the reading loops, as the page prints them."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SCRIPTS.glob("seed_*.wl"))}


def seed_programs() -> dict[str, str]:
    """Each reading loop as a whole program: the page's session opening, the loop, the closing."""
    snippets = seed_snippets()
    opening = snippets.pop("seed_ouverture")
    return {name: opening + loop + "EmailFermeSession(MaSession)\n" for name, loop in snippets.items()}


@dataclasses.dataclass
class Result:
    stdout: str
    stderr: str
    code: int


def run_cli(*argv, stdin: str | None = None) -> Result:
    """`wlmail ARGV` in-process; the run's settings (--mailbox, --dry-run...) end with it, as
    they would with its process, so that tests calling the runtime directly start clean."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            apply_options(argparse.Namespace())
    return Result(out.getvalue(), err.getvalue(), code)


def run_source(source: str, tmp_path, name: str = "test.wl", *extra) -> Result:
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return run_cli("run", *extra, str(path))


def run_subprocess(*argv, cwd=None, env=None, timeout=120) -> Result:
    proc = subprocess.run([sys.executable, "-m", "wlmail", *argv], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout)
    return Result(proc.stdout, proc.stderr, proc.returncode)


def point_at_dovecot(source: str, mailserver, user) -> str:
    """Rewrite a script's session settings to the test Dovecot (as a user would edit them)."""
    source = re.sub(r'(\w+)\.AdresseServeur = "[^"]*"',
                    lambda m: f'{m.group(1)}.AdresseServeur = "{mailserver["host"]}"\n'
                              f'{m.group(1)}.Port = {mailserver["imap"]}', source)
    source = re.sub(r'(\w+)\.Nom = "[^"]*"', rf'\1.Nom = "{user.user}"', source)
    return re.sub(r'(\w+)\.MotDePasse = "[^"]*"', rf'\1.MotDePasse = "{user.password}"', source)
