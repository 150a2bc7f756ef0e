#!/usr/bin/env python3
"""Generate examples/demo-maildir: a Maildir of 12 realistic messages for the examples and tests.

    python examples/make_demo_maildir.py [TARGET_DIR]

Deterministic: fixed dates, names, Message-IDs and MIME boundaries, so running it again
gives the same files.  French and English mail; RFC 2047 subjects and names; an HTML-only
message and a multipart/alternative one; a PDF attachment and an image whose accented
file name is RFC 2231-encoded; an ISO-8859-1 8-bit body.  4 messages are unread (no S
flag), the other 8 are read.

All messages sit in cur/ with a Maildir info suffix (":2,S" read, ":2," unread); the file
names start with the delivery time, so name order is date order even after a git checkout
(which does not keep file times).  new/ and tmp/ hold only a .gitkeep (ignored by readers).
"""
from __future__ import annotations

import base64
import os
import shutil
import sys
import textwrap
import zlib
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
PARIS = timezone(timedelta(hours=1))


def b64(data: bytes) -> str:
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def tiny_pdf() -> bytes:
    """A small but valid one-page PDF saying "Rapport T1 2024"."""
    content = b"BT /F1 24 Tf 72 720 Td (Rapport T1 2024) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def tiny_png(width: int = 8, height: int = 8) -> bytes:
    """A small valid PNG (blue-white-red stripes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + (zlib.crc32(kind + data) & 0xFFFFFFFF).to_bytes(4, "big"))
    rows = b""
    for _y in range(height):
        row = b"\x00"
        for x in range(width):
            row += (b"\x00\x23\x95" if x < width / 3 else b"\xff\xff\xff" if x < 2 * width / 3
                    else b"\xed\x29\x39")
        rows += row
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def headers(date: datetime, mid: str, sender: str, to: str, subject: str, extra: str = "") -> str:
    return (f"Return-Path: <{sender.split('<')[-1].rstrip('>')}>\n"
            f"Delivered-To: alice@exemple.fr\n"
            f"Date: {format_datetime(date)}\n"
            f"From: {sender}\n"
            f"To: {to}\n"
            f"Subject: {subject}\n"
            f"Message-ID: <{mid}>\n"
            f"{extra}"
            f"MIME-Version: 1.0\n")


def messages() -> list[tuple[datetime, bool, bytes]]:
    """(date, seen, raw bytes with LF line ends) for the 12 messages, oldest first."""
    d0 = datetime(2024, 3, 4, 9, 12, 0, tzinfo=PARIS)
    out = []

    # 1. French plain text, UTF-8 quoted-printable, RFC 2047 display name
    d = d0
    out.append((d, True, (headers(d, "20240304091200.4711@exemple.fr",
                                 "=?UTF-8?Q?Fr=C3=A9d=C3=A9ric_Lef=C3=A8vre?= <frederic.lefevre@exemple.fr>",
                                 "Alice Martin <alice@exemple.fr>",
                                 "=?UTF-8?Q?R=C3=A9union_de_lundi_=E2=80=93_ordre_du_jour?=")
                         + "Content-Type: text/plain; charset=UTF-8\n"
                           "Content-Transfer-Encoding: quoted-printable\n\n"
                           "Bonjour Alice,\n\n"
                           "Voici l'ordre du jour de la r=C3=A9union de lundi :\n"
                           "  1. Bilan du trimestre\n"
                           "  2. Pr=C3=A9paration du salon de Lyon\n"
                           "  3. Questions diverses\n\n"
                           "Merci de confirmer ta pr=C3=A9sence.\n\n"
                           "Fr=C3=A9d=C3=A9ric\n").encode("ascii")))

    # 2. English, PDF attachment
    d = d0 + timedelta(hours=5, minutes=31)
    pdf = tiny_pdf()
    out.append((d, True, (headers(d, "CAF3r9x.q1report@example.com", "Bob Smith <bob.smith@example.com>",
                                 "alice@exemple.fr", "Quarterly report Q1 2024")
                         + 'Content-Type: multipart/mixed; boundary="=_demo_mixed_02"\n\n'
                           "This is a multi-part message in MIME format.\n\n"
                           "--=_demo_mixed_02\n"
                           "Content-Type: text/plain; charset=us-ascii\n"
                           "Content-Transfer-Encoding: 7bit\n\n"
                           "Hi Alice,\n\nPlease find attached the Q1 2024 report.\n"
                           "The numbers look good this quarter.\n\nBest regards,\nBob\n\n"
                           "--=_demo_mixed_02\n"
                           'Content-Type: application/pdf; name="Rapport_T1_2024.pdf"\n'
                           "Content-Transfer-Encoding: base64\n"
                           'Content-Disposition: attachment; filename="Rapport_T1_2024.pdf"\n\n'
                         + b64(pdf) + "\n\n--=_demo_mixed_02--\n").encode("ascii")))

    # 3. French HTML-only newsletter (unread)
    d = d0 + timedelta(days=1, hours=2, minutes=5)
    html = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Lettre</title></head>\n"
            "<body>\n<h1>Les nouveautés de l'été</h1>\n"
            "<p>Découvrez nos <b>offres spéciales</b> : -20&nbsp;% sur la gamme « Plein air ».</p>\n"
            "<p><a href=\"https://boutique.exemple.fr/ete\">Voir les offres</a></p>\n"
            "</body></html>\n")
    out.append((d, False, (headers(d, "lettre-2024-03@boutique.exemple.fr",
                                  "La Boutique <newsletter@boutique.exemple.fr>", "alice@exemple.fr",
                                  "=?UTF-8?B?TGVzIG5vdXZlYXV0w6lzIGRlIGwnw6l0w6kg4piA?=")
                          + "Content-Type: text/html; charset=UTF-8\n"
                            "Content-Transfer-Encoding: base64\n\n"
                          + b64(html.encode("utf-8")) + "\n").encode("ascii")))

    # 4. English multipart/alternative
    d = d0 + timedelta(days=1, hours=6, minutes=44)
    out.append((d, True, (headers(d, "shipment-88213@shop.example.com", "Example Shop <orders@shop.example.com>",
                                 "Alice Martin <alice@exemple.fr>", "Your order #88213 has shipped")
                         + 'Content-Type: multipart/alternative; boundary="=_demo_alt_04"\n\n'
                           "--=_demo_alt_04\n"
                           "Content-Type: text/plain; charset=utf-8\n"
                           "Content-Transfer-Encoding: 7bit\n\n"
                           "Hello Alice,\n\nYour order #88213 has shipped.\n"
                           "Tracking number: 1Z999AA10123456784\n\nThank you for shopping with us.\n\n"
                           "--=_demo_alt_04\n"
                           "Content-Type: text/html; charset=utf-8\n"
                           "Content-Transfer-Encoding: 7bit\n\n"
                           "<html><body><p>Hello Alice,</p>\n"
                           "<p>Your order <b>#88213</b> has shipped.<br>\n"
                           "Tracking number: <code>1Z999AA10123456784</code></p>\n"
                           "<p>Thank you for shopping with us.</p></body></html>\n\n"
                           "--=_demo_alt_04--\n").encode("ascii")))

    # 5. French ISO-8859-1 8-bit body, ISO-8859-1 Q-encoded subject
    d = d0 + timedelta(days=2, hours=1, minutes=17)
    body = ("Madame,\n\nVeuillez trouver ci-dessous le récapitulatif de votre facture n°2024-031 :\n\n"
            "  Désignation : abonnement trimestriel\n"
            "  Montant dû  : 149,90 €\n"
            "  Échéance    : 31 mars 2024\n\n"
            "Nous restons à votre disposition pour toute question.\n\n"
            "Le service comptabilité\n")
    # "€" does not exist in ISO-8859-1: write "EUR" there, keep the accents as 8-bit latin-1
    body = body.replace("€", "EUR")
    out.append((d, True, (headers(d, "facture-2024-031@compta.exemple.fr",
                                 "=?ISO-8859-1?Q?Service_comptabilit=E9?= <compta@exemple.fr>",
                                 "alice@exemple.fr",
                                 "=?ISO-8859-1?Q?Facture_n=B02024-031_=E0_r=E9gler?=").encode("ascii")
                         + b"Content-Type: text/plain; charset=ISO-8859-1\n"
                           b"Content-Transfer-Encoding: 8bit\n\n"
                         + body.encode("iso-8859-1"))))

    # 6. French, image with an accented RFC 2231 file name (unread)
    d = d0 + timedelta(days=2, hours=8, minutes=2)
    png = tiny_png()
    out.append((d, False, (headers(d, "photos-fete-2024@exemple.fr",
                                  "=?UTF-8?Q?Z=C3=A9lie_Dupr=C3=A9?= <zelie.dupre@exemple.fr>",
                                  "alice@exemple.fr, =?UTF-8?Q?J=C3=A9r=C3=B4me?= <jerome@exemple.fr>",
                                  "=?UTF-8?Q?Photos_de_la_f=C3=AAte_de_l=27=C3=A9quipe?=")
                          + 'Content-Type: multipart/mixed; boundary="=_demo_mixed_06"\n\n'
                            "--=_demo_mixed_06\n"
                            "Content-Type: text/plain; charset=utf-8\n"
                            "Content-Transfer-Encoding: quoted-printable\n\n"
                            "Coucou !\n\nVoici la photo de l'=C3=A9quipe prise vendredi soir.\n\nZ=C3=A9lie\n\n"
                            "--=_demo_mixed_06\n"
                            "Content-Type: image/png; name*=utf-8''photo_%C3%A9quipe_f%C3%AAte.png\n"
                            "Content-Transfer-Encoding: base64\n"
                            "Content-Disposition: attachment;\n"
                            " filename*=utf-8''photo_%C3%A9quipe_f%C3%AAte.png\n"
                            "Content-Description: =?UTF-8?Q?Photo_de_l=27=C3=A9quipe?=\n\n"
                          + b64(png) + "\n\n--=_demo_mixed_06--\n").encode("ascii")))

    # 7. English plain text
    d = d0 + timedelta(days=3, hours=3)
    out.append((d, True, (headers(d, "lunch-friday.77@example.org", "Carol White <carol@example.org>",
                                 "alice@exemple.fr", "Lunch on Friday?")
                         + "Content-Type: text/plain; charset=us-ascii\n"
                           "Content-Transfer-Encoding: 7bit\n\n"
                           "Hi Alice,\n\nAre you free for lunch on Friday? There is a new Thai place\n"
                           "near the office.\n\nCarol\n").encode("ascii")))

    # 8. French, B-encoded subject (unread)
    d = d0 + timedelta(days=3, hours=7, minutes=40)
    out.append((d, False, (headers(d, "ticket-5521@support.exemple.fr", "Support informatique <support@exemple.fr>",
                                  "alice@exemple.fr",
                                  "=?UTF-8?B?UHJvYmzDqG1lIGRlIGNvbm5leGlvbiDDoCBsJ2ludHJhbmV0?=",
                                  "X-Priority: 2 (High)\n")
                          + "Content-Type: text/plain; charset=UTF-8\n"
                            "Content-Transfer-Encoding: base64\n\n"
                          + b64("Bonjour,\n\nVotre demande n°5521 a bien été enregistrée.\n"
                                "Un technicien vous contactera dans la journée.\n\n"
                                "Cordialement,\nLe support informatique\n".encode("utf-8")) + "\n").encode("ascii")))

    # 9. English reply with References
    d = d0 + timedelta(days=4, hours=1, minutes=3)
    out.append((d, True, (headers(d, "re-q1.5@example.com", "Bob Smith <bob.smith@example.com>",
                                 "alice@exemple.fr", "Re: Quarterly report Q1 2024",
                                 "In-Reply-To: <a1b2c3@exemple.fr>\n"
                                 "References: <CAF3r9x.q1report@example.com>\n <a1b2c3@exemple.fr>\n")
                         + "Content-Type: text/plain; charset=us-ascii\n"
                           "Content-Transfer-Encoding: 7bit\n\n"
                           "Thanks Alice, I will update slide 4 before Monday.\n\n"
                           "> Looks great, just one remark on slide 4.\n\nBob\n").encode("ascii")))

    # 10. French, read receipt requested, high priority
    d = d0 + timedelta(days=4, hours=5, minutes=26)
    out.append((d, True, (headers(d, "inscription-3321@formation.exemple.fr",
                                 "Formation <formation@exemple.fr>", "alice@exemple.fr",
                                 "=?UTF-8?Q?Confirmation_d=27inscription_=C3=A0_la_formation?=",
                                 "Disposition-Notification-To: formation@exemple.fr\n"
                                 "X-Priority: 1 (Highest)\nImportance: high\n")
                         + "Content-Type: text/plain; charset=UTF-8\n"
                           "Content-Transfer-Encoding: quoted-printable\n\n"
                           "Bonjour,\n\nVotre inscription =C3=A0 la formation =C2=AB Excel avanc=C3=A9 =C2=BB\n"
                           "du 18 mars est confirm=C3=A9e.\n\nMerci d'accuser r=C3=A9ception de ce message.\n"
                           ).encode("ascii")))

    # 11. English digest with Cc
    d = d0 + timedelta(days=5, hours=2, minutes=15)
    out.append((d, True, (headers(d, "digest-2024-10@lists.example.net", "Team Digest <digest@lists.example.net>",
                                 "alice@exemple.fr",
                                 "Weekly digest: 3 new topics",
                                 "Cc: Bob Smith <bob.smith@example.com>, carol@example.org\n"
                                 "List-Id: Team <team.lists.example.net>\n")
                         + "Content-Type: text/plain; charset=utf-8\n"
                           "Content-Transfer-Encoding: 8bit\n\n"
                           "This week on the team list:\n\n"
                           " * Release planning for version 2.4\n"
                           " * Café machine on the 3rd floor is fixed\n"
                           " * Reminder: expense reports are due Friday\n").encode("utf-8")))

    # 12. French reminder, personal (unread)
    d = d0 + timedelta(days=6, hours=1, minutes=50)
    out.append((d, False, (headers(d, "rappel-entretien@rh.exemple.fr",
                                  "=?UTF-8?Q?Ressources_humaines?= <rh@exemple.fr>",
                                  "Alice Martin <alice@exemple.fr>",
                                  "=?UTF-8?Q?Rappel_:_entretien_annuel_le_12_mars?=",
                                  "Sensitivity: Personal\n")
                          + "Content-Type: text/plain; charset=UTF-8\n"
                            "Content-Transfer-Encoding: quoted-printable\n\n"
                            "Bonjour Alice,\n\nNous vous rappelons votre entretien annuel le mardi 12 mars\n"
                            "=C3=A0 14h00, salle Vend=C3=B4me.\n\nLes ressources humaines\n").encode("ascii")))
    return out


def build(target: str, mail: list[tuple[datetime, bool, bytes]] | None = None) -> list[str]:
    """Write `mail` (default: the 12 demo messages) as a fresh Maildir at `target`."""
    if os.path.isdir(target):
        shutil.rmtree(target)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(target, sub))
    for sub in ("new", "tmp"):
        open(os.path.join(target, sub, ".gitkeep"), "wb").close()
    names = []
    for n, (date, seen, raw) in enumerate(messages() if mail is None else mail, 1):
        stamp = int(date.timestamp())
        name = f"{stamp}.M{n:06d}P4242Q{n}.demo:2,{'S' if seen else ''}"
        path = os.path.join(target, "cur", name)
        with open(path, "wb") as fh:
            fh.write(raw)
        os.utime(path, (stamp, stamp))
        names.append(name)
    return names


def main(argv: list[str]) -> int:
    target = argv[1] if len(argv) > 1 else os.path.join(HERE, "demo-maildir")
    names = build(target)
    print(textwrap.dedent(f"""\
        {len(names)} messages written to {target}
        unread: {sum(1 for n in names if not n.endswith('S'))}"""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
