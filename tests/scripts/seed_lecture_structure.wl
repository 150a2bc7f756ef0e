// From PC SOFT's help page "Protocole IMAP", as printed there: reading loop with the global Email structure.
EmailLitPremier(MaSession)
TANTQUE PAS Email.EnDehors
	// Placer ici le traitement du message lu...
	...
	
	EmailLitSuivant(MaSession)
FIN
