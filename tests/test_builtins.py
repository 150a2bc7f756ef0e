"""The WLangage standard library (strings, numbers, dates, arrays, output), called
directly from Python.  Cases marked [D:nnn] are the examples of PC SOFT's help
page nnn with their documented results."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from wlmail.runtime import arrays as A
from wlmail.runtime import dates as D
from wlmail.runtime import numbers as N
from wlmail.runtime import output as O
from wlmail.runtime import strings as S
from wlmail.runtime.errors import ErreurDétectée, ErreurInfo, UnsupportedError, WLError, set_error
from wlmail.runtime.arrays import WLArray
from wlmail.runtime.values import EOT, RC, TAB, Structure, WLAssoc, to_int, to_str


def run_table(cases):
    for function, args, expected in cases:
        result = function(*args)
        assert result == expected, f"{function.__name__}{args!r} = {result!r}, expected {expected!r}"


# --- strings ------------------------------------------------------------------------

PAYS = "France, Italie, Allemagne, Espagne"
FRUITS = "Fraise, Framboise, Chocolat et Banane"
WONDER = "What a wonderful World"
ANTA = "Antananarivo, Madagascar"
MERLE = "Le merle est dans le chêne"


def test_length_and_extraction():
    run_table([
        # Taille [D:3024031]
        (S.Taille, ("Quasimodo",), 9), (S.Taille, (" Quasimodo ",), 11),
        (S.Taille, ("A" + S.Caract(0),), 2), (S.Taille, ("",), 0), (S.Taille, (" ",), 1),
        (S.Taille, (12345,), 5), (S.Taille, ("été",), 3), (S.Taille, (b"\xc3\xa9t",), 3),
        # Gauche [D:3024001]
        (S.Gauche, ("Le coucou", 6), "Le cou"), (S.Gauche, ("ABC", 50), "ABC"),
        (S.Gauche, ("AZELMA ",), "AZELMA"), (S.Gauche, ("Développez facilement", 10), "Développez"),
        (S.Gauche, ("abc", 0), ""), (S.Gauche, ("abc", "2"), "ab"),
        # Droite [D:3024016]
        (S.Droite, ("Le coucou", 6), "coucou"), (S.Droite, ("ABC", 50), "ABC"),
        (S.Droite, (" AZELMA",), "AZELMA"), (S.Droite, ("Antananarivo - Madagascar", 10), "Madagascar"),
        (S.Droite, ("abc", 0), ""),
        # Milieu [D:3024023]
        (S.Milieu, ("Eponine", 2, 3), "pon"), (S.Milieu, ("Eponine", 2), "ponine"),
        (S.Milieu, ("Eponine", 50), ""), (S.Milieu, ("Eponine", 2, 50), "ponine"),
        (S.Milieu, ("Antananarivo - Madagascar", 10, 7), "ivo - M"), (S.Milieu, ("Eponine", 0, 2), "Ep"),
        # Complète [D:3024010]
        (S.Complète, ("Alain", 8), "Alain   "), (S.Complète, ("Alain", 8, "A"), "AlainAAA"),
        (S.Complète, ("Alexandre", 4), "Alex"), (S.Complète, ("", 2), "  "), (S.Complète, ("abc", 0), ""),
        # Répète [D:3024036]
        (S.Répète, ("x", 4), "xxxx"), (S.Répète, ("Boby", 2), "BobyBoby"), (S.Répète, ("", 2), ""),
        (S.Répète, ("", 0), ""), (S.Répète, ("ab", -3), ""), (S.RepeatString, ("é", 2), "éé"),
    ])


def test_negative_lengths_are_non_fatal_errors():
    for call in (lambda: S.Gauche("abc", -1), lambda: S.Droite("abc", -1), lambda: S.Milieu("abc", -1),
                 lambda: S.Milieu("abc", 1, -2)):
        assert call() == EOT
        assert ErreurDétectée() and ErreurInfo() != ""
    assert S.Gauche("abc", 1) == "a" and not ErreurDétectée()
    with pytest.raises(WLError):
        S.Complète("abc", -1)


def test_case():
    run_table([
        # [D:3024039] [D:3024030]
        (S.Majuscule, ("abcd",), "ABCD"), (S.Majuscule, ("pépère",), "PEPERE"), (S.Majuscule, ("ça !",), "ÇA !"),
        (S.Majuscule, ("",), ""), (S.Majuscule, ("ÉTÉ déjà",), "ÉTÉ DEJA"), (S.Majuscule, (12,), "12"),
        (S.Minuscule, ("ABCD",), "abcd"), (S.Minuscule, ("BONJOUR",), "bonjour"),
        (S.Minuscule, ("Pierre et Paul",), "pierre et paul"), (S.Minuscule, ("ÉTÉ",), "été"),
        (S.Upper, ("x",), "X"), (S.Lower, (True,), "1"),
    ])


def test_position():
    run_table([
        # [D:3024027]
        (S.Position, (WONDER, "won", 1, S.DepuisDébut), 8), (S.Position, (WONDER, "XXX"), 0),
        (S.Position, (WONDER, "l", 0, S.DepuisFin), 21), (S.Position, (WONDER, "e", 11), 12),
        (S.Position, (WONDER, "o", 22, S.DepuisFin), 19), (S.Position, (WONDER, "o", 18, S.DepuisFin), 9),
        (S.Position, (WONDER, "o", 8, S.DepuisFin), 0),
        (S.Position, ("http://Serveur/Fichier.html", ["/", "//"]), 6),
        (S.Position, ("http://Serveur/Fichier.html", WLArray(["/", "//"]), 8), 15),
        # edges
        (S.Position, ("", "a"), 0), (S.Position, ("abc", ""), 0), (S.Position, ("abc", "c", 10), 0),
        (S.Position, ("abc", "a", -5), 1), (S.Position, ("abc", "A"), 0),
        (S.Position, ("abc", "A", 1, S.SansCasse), 1), (S.Position, ("Une éTÉ", "ete", 1, S.SansCasse), 5),
        (S.Position, ("le lecteur lit le", "le", 2, S.MotComplet), 16),
        (S.Position, ("a1b22b", 22), 4),
    ])
    found = S.Position("http://Serveur/Fichier.html", ["/", "//"])
    position, index = found
    assert (position, index) == (6, 2)


def test_position_occurrence():
    run_table([
        # [D:3024029]
        (S.PositionOccurrence, (ANTA, "g", 1), 19), (S.PositionOccurrence, (ANTA, "zen", 1), 0),
        (S.PositionOccurrence, (ANTA, "n", 1), 2), (S.PositionOccurrence, (ANTA, "n", 2), 5),
        (S.PositionOccurrence, (ANTA, "a", 3, S.DepuisFin), 18),
        (S.PositionOccurrence, (ANTA, ["an", "ar"], 1), 4), (S.PositionOccurrence, (ANTA, ["an", "ar"], 2), 6),
        (S.PositionOccurrence, (ANTA, ["an", "ar"], 3), 8), (S.PositionOccurrence, (ANTA, ["an", "ar"], 4), 23),
        (S.PositionOccurrence, (ANTA, "n", 0), 0), (S.PositionOccurrence, (ANTA, "n", 99), 0),
    ])

    def traverse(searched):
        found = []
        p = S.PositionOccurrence(ANTA, searched, S.rangPremier, S.SansCasse)
        while p != 0:
            found.append(p)
            p = S.PositionOccurrence(ANTA, searched, S.rangSuivant, S.SansCasse)
        return found

    assert traverse("a") == [1, 4, 6, 8, 16, 18, 20, 23]
    assert traverse(["a", "r"]) == [1, 4, 6, 8, 9, 16, 18, 20, 23, 24]
    assert traverse(WLArray(["an", "ar"])) == [1, 4, 6, 8, 23]


def test_extract_string():
    run_table([
        # [D:3024017]
        (S.ExtraitChaîne, (PAYS, 1, ", "), "France"), (S.ExtraitChaîne, (PAYS, 2, ", "), "Italie"),
        (S.ExtraitChaîne, (PAYS, 3, ", "), "Allemagne"), (S.ExtraitChaîne, (PAYS, 4, ", "), "Espagne"),
        (S.ExtraitChaîne, (PAYS, 5, ", "), EOT),
        (S.ExtraitChaîne, (FRUITS, 1, [", ", ",", " et "]), "Fraise"),
        (S.ExtraitChaîne, (FRUITS, 2, [", ", ",", " et "]), "Framboise"),
        (S.ExtraitChaîne, (FRUITS, 3, [", ", ",", " et "]), "Chocolat"),
        (S.ExtraitChaîne, (FRUITS, 4, [", ", ",", " et "]), "Banane"),
        # default separator TAB, DepuisFin, edges
        (S.ExtraitChaîne, ("a" + TAB + "b" + TAB + "c", 2), "b"),
        (S.ExtraitChaîne, (PAYS, 1, ", ", S.DepuisFin), "Espagne"),
        (S.ExtraitChaîne, (PAYS, 4, ", ", S.DepuisFin), "France"),
        (S.ExtraitChaîne, ("sans séparateur", 1, ";"), "sans séparateur"),
        (S.ExtraitChaîne, ("sans séparateur", 2, ";"), EOT),
        (S.ExtraitChaîne, ("a;;c", 2, ";"), ""), (S.ExtraitChaîne, ("a;;c", "3", ";"), "c"),
        (S.ExtraitChaîne, ("", 1, ";"), ""), (S.ExtraitChaîne, ("aXbxc", 2, "x"), "c"),
        (S.ExtractString, ("k=v", 2, "="), "v"),
    ])
    with pytest.raises(WLError):
        S.ExtraitChaîne(PAYS, 0, ", ")


def test_extract_string_traversals():
    def traverse(text, separators, first, following):
        found = []
        part = S.ExtraitChaîne(text, first, separators)
        while part != EOT:
            found.append(part)
            part = S.ExtraitChaîne(text, following, separators)
        return found

    assert traverse(PAYS, ", ", S.rangPremier, S.rangSuivant) == ["France", "Italie", "Allemagne", "Espagne"]
    assert traverse(PAYS, ", ", S.rangDernier, S.rangPrécédent) == ["Espagne", "Allemagne", "Italie", "France"]
    text = "Fraise, Framboise<BR>Citron<BR>Chocolat et Banane"
    assert traverse(text, [", ", " et ", "<BR>"], S.rangPremier, S.rangSuivant) == \
        ["Fraise", "Framboise", "Citron", "Chocolat", "Banane"]
    assert S.ExtraitChaîne("jamais commencé", S.rangSuivant, " ") == EOT


def test_no_space():
    run_table([
        # [D:3024034]
        (S.SansEspace, ("   3.75 Euros   ",), "3.75 Euros"),
        (S.SansEspace, ("Abra ca da bra", S.sscIntérieur), "Abracadabra"),
        (S.SansEspace, ("  a b  ", S.sscGauche), "a b  "), (S.SansEspace, ("  a b  ", S.sscDroite), "  a b"),
        (S.SansEspace, ("  a b  ", S.sscTout), "ab"), (S.SansEspace, ("  a b  ", S.sscIntérieur), "  ab  "),
        (S.SansEspace, ("\ttab\r\n",), "tab"), (S.SansEspace, ("",), ""), (S.SansEspace, ("   ",), ""),
        (S.SansEspace, ("\u00a0x\u00a0",), "\u00a0x\u00a0"),  # ESP is kept
        (S.NoSpace, (" x ", S.sscGauche + S.sscDroite), "x"),
    ])


def test_replace():
    s = "betterave // abricot // fraise / melon \\ noix / citron"
    run_table([
        # [D:3024022]
        (S.Remplace, ("Abracadabra !", "a", "o"), "Abrocodobro !"),
        (S.Remplace, (s, ["//", "/", "\\", "\\\\"], "-"), "betterave - abricot - fraise - melon - noix - citron"),
        (S.Remplace, (s, WLArray(["//", "/", "\\", "\\\\"]), "-"), "betterave - abricot - fraise - melon - noix - citron"),
        (S.Remplace, ("Abracadabra !", 4, 1, "o"), "Abrocadabra !"),
        # options and edges
        (S.Remplace, ("abc", "", "x"), "abc"), (S.Remplace, ("aaa", "a", ""), ""),
        (S.Remplace, ("Le le LE", "le", "X", S.SansCasse), "X X X"),
        (S.Remplace, ("le lecteur le", "le", "X", S.MotComplet), "X lecteur X"),
        (S.Remplace, ("Été été", "ete", "x", S.SansCasse), "x x"),
        (S.Remplace, ("aaaa", "aa", "b"), "bb"), (S.Replace, ("1.5", ".", ","), "1,5"),
    ])


def test_counting_and_searching():
    run_table([
        # ChaîneOccurrence [D:3024008]
        (S.ChaîneOccurrence, ("anastasia", "a"), 4), (S.ChaîneOccurrence, ("toto titi tito", "to"), 3),
        (S.ChaîneOccurrence, ("grille pain", "X"), 0), (S.ChaîneOccurrence, (MERLE, "le"), 2),
        (S.ChaîneOccurrence, (MERLE, "le", S.MotComplet), 1), (S.ChaîneOccurrence, (MERLE, "le", S.SansCasse), 3),
        (S.ChaîneOccurrence, (MERLE, "le", S.SansCasse + S.MotComplet), 2),
        (S.ChaîneOccurrence, ("anastasia", ["a", "s"]), 6), (S.ChaîneOccurrence, ("abc", ""), 0),
        (S.ChaîneOccurrence, ("Bien le bonjour mon bon monsieur", ["bon", "bonjour", "bonsoir"]), 2),
        # Contient [D:1000019893]
        (S.Contient, ("Antananarivo", "NA"), False), (S.Contient, ("Antananarivo", "na"), True),
        (S.Contient, ("Antananarivo", "NA", S.SansCasse), True),
        (S.Contient, ("WEBDEV 28", WLArray(["WINDEV", "WEBDEV"])), True),
        (S.Contient, ("mot motif", "motif", S.MotComplet), True), (S.Contient, ("motifs", "motif", S.MotComplet), False),
        # ChaîneCommencePar / ChaîneFinitPar [D:1000018827]
        (S.ChaîneCommencePar, ("HTTP/1.0 200 OK", "HTTP/1.0 20"), 11), (S.ChaîneCommencePar, ("abc", "x"), 0),
        (S.ChaîneCommencePar, ("Abc", "ab"), 0), (S.ChaîneCommencePar, ("Abc", "ab", S.ccSansCasse), 2),
        (S.ChaîneCommencePar, ("Été", "ete", S.ccSansCasse + S.ccSansAccent), 3),
        (S.ChaîneCommencePar, ("  abc", "ab", S.ccSansEspace), 4),
        (S.ChaîneCommencePar, ("abc", ["x", "a", "ab"]), 2), (S.ChaîneCommencePar, ("abc", ""), 0),
        (S.ChaîneFinitPar, ("rapport.PDF", ".pdf", S.ccSansCasse), 4), (S.ChaîneFinitPar, ("abc", "bc"), 2),
        (S.ChaîneFinitPar, ("abc", "x"), 0), (S.StringEndsWith, ("a-b-c", "b c", S.ccSansPonctuationNiEspace), 3),
    ])


def test_string_build():
    template = ("Le fichier %1 ne peut pas être ouvert par l'utilisateur %2. "
                "Le fichier %1 n'est pas accessible.")
    expected = ("Le fichier Exemple ne peut pas être ouvert par l'utilisateur Tintin. "
                "Le fichier Exemple n'est pas accessible.")
    run_table([
        # [D:3024006]
        (S.ChaîneConstruit, (template, "Exemple", "Tintin"), expected),
        (S.ChaîneConstruit, (template, WLArray(["Exemple", "Tintin"])), expected),
        (S.ChaîneConstruit, (template, ["Exemple", "Tintin"]), expected),
        (S.ChaîneConstruit, ("100%% de %1", 3), "100% de 3"), (S.ChaîneConstruit, ("%1-%2", "a"), "a-"),
        (S.ChaîneConstruit, ("%1 %2", 1.5, True), "1.5 1"), (S.ChaîneConstruit, ("",), ""),
        (S.StringBuild, ("%2%1", "a", "b"), "ba"),
    ])


def test_num_to_string():
    run_table([
        # [D:3024024]
        (S.NumériqueVersChaîne, (123,), "123"), (S.NumériqueVersChaîne, (1.23,), "1.23"),
        (S.NumériqueVersChaîne, (12345.5, "+10.2f"), " +12345.50"),
        (S.NumériqueVersChaîne, (12345.5, "-+10.2f"), "+12345.50 "),
        (S.NumériqueVersChaîne, (12345.5, "+010.2f"), "+012345.50"),
        (S.NumériqueVersChaîne, (12345.5, "010.2f"), "0012345.50"),
        (S.NumériqueVersChaîne, (12345.5, "10.2fS"), " 12 345.50"),
        (S.NumériqueVersChaîne, (12345.5, "10,2fS"), " 12 345,50"),
        (S.NumériqueVersChaîne, (123, "05d"), "00123"),
        (S.NumériqueVersChaîne, (-32767, "3X"), "8001"), (S.NumériqueVersChaîne, (-32767, "3o"), "700001"),
        # other cases
        (S.NumériqueVersChaîne, ("déjà texte", "5d"), "déjà texte"),
        (S.NumériqueVersChaîne, (7, "02d"), "07"), (S.NumériqueVersChaîne, (2.5, "d"), "3"),
        (S.NumériqueVersChaîne, (-2.5, "d"), "-3"), (S.NumériqueVersChaîne, (2.675, ".2f"), "2.68"),
        (S.NumériqueVersChaîne, (1, "f"), "1.000000"), (S.NumériqueVersChaîne, (255, "x"), "ff"),
        (S.NumériqueVersChaîne, (255, "04X"), "00FF"), (S.NumériqueVersChaîne, (255.9, "X"), "FF"),
        (S.NumériqueVersChaîne, (-1, "X"), "FFFFFFFF"), (S.NumériqueVersChaîne, (8, "o"), "10"),
        (S.NumériqueVersChaîne, (0, "+d"), "+0"), (S.NumériqueVersChaîne, (-0.001, "+.2f"), "+0.00"),
        (S.NumériqueVersChaîne, (-0.001, ".2f"), "0.00"), (S.NumériqueVersChaîne, (-1234567, "dS"), "-1 234 567"),
        (S.NumériqueVersChaîne, (12345.5, "e"), "1.234550e+04"), (S.NumériqueVersChaîne, (0.00125, ".1e"), "1.3e-03"),
        (S.NumériqueVersChaîne, ("12", ), "12"), (S.NumériqueVersChaîne, (True, "d"), "1"),
        (S.NumToString, (3.0,), "3"),
    ])
    with pytest.raises(WLError):
        S.NumériqueVersChaîne(1, "zz")


def test_val_asc_charact():
    run_table([
        # Val [D:3024037]
        (S.Val, ("143",), 143), (S.Val, ("1.67",), 1.67), (S.Val, ("ABC",), 0), (S.Val, ("3plus2",), 3),
        (S.Val, ("7,5",), 7), (S.Val, ("1D2",), 100), (S.Val, ("2.5e-2",), 0.025),
        (S.Val, ("",), 0), (S.Val, ("  -12abc",), -12), (S.Val, (".5",), 0.5), (S.Val, ("1e",), 1),
        (S.Val, ("FF", "x"), 255), (S.Val, ("777", "o"), 511), (S.Val, ("1012", 2), 5), (S.Val, ("z", 36), 35),
        (S.Val, (42,), 42), (S.Val, (True,), 1),
        # Asc / Caract [D:3024004] [D:3024003]
        (S.Asc, ("A",), 65), (S.Asc, ("Barbier",), 66), (S.Asc, ("",), 0), (S.Asc, ("é",), 233),
        (S.Asc, ("€",), 128), (S.Asc, (b"\x07",), 7),
        (S.Caract, (49,), "1"), (S.Caract, (87,), "W"), (S.Caract, (233,), "é"), (S.Caract, (128,), "€"),
        (S.Charact, ("65",), "A"),
    ])
    assert isinstance(S.Val("143"), int) and isinstance(S.Val("1.5"), float)
    for bad in (-1, 256):
        with pytest.raises(WLError):
            S.Caract(bad)


def test_reverse_is_an_involution():
    assert S.Inverse("TEST") == "\xab\xba\xac\xab"  # [D:3024028] complement to 255
    assert S.Inverse(S.Inverse("Œuvre été")) == "Œuvre été"


def test_string_array_conversions():
    # [D:1000017008]
    t = WLArray(["déjà là"], to_str, str)
    S.ChaîneVersTableau("A" + RC + "B" + RC + "C" + RC + "D" + RC + "D", t)
    assert list(t) == ["A", "B", "C", "D", "D"]
    S.ChaîneVersTableau("A" + RC + "B;C" + RC + "D,E" + RC + "F", t, [RC, ";", ","])
    assert list(t) == ["A", "B", "C", "D", "E", "F"]
    numbers = WLArray([], to_int, int)
    S.StringToArray("1;2;x", numbers, ";")
    assert list(numbers) == [1, 2, 0]
    S.ChaîneVersTableau("", numbers)
    assert list(numbers) == [0]
    # [D:1000017007]
    assert S.TableauVersChaîne(WLArray(["A", "B", "C"])) == "A" + RC + "B" + RC + "C"
    grid = WLArray([WLArray(["A", "B", "C"]), WLArray(["D", "E", "F"])])
    assert S.TableauVersChaîne(grid) == "A" + TAB + "B" + TAB + "C" + RC + "D" + TAB + "E" + TAB + "F"
    assert S.ArrayToString(WLArray([1, 2.5, True]), ";") == "1;2.5;1"
    assert S.TableauVersChaîne(WLArray()) == ""
    with pytest.raises(WLError):
        S.ChaîneVersTableau("a", "pas un tableau")


# --- numbers ------------------------------------------------------------------------

def test_numbers():
    run_table([
        (N.Abs, (-3,), 3), (N.Abs, (-2.5,), 2.5), (N.Abs, ("-4",), 4), (N.Abs, (0,), 0),
        # Arrondi [D:3050063]: half away from zero
        (N.Arrondi, (-16.238167, 2), -16.24), (N.Arrondi, (3.2,), 3), (N.Arrondi, (3.7,), 4),
        (N.Arrondi, (2.5,), 3), (N.Arrondi, (-2.5,), -3), (N.Arrondi, (0.5,), 1), (N.Arrondi, (2.675, 2), 2.68),
        (N.Arrondi, (1.005, 2), 1.01), (N.Arrondi, (1234.5, -2), 1200), (N.Arrondi, (1250, -2), 1300),
        (N.Arrondi, (-1250, -2), -1300), (N.Arrondi, (7, 2), 7), (N.Arrondi, ("3.45", "1"), 3.5),
        # PartieEntière / PartieDécimale [D:3050008] [D:3050002]
        (N.PartieEntière, (16.999,), 16), (N.PartieEntière, (3.5,), 3), (N.PartieEntière, (-3.5,), -4),
        (N.PartieEntière, (7,), 7), (N.PartieDécimale, (16.487,), 0.487), (N.PartieDécimale, (-3.5,), 0.5),
        (N.PartieDécimale, (4,), 0),
        # Racine / Puissance [D:3050006] [D:3050007]
        (N.Racine, (25,), 5), (N.Racine, (27, 3), 3), (N.Racine, (-8, 3), -2), (N.Racine, (0,), 0),
        (N.Racine, (2,), 2 ** 0.5), (N.Puissance, (8, 5), 32768), (N.Puissance, (2, -1), 0.5),
        (N.Puissance, (4, 0.5), 2), (N.Puissance, ("2", "10"), 1024),
        # Modulo [D:1511002]
        (N.Modulo, (21, 4), 1), (N.Modulo, (-21, 4), -1), (N.Modulo, (21, -4), 1), (N.Modulo, (7.5, 2), 1.5),
        (N.Modulo, (10 ** 20 + 1, 10), 1),
        # Max / Min [D:3050005]
        (N.Max, (10, 15, 20), 20), (N.Max, ("Z", "A"), "Z"), (N.Max, (WLArray([1, 2, 3, 4, 5]),), 5),
        (N.Min, (10, 15, 20), 10), (N.Min, ("b", "a", "c"), "a"), (N.Min, (2, 1.5), 1.5), (N.Max, (7,), 7),
        (N.Exp, (0,), 1.0), (N.Ln, (1,), 0.0),
    ])
    assert isinstance(N.Arrondi(3.7), int) and isinstance(N.Arrondi(3.75, 1), float)
    for call in (lambda: N.Modulo(1, 0), lambda: N.Racine(-4), lambda: N.Puissance(0, -1),
                 lambda: N.Max(), lambda: N.Ln(0), lambda: N.Hasard(0)):
        with pytest.raises(WLError):
            call()


def test_random_numbers():
    # [D:3013037] [D:3013030]
    assert N.InitHasard(42) == 42
    first = [N.Hasard(1000) for _ in range(20)]
    N.InitHasard(42)
    assert [N.Hasard(1000) for _ in range(20)] == first  # same seed, same sequence
    assert all(1 <= x <= 1000 for x in first)
    assert {N.Hasard(7, 21) for _ in range(500)} == set(range(7, 22))
    assert {N.Hasard(3, 1) for _ in range(200)} == {1, 2, 3}
    assert {N.Hasard(1) for _ in range(10)} == {1}
    r = N.Hasard()
    assert isinstance(r, float) and 0 <= r < 1
    assert isinstance(N.InitHasard(), int)
    assert N.EntierAléatoire is N.Hasard and N.Random is N.Hasard and N.InitRandom is N.InitHasard


# --- dates --------------------------------------------------------------------------

def test_date_to_string():
    run_table([
        # [D:3027025]
        (D.DateVersChaîne, ("20191225",), "25/12/2019"), (D.DateVersChaîne, (D.EntierVersDate(73773),), "25/12/2001"),
        (D.DateVersChaîne, ("",), ""), (D.DateVersChaîne, ("20191225", "MM-JJ-AAAA"), "12-25-2019"),
        (D.DateVersChaîne, ("20791225", "Le numéro du jour JJ du mois n° MM de l'année AAAA"),
         "Le numéro du jour 25 du mois n° 12 de l'année 2079"),
        (D.DateVersChaîne, ("20031202", "JJJ JJ MMM AAAA"), "mar. 02 déc. 2003"),
        (D.DateVersChaîne, ("20031202", "JJJJ JJ MMMM AAAA"), "mardi 02 décembre 2003"),
        (D.DateVersChaîne, ("20031202", "Jjj JJ Mmm AAAA"), "Mar. 02 Déc. 2003"),
        (D.DateVersChaîne, ("20031202", "Jjjj JJ Mmmm AAAA"), "Mardi 02 Décembre 2003"),
        # other tokens
        (D.DateVersChaîne, ("20240105", "J/M/AA"), "5/1/24"), (D.DateVersChaîne, ("20240105", "L"), "V"),
        (D.DateVersChaîne, ("20240815", "jjjj JJ mmmm"), "jeudi 15 août"),
        (D.DateVersChaîne, ("2003120214305907",), "02/12/2003 14:30:59:07"),
        (D.DateVersChaîne, ("2003120214305907", "AAAA-MM-JJ HH:mm AP"), "2003-12-02 02:30 PM"),
        (D.DateVersChaîne, (dt.date(2020, 2, 29),), "29/02/2020"),
        (D.DateToString, ("20200101", "AAAAMMJJ"), "20200101"),
    ])
    with pytest.raises(WLError):
        D.DateVersChaîne("20191332")


def test_time_to_string():
    run_table([
        # [D:3027023]
        (D.HeureVersChaîne, ("12005956",), "12:00:59:56"), (S.Gauche, (D.HeureVersChaîne("12005956"), 5), "12:00"),
        (D.HeureVersChaîne, ("12320000", "Il est : HH h MM"), "Il est : 12 h 32"),
        (D.HeureVersChaîne, ("14441700", "HH:MM:SS"), "14:44:17"),
        (D.HeureVersChaîne, ("1230",), "12:30:00:00"), (D.HeureVersChaîne, ("2019122514441700", "HH:MM"), "14:44"),
        (D.HeureVersChaîne, ("00050000", "HH:MM AP"), "12:05 AM"), (D.HeureVersChaîne, ("13050000", "HH:MM AP"), "01:05 PM"),
        (D.TimeToString, (dt.time(9, 8, 7),), "09:08:07:00"),
    ])
    with pytest.raises(WLError):
        D.HeureVersChaîne("25000000")


def test_date_functions():
    run_table([
        # DateValide [D:3027003]
        (D.DateValide, ("20011225",), True), (D.DateValide, ("20012512",), False), (D.DateValide, ("2001",), False),
        (D.DateValide, ("14821225",), True), (D.DateValide, ("20000229",), True), (D.DateValide, ("19000229",), False),
        (D.DateValide, ("15821010",), False), (D.DateValide, ("15821015",), True), (D.DateValide, ("",), False),
        (D.DateValide, ("2001122514300000",), True), (D.DateValide, ("2001AB25",), False),
        # [D:3027004] [D:3027010] [D:3027012] [D:3027014] [D:3027001]
        (D.DateVersJour, ("20011225",), 2), (D.DateVersJour, ("20240107",), 7),
        (D.DateVersJourEnLettre, ("20011225",), "mardi"), (D.DateVersMoisEnLettre, ("20011225",), "décembre"),
        (D.DateVersEntier, ("20011225",), 73773), (D.DateVersEntier, ("18000103",), 3),
        (D.DateVersEntier, ("20040125", True), 25), (D.DateVersEntier, ("20041231", True), 366),
        (D.EntierVersDate, (73773,), "20011225"), (D.EntierVersDate, (1,), "18000101"),
        (D.DateDifférence, ("19980101", "19980111"), 10), (D.DateDifférence, ("19980111", "19980101"), -10),
        (D.DateDifference, ("20231231", "20240101"), 1),
    ])
    with pytest.raises(WLError):
        D.DateVersJour("2001")


def test_system_date_and_time():
    today = dt.date.today().strftime("%Y%m%d")
    assert D.DateSys() == today and D.DateDuJour() == today and D.Today() == today
    assert D.DateValide(D.DateSys())
    for now in (D.HeureSys(), D.Maintenant(), D.TimeSys(), D.Now()):
        assert isinstance(now, D.Heure) and re.fullmatch(r"\d{9}", str(now))
        D.HeureVersChaîne(now)  # a valid time
    with pytest.raises(UnsupportedError):
        D.DateSys("20020101")
    with pytest.raises(UnsupportedError):
        D.HeureSys("17280000")


# --- arrays -------------------------------------------------------------------------

def strings(*items):
    return WLArray(items, to_str, str)


def test_array_add_insert_delete():
    # [D:3075003]: an array of 2 chaînes holds 2 empty chaînes
    t = strings("", "")
    assert A.TableauAjoute(t, "WINDEV") == 3
    A.TableauAjoute(t, " WEBDEV")
    A.TableauAjoute(t, "WINDEV et WEBDEV")
    assert t[3] == "WINDEV" and A.TableauOccurrence(t) == 5
    assert A.TableauAjoute(t) == 6 and t[6] == ""
    assert A.TableauAjoute(t, strings("x", "y")) == 8 and t[8] == "y"
    numbers = WLArray([], to_int, int)
    A.ArrayAdd(numbers, "12")
    assert list(numbers) == [12]
    # [D:3075009] [D:3075012]
    t = strings("", "")
    A.TableauInsère(t, 1, "WINDEV")
    A.TableauInsère(t, 2, "WEBDEV")
    A.TableauInsère(t, 3, "WINDEV et WEBDEV")
    assert t[3] == "WINDEV et WEBDEV" and A.TableauOccurrence(t) == 5
    A.TableauInsère(t, 6, "fin")
    A.TableauInsère(t, 1, strings("a", "b"))
    assert list(t)[:3] == ["a", "b", "WINDEV"] and t[A.TableauOccurrence(t)] == "fin"
    # [D:3075008]
    t = strings("WINDEV", "WEBDEV")
    assert A.TableauSupprime(t, 1) == 1 and t[1] == "WEBDEV"
    A.TableauSupprime(t, 1)
    assert A.TableauOccurrence(t) == 0
    A.TableauAjoute(t, "encore")  # still usable
    A.TableauSupprimeTout(t)
    assert list(t) == [] and A.ArrayCount(t) == 0
    for call in (lambda: A.TableauSupprime(strings("a"), 2), lambda: A.TableauInsère(strings("a"), 3, "x"),
                 lambda: A.TableauInsère(strings("a"), 0, "x"), lambda: A.TableauAjoute("pas un tableau", 1)):
        with pytest.raises(WLError):
            call()


def test_associative_arrays():
    # [D:3075009] [D:3075008]
    noms = WLAssoc(to_str, str)
    A.TableauInsère(noms, "Moulin", "Françoise")
    A.TableauInsère(noms, "Montgomery", "Julie")
    assert A.TableauOccurrence(noms) == 2
    assert A.TableauSupprime(noms, "Moulin") == 1 and A.TableauSupprime(noms, "Moulin") == 0
    with pytest.raises(WLError):
        A.TableauInsère(noms, "Montgomery", "Autre")
    A.TableauSupprimeTout(noms)
    assert A.TableauOccurrence(noms) == 0


class Personne(Structure):
    _fields = {"Nom": (to_str, str), "Age": (to_int, int)}
    Nom = ""
    Age = 0


def test_array_seek():
    # [D:3075002]
    t = strings("WINDEV", "WEBDEV", "WINDEV et WEBDEV")
    run_table([
        (A.TableauCherche, (t, A.tcLinéairePremier, "WINDEV"), 1), (A.TableauCherche, (t, A.tcLinéaire, "WEBDEV"), 2),
        (A.TableauCherche, (t, A.tcLinéaire, "absent"), -1), (A.TableauCherche, (t, A.tcLinéaire, "WINDEV", 2), -1),
        (A.TableauCherche, (t, A.tcLinéaire, "webdev"), -1),
        (A.TableauCherche, (t, A.tcLinéaire + A.tccSansCasse, "webdev"), 2),
        (A.TableauCherche, (strings(" a b "), A.tcLinéaire + A.tccSansEspace + A.tccSansEspaceIntérieur, "ab"), 1),
        (A.TableauCherche, (strings("Été"), A.tcLinéaire + A.tccSansAccent + A.tccSansCasse, "ete"), 1),
        (A.TableauCherche, (WLArray([1, 2, 3]), A.tcLinéaire, "2"), 2),
        (A.TableauCherche, (WLArray(), A.tcLinéaire, 1), -1),
        (A.TableauCherche, (WLArray([1, 3, 5, 7, 9]), A.tcDichotomique, 7), 4),
        (A.TableauCherche, (WLArray([1, 3, 5, 7, 9]), A.tcDichotomique, 4), -1),
        (A.ArraySeek, (strings("a", "b", "c"), A.tcDichotomique, "c"), 3),
    ])
    d = WLArray([1, 2, 1, 3, 1])
    assert [A.TableauCherche(d, A.tcLinéairePremier, 1), A.TableauCherche(d, A.tcLinéaireSuivant, 1),
            A.TableauCherche(d, A.tcLinéaireSuivant, 1), A.TableauCherche(d, A.tcLinéaireSuivant, 1)] == [1, 3, 5, -1]
    assert A.TableauCherche(d, A.tcLinéaireDernier, 1) == 5 and A.TableauCherche(d, A.tcLinéairePrécédent, 1) == 3
    people = WLArray([Personne("Bob", 3), Personne("Ann", 5), Personne("Cid", 3)])
    assert A.TableauCherche(people, A.tcLinéaire, "Nom", "Ann") == 2
    assert A.TableauCherche(people, A.tcLinéaire, "Age;Nom", 3, "Cid") == 3
    assert A.TableauCherche(people, A.tcLinéaire, "Age", 3, 2) == 3  # start index after the values
    grid = WLArray([WLArray([1, "x"]), WLArray([2, "y"])])
    assert A.TableauCherche(grid, A.tcLinéaire, 2, "y") == 2
    with pytest.raises(WLError):
        A.TableauCherche(people, A.tcLinéaire, "Inconnu", 1)


def test_array_sort():
    # [D:3075007]
    t = WLArray([4, 1], to_int, int)
    A.TableauTrie(t, A.ttCroissant)
    assert (t[1], t[2]) == (1, 4)
    words = strings("b", "A", "c", "é", "a10", "a9")
    A.TableauTrie(words)
    assert list(words) == ["A", "a10", "a9", "b", "c", "é"]
    A.ArraySort(words, A.ttDécroissant)
    assert list(words) == ["é", "c", "b", "a9", "a10", "A"]
    A.TableauTrie(words, A.ttCroissant + A.tccSansCasse + A.tccRespecteNumérique)
    assert list(words) == ["A", "a9", "a10", "b", "c", "é"]
    accents = strings("eb", "éa", "ec")
    A.TableauTrie(accents, A.ttCroissant + A.tccOrdreLexicographique)
    assert list(accents) == ["éa", "eb", "ec"]
    mixed = WLArray([3, 1.5, 2])
    A.TableauTrie(mixed)
    assert list(mixed) == [1.5, 2, 3]
    people = WLArray([Personne("Bob", 3), Personne("Ann", 5), Personne("Cid", 3)])
    A.TableauTrie(people, A.ttMembre, "Age;-Nom")
    assert [p.Nom for p in people] == ["Cid", "Bob", "Ann"]
    grid = WLArray([WLArray([1, "x"]), WLArray([3, "a"]), WLArray([2, "b"])])
    A.TableauTrie(grid, A.ttCroissant, 1)
    assert [row[1] for row in grid] == [1, 2, 3]
    A.TableauTrie(grid, A.ttColonne, "-2")
    assert [row[2] for row in grid] == ["x", "b", "a"]
    values = WLArray([5, 1, 4])
    A.TableauTrie(values, A.ttFonction, lambda a, b: -1 if a > b else (1 if a < b else 0))
    assert list(values) == [5, 4, 1]
    with pytest.raises(WLError):
        A.TableauTrie(WLAssoc())
    with pytest.raises(WLError):
        A.TableauTrie(WLArray([Personne("a", 1), Personne("b", 2)]))


def test_generic_array_functions():
    # Ajoute, Insère, Supprime, SupprimeTout, Cherche, Trie are identical to the Tableau* ones on arrays
    t = strings()
    A.Ajoute(t, "b")
    A.Add(t, "c")
    A.Insère(t, 1, "a")
    assert list(t) == ["a", "b", "c"] and A.Cherche(t, A.tcLinéaire, "c") == 3
    A.Sort(t, A.ttDécroissant)
    assert list(t) == ["c", "b", "a"]
    A.Supprime(t, 1)
    assert list(t) == ["b", "a"]
    A.SupprimeTout(t)
    assert A.TableauOccurrence(t) == 0


# --- output -------------------------------------------------------------------------

class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_trace_and_info(capsys):
    O.Trace("Résultat du calcul : " + to_str(12))
    O.Trace("a", 1, True, 3.0, 1 / 3)
    O.Trace()
    O.Trace("ligne 1" + RC + "ligne 2")
    O.Info("Bonjour Florence", "Bienvenue !")
    O.ConsoleEcrit("sans fin de ligne")
    out, err = capsys.readouterr()
    assert out == ("Résultat du calcul : 12\n"
                   "a 1 1 3 0.333333333333333\n"
                   "\n"
                   "ligne 1\nligne 2\n"
                   "Bonjour Florence\nBienvenue !\n"
                   "sans fin de ligne")
    assert err == ""


def test_error_and_warning_go_to_stderr(capsys):
    O.Erreur("Ce code client n'existe pas.", "Vous devez d'abord le créer")
    O.Avertissement("Attention")
    set_error("La connexion a échoué")
    O.Erreur()  # = Erreur(ErreurInfo()) [D:3021013]
    O.ConsoleErreur("brut")
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("Ce code client n'existe pas.\nVous devez d'abord le créer\n"
                   "Attention\nLa connexion a échoué\nbrut")


def test_questions_without_a_terminal_never_answer_silently(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("oui\n"))      # a pipe is not a terminal
    for ask in (lambda: O.OuiNon("Supprimer les messages ?"), lambda: O.Confirmer(O.Oui, "Sûr ?")):
        with pytest.raises(WLError, match="--answer oui or --answer non"):
            ask()


def test_questions_take_the_answer_of_the_command_line(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    try:
        O.set_answer("non")
        assert O.OuiNon("Voulez-vous quitter ?") == O.Non
        assert O.Confirmer(O.Annuler, "Enregistrer ?") == O.Non
        O.set_answer("oui")
        assert O.OuiNon(O.Non, "Voulez-vous quitter ?") == O.Oui
    finally:
        O.set_answer(None)
    out, err = capsys.readouterr()
    assert out == "" and "Voulez-vous quitter ?" in err and "(--answer)" in err


def test_questions_on_a_terminal_read_the_answer(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Terminal("non\npeut-être\noui\n\nannuler\n"))
    assert O.OuiNon("Continuer ?") == O.Non
    assert O.YesNo("Continuer ?") == O.Oui  # "peut-être" is asked again, then "oui"
    assert O.Confirmer(O.Non, "Sûr ?") == O.Non  # empty answer: the default button
    assert O.Confirm("Sûr ?") == O.Annuler
    with pytest.raises(WLError):           # end of input: nobody answers
        O.OuiNon("Encore ?")
    assert (O.Oui, O.Non, O.Annuler) == (1, 0, 2)


def test_english_aliases_are_the_same_objects():
    pairs = [(S.Length, S.Taille), (S.Left, S.Gauche), (S.Right, S.Droite), (S.Middle, S.Milieu),
             (S.Replace, S.Remplace), (S.ExtractString, S.ExtraitChaîne), (S.NoSpace, S.SansEspace),
             (S.Complete, S.Complète), (S.StringBuild, S.ChaîneConstruit), (S.StringCount, S.ChaîneOccurrence),
             (S.NumToString, S.NumériqueVersChaîne), (S.Charact, S.Caract), (N.Round, N.Arrondi),
             (N.IntegerPart, N.PartieEntière), (N.DecimalPart, N.PartieDécimale), (N.Root, N.Racine),
             (N.Power, N.Puissance), (D.TimeSys, D.HeureSys), (D.Today, D.DateDuJour), (D.Now, D.Maintenant),
             (D.DateToString, D.DateVersChaîne), (D.TimeToString, D.HeureVersChaîne), (D.DateValid, D.DateValide),
             (A.ArrayAdd, A.TableauAjoute), (A.ArrayDelete, A.TableauSupprime), (A.ArraySeek, A.TableauCherche),
             (A.ArraySort, A.TableauTrie), (A.ArrayDeleteAll, A.TableauSupprimeTout), (A.ArrayCount, A.TableauOccurrence),
             (A.ArrayInsert, A.TableauInsère), (O.Error, O.Erreur), (O.Warning, O.Avertissement)]
    for english, french in pairs:
        assert english is french
    for module in (S, N, D, A, O):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_dialogue_direct_syntax(capsys, monkeypatch):
    # [D:3021015]: Dialogue(<Question>, <Libellés des boutons> [, <défaut> [, <annulation>]])
    buttons = WLArray(
        ["Oui - Enregistrer", "Non", "Annuler"])
    monkeypatch.setattr("sys.stdin", _Terminal("2\nannuler\n\n"))
    assert O.Dialogue("Enregistrer ?", buttons, 1) == 2
    assert O.Dialogue("Enregistrer ?", buttons, 1) == 3        # a label, whatever its case
    assert O.Dialogue("Enregistrer ?", buttons, 2) == 2        # empty answer: the default button
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(WLError, match="--answer"):
        O.Dialogue("Enregistrer ?", buttons)
    try:
        O.set_answer("oui")
        assert O.Dialogue("Enregistrer ?", buttons, 1, 2) == 1
        O.set_answer("non")
        assert O.Dialogue("Enregistrer ?", buttons, 1, 2) == 2
        assert O.Dialogue("Enregistrer ?", buttons) == 3           # the last button cancels
    finally:
        O.set_answer(None)
    with pytest.raises(WLError, match="wizard"):
        O.Dialogue(12, "fichier")
    assert O.Dialog is O.Dialogue
