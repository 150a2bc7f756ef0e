"""examples/wdmail, the multi-account mail tool written in WLangage: releve.wl (incoming filters),
envoie.wl (HTML message), affiche.wl (one message), run end to end on copies of the demo Maildirs
and on Dovecot + aiosmtpd, every rule's effect checked in the mailbox and running twice applying
nothing twice; then the runtime pieces the tool needed."""
import email
import email.policy
import pathlib
import shutil

import pytest
from conftest import seed_messages

from wltest import run_cli, run_source

ROOT = pathlib.Path(__file__).resolve().parents[1]
TOOL = ROOT / "examples" / "wdmail"
DEMO = TOOL / "demo"
ALICE, BOB = "alice@imap.exemple.fr", "bob@pop.exemple.fr"
EXPECTED = (TOOL / "releve.expected").read_text(encoding="utf-8")
RULES = ["Archives", "Pièces des factures", "Factures", "Copie direction", "Newsletters lues", "Gros messages",
         "Publicités", "Transfert urgent", "Réponse client", "Bulletins de bob"]


def demo_messages(account):
    files = sorted((DEMO / account / "cur").iterdir(), key=lambda p: int(p.name.split(".")[0]))
    return [(p.read_bytes(), p.name.endswith("S")) for p in files]


def releve(tmp_path, *options):
    return run_cli("run", *options, str(TOOL / "releve.wl"), "/date=20240315",
                   f"/etat={tmp_path / 'etat'}", f"/sortie={tmp_path / 'sortie'}")


def totals(output: str) -> dict:
    """The "Total par règle" table of a relevé."""
    table = output.split("== Total par règle\n")[1]
    return {line[3:25].strip(): int(line[26:]) for line in table.splitlines()}


def subject_of(data: bytes) -> str:
    return email.message_from_bytes(data, policy=email.policy.default)["Subject"]


def check_saved_attachments(folder: pathlib.Path):
    assert (folder / "factures" / "2024-03-01" / "F-2024-031.pdf").read_bytes().startswith(b"%PDF-1.4")
    assert (folder / "bulletins" / "2024-03-09" / "bulletin-2024-03.pdf").is_file()


# ---- offline, on copies of the demo Maildirs ------------------------------------------------

class LocalMailbox:
    """The demo Maildir of one account after a relevé, read with the local backend."""

    def __init__(self, root: pathlib.Path):
        from wlmail.runtime.email.backends.local import LocalBackend
        self.backend = LocalBackend(str(root))
        self.backend.open()

    def messages(self, folder="INBOX"):
        """{subject: flags} of a folder."""
        b = self.backend
        b.select_folder(folder)
        ids = b.ids()
        return {subject_of(fm.data): set(fm.flags) for fm in b.fetch(ids)}


def test_releve_on_the_demo_maildirs_applies_every_rule_once(tmp_path):
    shutil.copytree(DEMO, tmp_path / "demo")
    first = releve(tmp_path, "--mailbox", str(tmp_path / "demo"))
    assert first.code == 0, first.stderr
    assert first.stdout == EXPECTED
    assert totals(first.stdout) == {**{r: 1 for r in RULES}, "Publicités": 2}
    check_saved_attachments(tmp_path / "sortie")

    alice = LocalMailbox(tmp_path / "demo" / ALICE)
    inbox = alice.messages()
    for gone in ("Compte rendu de la réunion", "Votre facture F-2024-031", "[PUB] -50% sur tout"):
        assert gone not in inbox                                      # moved and deleted
    assert "\\Seen" in inbox["Nouveautés de mars"]                     # lu
    assert "\\Flagged" in inbox["Photos du séminaire"]                 # marquer
    assert "Budget 2024" in inbox                                      # copied, still there
    assert list(alice.messages("Archives")) == ["Compte rendu de la réunion"]
    assert list(alice.messages("Factures")) == ["Votre facture F-2024-031"]
    assert list(alice.messages("Direction")) == ["Budget 2024"]
    sent = alice.messages("Sent")                                      # offline, SMTP sends into Sent
    assert sorted(sent) == ["RE: Demande de devis", "TR: URGENT : serveur de fichiers arrêté"]
    bob = LocalMailbox(tmp_path / "demo" / BOB)
    assert sorted(bob.messages()) == ["Bulletin de paie de mars", "Planning de la semaine"]   # POP3 DELE

    second = releve(tmp_path, "--mailbox", str(tmp_path / "demo"))
    assert second.code == 0, second.stderr
    assert "[" not in second.stdout                                    # no action line at all
    assert totals(second.stdout) == {r: 0 for r in RULES}
    assert "7 message(s), 3 non lu(s)" in second.stdout and "2 message(s), 0 nouveau(x)" in second.stdout
    assert len(alice.messages("Sent")) == 2 and len(alice.messages("Factures")) == 1


def test_releve_dry_run_changes_nothing(tmp_path):
    shutil.copytree(DEMO, tmp_path / "demo")
    before = sorted(p.name for p in (tmp_path / "demo").rglob("*") if p.is_file())
    result = releve(tmp_path, "--dry-run", "--mailbox", str(tmp_path / "demo"))
    assert result.code == 0, result.stderr
    assert "would copy" in result.stderr and "would send" in result.stderr and "would flag" in result.stderr
    assert sorted(p.name for p in (tmp_path / "demo").rglob("*") if p.is_file()) == before
    assert not (tmp_path / "etat").exists() and not (tmp_path / "sortie").exists()


def test_envoie_then_affiche_offline(tmp_path):
    shutil.copytree(DEMO, tmp_path / "demo")
    sent = run_cli("run", "--mailbox", str(tmp_path / "demo"), str(TOOL / "envoie.wl"), "/a=jean@client.exemple.com",
                   "/client=Jean Dupont")
    assert sent.code == 0, sent.stderr
    assert sent.stdout.splitlines()[0] == "Message envoyé à jean@client.exemple.com : Devis D-2024-007"
    shown = run_cli("run", "--mailbox", str(tmp_path / "demo"), str(TOOL / "affiche.wl"), "/dossier=Sent",
                    "/sujet=Devis D-")
    assert shown.code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "De            : alice@exemple.fr" and lines[1] == "À             : jean@client.exemple.com"
    assert "Bonjour Jean Dupont," in lines and "20 licences WD Mail  2 400,00 €" in lines
    assert lines[-1] == "Pièce jointe : devis-D-2024-007.pdf (590 octets)"      # the inline logo is not listed


def test_affiche_a_message_with_an_attachment_and_errors(tmp_path):
    result = run_cli("run", "--mailbox", str(DEMO), str(TOOL / "affiche.wl"), "/sujet=séminaire")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[3] == "Objet         : Photos du séminaire"
    assert result.stdout.splitlines()[-1] == "Pièce jointe : seminaire.png (29.5 Ko)"
    html = run_cli("run", "--mailbox", str(DEMO), str(TOOL / "affiche.wl"), "/sujet=Nouveautés")
    assert "Nouveautés de mars\n\nLes nouveautés sont arrivées." in html.stdout and "<b>" not in html.stdout
    missing = run_cli("run", "--mailbox", str(DEMO), str(TOOL / "affiche.wl"), "/compte=bob", "/numero=9")
    assert missing.code == 1 and missing.stderr == "Aucun message numéro 9\n"
    unknown = run_cli("run", "--mailbox", str(DEMO), str(TOOL / "affiche.wl"), "/compte=carole")
    assert unknown.code == 1 and unknown.stderr == "Compte inconnu : carole\n"


# ---- on Dovecot and aiosmtpd -----------------------------------------------------------------

def accounts_ini(path: pathlib.Path, mailserver, alice, bob) -> pathlib.Path:
    """comptes.ini for the test servers (plain ports: STARTTLS with the test CA)."""
    host = mailserver["host"]
    sections = [f"""[{name}]
Adresse = {name}@exemple.fr
Réception = {protocol}
Serveur = {host}
Port = {port}
TLS = 0
Utilisateur = {user.user}
MotDePasse = WDMAIL_MDP_{name.upper()}
ServeurSMTP = {host}
PortSMTP = {mailserver["smtp"]}
UtilisateurSMTP = {user.user}
""" for name, user, protocol, port in (("alice", alice, "IMAP", mailserver["imap"]),
                                      ("bob", bob, "POP3", mailserver["pop3"]))]
    path.write_text("\n".join(sections), encoding="utf-8")
    return path


@pytest.fixture
def servers(tmp_path, monkeypatch, mailserver):
    from conftest import MailboxUser
    import os
    n = next(_users)
    alice = MailboxUser(f"t_{os.getpid()}_wda{n}", mailserver["test_password"])
    bob = MailboxUser(f"t_{os.getpid()}_wdb{n}", mailserver["test_password"])
    for user, account in ((alice, ALICE), (bob, BOB)):
        messages = demo_messages(account)
        seed_messages(mailserver, user.user, [m for m, _ in messages], seen_flags=[s for _, s in messages])
    monkeypatch.setenv("WDMAIL_MDP_ALICE", alice.password)
    monkeypatch.setenv("WDMAIL_MDP_BOB", bob.password)
    ini = accounts_ini(tmp_path / "comptes.ini", mailserver, alice, bob)
    mailserver["smtp_capture"].clear()
    return alice, bob, ini


_users = __import__("itertools").count(1)


def imap(mailserver, user):
    from imapclient import IMAPClient
    c = IMAPClient(mailserver["host"], port=mailserver["imap"], ssl=False)
    c.login(user.user, user.password)
    return c


def folder_contents(c, folder):
    """{subject: flags} of a folder, read on the server (FETCH FLAGS and the Subject header)."""
    c.select_folder(folder, readonly=True)
    got = c.fetch(c.search("ALL"), ["FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])
    return {subject_of(v[b"BODY[HEADER.FIELDS (SUBJECT)]"]): {f.decode() for f in v[b"FLAGS"]}
            for v in got.values()}


def test_releve_on_dovecot_every_rule_checked_on_the_server(tmp_path, mailserver, servers):
    alice, bob, ini = servers
    options = ("--cafile", mailserver["cafile"])
    first = run_cli("run", *options, str(TOOL / "releve.wl"), f"/comptes={ini}", "/date=20240315",
                    f"/etat={tmp_path / 'etat'}", f"/sortie={tmp_path / 'sortie'}")
    assert first.code == 0, first.stderr
    expected = (EXPECTED.replace("alice@imap.exemple.fr", f"{alice.user}@{mailserver['host']}")
                .replace("bob@pop.exemple.fr", f"{bob.user}@{mailserver['host']}"))
    assert first.stdout == expected
    check_saved_attachments(tmp_path / "sortie")

    with imap(mailserver, alice) as c:
        inbox = folder_contents(c, "INBOX")
        assert sorted(inbox) == ["Budget 2024", "Demande de devis", "Déjeuner ?", "Nouveautés de mars",
                                 "Photos du séminaire", "Relance devis", "URGENT : serveur de fichiers arrêté"]
        assert "\\Seen" in inbox["Nouveautés de mars"] and "\\Flagged" in inbox["Photos du séminaire"]
        assert "\\Seen" not in inbox["Demande de devis"]                  # nothing else marked read
        assert list(folder_contents(c, "Archives")) == ["Compte rendu de la réunion"]
        assert list(folder_contents(c, "Factures")) == ["Votre facture F-2024-031"]
        assert list(folder_contents(c, "Direction")) == ["Budget 2024"]
    sent = mailserver["smtp_capture"].messages
    assert sorted((m["rcpt_tos"], subject_of(m["data"])) for m in sent) == [
        (["astreinte@exemple.fr"], "TR: URGENT : serveur de fichiers arrêté"),
        (["jean@client.exemple.com"], "RE: Demande de devis")]
    reply = email.message_from_bytes(next(m["data"] for m in sent if m["rcpt_tos"] == ["jean@client.exemple.com"]),
                                     policy=email.policy.default)
    assert "Je suis absente jusqu'au 25 mars" in reply.get_content()
    assert reply["In-Reply-To"] == "<202403120905.wdmail@exemple.fr>"          # threaded under the question
    from poplib import POP3
    pop = POP3(mailserver["host"], mailserver["pop3"])
    pop.user(bob.user)
    pop.pass_(bob.password)
    assert pop.stat()[0] == 2                                          # the [PUB] one was deleted
    pop.quit()

    again = run_cli("run", *options, str(TOOL / "releve.wl"), f"/comptes={ini}", "/date=20240315",
                    f"/etat={tmp_path / 'etat'}", f"/sortie={tmp_path / 'sortie'}")
    assert again.code == 0, again.stderr
    assert totals(again.stdout) == {r: 0 for r in RULES} and "[" not in again.stdout
    assert len(mailserver["smtp_capture"].messages) == 2                # no second forward, no second reply
    with imap(mailserver, alice) as c:
        assert list(folder_contents(c, "Direction")) == ["Budget 2024"]   # not copied twice


def test_envoie_on_smtp_read_back_over_imap_part_by_part(tmp_path, mailserver, servers):
    alice, _bob, ini = servers
    to = f"{alice.user}@exemple.fr"                                     # delivered to alice's INBOX
    result = run_cli("run", "--cafile", mailserver["cafile"], str(TOOL / "envoie.wl"), f"/comptes={ini}",
                     f"/a={to}", "/montant=1 999,00")
    assert result.code == 0, result.stderr
    with imap(mailserver, alice) as c:
        c.select_folder("INBOX", readonly=True)
        uid = c.search(["SUBJECT", "Devis D-2024-007"])[-1]
        structure = c.fetch([uid], ["BODYSTRUCTURE"])[uid][b"BODYSTRUCTURE"]
        assert structure.is_multipart and structure[1].lower() == b"mixed"
        parts = {p: c.fetch([uid], [f"BODY.PEEK[{p}.MIME]", f"BODY.PEEK[{p}]"])[uid] for p in
                 ("1.1", "1.2.1", "1.2.2", "2")}

    def part(number):
        raw = parts[number]
        head = raw[f"BODY[{number}.MIME]".encode()]
        body = raw[f"BODY[{number}]".encode()]
        return email.message_from_bytes(head + body, policy=email.policy.default)

    text, html, image, attachment = (part(p) for p in ("1.1", "1.2.1", "1.2.2", "2"))
    assert text.get_content_type() == "text/plain" and "Bonjour Jean Client," in text.get_content()
    assert "1 999,00 €" in text.get_content() and "<" not in text.get_content()
    assert html.get_content_type() == "text/html" and "1 999,00 €" in html.get_content()
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html.get_content()                      # the logo, shown inline
    assert image.get_content_type() == "image/png"
    assert image.get_content() == (TOOL / "modeles" / "logo.png").read_bytes()
    assert attachment.get_filename() == "devis-D-2024-007.pdf"
    assert attachment.get_content() == (TOOL / "modeles" / "devis-D-2024-007.pdf").read_bytes()


# ---- what the tool needed from the runtime ----------------------------------------------------

def test_mailbox_names_each_accounts_maildir(tmp_path):
    for account in ("alice@imap.exemple.fr", "carole"):
        shutil.copytree(DEMO / ALICE, tmp_path / account)
    script = """
        s est un emailSessionIMAP
        s.AdresseServeur = "imap.exemple.fr"
        s.Nom = LigneCommande(1)
        SI EmailOuvreSession(s) ALORS Trace(EmailNbMessage(s)) SINON Trace(ErreurInfo())
        """
    # a folder of Maildirs named user@host (or user)
    nobody = run_source(script, tmp_path, "a.wl", "--mailbox", str(tmp_path))                # no user name
    assert nobody.stdout.startswith("no local mailbox for the account @imap.exemple.fr in ")
    ok = run_cli("run", "--mailbox", str(tmp_path), str(tmp_path / "a.wl"), "alice")
    assert ok.stdout == "10\n"
    assert run_cli("run", "--mailbox", str(tmp_path), str(tmp_path / "a.wl"), "carole").stdout == "10\n"
    unknown = run_cli("run", "--mailbox", str(tmp_path), str(tmp_path / "a.wl"), "zoe")
    assert "no local mailbox for the account zoe@imap.exemple.fr" in unknown.stdout
    # repeated ACCOUNT=DIR
    (tmp_path / "vide").mkdir()
    named = run_cli("run", "--mailbox", f"zoe={tmp_path / 'vide'}", "--mailbox", f"alice@imap.exemple.fr={tmp_path / 'carole'}",
                    str(tmp_path / "a.wl"), "zoe")
    assert named.stdout == "0\n", named.stderr
    typo = run_cli("run", "--mailbox", f"zoe={tmp_path / 'absent'}", str(tmp_path / "a.wl"), "zoe")
    assert typo.code == 2 and "does not exist" in typo.stderr


def test_flag_size_and_regular_expression(tmp_path):
    shutil.copytree(DEMO / ALICE, tmp_path / "m")
    result = run_source("""
        s est un emailSessionIMAP
        EmailOuvreSession(s)
        POUR TOUT m DE s
            SI VérifieExpressionRégulière(m.Sujet, "Photos.*") ALORS
                Trace(EmailTailleMessage(s, m) > 30000, EmailChangeEtat(s, m, emailEtatMarqué))
                Trace(TableauVersChaîne(EmailRécupèreIndicateur(s, m), ","))
                EmailChangeEtat(s, m, emailStatusUnflagged)
                Trace(TableauVersChaîne(EmailRécupèreIndicateur(s, m), ","))
            FIN
        FIN
        Trace(MatchRegularExpression("Facture 12", "Facture"), VérifieExpressionRégulière("a1", "[a-z][0-9]"))
        """, tmp_path, "f.wl", "--mailbox", str(tmp_path / "m"))
    assert result.stdout == "1 1\n\\Flagged,\\Seen\n\\Seen\n0 1\n", result.stderr
    bad = run_source('Trace(VérifieExpressionRégulière("a", "(")) ', tmp_path, "b.wl")
    assert bad.code == 1 and "invalid regular expression" in bad.stderr


def test_errors_in_a_file_included_with_externe_name_that_file(tmp_path):
    """The three scripts share comptes.wl through EXTERNE: its errors must point into it."""
    (tmp_path / "lib.wl").write_text('PROCÉDURE Divise(n)\nx est un entier = 0\nRENVOYER n / x\n', encoding="utf-8")
    main = tmp_path / "main.wl"
    main.write_text('EXTERNE "lib.wl"\nTrace("a")\nTrace(Divise(3))\n', encoding="utf-8")
    run = run_cli("run", str(main))
    assert (run.code, run.stdout, run.stderr) == (1, "a\n", f"{tmp_path / 'lib.wl'}:3: Division by zero\n")
    (tmp_path / "lib.wl").write_text('PROCÉDURE Divise(n)\nRENVOYER n / 0\n\nPROCÉDURE P()\nTarce("x")\n',
                                     encoding="utf-8")
    check = run_cli("check", str(main))
    assert check.code == 2
    assert check.stdout.splitlines()[:3] == [f"{tmp_path / 'lib.wl'}:5:1: unknown function Tarce; did you mean Trace?",
                                             '    Tarce("x")', "    ^"]
    (tmp_path / "lib.wl").write_text('PROCÉDURE Divise(n)\nx est un entier = 0\nRENVOYER n / x\n', encoding="utf-8")
    assert run_cli("transpile", str(main), "-o", str(tmp_path / "py" / "main.py")).code == 0
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, str(tmp_path / "py" / "main.py")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "a\n", "lib.wl:3: Division by zero\n")


def test_procedures_return_classes_and_use_the_main_codes_constants(tmp_path):
    result = run_source("""
        CONSTANTE
            PRÉFIXE = "compte "
        FIN
        CCompte est une Classe
            Nom est une chaîne
        FIN
        c est un CCompte = Crée("alice")
        Trace(c.Nom)
        PROCÉDURE Crée(sNom est une chaîne) : CCompte
        r est un CCompte
        r.Nom = PRÉFIXE + sNom
        RENVOYER r
        """, tmp_path)
    assert (result.code, result.stdout) == (0, "compte alice\n"), result.stderr


def test_an_oauth_account_reads_and_sends_with_its_token(tmp_path, monkeypatch, oauth_servers):
    """An account with OAuthClientID signs in with AuthIdentifie's token (device flow on the test
    authorization server), for IMAP and for SMTP, and no token reaches the output."""
    import os
    ms, authz = oauth_servers, oauth_servers["authz"]
    user = f"o_{os.getpid()}_wd{next(_users)}"
    authz.device_user = user
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    seed_messages(ms, user, [m for m, _ in demo_messages(ALICE)])
    ini = tmp_path / "comptes.ini"
    ini.write_text(f"""[alice]
Adresse = {user}@example.test
Réception = IMAP
Serveur = {ms['host']}
Port = {ms['imap']}
Utilisateur = {user}
ServeurSMTP = {ms['host']}
PortSMTP = {ms['smtp']}
OAuthClientID = wlmail-public
OAuthURLToken = {ms['oauth_url']}/token
OAuthURLCodeAppareil = {ms['oauth_url']}/device
OAuthScope = mail offline_access
""", encoding="utf-8")
    shown = run_cli("run", "--cafile", ms["cafile"], str(TOOL / "affiche.wl"), f"/comptes={ini}", "/sujet=séminaire")
    assert shown.code == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == "Pièce jointe : seminaire.png (29.5 Ko)"
    sent = run_cli("run", "--cafile", ms["cafile"], str(TOOL / "envoie.wl"), f"/comptes={ini}",
                   f"/a={user}@example.test")
    assert sent.code == 0, sent.stderr
    mine = [m for m in ms["smtp_capture"].messages if user in m["mail_from"]]
    assert len(mine) == 1 and mine[0]["auth"] and subject_of(mine[0]["data"]) == "Devis D-2024-007"
    for issued in authz.issued:
        for result in (shown, sent):
            assert issued["access_token"] not in result.stdout + result.stderr


def test_releve_without_its_records_does_nothing(tmp_path):
    """The records are what keeps a second relevé from repeating actions: no records, no relevé."""
    shutil.copytree(DEMO, tmp_path / "demo")
    (tmp_path / "etat").write_text("a file, not a folder")
    result = releve(tmp_path, "--mailbox", str(tmp_path / "demo"))
    assert result.code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Dossier d'état impossible à créer : {tmp_path / 'etat'} (fRepCrée: ")
    assert len(LocalMailbox(tmp_path / "demo" / ALICE).messages()) == 10
