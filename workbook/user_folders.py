"""The per-user settings folder: where the app keeps what belongs to the person, not to a
workbook (recent files, window layout, the record of temporary files being written).

`platformdirs.user_config_dir("coach-workbook")`; `COACH_WORKBOOK_CONFIG_DIR` overrides it
(tests point it at a temporary folder). Nothing read from a workbook is ever kept here.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "coach-workbook"
CONFIG_ENV = "COACH_WORKBOOK_CONFIG_DIR"


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    # appauthor=False: no doubled "coach-workbook\coach-workbook" folder on Windows.
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


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
