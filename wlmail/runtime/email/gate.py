"""The one gate for changes: every operation that changes a mailbox or sends mail
(delete, expunge, copy, flag change, folder create or delete, send) goes through
`change()`.  It is the only place that knows about

* dry-run (`wlmail run --dry-run`): the change is printed on stderr as
  ``wlmail: would <operation> ...`` with the UID and Message-ID, and reported as a
  success to the script without calling the backend;
* the audit log (`wlmail run --log FILE`): one JSON line per change is appended
  (time, script, account - never a password -, operation, folder, UID, Message-ID,
  result);
* "a send or a deletion is never repeated after a failure": when a change fails in
  a way that leaves its outcome unknown (the connection was lost or timed out while
  it was under way), the same change asked again - same account, folder and UID,
  or the same message to the same recipients - is refused without touching the
  server.  The backends themselves never retry a change.

f* file writes (another runtime family) ask `file_change(action, *paths)` before writing:
in a dry run it reports ``would write PATH`` and answers False (nothing is written).
"""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import re
import sys
import threading
from typing import Callable

from .backends.base import ERR_NETWORK, ERR_TIMEOUT, MailError

__all__ = ["configure_gate", "change", "file_change", "send_fingerprint", "settings"]


@dataclasses.dataclass
class _Settings:
    dry_run: bool = False
    log: str | None = None           # audit log file (JSON lines, appended)
    script: str = ""                 # the script's path, for the log


settings = _Settings()
_uncertain: set[tuple] = set()       # changes whose failure left their outcome unknown
_lock = threading.Lock()


def configure_gate(dry_run: bool = False, log=None, script: str = "") -> None:
    """Set by `wlmail run --dry-run --log FILE` (or by Python code before running)."""
    settings.dry_run = bool(dry_run)
    settings.log = os.fspath(log) if log else None
    settings.script = str(script or "")
    _uncertain.clear()


def _scrub(text: str) -> str:
    from .sessions import scrub
    return scrub(text)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


def _append_log(record: dict) -> None:
    if not settings.log:
        return
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        with _lock, open(settings.log, "a", encoding="utf-8") as fh:
            fh.write(line)
    except OSError as e:
        # the change itself happened (or not) already: say so, but do not turn it into a failure
        print(f"wlmail: cannot write the audit log {settings.log}: {e.strerror or e}", file=sys.stderr)


def _describe(op: str, folder, uid, message_id: str, target: str, account: str) -> str:
    parts = [op]
    if uid is not None:
        parts.append(f"UID {uid}")
    if message_id:
        parts.append(message_id)
    if target:
        parts.append(target)
    if folder:
        parts.append(f"in {folder}")
    if account:
        parts.append(f"({account})")
    return " ".join(parts)


def change(account: str, op: str, action: Callable[[], object], *, folder=None, uid=None,
           message_id: str | Callable[[], str] = "", target: str = "", fingerprint: str = ""):
    """Run one mailbox-changing operation `action()` (or, in a dry run, only report it).

    `op` names the operation for people ("delete", "expunge", "copy", "mark read",
    "mark unread", "create folder", "delete folder", "send"); `target` is its object
    ("to Archive", "to bob@example.org"); `message_id` may be a callable, evaluated
    only when a dry run or the log needs it.  Returns `action()`'s result (None in a dry run);
    a failure is logged and re-raised."""
    # a message is the same whichever session or server it is sent through again
    key = (op, fingerprint) if fingerprint else (account, op, folder, uid)
    needs_detail = settings.dry_run or settings.log
    mid = ""
    if needs_detail:
        try:
            mid = message_id() if callable(message_id) else message_id
        except Exception:              # the Message-ID is for people: never let it stop a change
            mid = ""
    record = {"time": "", "script": settings.script, "account": account, "operation": op,
              "folder": folder, "uid": uid, "message_id": mid or None, "target": target or None,
              "result": ""}

    def finish(result: str) -> None:
        if settings.log:
            record["time"] = _now()
            record["result"] = _scrub(result)
            _append_log(record)

    if key in _uncertain:
        message = (f"{op}: not repeated: an earlier attempt failed while under way and may have "
                   f"taken effect")
        finish(f"refused: {message}")
        raise MailError(ERR_NETWORK, message)
    if settings.dry_run:
        print(_scrub("wlmail: would " + _describe(op, folder, uid, mid, target, account)),
              file=sys.stderr, flush=True)
        finish("dry-run")
        return None
    try:
        result = action()
    except MailError as e:
        if e.code in (ERR_NETWORK, ERR_TIMEOUT):
            _uncertain.add(key)
        finish(f"failed: {e.message}")
        raise
    except BaseException as e:
        _uncertain.add(key)
        finish(f"failed: {type(e).__name__}")
        raise
    finish("ok")
    return result


_VOLATILE = re.compile(rb"^(?:Message-ID|Date):.*(?:\r?\n[ \t].*)*\r?\n", re.I | re.M)


def send_fingerprint(sender: str, recipients, data: bytes) -> str:
    """What makes two sends "the same message": envelope and content, leaving out the
    Message-ID and Date that composing generates afresh for every attempt."""
    end = data.find(b"\r\n\r\n")
    head, body = (data[:end + 2], data[end + 2:]) if end != -1 else (data, b"")
    h = hashlib.sha256()
    h.update(sender.encode("utf-8", "replace") + b"\0")
    h.update(",".join(sorted(recipients)).encode("utf-8", "replace") + b"\0")
    h.update(_VOLATILE.sub(b"", head) + body)
    return h.hexdigest()


def file_change(action: str, *paths) -> bool:
    """The f* file functions' change hook (`files.change_hook(action, *paths)` on the runtimelib
    branch): in a dry run the change is reported as ``would write PATH`` (``would append``,
    ``would delete``...) and skipped (False); otherwise it goes ahead (True)."""
    if settings.dry_run:
        print(f"wlmail: would {action} " + " ".join(os.fspath(p) for p in paths), file=sys.stderr, flush=True)
        return False
    return True
