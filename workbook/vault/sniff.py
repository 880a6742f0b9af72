"""What is at a path, told before a key derivation is spent on it.

A workbook has no magic number (it starts with a random salt) but it is always a regular
file of whole 4 KiB pages. Everything here is decided from the file's type, size and first
bytes, so a wrong sentence about a passphrase is never given for a file that could not
have opened with any passphrase, and nothing here can hang: a named pipe or a device is
recognised by its type and never read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from workbook.errors import (
    BadFileName,
    CannotOpen,
    DamagedWorkbook,
    NotAWorkbook,
    NotFound,
    ReadOnlyLocation,
)
from workbook.wording import count

# SQLCipher 4's page size; the vault never changes it, so every workbook is whole pages.
PAGE_SIZE = 4096
DEFAULT_SUFFIX = ".cwb"
# "CWKB": marks a decrypted database as ours, so another app's SQLCipher file is refused.
APPLICATION_ID = 0x43574B42
# SQLite keeps its rollback journal beside the workbook as NAME + "-journal".
JOURNAL_SUFFIX = "-journal"
# A new workbook's name leaves this many bytes for the names made from it: the journal,
# the lock file, the backups folder ("NAME backups") and dated backup copies, the longest
# being a second restore's copy of it within a second and that copy's journal:
# "-before-restore-2026-03-03-143000-2" and "-journal", 44 bytes more than the name.
NEW_NAME_HEADROOM = 48
# SQLite's Unix VFS opens no file whose full path (symbolic links resolved) is longer than
# 512 bytes (MAX_PATHNAME in os_unix.c), and every workbook's journal is its path plus
# "-journal": so a workbook's real path takes at most 504 bytes. Windows' limit is
# MAX_PATH, 260 characters, for apps not made long-path aware (said only after a failure:
# unverified here).
SQLITE_MAX_PATH = 512
WINDOWS_MAX_PATH = 260
# The longest file made from a workbook NAME.cwb in FOLDER is its dated backup beside it:
# FOLDER/NAME backups/NAME-before-restore-2026-03-03-143000-99.cwb (see workbook.backups).
_BACKUP_EXTRA = len("/ backups/") + len("-before-restore-2026-03-03-143000-99.cwb")

_FOREIGN_MAGIC = {
    b"SQLite format 3\x00": "an unencrypted SQLite database",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or an Office document",
    b"\xd0\xcf\x11\xe0": "an old-style Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}
# Only magic numbers of 3+ bytes: a workbook starts with a random salt, and a one-byte
# check would refuse one real workbook in 256.

_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
)

# Bytes a text file (CSV, JSON, notes) is made of. Random salt bytes all fall in this set
# with a probability of about 1 in 10^7 for 16 bytes, and 1 in 10^200 for 512.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 ("Unicode text" from Excel): a byte-order mark, then printable characters
        # only, which random bytes give about once in 10^12 for a 512-byte sample.
        text = head[:len(head) - len(head) % 2].decode("utf-16", errors="replace")
        return all(c.isprintable() or c in "\t\n\r" for c in text.rstrip("\ufffd"))
    if any(b < 0x20 and b not in _TEXT_CONTROLS for b in head) or b"\x7f" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sample may end inside a multi-byte character; anything earlier is not text.
        return exc.start >= len(head) - 3 and exc.reason == "unexpected end of data"
    return True


def name_max(folder: Path) -> int:
    """The longest file name, in bytes, the file system at `folder` takes (255 if unknown)."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (AttributeError, OSError, ValueError):
        return 255


def _name_bytes(path: Path) -> int:
    return len(os.fsencode(path.name))


def check_name_opens(path: Path) -> None:
    """Refuse a workbook whose name leaves no room for SQLite's journal beside it."""
    check_path_opens(path)
    folder = path.parent if str(path.parent) else Path(".")
    if _name_bytes(path) + len(JOURNAL_SUFFIX) > name_max(folder):
        raise CannotOpen(
            f"«{path.name}» has too long a file name to be opened: SQLite must create a "
            f"file named after it with «{JOURNAL_SUFFIX}» added. Rename it to something "
            "shorter and open it again.")


def sqlite_path_bytes(path: Path) -> int:
    """The bytes SQLite counts for the journal of the file at `path` (links resolved)."""
    return len(os.fsencode(os.path.realpath(path))) + len(JOURNAL_SUFFIX)


def _too_deep(path: Path, size: int, unit: str, limit: int) -> CannotOpen:
    return CannotOpen(
        f"«{path.name}» is in a folder whose full path is too long for SQLite, which keeps "
        f"the workbook ({size:,} {unit}; it takes at most {limit:,}): move it to a folder "
        "with a shorter path, nearer the top of the drive or with shorter folder names.")


def check_path_opens(path: Path) -> None:
    """Refuse, before SQLite does with "unable to open", a path too long for it to open."""
    if os.name != "nt" and sqlite_path_bytes(path) > SQLITE_MAX_PATH:
        raise _too_deep(path, sqlite_path_bytes(path) - len(JOURNAL_SUFFIX), "bytes",
                        SQLITE_MAX_PATH - len(JOURNAL_SUFFIX))


def long_path_failure(path: Path, *, windows: bool = os.name == "nt") -> CannotOpen | None:
    """Why SQLite could not open `path`, when its length is the likely reason."""
    if windows:
        chars = len(os.path.realpath(path))
        if chars + len(JOURNAL_SUFFIX) >= WINDOWS_MAX_PATH:
            return _too_deep(path, chars, "characters", WINDOWS_MAX_PATH - 1 - len(JOURNAL_SUFFIX))
        return None
    try:
        check_path_opens(path)
    except CannotOpen as exc:
        return exc
    return None


def check_new_path(path: Path) -> None:
    """Refuse a place for a new workbook where its own backups could not be opened."""
    if os.name == "nt":
        return
    real = Path(os.path.realpath(path))
    backup = (len(os.fsencode(real.parent)) + 2 * len(os.fsencode(real.stem)) + _BACKUP_EXTRA
              + len(JOURNAL_SUFFIX))
    if backup > SQLITE_MAX_PATH:
        raise BadFileName(
            f"«{path.name}» cannot go in this folder, whose full path is too long for the "
            f"backups made beside it in «{real.stem} backups» (SQLite could not open them): "
            "choose a folder with a shorter path or a shorter name "
            f"({count(backup - SQLITE_MAX_PATH, 'byte')} fewer).")


def check_new_name(path: Path) -> None:
    """Refuse a name for a new workbook that leaves no room for the names made from it."""
    folder = path.parent if str(path.parent) else Path(".")
    limit = name_max(folder) - NEW_NAME_HEADROOM
    if _name_bytes(path) > limit:
        raise BadFileName(
            f"The file name «{path.name}» is too long ({_name_bytes(path)} bytes): Coach "
            f"Workbook names its journal and backups after it. Choose a name of at most "
            f"{limit} bytes (an accented letter takes 2, most other scripts 3 each).")


def _folder_problem(folder: Path) -> str | None:
    """Why no file can be written into `folder` (missing, or not a folder), as the end of a
    sentence; None when it is a folder, or when only writing there can tell."""
    try:
        mode = os.stat(folder).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            return (f"the folder «{folder}» does not exist; create it first, or choose "
                    "another folder")
        if exc.errno == errno.ENAMETOOLONG:
            return (f"the name of the folder «{folder}» is too long for this computer; "
                    "choose a folder with a shorter path")
        return None  # not allowed to look, say: writing there says it in its own words
    if not stat.S_ISDIR(mode):
        return f"«{folder}» is a file, not a folder; choose another folder"
    return None


def check_folder_for_new(path: Path) -> None:
    """Say plainly when the folder a new workbook should go into is missing."""
    folder = path.parent if str(path.parent) else Path(".")
    problem = _folder_problem(folder)
    if problem is not None:
        raise NotFound(problem[0].upper() + problem[1:] + ".")


def check_output_folder(folder: Path) -> None:
    """Refuse (exit 2) a folder a command is to write its files into that is none."""
    problem = _folder_problem(folder)
    if problem is not None:
        raise BadFileName(problem[0].upper() + problem[1:] + ".")


def check_output_path(path: Path, *, workbook: bool = False) -> None:
    """Refuse (exit 2), before any work, a file a command is to write: its folder missing
    or a file, or its name longer than `new` gives a workbook (one rule for every file a
    command writes). With `workbook` (a backup copy), a name that leaves room for its
    journal, and a path SQLite can open."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    problem = _folder_problem(folder)
    if problem is not None:
        raise BadFileName(f"Cannot write «{path}»: {problem}.")
    # A backup copy needs room for its journal only; every other file keeps `new`'s rule.
    limit = name_max(folder) - (len(JOURNAL_SUFFIX) if workbook else NEW_NAME_HEADROOM)
    if _name_bytes(path) > limit:
        raise BadFileName(
            f"Cannot write «{path}»: its name takes {_name_bytes(path)} bytes, more than the "
            f"{limit} Coach Workbook gives a file it writes (an accented letter takes 2, "
            "most other scripts 3 each); choose a shorter name.")
    if workbook and os.name != "nt" and sqlite_path_bytes(path) > SQLITE_MAX_PATH:
        size, most = sqlite_path_bytes(path) - len(JOURNAL_SUFFIX), SQLITE_MAX_PATH - len(
            JOURNAL_SUFFIX)
        raise BadFileName(
            f"Cannot write «{path}»: its full path is too long for SQLite to open it "
            f"({size:,} bytes; it takes at most {most:,}); choose a folder with a shorter "
            "path, or a shorter name.")


def link_to_nothing(path: Path) -> str:
    """The sentence for `path`, a symbolic link whose target is not there."""
    return f"«{path}» is a link to «{os.readlink(path)}», where there is no file."


def link_loop(path: Path, fix: str = "point the link at the workbook, or open the workbook "
                                     "itself") -> str:
    """The sentence for `path`, a symbolic link that leads back to itself; `fix` says what
    to do about it (for a workbook by default)."""
    return (f"«{path}» is a symbolic link that leads back to itself (a loop), so there is no "
            f"file to open; {fix}.")


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise NotFound(link_to_nothing(path)) from None
        raise NotFound(f"There is no file at «{path}».") from None
    except PermissionError as exc:
        raise ReadOnlyLocation(f"You do not have permission to read «{path}».") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CannotOpen(link_loop(path)) from exc
        if exc.errno == errno.ENAMETOOLONG:
            raise CannotOpen(f"The name «{path}» is too long for this computer; rename the "
                             "file or its folders to something shorter.") from exc
        raise


def _read_head(path: Path, size: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError as exc:
        raise ReadOnlyLocation(f"You do not have permission to read «{path}».") from exc
    try:
        # The type again, on what was opened: a pipe swapped in since must not be read.
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAWorkbook(f"«{path.name}» is not a regular file, not a Coach Workbook "
                               "file.")
        return os.read(fd, min(size, 512))
    finally:
        os.close(fd)


def sniff(path: Path) -> None:
    """Refuse what cannot be a workbook: no file, a link loop, a folder, a pipe, a device, a
    known foreign format, a text file, or a file that is not a whole number of pages."""
    info = _stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise NotAWorkbook(f"«{path}» is a folder, not a Coach Workbook file.")
    for test, what in _SPECIAL:
        if test(info.st_mode):
            raise NotAWorkbook(f"«{path.name}» is {what}, not a Coach Workbook file.")
    size = info.st_size
    if size == 0:
        raise NotAWorkbook(f"«{path.name}» is empty; it is not a Coach Workbook file.")
    head = _read_head(path, size)
    for magic, what in _FOREIGN_MAGIC.items():
        if head.startswith(magic):
            raise NotAWorkbook(f"«{path.name}» is {what}, not a Coach Workbook file.")
    if _looks_like_text(head):
        raise NotAWorkbook(f"«{path.name}» is a text file (such as CSV or JSON), not a Coach "
                           "Workbook file.")
    if size % PAGE_SIZE:
        raise DamagedWorkbook(
            f"«{path.name}» is damaged, or is not a Coach Workbook file: its size is not a "
            "whole number of pages. If it is your workbook, open your most recent backup.")
