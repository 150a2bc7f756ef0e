// From PC SOFT's help page "Protocole IMAP", as printed there: opening an IMAP session with an emailSessionIMAP variable.
// Ouverture de la session de messagerie
MaSession est un emailSessionIMAP
MaSession.AdresseServeur = "pop.masociete.fr"
MaSession.Nom = "utilisateur"
MaSession.MotDePasse = "secret"
EmailOuvreSession(MaSession)
