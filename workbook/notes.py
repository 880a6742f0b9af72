"""A session's sections of notes: autosave, previous versions, and the section list itself.

`save_note` is the autosave a screen calls about once a second while a coach types, so it
does one read and one small transaction. Previous versions are coalesced: the old body is
kept only when the newest kept version is older than the window (5 minutes by default) or
when the edit deletes more than half of the text, so typing never floods the table.
Bodies are stored exactly as typed (not stripped), so the editor's cursor never jumps.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import sqlite_utils

from workbook import validate
from workbook.changes import Changes
from workbook.dates import local_datetime, now_iso, now_utc, stamp_of
from workbook.errors import InvalidInput, NotFound
from workbook.records import Converters, FromRow
from workbook.templates import HEADING_MAX, renumber, reorder, slug

BODY_MAX = 1_000_000
DEFAULT_WINDOW = timedelta(minutes=5)

_LIVE = ("JOIN sessions s ON s.id = ss.session_id JOIN coachees c ON c.id = s.coachee_id "
         "WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL")


@dataclass(frozen=True)
class Section(FromRow):
    id: int
    session_id: int
    key: str
    position: int
    heading: str
    shared: bool
    body: str
    updated_at: str

    CONVERT: ClassVar[Converters] = {"shared": bool}


@dataclass(frozen=True)
class NoteVersion(FromRow):
    id: int
    section_id: int
    body: str
    saved_at: str


def _section_row(db: sqlite_utils.Database, section_id: Any, extra: str = "") -> dict[str, Any]:
    section_id = validate.record_id(section_id, "section")
    rows = list(db.query(f"SELECT ss.*{extra} FROM session_sections ss {_LIVE} AND ss.id = ?",
                         [section_id]))
    if not rows:
        raise NotFound(f"There is no section with id {section_id}.")
    return rows[0]


def _live_session(db: sqlite_utils.Database, session_id: Any) -> int:
    session_id = validate.record_id(session_id, "session")
    row = db.execute(
        "SELECT 1 FROM sessions s JOIN coachees c ON c.id = s.coachee_id "
        "WHERE s.id = ? AND s.deleted_at IS NULL AND c.deleted_at IS NULL", [session_id]
    ).fetchone()
    if row is None:
        raise NotFound(f"There is no session with id {session_id}.")
    return session_id


def get_section(db: sqlite_utils.Database, section_id: int) -> Section:
    return Section.from_row(_section_row(db, section_id))


def list_sections(db: sqlite_utils.Database, session_id: int) -> list[Section]:
    session_id = _live_session(db, session_id)
    return [Section.from_row(r) for r in db.query(
        "SELECT * FROM session_sections WHERE session_id = ? ORDER BY position, id",
        [session_id])]


def _body(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"Section notes must be text, not «{validate.shown(value)}».")
    if len(value) > BODY_MAX:
        raise InvalidInput(
            f"Section notes are too long ({len(value)} characters; at most {BODY_MAX}).")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("Section notes contain characters that cannot be stored.") from None
    return value


def _age(saved_at: str | None, now: datetime) -> timedelta | None:
    if saved_at is None:
        return None
    then = local_datetime(saved_at, UTC)
    return None if then is None else now - then  # an unreadable stamp counts as "long ago"


def _is_new_version(db: sqlite_utils.Database, section_id: int, body: str) -> bool:
    if not body.strip():
        return False
    return db.execute("SELECT 1 FROM note_versions WHERE section_id = ? AND body = ? LIMIT 1",
                      [section_id, body]).fetchone() is None


def save_note(db: sqlite_utils.Database, section_id: int, body: str, *,
              window: timedelta = DEFAULT_WINDOW) -> Changes:
    """Autosave one section's body; keeps the previous body as a version when worth it."""
    body = _body(body)
    row = _section_row(db, section_id, extra=(
        ", (SELECT MAX(saved_at) FROM note_versions v WHERE v.section_id = ss.id) AS last_saved"))
    old = row["body"]
    if body == old:
        return Changes("section", (row["id"],))
    now = now_utc()
    age = _age(row["last_saved"], now)
    big_deletion = len(body) < len(old) / 2
    keep = (age is None or age >= window or big_deletion) and _is_new_version(db, row["id"], old)
    stamp = stamp_of(now)
    with db.atomic():
        if keep:
            db["note_versions"].insert({"section_id": row["id"], "body": old, "saved_at": stamp})
        db["session_sections"].update(row["id"], {"body": body, "updated_at": stamp})
    return Changes("section", (row["id"],),
                   also=frozenset({"note_version"}) if keep else frozenset())


def list_versions(db: sqlite_utils.Database, section_id: int) -> list[NoteVersion]:
    """Previous versions, newest first."""
    row = _section_row(db, section_id)
    return [NoteVersion.from_row(r) for r in db.query(
        "SELECT * FROM note_versions WHERE section_id = ? ORDER BY saved_at DESC, id DESC",
        [row["id"]])]


def restore_version(db: sqlite_utils.Database, version_id: int) -> Changes:
    """Puts a version back; the current body becomes a version first, so this is undoable."""
    version_id = validate.record_id(version_id, "note version")
    rows = list(db.query(
        f"SELECT v.body AS version_body, ss.id, ss.body FROM note_versions v "
        f"JOIN session_sections ss ON ss.id = v.section_id {_LIVE} AND v.id = ?", [version_id]))
    if not rows:
        raise NotFound(f"There is no note version with id {version_id}.")
    row = rows[0]
    if row["body"] == row["version_body"]:
        return Changes("section", (row["id"],))
    with db.atomic():
        stamp = now_iso()
        if _is_new_version(db, row["id"], row["body"]):
            db["note_versions"].insert({"section_id": row["id"], "body": row["body"],
                                        "saved_at": stamp})
        db["session_sections"].update(row["id"], {"body": row["version_body"],
                                                  "updated_at": stamp})
    return Changes("section", (row["id"],), also=frozenset({"note_version"}))


# -- the section list ----------------------------------------------------------------------

def _heading(value: Any) -> str:
    return validate.text(value, "section heading", required=True, max_len=HEADING_MAX,
                         missing="A section needs a heading.")


def add_section(db: sqlite_utils.Database, session_id: int, heading: str, *,
                shared: bool = True) -> Changes:
    session_id = _live_session(db, session_id)
    heading = _heading(heading)
    shared = validate.boolean(shared, "shared")
    with db.atomic():
        keys = {r[0] for r in db.execute(
            "SELECT key FROM session_sections WHERE session_id = ?", [session_id])}
        key, n = slug(heading, "section"), 2
        base = key
        while key in keys:
            key, n = f"{base}-{n}", n + 1
        new_id = int(db["session_sections"].insert({
            "session_id": session_id, "key": key, "position": len(keys), "heading": heading,
            "shared": int(shared), "updated_at": now_iso()}).last_pk)
    return Changes("section", (new_id,), created=new_id, also=frozenset({"session"}))


def rename_section(db: sqlite_utils.Database, section_id: int, heading: str) -> Changes:
    row = _section_row(db, section_id)
    heading = _heading(heading)
    with db.atomic():
        db["session_sections"].update(row["id"], {"heading": heading, "updated_at": now_iso()})
    return Changes("section", (row["id"],))


def account_name() -> str:
    """The computer account working now: on a shared workstation, who changed a flag."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name to be had (some services)
        return ""


def set_shared(db: sqlite_utils.Database, section_id: int, shared: bool, *,
               by: str | None = None) -> Changes:
    """Shared sections appear on the summary the learner receives; private ones never do.

    Every change of the flag is recorded with who (`by`, the computer account by default)
    and when, so a document can say that a section has been made shared since the session
    began (`workbook.privacy`).
    """
    row = _section_row(db, section_id)
    shared = validate.boolean(shared, "shared")
    who = account_name() if by is None else validate.text(by, "changed by", max_len=200)
    if bool(row["shared"]) == shared:
        return Changes("section", (row["id"],))
    stamp = now_iso()
    with db.atomic():
        db["session_sections"].update(row["id"], {"shared": int(shared), "updated_at": stamp})
        db["section_privacy_changes"].insert({"section_id": row["id"], "shared": int(shared),
                                              "changed_at": stamp, "changed_by": who})
    return Changes("section", (row["id"],))


def delete_section(db: sqlite_utils.Database, section_id: int) -> Changes:
    """Only an empty section can go: deleting one also deletes its previous versions."""
    row = _section_row(db, section_id)
    if row["body"].strip():
        raise InvalidInput(
            f"The section «{validate.shown(row['heading'])}» still has notes; "
            "clear the section first.")
    with db.atomic():
        db.execute("DELETE FROM session_sections WHERE id = ?", [row["id"]])
        renumber(db, "session_sections", "session_id = ?", [row["session_id"]])
    return Changes("section", (row["id"],), also=frozenset({"session", "note_version"}))


def move_section(db: sqlite_utils.Database, section_id: int, new_position: int) -> Changes:
    row = _section_row(db, section_id)
    validate.integer(new_position, "new position", minimum=0)
    with db.atomic():
        reorder(db, "session_sections", row["id"], new_position, "session_id = ?",
                [row["session_id"]])
    return Changes("section", (row["id"],), also=frozenset({"session"}))
