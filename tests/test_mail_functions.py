"""The WLangage mail functions, called directly from Python.

Offline tests run on a copy of examples/demo-maildir through the local backend
(`configure(mailbox=...)`); the last tests talk to the Dovecot/aiosmtpd servers of
tests/conftest.py.  No mocked protocol layer.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import threading

import pytest

from wlmail.runtime import email as em
from wlmail.runtime.email import (
    Email, EmailAjouteDossier, EmailChangeDossier, EmailChangeEtat, EmailChangeTimeOut, EmailChargeFichierAttaché,
    EmailCherchePremier, EmailConstruitSource, EmailCopie, EmailDossierCourant, EmailDétruit, EmailEnvoie,
    EmailEnvoieMessage, EmailFermeSession, EmailImporteHTML, EmailImporteSource, EmailListeDossier,
    EmailLitDernier, EmailLitEntêtePremier, EmailLitEntêteSuivant, EmailLitMessage, EmailLitPremier,
    EmailLitPrécédent, EmailLitSuivant, EmailLitTimeOut, EmailMsgErreur, EmailNbMessage, EmailOuvreSession,
    EmailOuvreSessionIMAP, EmailOuvreSessionPOP3, EmailOuvreSessionSMTP, EmailRAZ, EmailRécupèreIndicateur,
    EmailRécupèreTout, EmailSauveFichierAttaché, EmailSupprimeMessage, EmailTailleMessage,
    EmailVérifieAdresse, configure, emailAttache, emailEntête, emailSessionIMAP, emailSessionPOP3,
    emailSessionSMTP, iterate_session,
)
from wlmail.runtime.email.mime import ParsedMessage
from wlmail.runtime.errors import ErreurDétectée, ErreurInfo, WLError, errCode
from wlmail.runtime.values import copy_value

DEMO = pathlib.Path(__file__).resolve().parent.parent / "examples" / "demo-maildir"
SUBJECTS = [
    "Réunion de lundi – ordre du jour", "Quarterly report Q1 2024", "Les nouveautés de l'été ☀",
    "Your order #88213 has shipped", "Facture n°2024-031 à régler", "Photos de la fête de l'équipe",
    "Lunch on Friday?", "Problème de connexion à l'intranet", "Re: Quarterly report Q1 2024",
    "Confirmation d'inscription à la formation", "Weekly digest: 3 new topics",
    "Rappel : entretien annuel le 12 mars",
]
UNREAD = [3, 6, 8, 12]


@pytest.fixture(autouse=True)
def _clean_state():
    yield
    em.close_all()
    configure(mailbox=None)
    EmailRAZ()


@pytest.fixture
def box(tmp_path):
    """A private copy of the demo Maildir, used by every session (offline mode)."""
    path = tmp_path / "Maildir"
    shutil.copytree(DEMO, path)
    # a checkout does not keep file times: restore them from the names (delivery order)
    for f in (path / "cur").iterdir():
        stamp = int(f.name.split(".", 1)[0])
        os.utime(f, (stamp, stamp))
    configure(mailbox=str(path))
    return path


def flags_on_disk(box) -> dict[str, str]:
    """{subject: maildir flag letters} for the INBOX files."""
    out = {}
    for f in (box / "cur").iterdir():
        out[ParsedMessage(f.read_bytes()).subject] = f.name.split(":2,", 1)[1] if ":2," in f.name else ""
    return out


def imap(name="alice", password="s3cret-pw"):
    s = emailSessionIMAP()
    s.AdresseServeur = "imap.exemple.fr"
    s.Nom = name
    s.MotDePasse = password
    assert EmailOuvreSession(s) is True
    return s


def read_all_subjects(session, mail=None):
    subjects = []
    ok = EmailLitPremier(session, mail) if mail is not None else EmailLitPremier(session)
    target = mail if mail is not None else Email
    while not target.EnDehors:
        subjects.append(target.Sujet)
        EmailLitSuivant(session, mail) if mail is not None else EmailLitSuivant(session)
    return ok, subjects


# --------------------------------------------------------------------------- cursor

def test_cursor_reads_all_then_end_is_not_an_error_then_wraps(box):
    s = imap()
    m = Email()
    assert EmailLitPremier(s, m) is True
    assert (m.EnDehors, Email.EnDehors, ErreurDétectée()) == (False, False, False)
    seen = [m.Sujet]
    while EmailLitSuivant(s, m):
        assert m.EnDehors is False and Email.EnDehors is False
        seen.append(m.Sujet)
    assert seen == SUBJECTS
    # the end: Faux, EnDehors Vrai on the variable AND the global structure, no error
    assert (m.EnDehors, Email.EnDehors, ErreurDétectée(), ErreurInfo()) == (True, True, False, "")
    # the next LitSuivant wraps to the first message
    assert EmailLitSuivant(s, m) is True and m.Sujet == SUBJECTS[0] and m.EnDehors is False


def test_read_next_without_read_first_reads_the_first(box):
    s = imap()
    assert EmailLitSuivant(s) is True
    assert Email.Sujet == SUBJECTS[0]


def test_read_last_and_previous_wrap_backwards(box):
    s = imap()
    m = Email()
    assert EmailLitDernier(s, m) and m.Sujet == SUBJECTS[-1]
    back = [m.Sujet]
    while EmailLitPrécédent(s, m):
        back.append(m.Sujet)
    assert back == SUBJECTS[::-1] and m.EnDehors is True
    assert EmailLitPrécédent(s, m) and m.Sujet == SUBJECTS[-1]
    # LitPrécédent without any read starts from the end
    s2 = imap()
    assert EmailLitPrécédent(s2) and Email.Sujet == SUBJECTS[-1]


def test_read_message_does_not_move_the_cursor(box):
    s = imap()
    m, other = Email(), Email()
    EmailLitPremier(s, m)
    assert EmailLitMessage(s, other, 5) is True and other.Sujet == SUBJECTS[4]
    EmailLitSuivant(s, m)
    assert m.Sujet == SUBJECTS[1]
    # structure form: optional Email before the mandatory number
    assert EmailLitMessage(s, 7) is True and Email.Sujet == SUBJECTS[6]
    # a missing message: Faux, EnDehors Vrai, not an error
    assert EmailLitMessage(s, other, 999) is False
    assert other.EnDehors is True and Email.EnDehors is True and not ErreurDétectée()
    with pytest.raises(WLError):
        EmailLitMessage(s, other)                 # the number is mandatory


def test_unread_read_mode_on_the_cursor(box):
    s = imap()
    m = Email()
    assert EmailLitPremier(s, m, em.emailNonLus)
    got = [m.Sujet]
    while EmailLitSuivant(s, m):
        got.append(m.Sujet)
    assert got == [SUBJECTS[i - 1] for i in UNREAD]
    assert EmailLitPremier(s, m, "NON LUS") and m.Sujet == SUBJECTS[2]


def test_headers_only_reads(box):
    s = imap()
    assert EmailLitEntêtePremier(s) is True
    assert Email.Sujet == SUBJECTS[0] and Email.Message == "" and Email.NbAttache == 0
    EmailLitEntêteSuivant(s)
    assert Email.Sujet == SUBJECTS[1] and Email.Attache.Occurrence == 0 and Email.HTML == ""
    EmailLitSuivant(s)                           # a full read continues the same cursor
    assert Email.Sujet == SUBJECTS[2] and "nouveautés" in Email.HTML


def test_reading_never_changes_flags(box):
    before = flags_on_disk(box)
    s = imap()
    read_all_subjects(s, Email())
    for m in iterate_session(s, False):
        m.Message, m.Attache
    for m in EmailRécupèreTout(s):
        m.HTML
    EmailLitMessage(s, 3)
    assert flags_on_disk(box) == before


# --------------------------------------------------------------------------- global structure vs variable

def test_global_structure_and_variable(box):
    s = imap()
    assert EmailLitMessage(s, 2)
    assert Email.Sujet == SUBJECTS[1] and Email.NbAttache == 1 and Email.Attache[1] == "Rapport_T1_2024.pdf"
    assert Email.AttacheContentType[1] == "application/pdf"
    assert Email.NbDestinataire == 1 and Email.Destinataire[1] == "alice@exemple.fr"
    m = Email()
    EmailLitMessage(s, m, 6)
    assert Email.Sujet == SUBJECTS[1]               # a variable read leaves the structure alone...
    assert m.Attache[1].Nom == "photo_équipe_fête.png" and m.Attache[1].ContentType == "image/png"
    assert m.Attache[1].ContentDescription == "Photo de l'équipe"
    assert m.Attache[1].Contenu.startswith(b"\x89PNG")
    assert m.NbDestinataire == 2 and m.Destinataire[2] == "Jérôme <jerome@exemple.fr>"
    EmailLitMessage(s, m, 999)
    assert Email.EnDehors is True                   # ...except EnDehors


def test_structure_attachment_save(box, tmp_path):
    s = imap()
    EmailLitMessage(s, 2)
    out = tmp_path / "copie.pdf"
    assert EmailSauveFichierAttaché(Email.Attache[1], str(out)) is True
    assert out.read_bytes().startswith(b"%PDF-1.4") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert EmailSauveFichierAttaché("nope.pdf", str(out)) is False
    assert ErreurDétectée() and ErreurInfo(errCode) == 11 and Email.Erreur == 11
    assert "Fichier attaché non trouvé" == EmailMsgErreur(Email.Erreur)


def test_non_ascii_fields(box):
    s = imap()
    m = Email()
    EmailLitMessage(s, m, 5)                         # ISO-8859-1 8-bit body
    assert m.Expéditeur == "Service comptabilité <compta@exemple.fr>"
    assert "récapitulatif de votre facture n°2024-031" in m.Message
    assert "Échéance    : 31 mars 2024\r\n" in m.Message          # RC line ends
    EmailLitMessage(s, m, 3)                         # HTML only, base64
    assert m.Message == "" and "<h1>Les nouveautés de l'été</h1>" in m.HTML
    EmailLitMessage(s, m, 10)
    assert m.ConfirmationLecture is True and m.Priorité == em.emailPrioritéHaute
    EmailLitMessage(s, m, 12)
    assert m.Confidentialité == em.emailPersonnel
    EmailLitMessage(s, m, 9)
    assert m.Référence == "<CAF3r9x.q1report@example.com> <a1b2c3@exemple.fr>"
    EmailLitMessage(s, m, 11)
    assert list(m.Cc) == ["Bob Smith <bob.smith@example.com>", "carol@example.org"]
    assert m.Subject == m.Sujet and m.Recipient is m.Destinataire and m.Out is False  # English names


# --------------------------------------------------------------------------- deleting

def test_documented_delete_loop_deletes_everything_then_expunge(box):
    s = imap()
    m = Email()
    EmailLitPremier(s, m)
    n = 0
    while not m.EnDehors:
        assert EmailSupprimeMessage(s, m) is True
        assert m.EnDehors is True and Email.EnDehors is True
        n += 1
        EmailLitSuivant(s, m)                     # continues after a delete: no wrap-around
        assert n <= 12
    assert n == 12
    assert all("T" in f for f in flags_on_disk(box).values())
    assert EmailNbMessage(s) == 12                # IMAP: \Deleted until expunged
    assert EmailLitPremier(s, m) is False         # deleted messages are skipped
    assert EmailDétruit(s) is True
    assert EmailNbMessage(s) == 0


def test_selective_delete_in_cursor_loop_hits_exactly_the_intended_messages(box):
    s = imap()
    m = Email()
    EmailLitPremier(s, m)
    while not m.EnDehors:
        if "Quarterly" in m.Sujet or m.Sujet.startswith("Lunch"):
            EmailSupprimeMessage(s)               # no 2nd argument: the message read last
        EmailLitSuivant(s, m)
    flags = flags_on_disk(box)
    deleted = sorted(subj for subj, f in flags.items() if "T" in f)
    assert deleted == sorted([SUBJECTS[1], SUBJECTS[6], SUBJECTS[8]])


def test_delete_inside_pour_tout_loop(box):
    s = imap()
    seen = []
    for m in iterate_session(s, False):
        seen.append(m.Sujet)
        assert Email.EnDehors is False
        if m.Sujet.startswith(("Re:", "Photos", "Weekly")):
            assert EmailSupprimeMessage(s, m)
    assert Email.EnDehors is True
    assert seen == SUBJECTS
    deleted = sorted(subj for subj, f in flags_on_disk(box).items() if "T" in f)
    assert deleted == sorted([SUBJECTS[5], SUBJECTS[8], SUBJECTS[10]])
    assert [m.Sujet for m in iterate_session(s, False)] == [x for x in SUBJECTS if x not in deleted]


def test_delete_by_number_then_read_it(box):
    s = imap()
    assert EmailSupprimeMessage(s, 4) is True
    m = Email()
    assert EmailLitMessage(s, m, 4) is False and m.EnDehors is True
    s2 = imap()
    assert EmailSupprimeMessage(s2) is False and ErreurDétectée()  # nothing read in this session


# --------------------------------------------------------------------------- POUR TOUT, RécupèreTout

def test_pour_tout_unread_and_change_state(box):
    s = imap()
    unread = [m.Sujet for m in iterate_session(s, True)]
    assert unread == [SUBJECTS[i - 1] for i in UNREAD]
    for m in iterate_session(s, True):             # the documented "mark all read" loop
        assert EmailChangeEtat(s, m, em.emailEtatLu)
    assert [m.Sujet for m in iterate_session(s, True)] == []
    assert all("S" in f for f in flags_on_disk(box).values())
    m = Email()
    EmailLitMessage(s, m, 3)
    assert EmailChangeEtat(s, m, em.emailEtatNonLu)
    assert "\\Seen" not in list(EmailRécupèreIndicateur(s, m))
    EmailLitMessage(s, m, 1)
    assert list(EmailRécupèreIndicateur(s, m)) == ["\\Seen"]


def test_pour_tout_bodies_are_lazy_then_batched(box):
    s = imap()
    reader = s._state.reader
    calls = []
    real_fetch = reader.fetch

    def counting_fetch(ids, headers_only=False):
        calls.append((len(ids), headers_only))
        return real_fetch(ids, headers_only)

    reader.fetch = counting_fetch
    bodies = []
    for i, m in enumerate(iterate_session(s, False)):
        if i == 0:
            assert m._msg.complete is False and calls == [(12, True)]    # one header batch
        bodies.append(m.Message)
    assert bodies[0].startswith("Bonjour Alice") and bodies[4].startswith("Madame")
    assert calls == [(12, True), (12, False)]     # then ONE batched body fetch, not 12
    calls.clear()
    assert [m.Sujet for m in iterate_session(s, False)] == SUBJECTS
    assert calls == [(12, True)]                  # a loop that reads no body fetches no body


def test_get_all_lazy_complete_unread(box):
    s = imap()
    tab = EmailRécupèreTout(s)
    assert len(tab) == 12 and [m.Sujet for m in tab] == SUBJECTS
    assert all(not m._msg.complete for m in tab)
    assert tab[2].NbAttache == 1 and tab[2].Attache[1].Nom == "Rapport_T1_2024.pdf"
    assert tab[2]._msg.complete
    # writing a property before the deferred fetch cancels it
    tab[4].Sujet = "changed"
    assert tab[4].Message == "" and tab[4].Sujet == "changed"
    assert tab[5].Message.startswith("Madame")
    full = EmailRécupèreTout(s, em.ertComplet)
    assert all(m._msg.complete for m in full) and full[3].HTML.startswith("<!DOCTYPE html>")
    unread = s.RécupèreTout(em.ertNonLus)
    assert [m.Sujet for m in unread] == [SUBJECTS[i - 1] for i in UNREAD]
    assert s.EmailParIndice is unread and s.EmailParIndice[1].Sujet == SUBJECTS[2]


def test_copy_semantics_of_email_values(box):
    s = imap()
    m = Email()
    EmailLitMessage(s, m, 2)
    c = copy_value(m)
    c.Sujet = "copie"
    c.Destinataire = "x@y.z"
    assert m.Sujet == SUBJECTS[1] and list(m.Destinataire) == ["alice@exemple.fr"]
    assert list(c.Destinataire) == ["x@y.z"] and c.NbDestinataire == 1
    assert c._id == m._id                        # still the same message on the server


# --------------------------------------------------------------------------- POP3 (offline emulation)

def test_pop3_by_user_name_snapshot_and_deletes_at_close(box):
    assert EmailOuvreSessionPOP3("alice", "pw-pop3", "pop.exemple.fr") is True
    assert EmailNbMessage("alice") == 12
    assert EmailLitPremier("alice") and Email.Sujet == SUBJECTS[0]
    assert EmailSupprimeMessage("alice") is True and Email.EnDehors is True
    assert EmailNbMessage("alice") == 12          # constant for the whole session
    assert EmailLitMessage("alice", 1) is False and Email.EnDehors is True
    assert EmailLitSuivant("alice") and Email.Sujet == SUBJECTS[1]
    assert EmailTailleMessage("alice", 2) > 1000 and EmailTailleMessage("alice") > 1000
    for fn, args in ((iterate_session, ("alice", True)), (EmailRécupèreTout, ("alice", em.ertNonLus)),
                     (EmailLitPremier, ("alice", None, em.emailNonLus)), (EmailChangeDossier, ("alice", "x"))):
        with pytest.raises(WLError):
            fn(*args)
    assert len(list((box / "cur").iterdir())) == 12  # nothing removed before QUIT
    EmailFermeSession("alice")
    assert len(list((box / "cur").iterdir())) == 11
    assert EmailOuvreSessionPOP3("alice", "pw-pop3", "pop.exemple.fr")
    assert EmailNbMessage("alice") == 11


def test_compat_open_session_pop3_plus_smtp(box):
    assert EmailOuvreSession("alice", "pw", "mail.exemple.fr") is True
    EmailRAZ()
    Email.Expéditeur = "alice@exemple.fr"
    Email.NbDestinataire = 1
    Email.Destinataire[1] = "bob@example.com"
    Email.Sujet = "Envoi par la structure"
    Email.Message = "Bonjour"
    assert EmailEnvoieMessage("alice") is True
    assert EmailLitPremier("alice") is True       # the same name reads (POP3)
    EmailFermeSession("alice")
    with pytest.raises(WLError):
        EmailLitPremier("alice")                 # closed: both protocols


# --------------------------------------------------------------------------- sending (offline: Sent folder)

def sent_messages(box) -> list[ParsedMessage]:
    return [ParsedMessage(f.read_bytes()) for f in sorted((box / ".Sent" / "cur").iterdir())]


def test_send_variable_with_attachments_and_bcc(box, tmp_path):
    smtp = emailSessionSMTP()
    smtp.AdresseServeur = "smtp.exemple.fr"
    assert smtp.OuvreSession() is True
    m = Email()
    m.Expéditeur = "Alice Martin <alice@exemple.fr>"
    m.Destinataire = "Frédéric <frederic@exemple.fr>"        # a string gives a one-element array
    em_cc = m.Cc
    em_cc.Ajoute("carol@example.org")
    m.Cci = "cache@exemple.fr"
    m.Sujet = "Compte rendu : réunion d'été"
    m.Message = "Bonjour,\r\nci-joint le compte rendu.\r\n— Alice"
    m.AdresseExpéditeur = "reponses@exemple.fr"
    m.Priorité = em.emailPrioritéHaute
    f = tmp_path / "compte rendu été.txt"
    f.write_text("contenu é", encoding="utf-8")
    assert EmailChargeFichierAttaché(m, str(f)) == 1
    h = emailEntête()
    h.Nom = "X-Dossier"
    h.Valeur = "Réunions"
    m.Entête.Ajoute(h)
    assert m.NbDestinataire == 1 and m.NbCc == 1 and m.NbCci == 1
    assert EmailEnvoieMessage(smtp, m) is True
    (p,) = sent_messages(box)
    head = p.raw.split(b"\r\n\r\n", 1)[0]
    assert "réunion d'été".encode() in head          # no emailOptionEncodeEntête: raw UTF-8 headers
    assert b"cache@exemple.fr" not in p.raw
    assert p.subject == m.Sujet and p.to == ["Frédéric <frederic@exemple.fr>"] and p.cc == ["carol@example.org"]
    assert p.reply_to == "reponses@exemple.fr" and p.priority == "high" and p.header("X-Dossier") == "Réunions"
    assert p.body.text == m.Message
    (att,) = p.body.attachments
    assert att.name == "compte rendu été.txt" and att.content == "contenu é".encode()
    smtp.FermeSession()


def test_send_structure_bounded_by_counters(box, tmp_path):
    EmailOuvreSessionSMTP("alice", "smtp.exemple.fr")                     # 2 arguments: no password
    pdf = tmp_path / "facture.pdf"
    pdf.write_bytes(b"%PDF-1.4 facture")
    Email.Expéditeur = "alice@exemple.fr"
    Email.Destinataire[1] = "a@x.org"
    Email.Destinataire[2] = "b@x.org"
    Email.NbDestinataire = 1                      # only Destinataire[1] is used
    Email.Attache[1] = str(pdf)
    Email.NbAttache = Email.NbAttache + 1         # Email.NbAttache++ (PC SOFT's own example)
    Email.Sujet = "Facture"
    Email.HTML = "<p>Votre facture <img src=\"cid:wdcid1\"></p>"
    assert EmailEnvoieMessage("alice") is True
    (p,) = sent_messages(box)
    assert p.to == ["a@x.org"]
    (att,) = p.body.attachments
    assert att.cid == "wdcid1" and att.content == b"%PDF-1.4 facture"
    # a missing attached file: Faux, Email.Erreur = 11
    Email.Attache[1] = str(tmp_path / "absent.pdf")
    assert EmailEnvoieMessage("alice") is False and Email.Erreur == 11 and ErreurDétectée()


def test_structure_counters_after_a_read(box, tmp_path):
    s = imap()
    EmailOuvreSessionSMTP("alice", "smtp.exemple.fr")
    EmailLitMessage(s, 6)                          # 2 recipients
    assert Email.NbDestinataire == 2
    Email.Destinataire.Ajoute("x@exemple.fr")     # counter untouched: the whole array is sent
    assert EmailEnvoieMessage("alice") is True
    Email.NbDestinataire = 1                      # written by the script: it bounds the array
    assert EmailEnvoieMessage("alice") is True
    first, second = sent_messages(box)
    assert len(first.to) == 3 and first.to[2] == "x@exemple.fr"
    assert second.to == ["alice@exemple.fr"]
    # the received attachment is forwarded from the message when its name is not a file
    EmailLitMessage(s, 2)
    Email.Destinataire = "bob@example.com"
    assert EmailEnvoieMessage("alice") is True
    assert sent_messages(box)[2].body.attachments[0].content.startswith(b"%PDF")


def test_smtp_argument_two_is_password_or_host(box):
    assert EmailOuvreSessionSMTP("u1", "smtp.exemple.fr", 587)                    # name, host, port
    assert EmailOuvreSessionSMTP("u2", "pw", "smtp.exemple.fr")                   # name, pwd, host
    assert EmailOuvreSessionSMTP("u3", "pw", "smtp.exemple.fr", 587, False, em.emailProtocoleSMTPS)
    from wlmail.runtime.email import sessions
    assert all(sessions.named(n).sender is not None for n in ("u1", "u2", "u3"))


def test_build_and_import_source(box):
    m = Email()
    m.Expéditeur = "Zoé <zoe@exemple.fr>"
    m.Destinataire.Ajoute("bob@example.com")
    m.Sujet = "Source de test – ü"
    m.Message = "Ligne 1\r\nLigne 2"
    m.MessageID = "<fixed.id@exemple.fr>"
    assert EmailConstruitSource(m) is True             # headers left as they are [D:3032138]
    subject_line = next(x for x in m.Source.split("\r\n") if x.startswith("Subject:"))
    assert subject_line == "Subject: Source de test – ü"
    assert "From: Zoé <zoe@exemple.fr>" in m.Source.split("\r\n")
    n = Email()
    n.Source = m.Source
    assert EmailImporteSource(n) is True and n.Sujet == m.Sujet and n.Expéditeur == m.Expéditeur
    assert EmailConstruitSource(m, em.emailOptionEncodeEntête) is True
    subject_line = next(x for x in m.Source.split("\r\n") if x.startswith("Subject:"))
    assert subject_line.isascii() and "=?utf-8?" in subject_line
    n = Email()
    n.Source = m.Source
    assert EmailImporteSource(n) is True
    assert (n.Sujet, n.Expéditeur, list(n.Destinataire), n.Message, n.MessageID) == (
        m.Sujet, m.Expéditeur, list(m.Destinataire), m.Message, m.MessageID)
    Email.Source = m.Source                       # structure form
    assert EmailImporteSource() and Email.Sujet == m.Sujet
    assert m.ConstruitSource() is True and m.ImporteSource() is True     # prefixed syntax


def test_send_eml_file(box, tmp_path):
    EmailOuvreSessionSMTP("SessionSMTP", "smtp.exemple.fr")
    Email.NbDestinataire = 1
    Email.Destinataire = "support_test@exemple.fr"
    Email.Cci = "archive@exemple.fr"
    Email.Expéditeur = "client@societe.fr"
    Email.Message = "Test Auto eMail"
    assert EmailConstruitSource(None, em.emailOptionEntêteCCi) is True
    assert "Bcc: archive@exemple.fr" in Email.Source
    eml = tmp_path / "ContenuEmail.txt"
    eml.write_bytes(Email.Source.encode())
    assert EmailEnvoie("SessionSMTP", str(eml)) is True
    (p,) = sent_messages(box)
    assert p.body.text == "Test Auto eMail" and b"archive@exemple.fr" not in p.raw   # Bcc removed
    assert EmailEnvoie("SessionSMTP", str(tmp_path / "absent.eml")) is False and Email.Erreur == 12


def test_import_html_makes_cid_attachments(box, tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(b"\x89PNG logo")
    html = '<p>Bonjour <img src="img/logo.png"> <img src="img\\logo.png"> <img src="http://x/y.png"></p>'
    m = Email()
    assert EmailImporteHTML(m, html, str(tmp_path)) is True
    assert m.NbAttache == 1 and m.Attache[1].Nom == "logo.png"
    cid = m.Attache[1].Identifiant
    assert m.HTML.count(f"cid:{cid}") == 2 and "http://x/y.png" in m.HTML
    EmailRAZ()
    assert EmailImporteHTML(html, str(tmp_path), em.emailOptionSansCID)       # structure form
    assert Email.NbAttache == 1 and Email.IdentifiantAttache[1] == "wdcid1" and "cid:wdcid1" in Email.HTML


# --------------------------------------------------------------------------- folders

def test_folders_native_and_outlook_paths(box):
    s = imap()
    assert EmailAjouteDossier(s, "Dossiers personnels\\Boîte de réception\\Travail") is True
    assert "INBOX/Travail" in EmailListeDossier(s).split("\r\n")
    m = Email()
    EmailLitMessage(s, m, 2)
    assert EmailCopie(m, "Inbox/Travail") is True
    EmailLitMessage(s, m, 7)
    assert EmailCopie(s, m, "Dossiers personnels\\Boîte de réception\\Travail") is True
    assert EmailChangeDossier(s, "Dossiers personnels\\Boîte de réception\\Travail") is True
    assert EmailDossierCourant(s) == "INBOX/Travail"
    assert EmailNbMessage(s) == 2
    assert [x.Sujet for x in iterate_session(s, False)] == [SUBJECTS[1], SUBJECTS[6]]
    assert EmailChangeDossier(s, "Pas là") is False and ErreurDétectée()
    assert EmailChangeDossier(s, "Boîte de réception") and EmailNbMessage(s) == 12
    assert s.AjouteDossier("Archives\\2024") and "Archives/2024" in s.ListeDossier(em.LstDossierTrié)
    assert s.SupprimeDossier("Archives/2024") and "Archives/2024" not in s.ListeDossier()


def test_deferred_body_after_folder_change(box):
    s = imap()
    tab = EmailRécupèreTout(s)
    EmailAjouteDossier(s, "Autre")
    EmailChangeDossier(s, "Autre")
    assert tab[1].Message.startswith("Bonjour Alice")    # fetched from INBOX, not from "Autre"
    assert EmailDossierCourant(s) == "Autre"


def test_search(box):
    s = imap()
    m = Email()
    assert EmailCherchePremier(s, m, em.emailSujet, "quarterly") is True
    found = [m.Sujet]
    while EmailLitSuivant(s, m):
        found.append(m.Sujet)
    assert found == [SUBJECTS[1], SUBJECTS[8]]
    assert EmailCherchePremier(s, em.emailSujet + em.emailCorps, "Vendôme") is True
    assert Email.Sujet == SUBJECTS[11]
    assert EmailCherchePremier(s, m, em.emailExpéditeur, "nobody-here") is False
    assert m.EnDehors is True and not ErreurDétectée()


# --------------------------------------------------------------------------- errors and misuse

def test_misuse_is_fatal(box):
    never = emailSessionIMAP()
    with pytest.raises(WLError):
        EmailLitPremier(never)
    with pytest.raises(WLError):
        EmailLitPremier("nobody")
    with pytest.raises(WLError):
        EmailLitPremier(42)
    EmailOuvreSessionSMTP("sender", "smtp.exemple.fr")
    with pytest.raises(WLError, match="cannot read"):
        EmailLitPremier("sender")
    EmailOuvreSessionPOP3("reader", "pw", "pop.exemple.fr")
    with pytest.raises(WLError, match="cannot send"):
        EmailEnvoieMessage("reader")
    s = imap()
    with pytest.raises(WLError):
        EmailLitPremier(s, "not an Email")
    with pytest.raises(WLError):
        iterate_session(emailSessionPOP3(), False)


def test_mail_errors_are_not_fatal_and_hide_the_password(tmp_path):
    bad = tmp_path / "not-a-mailbox"
    bad.mkdir()
    (bad / "junk.txt").write_text("x")
    configure(mailbox=str(bad))
    s = emailSessionIMAP()
    s.AdresseServeur = "imap.exemple.fr"
    s.Nom = "alice"
    s.MotDePasse = "Tr3s-Secret!"
    assert EmailOuvreSession(s) is False
    assert ErreurDétectée() and Email.Erreur == 3 and ErreurInfo(errCode) == 3
    assert "Tr3s-Secret!" not in ErreurInfo() and "Tr3s-Secret!" not in repr(s)
    assert EmailMsgErreur(3) == "Impossible de se connecter"
    EmailNbMessage  # noqa: B018
    with pytest.raises(WLError):
        EmailNbMessage(s)                        # never opened


def test_no_recipient_is_an_error(box):
    EmailOuvreSessionSMTP("alice", "smtp.exemple.fr")
    m = Email()
    m.Expéditeur = "a@x.org"
    assert EmailEnvoieMessage("alice", m) is False and Email.Erreur == 15


# --------------------------------------------------------------------------- types, constants, misc

def test_types_and_names():
    m = Email()
    m.destinataire = ["a@x", "b@x"]
    assert m.NbDestinataire == 2 and m.nbrecipient == 2
    m.NbDestinataire = 1
    assert list(m.Destinataire) == ["a@x"]
    m.Attache[1].Contenu = b"data"                # PC SOFT example: assign into Attache[1]
    m.Attache[1].Nom = "f.bin"
    assert m.NbAttache == 1 and m.Attach[1].Name == "f.bin"
    with pytest.raises(WLError):
        m.Attache.Ajoute("not an attachment")
    with pytest.raises(WLError):
        m.Inconnu = 1
    a = emailAttache()
    a.Content = "texte"
    assert a.Contenu == b"texte"
    assert emailSessionIMAP().Port == 143 and emailSessionPOP3().Port == 110 and emailSessionSMTP().Port == 25
    assert em.emailOptionSécuriséTLS == em.emailProtocoleSMTPS == 2 and em.optionSSL == em.optionTLS
    assert em.emailIMAPSession is emailSessionIMAP and em.emailAttach is emailAttache
    assert em.EmailStartSession is EmailOuvreSession and em.EmailReadFirst is EmailLitPremier
    s = emailSessionSMTP()
    s.ServerAddress = "smtp.x"
    s.Password = "hunter22"
    assert s.AdresseServeur == "smtp.x" and "hunter22" not in repr(s) and "hunter22" not in str(s)


def test_global_structure_is_per_thread():
    Email.Sujet = "main thread"
    seen = {}

    def worker():
        seen["before"] = Email.Sujet
        Email.Sujet = "worker"
        seen["after"] = Email.Sujet

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == {"before": "", "after": "worker"} and Email.Sujet == "main thread"


def test_check_address_and_timeout():
    assert EmailVérifieAdresse("jean.dupont@exemple.fr") == em.emailAdresseValide
    assert EmailVérifieAdresse("toto@domaine.") == em.emailAdresseValide
    assert EmailVérifieAdresse("toto@domaine.", em.emailValideSyntaxeStrict) == em.emailAdresseSyntaxeIncorrecte
    assert EmailVérifieAdresse("@domaine.fr") == em.emailAdresseSyntaxeIncorrecte
    assert EmailVérifieAdresse("a b@x.fr") == em.emailAdresseSyntaxeIncorrecte
    assert EmailVérifieAdresse("x@y.notatld", em.emailValideSyntaxeStrict) == em.emailAdresseSyntaxeIncorrecte
    assert EmailVérifieAdresse("x@y.com", em.emailValideParServeur) == em.emailAdresseErreur and ErreurDétectée()
    assert EmailLitTimeOut() == 600
    EmailChangeTimeOut(10)
    assert EmailLitTimeOut() == 10
    EmailChangeTimeOut(600)


# --------------------------------------------------------------------------- real servers

def test_imap_server_cursor_delete_and_flags(mailserver, mailbox_user, seed):
    msgs = [(DEMO / "cur" / n).read_bytes() for n in sorted(os.listdir(DEMO / "cur"))]
    seed(mailbox_user.user, msgs, seen_flags=[i + 1 not in UNREAD for i in range(12)])
    configure(cafile=mailserver["cafile"])
    s = emailSessionIMAP()
    s.AdresseServeur = mailserver["host"]
    s.Port = mailserver["imaps"]
    s.Option = em.optionTLS
    s.Nom = mailbox_user.user
    s.MotDePasse = mailbox_user.password
    assert EmailOuvreSession(s), ErreurInfo()
    m = Email()
    ok, subjects = read_all_subjects(s, m)
    assert ok and subjects == SUBJECTS
    assert [x.Sujet for x in iterate_session(s, True)] == [SUBJECTS[i - 1] for i in UNREAD]  # still unread
    EmailLitPremier(s, m)
    while not m.EnDehors:
        if "Quarterly" in m.Sujet:
            EmailSupprimeMessage(s, m)
        EmailLitSuivant(s, m)
    remaining = [x for x in SUBJECTS if "Quarterly" not in x]
    assert [x.Sujet for x in iterate_session(s, False)] == remaining     # \Deleted is skipped
    assert EmailNbMessage(s) == 12
    assert EmailDétruit(s)
    assert EmailNbMessage(s) == 10
    assert EmailCherchePremier(s, m, em.emailSujet + em.emailCorps, "Vendôme") and m.Sujet == SUBJECTS[11]
    assert EmailCherchePremier(s, m, em.emailExpéditeur, "carol") and m.Sujet == SUBJECTS[6]
    assert not EmailLitSuivant(s, m) and m.EnDehors
    for x in iterate_session(s, True):
        EmailChangeEtat(s, x, em.emailEtatLu)
    assert EmailRécupèreTout(s, em.ertNonLus).Occurrence == 0
    assert EmailAjouteDossier(s, "Dossiers personnels\\Boîte de réception\\Lu")
    EmailLitPremier(s, m)
    assert EmailCopie(m, "Inbox/Lu")
    assert s.ChangeDossier("INBOX/Lu") and s.NbMessage() == 1
    s.FermeSession()


def test_imap_bad_password_is_not_fatal(mailserver, mailbox_user):
    assert EmailOuvreSessionIMAP(mailbox_user.user, "wrong-password-xyz", mailserver["host"],
                                 mailserver["imap"]) is False
    assert ErreurDétectée() and "wrong-password-xyz" not in ErreurInfo() and Email.Erreur != 0


def test_pop3_and_smtp_servers(mailserver, mailbox_user, seed):
    seed(mailbox_user.user, [(DEMO / "cur" / n).read_bytes() for n in sorted(os.listdir(DEMO / "cur"))[:3]])
    assert EmailOuvreSessionPOP3(mailbox_user.user, mailbox_user.password, mailserver["host"], mailserver["pop3"])
    assert EmailNbMessage(mailbox_user.user) == 3
    assert EmailLitPremier(mailbox_user.user) and Email.Sujet == SUBJECTS[0]
    assert EmailSupprimeMessage(mailbox_user.user)
    assert EmailNbMessage(mailbox_user.user) == 3
    # SMTP under the same name combines with the POP3 session
    assert EmailOuvreSessionSMTP(mailbox_user.user, mailserver["host"], mailserver["smtp_noauth"])
    capture = mailserver["smtp_capture"]
    before = len(capture.messages)
    m = Email()
    m.Expéditeur = "Zoé <zoe@example.test>"
    m.Destinataire = f"{mailbox_user.user}@example.test"
    m.Cci = "bcc-copy@example.test"
    m.Sujet = "Test d'envoi – été"
    m.Message = "Corps du message é"
    assert EmailEnvoieMessage(mailbox_user.user, m), ErreurInfo()
    sent = capture.messages[before:]
    assert len(sent) == 1
    assert sorted(sent[0]["rcpt_tos"]) == sorted([f"{mailbox_user.user}@example.test", "bcc-copy@example.test"])
    assert b"bcc-copy" not in sent[0]["data"]
    assert ParsedMessage(sent[0]["data"]).subject == "Test d'envoi – été"
    EmailFermeSession(mailbox_user.user)                 # QUIT commits the POP3 deletion
    assert EmailOuvreSessionPOP3(mailbox_user.user, mailbox_user.password, mailserver["host"], mailserver["pop3"])
    assert EmailNbMessage(mailbox_user.user) == 3        # 3 - 1 deleted + 1 delivered by SMTP
    EmailFermeSession(mailbox_user.user)
