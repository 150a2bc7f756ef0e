"""WLangage mail scripts end to end: the help page's reading snippets (tests/scripts/seed_*.wl) and
the examples, run by `wlmail run` against a copy of the demo Maildir and against a real Dovecot on
127.0.0.1."""
import pathlib
import re
import shutil

import pytest
from conftest import make_msg, seed_messages

from wltest import point_at_dovecot, run_cli, seed_programs

ROOT = pathlib.Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-maildir"
EXAMPLES = sorted((ROOT / "examples").glob("*.wl"))


def demo_messages():
    """(bytes, seen) of the demo Maildir, oldest first."""
    files = sorted((DEMO / "cur").iterdir(), key=lambda p: int(p.name.split(".")[0]))
    return [(p.read_bytes(), p.name.endswith("S")) for p in files]


@pytest.fixture
def demo_copy(tmp_path):
    dest = tmp_path / "maildir"
    shutil.copytree(DEMO, dest)
    return dest


@pytest.fixture
def demo_on_dovecot(mailserver, mailbox_user):
    messages = demo_messages()
    seed_messages(mailserver, mailbox_user.user, [m for m, _ in messages], seen_flags=[s for _, s in messages])
    return mailbox_user



def with_trace(program: str) -> str:
    """Replace the documentation placeholder `...` by a Trace of the message read."""
    subject = "Email.Sujet" if "TANTQUE PAS Email.EnDehors" in program else "MonMessage.Sujet"
    return re.sub(r"^(\s*)\.\.\.\s*$", rf"\1Trace({subject})", program, flags=re.M)


def subjects(messages, unread_only=False):
    from email import message_from_bytes
    from email.header import decode_header, make_header
    out = []
    for data, seen in messages:
        if unread_only and seen:
            continue
        out.append(str(make_header(decode_header(message_from_bytes(data)["Subject"]))))
    return out


def run(tmp_path, program, *extra):
    path = tmp_path / "script.wl"
    path.write_text(program, encoding="utf-8")
    return run_cli("run", *extra, str(path))


# ---- the help page's snippets --------------------------------------------------------

SEED_LOOPS = sorted(seed_programs())


def test_seed_scripts_cover_the_three_reading_styles():
    programs = seed_programs()
    assert set(programs) >= {"seed_lecture_variable", "seed_lecture_structure", "seed_pour_tout"}
    assert "TANTQUE PAS MonMessage.EnDehors" in programs["seed_lecture_variable"]
    assert "TANTQUE PAS Email.EnDehors" in programs["seed_lecture_structure"]
    assert "POUR TOUT MonMessage NON LU DE MaSession" in programs["seed_pour_tout"]
    assert all(p.count("EmailOuvreSession(MaSession)") == 1 for p in programs.values())


@pytest.mark.parametrize("name", SEED_LOOPS)
def test_seed_snippet_runs_as_written_on_maildir(name, tmp_path, demo_copy):
    r = run(tmp_path, seed_programs()[name], "--mailbox", str(demo_copy))
    assert (r.code, r.stderr, r.stdout) == (0, "", "")


@pytest.mark.parametrize("name", SEED_LOOPS)
def test_seed_snippet_reads_every_message_on_maildir(name, tmp_path, demo_copy):
    program = with_trace(seed_programs()[name])
    r = run(tmp_path, program, "--mailbox", str(demo_copy))
    assert r.code == 0, r.stderr
    expected = subjects(demo_messages(), unread_only="NON LU" in program)
    assert expected and r.stdout.splitlines() == expected


@pytest.mark.parametrize("name", SEED_LOOPS)
def test_seed_snippet_on_dovecot(name, tmp_path, mailserver, demo_on_dovecot):
    program = point_at_dovecot(with_trace(seed_programs()[name]), mailserver, demo_on_dovecot)
    r = run(tmp_path, program)
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == subjects(demo_messages(), unread_only="NON LU" in program)


def test_reading_does_not_change_flags(tmp_path, mailserver, demo_on_dovecot):
    from imapclient import IMAPClient
    for program in seed_programs().values():
        r = run(tmp_path, point_at_dovecot(with_trace(program), mailserver, demo_on_dovecot))
        assert r.code == 0, r.stderr
    with IMAPClient(mailserver["host"], port=mailserver["imap"], ssl=False) as c:
        c.login(demo_on_dovecot.user, demo_on_dovecot.password)
        c.select_folder("INBOX", readonly=True)
        assert len(c.search("UNSEEN")) == sum(1 for _, seen in demo_messages() if not seen)


# ---- the examples -------------------------------------------------------------------

@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_same_output_on_maildir_and_dovecot(example, tmp_path, demo_copy, mailserver, demo_on_dovecot):
    offline = run_cli("run", "--mailbox", str(demo_copy), str(example))
    assert offline.code == 0, offline.stderr
    assert offline.stdout.strip()
    online = run(tmp_path, point_at_dovecot(example.read_text(encoding="utf-8"), mailserver, demo_on_dovecot))
    assert online.code == 0, online.stderr
    assert online.stdout == offline.stdout


def test_readme_first_command_example_output():
    r = run_cli("run", "--mailbox", str(DEMO), str(ROOT / "examples" / "lire_non_lus.wl"))
    assert r.code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Messages non lus :"
    assert lines[-1] == "4 message(s) non lu(s) sur 12"


# ---- errors surface as WLangage errors, never as tracebacks ------------------------------

def test_wrong_password_is_a_wlangage_error(tmp_path, mailserver, mailbox_user):
    program = f"""
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "{mailserver['host']}"
MaSession.Port = {mailserver['imap']}
MaSession.Nom = "{mailbox_user.user}"
MaSession.MotDePasse = "mauvais-mot-de-passe"
SI PAS EmailOuvreSession(MaSession) ALORS
    Trace("échec", ErreurDétectée, Email.Erreur)
    Trace(ErreurInfo())
FIN
"""
    r = run(tmp_path, program)
    assert r.code == 0
    first, second = r.stdout.splitlines()
    assert first == "échec 1 6"
    assert second and "mauvais-mot-de-passe" not in r.stdout + r.stderr


def test_refused_connection_is_a_wlangage_error(tmp_path):
    program = """
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "127.0.0.1"
MaSession.Port = 1
MaSession.Nom = "u"
MaSession.MotDePasse = "secret-pw"
Trace(EmailOuvreSession(MaSession), ErreurDétectée, Email.Erreur)
"""
    r = run(tmp_path, program)
    assert r.stdout == "0 1 10061\n"
    assert r.code == 0 and "secret-pw" not in r.stderr


def test_reading_through_unopened_session_is_catchable_fatal_error(tmp_path):
    program = """
MaSession est un emailSessionIMAP
QUAND EXCEPTION DANS
    EmailLitPremier(MaSession)
FAIRE
    Trace("exception attrapée")
FIN
EmailLitPremier(MaSession)
Trace("jamais")
"""
    r = run(tmp_path, program)
    assert r.stdout == "exception attrapée\n"
    assert r.code == 1
    assert re.search(r"script\.wl:8: EmailLitPremier", r.stderr) and "Traceback" not in r.stderr


def test_cas_erreur_section_catches_a_failing_mail_function(tmp_path):
    r = run(tmp_path, """
Trace(Ouvre())

PROCEDURE Ouvre()
s est un emailSessionIMAP
s.AdresseServeur = "127.0.0.1"
s.Port = 1
EmailOuvreSession(s)
Trace("jamais ici")
RENVOYER "ouvert"
CAS ERREUR:
    RENVOYER "erreur : " + Email.Erreur
""")
    assert (r.code, r.stdout) == (0, "erreur : 10061\n")


def imap_script(mailserver, user, body, port_key="imap", option=""):
    return f"""
s est un emailSessionIMAP
s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver[port_key]}
{option}
s.Nom = "{user.user}"
s.MotDePasse = "{user.password}"
{body}
"""


@pytest.mark.parametrize("trusted", [True, False])
def test_tls_certificate_is_verified(tmp_path, mailserver, demo_on_dovecot, trusted):
    program = imap_script(mailserver, demo_on_dovecot, """
SI EmailOuvreSession(s) ALORS
    Trace("ouvert", EmailNbMessage(s))
SINON
    Trace("refusé", Email.Erreur)
    Trace(ErreurInfo())
FIN
""", "imaps", "s.Option = optionTLS")
    r = run(tmp_path, program, *(["--cafile", mailserver["cafile"]] if trusted else []))
    assert r.code == 0, r.stderr
    lines = r.stdout.splitlines()
    if trusted:
        assert lines == ["ouvert 12"]
    else:
        assert lines[0] == "refusé 3" and "certificate" in lines[1].lower()


def test_unknown_host_is_a_wlangage_error(tmp_path):
    r = run(tmp_path, """
s est un emailSessionIMAP
s.AdresseServeur = "no-such-host.invalid"
Trace(EmailOuvreSession(s), Email.Erreur)
""")
    assert (r.code, r.stdout) == (0, "0 11001\n")


def test_server_killed_mid_loop(tmp_path, mailserver, mailbox_user):
    import subprocess
    import sys
    seed_messages(mailserver, mailbox_user.user, [make_msg(i) for i in range(3000)])
    script = tmp_path / "boucle.wl"
    script.write_text(imap_script(mailserver, mailbox_user, """
EmailOuvreSession(s)
m est un Email
n est un entier
EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
    n++
    SI n = 1 ALORS Trace("premier")
    POUR k = 1 À 3000
    FIN
    SI PAS EmailLitSuivant(s, m) _ET_ ErreurDétectée ALORS
        Trace("erreur", Email.Erreur)
        SORTIR
    FIN
FIN
Trace("lus", n < 3000)
"""), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "wlmail", "run", str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "premier\n"
    mailserver["doveadm"]("kick", mailbox_user.user)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert out.splitlines() == ["erreur 23", "lus 1"]
    assert "Traceback" not in err
