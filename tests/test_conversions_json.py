"""Strings, encodings, hashes, identifiers, HTML, JSON, Dimension and ..Existe: the help
pages' examples and documented results, run as WLangage where the page gives code."""
from __future__ import annotations

import re

from wlmail.runtime import arrays as A
from wlmail.runtime import conversions as C
from wlmail.runtime import jsonvalues as J
from wlmail.runtime.values import flex_compare
from wltest import run_source


def run(source, tmp_path):
    result = run_source(source, tmp_path)
    assert result.code == 0, result.stderr
    return result.stdout.splitlines()


def test_soft_equality_ignores_case_outer_spaces_and_lower_case_accents():
    assert flex_compare("~=", "relevé", "RELEVE")
    assert flex_compare("~=", "  Relevé de compte ", "RELEVE DE COMPTE")
    assert not flex_compare("~=", "RELEVÉ", "releve")            # an accented capital counts
    assert not flex_compare("~=", "relevé", "rel eve")
    assert flex_compare("~~", "Re-levé, n°2", "RELEVE N 2")       # very soft: punctuation and spaces too


def test_flexible_comparisons_in_wlangage(tmp_path):
    assert run('''
        s est une chaîne = "Relevé "
        SI s ~= "RELEVE" ALORS Trace("souple")
        IF s ~= "releve" THEN Trace("soft")
        SI "Re-levé !" ~~ "RELEVE" ALORS Trace("très souple")
        ''', tmp_path) == ["souple", "soft", "très souple"]


def test_bufferversHexa_page_examples():
    s = "Plétopabo".encode("utf-16-le")         # the page's chaîne Unicode
    assert C.BufferVersHexa(s, 1) == "50 00 6C 00 E9 00 74 00 6F 00 70 00 61 00 62 00\r\n6F 00"
    assert C.BufferVersHexa(s, 2) == "0050 006C 00E9 0074 006F 0070 0061 0062\r\n006F"
    assert C.BufferVersHexa(s, 2, C.BigEndian) == "5000 6C00 E900 7400 6F00 7000 6100 6200\r\n6F00"
    assert C.BufferVersHexa(s, 4) == "006C0050 007400E9 0070006F 00620061\r\n6F 00"
    assert C.BufferVersHexa(s, 4, C.BigEndian) == "50006C00 E9007400 6F007000 61006200\r\n6F 00"
    assert C.BufferVersHexa(b"a\x00#E\xa1", C.SansRegroupement) == "61002345A1"
    assert C.BufferVersHexa(bytes(range(20)), 1, C.SansLigne).count("\r\n") == 0


def test_hashchaine_known_digests(tmp_path):
    assert run('''
        Trace(BufferVersHexa(HashChaîne(HA_MD5_128, "abc"), SansRegroupement))
        Trace(BufferVersHexa(HashChaîne(HA_SHA_256, "abc"), SansRegroupement))
        Trace(BufferVersHexa(HashString(HA_HMAC_SHA_256, "The quick brown fox jumps over the lazy dog", "key"), NoGrouping))
        Hash1 est un Buffer = HashChaîne(HA_MD5_128, "même")
        Hash2 est un Buffer = HashChaîne(HA_MD5_128, "même")
        SI Hash1 = Hash2 ALORS Trace("Les deux chaînes sont identiques.")
        ''', tmp_path) == [
        "900150983CD24FB0D6963F7D28E17F72",
        "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8",
        "Les deux chaînes sont identiques."]
    assert len(C.HashChaîne(C.HA_PBKDF2_HMAC_SHA_256, "secret", "sel", 1000)) == 32


def test_encode_and_decode(tmp_path):
    assert run('''
        Trace(Encode("relevé", encodeBASE64))
        Trace(Décode(Encode("relevé", encodeBASE64SansRC), encodeBASE64SansRC))
        Trace(Encode("https://www.google.fr/?é", encodeURLDepuisAnsi))
        Trace(Encode(Encode("https://www.google.fr/?é", encodeURLDepuisAnsi), encodeURLParamètre))
        Trace(Encode("a b/é", encodeURLDepuisUnicode))
        Trace(UTF8VersChaîne(Décode("cmVsZXbDqQ==")))
        ''', tmp_path) == [
        "cmVsZXbDqQ==", "relevé", "https://www.google.fr/?%E9",
        "https%3A%2F%2Fwww.google.fr%2F%3F%25E9", "a%20b/%C3%A9", "relevé"]
    long = C.Encode(b"x" * 100)
    assert long.split("\r\n")[0] == "eHh4" * 19 and C.Décode(long) == b"x" * 100
    assert C.Décode("pas du base64 !") == b""
    assert C.Décode(C.Encode(b"\x00\xff", C.encodeBASE64URL), C.encodeBASE64URL) == b"\x00\xff"
    assert C.Décode(C.Encode("uu", C.encodeUUEncode), C.encodeUUEncode) == b"uu"


def test_charsets():
    assert C.ChaîneVersUTF8("é") == b"\xc3\xa9"
    assert C.UTF8VersChaîne(b"\xc3\xa9") == "é" and C.UTF8VersChaîne("\xc3\xa9") == "é"
    assert C.AnsiVersUnicode(b"\xe9t\xe9") == "été" and C.UnicodeVersAnsi("été") == b"\xe9t\xe9"


def test_donneguid_formats():
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", C.DonneGUID())
    assert re.fullmatch(r"[0-9A-F]{32}", C.DonneGUID(C.guidBrut))
    assert re.fullmatch(r"[0-9a-f]{64}", C.DonneGUID(C.guidBrut256))
    assert C.DonneGUID() != C.DonneGUID()


def test_donneuuid_forms_of_the_help():
    # DonneUUID: "95431e57-7d18-4fef-9d9d-96b231969149"; an UUID sur 256: 64 hexadecimal digits
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", C.DonneUUID())
    assert re.fullmatch(r"[0-9a-f]{64}", C.DonneUUID256())
    assert C.DonneUUID() != C.DonneUUID() and C.DonneUUID256() != C.DonneUUID256()


def test_htmlverstexte_shows_html_mail_as_text():
    html = ("<html><head><style>p {color: red}</style></head><body>"
            "<p>Bonjour <b>Léa</b>,</p><p>Votre relevé&nbsp;: 12&euro;<br>Merci</p>"
            "<ul><li>un</li><li>deux</li></ul><script>alert(1)</script></body></html>")
    assert C.HTMLVersTexte(html).split("\r\n") == [
        "Bonjour Léa,", "", "Votre relevé : 12€", "Merci", "", "  * un", "  * deux"]
    assert C.HTMLVersTexte("") == ""


def test_json_type_and_functions(tmp_path):
    assert run('''
        j est un JSON
        j.nom = "Léa"
        j.adresse.ville = "Lyon"
        j.age = 30
        Trace(j)
        Trace(j.nom, j.adresse.ville, j.age + 1)
        k est un JSON = "{""a"": [1, 2, {""b"": ""x""}], ""c"": null}"
        Trace(k.a[3].b, k.a.Occurrence)
        v est un Variant = JSONVersVariant("{""x"": 5}")
        Trace(v.x * 2)
        t est un tableau associatif de entiers
        t["un"] = 1
        Trace(VariantVersJSON(t))
        SI j.absent = "" ALORS Trace("absent vide")
        Trace(j.adresse..Existe, j.absent..Existe)
        ''', tmp_path) == [
        '{"nom": "Léa", "adresse": {"ville": "Lyon"}, "age": 30}', "Léa Lyon 31", "x 3", "10",
        '{"un": 1}', "absent vide", "1 0"]
    assert J.VariantVersJSON(J.JSONVersVariant('[1, "a", true, null]')) == '[1, "a", true, null]'


def test_dimension_page_example(tmp_path):
    assert run('''
        MonTab est un tableau dynamique de 5 par 3 entiers
        Trace(Dimension(MonTab))
        MonTab[5, 3] = 7
        Dimension(MonTab, 8, 6)
        Trace(Dimension(MonTab), MonTab[5, 3], MonTab[8, 6])
        t est un tableau de chaînes
        Ajoute(t, "a")
        Dimension(t, 3)
        Trace(Dimension(t), "[" + t[3] + "]")
        Trace(Dimension("abc"), Dimension(12))
        ''', tmp_path) == ["15", "48 7 0", "3 []", "3 4"]
    assert A.Dimension is A.Dimension


def test_existe_on_an_associative_array_does_not_create_the_key(tmp_path):
    assert run('''
        t est un tableau associatif de entiers
        t["Léa"] = 3
        Trace(t["Léa"]..Existe, t["Max"]..Existe, t.Occurrence)
        t["Max"] += 2
        Trace(t["Max"], t["Zoé"], t.Occurrence)
        ''', tmp_path) == ["1 0 1", "2 0 3"]


def test_english_aliases_are_the_same_objects():
    for english, french in [(C.Decode, C.Décode), (C.HashString, C.HashChaîne), (C.BufferToHexa, C.BufferVersHexa),
                            (C.StringToUTF8, C.ChaîneVersUTF8), (C.UTF8ToString, C.UTF8VersChaîne),
                            (C.AnsiToUnicode, C.AnsiVersUnicode), (C.GetGUID, C.DonneGUID),
                            (C.GetUUID, C.DonneUUID), (C.GetUUID256, C.DonneUUID256),
                            (C.HTMLToText, C.HTMLVersTexte), (J.JSONToVariant, J.JSONVersVariant),
                            (J.VariantToJSON, J.VariantVersJSON)]:
        assert english is french


def test_associative_arrays_with_options(tmp_path):
    assert run('''
        t est un tableau associatif (ccSansCasse + ccSansAccent) de entiers
        t["Léa"] = 1
        t["LEA"] += 1
        Trace(t["lea"], t.Occurrence, t["LÉA"]..Existe)
        POUR TOUT v, k DE t
            Trace(k, v)
        FIN
        d est un tableau associatif (AvecDoublon) de chaînes
        d["x"] = "un"
        d["x"] = "deux"
        d["y"] = "trois"
        Trace(d["x"], d["x", 2], d.Occurrence)
        POUR TOUT v, k DE d
            Trace(k, v)
        FIN
        n est un tableau associatif (SansDoublon, -1) de entiers
        Trace(n["absent"], n.Occurrence)
        e is associative array (WithDuplicates + ccIgnoreCase) of strings
        e["A"] = "1"
        e["a"] = "2"
        Trace(e["a", 2], e.Count)
        ''', tmp_path) == ["2 1 1", "Léa 2", "un deux 3", "x un", "x deux", "y trois", "-1 1", "2 2"]
