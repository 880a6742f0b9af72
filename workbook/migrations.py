"""Forward-only, named schema migrations keyed on PRAGMA user_version.

A migration is never edited once released: add a new one instead. Each runs in its own
transaction together with the bump of `user_version`, so a crash leaves the file at the
previous version, intact. The vault backs the file up before running any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from workbook import dates, upgrades

if TYPE_CHECKING:  # only named here: the vault imports this module before any open
    import sqlite_utils

_NOW = "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"

# Tables whose rows go to the trash (soft delete through `deleted_at`).
TRASHABLE = ("coachees", "coachee_values", "goals", "sessions", "action_items", "templates")

_V1_TABLES = f"""
CREATE TABLE schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);
CREATE TABLE goal_domains (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE value_catalog (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    builtin INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE coachees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    preferred_name TEXT NOT NULL DEFAULT '',
    pronouns TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT '',        -- MS1..MS4, PGY1..PGY7, Fellow, Other or ''
    program TEXT NOT NULL DEFAULT '',
    cohort TEXT NOT NULL DEFAULT '',
    start_date TEXT,                       -- ISO date
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'paused', 'graduated', 'archived')),
    tags TEXT NOT NULL DEFAULT '[]',       -- JSON array of strings
    agreement_cadence TEXT NOT NULL DEFAULT '',
    agreement_contact TEXT NOT NULL DEFAULT '',
    agreement_confidentiality TEXT NOT NULL DEFAULT '',
    agreement_notes TEXT NOT NULL DEFAULT '',
    agreement_date TEXT,
    created_at TEXT NOT NULL DEFAULT {_NOW},
    updated_at TEXT NOT NULL DEFAULT {_NOW},
    deleted_at TEXT
);
CREATE INDEX coachees_email ON coachees(email COLLATE NOCASE) WHERE email <> '';
CREATE TABLE coachee_values (
    id INTEGER PRIMARY KEY,
    coachee_id INTEGER NOT NULL REFERENCES coachees(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    rank INTEGER NOT NULL DEFAULT 0,
    reflection TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT {_NOW},
    updated_at TEXT NOT NULL DEFAULT {_NOW},
    deleted_at TEXT
);
CREATE INDEX coachee_values_coachee ON coachee_values(coachee_id, rank);
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    coachee_id INTEGER NOT NULL REFERENCES coachees(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    domain TEXT NOT NULL DEFAULT 'other' REFERENCES goal_domains(key) ON UPDATE CASCADE,
    specific TEXT NOT NULL DEFAULT '',
    measurable TEXT NOT NULL DEFAULT '',
    achievable TEXT NOT NULL DEFAULT '',
    relevant TEXT NOT NULL DEFAULT '',
    time_bound TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('draft', 'active', 'achieved', 'revised', 'dropped')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    target_date TEXT,
    gas_minus2 TEXT NOT NULL DEFAULT '',   -- Goal Attainment Scaling ladder, written at setting
    gas_minus1 TEXT NOT NULL DEFAULT '',
    gas_zero TEXT NOT NULL DEFAULT '',
    gas_plus1 TEXT NOT NULL DEFAULT '',
    gas_plus2 TEXT NOT NULL DEFAULT '',
    gas_baseline INTEGER CHECK (gas_baseline BETWEEN -2 AND 2),
    gas_attained INTEGER CHECK (gas_attained BETWEEN -2 AND 2),
    gas_attained_on TEXT,
    weight REAL NOT NULL DEFAULT 1 CHECK (weight > 0),
    created_at TEXT NOT NULL DEFAULT {_NOW},
    updated_at TEXT NOT NULL DEFAULT {_NOW},
    deleted_at TEXT
);
CREATE INDEX goals_coachee ON goals(coachee_id);
CREATE TABLE goal_values (
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    value_id INTEGER NOT NULL REFERENCES coachee_values(id) ON DELETE CASCADE,
    PRIMARY KEY (goal_id, value_id)
);
CREATE INDEX goal_values_value ON goal_values(value_id);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due_date TEXT,
    done_on TEXT
);
CREATE INDEX milestones_goal ON milestones(goal_id, position);
CREATE TABLE templates (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    competency TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    builtin INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT {_NOW},
    updated_at TEXT NOT NULL DEFAULT {_NOW},
    deleted_at TEXT
);
CREATE TABLE template_sections (
    id INTEGER PRIMARY KEY,
    template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    heading TEXT NOT NULL CHECK (length(trim(heading)) > 0),
    shared INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1)),
    guidance TEXT NOT NULL DEFAULT '',
    UNIQUE (template_id, key)
);
CREATE TABLE prompts (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES template_sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0)
);
CREATE INDEX prompts_section ON prompts(section_id, position);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    coachee_id INTEGER NOT NULL REFERENCES coachees(id) ON DELETE CASCADE,
    template_id INTEGER REFERENCES templates(id) ON DELETE SET NULL,
    template_name TEXT NOT NULL DEFAULT '', -- kept so history reads right if the template goes
    scheduled_at TEXT NOT NULL,            -- ISO local date-time, minutes precision
    duration_min INTEGER NOT NULL DEFAULT 30 CHECK (duration_min BETWEEN 0 AND 1440),
    modality TEXT NOT NULL DEFAULT 'in-person'
        CHECK (modality IN ('in-person', 'video', 'phone', 'other')),
    status TEXT NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'held', 'cancelled', 'no-show')),
    title TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    next_meeting_at TEXT,
    created_at TEXT NOT NULL DEFAULT {_NOW},
    updated_at TEXT NOT NULL DEFAULT {_NOW},
    deleted_at TEXT
);
CREATE INDEX sessions_coachee ON sessions(coachee_id, scheduled_at);
CREATE INDEX sessions_when ON sessions(scheduled_at);
CREATE TABLE session_sections (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    key TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    heading TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1)),
    body TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT {_NOW}
);
CREATE INDEX session_sections_session ON session_sections(session_id, position);
CREATE TABLE note_versions (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES session_sections(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX note_versions_section ON note_versions(section_id, saved_at);
CREATE TABLE session_goals (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, goal_id)
);
CREATE INDEX session_goals_goal ON session_goals(goal_id);
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    checked_on TEXT NOT NULL,              -- ISO date
    progress INTEGER CHECK (progress BETWEEN 0 AND 100),
    gas_level INTEGER CHECK (gas_level BETWEEN -2 AND 2),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX checkins_goal ON checkins(goal_id, checked_on);
CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    coachee_id INTEGER NOT NULL REFERENCES coachees(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    goal_id INTEGER REFERENCES goals(id) ON DELETE SET NULL,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner TEXT NOT NULL DEFAULT 'coachee' CHECK (owner IN ('coachee', 'coach', 'both', 'other')),
    owner_note TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    done_on TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT {_NOW},
    updated_at TEXT NOT NULL DEFAULT {_NOW},
    deleted_at TEXT
);
CREATE INDEX action_items_coachee ON action_items(coachee_id);
CREATE INDEX action_items_session ON action_items(session_id, position);
CREATE INDEX action_items_open ON action_items(due_date) WHERE done_on IS NULL;
"""

# One FTS5 index over every searchable text. `kind` + `ref_id` point back at the record;
# triggers keep it in step, so no code path can forget to index an edit. FTS5 columns are
# not indexed for equality, so each row's rowid is derived from (kind, id): a trigger then
# replaces one row by rowid instead of scanning the whole index on every autosave.
_V1_SEARCH = """
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED, ref_id UNINDEXED, coachee_id UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
"""

_INDEXED = {
    # kind: (table, coachee expression, title expression, body expression)
    "coachee": ("coachees", "NEW.id", "NEW.name",
                "NEW.preferred_name || ' ' || NEW.program || ' ' || NEW.cohort || ' ' || "
                "NEW.email || ' ' || NEW.agreement_notes"),
    "value": ("coachee_values", "NEW.coachee_id", "NEW.name", "NEW.reflection"),
    "goal": ("goals", "NEW.coachee_id", "NEW.title",
             "NEW.specific || ' ' || NEW.measurable || ' ' || NEW.achievable || ' ' || "
             "NEW.relevant || ' ' || NEW.time_bound"),
    "section": ("session_sections",
                "(SELECT coachee_id FROM sessions WHERE id = NEW.session_id)",
                "NEW.heading", "NEW.body"),
    "action": ("action_items", "NEW.coachee_id", "''", "NEW.text"),
    "session": ("sessions", "NEW.coachee_id", "NEW.title", "NEW.agenda"),
}


# Fixed forever: part of every search_index rowid (rowid = id * SEARCH_KIND_SLOTS + code).
SEARCH_KIND_CODES = {"coachee": 0, "value": 1, "goal": 2, "section": 3, "action": 4,
                     "session": 5}
SEARCH_KIND_SLOTS = 8


def _search_triggers() -> list[str]:
    parts = []
    for kind, (table, coachee, title, body) in _INDEXED.items():
        code = SEARCH_KIND_CODES[kind]
        insert = (
            f"INSERT INTO search_index(rowid, kind, ref_id, coachee_id, title, body) "
            f"VALUES (NEW.id * {SEARCH_KIND_SLOTS} + {code}, '{kind}', NEW.id, {coachee}, "
            f"{title}, {body});"
        )
        delete = (f"DELETE FROM search_index WHERE rowid = OLD.id * {SEARCH_KIND_SLOTS} "
                  f"+ {code};")
        parts += [
            f"CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER {table}_search_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
            f"CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN {delete} END",
        ]
    return parts


def _v1_initial(db: sqlite_utils.Database) -> None:
    # The DDL holds no ';' inside a statement, so a plain split is exact; executescript()
    # is avoided because it commits the migration's open transaction.
    ddl = [s.strip() for s in (_V1_TABLES + _V1_SEARCH).split(";") if s.strip()]
    for statement in ddl + _search_triggers():
        db.execute(statement)
    from workbook import seed  # late: seed reads resources, migrations must import cheaply

    seed.seed_builtins(db)


MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_initial", _v1_initial),
    ("0002_section_privacy_changes", upgrades.privacy_changes),
    ("0003_one_checkin_per_goal_per_session", upgrades.one_checkin_per_session),
    ("0004_marker_indexes", upgrades.marker_indexes),
    ("0005_who5_wellbeing_index", upgrades.who5),
]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def upgrade(db: sqlite_utils.Database) -> list[str]:
    """Run every pending migration, each in its own transaction. Returns the names run."""
    ran = []
    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise RuntimeError("workbook is newer than this program")  # vault refuses earlier
    for number, (name, step) in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.atomic():
            step(db)
            db.execute(
                "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                [name, dates.now_iso()],
            )
            db.execute(f"PRAGMA user_version = {number}")
        ran.append(name)
    return ran
