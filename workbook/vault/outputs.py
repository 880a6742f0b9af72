"""Which files an export or a backup may write: never over a workbook, never over another
file unless the coach said so.

A `.cwb` file, the workbook being read (also when reached through a symbolic or hard link),
and anything the vault's own sniffing could take for a workbook are never replaced by an
export, even with `--force`; only restoring a backup replaces a workbook. Any other existing
file needs `force` (`--force` on the command line, a confirmation in the app).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from workbook.errors import NotAWorkbook, NotFound, OutputRefused
from workbook.vault.core import _sniff
from workbook.vault.sniff import DEFAULT_SUFFIX

EXPORT, BACKUP = "export", "backup"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def may_be_workbook(path: Path) -> bool:
    """Whether the file at `path` is, or could be taken for, a workbook: a `.cwb` name, or
    a regular file the vault's sniffing does not rule out (a damaged or unreadable one
    counts: it may be the only copy of a coach's notes)."""
    if path.suffix.lower() == DEFAULT_SUFFIX:
        return True
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return False  # nothing there, or a link to nothing
    except OSError:
        return True  # cannot look: assume the worst
    if not stat.S_ISREG(mode):
        return False
    try:
        _sniff(path)
    except (NotAWorkbook, NotFound):
        return False
    except Exception:
        return True
    return True


def refuse_workbook(target: Path) -> None:
    """Raise `OutputRefused` if writing `target` would replace a file that may be a workbook."""
    if os.path.lexists(target) and may_be_workbook(target):
        raise OutputRefused(f"«{target.name}» is, or may be, a Coach Workbook file: an export "
                            "never replaces one, even when asked to. Choose another name.")


def check_output(target: Path | str, *, force: bool = False, sources: Iterable[Path | str] = (),
                 what: str = EXPORT) -> Path:
    """`target`, if an export (`what` = EXPORT) or a backup (BACKUP) may write it; otherwise
    `OutputRefused` with the sentence to show. `sources` are the workbooks being read."""
    target = Path(target)
    if any(_same_file(target, Path(s)) for s in sources):
        if what == BACKUP:
            raise OutputRefused("A backup cannot replace the workbook it copies; choose "
                                "another name.")
        raise OutputRefused(f"«{target.name}» is the workbook being exported; an export never "
                            "replaces it. Choose another name.")
    if not os.path.lexists(target):
        if what == EXPORT and target.suffix.lower() == DEFAULT_SUFFIX:
            raise OutputRefused(f"«{target.name}» ends in {DEFAULT_SUFFIX}, the ending of a "
                                "workbook: an export is never written under it. Choose "
                                "another name.")
        return target
    if target.is_dir():
        raise OutputRefused(f"«{target}» is a folder; add a file name.")
    if not target.is_symlink() and not stat.S_ISREG(target.stat().st_mode):
        raise OutputRefused(f"«{target}» is not a regular file; choose another name.")
    if may_be_workbook(target):
        if what == BACKUP:
            raise OutputRefused(f"«{target.name}» is, or may be, a Coach Workbook file: a "
                                "backup never replaces one (only restoring a backup does). "
                                "Choose another name.")
        refuse_workbook(target)
    if not force:
        raise OutputRefused(f"«{target}» already exists; use --force to replace it, or "
                            "choose another name.")
    return target
