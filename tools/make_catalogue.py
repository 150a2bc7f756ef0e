#!/usr/bin/env python3
"""Build `wlmail/catalogue/names.tsv` from the help index transcribed in `tools/catalogue/`.

    python tools/make_catalogue.py          # rewrites wlmail/catalogue/names.tsv

Every function keeps the help's own family (its chapter, e.g. `fonctions_emails`), mapped
here to a short human family ("mail").  Types, keywords and properties have no chapter in the
index: a type takes the family of the functions that share its prefix (`zipArchive` -> the
`zip...` functions), the others a family named after their kind."""
from __future__ import annotations

import pathlib
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parents[1]
RAW = ROOT / "tools" / "catalogue"
OUT = ROOT / "wlmail" / "catalogue" / "names.tsv"

UI = "windows, controls and the user interface"
MOBILE = "mobile devices and sensors"
CLOUD = "cloud services and NoSQL databases"
WEB = "WEBDEV sites and pages"
MISC = "miscellaneous WLangage functions"

# help chapter -> human family; a chapter not listed is named after itself ("fonctions_ftp" -> "ftp functions").
FAMILIES = {
    "fonctions_emails": "mail",
    "fonctions_chaine": "strings",
    "fonctions_math": "numbers and maths", "fonctions_binaire": "numbers and maths",
    "fonctions_statistiques": "numbers and maths", "fonctions_finance": "numbers and maths",
    "fonctions_matrice": "numbers and maths", "fonctions_euro": "numbers and maths",
    "fonctions_date": "dates and times",
    "fonctions_tableau": "arrays", "fonctions_file_pile": "arrays",
    "fonctions_fext": "file and folder functions", "fonctions_fmem": "file and folder functions",
    "fonctions_corbeille": "file and folder functions", "fonctions_cd": "file and folder functions",
    "fonctions_exception": "errors and exceptions",
    "fonctions_json": "XML and JSON", "fonctions_xml": "XML and JSON", "fonctions_rss": "XML and JSON",
    "fonctions_html": "HTML documents", "fonctions_xls": "Excel files",
    "fonctions_dialogue_boite": "dialog boxes", "fonctions_dialogue_toast": "toast messages and notifications",
    "fonctions_hyper_file": "HFSQL database access", "fonctions_cs": "HFSQL database access",
    "fonctions_cluster": "HFSQL database access", "fonctions_replication": "HFSQL database access",
    "fonctions_sql": "SQL database access",
    "fonctions_impression": "reports and printing",
    "fonctions_http": "network and HTTP", "fonctions_net": "network and HTTP",
    "fonctions_socket": "network and HTTP", "fonctions_ftp": "network and HTTP",
    "fonctions_dns": "network and HTTP", "fonctions_soap": "network and HTTP",
    "fonctions_websocket": "network and HTTP", "fonctions_webservice": "network and HTTP",
    "fonctions_ssh": "network and HTTP", "fonctions_scp": "network and HTTP", "fonctions_snmp": "network and HTTP",
    "fonctions_reseau": "network and HTTP", "fonctions_ldap": "network and HTTP", "fonctions_uri": "network and HTTP",
    "fonctions_zip": "compression and cryptography", "fonctions_cryptage": "compression and cryptography",
    "fonctions_hash": "compression and cryptography", "fonctions_certificat": "compression and cryptography",
    "fonctions_authentification": "compression and cryptography",
    "fonctions_sys": "system, processes and threads", "fonctions_exe": "system, processes and threads",
    "fonctions_thread": "system, processes and threads", "fonctions_service": "system, processes and threads",
    "fonctions_registre": "system, processes and threads", "fonctions_commande": "system, processes and threads",
    "fonctions_console": "system, processes and threads", "fonctions_planificateur": "system, processes and threads",
    "fonctions_taches_paralleles": "system, processes and threads", "fonctions_sys_notif": "system, processes and threads",
    "fonctions_ports_serie_para": "system, processes and threads", "fonctions_usb": "system, processes and threads",
    "fonctions_presse_papier": "system, processes and threads", "evenement_windows": "system, processes and threads",
    "divers_windows": "Windows and external components", "fonctions_dde": "Windows and external components",
    "fonctions_ole": "Windows and external components", "fonctions_dotnet": "Windows and external components",
    "fonctions_j2ee": "Windows and external components", "fonctions_java": "Windows and external components",
    "fonctions_python": "Windows and external components", "fonctions_matlab": "Windows and external components",
    "fonctions_hasp": "Windows and external components", "fonctions_sap": "Windows and external components",
    "fonctions_mci": "multimedia and charts", "fonctions_twain": "multimedia and charts",
    "fonctions_multimedia": "multimedia and charts", "fonctions_flux": "multimedia and charts",
    "fonctions_graphe": "multimedia and charts", "fonctions_graveur": "multimedia and charts",
    "fonctions_synthese_vocale": "multimedia and charts", "fonctions_reconnaissance_vocale": "multimedia and charts",
    "fonctions_ocr": "multimedia and charts", "fonctions_scan": "multimedia and charts",
    "fonctions_dessin": "drawing and images", "fonctions_dessin_liste": "drawing and images",
    "fonctions_exif": "drawing and images", "fonctions_pic": "drawing and images", "fonctions_ia": "drawing and images",
    "fonctions_code_barres": "drawing and images", "fonctions_police": "drawing and images",
    "fonctions_palette": "drawing and images", "fonctions_pdf": "PDF documents",
    "fonctions_traitement_texte": "word processing documents",
    "fonctions_notes": "Outlook, Notes and groupware", "fonctions_contact": "Outlook, Notes and groupware",
    "fonctions_rendez_vous": "Outlook, Notes and groupware", "fonctions_taches": "Outlook, Notes and groupware",
    "fonctions_groupe": "Outlook, Notes and groupware", "fonctions_gpw": "user groupware",
    "divers_webdev": WEB, "fonctions_page": WEB, "fonctions_navigateur": WEB, "fonctions_ajax": WEB,
    "fonctions_upload": WEB, "fonctions_saas": WEB, "fonctions_admin": WEB, "fonctions_taches_planifiees_wb": WEB,
    "fonctions_stockage_local": WEB,
    "divers_windev": MISC, "fonctions_3_tiers": MISC, "fonctions_reflexion": MISC, "fonctions_combi_enum": MISC,
    "fonctions_dbg": "debugging and tests", "fonctions_test": "debugging and tests",
    "fonctions_projet": MISC, "fonctions_multilangue": MISC, "fonctions_verrou": MISC,
    "fonctions_cle_activation": MISC, "fonctions_appli": MISC, "fonctions_telemetrie": MISC,
    "fonctions_fabrique": MISC, "fonctions_faa": UI, "fonctions_pilote": "debugging and tests",
    "fonctions_siren_siret": MISC, "fonctions_pays": MISC, "fonctions_pays_old": MISC,
    "fonctions_telephone": "telephony and fax", "fonctions_fax": "telephony and fax", "fonctions_sms": MOBILE,
    "fonctions_notif": MOBILE, "fonctions_gps_geo": MOBILE, "fonctions_bluetooth": MOBILE, "fonctions_btle": MOBILE,
    "fonctions_nfc": MOBILE, "fonctions_capteur": MOBILE, "fonctions_camera": MOBILE, "fonctions_album": MOBILE,
    "fonctions_wi_fi": MOBILE, "fonctions_apple_watch": MOBILE, "fonctions_beacon": MOBILE,
    "fonctions_in_app": MOBILE, "fonctions_geste": MOBILE, "fonctions_widget": MOBILE, "fonctions_obex": MOBILE,
    "fonctions_action_bar": MOBILE, "fonctions_action_rapide": MOBILE, "fonctions_kiosque": MOBILE,
    "fonctions_permission": MOBILE, "fonctions_proximite": MOBILE, "fonctions_telechargement": MOBILE,
    "fonctions_taches_arriere_plan": MOBILE, "fonctions_icloud": MOBILE, "fonctions_domo": MOBILE,
    "fonctions_google": CLOUD, "fonctions_google_agenda": CLOUD, "fonctions_google_analytics": CLOUD,
    "fonctions_google_contacts": CLOUD, "fonctions_google_document": CLOUD, "fonctions_google_map": CLOUD,
    "fonctions_facebook": CLOUD, "fonctions_sales_force": CLOUD, "fonctions_drive": CLOUD,
    "fonctions_mongo": CLOUD, "fonctions_redis": CLOUD, "fonctions_memcached": CLOUD, "fonctions_mqtt": CLOUD,
    "fonctions_bitcoin": CLOUD, "fonctions_auth_token": CLOUD, "fonctions_hdfs": CLOUD, "fonctions_h_base": CLOUD,
    "serveur_o_auth": CLOUD, "fonctions_mem": "memory zones", "fonctions_upnp": "multimedia and charts", "fonctions_spatiales": "geometry", "fonctions_modbus": "Windows and external components",
}
UI_CHAPTERS = ("action", "affichage_html", "agenda", "animation", "arbre", "bandeau", "barre", "bouton_segmente",
               "calendrier", "camera_video", "captcha", "carte", "champ", "chemin", "combo", "dnd", "editeur",
               "fenetre", "image", "interrupteur", "jauge", "kanban", "lecteur_pdf", "liaison", "liste", "masque",
               "mdi", "mcu", "menu", "notes_repositionnables", "onglet", "organigramme", "ortho", "panneau",
               "planning", "ruban", "selecteur", "souris", "table", "tableau_de_bord", "tableur", "tcd",
               "time_line", "tree_map", "visite_guidee", "xaml", "zone", "gantt")
# Names whose chapter is too broad for a porting report.
NAME_FAMILIES = {"INILit": "INI files", "INIEcrit": "INI files"}
# Types whose family cannot come from a function prefix.
TYPE_FAMILIES = {
    "Fenêtre": UI, "Champ": UI, "Source de Données": "HFSQL database access", "Connexion": "HFSQL database access",
    "Description de Fichier": "HFSQL database access", "Description de Rubrique": "HFSQL database access",
    "Description de Liaison": "HFSQL database access", "Enregistrement": "HFSQL database access",
    "Description d'IndexFullText": "HFSQL database access", "emailSessionOutlook": "Outlook, Notes and groupware",
    "emailSessionNotes": "Outlook, Notes and groupware", "JSON": "XML and JSON", "jsonLecteur": "XML and JSON",
    "JSONXMLConvertisseur": "XML and JSON", "YAML": "XML and JSON",
}
KIND_FAMILIES = {"t": "variable types", "k": "language keywords", "p": "properties"}


def fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def family_of_chapter(chapter: str) -> str:
    if chapter in FAMILIES:
        return FAMILIES[chapter]
    short = chapter.removeprefix("fonctions_")
    if any(short.startswith(p) for p in UI_CHAPTERS):
        return UI
    return short.replace("_", " ") + " functions"


def read_pairs(path: pathlib.Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            fr, _, en = line.partition("\t")
            yield line, fr.strip(), (en.strip() or fr.strip())


def build() -> list[tuple[str, str, str, str]]:
    """(kind, family, French, English) rows; a folded French name appears once per kind."""
    rows, seen = [], set()

    def add(kind, family, fr, en):
        if (kind, fold(fr)) not in seen:
            seen.add((kind, fold(fr)))
            rows.append((kind, family, fr, en))

    chapter = ""
    functions: list[tuple[str, str]] = []            # (folded French name, family) for the type prefixes
    for line, fr, en in read_pairs(RAW / "functions.txt"):
        if line.startswith("## "):
            chapter = line[3:].strip()
            continue
        family = NAME_FAMILIES.get(fr) or family_of_chapter(chapter)
        add("f", family, fr, en)
        functions.append((fold(fr), family))
    functions.sort(key=lambda item: -len(item[0]))
    for _, fr, en in read_pairs(RAW / "types.txt"):
        add("t", TYPE_FAMILIES.get(fr) or _prefix_family(fold(fr), functions) or KIND_FAMILIES["t"], fr, en)
    for name, kind in (("keywords.txt", "k"), ("properties.txt", "p")):
        for _, fr, en in read_pairs(RAW / name):
            add(kind, KIND_FAMILIES[kind], fr, en)
    return rows


def _prefix_family(folded_type: str, functions) -> str | None:
    """The family of the functions named after the type: `zipArchive` -> `zip...`, `httpRequête` -> `HTTP...`."""
    best = None
    for folded_fn, family in functions:
        common = 0
        for a, b in zip(folded_type, folded_fn):
            if a != b:
                break
            common += 1
        if common >= 3 and (best is None or common > best[0]):
            best = (common, family)
    if best is None or best[1] == MISC:
        return None
    return best[1]


def render(rows) -> str:
    families = sorted({r[1] for r in rows})
    index = {f: i for i, f in enumerate(families)}
    out = ["# WLangage names (PC SOFT help index, gcarcau/windev-react 994d4eb) - generated by "
           "tools/make_catalogue.py, do not edit",
           "# @<TAB>family (numbered from 0); then kind<TAB>family number<TAB>French<TAB>English"
           "<TAB>folded French<TAB>folded English; kind: f function, t type, k keyword, p property"]
    out += [f"@\t{f}" for f in families]
    out += [f"{k}\t{index[fam]}\t{fr}\t{en}\t{fold(fr)}\t{fold(en)}" for k, fam, fr, en in rows]
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    text = render(build())
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10)) - 2} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
