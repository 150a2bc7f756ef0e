"""Files, INI, environment and arguments: the help pages' examples, run as WLangage.
Every file lives under pytest's tmp_path; Windows drive paths are mapped there with
WLMAIL_DRIVE_C."""
from __future__ import annotations

import os
import textwrap

import pytest

from wlmail.runtime import files as F
from wlmail.runtime import ini as I
from wlmail.runtime import system as Y
from wlmail.runtime.errors import ErreurDétectée, ErreurInfo
from wltest import run_cli, run_source


@pytest.fixture
def drive_c(tmp_path, monkeypatch):
    root = tmp_path / "C"
    (root / "Temp").mkdir(parents=True)
    monkeypatch.setenv("WLMAIL_DRIVE_C", str(root))
    return root


def test_windows_paths_map_to_this_machine(monkeypatch):
    monkeypatch.delenv("WLMAIL_DRIVE_C", raising=False)
    monkeypatch.setenv("WLMAIL_DRIVE_D", "/srv/d")
    assert F.native_path("C:\\Temp\\x.txt") == "/Temp/x.txt"
    assert F.native_path("d:\\Data\\a.ini") == "/srv/d/Data/a.ini"
    assert F.native_path("/home/u\\log\\mail.txt") == "/home/u/log/mail.txt"
    assert F.native_path("rel\\dir/f") == "rel/dir/f"
    assert F.native_path("\\\\srv\\share\\f") == "//srv/share/f"


def test_fsauvetexte_fchargetexte_page_examples(tmp_path, drive_c):
    # [D:3036046] and [D:3036006]: save, reload, replace, save again
    result = run_source(r'''
        MaChaîneTexte est une chaîne = "Ceci est un test" + RC + "Utilisation de fSauveTexte"
        Trace(fSauveTexte("C:\Temp\MonFichier.txt", MaChaîneTexte))
        ContenuFichier est une chaîne = fChargeTexte("C:\Temp\MonFichier.txt")
        ContenuFichier = Remplace(ContenuFichier, "test", "essai")
        fSauveTexte("C:\Temp\PrixEuros.txt", ContenuFichier)
        Trace(fChargeTexte("C:\Temp\PrixEuros.txt"))
        Trace(fAjouteTexte("C:\Temp\PrixEuros.txt", RC + "fin"))
        Trace(fTaille("C:\Temp\PrixEuros.txt"))
        Trace(fFichierExiste("C:\Temp\PrixEuros.txt"), fFichierExiste("C:\Temp\Absent.txt"))
        Trace(fRépertoireExiste("C:\Temp"), fRepExiste("C:\Temp\PrixEuros.txt"))
        ''', tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == (          # Trace shows RC as a line end
        "1\nCeci est un essai\nUtilisation de fSauveTexte\n1\n50\n1 0\n1 0\n")
    assert (drive_c / "Temp" / "MonFichier.txt").read_bytes().startswith(b"Ceci est un test\r\n")


def test_missing_file_sets_the_error_and_returns_the_documented_value(tmp_path):
    assert F.fChargeTexte(tmp_path / "absent.txt") == ""
    assert ErreurDétectée() and "absent.txt" in ErreurInfo()
    assert F.fTaille(tmp_path / "absent.txt") == -1
    assert F.fOuvre(tmp_path / "absent.txt", F.foLecture) == -1
    assert F.fDate(tmp_path / "absent.txt") == ""
    assert F.fSauveTexte(tmp_path / "no" / "such" / "dir.txt", "x") is False and ErreurDétectée()
    assert F.fChargeTexte(tmp_path / "absent.txt", F.foAnsi) == ""
    F.fFichierExiste(tmp_path)              # a function that succeeds clears the error
    assert not ErreurDétectée()


def test_encodings_ansi_unicode_and_utf8(tmp_path):
    (tmp_path / "ansi.txt").write_bytes("relevé".encode("cp1252"))
    (tmp_path / "utf8.txt").write_bytes("relevé".encode("utf-8"))
    (tmp_path / "utf16.txt").write_bytes(b"\xff\xfe" + "relevé".encode("utf-16-le"))
    for name in ("ansi.txt", "utf8.txt", "utf16.txt"):
        assert F.fChargeTexte(tmp_path / name) == "relevé"
    assert F.fChargeTexte(tmp_path / "ansi.txt", F.foAnsi) == "relevé"
    assert F.fChargeTexte(tmp_path / "utf16.txt", F.foUnicode) == "relevé"
    F.fSauveTexte(tmp_path / "out.txt", "é")
    assert (tmp_path / "out.txt").read_bytes() == "é".encode("utf-8")
    assert F.fChargeBuffer(tmp_path / "ansi.txt") == "relevé".encode("cp1252")
    assert F.fSauveBuffer(tmp_path / "b.bin", b"\x00\x01") and F.fTaille(tmp_path / "b.bin") == 2


def test_line_by_line_log_with_fouvre(tmp_path, drive_c):
    # [D:3036036] [D:3036031]: open, read each line until EOT, close
    result = run_source(r'''
        IDFichier est un entier = fOuvre("C:\Temp\log.txt", foCréation + foAnsi)
        fEcritLigne(IDFichier, "première ligne éàç")
        fEcritLigne(IDFichier, "deuxième")
        fFerme(IDFichier)
        IDFichier = fOuvre("C:\Temp\log.txt", foAjout + foAnsi)
        fEcritLigne(IDFichier, "troisième")
        fFerme(IDFichier)
        IDFichier = fOuvre("C:\Temp\log.txt", foLectureEcriture + foAnsi)
        SI IDFichier <> -1 ALORS
            ResLecture est une chaîne = fLitLigne(IDFichier)
            TANTQUE ResLecture <> EOT
                Trace("[" + ResLecture + "]")
                ResLecture = fLitLigne(IDFichier)
            FIN
            fFerme(IDFichier)
        FIN
        Trace(fFerme(IDFichier), ErreurDétectée)
        ''', tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == "[première ligne éàç]\n[deuxième]\n[troisième]\n-1 1\n"
    assert (drive_c / "Temp" / "log.txt").read_bytes() == (
        "première ligne éàç\r\ndeuxième\r\ntroisième\r\n".encode("cp1252"))


def test_unicode_files_are_utf16_with_a_bom_and_unix_lines_are_read(tmp_path):
    handle = F.fCrée(tmp_path / "u.txt", F.foUnicode)
    F.fEcritLigne(handle, "ligne ü")
    F.fFerme(handle)
    assert (tmp_path / "u.txt").read_bytes() == b"\xff\xfe" + "ligne ü\r\n".encode("utf-16-le")
    handle = F.fOuvre(tmp_path / "u.txt", F.foLecture + F.foUnicode)
    assert F.fLitLigne(handle) == "ligne ü" and F.fLitLigne(handle) == F.EOT
    F.fFerme(handle)
    (tmp_path / "unix.txt").write_bytes(b"a\nb\n")
    handle = F.fOuvre(tmp_path / "unix.txt", F.foLecture)
    assert [F.fLitLigne(handle), F.fLitLigne(handle), F.fLitLigne(handle)] == ["a", "b", F.EOT]
    assert F.fFerme(handle) == 0
    assert F.fEcritLigne(handle, "x") == -1 and ErreurDétectée()


def test_fextraitchemin_page_examples():
    # [D:3036026]
    path = "C:\\MesRépertoires\\Fichier.doc"
    assert F.fExtraitChemin(path, F.fFichier) == "Fichier"
    assert F.fExtraitChemin(path, F.fDisque + F.fRépertoire) == "C:\\MesRépertoires\\"
    unc = "\\\\lg-br\\sharedfiles\\downloads\\Windev\\setup.exe"
    assert F.fExtraitChemin(unc, F.fDisque) == "\\\\lg-br\\sharedfiles"
    assert F.fExtraitChemin(unc, F.fRépertoire) == "\\downloads\\Windev\\"
    other = "C:\\Temp\\Donnée\\Fichier.txt"
    assert F.fExtraitChemin(other, F.fExtension) == ".txt"
    assert F.fExtraitChemin(other, F.fFichier + F.fExtension) == "Fichier.txt"
    assert F.fExtraitChemin(other, F.fRépertoire + F.fFichier) == "\\Temp\\Donnée\\Fichier"
    assert F.fExtraitChemin("/var/mail/box.mbox", F.fDisque + F.fRépertoire) == "/var/mail/"


def test_folders_copy_move_rename_delete_and_listing(tmp_path):
    base = str(tmp_path).replace("/", "\\")           # the Windows way, mapped back
    assert F.fRepCrée(base + "\\pj\\2024-03-15")
    assert F.fSauveTexte(base + "\\pj\\2024-03-15\\a.txt", "A")
    assert F.fCopieFichier(base + "\\pj\\2024-03-15\\a.txt", base + "\\pj\\b.txt")
    assert F.fCopieFichier(base + "\\pj\\b.txt", base + "\\pj\\2024-03-15")   # into a folder
    assert F.fRenomme(base + "\\pj\\b.txt", base + "\\pj\\c.txt")
    assert F.fDéplaceFichier(base + "\\pj\\c.txt", base + "\\pj\\d.TXT")
    listing = F.fListeFichier(str(tmp_path / "pj" / "*.txt")).split("\r\n")
    assert listing == [str(tmp_path / "pj" / "2024-03-15" / "a.txt"),
                       str(tmp_path / "pj" / "2024-03-15" / "b.txt")]
    assert F.fListeFichier(str(tmp_path / "pj" / "*.*"), F.frNonRécursif) == str(tmp_path / "pj" / "d.TXT")
    assert F.fListeRépertoire(str(tmp_path / "pj" / "*")) == str(tmp_path / "pj" / "2024-03-15")
    seen = []
    assert F.fListeFichier(str(tmp_path / "pj" / "*.txt"), lambda rep, nom: seen.append(nom)) == 2
    assert seen == ["a.txt", "b.txt"]
    assert len(F.fDate(tmp_path / "pj" / "d.TXT")) == 8 and len(F.fHeure(tmp_path / "pj" / "d.TXT")) == 8
    assert F.fSupprime(str(tmp_path / "pj" / "2024-03-15" / "*.txt"))
    assert F.fListeFichier(str(tmp_path / "pj" / "2024-03-15" / "*")) == ""
    assert F.fRepSupprime(tmp_path / "pj") and not (tmp_path / "pj").exists()
    assert not F.fRepSupprime(tmp_path / "pj") and ErreurDétectée()
    assert F.fSupprime(tmp_path / "absent.txt") is False and ErreurDétectée()


def test_completerep_temp_files_and_current_folder(tmp_path, monkeypatch):
    assert F.ComplèteRep("C:\\Temp") == "C:\\Temp\\" and F.ComplèteRep("/tmp") == "/tmp/"
    assert F.ComplèteRep("/tmp/") == "/tmp/"
    name = F.fFichierTemp("WL", tmp_path)
    assert os.path.isfile(name) and os.path.dirname(name) == str(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert F.fRepEnCours() == str(tmp_path)
    (tmp_path / "sub").mkdir()
    assert F.fRepEnCours("sub") and F.fRepEnCours() == str(tmp_path / "sub")
    assert F.fRépertoireTemp() and F.fRepTemp is F.fRépertoireTemp


def test_frepexe_is_the_scripts_folder_and_change_hook_sees_writes(tmp_path):
    (tmp_path / "log").mkdir()
    result = run_source(r'''
        Trace(fRepExe() = "''' + str(tmp_path) + r'''")
        fAjouteTexte(fRepExe() + "\log\mail.txt", "ligne" + RC)
        Trace(fChargeTexte(fRepExe() + "\log\mail.txt"))
        ''', tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == "1\nligne\n\n"
    seen = []
    F.change_hook = lambda action, *paths: seen.append((action, paths)) or False
    try:
        assert F.fSauveTexte(tmp_path / "dry.txt", "x") and F.fRepCrée(tmp_path / "dry")
    finally:
        F.change_hook = None
    assert not (tmp_path / "dry.txt").exists() and not (tmp_path / "dry").exists()
    assert [a for a, _ in seen] == ["write", "mkdir"]


# --- INI ----------------------------------------------------------------------

INI_PAGE = """\
[Exemples WD]
Nom1 = Wdinstall
Nom2 = WDBench
[Description du projet WDInstall]
Libellé = "Utilisez le panneau de configuration de Windows"
LST = 43
Page = 12
"""


def test_inilit_and_iniecrit_page_examples(tmp_path, drive_c):
    (drive_c / "Temp" / "ExemplesLST.INI").write_text(INI_PAGE, encoding="cp1252")
    result = run_source(r'''
        Trace(INILit("Exemples WD", "Nom2", "", "C:\Temp\ExemplesLST.INI"))
        Trace(INILit("Description du projet WDInstall", "Libellé", "", "C:\Temp\ExemplesLST.INI"))
        INIEcrit("Exemples WD", "Nom3", "WDExemple", "C:\Temp\ExemplesLST.INI")
        Trace(Remplace(INILit("Exemples WD", "", "", "C:\Temp\ExemplesLST.INI"), RC, ","))
        Trace(Remplace(INILit("", "", "", "C:\Temp\ExemplesLST.INI"), RC, ","))
        Trace(INILit("exemples wd", "NOM3", "?", "C:\Temp\ExemplesLST.INI"))
        Trace(INILit("Exemples WD", "Nom9", "Vide", "C:\Temp\ExemplesLST.INI"))
        Trace(INILit("Exemples WD", "Nom1", "Vide", "C:\Temp\Absent.INI"))
        INIEcrit("Exemples WD", "Nom1", "", "C:\Temp\ExemplesLST.INI")
        INIEcrit("Description du projet WDInstall", "", "", "C:\Temp\ExemplesLST.INI")
        INIEcrit("Compte", "Serveur", "imap.exemple.fr", "C:\Temp\ExemplesLST.INI")
        Trace(Remplace(INILit("", "", "", "C:\Temp\ExemplesLST.INI"), RC, ","))
        Trace(Remplace(INILit("Exemples WD", "", "", "C:\Temp\ExemplesLST.INI"), RC, ","))
        ''', tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "WDBench", "Utilisez le panneau de configuration de Windows", "Nom1,Nom2,Nom3",
        "Exemples WD,Description du projet WDInstall", "WDExemple", "Vide", "Vide",
        "Exemples WD,Compte", "Nom2,Nom3"]
    text = (drive_c / "Temp" / "ExemplesLST.INI").read_bytes().decode("cp1252")
    assert "Nom2 = WDBench" in text.splitlines()                # untouched lines kept as they were


def test_ini_without_a_folder_is_in_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert I.ini_path() == str(tmp_path / ".PCS.conf")
    assert I.INIEcrit("USER", "LastProd", "3", "Port.INI")
    assert (tmp_path / "Port.INI").read_bytes() == b"[USER]\r\nLastProd=3\r\n"
    assert I.INILit("USER", "LastProd", "", "Port.INI") == "3"
    assert I.INIEcrit("USER", "LastProd", "4") and I.INILit("USER", "LastProd") == "4"
    assert (tmp_path / ".PCS.conf").exists()


# --- environment, arguments, end of program ---------------------------------------

def test_lignecommande_page_example(tmp_path):
    script = tmp_path / "projet.wl"
    script.write_text(textwrap.dedent('''\
        Trace("[" + LigneCommande() + "]")
        Trace(LigneCommande(1))
        Trace(LigneCommande(3))
        Trace("[" + LigneCommande(6) + "]")
        Trace(LigneCommande("opt1"))
        Trace(LigneCommande("opt2"))
        Trace("[" + LigneCommande("opt3") + "]")
        Trace(LigneCommande("opt3", "Vide"))
        Trace(LigneCommande("select", "Faux"))
        '''), encoding="utf-8")
    result = run_cli("run", str(script), "param1", "/opt1=param2", "param31 param32",
                     '-opt2="param41 param42"', "/select")
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        '[param1 /opt1=param2 "param31 param32" -opt2="param41 param42" /select]',
        "param1", "param31 param32", "[]", "param2", "param41 param42", "[]", "Vide", "Faux"]


def test_password_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("WLMAIL_TEST_PASSWORD", "s3cret")
    result = run_source('''
        sLigne est une chaîne = SysEnvironnement("WLMAIL_TEST_PASSWORD")
        Trace(sLigne = "WLMAIL_TEST_PASSWORD=s3cret")
        Trace(ExtraitChaîne(SysEnvironnement("wlmail_test_pass"), 2, "="))
        Trace("[" + SysEnvironnement("WLMAIL_NO_SUCH_VARIABLE_X") + "]")
        ''', tmp_path)
    assert result.code == 0, result.stderr
    assert result.stdout == "1\ns3cret\n[]\n"
    assert "WLMAIL_TEST_PASSWORD=s3cret" in Y.SysEnvironnement().split("\r\n")


def test_finprogramme_ends_the_script(tmp_path):
    result = run_source('''
        Trace("avant")
        QUAND EXCEPTION DANS
            FinProgramme()
        FAIRE
            Trace("jamais")
        FIN
        Trace("après")
        ''', tmp_path)
    assert (result.code, result.stdout, result.stderr) == (0, "avant\n", "")
    result = run_source('''
        SI "x" <> "Rantanplan" ALORS
            FinProgramme("Mot de passe incorrect")
        FIN
        Trace("après")
        ''', tmp_path)
    assert (result.code, result.stdout, result.stderr) == (1, "", "Mot de passe incorrect\n")


def test_answer_option_and_no_terminal(tmp_path):
    source = '''
        SI OuiNon("Supprimer ?") = Oui ALORS
            Trace("supprimé")
        SINON
            Trace("gardé")
        FIN
        '''
    assert run_source(source, tmp_path, "a.wl", "--answer", "non").stdout == "gardé\n"
    assert run_source(source, tmp_path, "b.wl", "--answer", "oui").stdout == "supprimé\n"
    result = run_source(source, tmp_path, "c.wl")
    assert result.code == 1 and result.stdout == "" and "--answer oui" in result.stderr


def test_english_aliases_are_the_same_objects():
    pairs = [(F.fLoadText, F.fChargeTexte), (F.fSaveText, F.fSauveTexte), (F.fAddText, F.fAjouteTexte),
             (F.fFileExist, F.fFichierExiste), (F.fDirectoryExist, F.fRépertoireExiste),
             (F.fExtractPath, F.fExtraitChemin), (F.fExeDir, F.fRepExe), (F.fCurrentDir, F.fRepEnCours),
             (F.fOpen, F.fOuvre), (F.fReadLine, F.fLitLigne), (F.fWriteLine, F.fEcritLigne),
             (F.fClose, F.fFerme), (F.fListFile, F.fListeFichier), (F.fMakeDir, F.fRepCrée),
             (F.fRemoveDir, F.fRepSupprime), (F.fTempPath, F.fRépertoireTemp), (F.fTempFile, F.fFichierTemp),
             (F.CompleteDir, F.ComplèteRep), (F.fCopyFile, F.fCopieFichier), (F.fMoveFile, F.fDéplaceFichier),
             (F.fRename, F.fRenomme), (F.fDelete, F.fSupprime), (F.fSize, F.fTaille), (F.fTime, F.fHeure),
             (I.INIRead, I.INILit), (I.INIWrite, I.INIEcrit), (Y.CommandLine, Y.LigneCommande),
             (Y.SysEnvironment, Y.SysEnvironnement), (Y.EndProgram, Y.FinProgramme)]
    for english, french in pairs:
        assert english is french


def test_fecrit_and_flit(tmp_path):
    handle = F.fCrée(tmp_path / "b.txt")
    assert F.fEcrit(handle, "abcé") == 5 and F.fEcrit(handle, b"\x00") == 1
    F.fFerme(handle)
    handle = F.fOuvre(tmp_path / "b.txt", F.foLecture)
    assert F.fLit(handle, 3) == "abc"
    assert F.fEcrit(handle, "x") == -1 and ErreurDétectée()      # opened for reading only
    F.fFerme(handle)
    assert (tmp_path / "b.txt").read_bytes() == "abcé".encode() + b"\x00"
