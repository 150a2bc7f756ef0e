// WD Mail, affichage: shows one message of an account: its headers, its HTML rendered as
// readable text (or its plain text), and its attachments with their sizes. Reading it does not
// mark it read.
//   wlmail run --mailbox examples/wdmail/demo examples/wdmail/affiche.wl /sujet=séminaire
// Arguments: /compte=<account> (the first one by default), /dossier=<mail folder> (IMAP, INBOX by
// default), and the message: /numero=<n> (its rank, 1 = the oldest) or /sujet=<text in its subject>.

EXTERNE "comptes.wl"

CONSTANTE
    LARGEUR_ETIQUETTE = 14
FIN

tabComptes est un tableau de CCompte = ChargeComptes(FichierComptes())
clCompte est un CCompte = (LigneCommande("compte", "") = "" ? tabComptes[1] SINON CompteNommé(tabComptes, LigneCommande("compte", "")))
nNuméro est un entier = Val(LigneCommande("numero", "0"))
sSujet est une chaîne = LigneCommande("sujet", "")
SI nNuméro <= 0 ET sSujet = "" ALORS nNuméro = 1

SI PAS OuvreRéception(clCompte) ALORS FinProgramme("Connexion impossible : " + ErreurInfo())
sDossier est une chaîne = LigneCommande("dossier", "")
SI sDossier <> "" ALORS
    SI clCompte.Réception <> PROTOCOLE_IMAP ALORS FinProgramme("Un compte POP3 n'a pas de dossiers")
    SI PAS EmailChangeDossier(clCompte.SessionIMAP, sDossier) ALORS FinProgramme("Dossier inconnu : " + sDossier + " (" + ErreurInfo() + ")")
FIN

bTrouvé est un booléen = Faux
nRang est un entier = 0
SI clCompte.Réception = PROTOCOLE_IMAP ALORS
    POUR TOUT m DE clCompte.SessionIMAP
        nRang++
        SI EstLeMessage(m, nRang) ALORS
            Affiche(m)
            bTrouvé = Vrai
            SORTIR
        FIN
    FIN
SINON
    POUR TOUT m DE clCompte.SessionPOP3
        nRang++
        SI EstLeMessage(m, nRang) ALORS
            Affiche(m)
            bTrouvé = Vrai
            SORTIR
        FIN
    FIN
FIN
EmailFermeSession(SessionDeRéception(clCompte))
SI PAS bTrouvé ALORS
    FinProgramme("Aucun message " + (sSujet <> "" ? "dont le sujet contient « " + sSujet + " »" SINON "numéro " + nNuméro))
FIN

PROCÉDURE EstLeMessage(m est un Email, nRangMessage est un entier) : booléen
SI sSujet <> "" ALORS RENVOYER Contient(m.Sujet, sSujet, SansCasse)
RENVOYER nRangMessage = nNuméro

PROCÉDURE SessionDeRéception(clC est un CCompte)
SI clC.Réception = PROTOCOLE_IMAP ALORS RENVOYER clC.SessionIMAP
RENVOYER clC.SessionPOP3

PROCÉDURE Affiche(m est un Email)
Ligne("De", m.Expéditeur)
Ligne("À", ListeDe(m, "Destinataire"))
SI m.NbCc > 0 ALORS Ligne("Cc", ListeDe(m, "Cc"))
Ligne("Date", DateVersChaîne(Gauche(m.DateRéception, 8), "JJ/MM/AAAA") + " " + ...
      HeureVersChaîne(Milieu(m.DateRéception, 9, 4), "HH:MM"))
Ligne("Objet", m.Sujet)
Trace(Répète("-", 72))
SI m.HTML <> "" ALORS
    Trace(SansEspace(HTMLVersTexte(m.HTML)))
SINON
    Trace(SansEspace(m.Message))
FIN
Trace(Répète("-", 72))
nPièces est un entier = 0
POUR i = 1 _À_ m.NbAttache
    SI m.Attache[i].Identifiant <> "" ALORS CONTINUER      // an image shown inside the HTML
    nPièces++
    Trace("Pièce jointe : " + m.Attache[i].Nom + " (" + TailleLisible(Taille(m.Attache[i].Contenu)) + ")")
FIN
SI nPièces = 0 ALORS Trace("Aucune pièce jointe")

PROCÉDURE Ligne(sEtiquette est une chaîne, sValeur est une chaîne)
Trace(Complète(sEtiquette, LARGEUR_ETIQUETTE) + ": " + sValeur)

// The recipients (Destinataire) or copies (Cc) of a message, separated by commas
PROCÉDURE ListeDe(m est un Email, sQuoi est une chaîne) : chaîne
sListe est une chaîne
SI sQuoi = "Cc" ALORS
    POUR i = 1 _À_ m.NbCc
        sListe += [", "] + m.Cc[i]
    FIN
SINON
    POUR i = 1 _À_ m.NbDestinataire
        sListe += [", "] + m.Destinataire[i]
    FIN
FIN
RENVOYER sListe

PROCÉDURE TailleLisible(nOctets est un entier) : chaîne
SI nOctets < 1024 ALORS RENVOYER nOctets + " octets"
RENVOYER NumériqueVersChaîne(nOctets / 1024, ".1f") + " Ko"
