"""Generate a big, realistic, encrypted workbook for the benchmarks, fast and reproducibly.

The file is created by the real vault (SQLCipher 4 defaults, the real schema and seeded
templates) and then filled with plain SQL `executemany` inside ONE transaction. Writing
through the domain API would take far longer and measure the wrong thing; the FTS triggers
still index every text, as they would for a coach's real notes.

Every value comes from one `random.Random(seed)` and dates hang off a fixed ANCHOR day, so
the same seed and scale always give the same rows. All names are fictional combinations.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from workbook import vault as vault_mod

GENERATOR_VERSION = 1
PASSPHRASE = "Benchmark workbook, fictional learners 2025"
# The generated data's "today": overdue items stay overdue whenever the file is generated.
ANCHOR = date(2026, 1, 5)

_VOCABULARY = """
accountability achievement adaptive advising agenda alliance anatomy anxiety appreciative
assessment attendance autonomy balance barriers belonging biochemistry boards boundaries
breakthrough burnout calendar capacity career cardiology case clerkship clinic clinical
coaching cohort collaboration colleague commitment communication community compassion
competency confidence conference consult consultation context curiosity curriculum deadline
debrief decision delegation deliver design diagnosis discover discussion dream duty
effective efficiency effort empathy encounter energy engagement evaluation evidence exam
excelling exercise expectations experience explore family fatigue feedback fellowship focus
follow-up friendship frustration goal gratitude growth habits handoff health history hope
humility identity imposter improve initiative insight interview journal knowledge leadership
learning lecture listening literature mastery medicine meeting mentor metacognition
milestone mindfulness mindset mistake momentum morale motivation narrative neurology
nutrition observation obstacle opportunity options organization outcome overwhelm
ownership patient pediatrics peer perspective physiology plan planning portfolio practice
presentation priorities procedure professionalism progress project psychiatry purpose
question reality reflection reframe relationship remediation research residency resilience
resources respect rest rotation routine schedule scholarship self-assessment shadowing shift
simulation skills sleep spikes strategy strength stress struggle study success support
surgery sustainable team teaching tension thinking time transition trust uncertainty
values vision volunteer wellbeing wellness workload worry writing felt said noticed wants
next week month today plans discussed agreed before after during again still more less
notes rounds wards preceptor attending intern senior junior consultant nurse pharmacist
bedside handover admission discharge documentation charting orders pager call overnight
weekend holiday vacation exam-week quiz anki question-bank usmle comlex step osce
dermatology radiology oncology nephrology endocrinology gastroenterology hematology
infectious pulmonology rheumatology geriatrics obstetrics gynecology ophthalmology urology
orthopedics anesthesiology pathology microbiology pharmacology immunology genetics
histology embryology epidemiology biostatistics ethics equity advocacy humanism empathy
listening silence pause curiosity celebrate acknowledge validate normalize explore clarify
summarize paraphrase challenge encourage affirm commit schedule prioritize delegate decline
boundaries negotiate self-compassion gratitude exercise running yoga cooking music reading
parents partner children siblings friends roommate commute finances loans housing childcare
visa relocation match interview-season personal-statement letters electives away-rotation
manuscript abstract poster grant quality-improvement audit protocol dataset statistics
café naïve résumé rôle coöperation façade über déjà señor élan protégé
"""
_COMMON = ("the", "and", "to", "of", "a", "with", "about", "her", "his", "their", "we", "they",
           "she", "he", "will", "is", "was", "for", "on")
# Function words first, then a fixed shuffle of the rest, weighted like natural prose (Zipf):
# a few words are in most notes, most words in a few.
_CONTENT = sorted(set(_VOCABULARY.split()) - set(_COMMON))
_WORDS = (*_COMMON, *random.Random(7).sample(_CONTENT, len(_CONTENT)))
_WORD_CUM = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(_WORDS))))

# (given names, family names, family-first?, separator) — one pool per naming tradition.
NAME_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...], bool, str], ...] = (
    (("Emily", "James", "Priya", "Oluwaseun", "Chidi", "Amara", "Daniel", "Grace"),
     ("Okafor", "Whitfield", "Adeyemi", "Lindqvist", "Morrison", "Castellano"), False, " "),
    (("Zoë", "José", "Søren", "Chloé", "Łukasz", "Inés", "Björn", "Siobhán", "Aïcha"),
     ("Kowalczyk", "García", "Müller", "Ó Briain", "Dvořák", "Núñez", "Benali"), False, " "),
    (("Thị Hoa", "Văn Minh", "Thu Trang", "Đức Anh", "Ngọc Lan"),
     ("Nguyễn", "Trần", "Lê", "Phạm", "Đặng"), True, " "),
    (("小明", "伟", "芳", "静", "晓东", "子涵"), ("王", "李", "张", "陈", "刘"), True, ""),
    (("花子", "健太", "陽菜", "翔太"), ("佐藤", "鈴木", "高橋", "田中"), True, " "),
    (("민준", "서연", "지호", "하은"), ("김", "이", "박", "최"), True, ""),
    (("عائشة", "ليلى", "يوسف", "مريم"), ("حداد", "منصور", "الخطيب"), False, " "),
    (("Ольга", "Дмитрий", "Анна", "Илья"), ("Иванова", "Соколов", "Смирнова"), False, " "),
    (("Ελένη", "Νίκος", "Δήμητρα"), ("Παπαδοπούλου", "Γεωργίου"), False, " "),
    (("प्रिया", "अर्जुन", "अनन्या"), ("शर्मा", "पटेल", "वर्मा"), False, " "),
)
LEVELS = ("MS1", "MS2", "MS3", "MS4", "PGY1", "PGY2", "PGY3", "PGY4", "PGY5", "Fellow", "Other")
PROGRAMS = ("MD program", "Internal Medicine", "Pediatrics", "General Surgery",
            "Family Medicine", "Psychiatry", "Emergency Medicine", "Obstetrics & Gynecology")


@dataclass
class Stats:
    path: Path
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    size_bytes: int = 0


class _Text:
    """Coaching prose from the vocabulary, sometimes naming the coachee."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def words(self, k: int) -> list[str]:
        return self.rng.choices(_WORDS, cum_weights=_WORD_CUM, k=k)

    def phrase(self, lo: int, hi: int) -> str:
        text = " ".join(self.words(self.rng.randint(lo, hi)))
        return text[:1].upper() + text[1:]

    def prose(self, nbytes: int, name: str = "") -> str:
        parts: list[str] = []
        size = 0
        while size < nbytes:
            words = self.words(self.rng.randint(6, 16))
            if name and self.rng.random() < 0.15:
                words.insert(self.rng.randrange(len(words)), name)
            sentence = " ".join(words)
            sentence = sentence[:1].upper() + sentence[1:] + self.rng.choice("...?")
            parts.append(sentence)
            size += len(sentence.encode()) + 1
        return " ".join(parts)


def _stamp(day: date, hour: int = 12, minute: int = 0) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00Z"


def _full_name(rng: random.Random) -> tuple[str, str]:
    given, family, family_first, sep = rng.choice(NAME_POOLS)
    g, f = rng.choice(given), rng.choice(family)
    return (f + sep + g if family_first else g + sep + f), g


def generate(path: Path | str, passphrase: str = PASSPHRASE, *, coachees: int = 300,
             sessions: int = 12000, actions: int = 36000, goals: int = 1500,
             note_bytes: int = 1500, seed: int = 1) -> Path:
    """Create a workbook at `path` filled with fictional data; returns the path."""
    return generate_with_stats(path, passphrase, coachees=coachees, sessions=sessions,
                               actions=actions, goals=goals, note_bytes=note_bytes,
                               seed=seed).path


def generate_with_stats(path: Path | str, passphrase: str = PASSPHRASE, *, coachees: int = 300,
                        sessions: int = 12000, actions: int = 36000, goals: int = 1500,
                        note_bytes: int = 1500, seed: int = 1) -> Stats:
    path = Path(path)
    started = time.perf_counter()
    vault = vault_mod.create(path, passphrase)
    try:
        db = vault.db
        # A bigger page cache for the bulk load only; it is not persisted in the file.
        db.execute("PRAGMA cache_size = -131072")
        rows = _build(db, random.Random(seed), coachees=max(1, coachees),
                      sessions=max(1, sessions), actions=max(0, actions),
                      goals=max(0, goals), note_bytes=max(0, note_bytes))
        with db.atomic():
            for table, (columns, values) in rows.items():
                sql = (f"INSERT INTO {table}({', '.join(columns)}) "
                       f"VALUES ({', '.join('?' * len(columns))})")
                db.conn.executemany(sql, values)
        counts = {t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in rows}
    except BaseException:
        vault.close()
        path.unlink(missing_ok=True)
        raise
    vault.close()
    return Stats(path, time.perf_counter() - started, counts, path.stat().st_size)


def _build(db: Any, rng: random.Random, *, coachees: int, sessions: int, actions: int,
           goals: int, note_bytes: int) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """Every row to insert, table by table in foreign-key order."""
    text = _Text(rng)
    templates = [tuple(r) for r in db.execute("SELECT id, name FROM templates ORDER BY id")]
    sections_of: dict[int, list[tuple]] = {}
    for tid, key, pos, heading, shared in db.execute(
            "SELECT template_id, key, position, heading, shared FROM template_sections "
            "ORDER BY template_id, position"):
        sections_of.setdefault(tid, []).append((key, pos, heading, shared))
    catalog = [r[0] for r in db.execute("SELECT name FROM value_catalog ORDER BY id")]
    domains = [r[0] for r in db.execute("SELECT key FROM goal_domains ORDER BY position")]

    out: dict[str, tuple[tuple[str, ...], list[tuple]]] = {}

    # -- coachees ------------------------------------------------------------------------
    people: list[tuple[int, str, date]] = []  # id, given name, start date
    c_rows = []
    for cid in range(1, coachees + 1):
        name, given = _full_name(rng)
        start = ANCHOR - timedelta(days=rng.randint(60, 4 * 365))
        status = rng.choices(("active", "paused", "graduated", "archived"), (85, 5, 7, 3))[0]
        deleted = _stamp(ANCHOR - timedelta(days=3)) if rng.random() < 0.01 else None
        people.append((cid, given, start))
        c_rows.append((
            cid, name, given if rng.random() < 0.3 else "", rng.choice(("", "she/her",
                                                                       "he/him", "they/them")),
            f"learner{cid:04d}@example.edu", rng.choice(LEVELS), rng.choice(PROGRAMS),
            f"Class of {start.year + 4}", start.isoformat(), status,
            json.dumps(rng.sample(("first-gen", "dual-degree", "research", "rural",
                                   "leadership", "step-1"), rng.randint(0, 2))),
            "Every six weeks", "Email, then pager", "Confidential except safety concerns",
            text.prose(200, given), start.isoformat(),
            _stamp(start), _stamp(start), deleted,
        ))
    out["coachees"] = (("id", "name", "preferred_name", "pronouns", "email", "level", "program",
                        "cohort", "start_date", "status", "tags", "agreement_cadence",
                        "agreement_contact", "agreement_confidentiality", "agreement_notes",
                        "agreement_date", "created_at", "updated_at", "deleted_at"), c_rows)

    # -- values ----------------------------------------------------------------------------
    v_rows, values_of = [], {}
    for cid, given, start in people:
        chosen = rng.sample(catalog, rng.randint(3, 5))
        values_of[cid] = list(range(len(v_rows) + 1, len(v_rows) + 1 + len(chosen)))
        for rank, name in enumerate(chosen, start=1):
            v_rows.append((len(v_rows) + 1, cid, name, rank, text.prose(150, given),
                           _stamp(start), _stamp(start)))
    out["coachee_values"] = (("id", "coachee_id", "name", "rank", "reflection", "created_at",
                              "updated_at"), v_rows)

    # -- goals, their values, milestones, check-ins ----------------------------------------
    g_rows, gv_rows, m_rows, k_rows, goals_of = [], [], [], [], {}
    for gid in range(1, goals + 1):
        cid, given, start = people[(gid - 1) % coachees] if gid <= coachees else rng.choice(
            people)
        goals_of.setdefault(cid, []).append(gid)
        set_on = start + timedelta(days=rng.randint(0, max(1, (ANCHOR - start).days)))
        status = rng.choices(("draft", "active", "achieved", "revised", "dropped"),
                             (5, 60, 25, 5, 5))[0]
        attained = rng.randint(-1, 2) if status == "achieved" else None
        g_rows.append((
            gid, cid, text.phrase(4, 9), rng.choice(domains),
            *(text.prose(rng.randint(60, 180)) for _ in range(5)),
            status, 100 if status == "achieved" else rng.randint(0, 90),
            (set_on + timedelta(days=rng.randint(60, 365))).isoformat(),
            *(text.phrase(5, 12) for _ in range(5)), rng.choice((-2, -1)), attained,
            (set_on + timedelta(days=120)).isoformat() if attained is not None else None,
            _stamp(set_on), _stamp(set_on),
            _stamp(ANCHOR - timedelta(days=9)) if rng.random() < 0.01 else None,
        ))
        for vid in rng.sample(values_of[cid], rng.randint(0, 2)):
            gv_rows.append((gid, vid))
        for pos in range(rng.randint(0, 3)):
            due = set_on + timedelta(days=30 * (pos + 1))
            m_rows.append((len(m_rows) + 1, gid, pos, text.phrase(3, 7), due.isoformat(),
                           due.isoformat() if due < ANCHOR and rng.random() < 0.7 else None))
        for n in range(rng.randint(0, 4)):
            k_rows.append((len(k_rows) + 1, gid, (set_on + timedelta(days=40 * (n + 1)))
                           .isoformat(), rng.randint(0, 100), rng.randint(-2, 2),
                           text.prose(rng.randint(40, 160))))
    out["goals"] = (("id", "coachee_id", "title", "domain", "specific", "measurable",
                     "achievable", "relevant", "time_bound", "status", "progress", "target_date",
                     "gas_minus2", "gas_minus1", "gas_zero", "gas_plus1", "gas_plus2",
                     "gas_baseline", "gas_attained", "gas_attained_on", "created_at",
                     "updated_at", "deleted_at"), g_rows)
    out["goal_values"] = (("goal_id", "value_id"), gv_rows)
    out["milestones"] = (("id", "goal_id", "position", "title", "due_date", "done_on"), m_rows)

    # -- sessions, their note sections, goals discussed ------------------------------------
    s_rows, ss_rows, nv_rows, sg_rows = [], [], [], []
    session_info: list[tuple[int, int, date]] = []  # id, coachee, day
    for sid in range(1, sessions + 1):
        cid, given, start = people[(sid - 1) % coachees] if sid <= coachees else rng.choice(
            people)
        day = start + timedelta(days=rng.randint(0, max(1, (ANCHOR - start).days + 60)))
        hour, minute = rng.randint(7, 18), rng.choice((0, 15, 30, 45))
        future = day >= ANCHOR
        status = "scheduled" if future else rng.choices(
            ("held", "cancelled", "no-show", "scheduled"), (82, 10, 5, 3))[0]
        tid, tname = rng.choice(templates)
        when = f"{day.isoformat()}T{hour:02d}:{minute:02d}"
        nxt = (f"{(day + timedelta(weeks=rng.randint(4, 8))).isoformat()}T{hour:02d}:00"
               if status == "held" else None)
        s_rows.append((sid, cid, tid, tname, when, rng.choice((30, 30, 45, 60)),
                       rng.choices(("in-person", "video", "phone", "other"), (60, 30, 8, 2))[0],
                       status, text.phrase(2, 6), text.prose(rng.randint(60, 200)), nxt,
                       _stamp(day, hour, minute), _stamp(day, hour, minute),
                       _stamp(ANCHOR - timedelta(days=2)) if rng.random() < 0.005 else None))
        session_info.append((sid, cid, day))
        template_sections = sections_of[tid]
        shares = [rng.random() + (0.2 if shared else 0.0) for *_, shared in template_sections]
        budget = note_bytes if status == "held" else note_bytes // 10
        for (key, pos, heading, shared), share in zip(template_sections, shares, strict=True):
            nbytes = int(budget * share / sum(shares))
            body = "" if rng.random() < 0.08 else text.prose(nbytes, given)
            section_id = len(ss_rows) + 1
            ss_rows.append((section_id, sid, key, pos, heading, shared, body,
                            _stamp(day, hour, minute)))
            if body and rng.random() < 0.05:
                for n in range(1, rng.randint(2, 4)):
                    nv_rows.append((len(nv_rows) + 1, section_id, body[: len(body) * n // 4],
                                    _stamp(day, hour, min(59, minute + n))))
        if status == "held" and goals_of.get(cid):
            for gid in rng.sample(goals_of[cid], min(len(goals_of[cid]), rng.randint(0, 2))):
                sg_rows.append((sid, gid))
    out["sessions"] = (("id", "coachee_id", "template_id", "template_name", "scheduled_at",
                        "duration_min", "modality", "status", "title", "agenda",
                        "next_meeting_at", "created_at", "updated_at", "deleted_at"), s_rows)
    out["session_sections"] = (("id", "session_id", "key", "position", "heading", "shared",
                                "body", "updated_at"), ss_rows)
    out["note_versions"] = (("id", "section_id", "body", "saved_at"), nv_rows)
    out["session_goals"] = (("session_id", "goal_id"), sg_rows)
    out["checkins"] = (("id", "goal_id", "checked_on", "progress", "gas_level", "note"), k_rows)

    # -- action items ------------------------------------------------------------------------
    a_rows, positions = [], {}
    for aid in range(1, actions + 1):
        sid, cid, day = session_info[(aid - 1) % sessions] if aid <= sessions else rng.choice(
            session_info)
        due = day + timedelta(days=rng.randint(7, 60))
        if due < ANCHOR:
            done = (due - timedelta(days=rng.randint(0, 6))).isoformat() \
                if rng.random() < 0.85 else None  # the rest are overdue
        else:
            done = None if rng.random() < 0.9 else day.isoformat()
        positions[sid] = positions.get(sid, -1) + 1
        gid = rng.choice(goals_of[cid]) if goals_of.get(cid) and rng.random() < 0.4 else None
        a_rows.append((aid, cid, sid, gid, text.phrase(5, 14),
                       rng.choices(("coachee", "coach", "both", "other"), (70, 20, 8, 2))[0],
                       "", due.isoformat(), done, positions[sid], _stamp(day), _stamp(day),
                       _stamp(ANCHOR - timedelta(days=1)) if rng.random() < 0.01 else None))
    out["action_items"] = (("id", "coachee_id", "session_id", "goal_id", "text", "owner",
                            "owner_note", "due_date", "done_on", "position", "created_at",
                            "updated_at", "deleted_at"), a_rows)
    return out


def scaled(scale: float) -> dict[str, int]:
    """The generator's keyword counts for a scale (1.0 = a very busy coach's decade)."""
    base = {"coachees": 300, "sessions": 12000, "actions": 36000, "goals": 1500}
    return {k: max(1, round(v * scale)) for k, v in base.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("out", type=Path, help="the workbook file to create (must not exist)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--note-bytes", type=int, default=1500)
    parser.add_argument("--passphrase", default=PASSPHRASE)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists")
    stats = generate_with_stats(args.out, args.passphrase, seed=args.seed,
                                note_bytes=args.note_bytes, **scaled(args.scale))
    rows = ", ".join(f"{n} {t}" for t, n in stats.counts.items())
    print(f"Generated {stats.path} ({stats.size_bytes / 1e6:.1f} MB) in {stats.seconds:.1f} s: "
          f"{rows}. Passphrase: {args.passphrase!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

