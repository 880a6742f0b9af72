"""Where exported PDFs go: names a coach recognises, never overwriting a file already there,
and several files written all together or not at all."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path

from workbook.errors import InvalidInput
from workbook.vault import files as vault_files

# Characters no common file system accepts in a name; everything else (accents, any script)
# stays as the coach typed it.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
# In bytes: with "summary-", the date, " (99)", ".pdf" and a temporary name's suffix, a file
# name stays under the 255 bytes every common file system allows, in any script.
_MAX_STEM = 150


def file_name(kind: str, name: str, day: str) -> str:
    """"summary-Zoë Kowalczyk-2026-03-01.pdf": the coachee's name as shown, made safe."""
    safe = _UNSAFE.sub("-", name).strip(" .-")
    safe = safe.encode("utf-8")[:_MAX_STEM].decode("utf-8", "ignore").strip(" .-")
    return f"{kind}-{safe}-{day}.pdf" if safe else f"{kind}-{day}.pdf"


def free_path(folder: Path, name: str, taken: set[str]) -> Path:
    """`folder/name`, or `name (2)`, `name (3)`… when a file of that name exists already
    or was chosen earlier in the same batch (`taken`, compared case-insensitively as
    Windows and macOS do; the name chosen is added to it)."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = name, 1
    while (folder / candidate).exists() or candidate.casefold() in taken:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    taken.add(candidate.casefold())
    return folder / candidate


def write_file(path: Path | str, data: bytes) -> Path:
    """Write `data` to `path` atomically, readable by the owner only; returns the path."""
    target = Path(path)
    with vault_files.atomic_write(target, "wb") as fh:
        fh.write(data)
    return target


def write_all(folder: Path | str, files: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write every (name, data) into `folder` (atomically, readable by the owner only) under
    a free name; if any write fails, the ones already written are removed and the error is
    raised: the folder ends as it was."""
    target = Path(folder)
    if not target.is_dir():
        raise InvalidInput(f"The folder «{target}» does not exist; choose another.")
    written: list[Path] = []
    taken: set[str] = set()
    try:
        for name, data in files:
            path = free_path(target, name, taken)
            # listed before writing: the file may be in place even when a later step of the
            # write (syncing the folder) fails
            written.append(path)
            write_file(path, data)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written
