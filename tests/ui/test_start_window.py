"""The start window opens a real encrypted workbook and forgets every name when closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from tests.conftest import PASSPHRASE
from ui.app import CoacheeListModel, StartWindow
from workbook import vault


def _fill(path: Path, names: list[str]) -> None:
    with vault.open_vault(path, PASSPHRASE) as v, v.db.atomic():
        for name in names:
            v.db["coachees"].insert({"name": name})


def test_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = CoacheeListModel()
    model.load(["Zoë Kowalczyk", "王小明", "Nguyễn Thị Hoa"])
    qtmodeltester.check(model)


def test_open_lists_names_and_close_clears_them(
    qtbot, workbook_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    _fill(workbook_path, ["Zoë Kowalczyk", "王小明"])
    window = StartWindow()
    qtbot.addWidget(window)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (PASSPHRASE, True))
    window.open_path(workbook_path)
    names = {window.model.index(r, 0).data() for r in range(window.model.rowCount())}
    assert names == {"Zoë Kowalczyk", "王小明"}
    assert "2 coachees" in window.heading.text()
    window.close_workbook()
    assert window.model.rowCount() == 0 and window.vault is None
    vault.open_vault(workbook_path, PASSPHRASE).close()  # the lock was released


def test_wrong_passphrase_shows_the_sentence(
    qtbot, workbook_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    window = StartWindow()
    qtbot.addWidget(window)
    shown: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("not it at all!!", True))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window.open_path(workbook_path)
    assert len(shown) == 1 and "does not open" in shown[0]
    assert window.vault is None and window.model.rowCount() == 0
