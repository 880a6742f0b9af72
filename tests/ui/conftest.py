"""UI fixtures: a WorkbookState over a real encrypted workbook, calls run synchronously."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontInfo

from tests.conftest import PASSPHRASE
from ui.kit.ops import SyncExecutor
from ui.kit.state import WorkbookState
from workbook import vault as vault_mod

DEMO_TODAY = date(2026, 3, 15)


@pytest.fixture(scope="session", autouse=True)
def _desktop_font(qapp) -> None:  # type: ignore[no-untyped-def]
    """The desktop's font, for a second run of this suite (make unit-fonts).

    The offscreen platform has no desktop settings, so Qt's default font stands in for them;
    `COACH_WORKBOOK_TEST_DESKTOP_FONT="DejaVu Sans,11"` plays a desktop set to another font,
    applied once before any widget exists, as a platform theme would. No test sets a font:
    geometry is checked against the QFontMetrics of whatever font the app was given.
    """
    wanted = os.environ.get("COACH_WORKBOOK_TEST_DESKTOP_FONT")
    if not wanted:
        return
    family, _, size = wanted.rpartition(",")
    qapp.setFont(QFont(family.strip(), int(size)))
    actual = QFontInfo(qapp.font())
    assert actual.family() == family.strip() and actual.pointSize() == int(size), (
        f"the desktop font {wanted!r} is not available here; got {actual.family()} "
        f"{actual.pointSize()} pt (is fonts-dejavu-core installed?)")


@pytest.fixture(scope="session", autouse=True)
def _collect_on_the_gui_thread(qapp) -> None:  # type: ignore[no-untyped-def]
    """As the app does: no garbage collection on worker threads (see ui/kit/collector.py)."""
    from ui.kit import collector

    collector.install(qapp)


@pytest.fixture(scope="session")
def demo_template(template_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workbook (built for DEMO_TODAY), created once per run, closed."""
    from workbook.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.cwb"
    shutil.copyfile(template_workbook, path)
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        build_demo(v.db, today=DEMO_TODAY)
    return path


def _state(path: Path, qapp, executor: Any = None) -> Iterator[WorkbookState]:  # type: ignore[no-untyped-def]
    state = WorkbookState(executor=executor or SyncExecutor())
    state.adopt(vault_mod.open_vault(path, PASSPHRASE))
    try:
        yield state
        if state.vault is not None:
            assert not state.vault.db.conn.in_transaction, "a transaction was left open"
    finally:
        state.close()


@pytest.fixture
def state(workbook_path: Path, qapp) -> Iterator[WorkbookState]:  # type: ignore[no-untyped-def]
    """An open, empty workbook behind a WorkbookState whose calls run synchronously."""
    yield from _state(workbook_path, qapp)


@pytest.fixture
def demo_state(demo_template: Path, tmp_path: Path, qapp) -> Iterator[WorkbookState]:  # type: ignore[no-untyped-def]
    """The demo workbook (fictional coachees, sessions, goals…) behind a WorkbookState."""
    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    yield from _state(path, qapp)


@pytest.fixture
def slow_state(demo_template: Path, tmp_path: Path, qapp) -> Iterator[WorkbookState]:  # type: ignore[no-untyped-def]
    """The demo workbook behind a WorkbookState whose calls wait in a ManualExecutor until
    the test runs them: a slow worker, made explicit."""
    from tests.ui.executors import ManualExecutor

    path = tmp_path / "demo.cwb"
    shutil.copyfile(demo_template, path)
    yield from _state(path, qapp, ManualExecutor())


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    """The main window at 1280×720, calls run synchronously; closed after the test."""
    from ui.window.main_window import MainWindow

    w = MainWindow(SyncExecutor())
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.ensure_workspace()  # as the window does once its start page has painted
    yield w
    w.close()


@pytest.fixture
def closed_state(qapp) -> Iterator[WorkbookState]:  # type: ignore[no-untyped-def]
    """A WorkbookState with no workbook open yet (calls run synchronously)."""
    state = WorkbookState(executor=SyncExecutor())
    yield state
    state.close()
