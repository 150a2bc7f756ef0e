// EmailRécupèreTout: every message of the folder in an array; bodies are fetched
// only when a script reads .Message, .HTML or .Attache.
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "imap.masociete.fr"
MaSession.Nom = "utilisateur"
MaSession.MotDePasse = "secret"
EmailOuvreSession(MaSession)

tabMessages est un tableau de Email = EmailRécupèreTout(MaSession)
Trace(tabMessages.Occurrence + " message(s)")
POUR TOUT MonEmail DE tabMessages
    Trace(MonEmail.Sujet)
    SI MonEmail.NbAttache > 0 ALORS
        POUR TOUT Piece DE MonEmail.Attache
            Trace("    " + Piece.Nom + " (" + Taille(Piece.Contenu) + " octets)")
        FIN
    FIN
FIN

EmailFermeSession(MaSession)
