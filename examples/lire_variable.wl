// Reads every message with EmailLitPremier / EmailLitSuivant into an Email variable.
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "imap.masociete.fr"
MaSession.Nom = "utilisateur"
MaSession.MotDePasse = "secret"
EmailOuvreSession(MaSession)

MonMessage est un Email
EmailLitPremier(MaSession, MonMessage)
TANTQUE PAS MonMessage.EnDehors
    Trace(MonMessage.Sujet)
    Trace("    de " + MonMessage.Expéditeur + ", " + MonMessage.NbAttache + " pièce(s) jointe(s)")
    EmailLitSuivant(MaSession, MonMessage)
FIN

EmailFermeSession(MaSession)
