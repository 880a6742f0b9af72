"""Several summaries at once: the day's sessions listed, rendered with progress and cancel,
and written into a folder all together or not at all, never over a file already there."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
import sqlite_utils
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.records import fails
from workbook import coachees, notes, sessions, trash
from workbook.documents.batch import (
    Cancelled,
    export_summaries,
    render_summaries,
    sessions_between,
)
from workbook.documents.output import file_name
from workbook.errors import DiskFull, InvalidInput, NotFound
from workbook.vault import files

DAY = "2026-03-12"
UNSAFE = '/\\:*?"<>|\x00'


# -- helpers ---------------------------------------------------------------------------------
def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes, password: str | None = None) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if password is not None:
        assert reader.decrypt(password)
    return flat(" ".join(page.extract_text() for page in reader.pages))


def person(db: sqlite_utils.Database, name: str, **fields: Any) -> int:
    return coachees.add(db, name, **fields).created


def meeting(db: sqlite_utils.Database, coachee_id: int, when: str, *, status: str = "held",
            shared: str = "", private: str = "") -> int:
    sid = sessions.start(db, coachee_id, None, scheduled_at=when, status=status).created
    if shared:
        notes.save_note(db, notes.add_section(db, sid, "What we agreed", shared=True).created,
                        shared)
    if private:
        notes.save_note(db, notes.add_section(db, sid, "Coach's private impressions",
                                              shared=False).created, private)
    return sid


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


PRIVATE = "The coach privately worries about a confidential family matter"

# name → (time of day, shared sentence); the private sentence is the same in every session.
PEOPLE = {
    "Zoë Kowalczyk": ("16:00", "Zoë will practise suturing twice a week in the skills lab"),
    "王小明": ("08:30", "Xiaoming will present the pediatrics case on Friday morning"),
    "ليلى حداد": ("12:00", "Layla will draft her research question before the next meeting"),
    "Nguyễn Thị Hoa": ("10:15", "Hoa will shadow the night team for two shifts this month"),
}


@pytest.fixture
def day(db: sqlite_utils.Database) -> dict[str, int]:
    """One session per person on DAY, each with a shared and a private note: name → id."""
    return {name: meeting(db, person(db, name), f"{DAY}T{time}", shared=shared,
                          private=PRIVATE)
            for name, (time, shared) in PEOPLE.items()}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder to export into (tmp_path holds the workbook itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def in_order(day: dict[str, int]) -> list[int]:
    return [day[n] for n in sorted(PEOPLE, key=lambda n: PEOPLE[n][0])]


# -- sessions_between ------------------------------------------------------------------------
def test_a_days_sessions_earliest_first_with_full_names(db: sqlite_utils.Database) -> None:
    zoe, wang = person(db, "Zoë Kowalczyk"), person(db, "王小明")
    layla, hoa = person(db, "ليلى حداد"), person(db, "Nguyễn Thị Hoa", preferred_name="Hoa")
    aicha, gone = person(db, "Aïcha Benali"), person(db, "Daniel Achterberg")
    late = meeting(db, zoe, f"{DAY}T16:00")
    midnight = meeting(db, hoa, f"{DAY}T00:00")
    noon_a = meeting(db, layla, f"{DAY}T12:00", status="cancelled")
    noon_b = meeting(db, wang, f"{DAY}T12:00", status="scheduled")
    last = meeting(db, aicha, f"{DAY}T23:59")
    meeting(db, zoe, "2026-03-11T23:59")
    meeting(db, wang, "2026-03-13T00:00")
    trash.trash(db, "session", meeting(db, aicha, f"{DAY}T09:00"))
    meeting(db, gone, f"{DAY}T10:00")
    trash.trash(db, "coachee", gone)
    coachees.archive(db, aicha)  # archived coachees' sessions are still the coach's work

    found = sessions_between(db, DAY, DAY)
    assert [(s.id, s.scheduled_at[11:], s.coachee, s.status) for s in found] == [
        (midnight, "00:00", "Nguyễn Thị Hoa", "held"),  # full: two may go by Hoa
        (noon_a, "12:00", "ليلى حداد", "cancelled"),
        (noon_b, "12:00", "王小明", "scheduled"),
        (late, "16:00", "Zoë Kowalczyk", "held"),
        (last, "23:59", "Aïcha Benali", "held"),
    ]
    assert sessions_between(db, date(2026, 3, 12), date(2026, 3, 12)) == found
    assert len(sessions_between(db, "2026-03-11", "2026-03-13")) == len(found) + 2
    # A reversed range finds nothing: the dialog swaps the dates before asking.
    assert sessions_between(db, "2026-03-13", "2026-03-11") == []


def test_a_bad_date_is_named(db: sqlite_utils.Database) -> None:
    with fails(InvalidInput, "«2026-02-30» is not a date; use YYYY-MM-DD."):
        sessions_between(db, "2026-02-30", DAY)


# -- render_summaries ------------------------------------------------------------------------
def test_progress_counts_up_in_the_order_given(db: sqlite_utils.Database,
                                               day: dict[str, int]) -> None:
    ids = list(reversed(in_order(day)))
    seen: list[tuple[int, int]] = []
    rendered = render_summaries(db, ids, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [r.session_id for r in rendered] == ids


def test_cancel_before_the_second_session_stops_there(db: sqlite_utils.Database,
                                                      day: dict[str, int]) -> None:
    asked: list[int] = []
    seen: list[tuple[int, int]] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 2

    with fails(Cancelled, "Cancelled: no summary was written or printed."):
        render_summaries(db, in_order(day), cancelled=cancelled,
                         progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4)] and len(asked) == 2


def test_every_pdf_holds_its_coachee_and_shared_text_never_the_private(
        db: sqlite_utils.Database, day: dict[str, int]) -> None:
    rendered = render_summaries(db, in_order(day))
    assert len(rendered) == len(PEOPLE)
    by_id = {r.session_id: r for r in rendered}
    for name, sid in day.items():
        summary = by_id[sid]
        text = pdf_text(summary.data)
        assert PEOPLE[name][1] in text
        assert summary.file_name == f"summary-{name}-{DAY}.pdf"
        if name != "ليلى حداد":  # Arabic extracts in visual order; its file name is checked
            assert name in text
        others = [PEOPLE[n][1] for n in PEOPLE if n != name]
        assert not any(sentence in text for sentence in others)
        assert PRIVATE not in text and "privately" not in text
        assert "private impressions" not in text


def test_the_same_session_twice_is_rendered_once(db: sqlite_utils.Database,
                                                 day: dict[str, int]) -> None:
    a, b = day["Zoë Kowalczyk"], day["王小明"]
    seen: list[tuple[int, int]] = []
    rendered = render_summaries(db, [a, b, a, b, a],
                                progress=lambda done, total: seen.append((done, total)))
    assert [r.session_id for r in rendered] == [a, b]
    assert seen == [(1, 2), (2, 2)]


def test_no_session_is_one_sentence(db: sqlite_utils.Database) -> None:
    with pytest.raises(InvalidInput) as caught:
        render_summaries(db, [])
    assert caught.value.sentence == "Choose at least one session."


@pytest.mark.parametrize("what", ["trashed session", "trashed coachee", "missing"])
def test_a_session_that_is_gone_fails_the_whole_batch(db: sqlite_utils.Database,
                                                      day: dict[str, int], what: str) -> None:
    gone = 99999
    if what == "trashed session":
        gone = day["王小明"]
        trash.trash(db, "session", gone)
    elif what == "trashed coachee":
        aicha = person(db, "Aïcha Benali")
        gone = meeting(db, aicha, f"{DAY}T18:00")
        trash.trash(db, "coachee", aicha)
    result: list[Any] = []
    with fails(NotFound, f"There is no session with id {gone}."):
        result = render_summaries(db, [day["Zoë Kowalczyk"], gone])
    assert result == []


@pytest.mark.parametrize("password", ["Coach's pdf 2026", "Café crème brûlée", "Zoë ÿ ñ ß 1234"])
def test_a_password_protects_every_pdf(db: sqlite_utils.Database, day: dict[str, int],
                                       password: str) -> None:
    rendered = render_summaries(db, in_order(day), password=password)
    assert len(rendered) == len(PEOPLE)
    for summary in rendered:
        reader = pypdf.PdfReader(io.BytesIO(summary.data))
        assert reader.is_encrypted
        assert not reader.decrypt("not the password")
        assert "Session summary" in pdf_text(summary.data, password)


@pytest.mark.parametrize(("password", "sentence"), [
    ("short", "A PDF password needs at least 8 characters."),
    ("王" * 43, "at most 127 bytes"),  # a reader would use only the first 127 bytes
])
def test_a_password_no_reader_could_type_is_refused(db: sqlite_utils.Database,
                                                    day: dict[str, int], password: str,
                                                    sentence: str) -> None:
    with fails(InvalidInput, sentence):
        render_summaries(db, in_order(day), password=password)


# -- export_summaries ------------------------------------------------------------------------
def test_export_writes_one_private_file_per_session(db: sqlite_utils.Database,
                                                    day: dict[str, int], out: Path) -> None:
    seen: list[tuple[int, int]] = []
    written = export_summaries(db, in_order(day), out,
                               progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (4, 4)
    expected = {f"summary-{name}-{DAY}.pdf" for name in PEOPLE}
    assert {p.name for p in written} == expected
    assert set(os.listdir(out)) == expected  # no temporary file left beside them
    by_name = {p.name: p for p in written}
    for name in PEOPLE:
        path = by_name[f"summary-{name}-{DAY}.pdf"]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        text = pdf_text(path.read_bytes())
        assert PEOPLE[name][1] in text and PRIVATE not in text


def test_two_sessions_of_one_coachee_on_one_day_get_two_names(db: sqlite_utils.Database,
                                                              out: Path) -> None:
    zoe = person(db, "Zoë Kowalczyk", preferred_name="Zo")  # files carry the full name
    morning = meeting(db, zoe, f"{DAY}T09:00", shared="Morning: review of the OSCE stations")
    evening = meeting(db, zoe, f"{DAY}T17:00", shared="Evening: plan for the ward round")
    written = export_summaries(db, [morning, evening], out)
    assert [p.name for p in written] == [f"summary-Zoë Kowalczyk-{DAY}.pdf",
                                         f"summary-Zoë Kowalczyk-{DAY} (2).pdf"]
    assert "Morning: review" in pdf_text(written[0].read_bytes())
    assert "Evening: plan" in pdf_text(written[1].read_bytes())


def test_a_file_already_there_is_never_overwritten(db: sqlite_utils.Database,
                                                   day: dict[str, int], out: Path) -> None:
    mine = out / f"summary-Zoë Kowalczyk-{DAY}.pdf"
    mine.write_bytes(b"the coach's own annotated copy")
    (out / f"summary-Zoë Kowalczyk-{DAY} (2).pdf").write_bytes(b"another copy")
    written = export_summaries(db, [day["Zoë Kowalczyk"], day["王小明"]], out)
    assert [p.name for p in written] == [f"summary-Zoë Kowalczyk-{DAY} (3).pdf",
                                         f"summary-王小明-{DAY}.pdf"]
    assert mine.read_bytes() == b"the coach's own annotated copy"
    assert PEOPLE["Zoë Kowalczyk"][1] in pdf_text(written[0].read_bytes())


@pytest.mark.parametrize("cancel_on", [1, 2, 5])  # 5: after the last render, before writing
def test_a_cancelled_export_writes_nothing(db: sqlite_utils.Database, day: dict[str, int],
                                           out: Path, cancel_on: int) -> None:
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= cancel_on

    with pytest.raises(Cancelled):
        export_summaries(db, in_order(day), out, cancelled=cancelled)
    assert len(asked) == cancel_on
    assert listing(out) == {"notes.txt": b"keep me"}


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """The n-th file's write fails as a full disk does: inside the real atomic write, so its
    temporary file exists and must be cleaned up too."""
    real = files.atomic_write
    calls: list[Path] = []

    @contextlib.contextmanager
    def flaky(path: Path, mode: str = "wb") -> Iterator[Any]:
        calls.append(path)
        with real(path, mode) as fh:
            if len(calls) == n:
                fh.write(b"%PDF-1.4 half a file")
                raise OSError(errno.ENOSPC, "No space left on device")
            yield fh

    monkeypatch.setattr(files, "atomic_write", flaky)


@pytest.mark.parametrize("failing", [2, 4])
def test_a_failure_midway_leaves_the_folder_as_it_was(db: sqlite_utils.Database,
                                                      day: dict[str, int], out: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      failing: int) -> None:
    (out / f"summary-王小明-{DAY}.pdf").write_bytes(b"last week's copy")
    before = listing(out)
    _fail_on_call(monkeypatch, failing)
    with pytest.raises(DiskFull) as caught:
        export_summaries(db, in_order(day), out)
    assert caught.value.sentence == (f"The disk holding «{out}» is full; free some "
                                     "space and try again.")
    assert listing(out) == before


def test_a_failure_after_the_rename_also_leaves_nothing(db: sqlite_utils.Database,
                                                        day: dict[str, int], out: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = files.fsync_dir, []

    def flaky(folder: Path) -> None:
        calls.append(folder)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        real(folder)

    monkeypatch.setattr(files, "fsync_dir", flaky)
    with pytest.raises(Exception, match="Input/output error"):
        export_summaries(db, in_order(day), out)
    assert listing(out) == {}


def test_a_folder_that_does_not_exist_is_named(db: sqlite_utils.Database,
                                               day: dict[str, int], out: Path) -> None:
    missing = out / "Summaries March"
    with fails(InvalidInput, f"The folder «{missing}» does not exist; choose another."):
        export_summaries(db, in_order(day), missing)
    assert not missing.exists()
    a_file = out / "plan.txt"
    a_file.write_text("x", encoding="utf-8")
    with fails(InvalidInput, f"The folder «{a_file}» does not exist"):
        export_summaries(db, in_order(day), a_file)
    assert listing(out) == {"plan.txt": b"x"}


def test_a_gone_session_writes_nothing(db: sqlite_utils.Database, day: dict[str, int],
                                       out: Path) -> None:
    with fails(NotFound, "There is no session with id 99999."):
        export_summaries(db, [*in_order(day), 99999], out)
    assert listing(out) == {}


def test_names_in_any_script_survive_as_file_names(db: sqlite_utils.Database,
                                                   day: dict[str, int], out: Path) -> None:
    ids = [day["ليلى حداد"], day["王小明"], day["Nguyễn Thị Hoa"]]
    written = export_summaries(db, ids, out)
    expected = [f"summary-ليلى حداد-{DAY}.pdf", f"summary-王小明-{DAY}.pdf",
                f"summary-Nguyễn Thị Hoa-{DAY}.pdf"]
    assert [p.name for p in written] == expected
    assert sorted(os.listdir(out)) == sorted(expected)
    assert PEOPLE["ليلى حداد"][1] in pdf_text((out / expected[0]).read_bytes())


def test_a_name_of_unsafe_characters_only_still_gives_a_file(db: sqlite_utils.Database,
                                                            out: Path) -> None:
    odd = meeting(db, person(db, '/\\:*?"<>|'), f"{DAY}T09:00", shared="Plan for the week")
    slashed = meeting(db, person(db, "Zoë/K: «Kowalczyk»?"), f"{DAY}T10:00")
    written = export_summaries(db, [odd, slashed], out)
    assert [p.name for p in written] == [f"summary-{DAY}.pdf",
                                         f"summary-Zoë-K- «Kowalczyk»-{DAY}.pdf"]
    assert all(p.parent == out for p in written)
    assert "Plan for the week" in pdf_text(written[0].read_bytes())


def test_a_long_name_in_a_three_byte_script_still_exports(db: sqlite_utils.Database,
                                                          out: Path) -> None:
    long_name = "欧阳" + "明" * 88  # 90 characters: a valid coachee name (at most 200)
    sid = meeting(db, person(db, long_name), f"{DAY}T09:00")
    (written,) = export_summaries(db, [sid], out)
    assert len(written.name.encode()) <= 255 and written.name.startswith("summary-欧阳明")


# -- the demo workbook: a real busy day --------------------------------------------------------


def test_the_busiest_demo_day_exports_without_private_text(demo_db: sqlite_utils.Database,
                                                           out: Path) -> None:
    busiest = demo_db.execute(
        "SELECT substr(scheduled_at, 1, 10) AS d FROM sessions WHERE deleted_at IS NULL "
        "GROUP BY d ORDER BY count(DISTINCT coachee_id) DESC, d LIMIT 1").fetchone()[0]
    found = sessions_between(demo_db, busiest, busiest)
    assert len(found) >= 3
    assert [s.scheduled_at for s in found] == sorted(s.scheduled_at for s in found)
    assert all(s.scheduled_at.startswith(busiest) and s.coachee for s in found)
    ids = [s.id for s in found]
    private = [flat(r["body"]) for r in demo_db.query(
        f"SELECT body FROM session_sections WHERE shared = 0 AND body <> '' "
        f"AND session_id IN ({','.join('?' * len(ids))})", ids)]
    written = export_summaries(demo_db, ids, out)
    assert len(written) == len(ids) == len(os.listdir(out))
    for path in written:
        text = pdf_text(path.read_bytes())
        assert "Session summary" in text
        for body in private:
            for sentence in re.split(r"(?<=[.!?])\s+", body):
                if len(sentence) >= 25:
                    assert sentence.strip("*_#> ") not in text


# -- file names ------------------------------------------------------------------------------
@given(name=st.text(), day=st.dates().map(date.isoformat))
@settings(max_examples=300, deadline=None)
def test_file_name_is_always_a_plain_pdf_name(name: str, day: str) -> None:
    made = file_name("summary", name, day)
    assert not any(ch in made for ch in UNSAFE) and os.sep not in made
    assert not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in made)
    assert made.startswith("summary-") and made.endswith(f"{day}.pdf")
    assert made not in (".", "..") and made == made.strip()


@given(name=st.text(min_size=1))
@example(name="王" * 120)
@example(name="😀" * 70)
@settings(max_examples=200, deadline=None)
def test_file_name_fits_every_file_system(name: str) -> None:
    made = file_name("summary", name, DAY)
    assert len(made.encode("utf-8")) <= 255
    # The atomic write's temporary name ("." + name + ".XXXXXXXX.tmp") and a " (99)" for a
    # clash must fit in 255 bytes too.
    assert len(made.encode("utf-8")) + len(" (99)") + len("..12345678.tmp") <= 255


@given(name=st.text(alphabet=st.characters(blacklist_characters=UNSAFE,
                                           blacklist_categories=("Cc", "Cs")),
                    min_size=1, max_size=60).filter(lambda s: s == s.strip(" .-")))
@settings(max_examples=200, deadline=None)
def test_a_safe_name_is_kept_as_typed(name: str) -> None:
    assert file_name("summary", name, DAY) == f"summary-{name}-{DAY}.pdf"


def test_worth_summarising_is_held_or_planned_up_to_today() -> None:
    from workbook.documents.batch import BatchSession, worth_summarising

    today = date(2026, 3, 15)

    def session(when: str, status: str) -> BatchSession:
        return BatchSession(1, when, "Zoë Kowalczyk", "GROW", "", status)

    assert worth_summarising(session("2026-03-15T09:00", "held"), today)
    assert worth_summarising(session("2026-03-15T17:00", "scheduled"), today)
    assert worth_summarising(session("2026-03-01T17:00", "scheduled"), today)
    assert not worth_summarising(session("2026-03-16T08:00", "scheduled"), today)
    assert not worth_summarising(session("2026-03-15T09:00", "cancelled"), today)
    assert not worth_summarising(session("2026-03-15T09:00", "no-show"), today)
