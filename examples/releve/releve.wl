// Weekly digest of the unread mail: the account comes from an INI file, the password from
// the environment; each attachment is saved under <dossier>\AAAA-MM-JJ\, one line per message
// is appended to a log, and the three most frequent senders are printed.
// Offline, on the demo Maildir:
//   WLMAIL_PASSWORD=secret wlmail run --mailbox examples/demo-maildir examples/releve/releve.wl /depuis=20240305 /dossier=/tmp/releve
// Arguments (all optional): /ini=<fichier INI> /dossier=<dossier> /depuis=AAAAMMJJ (7 days back by default)

STSender est une Structure
    sAdresse est une chaîne
    nMessages est un entier
FIN

sFichierINI est une chaîne = LigneCommande("ini", fRepExe() + "\compte.ini")
sDossier est une chaîne = LigneCommande("dossier", fRepExe() + "\pieces-jointes")
sDepuis est une chaîne = LigneCommande("depuis", "")
SI sDepuis = "" ALORS sDepuis = EntierVersDate(DateVersEntier(DateSys()) - 7)

sMotDePasse est une chaîne = ExtraitChaîne(SysEnvironnement("WLMAIL_PASSWORD"), 2, "=")
SI sMotDePasse = "" ALORS FinProgramme("Mot de passe absent : définissez la variable WLMAIL_PASSWORD")
SI PAS fFichierExiste(sFichierINI) ALORS FinProgramme("Fichier de compte introuvable : " + sFichierINI)

MaSession est un emailSessionIMAP
MaSession.AdresseServeur = INILit("Compte", "Serveur", "", sFichierINI)
MaSession.Port = Val(INILit("Compte", "Port", "143", sFichierINI))
MaSession.Nom = INILit("Compte", "Utilisateur", "", sFichierINI)
MaSession.MotDePasse = sMotDePasse
SI PAS EmailOuvreSession(MaSession) ALORS FinProgramme("Connexion impossible : " + ErreurInfo())

fRepCrée(sDossier)
sJournal est une chaîne = ComplèteRep(sDossier) + "releve.log"
tabParExpéditeur est un tableau associatif (ccSansCasse, 0) de entiers
nRetenus est un entier = 0

Trace("Messages non lus depuis le " + DateVersChaîne(sDepuis, "JJ/MM/AAAA") + " :")
POUR TOUT MonMessage NON LU DE MaSession
    sJour est une chaîne = Gauche(MonMessage.DateRéception, 8)
    SI sJour < sDepuis ALORS CONTINUER
    nRetenus++
    sAdresse est une chaîne = AdresseDe(MonMessage.Expéditeur)
    tabParExpéditeur[sAdresse]++
    Trace(" - " + DateVersChaîne(sJour, "JJ/MM") + " " + sAdresse + " : " + MonMessage.Sujet)
    sRépertoire est une chaîne = ComplèteRep(sDossier) + DateVersChaîne(sJour, "AAAA-MM-JJ")
    POUR i = 1 _À_ MonMessage.NbAttache
        fRepCrée(sRépertoire)
        // the attachment's name is data: keep only its file name
        sNom est une chaîne = fExtraitChemin(MonMessage.Attache[i].Nom, fFichier + fExtension)
        SI EmailSauveFichierAttaché(MonMessage.Attache[i], sRépertoire + "\" + sNom) ALORS
            Trace("     pièce jointe : " + DateVersChaîne(sJour, "AAAA-MM-JJ") + "\" + sNom + ...
                  " (" + fTaille(sRépertoire + "\" + sNom) + " octets)")
        FIN
    FIN
    fAjouteTexte(sJournal, sJour + TAB + sAdresse + TAB + MonMessage.Sujet + RC)
FIN
EmailFermeSession(MaSession)

tabTop est un tableau de STSender
POUR TOUT n, sAdr DE tabParExpéditeur
    e est un STSender
    e.sAdresse = sAdr
    e.nMessages = n
    Ajoute(tabTop, e)
FIN
TableauTrie(tabTop, ttMembre, "-nMessages;sAdresse")

Trace(nRetenus + " message(s) retenu(s), journal : " + fExtraitChemin(sJournal, fFichier + fExtension))
Trace("Expéditeurs les plus fréquents :")
POUR i = 1 _À_ Min(3, tabTop.Occurrence)
    Trace(i + ". " + tabTop[i].sAdresse + " (" + tabTop[i].nMessages + ")")
FIN

PROCÉDURE AdresseDe(sExpéditeur est une chaîne) : chaîne
// "Nom <adresse>" -> "adresse"
SI Position(sExpéditeur, "<") = 0 ALORS RENVOYER SansEspace(sExpéditeur)
RENVOYER ExtraitChaîne(ExtraitChaîne(sExpéditeur, 2, "<"), 1, ">")
