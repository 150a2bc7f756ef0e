"""A generated corpus of realistic legacy WLangage (mail loops, strings, SELON, procedures)."""
from __future__ import annotations

_BLOCK = '''// ---- traitement {i} ------------------------------------------------------
MaSession{i} est un emailSessionIMAP
MaSession{i}.AdresseServeur = "imap.masociete.fr"
MaSession{i}.Nom = "utilisateur{i}"
nbLus{i}, nbTotal{i} sont des entiers
sSujet{i} est une chaîne = ""
tabAdresses{i} est un tableau de chaînes
SI EmailOuvreSession(MaSession{i}) = Faux ALORS
    Erreur("Connexion impossible : " + ErreurInfo(errMessage))
SINON
    POUR TOUT MonMessage{i} NON LU DE MaSession{i}
        nbLus{i}++
        sSujet{i} = Majuscule(SansEspace(MonMessage{i}.Sujet))
        SI sSujet{i} [= "FACTURE" _ET_ Taille(sSujet{i}) > 8 ALORS
            TableauAjoute(tabAdresses{i}, MonMessage{i}.Expéditeur)
        SINON SI Position(sSujet{i}, "URGENT") > 0
            Trace("Urgent : " + sSujet{i}[[1 À 20]])
        FIN
    FIN
    SELON nbLus{i}
        CAS 0 : Trace("Aucun message")
        CAS 1, 2, 3
            Trace("Quelques messages : " + nbLus{i})
        AUTRE CAS
            Trace(ChaîneConstruit("%1 messages lus sur %2", nbLus{i}, ...
                EmailNbMessage(MaSession{i})))
    FIN
    EmailFermeSession(MaSession{i})
FIN
POUR j{i} = 1 _A_ tabAdresses{i}..Occurrence
    Trace(j{i} + " : " + tabAdresses{i}[j{i}])
FIN

'''


def corpus(lines: int) -> str:
    """About `lines` lines of WLangage."""
    per_block = _BLOCK.count("\n")
    return "".join(_BLOCK.format(i=i) for i in range(lines // per_block + 1))
