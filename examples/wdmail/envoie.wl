// WD Mail, envoi: composes an HTML message from a template whose {{Champ}} fields are filled in,
// with a plain-text alternative, the template's images sent inline (cid:) and a file attached,
// then sends it through the account's SMTP server.
//   wlmail run --mailbox examples/wdmail/demo examples/wdmail/envoie.wl /a=jean@client.exemple.com
// Arguments: /a=<recipient> (required) /compte=<account> (the first one by default)
// /modele=<HTML template> /joint=<file to attach> /client= /numero= /objet= /montant= /validite=

EXTERNE "comptes.wl"

CONSTANTE
    DEBUT_CHAMP = "{{"
    FIN_CHAMP = "}}"
FIN

sDestinataire est une chaîne = LigneCommande("a", "")
SI sDestinataire = "" ALORS FinProgramme("Destinataire absent : /a=<adresse>")
SI EmailVérifieAdresse(sDestinataire) <> emailAdresseValide ALORS FinProgramme("Adresse incorrecte : " + sDestinataire)
sModèle est une chaîne = LigneCommande("modele", fRepExe() + "\modeles\devis.html")
sPièceJointe est une chaîne = LigneCommande("joint", fRepExe() + "\modeles\devis-D-2024-007.pdf")

tabChamps est un tableau associatif (ccSansCasse) de chaînes
tabChamps["Client"] = LigneCommande("client", "Jean Client")
tabChamps["Numéro"] = LigneCommande("numero", "D-2024-007")
tabChamps["Objet"] = LigneCommande("objet", "20 licences WD Mail")
tabChamps["Montant"] = LigneCommande("montant", "2 400,00")
tabChamps["Validité"] = LigneCommande("validite", "15/04/2024")

tabComptes est un tableau de CCompte = ChargeComptes(FichierComptes())
clCompte est un CCompte = (LigneCommande("compte", "") = "" ? tabComptes[1] SINON CompteNommé(tabComptes, LigneCommande("compte", "")))

QUAND EXCEPTION DANS
    MonMessage est un Email = ComposeMessage(clCompte, sDestinataire, sModèle, tabChamps, sPièceJointe)
FAIRE
    FinProgramme("Message impossible à composer : " + ExceptionInfo())
FIN

SI PAS OuvreEnvoi(clCompte) ALORS FinProgramme("Connexion SMTP impossible : " + ErreurInfo())
SI EmailEnvoieMessage(clCompte.SessionSMTP, MonMessage) ALORS
    Trace("Message envoyé à " + sDestinataire + " : " + MonMessage.Sujet)
    Trace("   " + MonMessage.NbAttache + " pièce(s) : ")
    POUR i = 1 _À_ MonMessage.NbAttache
        Trace("   - " + MonMessage.Attache[i].Nom + (MonMessage.Attache[i].Identifiant <> "" ? " (image du message)" SINON " (pièce jointe)"))
    FIN
SINON
    Erreur("Envoi impossible : " + ErreurInfo())
FIN
EmailFermeSession(clCompte.SessionSMTP)

// The message: the filled-in template as HTML, its text as the plain alternative, the images it
// shows inline and the attachment. Raises an exception when a file is missing.
PROCÉDURE ComposeMessage(clCompte est un CCompte, sA est une chaîne, sFichierModèle est une chaîne, ...
                         tabChamps est un tableau associatif de chaînes, sPièceJointe est une chaîne) : Email
SI PAS fFichierExiste(sFichierModèle) ALORS ExceptionDéclenche(1, "modèle introuvable : " + sFichierModèle)
sHTML est une chaîne = Remplit(fChargeTexte(sFichierModèle), tabChamps)
m est un Email
m.Expéditeur = clCompte.Adresse
Ajoute(m.Destinataire, sA)
m.Sujet = "Devis " + tabChamps["Numéro"]
// images referred to by the HTML become inline attachments, their src a cid: link
SI PAS EmailImporteHTML(m, sHTML, fExtraitChemin(sFichierModèle, fDisque + fRépertoire)) ALORS
    ExceptionDéclenche(2, ErreurInfo())
FIN
m.Message = HTMLVersTexte(sHTML)
SI EmailChargeFichierAttaché(m, sPièceJointe) = -1 ALORS ExceptionDéclenche(3, ErreurInfo())
RENVOYER m

// Replaces every {{Champ}} of the text by its value; a field without a value is an error
PROCÉDURE Remplit(sTexte est une chaîne, tabChamps est un tableau associatif de chaînes) : chaîne
POUR TOUT sValeur, sChamp DE tabChamps
    sTexte = Remplace(sTexte, DEBUT_CHAMP + sChamp + FIN_CHAMP, sValeur)
FIN
SI Position(sTexte, DEBUT_CHAMP) > 0 ALORS
    ExceptionDéclenche(4, "champ sans valeur dans le modèle : " + ExtraitChaîne(ExtraitChaîne(sTexte, 2, DEBUT_CHAMP), 1, FIN_CHAMP))
FIN
RENVOYER sTexte
