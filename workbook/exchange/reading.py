"""Reading an input file the user chose, and matching imported coachees with existing ones."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import sqlite_utils

from workbook.errors import InvalidInput, NotFound


def read_limited(path: Path, limit: int, name: str) -> bytes:
    """The file's bytes; a missing, unreadable or too large file becomes one sentence."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidInput(f"{name} is a folder, not a file.")
        if size > limit:
            raise InvalidInput(
                f"{name} is too large ({size / 1_048_576:.0f} MB; at most "
                f"{limit // 1_048_576} MB)."
            )
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise NotFound(f"There is no file at «{path}».") from None
    except PermissionError:
        raise InvalidInput(f"{name} cannot be read: you do not have permission.") from None
    except OSError as exc:
        raise InvalidInput(f"{name} cannot be read ({exc.strerror or exc}).") from None


def match_key(text: str) -> str:
    """The key under which `workbook.validate.same_text` calls two texts equal."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class CoacheeIndex:
    """`coachees.find_existing` for many lookups at once: same rule (email decides when given,
    else name and program), built with one query instead of one scan per lookup."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._by_email: dict[str, int] = {}
        self._by_name: dict[tuple[str, str], int] = {}
        for row in db.query("SELECT id, name, email, program FROM coachees "
                            "WHERE deleted_at IS NULL ORDER BY id"):
            self.add(row["id"], email=row["email"], name=row["name"], program=row["program"])

    def add(self, ref: int, *, email: str, name: str, program: str) -> None:
        if email:
            self._by_email.setdefault(match_key(email), ref)
        self._by_name.setdefault((match_key(name), match_key(program)), ref)

    def find(self, *, email: str, name: str, program: str) -> int | None:
        email = (email or "").strip()
        if email:
            return self._by_email.get(match_key(email))
        return self._by_name.get((match_key(name or ""), match_key(program or "")))
