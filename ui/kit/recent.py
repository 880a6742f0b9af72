"""Recent workbooks and window preferences: the app's small settings file.

The list that shows the recent workbooks on the start window is `ui.start.recent_list`.

Only paths and layout preferences live here — never a name, a note or anything read from
a workbook (a path is the coach's own choice of file name, not coachee data). The file is
JSON in the per-user settings folder (`workbook.user_folders`), written atomically and
privately. This module is the only code that reads or writes it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from workbook import user_folders
from workbook.errors import WorkbookError

APP_NAME = "coach-workbook"
CONFIG_ENV = "COACH_WORKBOOK_CONFIG_DIR"
PREFS_FILE = "preferences.json"
MAX_RECENT = 8


@dataclass(frozen=True)
class RecentEntry:
    path: Path
    exists: bool  # False: moved, renamed or on a drive that is not mounted; shown greyed


def config_dir() -> Path:
    return user_folders.config_dir()


def prefs_path() -> Path:
    return config_dir() / PREFS_FILE


def load_prefs() -> dict[str, Any]:
    """The stored preferences; an absent, unreadable or garbled file counts as empty."""
    try:
        data = json.loads(prefs_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_prefs(prefs: dict[str, Any]) -> None:
    """Replace the stored preferences (atomically, owner-only). Raises a WorkbookError
    with a sentence when the folder cannot be written."""
    # Loaded here, not with the module: the start page reads the preferences before it
    # paints, and writes them only once the coach acts.
    from workbook import leftovers
    from workbook.vault import files

    folder = config_dir()
    user_folders.make_private_folder(folder)
    with files.atomic_write(prefs_path(), "w", kind=leftovers.SETTINGS) as fh:
        json.dump(prefs, fh, ensure_ascii=False, indent=2)


def _key(path: Path) -> str:
    # Windows paths are case-insensitive: "C:\Coach.cwb" and "c:\coach.cwb" are one entry.
    return os.path.normcase(str(path))


def _absolute(path: Path | str) -> Path:
    # abspath, not resolve(): a workbook reached through a link keeps the name the coach chose.
    return Path(os.path.abspath(os.fspath(path)))


def _stored_paths(prefs: dict[str, Any]) -> list[Path]:
    raw = prefs.get("recent")
    if not isinstance(raw, list):
        return []
    paths: list[Path] = []
    seen: set[str] = set()
    for item in raw:
        if isinstance(item, str) and item and _key(Path(item)) not in seen:
            seen.add(_key(Path(item)))
            paths.append(Path(item))
    return paths[:MAX_RECENT]


def recent() -> list[RecentEntry]:
    """Recently opened workbooks, most recent first; files that are gone stay listed as
    missing (a USB stick may simply be unplugged) until the coach removes them."""
    return [RecentEntry(p, p.is_file()) for p in _stored_paths(load_prefs())]


def remember(path: Path | str) -> None:
    """Put `path` first in the recent list and its folder as the last folder used.

    Best effort: a settings folder that cannot be written must never stop a coach from
    working, so write errors are ignored here."""
    path = _absolute(path)
    prefs = load_prefs()
    others = [p for p in _stored_paths(prefs) if _key(p) != _key(path)]
    prefs["recent"] = [str(p) for p in [path, *others][:MAX_RECENT]]
    prefs["last_folder"] = str(path.parent)
    _save_quietly(prefs)


def forget(path: Path | str) -> None:
    path = _absolute(path)
    prefs = load_prefs()
    prefs["recent"] = [str(p) for p in _stored_paths(prefs) if _key(p) != _key(path)]
    _save_quietly(prefs)


def last_folder() -> Path | None:
    """The folder of the last workbook opened or created, if it still exists."""
    value = load_prefs().get("last_folder")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return None


def layout_flag(name: str, default: bool) -> bool:
    """A remembered on/off choice about the window's layout (a pane shown or hidden)."""
    value = load_prefs().get("layout", {})
    flag = value.get(name) if isinstance(value, dict) else None
    return flag if isinstance(flag, bool) else default


def set_layout_flag(name: str, value: bool) -> None:
    prefs = load_prefs()
    layout = prefs.get("layout")
    prefs["layout"] = {**(layout if isinstance(layout, dict) else {}), name: bool(value)}
    _save_quietly(prefs)


def documents_folder() -> Path:
    """The system's Documents folder (home when there is none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def export_folder() -> Path:
    """Where a file the coach writes (a PDF, an export, a backup) is first offered: the folder
    last written into, else Documents. Never the workbook's own folder, which for the demo is
    the app's hidden data folder."""
    value = load_prefs().get("export_folder")
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return documents_folder()


def remember_export_folder(folder: Path | str) -> None:
    """Keep the folder only: the file names hold coachees' names, which never go in here."""
    prefs = load_prefs()
    prefs["export_folder"] = str(_absolute(folder))
    _save_quietly(prefs)


def _save_quietly(prefs: dict[str, Any]) -> None:
    with contextlib.suppress(OSError, WorkbookError):
        save_prefs(prefs)
