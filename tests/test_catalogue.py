"""The catalogue of WLangage names: lookup in any spelling, families, "did you mean"."""
import importlib.util
import pathlib

import pytest

from wlmail import catalogue

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("written,french,kind,family", [
    ("EmailLitPremier", "EmailLitPremier", "function", "mail"),
    ("emailreadfirst", "EmailLitPremier", "function", "mail"),          # English, any case
    ("EMAILLITENTETEPREMIER", "EmailLitEntêtePremier", "function", "mail"),   # no accents
    ("HLitPremier", "HLitPremier", "function", "HFSQL database access"),
    ("INILit", "INILit", "function", "INI files"),
    ("fOuvre", "fOuvre", "function", "file and folder functions"),
    ("ChaîneVersDate", "ChaîneVersDate", "function", "dates and times"),
    ("ExtraitChaîne", "ExtraitChaîne", "function", "strings"),
    ("ErreurInfo", "ErreurInfo", "function", "errors and exceptions"),
    ("JSONVersChaîne", "JSONVersChaîne", "function", "XML and JSON"),
    ("Source de données", "Source de Données", "type", "HFSQL database access"),
    ("zipArchive", "zipArchive", "type", "compression and cryptography"),
    ("emailSessionOutlook", "emailSessionOutlook", "type", "Outlook, Notes and groupware"),
    ("MoiMême", "MoiMême", "keyword", "language keywords"),
    ("AdresseServeur", "AdresseServeur", "property", "properties"),
])
def test_lookup(written, french, kind, family):
    entry = catalogue.lookup(written)
    assert (entry.french, entry.kind, entry.family) == (french, kind, family)


@pytest.mark.parametrize("name", ["Tarce", "EmailLitPremiere", "Entierr", "", "SAI_Nom"])
def test_lookup_of_unknown_names(name):
    assert catalogue.lookup(name) is None


@pytest.mark.parametrize("name,family", [
    ("SAI_Nom", "window controls"), ("EDT_Prénom", "window controls"), ("btn_ok", "window controls"),
    ("COMBO_Pays", "window controls"), ("TABLE_Clients", "window controls"), ("ZR_Liste", "window controls"),
    ("LIB_Titre", "window controls"), ("FEN_Accueil", "window controls"), ("INT_Actif", "window controls"),
    ("HLitPremier", "HFSQL database access"), ("httpRequête", "network and HTTP"),
    ("AdresseServeur", None),              # a property is not a name a script uses alone
    ("Tarce", None), ("SAIX", None),
])
def test_family(name, family):
    assert catalogue.family(name) == family


@pytest.mark.parametrize("typo,kinds,extra,expected", [
    ("Tarce", ("function",), (), "Trace"),
    ("EmailLitPremiere", ("function",), (), "EmailLitPremier"),
    ("emailreadfrist", ("function",), (), "EmailReadFirst"),
    ("Entierr", ("type",), (), "Entier"),
    ("MonCompteru", ("function",), ("MonCompteur",), "MonCompteur"),     # the script's own names
])
def test_closest(typo, kinds, extra, expected):
    assert catalogue.closest(typo, 3, extra, kinds)[0] == expected


def test_closest_finds_nothing_for_a_name_unlike_any():
    assert catalogue.closest("Zzqxwv") == []


def test_every_function_of_the_help_is_there_with_a_family():
    functions = [e for e in catalogue.entries() if e.kind == "function"]
    assert len(functions) > 4000
    assert all(e.family and e.english for e in catalogue.entries())


def test_package_data_is_what_the_generator_makes():
    spec = importlib.util.spec_from_file_location("make_catalogue", ROOT / "tools" / "make_catalogue.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    shipped = (ROOT / "wlmail" / "catalogue" / "names.tsv").read_text(encoding="utf-8")
    assert make.render(make.build()) == shipped, "regenerate with: python tools/make_catalogue.py"


def test_a_script_that_needs_no_lookup_does_not_load_the_catalogue():
    from wlmail.compiler import compile_source
    catalogue._table.cache_clear()
    compile_source('s est une chaîne = "x"\nSI Taille(s) > 0 ALORS Trace(s)\n', "t.wl")
    assert catalogue._table.cache_info().currsize == 0
    compile_source('HLitPremier(Client)\n', "t.wl")                 # the first unknown name loads it
    assert catalogue._table.cache_info().currsize == 1
