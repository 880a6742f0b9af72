"""What a machine without a display gets instead of the window: the demo and a summary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf

from tests.conftest import PASSPHRASE
from tests.records import fails
from workbook import sessions
from workbook import vault as vault_mod
from workbook.demo import DEMO_PASSPHRASE
from workbook.demo_sample import leave_demo_sample, sample_session
from workbook.errors import CannotOpen, NotFound


def test_the_sample_is_the_latest_held_meeting_with_goals_and_action_items(demo_db) -> None:  # type: ignore[no-untyped-def]
    def shows_everything(session_id: int) -> bool:
        detail = sessions.detail(demo_db, session_id)
        return bool(detail.goal_ids) and bool(detail.actions)

    held = sessions.list_sessions(demo_db, status="held")  # newest first
    assert sample_session(demo_db) == next(s.id for s in held if shows_everything(s.id))


def test_an_empty_workbook_has_no_sample(db) -> None:  # type: ignore[no-untyped-def]
    assert sample_session(db) is None


def test_the_demo_is_built_once_then_reused(tmp_path: Path) -> None:
    first = leave_demo_sample(tmp_path / "data")
    assert not first.reused and first.workbook.parent == tmp_path / "data"
    assert "Session summary" in pypdf.PdfReader(first.summary).pages[0].extract_text()
    before = first.workbook.read_bytes()
    again = leave_demo_sample(tmp_path / "data")
    assert again.reused and again.workbook == first.workbook
    assert first.workbook.read_bytes() == before


def test_a_workbook_the_demo_passphrase_does_not_open_is_left_alone(
        workbook_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(workbook_path, folder / "demo.cwb")
    with fails(CannotOpen, "is not the demo workbook (the demo passphrase does not open it)"):
        leave_demo_sample(folder)
    assert not (folder / "demo-session-summary.pdf").exists()
    vault_mod.open_vault(folder / "demo.cwb", PASSPHRASE).close()


def test_a_demo_without_a_held_meeting_says_so(tmp_path: Path) -> None:
    vault_mod.create(tmp_path / "demo.cwb", DEMO_PASSPHRASE).close()
    with fails(NotFound, "has no held meeting to summarise; move it away and run this again."):
        leave_demo_sample(tmp_path)
    assert not (tmp_path / "demo-session-summary.pdf").exists()
