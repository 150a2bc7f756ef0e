// From PC SOFT's help page "Protocole IMAP", as printed there: reading loop with an Email variable (EmailLitPremier / EmailLitSuivant).
MonMessage est un Email
EmailLitPremier(MaSession,MonMessage)
TANTQUE PAS MonMessage.EnDehors
	// Placer ici le traitement du message lu...
	...
	
	EmailLitSuivant(MaSession, MonMessage)
FIN
