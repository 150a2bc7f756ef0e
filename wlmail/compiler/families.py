"""Families of WLangage functions that wlmail does not implement, so that `check`,
`report` and the run-time error can name what a call needs ("HFSQL database access")."""
from __future__ import annotations

import re

from ..runtime.names import fold

# (pattern on the name as written, family).  First match wins.
_FAMILIES = [
    (r"^H[A-Z]", "HFSQL database access"),
    (r"^SQL", "SQL database access"),
    (r"^(Fen|Ouvre(Fille|Soeur|Popup)?$|Ferme$|Utilise$|Ecran|MaFen|Champ|Table[A-Z]|Liste[A-Z]|Combo|"
     r"Arbre|Image|Gfx|d[A-Z]|Menu|Bulle|Sablier|Multitache|MultiTache|Open$|Close$|Window|Control)",
     "windows, controls and the user interface"),
    (r"^(Toast|Notif)", "toast messages and notifications"),
    (r"^(Info|Confirmer|OuiNon|Dialogue|YesNo|Confirm|Dialog)[A-Z]", "dialog boxes"),
    (r"^i[A-Z]", "reports and printing"),
    (r"^f[A-Z]", "file and folder functions"),
    (r"^(HTTP|http|Net|Socket|FTP|ftp|SOAP|REST|DNS|Ping|URL)", "network and HTTP"),
    (r"^(XML|xml|JSON|Json)", "XML and JSON"),
    (r"^(Zip|zip|Compresse|Décompresse|Decompresse|Crypte|Décrypte|Decrypte|Hash|Certificat)", "compression and cryptography"),
    (r"^(Registre|Registry|Ini|INI|Sys|Lance|Exe|Service|Thread|Mutex|Semaphore|Sémaphore|Tâche|Tache)",
     "system, processes and threads"),
    (r"^(OLE|Dde|DDE|Word|Excel|API|Appel|Charge|DLL|COM|Objet)", "Windows and external components"),
    (r"^(Twain|Video|Son|Multimedia|Graphe|Chart|Capture)", "multimedia and charts"),
    (r"^(Agenda|Planning|Outlook|Notes|Lotus|Exchange|Contact|Tâche)", "Outlook, Notes and groupware"),
]
_COMPILED = [(re.compile(p), family) for p, family in _FAMILIES]


def family_of(name: str) -> str:
    for pattern, family in _COMPILED:
        if pattern.search(name):
            return family
    return "function unknown to wlmail"


# Names that must never be mistaken for a supported call even if a user declares nothing.
UNSUPPORTED_TYPES = {fold(t): f for t, f in [
    ("httpRequête", "network and HTTP"), ("httpRéponse", "network and HTTP"),
    ("xmlDocument", "XML and JSON"), ("xmlNoeud", "XML and JSON"),
    ("Fenêtre", "windows, controls and the user interface"), ("Champ", "windows, controls and the user interface"),
    ("emailSessionOutlook", "Outlook, Notes and groupware"), ("emailSessionNotes", "Outlook, Notes and groupware"),
    ("Source de données", "HFSQL database access"), ("Connexion", "HFSQL database access"),
]}
