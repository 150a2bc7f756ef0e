"""The help-mirror corpus tools: block extraction and the failure classification of the benchmark."""
import importlib.util
import json
import pathlib
import sys

import pytest

BENCHMARKS = pathlib.Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


extract = _load("extract_blocks", BENCHMARKS / "corpus" / "extract_blocks.py")
bench = _load("bench_corpus", BENCHMARKS / "bench_corpus.py")

PAGE = """# Gauche (Fonction)
## Exemple
```wlangage
s est une chaîne = Gauche("Bonjour", 3)
```
> _(WINDEV)_ note
> ```wlangage
> Trace(s)
> ```
- liste :
  ```wlangage
  SI s = "Bon" ALORS
  \tTrace("oui")
  FIN
  ```
```json
{"pas": "du WLangage"}
```
## Syntaxe
```wlangage
<Résultat> = Gauche(<Chaîne initiale> [, <Longueur>])
```
"""


def test_blocks_keep_code_verbatim_and_strip_quote_and_list_markers():
    found = extract.blocks(PAGE)
    assert found == [
        ("Exemple", 's est une chaîne = Gauche("Bonjour", 3)\n'),
        ("Exemple", "Trace(s)\n"),
        ("Exemple", 'SI s = "Bon" ALORS\n\tTrace("oui")\nFIN\n'),
        ("Syntaxe", "<Résultat> = Gauche(<Chaîne initiale> [, <Longueur>])\n"),
    ]


def test_read_batch_accepts_raw_and_json_escaped_pages():
    escaped = json.dumps('## Exemple\n```wlangage\nx = "C:\\temp"\n```\n')[1:-1]
    batch = f"=== 101 | Raw page\n{PAGE}=== 102 | Escaped page\n{escaped}\n"
    (pid1, title1, text1), (pid2, title2, text2) = extract.read_batch(batch)
    assert (pid1, title1, pid2, title2) == ("101", "Raw page", "102", "Escaped page")
    assert text1.rstrip("\n") == PAGE.rstrip("\n")
    assert extract.blocks(text2) == [("Exemple", 'x = "C:\\temp"\n')]


@pytest.mark.parametrize("code, section, expected", [
    ("<Résultat> = Gauche(<Chaîne initiale>)\n", "syntax", "syntax template"),
    ("x = Gauche(s, 3)\n", "syntax", "code"),
    ("// Lecture du premier emailEmailLitPremier(IDEmail)SI Email.EnDehors = Faux ALORS Ouvre(F)FIN\n",
     "example", "flattened by the mirror"),
])
def test_block_kind(code, section, expected):
    assert bench.kind(code, section) == expected


@pytest.mark.parametrize("code, expected", [
    ("TableauValeur est un tableau <agrandissement=1> d'entiers\n", False),
    ("mavariable est un entier <serveur uniquement>\n", False),
    ("MaProcédure(<p1>:1, <p2>:2)\n", False),
    ("SI a < b ET c > d ALORS x = 1\n", False),
    ('Trace("<balise>")  // <commentaire>\n', False),
    ("RENVOYER <Valeur>\n", True),
    ("<Nom Variable> est un <type de la variable>\n", True),
])
def test_placeholders_are_not_confused_with_real_angle_brackets(code, expected):
    assert bench.has_placeholder(code) is expected


@pytest.mark.parametrize("code, expected", [
    ('<?xml version="1.0"?><Test><Nom>x</Nom></Test>\n', "data (XML / INI), not WLangage"),
    ('[MA SECTION]mesdonnees = "valeur"\n', "data (XML / INI), not WLangage"),
    ("SELECT * FROM CLIENT\n", "SQL, not WLangage"),
    ("MonBuffer est un Buffer\n...\nfSauveBuffer(f, MonBuffer)\n", "placeholder"),
    ("x = Somme(t) +\n", None),
    ('"Dupond" ~= "DUPOND"                // Retourne Vrai\n', bench.EXPRESSION),
    ("Condition1 ET Condition2 OU Condition3\n", bench.EXPRESSION),
    ("Supprime(t, clé)TableauSupprime(t, Clé)\n", bench.GLUED),
    ("o est une Classe (x)\n", bench.SHORTHAND),
    ("O1, O2 sont\n", "incomplete fragment"),
])
def test_failure_causes(code, expected):
    assert bench.classify(code, 1) == expected


@pytest.mark.parametrize("code, message, expected", [
    ('EXTERNE "WinConst.wl"\n', "EXTERNE: cannot read 'WinConst.wl'", "includes a file that is not in the corpus"),
    ("SI x ALORS\nFIN\nFIN\n", "unexpected 'FIN' (expected end of file, procedure)",
     "stray FIN (one FIN too many in the help)"),
    ("\tABANDONNER ET SORTIR\n", "unexpected 'ET'", None),      # indented: code, not a value
])
def test_failure_causes_from_the_message(code, message, expected):
    assert bench.classify(code, 1 if "FIN" not in code else 3, message) == expected


def test_measure_counts_code_templates_and_gaps(tmp_path):
    rows = [("1_1.wl", "x est un entier\nx = 1\n", "example"),
            ("1_2.wl", "<Résultat> = Gauche(<Chaîne>)\n", "syntax"),
            ("1_3.wl", "x = = 1\n", "example")]
    lines = ["\t".join(extract.COLUMNS)]
    for name, code, section in rows:
        (tmp_path / name).write_text(code, "utf-8")
        lines.append("\t".join([name, "1", "Page", name[2], str(code.count("\n")), section]))
    (tmp_path / "INDEX.tsv").write_text("\n".join(lines) + "\n", "utf-8")
    result = bench.measure(bench.load_index(tmp_path), mirror=tmp_path)
    assert (result["pages"], result["blocks"], result["lines"]) == (1, 3, 4)
    assert (result["code_blocks"], result["code_parsed"], result["grammar_gaps"]) == (2, 1, 1)
    gap, = [f for f in result["failures"] if not f.not_code]
    assert (gap.file, gap.line) == ("1_3.wl", 1)
    assert "1_3.wl" in bench.markdown(result)
