"""The everyday mail job of examples/releve: account from an INI file, password from the
environment, unread mail since a date, attachments saved under <dossier>/AAAA-MM-JJ/, one
log line per message, top senders.  Same output on the demo Maildir and on Dovecot."""
import pathlib
import shutil

import pytest
from conftest import seed_messages

from wltest import run_cli

ROOT = pathlib.Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "releve" / "releve.wl"
EXPECTED = (ROOT / "examples" / "releve" / "releve.expected").read_text(encoding="utf-8")
DEMO = ROOT / "examples" / "demo-maildir"


def demo_messages():
    files = sorted((DEMO / "cur").iterdir(), key=lambda p: int(p.name.split(".")[0]))
    return [(p.read_bytes(), p.name.endswith("S")) for p in files]


def check_outputs(folder: pathlib.Path):
    saved = folder / "2024-03-06" / "photo_équipe_fête.png"
    assert saved.is_file() and saved.stat().st_size == 81
    log = (folder / "releve.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 4 and log[0].split("\t")[:2] == ["20240305", "newsletter@boutique.exemple.fr"]


def test_job_on_the_demo_maildir(tmp_path, monkeypatch):
    monkeypatch.setenv("WLMAIL_PASSWORD", "secret")
    shutil.copytree(DEMO, tmp_path / "maildir")
    result = run_cli("run", "--mailbox", str(tmp_path / "maildir"), str(JOB),
                     "/depuis=20240301", f"/dossier={tmp_path / 'sortie'}")
    assert result.code == 0, result.stderr
    assert result.stdout == EXPECTED
    check_outputs(tmp_path / "sortie")


def test_job_on_dovecot(tmp_path, monkeypatch, mailserver, mailbox_user):
    messages = demo_messages()
    seed_messages(mailserver, mailbox_user.user, [m for m, _ in messages], seen_flags=[s for _, s in messages])
    ini = tmp_path / "compte.ini"
    ini.write_text(f"[Compte]\nServeur={mailserver['host']}\nPort={mailserver['imap']}\n"
                   f"Utilisateur={mailbox_user.user}\n", encoding="utf-8")
    monkeypatch.setenv("WLMAIL_PASSWORD", mailbox_user.password)
    result = run_cli("run", str(JOB), f"/ini={ini}", "/depuis=20240301", f"/dossier={tmp_path / 'sortie'}")
    assert result.code == 0, result.stderr
    assert result.stdout == EXPECTED
    check_outputs(tmp_path / "sortie")


@pytest.mark.parametrize("password,message", [("", "Mot de passe absent"), ("x", "Fichier de compte introuvable")])
def test_job_stops_with_a_clear_message(tmp_path, monkeypatch, password, message):
    monkeypatch.setenv("WLMAIL_PASSWORD", password)
    result = run_cli("run", "--mailbox", str(DEMO), str(JOB), f"/ini={tmp_path / 'absent.ini'}")
    assert result.code == 1 and message in result.stderr and result.stdout == ""
