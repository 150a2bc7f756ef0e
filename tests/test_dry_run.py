"""`wlmail run --dry-run` and `--log FILE`, end to end on Dovecot and aiosmtpd: a dry run reads
the real mailbox and changes nothing (byte for byte, flag for flag), sends nothing, and says
`would ...` for every change; the audit log has one JSON line per change, never a password."""
import json
import pathlib
import re

import pytest
from conftest import make_msg, seed_messages
from imapclient import IMAPClient

from wltest import point_at_dovecot, run_cli

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.wl"))



def snapshot(mailserver, user) -> dict:
    """Every folder, every message: UID, flags (without \\Recent) and the exact bytes,
    read with EXAMINE and BODY.PEEK so that looking changes nothing."""
    with IMAPClient(mailserver["host"], port=mailserver["imap"], ssl=False) as c:
        c.login(user.user, user.password)
        state = {}
        for _flags, _delim, name in c.list_folders():
            c.select_folder(name, readonly=True)
            uids = c.search(["ALL"])
            rows = c.fetch(uids, [b"FLAGS", b"BODY.PEEK[]"]) if uids else {}
            state[name] = {uid: (sorted(f for f in row[b"FLAGS"] if f != b"\\Recent"), row[b"BODY[]"])
                           for uid, row in rows.items()}
        return state


def changing_program(mailserver, user, smtp_port) -> str:
    """Deletes, moves (copy + delete), flags both ways, creates and removes a folder,
    expunges, sends, and deletes through POP3."""
    host = mailserver["host"]
    return f"""
s est un emailSessionIMAP
s.AdresseServeur = "{host}"
s.Port = {mailserver['imap']}
s.Nom = "{user.user}"
s.MotDePasse = "{user.password}"
SI PAS EmailOuvreSession(s) ALORS
    Erreur(ErreurInfo())
    RETOUR
FIN
Trace("ouvert :", EmailNbMessage(s))
EmailAjouteDossier(s, "Archive/2024")
m est un Email
SI EmailLitPremier(s, m) ALORS
    EmailChangeEtat(s, m, emailEtatLu)
    Trace("copie :", EmailCopie(s, m, "Archive"))
    Trace("supprime :", EmailSupprimeMessage(s, m))
FIN
EmailLitSuivant(s, m)
EmailChangeEtat(s, m, emailEtatNonLu)
POUR TOUT x DE s
    SI x.Sujet [= "Test n°3" ALORS EmailSupprimeMessage(s, x)
FIN
Trace("détruit :", EmailDétruit(s))
Trace("dossier supprimé :", EmailSupprimeDossier(s, "Travail"))
EmailFermeSession(s)

p est un emailSessionPOP3
p.AdresseServeur = "{host}"
p.Port = {mailserver['pop3']}
p.Nom = "{user.user}"
p.MotDePasse = "{user.password}"
EmailOuvreSession(p)
EmailLitPremier(p)
Trace("pop3 :", EmailSupprimeMessage(p))
EmailFermeSession(p)

e est un emailSessionSMTP
e.AdresseServeur = "{host}"
e.Port = {smtp_port}
EmailOuvreSession(e)
o est un Email
o.Expéditeur = "{user.user}@example.test"
o.Destinataire[1] = "{user.user}@example.test"
o.Sujet = "Rapport de nuit"
o.Message = "Bonjour"
Trace("envoi :", EmailEnvoieMessage(e, o))
EmailFermeSession(e)
"""


@pytest.fixture
def busy_mailbox(mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, [make_msg(i, to=f"{mailbox_user.user}@example.test")
                                                   for i in range(6)],
                  seen_flags=[i % 2 == 0 for i in range(6)])
    seed_messages(mailserver, mailbox_user.user, [make_msg(10)], folder="Travail")
    return mailbox_user


def test_dry_run_of_every_example_and_a_changing_script_changes_nothing(tmp_path, mailserver, busy_mailbox):
    user = busy_mailbox
    before = snapshot(mailserver, user)
    sent_before = len(mailserver["smtp_capture"].messages)
    for example in EXAMPLES:
        path = tmp_path / example.name
        path.write_text(point_at_dovecot(example.read_text(encoding="utf-8"), mailserver, user), encoding="utf-8")
        r = run_cli("run", "--dry-run", str(path))
        assert r.code == 0, r.stderr
    path = tmp_path / "change.wl"
    path.write_text(changing_program(mailserver, user, mailserver["smtp"]), encoding="utf-8")
    r = run_cli("run", "--dry-run", str(path))
    assert r.code == 0, r.stderr
    # the script saw every change succeed
    assert r.stdout.splitlines() == ["ouvert : 6", "copie : 1", "supprime : 1", "détruit : 1",
                                     "dossier supprimé : 1", "pop3 : 1", "envoi : 1"]
    would = [line for line in r.stderr.splitlines() if line.startswith("wlmail: would ")]
    ops = [re.match(r"wlmail: would (create folder|delete folder|mark read|mark unread|copy|delete|"
                    r"expunge|send)", line).group(1) for line in would]
    assert ops == ["create folder", "create folder", "mark read", "copy", "delete", "mark unread", "delete",
                   "expunge", "delete folder", "delete", "send"]
    assert re.search(r"would delete UID 1 <[^>]+@example\.test> in INBOX", r.stderr)
    assert "would send <" in r.stderr and f"to {user.user}@example.test" in r.stderr
    assert user.password not in r.stderr + r.stdout
    after = snapshot(mailserver, user)
    _diff(before, after)
    assert after == before
    assert len(mailserver["smtp_capture"].messages) == sent_before


def test_same_script_without_dry_run_does_change_and_logs_every_change(tmp_path, mailserver, busy_mailbox):
    user = busy_mailbox
    before = snapshot(mailserver, user)
    sent_before = len(mailserver["smtp_capture"].messages)
    path = tmp_path / "change.wl"
    path.write_text(changing_program(mailserver, user, mailserver["smtp"]), encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    log.write_text('{"earlier": "line kept"}\n', encoding="utf-8")
    r = run_cli("run", "--log", str(log), str(path))
    assert r.code == 0, r.stderr
    assert "would" not in r.stderr
    after = snapshot(mailserver, user)
    assert after != before
    assert "Travail" not in after and "Archive" in after and "Archive/2024" in after
    assert len(after["Archive"]) == 1
    assert len(mailserver["smtp_capture"].messages) == sent_before + 1
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"earlier": "line kept"}'
    records = [json.loads(line) for line in lines[1:]]
    assert [r["operation"] for r in records] == ["create folder", "create folder", "mark read", "copy", "delete",
                                                 "mark unread", "delete", "expunge", "delete folder", "delete",
                                                 "send"]
    for rec in records:
        assert set(rec) >= {"time", "script", "account", "operation", "folder", "uid", "message_id", "result"}
        assert rec["result"] == "ok"
        assert rec["script"] == str(path)
        assert user.user in rec["account"] or rec["operation"] == "send"   # the SMTP session has no user
    delete = records[4]
    assert delete["folder"] == "INBOX" and delete["uid"] == 1 and delete["message_id"].endswith("@example.test>")
    assert records[3]["target"] == "to Archive"
    assert user.password not in log.read_text(encoding="utf-8")


def test_dry_run_log_records_would_and_failures(tmp_path, mailserver, busy_mailbox):
    user = busy_mailbox
    log = tmp_path / "audit.jsonl"
    path = tmp_path / "fail.wl"
    path.write_text(f"""
s est un emailSessionIMAP
s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver['imap']}
s.Nom = "{user.user}"
s.MotDePasse = "{user.password}"
EmailOuvreSession(s)
EmailLitPremier(s)
Trace(EmailCopie(s, Email, "PasDeDossier"))
Trace(ErreurDétectée)
""", encoding="utf-8")
    r = run_cli("run", "--log", str(log), str(path))
    assert r.stdout.splitlines() == ["0", "1"]
    rec = json.loads(log.read_text(encoding="utf-8"))
    assert rec["operation"] == "copy" and rec["result"].startswith("failed: ")
    r = run_cli("run", "--dry-run", "--log", str(log), str(path))
    assert r.stdout.splitlines() == ["1", "0"]
    assert json.loads(log.read_text(encoding="utf-8").splitlines()[-1])["result"] == "dry-run"


def test_dry_run_on_a_local_maildir_leaves_every_file(tmp_path):
    import shutil
    box = tmp_path / "box"
    shutil.copytree(ROOT / "examples" / "demo-maildir", box)
    files = {p.relative_to(box): p.read_bytes() for p in box.rglob("*") if p.is_file()}
    path = tmp_path / "change.wl"
    path.write_text("""
s est un emailSessionIMAP
s.AdresseServeur = "x"
EmailOuvreSession(s)
POUR TOUT m DE s
    EmailChangeEtat(s, m, emailEtatLu)
    EmailCopie(s, m, "Sent")
    EmailSupprimeMessage(s, m)
FIN
EmailDétruit(s)
e est un emailSessionSMTP
e.AdresseServeur = "x"
EmailOuvreSession(e)
Email.Expéditeur = "a@example.test"
Email.Destinataire[1] = "b@example.test"
Email.Sujet = "x"
Trace(EmailEnvoieMessage(e))
""", encoding="utf-8")
    r = run_cli("run", "--dry-run", "--mailbox", str(box), str(path))
    assert r.code == 0, r.stderr
    assert r.stderr.count("would delete UID") == 12
    assert {p.relative_to(box): p.read_bytes() for p in box.rglob("*") if p.is_file()} == files
    assert sorted(p.relative_to(box) for p in box.rglob("*")) == sorted(
        p.relative_to(ROOT / "examples" / "demo-maildir") for p in (ROOT / "examples" / "demo-maildir").rglob("*"))


def _diff(a, b):
    for folder in a:
        for uid in set(a[folder]) | set(b.get(folder, {})):
            x, y = a[folder].get(uid), b.get(folder, {}).get(uid)
            if x != y:
                print("DIFF", folder, uid, x and x[0], y and y[0], x and len(x[1]), y and len(y[1]))


def test_dry_run_opens_imap_folders_read_only(mailserver, busy_mailbox):
    from wlmail.runtime.email import EmailChangeDossier, EmailFermeSession, EmailOuvreSessionIMAP, configure
    from wlmail.runtime.email import sessions
    from wlmail.runtime.email.gate import configure_gate
    configure()
    user = busy_mailbox.user
    for dry in (True, False):
        configure_gate(dry_run=dry)
        try:
            assert EmailOuvreSessionIMAP(user, busy_mailbox.password, mailserver["host"], mailserver["imap"])
            imap = sessions.named(user).reader._c._imap          # imaplib knows EXAMINE from SELECT
            assert imap.is_readonly is dry
            assert EmailChangeDossier(user, "Travail")
            assert imap.is_readonly is dry
        finally:
            EmailFermeSession(user)
            configure_gate()
