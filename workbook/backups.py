"""Backups that run themselves, and the way back: list, make, verify, prune and restore.

Automatic backups are encrypted copies (same passphrase as the workbook when they were made)
in one folder per workbook: `<stem> backups` beside it unless the coach chose another
folder (the `backup_folder` setting), keeping the newest `backups_kept` copies. The window
makes one at most once a day when it opens a workbook; the vault makes one before any
migration. Each new copy is verified before the oldest is dropped, so a bad copy never
costs a good one.

Restore is the only operation that replaces a workbook: never while it is open anywhere
(its single-writer lock is held throughout), and only after the file it replaces has been
copied into the backups folder.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlite_utils

from workbook import dates, migrations
from workbook import settings as settings_mod
from workbook.errors import DamagedCopy, DamagedWorkbook, NotFound, WorkbookError
from workbook.user_folders import make_private_folder
from workbook.vault import DEFAULT_SUFFIX, Vault, copies, files

AUTO = "auto"
BEFORE_RESTORE = "before-restore"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<kind>auto|before-v\d+|before-restore)-"
                   r"(?P<stamp>\d{4}-\d\d-\d\d-\d{6})(?:-(?P<n>\d+))?" + re.escape(DEFAULT_SUFFIX)
                   + "$")


@dataclass(frozen=True)
class Backup:
    """One automatic backup file; `made` is local time, read from its name."""

    path: Path
    made: datetime
    kind: str  # "auto", "before-vN" (before a migration) or "before-restore"

    def describe(self) -> str:
        why = {AUTO: "automatic", BEFORE_RESTORE: "before a restore"}.get(
            self.kind, "before an upgrade")
        return f"{dates.format_datetime(self.made)} ({why})"


@dataclass(frozen=True)
class Made:
    """What one backup run did."""

    path: Path
    folder: Path
    kept: int  # how many backups the folder holds now
    dropped: tuple[Path, ...] = ()

    def sentence(self) -> str:
        return f"Backed up to «{self.folder}» ({self.kept} kept)."


@dataclass(frozen=True)
class Contents:
    """What a backup holds, shown before it replaces anything."""

    made: datetime
    coachees: int
    sessions: int
    goals: int
    schema_version: int


@dataclass(frozen=True)
class Restored:
    contents: Contents
    target: Path
    replaced: Path | None  # the copy of the workbook that was replaced (None: there was none)


@dataclass
class Rekeyed:
    """What became of the automatic backups after a passphrase change."""

    done: list[Path] = field(default_factory=list)  # re-encrypted or deleted
    left: list[Path] = field(default_factory=list)  # did not open with the old passphrase
    damaged: list[Path] = field(default_factory=list)  # opened, but damaged: left as it was


# -- where and which -----------------------------------------------------------------------
def default_folder(workbook: Path) -> Path:
    workbook = Path(workbook)
    return workbook.parent / f"{workbook.stem} backups"


def folder_for(workbook: Path, setting: str = "") -> Path:
    """The backups folder of `workbook`: the coach's choice, else beside the workbook."""
    return Path(setting).expanduser() if setting.strip() else default_folder(workbook)


def _read_settings(db: sqlite_utils.Database) -> settings_mod.Settings:
    # Also read before a migration, on a file of any earlier version: a setting that cannot
    # be read falls back to its default rather than stopping the backup.
    try:
        return settings_mod.get_settings(db)
    except Exception:
        return settings_mod.Settings()


def configured_folder(vault: Vault) -> Path:
    return folder_for(vault.path, _read_settings(vault.db).backup_folder)


def list_backups(folder: Path, stem: str) -> list[Backup]:
    """The automatic backups of the workbook named `stem` in `folder`, newest first."""
    found: list[Backup] = []
    try:
        entries = list(Path(folder).iterdir())
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise _not_a_folder(Path(folder)) from None
    except OSError as exc:
        raise files.os_error_to_known(exc, Path(folder) / "backup") from exc
    for path in entries:
        match = _NAME.match(path.name)
        if not match or match["stem"] != stem or not path.is_file():
            continue
        made = dates.read_file_stamp(match["stamp"])
        if made is not None:
            found.append(Backup(path=path, made=made, kind=match["kind"]))
    found.sort(key=lambda b: (b.made, b.path.name), reverse=True)
    return found


def due(folder: Path, stem: str, now: datetime | None = None) -> bool:
    """True unless a backup of this workbook was already made today."""
    today = (now or dates.now()).date()
    return not any(b.made.date() == today for b in list_backups(folder, stem))


def _new_name(folder: Path, stem: str, kind: str, now: datetime) -> Path:
    base = f"{stem}-{kind}-{dates.file_stamp(now)}"
    path, n = folder / f"{base}{DEFAULT_SUFFIX}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{DEFAULT_SUFFIX}"
    return path


def _not_a_folder(folder: Path) -> WorkbookError:
    return WorkbookError(f"«{folder}» is a file, not a folder: backups cannot go there. Choose "
                         "another backups folder in Settings.")


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        make_private_folder(folder)  # and the folders above it, whatever the umask
    except FileExistsError:
        if not folder.is_dir():
            raise _not_a_folder(folder) from None
    except OSError as exc:
        raise files.os_error_to_known(exc, folder / "backup") from exc


# -- making and pruning --------------------------------------------------------------------
def make_backup(vault: Vault, *, kind: str = AUTO, now: datetime | None = None) -> Made:
    """Copy the open workbook into its backups folder, verify the copy, then drop the oldest
    copies beyond the number kept. A copy that fails its check is removed and said."""
    current = _read_settings(vault.db)
    folder = folder_for(vault.path, current.backup_folder)
    _ensure_folder(folder)
    try:
        dest = copies.backup(vault, _new_name(folder, vault.path.stem, kind,
                                              now or dates.now()))
    except DamagedWorkbook as exc:
        raise DamagedWorkbook(
            f"{exc.sentence[:-1]}; the older backups were kept. Check the workbook (File → "
            "Check workbook integrity) and the disk, then back up again.") from exc
    dropped = prune(folder, vault.path.stem, current.backups_kept, keep=dest)
    return Made(dest, folder, len(list_backups(folder, vault.path.stem)), tuple(dropped))


def prune(folder: Path, stem: str, kept: int, *, keep: Path | None = None) -> list[Path]:
    """Delete the oldest backups beyond the newest `kept` (never `keep`); return them."""
    dropped = []
    for backup in list_backups(folder, stem)[max(1, kept):]:
        if (keep is None or backup.path != keep) and _delete(backup.path):
            dropped.append(backup.path)
    return dropped


def _delete(path: Path) -> bool:
    """Delete one backup; False if it was gone already, a sentence if it cannot be."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise files.os_error_to_known(exc, path) from exc
    return True


def backup_if_due(vault: Vault, now: datetime | None = None) -> Made | None:
    """The daily backup: made unless one was made today already (then None)."""
    now = now or dates.now()
    if not due(configured_folder(vault), vault.path.stem, now):
        return None
    return make_backup(vault, now=now)


def before_migration(vault: Vault) -> Made:
    """The copy taken before a workbook is upgraded (named for the version it will reach)."""
    return make_backup(vault, kind=f"before-v{migrations.SCHEMA_VERSION}")


# -- after a passphrase change ---------------------------------------------------------------
def after_passphrase_change(vault: Vault, choice: str, old_passphrase: str = "") -> Rekeyed:
    """`choice` "reencrypt": every automatic backup that opens with `old_passphrase` is
    re-encrypted under the workbook's new key; "delete": every automatic backup is deleted
    (a passphrase is often changed because it leaked, and the copies open with it)."""
    if choice not in ("reencrypt", "delete"):
        raise ValueError(f"Not a choice for the backups: {choice!r}.")
    outcome = Rekeyed()
    for backup in list_backups(configured_folder(vault), vault.path.stem):
        if choice == "delete":
            if _delete(backup.path):
                outcome.done.append(backup.path)
            continue
        try:
            copies.reencrypt_copy(vault, backup.path, old_passphrase)
        except DamagedCopy:
            outcome.damaged.append(backup.path)
        except DamagedWorkbook:
            outcome.left.append(backup.path)
        else:
            outcome.done.append(backup.path)
    return outcome


# -- the way back ------------------------------------------------------------------------------
def _made(backup: Path) -> datetime:
    match = _NAME.match(backup.name)
    made = dates.read_file_stamp(match["stamp"]) if match else None
    return made or datetime.fromtimestamp(backup.stat().st_mtime)


def contents(backup: Path, passphrase: str) -> Contents:
    """Open `backup` read-only with its passphrase, check every page, and count what it
    holds. Nothing in the file changes."""
    backup = Path(backup)
    with copies.read_only(backup, passphrase) as db:
        report = copies.check(db)
        # SQLite's integrity report of a damaged copy runs to a hundred lines; the coach
        # needs to know only that this backup cannot be used.
        if not report.ok:
            raise DamagedWorkbook(f"«{backup.name}» is damaged and cannot be restored; "
                                  "choose another backup.")
        if report.schema_version == 0 and db.execute(
                "SELECT count(*) FROM sqlite_master").fetchone()[0]:
            # As the vault refuses to open it: nothing tells how to read its tables.
            raise DamagedWorkbook(f"«{backup.name}» is damaged: it holds tables but no schema "
                                  "version, so it cannot be restored; choose another backup.")
        counts = [db.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL")
                  .fetchone()[0] for table in ("coachees", "sessions", "goals")]
    return Contents(_made(backup), *counts, schema_version=report.schema_version)


def restore(backup: Path, target: Path, passphrase: str, *, folder: Path | None = None,
            now: datetime | None = None) -> Restored:
    """Replace `target` by `backup` (checked first, with its passphrase), atomically, after
    copying `target` into `folder` (its backups folder by default). Refused while `target` is
    open anywhere. The restored workbook opens with the backup's passphrase."""
    backup, target = Path(backup), Path(target)
    if not backup.is_file():
        raise NotFound(f"There is no backup at «{backup}».")
    if target.exists() and backup.resolve() == target.resolve():
        raise WorkbookError("A backup cannot be restored over itself; choose the workbook it "
                            "should replace.")
    found = contents(backup, passphrase)
    replaced: Path | None = None
    with copies.held(target):
        if target.exists():
            copies.check_replaceable(target)
            safe_folder = folder or default_folder(target)
            _ensure_folder(safe_folder)
            replaced = _new_name(safe_folder, target.stem, BEFORE_RESTORE, now or dates.now())
            _copy_privately(target, replaced)
            # A journal left by a crash belongs to the replaced file: it goes with its copy,
            # or SQLite would apply it to the restored one.
            journal = target.with_name(target.name + "-journal")
            if journal.exists():
                _copy_privately(journal, replaced.with_name(replaced.name + "-journal"))
                journal.unlink()
        _copy_privately(backup, target)
    return Restored(found, target, replaced)


def _copy_privately(source: Path, target: Path) -> None:
    temp = files.reserve_temp(target)
    try:
        with open(source, "rb") as src, open(temp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.chmod(temp, files.PRIVATE_MODE)
    except BaseException as exc:
        files.discard(temp)
        if isinstance(exc, OSError):
            raise files.os_error_to_known(exc, target) from exc
        raise
    files.replace_durably(temp, target)
