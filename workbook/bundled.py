"""The files the app ships with (`resources/`: templates, values, the demo's content, the
common-password list, fonts), read through one door.

A copy of the app with one of them missing (a packaging mistake, an antivirus quarantine, a
half-copied folder) says so in one sentence naming the file, and nothing is written: the
coach is not told that a workbook "could not be written" when the app itself is incomplete.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from workbook.errors import IncompleteInstall

PACKAGE = "resources"


def _missing(relative: str) -> IncompleteInstall:
    return IncompleteInstall(
        f"This copy of Coach Workbook is incomplete: the file «{PACKAGE}/{relative}» it ships "
        "with is missing or unreadable. Download or install it again; no workbook was changed.")


def root() -> Traversable:
    return resources.files(PACKAGE)


def read_text(relative: str) -> str:
    """The bundled file at `relative` (a "/"-separated path under resources/)."""
    try:
        return root().joinpath(*relative.split("/")).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _missing(relative) from exc


def folder(relative: str) -> Path:
    """The bundled folder at `relative`, which must exist on disk (fonts are read by path)."""
    path = Path(str(root().joinpath(*relative.split("/"))))
    if not path.is_dir():
        raise _missing(relative)
    return path
