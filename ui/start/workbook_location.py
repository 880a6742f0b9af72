"""Where a new workbook goes, read from whatever the coach typed in the Location field.

Any text must end in either a usable file path or one sentence saying why not: nothing here
raises, whatever the text holds (control characters, a bare drive, a folder, 5,000
characters, a character the file system cannot store). No Qt: the dialog shows the result.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

from workbook.vault import DEFAULT_SUFFIX

DEFAULT_NAME = "Coaching workbook"
# Refused on every system, not only Windows: a workbook is copied between computers, and a
# name Windows cannot hold is lost on the way (a USB stick, a hospital share).
FORBIDDEN = '\\/:*?"<>|'
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                      *(f"LPT{i}" for i in range(1, 10))})
MAX_NAME_BYTES = 255

def _fs_call(check: Callable[[], bool]) -> bool:
    """`check()`, or False when the file system cannot even be asked (a name too long, a
    character it cannot store, a folder we may not look into)."""
    try:
        return check()
    except (OSError, ValueError):
        return False


def free_name(folder: Path) -> Path:
    """The default file name in `folder`, numbered past the ones already taken."""
    candidate = folder / f"{DEFAULT_NAME}{DEFAULT_SUFFIX}"
    n = 2
    while _fs_call(candidate.exists) and n < 10_000:
        candidate = folder / f"{DEFAULT_NAME} {n}{DEFAULT_SUFFIX}"
        n += 1
    return candidate


def with_suffix(text: str, folder: Path) -> Path | None:
    """The file a typed location means: `~` expanded, relative to `folder`, `.cwb` added;
    a folder (typed as one, or one that exists) gets the default name inside it."""
    text = text.strip()
    if not text:
        return None
    try:
        path = Path(text).expanduser()
    except (RuntimeError, ValueError):  # "~someone" for a user this computer does not know,
        path = Path(text)              # or "~" then a NUL: a plain name, refused further on
    if not path.is_absolute():
        path = folder / path
    if not path.name or text.endswith(("/", os.sep)) or _fs_call(path.is_dir):
        return free_name(path)
    if path.name.lower().endswith(DEFAULT_SUFFIX):
        return path
    return path.with_name(path.name + DEFAULT_SUFFIX)


def _name_problem(path: Path) -> str | None:
    text = str(path)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        return ("A location cannot contain tabs, line breaks or other control characters; "
                "remove them.")
    try:
        os.fsencode(text)
    except UnicodeError:
        return "The location holds a character no file name can store; remove it."
    name = path.name
    if path.name.lower() == DEFAULT_SUFFIX or not path.stem.strip(" ."):
        return f"Give the workbook a name before «{DEFAULT_SUFFIX}»."
    if any(ch in FORBIDDEN for ch in name):
        return f"A file name cannot contain any of {' '.join(FORBIDDEN)}; choose another name."
    if path.stem.split(".")[0].strip().upper() in RESERVED:
        return f"«{path.stem}» is a name Windows keeps for devices; choose another name."
    if len(os.fsencode(name)) > MAX_NAME_BYTES:
        return "That file name is too long; use a shorter one."
    return None


def shown(path: Path) -> str:
    return f"«{path}»"


def _folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot receive the file: missing, a file, or not writable."""
    if _fs_call(folder.is_dir):
        if not os.access(folder, os.W_OK):
            return f"You cannot save files in {shown(folder)}; choose another folder."
        return None
    for ancestor in (folder, *folder.parents):
        if _fs_call(ancestor.exists):
            if not _fs_call(ancestor.is_dir):
                return f"{shown(ancestor)} is a file, not a folder; choose another location."
            break
    return f"The folder {shown(folder)} does not exist; choose another."


def location_problem(path: Path | None) -> str | None:
    """The sentence saying why the workbook cannot be created at `path`, or None."""
    if path is None:
        return "Choose where to save the workbook."
    problem = _name_problem(path)
    if problem:
        return problem
    try:
        os.stat(path.parent)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "That location is too long; choose a shorter folder or name."
    problem = _folder_problem(path.parent)
    if problem:
        return problem
    try:
        os.stat(path)  # follows links: a dangling one is the vault's to refuse
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "That location is too long; choose a shorter folder or name."
        return f"{shown(path)} cannot be used; choose another name."
    return f"«{path.name}» already exists in that folder; choose another name."
