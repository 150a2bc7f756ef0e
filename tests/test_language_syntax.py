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
    ("for-each-string-array",   # examples of the help pages 1510018 and 1510016
     """
     POUR TOUTE CHAÎNE sc1, nPosition, nCompteur DE "A.B.C" SÉPARÉE PAR "."
        Trace(sc1 + " - " + nPosition + " - " + nCompteur)
     FIN
     s est une chaîne = "je suis" + RC + "là"
     POUR TOUTE CHAÎNE s2 DE s SÉPARÉE PAR [" ", RC]
        Trace(s2)
     FIN
     POUR CHAQUE CHAÎNE x DE "a;b;" SEPAREE PAR ";" DepuisFin
        Trace("[" + x + "]")
     FIN
     POUR TOUTE CHAÎNE x DE "a" + TAB + "b"
        Trace(x)
     FIN
     POUR TOUTE POSITION p DE ";" DANS "ab;cd;e"
        Trace(p)
     FIN
     POUR TOUTE POSITION p DE "A" DANS "a-A" AVEC SansCasse + DepuisFin
        Trace(p)
     FIN
     stClient est une Structure
        Nom est une chaîne
        Ville est une chaîne
     FIN
     tabClients est un tableau de stClient
     c1, c2, c3 sont des stClient
     c1.Nom = "A" ; c1.Ville = "MONTPELLIER" ; c2.Nom = "B" ; c2.Ville = "Lyon"
     c3.Nom = "C" ; c3.Ville = "MONTPELLIER"
     tabClients = [c1, c2, c3]
     POUR TOUT stUnClient, i, n DE tabClients AVEC Ville = "MONTPELLIER" DepuisFin
        Trace(stUnClient.Nom, i, n)
     FIN
     POUR TOUS ÉLÉMENT v, k DE [10, 20]
        Trace(v, k)
     FIN
     """,
     """
     FOR EACH STRING sc1, nPosition, nCounter OF "A.B.C" SEPARATED BY "."
        Trace(sc1 + " - " + nPosition + " - " + nCounter)
     END
     s is string = "je suis" + CR + "là"
     FOR EACH STRING s2 OF s SEPARATED BY [" ", CR]
        Trace(s2)
     END
     FOR ALL STRING x OF "a;b;" SEPARATED BY ";" FromEnd
        Trace("[" + x + "]")
     END
     FOR EACH STRING x OF "a" + TAB + "b"
        Trace(x)
     END
     FOR EACH POSITION p OF ";" IN "ab;cd;e"
        Trace(p)
     END
     FOR EACH POSITION p OF "A" IN "a-A" WITH IgnoreCase + FromEnd
        Trace(p)
     END
     stClient is Structure
        Name is string
        City is string
     END
     tabClients is array of stClient
     c1, c2, c3 are stClient
     c1.Name = "A" ; c1.City = "MONTPELLIER" ; c2.Name = "B" ; c2.City = "Lyon"
     c3.Name = "C" ; c3.City = "MONTPELLIER"
     tabClients = [c1, c2, c3]
     FOR EACH stOneClient, i, n OF tabClients WITH City = "MONTPELLIER" FromEnd
        Trace(stOneClient.Name, i, n)
     END
     FOR ALL ELEMENT v, k OF [10, 20]
        Trace(v, k)
     END
     """,
     "A - 1 - 1\nB - 3 - 2\nC - 5 - 3\nje\nsuis\nlà\n[]\n[b]\n[a]\na\nb\n3\n6\n3\n1\nC 3 1\nA 1 2\n10 1\n20 2\n"),
    ("procedure-headers",
     """
     Trace(f("a"), g(2), h(), k())
     PROCÉDURE GLOBALE PUBLIC f(LOCAL p est une chaîne)
     RENVOYER p + "!"
     PROCEDURE PRIVÉE GLOBALE g(LOCAL n est un entier = 5, m est un entier = 1) : entier
     RENVOYER n + m
     FONCTION PUBLIQUE h()
     RENVOYER "h"
     PROCÉDURE PROTÉGÉE GLOBALE k()
     RENVOYER "k"
     """,
     """
     Trace(f("a"), g(2), h(), k())
     PROCEDURE GLOBAL PUBLIC f(LOCAL p is string)
     RESULT p + "!"
     PROCEDURE PRIVATE GLOBAL g(LOCAL n is int = 5, m is int = 1) : int
     RESULT n + m
     FUNCTION PUBLIC h()
     RESULT "h"
     PROCEDURE PROTECTED GLOBAL k()
     RESULT "k"
     """,
     "a! 3 h k\n"),
    ("unicode-spaces",   # U+00A0 and U+202F where a space is allowed; kept inside strings
     "x\u00a0est\u00a0un entier\u202f=\u00a02\nSI\u00a0x = 2 ALORS\u2009Trace(\"a\u00a0b\")\n",
     "x\u00a0is\u00a0int\u202f=\u00a02\nIF\u00a0x = 2 THEN\u2009Trace(\"a\u00a0b\")\n",
     "a\u00a0b\n"),
    ("classes-and-enumerations",
     """
     CPersonne est une Classe
        Nom est une chaîne
        PROTÉGÉ
           Age est un entier = 7
        GLOBAL
           NbPersonnes est un entier
        CONSTANTE MAJORITÉ = 18
     FIN
     CEmploye est une Classe
        hérite de CPersonne
        Salaire est un réel
     FIN
     TypeAutomate est une Enumération
        Marche
        Arrêté = "stop"
        EnPanne
        Panne = EnPanne
     FIN
     Droits est une Combinaison
        Lecture
        Ecriture
     FIN
     p est un CPersonne("Léa", 30)
     q est un objet CPersonne("Zoé")
     d est un CEmploye dynamique
     SI d = Null ALORS Trace("pas encore")
     d = allouer un CEmploye("Max", 40, 2500)
     p.Présente()
     q:Présente()
     d.Présente()
     Trace(CPersonne::NbPersonnes, CPersonne.NbPersonnes, d:Nom, d..Nom, d.Salaire, CPersonne::MAJORITÉ)
     CPersonne::Compte()
     libérer d
     Trace(d = Null)
     e est un TypeAutomate
     Trace(e, e..Nom)
     e = Arrêté
     Trace(e..Valeur, e > Marche, TypeAutomate.Panne = EnPanne, e = TypeAutomate.Marche)
     r est un Droits = Lecture + Ecriture
     Trace(r)

     PROCÉDURE CPersonne.Constructeur(LOCAL sNom est une chaîne, nAge est un entier = 0)
     :Nom = sNom
     SI nAge > 0 ALORS Age = nAge
     NbPersonnes++
     PROCÉDURE CPersonne::Présente()
     Trace(MoiMême.Nom + " " + :Age + " " + Majeur())
     PROCÉDURE CPersonne.Majeur() : booléen
     RENVOYER Age >= MAJORITÉ
     PROCÉDURE GLOBALE CPersonne.Compte()
     Trace(::NbPersonnes + " personnes")
     PROCÉDURE CEmploye.Constructeur(sNom, nAge, rSalaire)
     Constructeur CPersonne(sNom, nAge)
     Salaire = rSalaire
     PROCÉDURE CEmploye.Présente()
     CPersonne::Présente()
     Trace("salaire " + Salaire)
     PROCÉDURE CEmploye.Destructeur()
     Trace("au revoir " + Nom)
     """,
     """
     CPerson is a Class
        Name is string
        PROTECTED
           Age is int = 7
        GLOBAL
           NbPersons is int
        CONSTANT MAJORITY = 18
     END
     CEmployee is a Class
        inherits from CPerson
        Salary is real
     END
     MachineState is an Enumeration
        Running
        Stopped = "stop"
        Broken
        Failure = Broken
     END
     Rights is a Combination
        Reading
        Writing
     END
     p is a CPerson("Léa", 30)
     q is an object CPerson("Zoé")
     d is a CEmployee dynamic
     IF d = Null THEN Trace("pas encore")
     d = new CEmployee("Max", 40, 2500)
     p.Introduce()
     q:Introduce()
     d.Introduce()
     Trace(CPerson::NbPersons, CPerson.NbPersons, d:Name, d..Name, d.Salary, CPerson::MAJORITY)
     CPerson::Count()
     delete d
     Trace(d = Null)
     e is MachineState
     Trace(e, e..Name)
     e = Stopped
     Trace(e..Value, e > Running, MachineState.Failure = Broken, e = MachineState.Running)
     r is Rights = Reading + Writing
     Trace(r)

     PROCEDURE CPerson.Constructor(LOCAL sName is string, nAge is int = 0)
     :Name = sName
     IF nAge > 0 THEN Age = nAge
     NbPersons++
     PROCEDURE CPerson::Introduce()
     Trace(MySelf.Name + " " + :Age + " " + Adult())
     PROCEDURE CPerson.Adult() : boolean
     RESULT Age >= MAJORITY
     PROCEDURE GLOBAL CPerson.Count()
     Trace(::NbPersons + " personnes")
     PROCEDURE CEmployee.Constructor(sName, nAge, rSalary)
     Constructor CPerson(sName, nAge)
     Salary = rSalary
     PROCEDURE CEmployee.Introduce()
     CPerson::Introduce()
     Trace("salaire " + Salary)
     PROCEDURE CEmployee.Destructor()
     Trace("au revoir " + Name)
     """,
     "pas encore\nLéa 30 1\nZoé 7 0\nMax 40 1\nsalaire 2500\n3 3 Max Max 2500 18\n3 personnes\nau revoir Max\n1\n"
     "Marche Marche\nstop 1 1 0\nEcriture + Lecture\n"),
    ("indirection",   # examples of the help page "Opérateurs d'indirection"
     """
     NomCli est une chaîne = "Durand"
     Nom est une chaîne
     {"NOM"} = NomCli
     Trace(Nom, {"nomcli"})
     v est une chaîne = "Nom"
     {v} += "!"
     Trace({v, indVariable}, Taille({v}))
     Maclasse est une Classe
        Membre1 est une chaîne = "un"
        GLOBAL
        Membre2 est une chaîne = "deux"
     FIN
     o est un Maclasse
     Trace({o, "membre1"})
     o.Affiche(2)

     PROCÉDURE GLOBALE Maclasse.AfficheMembre(Numéro)
     Trace({"::Membre" + Numéro})
     PROCÉDURE Maclasse.Affiche(n)
     Trace({":Membre1"})
     {":Membre1"} = "1"
     Trace(Membre1)
     AfficheMembre(n)
     """,
     """
     NomCli is string = "Durand"
     Nom is string
     {"NOM"} = NomCli
     Trace(Nom, {"nomcli"})
     v is string = "Nom"
     {v} += "!"
     Trace({v, indVariable}, Length({v}))
     Maclasse is a Class
        Membre1 is string = "un"
        GLOBAL
        Membre2 is string = "deux"
     END
     o is a Maclasse
     Trace({o, "membre1"})
     o.Affiche(2)

     PROCEDURE GLOBAL Maclasse.AfficheMembre(Numéro)
     Trace({"::Membre" + Numéro})
     PROCEDURE Maclasse.Affiche(n)
     Trace({":Membre1"})
     {":Membre1"} = "1"
     Trace(Membre1)
     AfficheMembre(n)
     """,
     "Durand Durand\nDurand! 7\nun\nun\n1\ndeux\n"),
    ("more-statements",   # <=>, declaration options and attributes, allouer, AVEC, <=, lambdas, RETOUR =
     """
     a, b sont des entiers
     a = 1 ; b = 2
     a <=> b
     Trace(a, b)
     t est un tableau <agrandissement=1> d'entiers
     t2 est un tableau [2,3] entiers
     n1 est un entier, utile = "x"
     m est un entier, immuable = 5
     k est un entier = 5, immuable
     Trace(m, k, t2.Occurrence)
     t3 est un tableau dynamique
     t3 = allouer un tableau de 4 entiers
     Trace(t3.Occurrence)
     st est une Structure
       x est un entier
     FIN
     s est un st
     AVEC s
       .x = 4
     FIN
     Trace(s.x)
     s2 est un st
     s2 <= s
     s2.x = 9
     Trace(s.x, s2.x)
     tabValeur est un tableau d'entiers = [1,2,3,4,5]
     Trace(CompteValeurs(tabValeur, x=>{RENVOYER modulo(x,2)=1}), CompteValeurs(tabValeur, x => x > 3))
     f est une procédure = (a, b) => a + b
     Trace(f(2, 3), Cherche("b"), Cherche("z"))
     stLivre est une Structure
       Titre est une chaîne
     FIN
     livre est un stLivre
     AVEC livre
       ..Titre = "t"
       Trace(..Titre + .Titre)
     FIN
     QUAND EXCEPTION
       Trace("erreur")
     FIN
     Trace(1 / 0)
     Trace("pas ici")
     PROCÉDURE CompteValeurs(tabValeur est un tableau d'entiers,
        Condition est une procédure(x entier):booléen)
     soit n = 0
     POUR TOUT x DE tabValeur
        SI Condition(x) ALORS
           n++
        FIN
     FIN
     RENVOYER n
     PROCÉDURE Cherche(v) : chaîne
     RETOUR = "absent"
     SI v = "b" ALORS
       RETOUR = "trouvé"
       RETOUR
     FIN
     Trace("fin de Cherche")
     """,
     """
     a, b are int
     a = 1 ; b = 2
     a <=> b
     Trace(a, b)
     t is array <agrandissement=1> of int
     t2 is array [2,3] int
     n1 is int, useful = "x"
     m is int, immutable = 5
     k is int = 5, immutable
     Trace(m, k, t2.Occurrence)
     t3 is dynamic array
     t3 = new array of 4 int
     Trace(t3.Occurrence)
     st is Structure
       x is int
     END
     s is st
     WITH s
       .x = 4
     END
     Trace(s.x)
     s2 is st
     s2 <= s
     s2.x = 9
     Trace(s.x, s2.x)
     tabValeur is array of int = [1,2,3,4,5]
     Trace(CompteValeurs(tabValeur, x=>{RESULT modulo(x,2)=1}), CompteValeurs(tabValeur, x => x > 3))
     f is procedure = (a, b) => a + b
     Trace(f(2, 3), Cherche("b"), Cherche("z"))
     stBook is Structure
       Titre is string
     END
     book is stBook
     WITH book
       ..Titre = "t"
       Trace(..Titre + .Titre)
     END
     WHEN EXCEPTION
       Trace("erreur")
     END
     Trace(1 / 0)
     Trace("pas ici")
     PROCEDURE CompteValeurs(tabValeur is array of int,
        Condition is procedure(x int):boolean)
     let n = 0
     FOR EACH x OF tabValeur
        IF Condition(x) THEN
           n++
        END
     END
     RESULT n
     PROCEDURE Cherche(v) : string
     RETURN = "absent"
     IF v = "b" THEN
       RETURN = "trouvé"
       RETURN
     END
     Trace("fin de Cherche")
     """,
     "2 1\n5 5 2\n4\n4\n4 9\n3 2\nfin de Cherche\n5 trouvé absent\ntt\nerreur\n"),
    ("let-tuple",
     """
     soit (x, y) = (1, "A")
     soit z <- 3
     Trace(x + 1, y + "b", z)
     """,
     """
     let (x, y) = (1, "A")
     let z <- 3
     Trace(x + 1, y + "b", z)
     """,
     "2 Ab 3\n"),
    ("is-class-and-using",
     """
     CBase est une Classe
     FIN
     CDérivée est une Classe
        hérite de CBase
     FIN
     o est un CBase dynamique
     o = allouer un CDérivée()
     b est un CBase
     Trace(o est CDérivée, b est CDérivée, b est CBase)
     s est un entier
     UTILISER s DANS
        Trace("protégé")
     FIN
     Trace(Double(2))
     PROCÉDURE Double(x) <extension> : entier
     RENVOYER x * 2
     """,
     """
     CBase is a Class
     END
     CDerived is a Class
        inherits from CBase
     END
     o is a CBase dynamic
     o = new CDerived()
     b is a CBase
     Trace(o is CDerived, b is CDerived, b is CBase)
     s is int
     USING s IN
        Trace("protégé")
     END
     Trace(Double(2))
     PROCEDURE Double(x) <extension> : int
     RESULT x * 2
     """,
     "1 0 1\nprotégé\n4\n"),
    ("end-label",   # PC SOFT help, 'Etiquette "FIN :"'
     """
     Trace(Lit(1), Lit(2))
     PROCÉDURE Lit(n)
     SI n = 1 ALORS RENVOYER "un"
     Trace("suite")
     RENVOYER "autre"
     FIN:
     Trace("fermeture " + n)
     """,
     """
     Trace(Lit(1), Lit(2))
     PROCEDURE Lit(n)
     IF n = 1 THEN RESULT "un"
     Trace("suite")
     RESULT "autre"
     END:
     Trace("fermeture " + n)
     """,
     "fermeture 1\nsuite\nfermeture 2\nun autre\n"),
    ("casts-switch-expression-multiple-assignment",
     # help pages "Opérateur de conversion explicite", "Instruction SELON", "Opérateurs d'affectation"
     """
     ref_produit est une chaîne = (chaîne) 378 + (chaîne) 578
     Trace(ref_produit, (entier)"12" + 1, (réel) 7 / 2)
     Valeur est un entier = 3
     Trace(SELON (Valeur, "Zoé", "Emma", "Camille", "Frédéric", SINON "Pas trouvé"))
     Trace(SELON (Valeur + 3, "Zoé", SINON "Pas trouvé"), SELON(1, "un", "deux"))
     x, y, z sont des entiers
     y = 99
     (x, , z) = (14, 87)
     Trace(x, y, z)
     (x, y, z) = (25, 38)
     Trace(x, y, z)
     SI (x) = 25 ALORS Trace((x) + 1)
     t est un tableau dynamique
     t = allouer un tableau dynamique de 4,7 entiers
     t[4, 7] = 5
     (x, , z) = Triple()
     Trace(t..Occurrence, t[4, 7], x, z)
     PROCÉDURE Triple() : (chaîne,,chaîne)
     RENVOYER (1, 2)
     """,
     """
     product_ref is string = (string) 378 + (string) 578
     Trace(product_ref, (int)"12" + 1, (real) 7 / 2)
     Value is int = 3
     Trace(SWITCH (Value, "Zoé", "Emma", "Camille", "Frédéric", ELSE "Pas trouvé"))
     Trace(SWITCH (Value + 3, "Zoé", ELSE "Pas trouvé"), SWITCH(1, "un", "deux"))
     x, y, z are int
     y = 99
     (x, , z) = (14, 87)
     Trace(x, y, z)
     (x, y, z) = (25, 38)
     Trace(x, y, z)
     IF (x) = 25 THEN Trace((x) + 1)
     t is dynamic array
     t = new dynamic array of 4,7 int
     t[4, 7] = 5
     (x, , z) = Triple()
     Trace(t..Occurrence, t[4, 7], x, z)
     PROCEDURE Triple() : (string,,string)
     RESULT (1, 2)
     """,
     "378578 13 3.5\nCamille\nPas trouvé un\n14 99 87\n25 38 87\n26\n4 5 1 2\n"),
    ("named-arguments-break-switch-blocks-numbers",
     # help pages "Appel d'une procédure", "Instruction SELON", "BLOC", "Entier", "Opérateurs divers"
     """
     MaProcédure(<p1>:1, <p2>:2, <p4>:4)
     MaProcédure(f(1), f(2), <p5>:f(3), <p4>:f(4))
     POUR Quantité = 1 À 2
        SELON Quantité
           CAS 1
              SI Quantité = 1 ALORS
                 SORTIR SELON
              FIN
              Trace("jamais")
           AUTRE CAS : Trace("autre")
        FIN
     FIN
     <BLOC Déclarations>
     num1 est un entier = 123 456
     soit num2 = 246_789
     <FIN>
     Jours est un tableau de tableaux d'entiers = [[31, 28],
        [31, 29],
        ]
     num est un entier = 5 +
        6
     Trace(num1, num2, Jours[2][2], num)
     PROCÉDURE MaProcédure(p1, p2, p3 = 0, p4 = 0, p5 = 0)
     Trace(p1, p2, p3, p4, p5)
     PROCÉDURE f(x)
     Trace("f" + x)
     RENVOYER x
     """,
     """
     MyProcedure(<p1>:1, <p2>:2, <p4>:4)
     MyProcedure(f(1), f(2), <p5>:f(3), <p4>:f(4))
     FOR Quantity = 1 TO 2
        SWITCH Quantity
           CASE 1
              IF Quantity = 1 THEN
                 BREAK SWITCH
              END
              Trace("jamais")
           OTHER CASE : Trace("autre")
        END
     END
     <BLOCK Declarations>
     num1 is int = 123 456
     let num2 = 246_789
     <END>
     Days is array of arrays of int = [[31, 28],
        [31, 29],
        ]
     num is int = 5 +
        6
     Trace(num1, num2, Days[2][2], num)
     PROCEDURE MyProcedure(p1, p2, p3 = 0, p4 = 0, p5 = 0)
     Trace(p1, p2, p3, p4, p5)
     PROCEDURE f(x)
     Trace("f" + x)
     RESULT x
     """,
     "1 2 0 4 0\nf1\nf2\nf3\nf4\n1 2 0 4 3\nautre\n123456 246789 29 11\n"),
]

EXPECTED_BY_LANG = {
    ("classes-and-enumerations", "en"): "pas encore\nLéa 30 1\nZoé 7 0\nMax 40 1\nsalaire 2500\n3 3 Max Max 2500 18\n"
                                        "3 personnes\nau revoir Max\n1\nRunning Running\nstop 1 1 0\n"
                                        "Reading + Writing\n",
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


@pytest.mark.parametrize("source,message", [
    ("POUR TOUT Client SUR NumClient\n    Trace(Client.Nom)\nFIN\n", "POUR TOUT Client is not supported by wlmail (HFSQL"),
    ("FOR EACH REQ_Clients WITH \"Ville = 'Lyon'\" ON NumClient FromEnd\nEND\n", "HFSQL database access"),
    ("POUR TOUTE LIGNE n DE ZR_Clients\n    Trace(n)\nFIN\n", "POUR TOUTE LIGNE DE ZR_Clients is not supported"),
    ('{"SAI_SAISIE1"}..Visible = Faux\n', '{"SAI_SAISIE1"} is not supported by wlmail (windows, controls'),
    ('nNomFic est une chaîne = "Client"\n{nNomFic + ".Nom"} = "Durand"\n', "(HFSQL database access)"),
    ('s est une chaîne = "x"\nTrace({"s", indChamp})\n', "(windows, controls and the user interface)"),
])
def test_hfsql_and_control_access_stops_with_its_family(source, message, tmp_path):
    result = run_source("Trace(1)\n" + source, tmp_path)
    assert result.stdout == "1\n"
    assert message in result.stderr
    assert result.code == 1


@pytest.mark.parametrize("source,calls", [
    ("d est une Durée = 3 min 30 s\nTrace(10 s, 9 h, 1 j, 500 ms)\n",
     ["wl_duration(210000)", "wl_duration(10000)", "wl_duration(32400000)", "wl_duration(86400000)",
      "wl_duration(500)"]),
    ("d is Duration = 3 min 30 s\nTrace(1.5 h, 1 d)\n", ["wl_duration(210000)", "wl_duration(5400000)",
                                                           "wl_duration(86400000)"]),
])
def test_duration_literals_compile_to_milliseconds(source, calls, tmp_path):
    path = tmp_path / "d.wl"
    path.write_text(source, encoding="utf-8")
    out = tmp_path / "d.py"
    result = run_cli("transpile", str(path), "-o", str(out))
    assert result.code == 0
    python = out.read_text(encoding="utf-8")
    for expected in calls:
        assert expected in python


DIRECTIVES = {
    "fr": """
        EXTERNE "lib/consts.wl"
        <COMPILE SI Configuration <> "Archive Java" ET TypeConfiguration = ApplicationLinux64>
            Trace("Linux64 " + MAXI)
        <SINON SI Configuration64>
            Trace("64")
        <SINON>
            Trace("Autres")
        <FIN>
        <COMPILE SI CST_BOOL EXISTE>
            Trace("jamais")
        <SINON>
            Trace(Double(4))
        <FIN>
        """,
    "en": """
        EXTERN "lib/consts.wl"
        <COMPILE IF Configuration <> "Archive Java" AND TypeConfiguration = ApplicationLinux64>
            Trace("Linux64 " + MAXI)
        <ELSE IF Configuration64>
            Trace("64")
        <ELSE>
            Trace("Autres")
        <END>
        <COMPILE IF CST_BOOL EXISTS>
            Trace("jamais")
        <ELSE>
            Trace(Double(4))
        <END>
        """,
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_extern_includes_and_compile_if(lang, tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "consts.wl").write_text("CONSTANTE\n    MAXI = 10\nFIN\nPROCÉDURE Double(x)\nRENVOYER x * 2\n",
                                                encoding="utf-8")
    result = run_source(DIRECTIVES[lang], tmp_path)
    assert (result.stdout, result.stderr, result.code) == ("Linux64 10\n8\n", "", 0)


def test_errors_of_an_included_file_point_into_it(tmp_path):
    (tmp_path / "inc.wl").write_text("x est un entier\nx = \n", encoding="utf-8")
    result = run_source('Trace(1)\nEXTERNE "inc.wl"\n', tmp_path)
    assert result.code == 2
    assert "inc.wl:2:" in result.stderr and "test.wl" not in result.stderr


@pytest.mark.parametrize("source,message", [
    ('EXTERNE "absent.wl"\n', "test.wl:1:1: EXTERNE: cannot read"),
    ("<COMPILE SI Configuration = \"x\">\nTrace(1)\n", "expected <FIN> to close <COMPILE SI>"),
    ("<SINON>\n", "test.wl:1:1: <SINON> without <COMPILE SI>"),
    ("Trace(:Nom)\n", "':Nom' is only allowed in a method of a class"),
    ("PROCÉDURE CInconnue.M()\nTrace(1)\n", "no class cinconnue is declared"),
    ("o est un objet dynamique\no = allouer un CInconnue()\n", "2:16: unknown type CInconnue"),
    ("POUR TOUTE BOUTEILLE b DE x\nFIN\n", "unknown loop POUR TOUT BOUTEILLE"),
    ("Trace(Gauche(\"abc\", SINON 2))\n", "test.wl:1:21: SINON inside parentheses belongs to SELON"),
    ("(a, b) = (1, 2, 3)\n", "3 values for 2 variables"),
    ("SORTIR SELON\n", "test.wl:1:1: SORTIR SELON outside a SELON"),
    ("C est une Classe\n  m est un CInconnue\nFIN\n", "test.wl:2:"),      # a member's type, not a traceback
    ("P(<p9>:2)\nPROCÉDURE P(a)\n", "test.wl:1:3: no parameter p9 (the procedure has a)"),
    ("Trace(<p1>:2)\n", "<p1>: names a parameter: only a procedure of the script takes one"),
    ("<BLOC x>\n<SINON>\n<FIN>\n", "test.wl:2:1: <SINON> inside a <BLOC>"),
])
def test_new_syntax_errors_are_positioned(source, message, tmp_path):
    result = run_source(source, tmp_path)
    assert result.code == 2
    assert message in result.stderr


def test_two_hfsql_loops_on_one_file_compile(tmp_path):
    # help page "POUR TOUT": two loops on the same data file (the second crashed the compiler)
    path = tmp_path / "two.wl"
    path.write_text('POUR TOUT Commande AVEC Date = "2003"\n\tTrace(1)\nFIN\n'
                    'POUR TOUT Commande AVEC "2003" <= Date <= "2004"\n\tTrace(2)\nFIN\n', encoding="utf-8")
    result = run_cli("check", str(path))
    assert "Traceback" not in result.stdout + result.stderr
    assert "two.wl:4: warning: POUR TOUT Commande is not supported by wlmail (HFSQL database access)" in result.stdout


def test_switch_expression_without_a_result_is_a_wlangage_error(tmp_path):
    result = run_source('Trace(SELON(4, "a"))\n', tmp_path)
    assert result.code != 0 and "Traceback" not in result.stderr
    assert "test.wl:1: SELON(...) has no result for the value 4 and no SINON" in result.stderr


def test_duration_literals_run(tmp_path):
    result = run_source("""
    d est une Durée = 3 min 30 s
    Trace(d.EnSecondes, (1 h + 90 s).EnMinutes, 1 j + 500 ms)
    TANTQUE d > 3 min
        d -= 10 s
    FIN
    Trace(d.EnSecondes)
    """, tmp_path)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["210 61.5 1000000500", "180"]
