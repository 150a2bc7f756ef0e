"""The unattended path of `wlmail run`: a missing --mailbox is an error unless --create, and
the exit status tells "the script reported an error" (3) from "an uncaught error" (1)."""
from wltest import run_cli, run_source

READ = """
s est un emailSessionIMAP
s.AdresseServeur = "x"
SI EmailOuvreSession(s) ALORS Trace(EmailNbMessage(s))
"""


def test_missing_mailbox_is_an_error_without_create(tmp_path):
    box = tmp_path / "typo"
    r = run_source(READ, tmp_path, "t.wl", "--mailbox", str(box))
    assert r.code == 2 and "does not exist" in r.stderr and "--create" in r.stderr
    assert not box.exists() and r.stdout == ""


def test_create_makes_an_empty_maildir(tmp_path):
    box = tmp_path / "new"
    r = run_source(READ, tmp_path, "t.wl", "--mailbox", str(box), "--create")
    assert (r.code, r.stdout) == (0, "0\n"), r.stderr
    assert (box / "cur").is_dir()


def test_dry_run_never_creates_the_mailbox(tmp_path):
    box = tmp_path / "new"
    r = run_source(READ, tmp_path, "t.wl", "--mailbox", str(box), "--create", "--dry-run")
    assert r.code == 2 and "dry run" in r.stderr and not box.exists()


def test_exit_statuses(tmp_path):
    assert run_source('Trace("ok")', tmp_path).code == 0
    reported = run_source('Erreur("connexion impossible")\nTrace("suite")', tmp_path)
    assert (reported.code, reported.stdout, reported.stderr) == (3, "suite\n", "connexion impossible\n")
    uncaught = run_source('x est un entier = 1 / 0', tmp_path)
    assert uncaught.code == 1 and "Division by zero" in uncaught.stderr
    caught = run_source('QUAND EXCEPTION DANS\n    ExceptionDéclenche(1, "x")\nFAIRE\n    Trace("attrapée")\nFIN',
                        tmp_path)
    assert caught.code == 0, caught.stderr
    assert run_cli("run", str(tmp_path / "absent.wl")).code == 2


def test_file_change_hook_reports_would_write_in_a_dry_run(capsys):
    from wlmail.runtime.email.gate import configure_gate, file_change
    configure_gate(dry_run=True)
    try:
        assert file_change("write", "/tmp/rapport.txt") is False
        assert capsys.readouterr().err == "wlmail: would write /tmp/rapport.txt\n"
    finally:
        configure_gate()
    assert file_change("write", "/tmp/rapport.txt") is True
