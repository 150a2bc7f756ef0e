"""Conformance for the syntax of issue 8: each construct, in French and in English, with the
output it must print (same table style as test_language.py)."""
import pytest

from wltest import run_cli, run_source

# (id, French source, English source, expected stdout)
CASES = [
    ("optional-concatenation",   # examples of the help page "Opérateurs sur chaînes de caractères"
     """
     ChaîneDébut est une chaîne = "San Francisco"
     ChaîneFin est une chaîne = "Francisco"
     ChaîneDébut += [ChaîneFin]
     Trace(ChaîneDébut)
     ChaîneDébut = "San "
     ChaîneDébut += [ChaîneFin]
     Trace(ChaîneDébut)
     d, m, f sont des chaînes
     d = "C:\\MesFichiers\\" ; m = "\\" ; f = "MonFichier.TXT"
     Trace(d + [m] + f)
     d = "C:\\MesFichiers" ; f = "\\MonFichier.TXT"
     Trace(d + [m] + f)
     d += [m] + "MonFichier.TXT"
     Trace(d)
     Trace(["Tome"] + "Tome de programmation", ["Tome"] + " de programmation")
     r est une chaîne
     POUR i = 1 À 3
        r += [RC] + i
     FIN
     Trace(Remplace(r, RC, "|"), "a" + ["b"])
     """,
     """
     StartString is string = "San Francisco"
     EndString is string = "Francisco"
     StartString += [EndString]
     Trace(StartString)
     StartString = "San "
     StartString += [EndString]
     Trace(StartString)
     d, m, f are strings
     d = "C:\\MesFichiers\\" ; m = "\\" ; f = "MonFichier.TXT"
     Trace(d + [m] + f)
     d = "C:\\MesFichiers" ; f = "\\MonFichier.TXT"
     Trace(d + [m] + f)
     d += [m] + "MonFichier.TXT"
     Trace(d)
     Trace(["Tome"] + "Tome de programmation", ["Tome"] + " de programmation")
     r is string
     FOR i = 1 TO 3
        r += [CR] + i
     END
     Trace(Replace(r, CR, "|"), "a" + ["b"])
     """,
     "San Francisco\nSan Francisco\nC:\\MesFichiers\\MonFichier.TXT\nC:\\MesFichiers\\MonFichier.TXT\n"
     "C:\\MesFichiers\\MonFichier.TXT\nTome de programmation Tome de programmation\n1|2|3 ab\n"),
    ("string-literals",
     """
     nom est une chaîne = "Léa"
     Trace(`Bonjour [%nom%], [% 1 + 2 %] messages`, -%`[%nom%]`, "[%nom%]", 'simple ''q''', `a``b`)
     s est une chaîne = "
     	deux
     lignes
     	"
     Trace(Remplace(s, RC, "|"))
     s = [
     	la chaîne
     	] + nom + [
     	est multiligne
     	]
     Trace(Remplace(s, RC, "|"))
     s = `
     [%nom%]
     `
     Trace(s, "a" ~= " A ", "a-b" ~~ "AB")
     """,
     """
     name is string = "Léa"
     Trace(`Bonjour [%name%], [% 1 + 2 %] messages`, -%`[%name%]`, "[%name%]", 'simple ''q''', `a``b`)
     s is string = "
     	deux
     lignes
     	"
     Trace(Replace(s, CR, "|"))
     s = [
     	la chaîne
     	] + name + [
     	est multiligne
     	]
     Trace(Replace(s, CR, "|"))
     s = `
     [%name%]
     `
     Trace(s, "a" ~= " A ", "a-b" ~~ "AB")
     """,
     "Bonjour Léa, 3 messages [%nom%] [%nom%] simple 'q' a`b\n\tdeux|lignes\nla chaîneLéaest multiligne\n"
     "Léa 1 1\n"),
]

EXPECTED_BY_LANG = {
    ("string-literals", "en"): "Bonjour Léa, 3 messages [%name%] [%name%] simple 'q' a`b\n\tdeux|lignes\n"
                               "la chaîneLéaest multiligne\nLéa 1 1\n",
}

PARAMS = [pytest.param(case_id, lang, source, id=f"{case_id}-{lang}")
          for case_id, fr, en, _ in CASES for lang, source in (("fr", fr), ("en", en))]
EXPECTED = {case_id: expected for case_id, _, _, expected in CASES}


@pytest.mark.parametrize("case_id,lang,source", PARAMS)
def test_construct(case_id, lang, source, tmp_path):
    result = run_source(source, tmp_path)
    expected = EXPECTED_BY_LANG.get((case_id, lang), EXPECTED[case_id])
    assert result.stderr == ""
    assert result.stdout == expected
    assert result.code == 0


def test_bad_interpolation_is_a_positioned_syntax_error(tmp_path):
    path = tmp_path / "bad.wl"
    path.write_text('x est une chaîne = "a"\nTrace(`vu [% x + %]`)\n', encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.code == 2
    output = result.stdout + result.stderr
    assert "bad.wl:2:" in output and "[% %]" in output
