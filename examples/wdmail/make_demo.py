#!/usr/bin/env python3
"""Generate examples/wdmail/demo: one Maildir per account of comptes.ini, with the mail that
exercises every rule of regles.ini (the comment above each message names its rule).

    python examples/wdmail/make_demo.py [TARGET_DIR]

    demo/alice@imap.exemple.fr/   the IMAP account: 10 messages, 6 unread
    demo/bob@pop.exemple.fr/      the POP3 account: 3 messages
    modeles/logo.png, modeles/devis-D-2024-007.pdf   what envoie.wl sends

Deterministic (fixed dates, Message-IDs and boundaries): running it again gives the same files.
The dates are set around 15 March 2024, the date the tests give releve.wl (/date=20240315).
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from make_demo_maildir import b64, build, tiny_pdf, tiny_png  # noqa: E402
from email.utils import format_datetime  # noqa: E402

PARIS = timezone(timedelta(hours=1))
ALICE = "Alice Martin <alice@exemple.fr>"
BOB = "Bob Durand <bob@exemple.fr>"


def message(day: str, seen: bool, sender: str, to: str, subject: str, text: str,
            attachment: tuple[str, str, bytes] | None = None, html: str = "", extra: str = ""):
    """(date, seen, bytes) of a message: plain text, or text + HTML alternative, or text and one
    attachment (name, content type, bytes)."""
    date = datetime.strptime(day, "%Y-%m-%d %H:%M").replace(tzinfo=PARIS)
    key = date.strftime("%Y%m%d%H%M")
    head = (f"Date: {format_datetime(date)}\nFrom: {sender}\nTo: {to}\n{extra}Subject: {subject}\n"
            f"Message-ID: <{key}.wdmail@exemple.fr>\nMIME-Version: 1.0\n")
    plain = f"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n{text}\n"
    if attachment:
        name, ctype, data = attachment
        body = (f'Content-Type: multipart/mixed; boundary="=_wd_{key}"\n\n--=_wd_{key}\n{plain}\n'
                f'--=_wd_{key}\nContent-Type: {ctype}; name="{name}"\nContent-Transfer-Encoding: base64\n'
                f'Content-Disposition: attachment; filename="{name}"\n\n{b64(data)}\n--=_wd_{key}--\n')
    elif html:
        body = (f'Content-Type: multipart/alternative; boundary="=_wd_{key}"\n\n--=_wd_{key}\n{plain}\n'
                f"--=_wd_{key}\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
                f"{html}\n--=_wd_{key}--\n")
    else:
        body = plain
    return date, seen, (head + body).encode("utf-8")


def alice() -> list:
    photo = tiny_png(96, 96) + b"\x00" * 30000        # a 30 KB picture: a big message
    return [
        # Archives: read and older than 90 days
        message("2023-11-02 10:15", True, "Paul Leroy <paul@exemple.fr>", ALICE, "Compte rendu de la réunion",
                "Bonjour Alice,\n\nVoici le compte rendu de la réunion de lundi.\n\nPaul"),
        # Pièces des factures (save), then Factures (move): sender and attachment, subject matches
        message("2024-03-01 08:30", False, "Fournisseur SA <factures@fournisseur.exemple.com>", ALICE,
                "Votre facture F-2024-031", "Bonjour,\n\nVeuillez trouver votre facture ci-jointe.",
                ("F-2024-031.pdf", "application/pdf", tiny_pdf())),
        # Newsletters lues: unread newsletter, marked read
        message("2024-03-05 07:00", False, "La Boutique <newsletter@boutique.exemple.fr>", ALICE,
                "Nouveautés de mars", "Les nouveautés de mars sont arrivées.",
                html="<html><body><h1>Nouveautés de mars</h1><p>Les <b>nouveautés</b> sont arrivées.</p>"
                     "</body></html>"),
        # Copie direction: direction@ among the recipients
        message("2024-03-06 14:20", True, "Sophie Bernard <sophie@exemple.fr>", ALICE, "Budget 2024",
                "Le budget 2024 est validé.", extra="Cc: Direction <direction@exemple.fr>\n"),
        # Transfert urgent: forwarded to the on-call address
        message("2024-03-07 03:12", False, "Supervision <supervision@exemple.fr>", ALICE,
                "URGENT : serveur de fichiers arrêté", "Le serveur de fichiers ne répond plus depuis 03:10."),
        # Publicités: deleted
        message("2024-03-08 11:00", False, "Promo <promo@pub.exemple.net>", ALICE, "[PUB] -50% sur tout",
                "Profitez de -50% sur tout le magasin !"),
        # Gros messages: flagged
        message("2024-03-10 18:45", True, "Claire Petit <claire@exemple.fr>", ALICE, "Photos du séminaire",
                "Voici une photo du séminaire.", ("seminaire.png", "image/png", photo)),
        # Réponse client: auto-reply (once per sender)
        message("2024-03-12 09:05", False, "Jean Client <jean@client.exemple.com>", ALICE, "Demande de devis",
                "Bonjour,\n\nPourriez-vous m'envoyer un devis pour 20 licences ?\n\nJean"),
        # Réponse client again: same sender, answered already
        message("2024-03-13 16:40", False, "Jean Client <jean@client.exemple.com>", ALICE, "Relance devis",
                "Bonjour,\n\nAvez-vous pu préparer le devis ?\n\nJean"),
        # no rule
        message("2024-03-14 12:00", True, "Marie Dubois <marie@exemple.fr>", ALICE, "Déjeuner ?",
                "On déjeune ensemble jeudi ?"),
    ]


def bob() -> list:
    return [
        # Bulletins de bob: attachment saved
        message("2024-03-09 08:00", False, "Ressources humaines <rh@exemple.fr>", BOB, "Bulletin de paie de mars",
                "Votre bulletin de paie est joint.", ("bulletin-2024-03.pdf", "application/pdf", tiny_pdf())),
        # Publicités: deleted (POP3: at the end of the session)
        message("2024-03-11 10:30", False, "Promo <promo@pub.exemple.net>", BOB, "[PUB] Offre spéciale",
                "Une offre spéciale rien que pour vous."),
        # no rule
        message("2024-03-12 17:00", False, ALICE, BOB, "Planning de la semaine", "Le planning est en ligne."),
    ]


def write_templates(folder: str) -> None:
    """The logo (inline image) and the quote (attachment) that envoie.wl sends."""
    for name, data in (("logo.png", tiny_png(24, 16)), ("devis-D-2024-007.pdf", tiny_pdf())):
        with open(os.path.join(folder, name), "wb") as fh:
            fh.write(data)


def main(argv: list[str]) -> int:
    target = argv[1] if len(argv) > 1 else os.path.join(HERE, "demo")
    write_templates(os.path.join(HERE, "modeles"))
    for account, mail in (("alice@imap.exemple.fr", alice()), ("bob@pop.exemple.fr", bob())):
        names = build(os.path.join(target, account), mail)
        print(f"{account}: {len(names)} messages, {sum(1 for n in names if not n.endswith('S'))} unread")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
