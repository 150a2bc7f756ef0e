"""The per-account token cache of unattended jobs: one JSON file per account (token URL,
client id, scope, user name), readable by its owner only.

Location: $XDG_STATE_HOME/wlmail/oauth (default ~/.local/state/wlmail/oauth), the
directory 0700 and each file 0600.  A file that other users could read is refused,
never used: its refresh token must be considered leaked."""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pathlib
import stat
import tempfile

__all__ = ["AccountKey", "cache_dir", "load", "save", "forget", "locked", "StoreError"]


class StoreError(Exception):
    pass


class AccountKey(tuple):
    """(token URL, client id, scope words sorted, user name): what identifies a refresh token."""

    def __new__(cls, token_url: str, client_id: str, scope: str, user: str):
        return super().__new__(cls, (token_url.strip(), client_id.strip(), " ".join(sorted(scope.split())),
                                     user.strip()))

    @property
    def filename(self) -> str:
        return hashlib.sha256("\n".join(self).encode()).hexdigest()[:40] + ".json"

    def describe(self) -> str:
        return f"{self[3] or 'the default user'} at {self[0]} (client {self[1]})"


def cache_dir() -> pathlib.Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return pathlib.Path(base) / "wlmail" / "oauth"


def path_of(key: AccountKey) -> pathlib.Path:
    return cache_dir() / key.filename


def _private_dir() -> pathlib.Path:
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    return directory


@contextlib.contextmanager
def locked(key: AccountKey):
    """One process at a time renews an account's token: with refresh-token rotation, two
    jobs renewing at once would leave one of them holding a dead refresh token."""
    path = _private_dir() / (key.filename[:-5] + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)                     # releases the lock


def load(key: AccountKey) -> dict | None:
    """The stored token (a dict with access_token, refresh_token, expires_at...) or None."""
    path = path_of(key)
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO) or st.st_uid != os.getuid():
        raise StoreError(f"the token file {path} is readable by other users or not yours: delete it, "
                         f"revoke the authorisation and authorise again")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"cannot read the token file {path}: {type(e).__name__}") from None
    if list(record.get("account", [])) != list(key):
        return None
    return record.get("token")


def save(key: AccountKey, token: dict) -> pathlib.Path:
    """Write atomically, 0600 from the first byte (never a moment readable by others)."""
    directory = _private_dir()
    path = directory / key.filename
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")   # mkstemp: mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"account": list(key), "token": dict(token)}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def forget(key: AccountKey) -> None:
    try:
        path_of(key).unlink()
    except FileNotFoundError:
        pass
