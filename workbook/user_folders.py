"""The per-user folders: settings (recent files, window layout, the record of temporary
files being written) and data (the demo workbook). Nothing read from a workbook is kept in
either.

By default `platformdirs`' per-user folders for "coach-workbook". In portable mode (a
`portable.ini` beside the frozen app's executable, as KeePassXC does, or `--portable`) both
live beside the app instead, in `settings/` and `data/`, so a USB stick carries them and
the computer keeps nothing. `COACH_WORKBOOK_CONFIG_DIR` and `COACH_WORKBOOK_DATA_DIR`
override either (tests point them at temporary folders).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "coach-workbook"
CONFIG_ENV = "COACH_WORKBOOK_CONFIG_DIR"
DATA_ENV = "COACH_WORKBOOK_DATA_DIR"
PORTABLE_ENV = "COACH_WORKBOOK_PORTABLE"  # set by `--portable`: the folder to keep them in
PORTABLE_MARKER = "portable.ini"


def app_folder() -> Path | None:
    """The folder holding the frozen app's executable; None when run from source."""
    return Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else None


def portable_root() -> Path | None:
    """The folder that keeps settings and data in portable mode; None otherwise."""
    chosen = os.environ.get(PORTABLE_ENV)
    if chosen:
        return Path(chosen)
    folder = app_folder()
    return folder if folder is not None and (folder / PORTABLE_MARKER).is_file() else None


def _folder(override_env: str, portable_name: str, per_user: Callable[..., str]) -> Path:
    override = os.environ.get(override_env)
    if override:
        return Path(override)
    portable = portable_root()
    if portable is not None:
        return portable / portable_name
    # appauthor=False: no doubled "coach-workbook\coach-workbook" folder on Windows.
    return Path(per_user(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return _folder(CONFIG_ENV, "settings", platformdirs.user_config_dir)


def data_dir() -> Path:
    return _folder(DATA_ENV, "data", platformdirs.user_data_dir)


PRIVATE_FOLDER_MODE = 0o700


def make_private_folder(folder: Path) -> Path:
    """Create `folder` and each missing folder above it as the owner's alone (0700).

    `mkdir(parents=True)` gives the folders above the last one the umask's default: under
    umask 000 a fresh account's `~/.config` would be made writable by every user, who could
    then swap the app's folder for one of their own."""
    missing = []
    for path in (folder, *folder.parents):
        if path.is_dir():
            break
        missing.append(path)
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER_MODE)
        except FileExistsError:
            if path.is_dir():
                continue  # made meanwhile by another process: left as that one made it
            raise
        os.chmod(path, PRIVATE_FOLDER_MODE)  # mkdir's mode is cut by the umask
    return folder
