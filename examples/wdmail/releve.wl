// WD Mail, relevé du courrier: reads the mail of every account of comptes.ini, applies the
// incoming filters of regles.ini, prints what each rule did, per account and in total.
//   wlmail run --mailbox examples/wdmail/demo examples/wdmail/releve.wl /date=20240315
// Arguments (all optional): /comptes=<INI> /regles=<INI> /etat=<folder> /sortie=<folder>
// /date=AAAAMMJJ (the day "older than N days" counts from; today by default).
//
// Running it twice applies nothing twice: a moved or deleted message has left INBOX, "lu" only
// takes unread mail, "marquer" skips flagged mail, and the other actions (copier, sauver,
// transférer, répondre) are recorded in etat\<compte>.ini (répondre: by sender). A POP3 account
// has no flags: its messages already seen are recorded there too.

EXTERNE "comptes.wl"

CONSTANTE
    ACTION_DEPLACER = "déplacer"
    ACTION_COPIER = "copier"
    ACTION_LU = "lu"
    ACTION_MARQUER = "marquer"
    ACTION_SUPPRIMER = "supprimer"
    ACTION_SAUVER = "sauver"
    ACTION_TRANSFERER = "transférer"
    ACTION_REPONDRE = "répondre"
    SECTION_RELEVES = "Messages relevés"       // POP3: the messages already seen
FIN

STRègle est une Structure
    Nom est une chaîne
    Compte est une chaîne                   // "" = every account
    Expéditeur est une chaîne
    Destinataire est une chaîne
    SujetContient est une chaîne
    SujetCorrespond est une chaîne
    TailleMin est un entier                 // 0 = no condition
    PièceJointe est une chaîne              // "1", "0" or "" (no condition)
    NonLu est une chaîne                    // "1", "0" or ""
    PlusVieuxQue est un entier              // days; -1 = no condition
    Action est une chaîne
    Dossier est une chaîne
    Vers est une chaîne
    Modèle est une chaîne
FIN

sFichierRègles est une chaîne = LigneCommande("regles", fRepExe() + "\regles.ini")
sDossierEtat est une chaîne = LigneCommande("etat", fRepExe() + "\etat")
sDossierSortie est une chaîne = LigneCommande("sortie", fRepExe() + "\sortie")
dAujourdhui est une Date = LigneCommande("date", DateSys())

tabComptes est un tableau de CCompte = ChargeComptes(FichierComptes())
tabRègles est un tableau de STRègle = ChargeRègles(sFichierRègles)
tabTotal est un tableau associatif (ccSansCasse, 0) de entiers      // rule -> messages, every account
nErreurs est un entier = 0

// without its records the relevé would repeat actions: no records, no relevé
SI PAS fRepCrée(sDossierEtat) ALORS FinProgramme("Dossier d'état impossible à créer : " + sDossierEtat + " (" + ErreurInfo() + ")")
POUR TOUT clCompte DE tabComptes
    RelèveCompte(clCompte)
FIN

Trace("== Total par règle")
POUR TOUT r DE tabRègles
    Trace("   " + Complète(r.Nom, 22) + " " + tabTotal[r.Nom])
FIN
SI nErreurs > 0 ALORS Erreur(nErreurs + " erreur(s) pendant le relevé")

// ---------------------------------------------------------------------------------- rules

// Every rule of the rules file, in the file's order. Stops the program on a rule it cannot apply.
PROCÉDURE ChargeRègles(sFichier est une chaîne) : tableau de STRègle
tabRésultat est un tableau de STRègle
SI PAS fFichierExiste(sFichier) ALORS FinProgramme("Fichier des règles introuvable : " + sFichier)
POUR TOUTE CHAÎNE sSection DE INILit("", "", "", sFichier) SÉPARÉE PAR RC
    r est un STRègle
    r.Nom = sSection
    r.Compte = INILit(sSection, "Compte", "", sFichier)
    r.Expéditeur = INILit(sSection, "Expéditeur", "", sFichier)
    r.Destinataire = INILit(sSection, "Destinataire", "", sFichier)
    r.SujetContient = INILit(sSection, "SujetContient", "", sFichier)
    r.SujetCorrespond = INILit(sSection, "SujetCorrespond", "", sFichier)
    r.TailleMin = Val(INILit(sSection, "TailleMin", "0", sFichier))
    r.PièceJointe = INILit(sSection, "PièceJointe", "", sFichier)
    r.NonLu = INILit(sSection, "NonLu", "", sFichier)
    r.PlusVieuxQue = Val(INILit(sSection, "PlusVieuxQue", "-1", sFichier))
    r.Action = Minuscule(INILit(sSection, "Action", "", sFichier))
    r.Dossier = INILit(sSection, "Dossier", "", sFichier)
    r.Vers = INILit(sSection, "Vers", "", sFichier)
    r.Modèle = INILit(sSection, "Modèle", "", sFichier)
    SELON r.Action
        CAS ACTION_DEPLACER, ACTION_COPIER, ACTION_SAUVER
            SI r.Dossier = "" ALORS FinProgramme("Règle " + sSection + " : Dossier manque")
        CAS ACTION_TRANSFERER
            SI r.Vers = "" ALORS FinProgramme("Règle " + sSection + " : Vers manque")
        CAS ACTION_REPONDRE
            SI r.Modèle = "" ALORS FinProgramme("Règle " + sSection + " : Modèle manque")
            SI PAS fFichierExiste(CheminDuModèle(r, sFichier)) ALORS
                FinProgramme("Règle " + sSection + " : modèle introuvable : " + CheminDuModèle(r, sFichier))
            FIN
            r.Modèle = CheminDuModèle(r, sFichier)
        CAS ACTION_LU, ACTION_MARQUER, ACTION_SUPPRIMER
        AUTRE CAS
            FinProgramme("Règle " + sSection + " : action inconnue : " + r.Action)
    FIN
    Ajoute(tabRésultat, r)
FIN
RENVOYER tabRésultat

// A reply template is looked for next to the rules file unless its path is absolute
PROCÉDURE CheminDuModèle(r est un STRègle, sFichierRègles est une chaîne) : chaîne
SI Gauche(r.Modèle, 1) = "/" OU Milieu(r.Modèle, 2, 1) = ":" ALORS RENVOYER r.Modèle
RENVOYER fExtraitChemin(sFichierRègles, fDisque + fRépertoire) + r.Modèle

// Does the rule take this message? bNonLu and nTaille were read once for the message.
PROCÉDURE RègleConcerne(r est un STRègle, clCompte est un CCompte, m est un Email, bNonLu est un booléen, ...
                        nTaille est un entier) : booléen
SI r.Compte <> "" ET PAS r.Compte ~= clCompte.Nom ALORS RENVOYER Faux
SI r.Expéditeur <> "" ET PAS Contient(m.Expéditeur, r.Expéditeur, SansCasse) ALORS RENVOYER Faux
SI r.Destinataire <> "" ET PAS Contient(TousLesDestinataires(m), r.Destinataire, SansCasse) ALORS RENVOYER Faux
SI r.SujetContient <> "" ET PAS Contient(m.Sujet, r.SujetContient, SansCasse) ALORS RENVOYER Faux
SI r.SujetCorrespond <> "" ET PAS VérifieExpressionRégulière(m.Sujet, r.SujetCorrespond) ALORS RENVOYER Faux
SI r.TailleMin > 0 ET nTaille < r.TailleMin ALORS RENVOYER Faux
SI r.PièceJointe <> "" ET (m.NbAttache > 0) <> (r.PièceJointe = "1") ALORS RENVOYER Faux
SI r.NonLu <> "" ET bNonLu <> (r.NonLu = "1") ALORS RENVOYER Faux
SI r.PlusVieuxQue >= 0 ET DateDifférence(Gauche(m.DateRéception, 8), dAujourdhui) < r.PlusVieuxQue ALORS
    RENVOYER Faux
FIN
RENVOYER Vrai

PROCÉDURE TousLesDestinataires(m est un Email) : chaîne
sTous est une chaîne
POUR i = 1 _À_ m.NbDestinataire
    sTous += m.Destinataire[i] + ";"
FIN
POUR i = 1 _À_ m.NbCc
    sTous += m.Cc[i] + ";"
FIN
RENVOYER sTous

// ---------------------------------------------------------------------------------- accounts

PROCÉDURE RelèveCompte(clCompte est un CCompte)
tabParRègle est un tableau associatif (ccSansCasse, 0) de entiers
nMessages est un entier = 0
nNonLus est un entier = 0
sFichierEtat est une chaîne = sDossierEtat + "\" + clCompte.Nom + ".ini"

SI PAS OuvreRéception(clCompte) ALORS
    Trace("== " + clCompte.Nom + " : connexion impossible : " + ErreurInfo())
    nErreurs++
    RETOUR
FIN
Trace("== " + clCompte.Nom + " (" + clCompte.Réception + " " + clCompte.Utilisateur + "@" + clCompte.Serveur + ")")
SI clCompte.Réception = PROTOCOLE_IMAP ALORS
    POUR TOUT m DE clCompte.SessionIMAP
        nMessages++
        bNonLu est un booléen = PAS IndicateurPrésent(clCompte, m, "\Seen")
        SI bNonLu ALORS nNonLus++
        TraiteMessage(clCompte, m, bNonLu, sFichierEtat, tabParRègle)
    FIN
    // moved and deleted messages leave INBOX now
    SI PAS EmailDétruit(clCompte.SessionIMAP) ALORS Signale(clCompte, "EmailDétruit", ErreurInfo())
    EmailFermeSession(clCompte.SessionIMAP)
SINON
    POUR TOUT m DE clCompte.SessionPOP3
        nMessages++
        sClé est une chaîne = CléDuMessage(m)
        SI INILit(SECTION_RELEVES, sClé, "", sFichierEtat) <> "" ALORS CONTINUER
        nNonLus++                                    // POP3: new means not seen by a previous relevé
        TraiteMessage(clCompte, m, Vrai, sFichierEtat, tabParRègle)
        INIEcrit(SECTION_RELEVES, sClé, DateVersChaîne(dAujourdhui, "AAAAMMJJ"), sFichierEtat)
    FIN
    EmailFermeSession(clCompte.SessionPOP3)          // POP3 deletions happen here
FIN
SI clCompte.SessionSMTP.AdresseServeur <> "" ALORS EmailFermeSession(clCompte.SessionSMTP)

Trace("   " + nMessages + " message(s), " + nNonLus + (clCompte.Réception = PROTOCOLE_IMAP ? " non lu(s)" SINON " nouveau(x)"))
POUR TOUT r DE tabRègles
    SI r.Compte = "" OU r.Compte ~= clCompte.Nom ALORS
        Trace("   " + Complète(r.Nom, 22) + " " + tabParRègle[r.Nom])
    FIN
FIN

// Applies the rules in order to one message; a rule that removes it from INBOX ends its rules
PROCÉDURE TraiteMessage(clCompte est un CCompte, m est un Email, bNonLu est un booléen, ...
                        sFichierEtat est une chaîne, tabParRègle est un tableau associatif de entiers)
nTaille est un entier = EmailTailleMessage(SessionDeRéception(clCompte), m)
POUR TOUT r DE tabRègles
    SI PAS RègleConcerne(r, clCompte, m, bNonLu, nTaille) ALORS CONTINUER
    QUAND EXCEPTION DANS
        SI AppliqueAction(r, clCompte, m, bNonLu, sFichierEtat) ALORS
            tabParRègle[r.Nom]++
            tabTotal[r.Nom]++
        FIN
    FAIRE
        Signale(clCompte, r.Nom, ExceptionInfo())
    FIN
    SI r.Action = ACTION_DEPLACER OU r.Action = ACTION_SUPPRIMER ALORS
        SI clCompte.Réception = PROTOCOLE_IMAP OU r.Action = ACTION_SUPPRIMER ALORS SORTIR
    FIN
    SI r.Action = ACTION_LU ALORS bNonLu = Faux
FIN

// Carries out a rule's action on a message: Vrai if it did something, Faux if there was nothing
// to do (already done by an earlier relevé, or not possible on a POP3 account)
PROCÉDURE AppliqueAction(r est un STRègle, clCompte est un CCompte, m est un Email, bNonLu est un booléen, ...
                         sFichierEtat est une chaîne) : booléen
bIMAP est un booléen = (clCompte.Réception = PROTOCOLE_IMAP)
sClé est une chaîne = CléDuMessage(m)
SELON r.Action
    CAS ACTION_DEPLACER
        SI PAS bIMAP ALORS RENVOYER Faux
        SI PAS CopieVersDossier(clCompte, m, r.Dossier) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        SI PAS EmailSupprimeMessage(clCompte.SessionIMAP, m) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] déplacé vers " + r.Dossier + " : " + m.Sujet)
    CAS ACTION_COPIER
        SI PAS bIMAP OU DéjàFait(r.Nom, sClé, sFichierEtat) ALORS RENVOYER Faux
        SI PAS CopieVersDossier(clCompte, m, r.Dossier) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] copié vers " + r.Dossier + " : " + m.Sujet)
    CAS ACTION_LU
        SI PAS bIMAP OU PAS bNonLu ALORS RENVOYER Faux
        SI PAS EmailChangeEtat(clCompte.SessionIMAP, m, emailEtatLu) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] marqué lu : " + m.Sujet)
    CAS ACTION_MARQUER
        SI PAS bIMAP OU IndicateurPrésent(clCompte, m, "\Flagged") ALORS RENVOYER Faux
        SI PAS EmailChangeEtat(clCompte.SessionIMAP, m, emailEtatMarqué) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] marqué (suivi) : " + m.Sujet)
    CAS ACTION_SUPPRIMER
        SI PAS EmailSupprimeMessage(SessionDeRéception(clCompte), m) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] supprimé : " + m.Sujet)
    CAS ACTION_SAUVER
        SI DéjàFait(r.Nom, sClé, sFichierEtat) ALORS RENVOYER Faux
        SauvePiècesJointes(r, clCompte, m)
    CAS ACTION_TRANSFERER
        SI DéjàFait(r.Nom, sClé, sFichierEtat) ALORS RENVOYER Faux
        SI PAS Transfère(clCompte, m, r.Vers) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] transféré à " + r.Vers + " : " + m.Sujet)
    CAS ACTION_REPONDRE
        // once per sender: the record is kept by address, not by message
        sExpéditeur est une chaîne = Minuscule(AdresseDe(m.Expéditeur))
        SI DéjàFait(r.Nom + " (expéditeurs)", sExpéditeur, sFichierEtat) ALORS RENVOYER Faux
        SI PAS Répond(clCompte, m, r.Modèle) ALORS RENVOYER Signale(clCompte, r.Nom, ErreurInfo())
        Trace("   [" + r.Nom + "] réponse envoyée à " + sExpéditeur)
        Enregistre(r.Nom + " (expéditeurs)", sExpéditeur, sFichierEtat)
        RENVOYER Vrai
FIN
SI r.Action = ACTION_COPIER OU r.Action = ACTION_SAUVER OU r.Action = ACTION_TRANSFERER ALORS
    Enregistre(r.Nom, sClé, sFichierEtat)
FIN
RENVOYER Vrai

// ---------------------------------------------------------------------------------- actions

PROCÉDURE SessionDeRéception(clCompte est un CCompte)
SI clCompte.Réception = PROTOCOLE_IMAP ALORS RENVOYER clCompte.SessionIMAP
RENVOYER clCompte.SessionPOP3

PROCÉDURE IndicateurPrésent(clCompte est un CCompte, m est un Email, sIndicateur est une chaîne) : booléen
tabIndicateurs est un tableau de chaînes = EmailRécupèreIndicateur(clCompte.SessionIMAP, m)
POUR TOUT sIndic DE tabIndicateurs
    SI sIndic ~= sIndicateur ALORS RENVOYER Vrai
FIN
RENVOYER Faux

// Copies a message to a mail folder, created first when it does not exist yet
PROCÉDURE CopieVersDossier(clCompte est un CCompte, m est un Email, sDossier est une chaîne) : booléen
bExiste est un booléen = Faux
POUR TOUTE CHAÎNE sNom DE EmailListeDossier(clCompte.SessionIMAP) SÉPARÉE PAR RC
    SI sNom ~= sDossier ALORS bExiste = Vrai
FIN
SI PAS bExiste ET PAS EmailAjouteDossier(clCompte.SessionIMAP, sDossier) ALORS RENVOYER Faux
RENVOYER EmailCopie(clCompte.SessionIMAP, m, sDossier)

// Saves every attachment under <sortie>\<Dossier>\AAAA-MM-JJ\ (the day the message arrived)
PROCÉDURE SauvePiècesJointes(r est un STRègle, clCompte est un CCompte, m est un Email)
sRépertoire est une chaîne = sDossierSortie + "\" + r.Dossier + "\" + DateVersChaîne(Gauche(m.DateRéception, 8), "AAAA-MM-JJ")
fRepCrée(sRépertoire)
SI ErreurDétectée ALORS
    Signale(clCompte, r.Nom, ErreurInfo())
    RETOUR
FIN
POUR i = 1 _À_ m.NbAttache
    sFichier est une chaîne = sRépertoire + "\" + m.Attache[i].Nom     // a name, never a path
    SI EmailSauveFichierAttaché(m.Attache[i], sFichier) ALORS
        Trace("   [" + r.Nom + "] pièce jointe sauvée : " + r.Dossier + "\" + ...
              DateVersChaîne(Gauche(m.DateRéception, 8), "AAAA-MM-JJ") + "\" + m.Attache[i].Nom + ...
              " (" + fTaille(sFichier) + " octets)")
    SINON
        Signale(clCompte, r.Nom, ErreurInfo())
    FIN
FIN

PROCÉDURE PrépareEnvoi(clCompte est un CCompte) : booléen
SI clCompte.SessionSMTP.AdresseServeur <> "" ALORS RENVOYER Vrai      // already open
RENVOYER OuvreEnvoi(clCompte)

// Forwards a message with its attachments
PROCÉDURE Transfère(clCompte est un CCompte, m est un Email, sVers est une chaîne) : booléen
SI PAS PrépareEnvoi(clCompte) ALORS RENVOYER Faux
mTransfert est un Email
mTransfert.Expéditeur = clCompte.Adresse
Ajoute(mTransfert.Destinataire, sVers)
mTransfert.Sujet = "TR: " + m.Sujet
mTransfert.Message = "-------- Message transféré --------" + RC + ...
                     "De : " + m.Expéditeur + RC + "Date : " + DateVersChaîne(Gauche(m.DateRéception, 8), "JJ/MM/AAAA") + RC + ...
                     "Objet : " + m.Sujet + RC + RC + m.Message
POUR i = 1 _À_ m.NbAttache
    Ajoute(mTransfert.Attache, m.Attache[i])
FIN
RENVOYER EmailEnvoieMessage(clCompte.SessionSMTP, mTransfert)

// Answers a message with the text of a template
PROCÉDURE Répond(clCompte est un CCompte, m est un Email, sModèle est une chaîne) : booléen
SI PAS PrépareEnvoi(clCompte) ALORS RENVOYER Faux
mRéponse est un Email
mRéponse.Expéditeur = clCompte.Adresse
Ajoute(mRéponse.Destinataire, AdresseDe(m.Expéditeur))
mRéponse.Sujet = "RE: " + m.Sujet
mRéponse.Référence = m.MessageID
mRéponse.Message = fChargeTexte(sModèle)
// emailOptionRéférence: the answer is threaded under the message (References, In-Reply-To)
RENVOYER EmailEnvoieMessage(clCompte.SessionSMTP, mRéponse, emailOptionRéférence)

// ---------------------------------------------------------------------------------- records

// A message's key in the record: its Message-ID without <>, else sender, date and subject
PROCÉDURE CléDuMessage(m est un Email) : chaîne
sClé est une chaîne = m.MessageID
SI sClé = "" ALORS sClé = AdresseDe(m.Expéditeur) + "/" + m.DateRéception + "/" + m.Sujet
RENVOYER Remplace(Remplace(Remplace(sClé, "<", ""), ">", ""), "=", "_")

PROCÉDURE DéjàFait(sSection est une chaîne, sClé est une chaîne, sFichierEtat est une chaîne) : booléen
RENVOYER INILit(sSection, sClé, "", sFichierEtat) <> ""

// A record that cannot be written would let the next relevé do the action again: say so
PROCÉDURE Enregistre(sSection est une chaîne, sClé est une chaîne, sFichierEtat est une chaîne)
INIEcrit(sSection, sClé, DateVersChaîne(dAujourdhui, "AAAAMMJJ"), sFichierEtat)
SI ErreurDétectée ALORS
    Trace("   ERREUR " + sFichierEtat + " : " + ErreurInfo())
    nErreurs++
FIN

// Reports a failure and goes on; the relevé ends with Erreur() (exit status 3)
PROCÉDURE Signale(clCompte est un CCompte, sQuoi est une chaîne, sErreur est une chaîne) : booléen
Trace("   ERREUR " + clCompte.Nom + " / " + sQuoi + " : " + sErreur)
nErreurs++
RENVOYER Faux
