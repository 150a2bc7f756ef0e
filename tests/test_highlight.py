"""Tests for the Pygments WLangage lexer (wlmail/highlight.py)."""

from __future__ import annotations

import importlib.metadata

import pytest
from pygments.token import Comment, Error, Keyword, Name, Number, String, Whitespace

from wlmail.highlight import WLangageLexer
from wltest import seed_snippets

FR_SAMPLE = """\
// Lecture des messages
PROCÉDURE LireMessages(MaSession)
procedure Compte() : entier
MonMessage est un Email
nb est un entier = 0x_1F + 1.5
a est une chaîne = "dit ""bonjour"" http://x"
t est un tableau d'entiers
POUR TOUT MonMessage NON LU DE MaSession
    SI MonMessage.Sujet [= "Re" ET PAS a ~= "" ALORS nb++ SINON SI Vrai ALORS a = a + RC
FIN
POUR i = 1 A 10 PAS 2
    s = a[[i À 3]]
FIN
si nb <> 0 alors renvoyer vrai // lowercase
SELON nb
    CAS 1 : Trace("un")
    AUTRE CAS : Trace(Taille(a))
FIN
QUAND EXCEPTION DANS
    EmailRecupereTout(MaSession) ; EmailRécupèreTout(MaSession)
FAIRE
    Trace(ErreurInfo())
FIN
/* bloc
   multiligne */
Code est une chaine = [
SI x ALORS
]
"""

EN_SAMPLE = """\
PROCEDURE ReadAll(MySession)
MyMessage is an Email
n is int = 42
s is string = "C:\\Temp\\"
FOR i = 1 TO 10 STEP 2
    IF n >= 3 AND NOT s <> "" THEN BREAK ELSE CONTINUE
END
WHILE n > 0
    n--
END
FOR EACH MyMessage UNREAD OF MySession
    Trace(MyMessage.Subject)
END
RESULT True
"""


def lex(code: str) -> list[tuple[object, str]]:
    return [(t, v) for _, t, v in WLangageLexer().get_tokens_unprocessed(code) if t is not Whitespace]


def types_of(code: str, value: str) -> list[object]:
    return [t for t, v in lex(code) if v == value]


def test_roundtrip_and_no_errors():
    for code in (FR_SAMPLE, EN_SAMPLE):
        tokens = list(WLangageLexer().get_tokens_unprocessed(code))
        assert "".join(v for _, _, v in tokens) == code
        assert not [v for _, t, v in tokens if t is Error]


@pytest.mark.parametrize("word", [
    "PROCÉDURE", "procedure", "POUR", "TOUT", "NON", "LU", "DE", "SI", "ET", "PAS", "ALORS", "SINON",
    "FIN", "si", "alors", "renvoyer", "SELON", "CAS", "AUTRE", "QUAND", "EXCEPTION", "DANS", "FAIRE",
    "est", "un", "une", "À", "d'",
])
def test_fr_keywords(word):
    found = types_of(FR_SAMPLE, word)
    assert found and all(t in Keyword and t not in Keyword.Type and t not in Keyword.Constant for t in found)


@pytest.mark.parametrize("word", [
    "PROCEDURE", "is", "an", "FOR", "TO", "STEP", "IF", "AND", "NOT", "THEN", "BREAK", "ELSE", "CONTINUE",
    "END", "WHILE", "EACH", "UNREAD", "OF", "RESULT",
])
def test_en_keywords(word):
    found = types_of(EN_SAMPLE, word)
    assert found and all(t in Keyword for t in found)


def test_types_and_constants():
    for word in ("Email", "entier", "chaîne", "chaine", "tableau", "entiers"):
        assert types_of(FR_SAMPLE, word)[0] is Keyword.Type, word
    for word in ("int", "string"):
        assert types_of(EN_SAMPLE, word)[0] is Keyword.Type, word
    assert types_of(FR_SAMPLE, "Vrai") == [Keyword.Constant]
    assert types_of(FR_SAMPLE, "vrai") == [Keyword.Constant]
    assert types_of(FR_SAMPLE, "RC") == [Keyword.Constant]
    assert types_of(EN_SAMPLE, "True") == [Keyword.Constant]


def test_strings():
    # "" is an escaped quote inside one token, and // inside a string is not a comment
    assert types_of(FR_SAMPLE, '"dit ""bonjour"" http://x"') == [String.Double]
    assert not any(t in Comment and "http" in v for t, v in lex(FR_SAMPLE))
    # backslash is a literal character, not an escape
    assert types_of(EN_SAMPLE, '"C:\\Temp\\"') == [String.Double]
    assert types_of(FR_SAMPLE, '""') == [String.Double]
    # bracket multi-line string: its content is not lexed as code
    assert types_of(FR_SAMPLE, "[\nSI x ALORS\n]") == [String.Heredoc]


def test_comments_and_numbers():
    assert types_of(FR_SAMPLE, "// Lecture des messages") == [Comment.Single]
    assert types_of(FR_SAMPLE, "// lowercase") == [Comment.Single]
    assert types_of(FR_SAMPLE, "/* bloc\n   multiligne */") == [Comment.Multiline]
    assert types_of(FR_SAMPLE, "0x_1F") == [Number.Hex]
    assert types_of(FR_SAMPLE, "1.5") == [Number.Float]
    assert types_of(EN_SAMPLE, "42") == [Number.Integer]


def test_operators():
    for op in ("[=", "~=", "<>", "++"):
        assert types_of(FR_SAMPLE, op), op
    assert types_of(EN_SAMPLE, ">=") and types_of(EN_SAMPLE, "--")
    toks = lex("SI x =] y OU x [=] y OU t..Occurrence ALORS r <= s ; Proc(a, ...")
    values = [v for _, v in toks]
    for op in ("=]", "[=]", "..", "<=", "..."):
        assert op in values, op


def test_builtins_fold_accents_and_case():
    assert types_of(FR_SAMPLE, "EmailRecupereTout") == [Name.Builtin]
    assert types_of(FR_SAMPLE, "EmailRécupèreTout") == [Name.Builtin]
    assert set(types_of(FR_SAMPLE, "Trace")) == {Name.Builtin}
    assert types_of(FR_SAMPLE, "Taille") == [Name.Builtin]
    assert types_of("emailouvresession(s)", "emailouvresession") == [Name.Builtin]


def test_names():
    assert set(types_of(FR_SAMPLE, "nb")) == {Name}
    assert types_of(FR_SAMPLE, "LireMessages") == [Name.Function]
    assert types_of(EN_SAMPLE, "ReadAll") == [Name.Function]
    assert types_of(FR_SAMPLE, "Sujet") == [Name.Attribute]
    # identifiers with accented letters
    assert types_of("Prénom est une chaîne ; Quantité = 1", "Prénom") == [Name]
    assert types_of("Prénom est une chaîne ; Quantité = 1", "Quantité") == [Name]


def test_a_as_variable_vs_range_keyword():
    # "a" used as a variable name stays a Name...
    assert set(types_of(FR_SAMPLE, "a")) == {Name}
    assert set(types_of("a = 1\nSI a ALORS Trace(a)\nA = a + 1", "a")) == {Name}
    # ...but is the TO keyword between two operands
    assert types_of("POUR i = 1 A n", "A") == [Keyword]
    assert types_of("x = s[1 a 3]", "a") == [Keyword]
    assert types_of("BOUCLE\nA FAIRE TANTQUE x", "A") == [Keyword]
    assert types_of("POUR i = 1 _A_ 5", "_A_") == [Keyword]


def test_seed_code_blocks_have_no_error_tokens():
    blocks = seed_snippets().values()
    assert len(blocks) >= 4
    for code in blocks:
        tokens = list(WLangageLexer().get_tokens_unprocessed(code))
        assert "".join(v for _, _, v in tokens) == code
        errors = [v for _, t, v in tokens if t is Error]
        assert not errors, (errors, code)
        assert any(t in Keyword for _, t, _ in tokens)


def test_analyse_text():
    assert WLangageLexer.analyse_text("PROCÉDURE Foo()\nx est un entier\nEmailOuvreSession(s)\n") >= 0.8
    assert WLangageLexer.analyse_text("def foo():\n    return 1\n") == 0.0


def test_registered_with_pygments():
    try:
        dist = importlib.metadata.distribution("wlmail")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("wlmail is not installed (run `pip install -e .`): the pygments entry point is not registered")
    if not any(ep.group == "pygments.lexers" for ep in dist.entry_points):
        pytest.skip("installed wlmail metadata predates the pygments entry point; reinstall with `pip install -e .`")
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    assert isinstance(get_lexer_by_name("wlangage"), WLangageLexer)
    assert isinstance(get_lexer_by_name("windev"), WLangageLexer)
    assert isinstance(get_lexer_for_filename("script.wl"), WLangageLexer)
