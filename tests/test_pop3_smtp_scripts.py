"""POP3 and SMTP from WLangage, end to end on real servers (Dovecot POP3/POP3S, aiosmtpd)."""
import email
import email.policy

from conftest import make_msg, seed_messages
from imapclient import IMAPClient

from wltest import run_cli


def run(tmp_path, program, *extra):
    path = tmp_path / "script.wl"
    path.write_text(program.lstrip("\n"), encoding="utf-8")
    return run_cli("run", *extra, str(path))


def test_pop3_user_name_api_as_documented(tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, [make_msg(i) for i in range(3)])
    r = run(tmp_path, f"""
NomUser est une chaîne = "{mailbox_user.user}"
SI EmailOuvreSessionPOP3(NomUser, "{mailbox_user.password}", "{mailserver['host']}", {mailserver['pop3']}) ALORS
    Trace("messages :", EmailNbMessage(NomUser))
    EmailLitPremier(NomUser)
    TANTQUE Email.EnDehors = Faux
        Trace(Email.Sujet, "|", Email.Expéditeur)
        EmailLitSuivant(NomUser)
    FIN
    SI EmailLitMessage(NomUser, 2) = Vrai ALORS Trace("n°2 :", Email.Sujet)
    EmailFermeSession(NomUser)
SINON
    Trace(ErreurInfo())
FIN
""")
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == [
        "messages : 3",
        "Test n°0 résumé | Expéditeur 0 <sender0@example.test>",
        "Test n°1 résumé | Expéditeur 1 <sender1@example.test>",
        "Test n°2 résumé | Expéditeur 2 <sender2@example.test>",
        "n°2 : Test n°1 résumé",
    ]


def test_pop3_deletes_at_close_and_keeps_numbers(tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, [make_msg(i) for i in range(4)])
    program = f"""
s est un emailSessionPOP3
s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver['pop3s']}
s.Option = optionTLS
s.Nom = "{mailbox_user.user}"
s.MotDePasse = "{mailbox_user.password}"
EmailOuvreSession(s)
m est un Email
EmailSupprimeMessage(s, 2)
Trace(EmailNbMessage(s), m.EnDehors)
EmailLitMessage(s, m, 2)
Trace("supprimé :", m.EnDehors)
EmailLitMessage(s, m, 3)
Trace(m.Sujet)
EmailFermeSession(s)
EmailOuvreSession(s)
Trace("après :", EmailNbMessage(s))
EmailFermeSession(s)
"""
    r = run(tmp_path, program, "--cafile", mailserver["cafile"])
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == ["4 0", "supprimé : 1", "Test n°2 résumé", "après : 3"]


def test_pop3_refuses_non_lu(tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, [make_msg(1)])
    r = run(tmp_path, f"""
s est un emailSessionPOP3
s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver['pop3']}
s.Nom = "{mailbox_user.user}"
s.MotDePasse = "{mailbox_user.password}"
EmailOuvreSession(s)
QUAND EXCEPTION DANS
    POUR TOUT m NON LU DE s
        Trace(m.Sujet)
    FIN
FAIRE
    Trace("refusé :", ExceptionInfo())
FIN
""")
    assert r.code == 0, r.stderr
    assert r.stdout.startswith("refusé :") and "POP3" in r.stdout


def test_round_trip_smtp_then_imap_and_pop3(tmp_path, mailserver, mailbox_user):
    user = mailbox_user.user
    with IMAPClient(mailserver["host"], port=mailserver["imap"], ssl=False) as c:   # creates the Maildir
        c.login(user, mailbox_user.password)
    pdf = tmp_path / "Récapitulatif été.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    send = f"""
SMTP est un emailSessionSMTP
SMTP.AdresseServeur = "{mailserver['host']}"
SMTP.Port = {mailserver['smtp_auth']}
SMTP.Option = emailProtocoleSMTPS
SMTP.Nom = "bob"
SMTP.MotDePasse = "bobpw"
SI PAS EmailOuvreSession(SMTP) ALORS
    Trace("ouverture :", ErreurInfo())
    RETOUR
FIN
m est un Email
m.Expéditeur = "Frédéric Lefèvre <frederic@example.test>"
m.Destinataire = "{user}@example.test"
Ajoute(m.Cci, "cache-{user}@example.test")
m.Sujet = "Réunion d'été : ordre du jour ☀"
m.Message = "Bonjour à tous," + RC + "voici l'ordre du jour." + RC
m.HTML = "<p>Bonjour à <b>tous</b></p><img src=""cid:logo1"">"
EmailChargeFichierAttaché(m, "{pdf}")
n est un entier = EmailChargeFichierAttaché(m, "{logo}")
m.Attache[n].Identifiant = "logo1"
SI EmailEnvoieMessage(SMTP, m) ALORS Trace("envoyé") SINON Trace("échec :", ErreurInfo())
EmailFermeSession(SMTP)
"""
    r = run(tmp_path, send, "--cafile", mailserver["cafile"])
    assert (r.code, r.stdout, r.stderr) == (0, "envoyé\n", "")
    sent = mailserver["smtp_capture"].messages[-1]
    assert sent["auth"] and sent["tls"]
    assert f"cache-{user}@example.test" in sent["rcpt_tos"]
    assert b"cache-" not in sent["data"]                      # Bcc never in the headers

    for kind, port, extra in (("IMAP", "imap", ""), ("POP3", "pop3", "")):
        session = "emailSessionIMAP" if kind == "IMAP" else "emailSessionPOP3"
        read = f"""
s est un {session}
s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver[port]}
s.Nom = "{user}"
s.MotDePasse = "{mailbox_user.password}"
EmailOuvreSession(s)
m est un Email
EmailLitPremier(s, m)
Trace(m.Sujet)
Trace(m.Expéditeur)
Trace(m.Destinataire[1], m.NbCci)
Trace(Remplace(m.Message, RC, "|"))
Trace(m.HTML)
Trace(m.NbAttache)
POUR TOUT a DE m.Attache
    Trace(a.Nom, a.ContentType, Taille(a.Contenu), a.Identifiant)
    EmailSauveFichierAttaché(a, "{tmp_path}/{kind}-" + a.Nom)
FIN
EmailFermeSession(s)
"""
        r = run(tmp_path, read)
        assert r.code == 0, r.stderr
        lines = r.stdout.splitlines()
        assert lines[0] == "Réunion d'été : ordre du jour ☀"
        assert lines[1] == "Frédéric Lefèvre <frederic@example.test>"
        assert lines[2] == f"{user}@example.test 0"
        assert lines[3] == "Bonjour à tous,|voici l'ordre du jour.|"
        assert lines[4] == '<p>Bonjour à <b>tous</b></p><img src="cid:logo1">'
        assert lines[5] == "2"
        assert sorted(lines[6:8]) == [f"Récapitulatif été.pdf application/pdf {pdf.stat().st_size} ",
                                      f"logo.png image/png {logo.stat().st_size} logo1"]
        assert (tmp_path / f"{kind}-Récapitulatif été.pdf").read_bytes() == pdf.read_bytes()
        assert (tmp_path / f"{kind}-logo.png").read_bytes() == logo.read_bytes()


def test_smtp_errors_are_wlangage_errors(tmp_path, mailserver):
    r = run(tmp_path, f"""
SMTP est un emailSessionSMTP
SMTP.AdresseServeur = "{mailserver['host']}"
SMTP.Port = {mailserver['smtp_auth']}
SMTP.Option = emailOptionSécuriséTLS
SMTP.Nom = "bob"
SMTP.MotDePasse = "mot-de-passe-faux"
Trace(EmailOuvreSession(SMTP), Email.Erreur)
SMTP.MotDePasse = "bobpw"
EmailOuvreSession(SMTP)
m est un Email
m.Expéditeur = "bob@example.test"
m.Destinataire = "unknown@example.test"
m.Sujet = "x"
Trace(EmailEnvoieMessage(SMTP, m), Email.Erreur)
m.Destinataire = "pas une adresse"
Trace(EmailEnvoieMessage(SMTP, m), Email.Erreur)
EmailFermeSession(SMTP)
""", "--cafile", mailserver["cafile"])
    assert r.code == 0, r.stderr
    assert r.stdout.splitlines() == ["0 6", "0 14", "0 15"]
    assert "mot-de-passe-faux" not in r.stdout + r.stderr


def test_sending_through_pop3_session_is_fatal(tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, [make_msg(1)])
    r = run(tmp_path, f"""
EmailOuvreSessionPOP3("{mailbox_user.user}", "{mailbox_user.password}", "{mailserver['host']}", {mailserver['pop3']})
Email.Destinataire = "x@example.test"
EmailEnvoieMessage("{mailbox_user.user}")
Trace("jamais")
""")
    assert r.code == 1
    assert r.stdout == ""
    assert "script.wl:3:" in r.stderr and "Traceback" not in r.stderr


def test_offline_send_goes_to_sent_folder(tmp_path):
    box = tmp_path / "box"
    r = run(tmp_path, """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.masociete.fr"
EmailOuvreSession(s)
m est un Email
m.Expéditeur = "moi@exemple.fr"
m.Destinataire = "toi@exemple.fr"
m.Sujet = "Hors ligne"
m.Message = "Texte"
Trace(EmailEnvoieMessage(s, m))
""", "--mailbox", str(box), "--create")
    assert (r.code, r.stdout) == (0, "1\n"), r.stderr
    sent = list((box / ".Sent" / "cur").iterdir()) + list((box / ".Sent" / "new").iterdir())
    assert len(sent) == 1
    msg = email.message_from_bytes(sent[0].read_bytes(), policy=email.policy.default)
    assert msg["Subject"] == "Hors ligne" and msg["To"] == "toi@exemple.fr"
