"""Faults never hang and never lose mail: IMAP, POP3 and SMTP through a loopback proxy that
cuts or stalls the connection after N bytes (tests/servers/faultproxy.py), and `doveadm kick`.

Each script runs in its own process under a subprocess timeout (EmailChangeTimeOut plus a
wide margin): a hang fails the test without any timing assertion.  After each run: the loop
ended with EnDehors = Vrai and the error set, the next read failed at once, no message was
deleted or flagged that the script did not ask for, POP3 deletions were not applied without
QUIT, and no message reached the SMTP server twice."""
import subprocess
import sys

import pytest
from conftest import make_msg, seed_messages
from faultproxy import FaultProxy
from imapclient import IMAPClient

from wltest import run_subprocess

TIMEOUT = 2                # EmailChangeTimeOut of the scripts, seconds
MARGIN = 60                # subprocess timeout = a hang, far above anything legitimate
N_MESSAGES = 60            # ~2 KB each: 3,000 / 20,000 / 60,000 bytes fall inside the loop


def snapshot(mailserver, user) -> dict:
    with IMAPClient(mailserver["host"], port=mailserver["imap"], ssl=False) as c:
        c.login(user.user, user.password)
        c.select_folder("INBOX", readonly=True)
        uids = c.search(["ALL"])
        rows = c.fetch(uids, [b"FLAGS", b"BODY.PEEK[]"]) if uids else {}
        return {uid: (sorted(f for f in row[b"FLAGS"] if f != b"\\Recent"), row[b"BODY[]"])
                for uid, row in rows.items()}


def session(kind: str, host: str, port: int, user) -> str:
    return f"""EmailChangeTimeOut({TIMEOUT})
s est un emailSession{kind}
s.AdresseServeur = "{host}"
s.Port = {port}
s.Nom = "{user.user}"
s.MotDePasse = "{user.password}"
SI PAS EmailOuvreSession(s) ALORS
    Trace("ouverture", Email.Erreur)
    RETOUR
FIN
m est un Email
n est un entier = 0
"""


# every loop style; each ends by printing the state a failed read must leave
_AFTER = """Trace("fin", n, ErreurDétectée, Email.Erreur <> 0, Email.EnDehors)
Trace("encore", EmailLitSuivant(s, m), ErreurDétectée)
"""
LOOPS = {
    "variable": """EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    EmailLitSuivant(s, m)
FIN
""",
    "structure": """EmailLitPremier(s)
TANTQUE PAS Email.EnDehors
    n++
    EmailLitSuivant(s)
FIN
""",
    "backwards": """EmailLitDernier(s, m)
TANTQUE PAS m.EnDehors
    n++
    EmailLitPrécédent(s, m)
FIN
""",
    "headers": """EmailLitEntêtePremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    EmailLitEntêteSuivant(s, m)
FIN
""",
    # a loop has no return value: a failure inside it is a fatal WLangage error, caught here
    "pour_tout": """QUAND EXCEPTION DANS
    POUR TOUT x DE s
        n++
        SI Taille(x.Message) < 0 ALORS Trace("?")
    FIN
FAIRE
    Trace("exception", ExceptionInfo() <> "")
FIN
""",
    "recupere_tout": """t est un tableau de Email = EmailRécupèreTout(s, ertComplet)
n = t.Occurrence
""",
}


def check_ended(r, loop: str) -> None:
    assert "Traceback" not in r.stderr
    if r.stdout.startswith("ouverture"):
        assert r.code == 0 and r.stdout.split()[1] != "0"      # failed while opening: reported
        return
    assert r.code == 0, r.stderr
    lines = r.stdout.splitlines()
    fin = lines[-2].split()
    assert fin[0] == "fin"
    if int(fin[1]) < N_MESSAGES:                   # the fault hit during the loop
        assert fin[2:] == ["1", "1", "1"], r.stdout
        if loop == "pour_tout":
            assert lines[-3] == "exception 1"
        assert lines[-1] == "encore 0 1"           # the next read fails at once


FAULTS = [("cut", 3000), ("cut", 20000), ("cut", 60000), ("cut", 400), ("stall", 3000), ("stall", 60000)]


@pytest.fixture(scope="module")
def imap_box(mailserver):
    from conftest import MailboxUser
    import os
    user = MailboxUser(f"t_{os.getpid()}_faults_imap", mailserver["test_password"])
    seed_messages(mailserver, user.user, [make_msg(i) for i in range(N_MESSAGES)],
                  seen_flags=[i % 3 == 0 for i in range(N_MESSAGES)])
    return user


# every loop style with a cut early and late in the loop; the usual loop with every fault;
# stalls (each costs a timeout) on three styles
IMAP_CASES = [(loop, mode, after) for mode, after in FAULTS for loop in sorted(LOOPS)
              if loop == "variable" or (mode, after) in (("cut", 3000), ("cut", 60000))
              or (mode == "stall" and loop in ("pour_tout", "headers"))]


@pytest.mark.parametrize("loop,mode,after", IMAP_CASES, ids=[f"{lp}-{m}{a}" for lp, m, a in IMAP_CASES])
def test_imap_fault_ends_every_loop(tmp_path, mailserver, imap_box, loop, mode, after):
    before = snapshot(mailserver, imap_box)
    with FaultProxy(mailserver["imap"], mode, after) as proxy:
        script = tmp_path / "loop.wl"
        script.write_text(session("IMAP", mailserver["host"], proxy.port, imap_box) + LOOPS[loop] + _AFTER,
                          encoding="utf-8")
        r = run_subprocess("run", str(script), timeout=MARGIN)
        assert proxy.faults >= 1
    check_ended(r, loop)
    assert snapshot(mailserver, imap_box) == before


@pytest.mark.parametrize("mode,after", FAULTS, ids=[f"{m}{a}" for m, a in FAULTS])
def test_pop3_fault_never_applies_deletions_without_quit(tmp_path, mailserver, mailbox_user, mode, after):
    seed_messages(mailserver, mailbox_user.user, [make_msg(i) for i in range(N_MESSAGES)])
    before = snapshot(mailserver, mailbox_user)
    with FaultProxy(mailserver["pop3"], mode, after) as proxy:
        script = tmp_path / "pop.wl"
        script.write_text(session("POP3", mailserver["host"], proxy.port, mailbox_user) + """EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    EmailSupprimeMessage(s, m)
    EmailLitSuivant(s, m)
FIN
""" + _AFTER + "EmailFermeSession(s)\n", encoding="utf-8")
        r = run_subprocess("run", str(script), timeout=MARGIN)
        assert proxy.faults >= 1
    check_ended(r, "variable")
    # QUIT never reached: every message is still there (Dovecot's own RETR may have set \\Seen)
    after = snapshot(mailserver, mailbox_user)
    assert {uid: body for uid, (_f, body) in after.items()} == {uid: body for uid, (_f, body) in before.items()}
    assert all(b"\\Deleted" not in flags for flags, _b in after.values())


def test_imap_deletes_only_what_the_script_asked_when_cut(tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, [make_msg(i) for i in range(N_MESSAGES)])
    before = snapshot(mailserver, mailbox_user)
    with FaultProxy(mailserver["imap"], "cut", 20000) as proxy:
        script = tmp_path / "del.wl"
        script.write_text(session("IMAP", mailserver["host"], proxy.port, mailbox_user) + """EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    SI n = 2 ALORS EmailSupprimeMessage(s, m)
    EmailLitSuivant(s, m)
FIN
EmailDétruit(s)
""" + _AFTER, encoding="utf-8")
        r = run_subprocess("run", str(script), timeout=MARGIN)
        assert proxy.faults == 1
    check_ended(r, "variable")
    after = snapshot(mailserver, mailbox_user)
    changed = {uid for uid in before if after.get(uid) != before[uid]}
    assert changed <= {2}                                    # at most the message it deleted


# server -> client bytes: ~190 of greeting and EHLO, then ~60 a message; client -> server: ~2,100 a message
SMTP_FAULTS = [("cut", 50), ("cut", 230), ("cut", 300), ("stall", 230), ("cut-up", 30), ("cut-up", 1500),
               ("cut-up", 2600), ("cut-up", 4500), ("stall-up", 1500), ("stall-up", 4500)]


@pytest.mark.parametrize("mode,after", SMTP_FAULTS, ids=[f"{m}{a}" for m, a in SMTP_FAULTS])
def test_smtp_fault_never_sends_twice(tmp_path, mailserver, mode, after):
    capture = mailserver["smtp_capture"]
    tag = f"fault-{mode}-{after}-{id(tmp_path)}"
    direction = "up" if mode.endswith("-up") else "down"
    with FaultProxy(mailserver["smtp"], mode.split("-")[0], after, direction) as proxy:
        script = tmp_path / "send.wl"
        script.write_text(f"""EmailChangeTimeOut({TIMEOUT})
e est un emailSessionSMTP
e.AdresseServeur = "{mailserver['host']}"
e.Port = {proxy.port}
o est un Email
o.Expéditeur = "robot@example.test"
o.Destinataire[1] = "nobody@example.test"
o.Message = Répète("ligne de rapport ", 100)
SI PAS EmailOuvreSession(e) ALORS
    Trace("ouverture", Email.Erreur)
    RETOUR
FIN
POUR i = 1 À 3
    o.Sujet = "{tag} " + i
    // the usual retry: after a failure, reopen the session and send again
    POUR essai = 1 À 2
        SI EmailEnvoieMessage(e, o) ALORS
            Trace("envoyé", i)
            SORTIR
        FIN
        Trace("échec", i, Email.Erreur)
        SI PAS EmailOuvreSession(e) ALORS RETOUR
    FIN
FIN
""", encoding="utf-8")
        r = run_subprocess("run", str(script), timeout=MARGIN)
        assert proxy.faults >= 1
    assert r.code == 0, r.stderr
    assert "Traceback" not in r.stderr
    subjects = [m["data"].split(b"\r\nSubject: ", 1)[1].split(b"\r\n", 1)[0].decode()
                for m in capture.messages if tag.encode() in m["data"]]
    assert len(subjects) == len(set(subjects))               # never twice
    reported = [line for line in r.stdout.splitlines() if line.startswith("envoyé")]
    assert len(subjects) >= len(reported) - 0                # every send reported sent did reach it


@pytest.mark.parametrize("protocol", ["imap", "pop3"])
def test_doveadm_kick_ends_the_usual_loop(tmp_path, mailserver, mailbox_user, protocol):
    seed_messages(mailserver, mailbox_user.user, [make_msg(i) for i in range(3000)])
    kind = protocol.upper()
    script = tmp_path / "kick.wl"
    script.write_text(session(kind, mailserver["host"], mailserver[protocol], mailbox_user) + """EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    SI n = 1 ALORS Trace("premier")
    POUR k = 1 À 3000
    FIN
    EmailLitSuivant(s, m)
FIN
""" + _AFTER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "wlmail", "run", str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "premier\n"
    mailserver["doveadm"]("kick", mailbox_user.user)
    out, err = proc.communicate(timeout=MARGIN)
    assert proc.returncode == 0, err
    lines = out.splitlines()
    assert lines[-2].split()[0] == "fin" and lines[-2].split()[2:] == ["1", "1", "1"], out
    assert int(lines[-2].split()[1]) < 3000
    assert lines[-1] == "encore 0 1"
    assert "Traceback" not in err


@pytest.fixture(scope="module", autouse=True)
def count_faults():
    """Prints the number of faults the module injected (seen with pytest -s)."""
    FaultProxy.injected = 0
    yield
    print(f"\nfaults injected: {FaultProxy.injected}", file=sys.stderr)


@pytest.mark.parametrize("protocol,kind", [("imap", "IMAP"), ("pop3", "POP3"), ("imaps", "IMAP"),
                                           ("pop3s", "POP3"), ("smtp", "SMTP"), ("smtps", "SMTP")])
def test_stalled_greeting_or_tls_handshake_times_out(tmp_path, mailserver, mailbox_user, protocol, kind):
    tls = protocol in ("imaps", "pop3s", "smtps")
    with FaultProxy(mailserver[protocol], "stall", 0) as proxy:
        script = tmp_path / "open.wl"
        script.write_text(session(kind, mailserver["host"], proxy.port, mailbox_user).replace(
            "SI PAS EmailOuvreSession", ("s.Option = optionTLS\n" if tls else "") + "SI PAS EmailOuvreSession")
            + 'Trace("ouvert")\n', encoding="utf-8")
        r = run_subprocess("run", "--cafile", mailserver["cafile"], str(script), timeout=MARGIN)
        assert proxy.faults == 1
    assert (r.code, r.stdout) == (0, "ouverture 10060\n"), r.stderr


def test_send_with_unknown_outcome_is_not_repeated_even_through_another_server(tmp_path, mailserver):
    capture = mailserver["smtp_capture"]
    tag = f"once-{id(tmp_path)}"
    log = tmp_path / "audit.jsonl"
    with FaultProxy(mailserver["smtp"], "cut", 1500, "up") as proxy:      # inside DATA
        script = tmp_path / "send.wl"
        script.write_text(f"""EmailChangeTimeOut({TIMEOUT})
e est un emailSessionSMTP
e.AdresseServeur = "{mailserver['host']}"
e.Port = {proxy.port}
EmailOuvreSession(e)
o est un Email
o.Expéditeur = "robot@example.test"
o.Destinataire[1] = "nobody@example.test"
o.Sujet = "{tag}"
o.Message = Répète("ligne de rapport ", 100)
Trace(EmailEnvoieMessage(e, o), Email.Erreur)
e.Port = {mailserver['smtp']}
EmailOuvreSession(e)
Trace(EmailEnvoieMessage(e, o), Email.Erreur)
o.Sujet = "{tag} autre"
Trace(EmailEnvoieMessage(e, o), Email.Erreur)
""", encoding="utf-8")
        r = run_subprocess("run", "--log", str(log), str(script), timeout=MARGIN)
        assert proxy.faults == 1
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == ["0 23", "0 23", "1 0"]
    subjects = [m["data"].split(b"\r\nSubject: ", 1)[1].split(b"\r\n", 1)[0].decode()
                for m in capture.messages if tag.encode() in m["data"]]
    assert subjects == [f"{tag} autre"]
    import json
    results = [json.loads(line)["result"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert results[0].startswith("failed: ") and results[1].startswith("refused: ") and results[2] == "ok"
