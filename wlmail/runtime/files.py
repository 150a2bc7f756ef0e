"""WLangage file and folder functions (the f* family) on a POSIX file system.

Paths written the Windows way work unchanged through `native_path`, the one
mapping every function applies (README, "Windows paths on Linux"):
  - `\\` is a folder separator like `/`;
  - a drive letter `X:` maps to the folder named by the environment variable
    `WLMAIL_DRIVE_X` when it is set, else to the root `/` (`C:\\Temp\\x` -> `/Temp/x`);
  - a UNC name `\\\\serveur\\partage\\x` becomes `//serveur/partage/x`;
  - case is kept as written (Linux file names are case-sensitive).

Failures follow each page: the documented return value (Faux, -1, "") and
ErreurDétectée / ErreurInfo() set, never a Python exception.  Text is read
as the help describes: a BOM decides (UTF-8, UTF-16), then UTF-8, then ANSI
(Windows-1252); `foAnsi` / `foUnicode` force ANSI / UTF-16.  Text is written
in UTF-8 unless the file is opened with `foAnsi` (Windows-1252) or
`foUnicode` (UTF-16 LE with BOM, WINDEV's Unicode files).

Every change to the disk goes through `_change`: `change_hook` (None by
default) sees each one first and may veto it, which is how `--dry-run`
reports f* writes instead of doing them.
`[D:nnn]` tags are page ids of PC SOFT's help mirrored in gcarcau/windev-react.
"""
from __future__ import annotations

import fnmatch
import os
import re
import shutil
import tempfile
import time
from typing import Callable

from .errors import clear_error, set_error
from .values import EOT, RC, to_buffer, to_int, to_str

__all__ = [
    "fChargeTexte", "fLoadText", "fSauveTexte", "fSaveText", "fAjouteTexte", "fAddText",
    "fChargeBuffer", "fLoadBuffer", "fSauveBuffer", "fSaveBuffer", "fAjouteBuffer", "fAddBuffer",
    "fFichierExiste", "fFileExist", "fRépertoireExiste", "fDirectoryExist", "fRepExiste", "fDirExist",
    "fSupprime", "fDelete", "fCopieFichier", "fCopyFile", "fDéplaceFichier", "fMoveFile",
    "fRenomme", "fRename", "fTaille", "fSize", "fDate", "fHeure", "fTime",
    "fRepCrée", "fMakeDir", "fRepSupprime", "fRemoveDir",
    "fListeFichier", "fListFile", "fListeRépertoire", "fListDirectory",
    "fExtraitChemin", "fExtractPath", "fRepEnCours", "fCurrentDir", "fRepExe", "fExeDir",
    "fRépertoireTemp", "fTempPath", "fRepTemp", "fTempDir", "fFichierTemp", "fTempFile",
    "ComplèteRep", "CompleteDir", "fSep",
    "fOuvre", "fOpen", "fCrée", "fCreate", "fLitLigne", "fReadLine", "fEcritLigne", "fWriteLine",
    "fEcrit", "fWrite", "fLit", "fRead", "fFerme", "fClose",
    # constants
    "fDisque", "fRépertoire", "fFichier", "fExtension", "fDrive", "fDirectory", "fFile",
    "fCréation", "fModification", "fAccès", "fCreation", "fModify", "fAccess",
    "frRécursif", "frNonRécursif", "frInformationComplète", "frInterruptible",
    "frSansFichierCaché", "frSansRépertoireCaché", "frRecursive", "frNotRecursive",
    "frFullInformation", "frNoHiddenFile", "frNoHiddenDirectory",
    "frLectureSeule", "frReadOnly",
    "foLecture", "foEcriture", "foLectureEcriture", "foAjout", "foCréation", "foCréationSiInexistant",
    "foAnsi", "foUnicode", "foBloqueLecture", "foBloqueEcriture",
    "foRead", "foWrite", "foReadWrite", "foAdd", "foCreate", "foCreateIfNotExist",
    "foLockRead", "foLockWrite",
    "fcEcrase", "fcOverwrite",
]

# fExtraitChemin parts [D:3036026]
fDisque, fRépertoire, fFichier, fExtension = 1, 2, 4, 8
fDrive, fDirectory, fFile = fDisque, fRépertoire, fFichier

# fDate / fHeure kinds [D:3036019][D:3036042]
fCréation, fModification, fAccès = 1, 2, 4
fCreation, fModify, fAccess = fCréation, fModification, fAccès

# fListeFichier / fListeRépertoire / fRepSupprime options [D:3036058][D:3036051]
frRécursif = 0
frNonRécursif = 1
frInformationComplète = 2
frInterruptible = 4
frSansFichierCaché = 8
frSansRépertoireCaché = 16
frLectureSeule = 32
frRecursive, frNotRecursive, frFullInformation = frRécursif, frNonRécursif, frInformationComplète
frNoHiddenFile, frNoHiddenDirectory, frReadOnly = frSansFichierCaché, frSansRépertoireCaché, frLectureSeule

# fOuvre / fCrée modes [D:3036036]: 0 (the old foTexte/foBinaire) means read/write
foLecture = 1
foEcriture = 2
foLectureEcriture = 3
foAjout = 4
foCréation = 8
foCréationSiInexistant = 16
foAnsi = 32
foUnicode = 64
foBloqueLecture = 128
foBloqueEcriture = 256
foRead, foWrite, foReadWrite, foAdd, foCreate = foLecture, foEcriture, foLectureEcriture, foAjout, foCréation
foCreateIfNotExist, foLockRead, foLockWrite = foCréationSiInexistant, foBloqueLecture, foBloqueEcriture

# fCopieFichier flag: overwrite without asking (wlmail never asks: it always overwrites)
fcEcrase = 1
fcOverwrite = fcEcrase

# --- paths ---------------------------------------------------------------------

_DRIVE = re.compile(r"^([A-Za-z]):")


def native_path(path) -> str:
    """The one mapping of a WLangage path (Windows or POSIX style) to this machine."""
    text = to_str(path)
    if text.startswith("\\\\"):                      # UNC \\server\share\...
        return "//" + text[2:].replace("\\", "/")
    drive = _DRIVE.match(text)
    if drive:
        root = os.environ.get(f"WLMAIL_DRIVE_{drive.group(1).upper()}", "/")
        rest = text[2:].replace("\\", "/").lstrip("/")
        return os.path.join(root, rest) if rest else root
    return text.replace("\\", "/")


_script_path: str | None = None


def set_script_path(path) -> None:
    """Called by `wlmail run` and by a transpiled module: fRepExe() is this file's folder."""
    global _script_path
    _script_path = None if path is None else os.path.abspath(str(path))


# --- the one gate for changes on disk -----------------------------------------

change_hook: Callable[..., bool] | None = None
"""Called as change_hook(action, *paths) before every change; returning False skips it
(the function then reports success, as a dry run should)."""


def _change(action: str, paths: tuple, operation: Callable[[], object]):
    if change_hook is not None and not change_hook(action, *paths):
        return None
    return operation()


def _fail(function: str, exc: BaseException | str, result):
    message = exc if isinstance(exc, str) else _os_message(exc)
    set_error(f"{function}: {message}", getattr(exc, "errno", 0) or 0)
    return result


def _os_message(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        name = exc.filename
        return f"{reason}: {name}" if name else reason
    return str(exc)


# --- encodings -----------------------------------------------------------------

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]


def decode_text(data: bytes, mode=None) -> str:
    """Bytes of a text file as a chaîne: foAnsi/foUnicode force; else BOM, UTF-8, ANSI."""
    mode = to_int(mode or 0)
    if mode & foAnsi:
        return data.decode("cp1252", errors="replace")
    if mode & foUnicode:
        return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le",
                           errors="replace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _codec(mode: int) -> str:
    if mode & foAnsi:
        return "cp1252"
    if mode & foUnicode:
        return "utf-16-le"
    return "utf-8"


def encode_text(value, mode: int = 0) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return to_str(value).encode(_codec(mode), errors="replace")


def write_bytes(path, data: bytes, append: bool = False) -> None:
    """Writes (or appends to) a whole file: the path mapped, the change gate passed; raises
    OSError.  What every function that saves a file uses (f*, INI, attachments)."""
    target = native_path(path)

    def write():
        with open(target, "ab" if append else "wb") as stream:
            stream.write(data)
    _change("append" if append else "write", (target,), write)


def _write_file(function: str, path, data: bytes, append: bool) -> bool:
    clear_error()
    try:
        write_bytes(path, data, append)
    except OSError as exc:
        return _fail(function, exc, False)
    return True


def _read_file(function: str, path) -> bytes | None:
    clear_error()
    try:
        with open(native_path(path), "rb") as stream:
            return stream.read()
    except OSError as exc:
        return _fail(function, exc, None)


# --- whole files ---------------------------------------------------------------

def fChargeTexte(path, mode=None) -> str:
    """The content of a text file; "" and ErreurDétectée on error [D:3036006]."""
    data = _read_file("fChargeTexte", path)
    return "" if data is None else decode_text(data, mode)


def fChargeBuffer(path) -> bytes:
    """The content of a file as a buffer; an empty buffer on error [D:1000019410]."""
    data = _read_file("fChargeBuffer", path)
    return b"" if data is None else data


def fSauveTexte(path, content) -> bool:
    """Creates (or replaces) a text file with the chaîne, in UTF-8 [D:3036046]."""
    return _write_file("fSauveTexte", path, encode_text(content), append=False)


def fSauveBuffer(path, buffer) -> bool:
    """Creates (or replaces) a file with the buffer's bytes [D:1000019412]."""
    return _write_file("fSauveBuffer", path, to_buffer(buffer), append=False)


def fAjouteTexte(path, content) -> bool:
    """Appends the chaîne to a text file, created if needed [D:1000020494]."""
    return _write_file("fAjouteTexte", path, encode_text(content), append=True)


def fAjouteBuffer(path, buffer) -> bool:
    """Appends the buffer to a file, created if needed [D:1000020496]."""
    return _write_file("fAjouteBuffer", path, to_buffer(buffer), append=True)


# --- tests and information -------------------------------------------------------

def fFichierExiste(path) -> bool:
    """Vrai if the file exists [D:3036015]."""
    clear_error()
    return os.path.isfile(native_path(path))


def fRépertoireExiste(path) -> bool:
    """Vrai if the folder exists [D:3036059][D:1000021899]."""
    clear_error()
    return os.path.isdir(native_path(path))


def fTaille(path) -> int:
    """Size in bytes; -1 on error [D:3036055]."""
    clear_error()
    try:
        return os.path.getsize(native_path(path))
    except OSError as exc:
        return _fail("fTaille", exc, -1)


def _stamp(function: str, path, kind) -> time.struct_time | None:
    clear_error()
    try:
        info = os.stat(native_path(path))
    except OSError as exc:
        return _fail(function, exc, None)
    kind = to_int(kind or fModification)
    seconds = info.st_atime if kind == fAccès else info.st_mtime
    if kind == fCréation:
        seconds = getattr(info, "st_birthtime", info.st_ctime)
    return time.localtime(seconds), seconds


def fDate(path, kind=None) -> str:
    """Date of the file as "AAAAMMJJ" (last change by default); "" on error [D:3036019]."""
    stamp = _stamp("fDate", path, kind)
    return "" if stamp is None else time.strftime("%Y%m%d", stamp[0])


def fHeure(path, kind=None) -> str:
    """Time of the file as "HHMMSSCC" (hundredths); "" on error [D:3036042]."""
    stamp = _stamp("fHeure", path, kind)
    if stamp is None:
        return ""
    hundredths = int((stamp[1] % 1) * 100)
    return time.strftime("%H%M%S", stamp[0]) + f"{hundredths:02d}"


# --- changes: delete, copy, move, rename, folders --------------------------------

def _matches(pattern: str) -> list[str]:
    """A path, or every file its * and ? wildcards match in its folder."""
    folder, name = os.path.split(pattern)
    if not any(c in name for c in "*?"):
        return [pattern]
    folder = folder or "."
    try:
        return [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                if fnmatch.fnmatchcase(n, name) and os.path.isfile(os.path.join(folder, n))]
    except OSError:
        return []


def fSupprime(path, option=None) -> bool:
    """Deletes a file (wildcards allowed) [D:3036029]."""
    clear_error()
    targets = _matches(native_path(path))
    try:
        for target in targets:
            if os.path.isdir(target):
                raise IsADirectoryError(21, "Is a folder (use fRepSupprime)", target)
            _change("delete", (target,), lambda t=target: os.remove(t))
    except OSError as exc:
        return _fail("fSupprime", exc, False)
    return True


def _transfer(function: str, action: str, source, destination, operation) -> bool:
    clear_error()
    sources = _matches(native_path(source))
    target = native_path(destination)
    if not sources:
        return _fail(function, f"no file matches {to_str(source)}", False)
    try:
        for src in sources:
            dst = os.path.join(target, os.path.basename(src)) if (
                os.path.isdir(target) or len(sources) > 1) else target
            _change(action, (src, dst), lambda s=src, d=dst: operation(s, d))
    except OSError as exc:
        return _fail(function, exc, False)
    return True


def fCopieFichier(source, destination, flags=None) -> bool:
    """Copies a file (wildcards allowed) to a file or a folder; an existing file is replaced
    [D:3036004]."""
    return _transfer("fCopieFichier", "copy", source, destination, shutil.copy2)


def fDéplaceFichier(source, destination, options=None) -> bool:
    """Moves a file to a file or a folder [D:3036060]."""
    return _transfer("fDéplaceFichier", "move", source, destination, shutil.move)


def fRenomme(old, new) -> bool:
    """Renames (or moves) a file [D:3036038]."""
    return _transfer("fRenomme", "rename", old, new, os.replace)


def fRepCrée(path) -> bool:
    """Creates a folder and the missing folders above it [D:3036043]."""
    clear_error()
    target = native_path(path)
    try:
        _change("mkdir", (target,), lambda: os.makedirs(target, exist_ok=True))
    except OSError as exc:
        return _fail("fRepCrée", exc, False)
    return True


def fRepSupprime(path, options=None) -> bool:
    """Deletes a folder with its files and sub-folders [D:3036051]."""
    clear_error()
    target = native_path(path)
    try:
        if not os.path.isdir(target):
            raise FileNotFoundError(2, "No such folder", target)
        _change("rmdir", (target,), lambda: shutil.rmtree(target))
    except OSError as exc:
        return _fail("fRepSupprime", exc, False)
    return True


# --- listing ----------------------------------------------------------------------

def _walk(pattern, options, want_dirs: bool) -> list[str]:
    full = native_path(pattern)
    folder, name = os.path.split(full)
    if not any(c in name for c in "*?"):
        folder, name = full, "*"
    folder = folder or "."
    recursive = not (to_int(options or 0) & frNonRécursif)
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        names = dirs if want_dirs else sorted(files)
        found += [os.path.join(root, n) for n in names if fnmatch.fnmatchcase(n, name)]
        if not recursive:
            break
    return found


def _listing(function: str, pattern, options, want_dirs: bool):
    clear_error()
    procedure, pointer = None, None
    if callable(options):
        procedure, options = options, None
    elif isinstance(options, str):
        return _fail(function, "a procedure name given as a chaîne is not supported: "
                     "pass the procedure itself", "")
    full = native_path(pattern)
    if not (os.path.isdir(full) or os.path.isdir(os.path.dirname(full) or ".")):
        return _fail(function, f"No such folder: {to_str(pattern)}", "" if procedure is None else 0)
    found = _walk(pattern, options, want_dirs)
    if procedure is None:
        if to_int(options or 0) & frInformationComplète:
            found = [_full_information(p) for p in found]
        return RC.join(found)
    count = 0
    for path in found:
        count += 1
        folder, name = os.path.split(path)
        if procedure(*(folder, name, count, pointer)[:_arity(procedure)]) is False:
            break
    return count


def _arity(procedure) -> int:
    code = getattr(procedure, "__code__", None)
    return 4 if code is None else min(4, code.co_argcount)


def _full_information(path: str) -> str:
    info = os.stat(path)
    stamp = time.strftime("%Y%m%d%H%M%S", time.localtime(info.st_mtime))
    attributes = ("D" if os.path.isdir(path) else "") + ("" if os.access(path, os.W_OK) else "R")
    if os.path.basename(path).startswith("."):
        attributes += "H"
    return "\t".join([path, str(info.st_size), stamp, attributes])


def fListeFichier(pattern, options=None, *extra):
    """The files matching a path and wildcards, full names separated by RC; recursive unless
    frNonRécursif.  With a procedure instead of options: calls it for each file
    (folder, name, rank, pointer) and returns the count [D:3036058]."""
    return _listing("fListeFichier", pattern, options, want_dirs=False)


def fListeRépertoire(pattern, options=None, *extra):
    """The sub-folders matching a path and wildcards, separated by RC [D:3036062]."""
    return _listing("fListeRépertoire", pattern, options, want_dirs=True)


def fExtraitChemin(path, parts) -> str:
    """The requested parts of a path, with its own separators: fDisque ("C:" or the UNC
    server and share; "" on Linux), fRépertoire ("\\Temp\\Donnée\\"), fFichier (name
    without extension), fExtension (".txt") [D:3036026]."""
    clear_error()
    text, wanted = to_str(path), to_int(parts)
    drive = ""
    unc = re.match(r"^([\\/]{2}[^\\/]+[\\/][^\\/]+)", text)
    if unc:
        drive = unc.group(1)
    elif _DRIVE.match(text):
        drive = text[:2]
    rest = text[len(drive):]
    cut = max(rest.rfind("\\"), rest.rfind("/")) + 1
    folder, name = rest[:cut], rest[cut:]
    dot = name.rfind(".")
    stem, extension = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    result = ""
    for flag, value in ((fDisque, drive), (fRépertoire, folder), (fFichier, stem), (fExtension, extension)):
        if wanted & flag:
            result += value
    return result


# --- folders of the program ----------------------------------------------------------

def fRepEnCours(new=None):
    """The current folder; with a parameter, changes it and returns Vrai/Faux [D:3036022]."""
    clear_error()
    if new is None:
        return os.getcwd()
    try:
        os.chdir(native_path(new))
    except OSError as exc:
        return _fail("fRepEnCours", exc, False)
    return True


def fRepExe() -> str:
    """The folder of the running script (of the transpiled module), without a final
    separator [D:3036049]."""
    clear_error()
    return os.path.dirname(_script_path) if _script_path else os.getcwd()


def fRépertoireTemp() -> str:
    """The folder for temporary files [D:3036044][D:1000021768]."""
    clear_error()
    return tempfile.gettempdir()


def fFichierTemp(prefix="", folder=None) -> str:
    """Creates an empty file with a unique name and returns its full name; "" on error
    [D:3036011]."""
    clear_error()
    where = native_path(folder) if folder else tempfile.gettempdir()
    try:
        handle, name = tempfile.mkstemp(prefix=to_str(prefix)[:3], suffix=".tmp", dir=where)
    except OSError as exc:
        return _fail("fFichierTemp", exc, "")
    os.close(handle)
    return name


def fSep() -> str:
    """The folder separator of this system [D:1000019647]."""
    return os.sep


def ComplèteRep(path) -> str:
    """The path with a final separator added if missing: the path's own separator ("\\" for a
    Windows path, "/" otherwise)."""
    text = to_str(path)
    if text == "" or text.endswith(("\\", "/")):
        return text
    return text + ("\\" if "\\" in text and "/" not in text else "/")


# --- open files: fOuvre / fLitLigne / fEcritLigne / fFerme --------------------------

class _OpenFile:
    __slots__ = ("stream", "codec", "path")

    def __init__(self, stream, codec: str, path: str):
        self.stream, self.codec, self.path = stream, codec, path


_open_files: dict[int, _OpenFile] = {}
_next_id = [1]


def _open(function: str, path, mode, create: bool) -> int:
    clear_error()
    target = native_path(path)
    flags = to_int(mode or 0)
    exists = os.path.exists(target)
    if create or flags & foCréation:
        python_mode = "w+b"
    elif flags & foAjout:
        python_mode = "a+b"
    elif flags & foCréationSiInexistant and not exists:
        python_mode = "w+b"
    elif flags & (foLecture | foEcriture) == foLecture:
        python_mode = "rb"
    else:
        python_mode = "r+b"
    try:
        if "w" in python_mode or "a" in python_mode:
            stream = _change("open for writing", (target,), lambda: open(target, python_mode))
            if stream is None:                   # vetoed by the change hook: write nowhere
                stream = open(os.devnull, python_mode.replace("r", "w"))
        else:
            stream = open(target, python_mode)
    except OSError as exc:
        return _fail(function, exc, -1)
    codec = _codec(flags)
    if flags & foUnicode:
        head = stream.read(2) if "r" in python_mode else b""
        if head in (b"\xff\xfe", b"\xfe\xff"):
            codec = "utf-16-le" if head == b"\xff\xfe" else "utf-16-be"
        else:
            stream.seek(0, os.SEEK_END if "a" in python_mode else os.SEEK_SET)
            if "w" in python_mode:
                stream.write(b"\xff\xfe")        # WINDEV's Unicode files start with a BOM
    elif python_mode in ("rb", "r+b"):
        if stream.read(3) != b"\xef\xbb\xbf":       # skip a UTF-8 BOM
            stream.seek(0)
    handle = _next_id[0]
    _next_id[0] += 1
    _open_files[handle] = _OpenFile(stream, codec, target)
    return handle


def fOuvre(path, mode=None) -> int:
    """Opens a file; returns its identifier, -1 on error [D:3036036]."""
    return _open("fOuvre", path, mode, create=False)


def fCrée(path, mode=None) -> int:
    """Creates (or empties) a file and opens it; returns its identifier, -1 on error
    [D:3036017]."""
    return _open("fCrée", path, mode, create=True)


def _handle(function: str, identifier) -> _OpenFile | None:
    clear_error()
    handle = _open_files.get(to_int(identifier))
    if handle is None:
        set_error(f"{function}: the file {to_str(identifier)} is not open")
    return handle


def fLitLigne(identifier, separator=RC) -> str:
    """The next line (without its end, RC or a lone LF); EOT at the end of the file;
    "" with ErreurDétectée on error [D:3036031]."""
    handle = _handle("fLitLigne", identifier)
    if handle is None:
        return ""
    end = to_str(separator).encode(handle.codec)
    width = 2 if handle.codec.startswith("utf-16") else 1
    stream, line = handle.stream, bytearray()
    try:
        while True:
            chunk = stream.read(width)
            if not chunk:
                if not line:
                    return EOT
                break
            line += chunk
            if line.endswith(end):
                del line[-len(end):]
                break
            if to_str(separator) == RC and line.endswith("\n".encode(handle.codec)):   # a Unix line end
                del line[-width:]
                break
    except OSError as exc:
        return _fail("fLitLigne", exc, "")
    return bytes(line).decode(handle.codec, errors="replace")


def _write_open(function: str, identifier, text) -> int:
    handle = _handle(function, identifier)
    if handle is None:
        return -1
    data = bytes(text) if isinstance(text, (bytes, bytearray)) else \
        to_str(text).encode(handle.codec, errors="replace")
    try:
        handle.stream.write(data)
        handle.stream.flush()
    except OSError as exc:
        return _fail(function, exc, -1)
    except ValueError:                                       # opened read-only
        return _fail(function, "the file is open for reading only", -1)
    return len(data)


def fEcritLigne(identifier, line) -> int:
    """Writes the chaîne followed by RC; returns the number of bytes written, -1 on error
    [D:3036025]."""
    return _write_open("fEcritLigne", identifier, to_str(line) + RC)


def fEcrit(identifier, text) -> int:
    """Writes the chaîne (or buffer) as is; bytes written, -1 on error [D:3036014]."""
    return _write_open("fEcrit", identifier, text)


def fLit(identifier, size) -> str:
    """Reads `size` characters (bytes for an ANSI file); "" at the end [D:3036048]."""
    handle = _handle("fLit", identifier)
    if handle is None:
        return ""
    width = 2 if handle.codec.startswith("utf-16") else 1
    return handle.stream.read(to_int(size) * width).decode(handle.codec, errors="replace")


def fFerme(identifier) -> int:
    """Closes a file opened by fOuvre/fCrée: 0, or -1 on error [D:3036027]."""
    handle = _handle("fFerme", identifier)
    if handle is None:
        return -1
    del _open_files[to_int(identifier)]
    try:
        handle.stream.close()
    except OSError as exc:
        return _fail("fFerme", exc, -1)
    return 0


def close_all() -> None:
    """Files left open close at program end, as in WINDEV."""
    for identifier in list(_open_files):
        fFerme(identifier)


fLoadText, fSaveText, fAddText = fChargeTexte, fSauveTexte, fAjouteTexte
fLoadBuffer, fSaveBuffer, fAddBuffer = fChargeBuffer, fSauveBuffer, fAjouteBuffer
fFileExist, fDirectoryExist = fFichierExiste, fRépertoireExiste
fRepExiste = fDirExist = fRépertoireExiste
fDelete, fCopyFile, fMoveFile, fRename, fSize = fSupprime, fCopieFichier, fDéplaceFichier, fRenomme, fTaille
fTime = fHeure
fMakeDir, fRemoveDir = fRepCrée, fRepSupprime
fListFile, fListDirectory, fExtractPath = fListeFichier, fListeRépertoire, fExtraitChemin
fCurrentDir, fExeDir = fRepEnCours, fRepExe
fTempPath = fRépertoireTemp
fRepTemp = fTempDir = fRépertoireTemp
fTempFile = fFichierTemp
CompleteDir = ComplèteRep
fOpen, fCreate, fReadLine, fWriteLine = fOuvre, fCrée, fLitLigne, fEcritLigne
fWrite, fRead, fClose = fEcrit, fLit, fFerme
