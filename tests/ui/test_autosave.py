"""The Autosaver on a real workbook: debounce, flush, coalescing while a save is in flight,
failures that keep the text and retry, and the last edits saved when the workbook closes."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.ui.executors import ManualExecutor  # a save that is "in flight" on demand
from ui.kit.autosave import Autosaver, OwnResults, SaveStatus
from ui.kit.state import WorkbookState
from workbook import coachees, notes, sessions
from workbook.errors import DiskFull
from workbook.vault import open_vault


def _section(db) -> int:  # type: ignore[no-untyped-def]
    coachee = coachees.add(db, "Nguyễn Thị Hoa").id
    session = sessions.start(db, coachee, "grow").id
    return notes.list_sections(db, session)[0].id


def _body(state: WorkbookState, section_id: int) -> str:
    assert state.vault is not None
    return notes.get_section(state.vault.db, section_id).body


class Typist:
    """Stands in for an editor widget: the autosaver snapshots `text` when it submits."""

    def __init__(self, section_id: int) -> None:
        self.section_id = section_id
        self.text = ""
        self.snapshots: list[str] = []

    def snapshot(self):  # type: ignore[no-untyped-def]
        self.snapshots.append(self.text)
        return partial(notes.save_note, section_id=self.section_id, body=self.text)


@pytest.fixture
def manual(workbook_path: Path, qapp) -> Iterator[tuple[WorkbookState, ManualExecutor]]:  # type: ignore[no-untyped-def]
    executor = ManualExecutor()
    state = WorkbookState(executor=executor)
    state.adopt(open_vault(workbook_path, PASSPHRASE))
    yield state, executor
    state.close()


def test_edits_within_the_delay_are_saved_once_with_the_latest_text(state, qtbot) -> None:  # type: ignore[no-untyped-def]
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state, delay_ms=50)
    typist = Typist(section_id)
    for text in ("N", "Ng", "Nguyễn — café"):
        typist.text = text
        saver.schedule(("section", section_id), typist.snapshot)
    assert saver.status is SaveStatus.UNSAVED
    assert _body(state, section_id) == ""
    qtbot.waitUntil(lambda: saver.status is SaveStatus.SAVED, timeout=2000)
    assert typist.snapshots == ["Nguyễn — café"]
    assert _body(state, section_id) == "Nguyễn — café"


def test_flush_saves_at_once_and_reports_each_status(state) -> None:  # type: ignore[no-untyped-def]
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state, delay_ms=60_000)
    seen: list[SaveStatus] = []
    saver.status_changed.connect(lambda status, _s: seen.append(status))
    typist = Typist(section_id)
    typist.text = "Zoë wants to sleep seven hours."
    saver.schedule("notes", typist.snapshot)
    assert not saver.is_idle("notes") and saver.is_idle("other")
    saver.flush()
    assert _body(state, section_id) == "Zoë wants to sleep seven hours."
    assert seen == [SaveStatus.UNSAVED, SaveStatus.SAVING, SaveStatus.SAVED]
    assert saver.is_idle() and saver.status.value == "All changes saved"


def test_typing_while_a_save_is_in_flight_loses_nothing_and_keeps_order(manual, qtbot) -> None:  # type: ignore[no-untyped-def]
    state, executor = manual
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state, delay_ms=20)
    typist = Typist(section_id)
    key = ("section", section_id)
    typist.text = "abc"
    saver.schedule(key, typist.snapshot)
    qtbot.waitUntil(lambda: len(executor.jobs) == 1, timeout=2000)
    assert saver.status is SaveStatus.SAVING
    # the coach types on while "abc" is being written: nothing waits, nothing is lost
    for more in ("abcd", "abcde", "abcdef — Aïcha"):
        typist.text = more
        saver.schedule(key, typist.snapshot)
    qtbot.wait(80)  # the debounce expires while the first save is still in flight
    assert len(executor.jobs) == 1, "a second save of the same key must wait (coalesced)"
    assert typist.snapshots == ["abc"]
    executor.run_next()  # "abc" written; the coalesced edits go next, as one save
    assert _body(state, section_id) == "abc"
    assert len(executor.jobs) == 1 and typist.snapshots == ["abc", "abcdef — Aïcha"]
    typist.text = "abcdef — Aïcha!"
    saver.schedule(key, typist.snapshot)
    executor.run_next()
    assert _body(state, section_id) == "abcdef — Aïcha"
    assert saver.status is SaveStatus.UNSAVED  # the "!" is still waiting for its debounce
    qtbot.waitUntil(lambda: len(executor.jobs) == 1, timeout=2000)
    executor.run_next()
    assert _body(state, section_id) == "abcdef — Aïcha!"
    assert saver.status is SaveStatus.SAVED


def test_flush_during_a_save_in_flight_queues_behind_it(manual) -> None:  # type: ignore[no-untyped-def]
    state, executor = manual
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state, delay_ms=60_000)
    typist = Typist(section_id)
    typist.text = "first"
    saver.save_now("k", typist.snapshot)
    typist.text = "first and second"
    saver.schedule("k", typist.snapshot)
    saver.flush()  # focus left the editor: submitted now, after the one in flight
    assert len(executor.jobs) == 2
    executor.wait()
    assert _body(state, section_id) == "first and second"
    assert saver.status is SaveStatus.SAVED


def test_a_known_error_keeps_the_edit_shows_the_sentence_and_the_next_edit_retries(state) -> None:  # type: ignore[no-untyped-def]
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state, delay_ms=60_000)
    full = "The disk holding «coach.cwb» is full; free some space and try again."
    sentences: list[str] = []
    saver.status_changed.connect(lambda _st, sentence: sentences.append(sentence))

    def failing():  # type: ignore[no-untyped-def]
        def job(db):  # type: ignore[no-untyped-def]
            raise DiskFull(full)
        return job

    saver.save_now("notes", failing)
    assert saver.status is SaveStatus.FAILED and saver.sentence == full
    assert full in sentences and not saver.is_idle("notes")
    typist = Typist(section_id)
    typist.text = "Written after the disk was cleared."
    saver.schedule("notes", typist.snapshot)  # the next edit retries
    assert saver.status is SaveStatus.UNSAVED
    saver.flush()
    assert saver.status is SaveStatus.SAVED
    assert _body(state, section_id) == "Written after the disk was cleared."


def test_a_failed_save_is_retried_by_flush(state) -> None:  # type: ignore[no-untyped-def]
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state, delay_ms=60_000)
    attempts: list[int] = []

    def flaky():  # type: ignore[no-untyped-def]
        attempts.append(1)
        if len(attempts) == 1:
            def job(db):  # type: ignore[no-untyped-def]
                raise DiskFull("The disk is full; free some space and try again.")
            return job
        return partial(notes.save_note, section_id=section_id, body="王小明 agreed")

    saver.save_now("notes", flaky)
    assert saver.status is SaveStatus.FAILED
    saver.flush()
    assert saver.status is SaveStatus.SAVED and len(attempts) == 2
    assert _body(state, section_id) == "王小明 agreed"


def test_closing_the_workbook_saves_the_last_edit(workbook_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.kit.ops import SyncExecutor

    state = WorkbookState(executor=SyncExecutor())
    state.adopt(open_vault(workbook_path, PASSPHRASE))
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state)  # the real delay: the timer has not fired when we close
    typist = Typist(section_id)
    typist.text = "Typed a moment before the lock — Søren"
    saver.schedule("notes", typist.snapshot)
    state.close()
    assert saver.is_idle() and saver.status is SaveStatus.SAVED
    with open_vault(workbook_path, PASSPHRASE) as again:
        assert notes.get_section(again.db, section_id).body == typist.text


def test_results_of_a_closed_workbook_are_ignored(manual) -> None:  # type: ignore[no-untyped-def]
    state, executor = manual
    section_id = _section(state.vault.db)
    saver = Autosaver(state, state)
    typist = Typist(section_id)
    typist.text = "late"
    saver.save_now("k", typist.snapshot)
    saver.discard()
    executor.run_next()
    assert saver.status is SaveStatus.SAVED and saver.is_idle()


def test_own_results_are_told_apart_by_identity() -> None:
    own = OwnResults(size=2)
    made = [own.wrap(lambda: object())() for _ in range(3)]
    assert not own.owns(made[0])  # the oldest was forgotten
    assert own.owns(made[1]) and own.owns(made[2]) and not own.owns(object())
