// Lists the unread messages of the inbox, oldest first.
// Offline: wlmail run --mailbox examples/demo-maildir examples/lire_non_lus.wl
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "imap.masociete.fr"
MaSession.Nom = "utilisateur"
MaSession.MotDePasse = "secret"

SI PAS EmailOuvreSession(MaSession) ALORS
    Erreur("Connexion impossible : " + ErreurInfo())
    RETOUR
FIN

Trace("Messages non lus :")
nb est un entier = 0
POUR TOUT MonMessage NON LU DE MaSession
    nb++
    Trace(" - " + MonMessage.Expéditeur + " : " + MonMessage.Sujet)
FIN
Trace(nb + " message(s) non lu(s) sur " + EmailNbMessage(MaSession))

EmailFermeSession(MaSession)
