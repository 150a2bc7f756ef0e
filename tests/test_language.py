"""Conformance: each WLangage construct, in French and in English, with the output it must print."""
import pytest

from wltest import run_source

# (id, French source, English source, expected stdout)
CASES = [
    ("declare-convert",
     '''
     n est un entier = "12"
     s est une chaîne = 5
     r est un réel = "2.5"
     b est un booléen = 1
     Trace(n + 1, s + 1, r * 2, b)
     ''',
     '''
     n is int = "12"
     s is string = 5
     r is real = "2.5"
     b is boolean = 1
     Trace(n + 1, s + 1, r * 2, b)
     ''',
     "13 51 5 1\n"),
    ("declare-forms",
     '''
     a, b sont des entiers
     c est chaine = "x"
     d est une chaîne fixe sur 10
     e est un entier sur 8 octets = 3
     f est un entier sans signe = 4
     a = 1 ; b = 2
     Trace(a + b, c, Taille(d), e + f)
     ''',
     '''
     a, b are int
     c is string = "x"
     d is fixed string on 10
     e is 8-byte int = 3
     f is unsigned int = 4
     a = 1 ; b = 2
     Trace(a + b, c, Length(d), e + f)
     ''',
     "3 x 0 7\n"),
    ("case-and-accents",
     '''
     Nombre EST UN ENTIER = 2
     si nombre = 2 alors trace("deux")
     Si NOMBRE > 1 Alors
        TRACE("plus")
     fin
     PROCÉDURE INTERNE f()
        Trace("é")
     FIN
     procedure interne g()
        trace("e")
     fin
     f() ; g()
     ''',
     '''
     Number IS INT = 2
     if number = 2 then trace("two")
     If NUMBER > 1 Then
        TRACE("more")
     end
     INTERNAL PROCEDURE f()
        Trace("é")
     END
     internal procedure g()
        trace("e")
     end
     f() ; g()
     ''',
     None),  # expected differs by language: checked below
    ("strings",
     '''
     s est une chaîne = "San Francisco"
     Trace(s[[5]], s[[5 À 10]], s[[5 À]], s[[À 3]], s[[10 SUR 4]])
     Trace("Il dit ""bonjour""", Taille("été"), "C:\\temp\\")
     Trace(Gauche(s, 3) + "-" + Droite(s, 3) + "-" + Milieu(s, 5, 3))
     Trace(Majuscule("abc"), Minuscule("ÉTÉ"), Position(s, "Fran"))
     ''',
     '''
     s is string = "San Francisco"
     Trace(s[[5]], s[[5 TO 10]], s[[5 TO]], s[[TO 3]], s[[10 ON 4]])
     Trace("He said ""hello""", Length("été"), "C:\\temp\\")
     Trace(Left(s, 3) + "-" + Right(s, 3) + "-" + Middle(s, 5, 3))
     Trace(Upper("abc"), Lower("ÉTÉ"), Position(s, "Fran"))
     ''',
     None),
    ("multiline-string",
     '''
     t est une chaîne = [
     Bonjour
     le monde
     ]
     Trace(Taille(t), Remplace(t, RC, "|"))
     ''',
     '''
     t is string = [
     Bonjour
     le monde
     ]
     Trace(Length(t), Replace(t, CR, "|"))
     ''',
     "17 Bonjour|le monde\n"),
    ("numbers",
     '''
     Trace(7 / 2, 7 % 3, 2 ^ 10, 0x1F, -3 + 1, 10 modulo 4, 1.5 * 2)
     Trace(Abs(-4), Arrondi(2.567, 2), PartieEntière(7.9), Val("42abc") + 1)
     ''',
     '''
     Trace(7 / 2, 7 % 3, 2 ^ 10, 0x1F, -3 + 1, 10 modulo 4, 1.5 * 2)
     Trace(Abs(-4), Round(2.567, 2), IntegerPart(7.9), Val("42abc") + 1)
     ''',
     "3.5 1 1024 31 -2 2 3\n4 2.57 7 43\n"),
    ("booleans-logic",
     '''
     a est un booléen = Vrai
     b est un booléen = Faux
     SI a ET PAS b ALORS Trace("ok1")
     SI a OU b ALORS Trace("ok2")
     SI PAS (a ET b) ALORS Trace("ok3")
     SI a _ET_ (1 = 1) ALORS Trace("ok4")
     SI 3 DANS (1, 2, 3) ALORS Trace("ok5")
     SI 4 PAS DANS (1, 2, 3) ALORS Trace("ok6")
     x est un entier = 5
     SI 1 < x < 10 ALORS Trace("ok7")
     Trace(x = 5 ? "cinq" SINON "autre")
     ''',
     '''
     a is boolean = True
     b is boolean = False
     IF a AND NOT b THEN Trace("ok1")
     IF a OR b THEN Trace("ok2")
     IF NOT (a AND b) THEN Trace("ok3")
     IF a _AND_ (1 = 1) THEN Trace("ok4")
     IF 3 IN (1, 2, 3) THEN Trace("ok5")
     IF 4 NOT IN (1, 2, 3) THEN Trace("ok6")
     x is int = 5
     IF 1 < x < 10 THEN Trace("ok7")
     Trace(x = 5 ? "cinq" ELSE "autre")
     ''',
     "ok1\nok2\nok3\nok4\nok5\nok6\nok7\ncinq\n"),
    ("flexible-comparisons",
     '''
     s est une chaîne = "  Bonjour Monde "
     SI s ~= "bonjour monde" ALORS Trace("souple")
     SI "Bonjour" [= "Bon" ALORS Trace("commence")
     SI "Bonjour" =] "jour" ALORS Trace("finit")
     SI "Bonjour" [=] "njo" ALORS Trace("contient")
     SI "Bonjour" [~ "  bon" ALORS Trace("commence souple")
     ''',
     '''
     s is string = "  Bonjour Monde "
     IF s ~= "bonjour monde" THEN Trace("souple")
     IF "Bonjour" [= "Bon" THEN Trace("commence")
     IF "Bonjour" =] "jour" THEN Trace("finit")
     IF "Bonjour" [=] "njo" THEN Trace("contient")
     IF "Bonjour" [~ "  bon" THEN Trace("commence souple")
     ''',
     "souple\ncommence\nfinit\ncontient\ncommence souple\n"),
    ("if-elseif",
     '''
     POUR i = 1 À 4
        SI i = 1 ALORS
           Trace("un")
        SINON SI i = 2 ALORS
           Trace("deux")
        SINON SI i = 3
           Trace("trois")
        SINON
           Trace("autre")
        FIN
     FIN
     SI i > 100 ALORS Trace("non") SINON Trace("sinon")
     ''',
     '''
     FOR i = 1 TO 4
        IF i = 1 THEN
           Trace("un")
        ELSE IF i = 2 THEN
           Trace("deux")
        ELSE IF i = 3
           Trace("trois")
        ELSE
           Trace("autre")
        END
     END
     IF i > 100 THEN Trace("non") ELSE Trace("sinon")
     ''',
     "un\ndeux\ntrois\nautre\nsinon\n"),
    ("switch",
     '''
     POUR x = 0 À 9
        SELON x
           CAS 1, 2 : Trace(x, "un ou deux")
           CAS 3 À 4
              Trace(x, "trois à quatre")
           CAS 5 <= * <= 6 : Trace(x, "intervalle")
           CAS > 8 : Trace(x, "grand")
           AUTRE CAS
              Trace(x, "autre")
        FIN
     FIN
     SELON "b"
        CAS "a": Trace("a")
        CAS "b": Trace("b")
        AUTRES CAS: Trace("?")
     FIN
     ''',
     '''
     FOR x = 0 TO 9
        SWITCH x
           CASE 1, 2 : Trace(x, "un ou deux")
           CASE 3 TO 4
              Trace(x, "trois à quatre")
           CASE 5 <= * <= 6 : Trace(x, "intervalle")
           CASE > 8 : Trace(x, "grand")
           OTHER CASE
              Trace(x, "autre")
        END
     END
     SWITCH "b"
        CASE "a": Trace("a")
        CASE "b": Trace("b")
        OTHER CASES: Trace("?")
     END
     ''',
     "0 autre\n1 un ou deux\n2 un ou deux\n3 trois à quatre\n4 trois à quatre\n5 intervalle\n"
     "6 intervalle\n7 autre\n8 autre\n9 grand\nb\n"),
    ("for-loops",
     '''
     s est une chaîne
     POUR i = 1 A 3
        s += i
     FIN
     POUR j = 10 À 1 PAS -3
        s += "," + j
     FIN
     POUR k = 1 _A_ 2
        s += ";" + k
     FIN
     n est un entier = 3
     POUR m = 1 À n
        SI m = 2 ALORS CONTINUER
        s += "/" + m
     FIN
     Trace(s)
     ''',
     '''
     s is string
     FOR i = 1 TO 3
        s += i
     END
     FOR j = 10 TO 1 STEP -3
        s += "," + j
     END
     FOR k = 1 _TO_ 2
        s += ";" + k
     END
     n is int = 3
     FOR m = 1 TO n
        IF m = 2 THEN CONTINUE
        s += "/" + m
     END
     Trace(s)
     ''',
     "123,10,7,4,1;1;2/1/3\n"),
    ("for-bound-reevaluated",
     '''
     t est un tableau d'entiers = [1, 2, 3, 4]
     POUR i = 1 À t.Occurrence
        SI t[i] = 2 ALORS TableauSupprime(t, i)
        Trace(i, t.Occurrence)
     FIN
     ''',
     '''
     t is array of int = [1, 2, 3, 4]
     FOR i = 1 TO t.Count
        IF t[i] = 2 THEN ArrayDelete(t, i)
        Trace(i, t.Count)
     END
     ''',
     "1 4\n2 3\n3 3\n"),
    ("while-loop-break",
     '''
     i est un entier
     TANTQUE i < 10
        i++
        SI i = 3 ALORS SORTIR
     FIN
     Trace(i)
     BOUCLE
        i += 2
        SI i > 8 ALORS SORTIR
     FIN
     Trace(i)
     BOUCLE (3)
        i--
     FIN
     Trace(i)
     BOUCLE
        i = i - 1
     A FAIRE TANTQUE i > 0
     Trace(i)
     ''',
     '''
     i is int
     WHILE i < 10
        i++
        IF i = 3 THEN BREAK
     END
     Trace(i)
     LOOP
        i += 2
        IF i > 8 THEN BREAK
     END
     Trace(i)
     LOOP (3)
        i--
     END
     Trace(i)
     LOOP
        i = i - 1
     DO WHILE i > 0
     Trace(i)
     ''',
     "3\n9\n6\n0\n"),
    ("arrays",
     '''
     t est un tableau de chaînes
     t.Ajoute("b")
     TableauAjoute(t, "a")
     Ajoute(t, "c")
     Trace(t.Occurrence, t..Occurrence, t[1], t[3])
     TableauTrie(t)
     Trace(t[1], t[2], t[3], TableauCherche(t, tcLinéaire, "c"))
     f est un tableau de 3 entiers
     f[2] = "7"
     Trace(f[1] + f[2], f.Occurrence)
     POUR TOUT e DE t
        Trace(e)
     FIN
     POUR TOUT ÉLÉMENT e, i DE t
        Trace(i + ":" + e)
     FIN
     TableauSupprimeTout(t)
     Trace(t.Occurrence)
     ''',
     '''
     t is array of strings
     t.Add("b")
     ArrayAdd(t, "a")
     Add(t, "c")
     Trace(t.Count, t..Count, t[1], t[3])
     ArraySort(t)
     Trace(t[1], t[2], t[3], ArraySeek(t, asLinear, "c"))
     f is array of 3 int
     f[2] = "7"
     Trace(f[1] + f[2], f.Count)
     FOR EACH e OF t
        Trace(e)
     END
     FOR EACH ELEMENT e, i OF t
        Trace(i + ":" + e)
     END
     ArrayDeleteAll(t)
     Trace(t.Count)
     ''',
     "3 3 b c\na b c 3\n7 3\na\nb\nc\n1:a\n2:b\n3:c\n0\n"),
    ("two-dimensional-array",
     '''
     m est un tableau de 2 par 3 entiers
     m[2, 3] = "7"
     m[1, 1] = 1
     Trace(m[2, 3] + m[1, 1], m.Occurrence, m[1].Occurrence)
     ''',
     '''
     m is array of 2 by 3 int
     m[2, 3] = "7"
     m[1, 1] = 1
     Trace(m[2, 3] + m[1, 1], m.Count, m[1].Count)
     ''',
     "8 2 3\n"),
    ("error-sections",
     '''
     Trace(Lire("absent"))
     Trace(Divise(1, 0))

     PROCEDURE Lire(nom)
     ExceptionDéclenche(5, "pas de " + nom)
     RENVOYER "lu"
     CAS EXCEPTION:
        RENVOYER "exception : " + ExceptionInfo()

     PROCEDURE Divise(a, b)
     RENVOYER a / b
     CAS EXCEPTION:
        RENVOYER -1
     ''',
     '''
     Trace(Lire("absent"))
     Trace(Divise(1, 0))

     PROCEDURE Lire(nom)
     ExceptionThrow(5, "pas de " + nom)
     RESULT "lu"
     CASE EXCEPTION:
        RESULT "exception : " + ExceptionInfo()

     PROCEDURE Divise(a, b)
     RESULT a / b
     CASE EXCEPTION:
        RESULT -1
     ''',
     "exception : pas de absent\n-1\n"),
    ("assoc-array",
     '''
     a est un tableau associatif d'entiers
     a["x"] = 1
     a["y"] = "2"
     Trace(a["x"] + a["y"], a.Occurrence)
     POUR TOUT v, k DE a
        Trace(k, v)
     FIN
     ''',
     '''
     a is associative array of int
     a["x"] = 1
     a["y"] = "2"
     Trace(a["x"] + a["y"], a.Count)
     FOR EACH v, k OF a
        Trace(k, v)
     END
     ''',
     "3 2\nx 1\ny 2\n"),
    ("structures",
     '''
     Point est une Structure
        x est un entier
        y est un entier = 5
        nom est une chaîne
     FIN
     p est un Point
     p.x = "3"
     q est un Point = p
     q.x = 10
     Trace(p.x, p.y, q.x, p.Nom = "")
     STRUCTURE Paire
        a est un entier
     FIN
     c est une Paire
     c.a = 2
     Trace(c.A)
     ''',
     '''
     Point is Structure
        x is int
        y is int = 5
        nom is string
     END
     p is Point
     p.x = "3"
     q is Point = p
     q.x = 10
     Trace(p.x, p.y, q.x, p.Nom = "")
     STRUCTURE Paire
        a is int
     END
     c is Paire
     c.a = 2
     Trace(c.A)
     ''',
     "3 5 10 1\n2\n"),
    ("constants",
     '''
     CONSTANTE
        TauxTVA = 20
        Nom = "wlmail"
     FIN
     Trace(100 * TauxTVA / 100, Nom)
     ''',
     '''
     CONSTANT
        TauxTVA = 20
        Nom = "wlmail"
     END
     Trace(100 * TauxTVA / 100, Nom)
     ''',
     "20 wlmail\n"),
    ("procedures-byref",
     '''
     n est un entier = 1
     Incremente(n)
     Incremente(n)
     Trace(n)
     Copie(n)
     Trace(n)
     Trace(Somme(2, 3), Somme(2), Somme(2, *, 10))
     q, r sont des entiers
     (q, r) = Division(17, 5)
     Trace(q, r)
     Trace(Fact(10))
     Trace(Double(n) + Incremente(n), n)

     PROCEDURE Incremente(x)
     x++
     RENVOYER x

     PROCEDURE Copie(LOCAL x)
     x = 100

     PROCÉDURE Somme(a est un entier, b est un entier = 1, c = 0)
     RENVOYER a + b + c

     PROCEDURE Division(a, b)
     RENVOYER (PartieEntière(a / b), a % b)

     FONCTION Fact(n) : entier
     SI n <= 1 ALORS RENVOYER 1
     RENVOYER n * Fact(n - 1)

     PROCEDURE Double(v)
     RENVOYER v * 2
     ''',
     '''
     n is int = 1
     Incremente(n)
     Incremente(n)
     Trace(n)
     Copie(n)
     Trace(n)
     Trace(Somme(2, 3), Somme(2), Somme(2, *, 10))
     q, r are int
     (q, r) = Division(17, 5)
     Trace(q, r)
     Trace(Fact(10))
     Trace(Double(n) + Incremente(n), n)

     PROCEDURE Incremente(x)
     x++
     RESULT x

     PROCEDURE Copie(LOCAL x)
     x = 100

     PROCEDURE Somme(a is int, b is int = 1, c = 0)
     RESULT a + b + c

     PROCEDURE Division(a, b)
     RESULT (IntegerPart(a / b), a % b)

     FUNCTION Fact(n) : int
     IF n <= 1 THEN RESULT 1
     RESULT n * Fact(n - 1)

     PROCEDURE Double(v)
     RESULT v * 2
     ''',
     None),
    ("internal-procedure-closure",
     '''
     total est un entier
     PROCÉDURE INTERNE Ajouter(v)
        total += v
     FIN
     Ajouter(2)
     Ajouter(5)
     Trace(total)
     ''',
     '''
     total is int
     INTERNAL PROCEDURE Ajouter(v)
        total += v
     END
     Ajouter(2)
     Ajouter(5)
     Trace(total)
     ''',
     "7\n"),
    ("exceptions",
     '''
     t est un tableau d'entiers
     QUAND EXCEPTION DANS
        Trace(t[3])
        Trace("jamais")
     FAIRE
        Trace("attrapé: " + ExceptionInfo())
     FIN
     QUAND EXCEPTION DANS
        ExceptionDéclenche(12, "ma faute")
     FAIRE
        Trace(ExceptionInfo(errCode), ExceptionInfo())
     FIN
     ''',
     '''
     t is array of int
     WHEN EXCEPTION IN
        Trace(t[3])
        Trace("jamais")
     DO
        Trace("attrapé: " + ExceptionInfo())
     END
     WHEN EXCEPTION IN
        ExceptionThrow(12, "ma faute")
     DO
        Trace(ExceptionInfo(errCode), ExceptionInfo())
     END
     ''',
     "attrapé: Array index 3 is out of range (the array has 0 element(s))\n12 ma faute\n"),
    ("global-and-local-blocks",
     '''
     LOCAL
        a est un entier = 1
        b est une chaîne = "x"
     GLOBAL
        g est un entier = 10
     Montre()
     Trace(a, b)

     PROCEDURE Montre()
     Trace(g)
     ''',
     '''
     LOCAL
        a is int = 1
        b is string = "x"
     GLOBAL
        g is int = 10
     Montre()
     Trace(a, b)

     PROCEDURE Montre()
     Trace(g)
     ''',
     "10\n1 x\n"),
    ("continuation-and-comments",
     '''
     /* un commentaire
        sur deux lignes */
     s est une chaîne = "a" + ...   // suite
        "b" + ...
        "c"
     Trace(s, "http://exemple.fr") // fin de ligne
     Trace(ChaîneConstruit("%1-%2", ...
        1, 2))
     ''',
     '''
     /* a comment
        on two lines */
     s is string = "a" + ...   // next
        "b" + ...
        "c"
     Trace(s, "http://exemple.fr") // end of line
     Trace(StringBuild("%1-%2", ...
        1, 2))
     ''',
     "abc http://exemple.fr\n1-2\n"),
    ("prefixed-syntax",
     '''
     s est une chaîne = "a=b=c"
     Trace(s.ExtraitChaîne(2, "="), s.Taille(), ExtraitChaîne(s, 3, "="))
     ''',
     '''
     s is string = "a=b=c"
     Trace(s.ExtractString(2, "="), s.Length(), ExtractString(s, 3, "="))
     ''',
     "b 5 c\n"),
    ("return-from-main",
     '''
     Trace("avant")
     SI Vrai ALORS RETOUR
     Trace("après")
     ''',
     '''
     Trace("avant")
     IF True THEN RETURN
     Trace("après")
     ''',
     "avant\n"),
]

EXPECTED_BY_LANG = {
    ("case-and-accents", "fr"): "deux\nplus\né\ne\n",
    ("case-and-accents", "en"): "two\nmore\né\ne\n",
    ("strings", "fr"): 'F Franci Francisco San isco\nIl dit "bonjour" 3 C:\\temp\\\nSan-sco-Fra\nABC été 5\n',
    ("strings", "en"): 'F Franci Francisco San isco\nHe said "hello" 3 C:\\temp\\\nSan-sco-Fra\nABC été 5\n',
    ("procedures-byref", "fr"): "3\n3\n5 3 13\n3 2\n3628800\n10 4\n",
    ("procedures-byref", "en"): "3\n3\n5 3 13\n3 2\n3628800\n10 4\n",
}

PARAMS = [pytest.param(case_id, lang, source, id=f"{case_id}-{lang}")
          for case_id, fr, en, _ in CASES for lang, source in (("fr", fr), ("en", en))]
EXPECTED = {case_id: expected for case_id, _, _, expected in CASES}


@pytest.mark.parametrize("case_id,lang,source", PARAMS)
def test_construct(case_id, lang, source, tmp_path):
    result = run_source(source, tmp_path)
    expected = EXPECTED[case_id] or EXPECTED_BY_LANG[(case_id, lang)]
    assert result.stderr == ""
    assert result.stdout == expected
    assert result.code == 0
