// The legacy style: the global Email structure, filled by every read without an Email argument.
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "imap.masociete.fr"
MaSession.Nom = "utilisateur"
MaSession.MotDePasse = "secret"
EmailOuvreSession(MaSession)

EmailLitPremier(MaSession)
TANTQUE PAS Email.EnDehors
    Trace(Email.Sujet + " (" + Email.Expéditeur + ")")
    POUR i = 1 À Email.NbAttache
        Trace("    pièce jointe : " + Email.Attache[i])
    FIN
    EmailLitSuivant(MaSession)
FIN

EmailFermeSession(MaSession)
