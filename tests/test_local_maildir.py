"""The local backend's compact Maildir table (backends/_maildir_table.py): ids stay put
through flag changes, deletions, new mail, renames by other programs and copies/moves
between folders, on a few hundred messages."""
from __future__ import annotations

import email
import os
from array import array

from seed import seed_maildir

from wlmail.runtime.email.backends._maildir_table import _pack, _unpack
from wlmail.runtime.email.backends.local import LocalBackend

N = 300


def msg(i: int) -> bytes:
    return (f"From: s@example.test\r\nSubject: message {i}\r\nMessage-ID: <m{i}@example.test>\r\n"
            f"Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n\r\nbody {i}\r\n").encode()


def mid(data: bytes) -> str:
    return email.message_from_bytes(data)["Message-ID"]


def mids(b: LocalBackend, ids) -> list[str]:
    return [mid(m.data) for m in b.fetch(list(ids))]


def opened(path) -> LocalBackend:
    b = LocalBackend(path)
    b.open()
    return b


def test_names_pack_and_unpack():
    for name in (b"1700000000.M123456P4242Q17.host.example", b"1700000000.M1P2V0000000803I000abc12_0.h,S=2048,W=2100",
                 b"", b"1", b"12", b"caf\xc3\xa9", b"\xff\x00.1", "é-ü".encode("utf-8", "surrogateescape")):
        assert _unpack(_pack(name)) == name
    assert len(_pack(b"1700000000.M123456P4242Q17.host")) < 22        # digits and dots: half a byte


def test_ids_stable_through_flags_deletion_new_mail_and_renames(tmp_path):
    md = str(tmp_path / "Mail")
    seed_maildir(md, [msg(i) for i in range(1, N + 1)], seen_flags=[i % 3 == 0 for i in range(1, N + 1)],
                 owner=(os.getuid(), os.getgid()))
    b = opened(md)
    ids = b.id_sequence()
    assert ids == range(1, N + 1)                           # nothing missing: no array at all
    assert b.ids() == list(range(1, N + 1))
    assert mids(b, [1, 150, N]) == ["<m1@example.test>", "<m150@example.test>", f"<m{N}@example.test>"]
    assert b.ids(unseen_only=True) == [i for i in range(1, N + 1) if i % 3]
    table = b._cur().table
    b.ids()
    assert table._slots is None                            # unchanged folder: rescanned row by row

    # flags: the file is renamed, the id stays, the neighbours are untouched
    b.set_flag([10, 11], "\\Flagged", True)
    b.set_seen([10], True)
    assert b.flags(10) == ["\\Flagged", "\\Seen"] and b.flags(11) == ["\\Flagged"]
    assert b.ids() == list(range(1, N + 1))
    assert mids(b, [10, 11, 12]) == ["<m10@example.test>", "<m11@example.test>", "<m12@example.test>"]
    assert [m.flags for m in b.fetch([10, 12, 13])] == [("\\Flagged", "\\Seen"), ("\\Seen",), ()]
    b.set_flag([10], "\\Flagged", False)
    assert b.flags(10) == ["\\Seen"]

    # deletion: \Deleted first, gone at expunge; the other ids do not move
    b.delete(20)
    b.delete(21)
    assert b.is_deleted(20) and b.ids()[19] == 20
    b.expunge()
    assert 20 not in b.ids() and 21 not in b.ids() and len(b.ids()) == N - 2
    assert isinstance(b.id_sequence(), array)
    assert mids(b, [19, 20, 21, 22]) == ["<m19@example.test>", "<m22@example.test>"]

    # new mail during the session: the next ids, oldest first, whoever delivered it
    b.append("INBOX", msg(1001), seen=False)
    with open(os.path.join(md, "new", "1800000000.M1P1Q1.elsewhere"), "wb") as f:
        f.write(msg(1002))
    os.utime(os.path.join(md, "new", "1800000000.M1P1Q1.elsewhere"), (4e9, 4e9))   # after the append
    ids = b.ids()
    assert ids[-2:] == [N + 1, N + 2] and len(ids) == N
    assert mids(b, ids[-2:]) == ["<m1001@example.test>", "<m1002@example.test>"]
    assert b.ids(unseen_only=True)[-2:] == [N + 1, N + 2]
    # a message in new/ moves to cur/ when its flags change
    b.set_seen([N + 2], True)
    assert os.listdir(os.path.join(md, "new")) == []
    assert b.flags(N + 2) == ["\\Seen"] and mids(b, [N + 2]) == ["<m1002@example.test>"]

    # another program renames and removes files: same ids, the removed one is gone
    cur = os.path.join(md, "cur")
    name = next(n for n in os.listdir(cur) if mid(open(os.path.join(cur, n), "rb").read()) == "<m30@example.test>")
    os.rename(os.path.join(cur, name), os.path.join(cur, name.split(":")[0] + ":2,RS"))
    gone = next(n for n in os.listdir(cur) if mid(open(os.path.join(cur, n), "rb").read()) == "<m40@example.test>")
    os.unlink(os.path.join(cur, gone))
    assert b.flags(30) == ["\\Answered", "\\Seen"] and mids(b, [30]) == ["<m30@example.test>"]
    assert 40 not in b.ids() and mids(b, [39, 40, 41]) == ["<m39@example.test>", "<m41@example.test>"]
    assert b.search(["SUBJECT", "message 41"]) == [41]
    b.close()

    # a new session numbers what is there afresh, in the same order
    again = opened(md)
    assert len(again.ids()) == N - 1
    assert mids(again, [1, 19, 20])[-1] == "<m22@example.test>"
    again.close()


def test_copy_and_move_between_folders(tmp_path):
    md = str(tmp_path / "Mail")
    seed_maildir(md, [msg(i) for i in range(1, N + 1)], owner=(os.getuid(), os.getgid()))
    b = opened(md)
    b.create_folder("Archive")
    b.select_folder("Archive")
    assert b.ids() == []
    b.select_folder("INBOX")
    b.set_seen([5], True)
    for id in (5, 6, 7):
        b.copy(id, "Archive")
    b.delete(6)                                             # a move: copy, delete, expunge
    b.expunge()
    assert len(b.ids()) == N - 1 and 6 not in b.ids()
    b.select_folder("Archive")
    assert b.ids() == [1, 2, 3]
    assert mids(b, [1, 2, 3]) == ["<m5@example.test>", "<m6@example.test>", "<m7@example.test>"]
    assert b.flags(1) == ["\\Seen"] and b.flags(2) == []
    b.delete(1)
    b.expunge()
    b.select_folder("INBOX")                               # each folder keeps its own ids
    assert mids(b, [5, 7]) == ["<m5@example.test>", "<m7@example.test>"]
    b.select_folder("Archive")
    assert b.ids() == [2, 3]
    b.close()


def test_many_distinct_flag_suffixes_and_equal_mtimes(tmp_path, monkeypatch):
    """Past the suffixes two bytes hold, the table widens; files sharing an mtime second
    are numbered by exact mtime, then name."""
    from wlmail.runtime.email.backends._maildir_table import MessageTable
    monkeypatch.setattr(MessageTable, "_narrow_suffixes", 2)
    md = tmp_path / "Mail"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    files = [("b.host", ":2,S", 5.0), ("a.host", ":2,", 5.0), ("c.host", ":2,F", 5.5), ("d.host", ":2,a", 4.9)]
    for i, (base, suffix, t) in enumerate(files):
        p = md / "cur" / (base + suffix)
        p.write_bytes(msg(i))
        os.utime(p, (1_700_000_000 + t, 1_700_000_000 + t))
    b = opened(md)
    assert mids(b, b.ids()) == ["<m3@example.test>", "<m1@example.test>", "<m0@example.test>", "<m2@example.test>"]
    assert b.flags(1) == [] and b.flags(3) == ["\\Seen"] and b.flags(4) == ["\\Flagged"]
    b.set_flag([1], "\\Draft", True)
    b.delete(2)
    b.expunge()
    assert b.ids() == [1, 3, 4] and b.flags(1) == ["\\Draft"] and b.ids(unseen_only=True) == [1, 4]
    b.close()
