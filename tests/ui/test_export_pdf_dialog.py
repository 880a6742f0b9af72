"""The "Export PDF" dialog: where the file goes, and whether it needs a password to open."""

from __future__ import annotations

import stat
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from tests.ui.keys import type_text
from ui.documents.export_pdf_dialog import (
    NOT_ENCRYPTED,
    PROTECTED,
    ExportPdfDialog,
    password_problem,
)
from ui.window.file_tasks import PathRequest
from workbook import sessions
from workbook.documents.summary import write_session_summary

GOOD = "lantern-orchard-9"
NON_ASCII = "Zuversicht-Öl-ß9"
SHORT = "Hoa-7x"
TITLE = "Export session summary (PDF)"


def suggested_in(folder: Path) -> Path:
    return folder / "summary-Zoë Kowalczyk-2026-03-01.pdf"


def click(qtbot, widget: QAbstractButton) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))


@pytest.fixture
def make(qtbot, tmp_path: Path) -> Callable[..., ExportPdfDialog]:  # type: ignore[no-untyped-def]
    def make(suggested: Path | None = None, noun: str = "summary") -> ExportPdfDialog:
        dialog = ExportPdfDialog(TITLE, suggested or suggested_in(tmp_path), noun=noun)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog
    return make


def record(dialog: ExportPdfDialog) -> list[tuple[Path, str | None]]:
    emitted: list[tuple[Path, str | None]] = []
    dialog.export_requested.connect(lambda path, pw: emitted.append((path, pw)))
    return emitted


def protect(qtbot, dialog: ExportPdfDialog, first: str, second: str) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.protect)
    type_text(dialog.first, first)
    type_text(dialog.second, second)


def test_unprotected_export_says_not_encrypted_and_emits_no_password(qtbot, make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    assert dialog.windowTitle() == TITLE
    assert not dialog.protect.isChecked()
    assert dialog.encryption_note.label.text() == NOT_ENCRYPTED
    # without the list of sections, nothing it could not promise (a section can be shared)
    assert "sections that are shared" in dialog.contents_note.text()
    assert "never private" not in dialog.contents_note.text()
    assert not dialog.first.isVisible() and not dialog.second.isVisible()
    assert not dialog.first.isEnabled()
    assert dialog.export_button.isEnabled() and dialog.export_button.isDefault()
    assert dialog.password() is None
    click(qtbot, dialog.export_button)
    assert emitted == [(suggested_in(tmp_path), None)]
    assert dialog.result() == dialog.DialogCode.Accepted and not dialog.isVisible()


def test_portfolio_wording_names_what_a_portfolio_holds(make) -> None:  # type: ignore[no-untyped-def]
    dialog = make(noun="portfolio")
    assert "values, goals" in dialog.contents_note.text()
    assert "no session notes, shared or private" in dialog.contents_note.text()


def test_ticking_the_box_shows_the_fields_and_the_protected_sentence(qtbot, make) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    click(qtbot, dialog.protect)
    assert dialog.first.isVisible() and dialog.second.isVisible() and dialog.first.isEnabled()
    assert dialog.encryption_note.label.text() == PROTECTED
    assert "in person" in dialog.encryption_note.accessibleDescription()
    click(qtbot, dialog.protect)
    assert dialog.encryption_note.label.text() == NOT_ENCRYPTED
    assert not dialog.first.isVisible()


@pytest.mark.parametrize(("first", "second", "reason"), [
    ("", "", "Type the password the learner will need to open the PDF."),
    (SHORT, SHORT, "A PDF password needs at least 8 characters."),
    (GOOD, "", "Type the password again to confirm it."),
    (GOOD, "lantern-orchard-8", "The two passwords are different."),
    ("private \ue000 use", "private \ue000 use", "cannot contain «\ue000»"),
    ("王" * 43, "王" * 43, "at most 127 bytes"),
])
def test_export_is_disabled_with_the_reason_shown(qtbot, make, first, second, reason) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    protect(qtbot, dialog, first, second)
    assert not dialog.export_button.isEnabled()
    assert dialog.reason.isVisible() and reason in dialog.reason.text()
    assert reason in dialog.export_button.toolTip()
    dialog.export()  # even when called directly, nothing is emitted
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert emitted == [] and dialog.isVisible()
    assert dialog.reason.kind == "error", "asking to export makes the reason red"


def test_a_mistake_is_red_but_what_is_not_typed_yet_is_not(qtbot, make) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    protect(qtbot, dialog, GOOD, "lantern")
    assert dialog.reason.kind == "plain", "still typing the repeat"
    type_text(dialog.second, "-x")
    assert dialog.reason.text() == "The two passwords are different."
    assert dialog.reason.kind == "error"


def test_matching_passwords_emit_the_password(qtbot, make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    protect(qtbot, dialog, GOOD, GOOD)
    assert dialog.export_button.isEnabled() and not dialog.reason.isVisible()
    assert dialog.password() == GOOD
    dialog.meter.flush()
    assert dialog.meter.strength is not None and dialog.meter.isVisible()
    click(qtbot, dialog.export_button)
    assert emitted == [(suggested_in(tmp_path), GOOD)]


def test_password_rules() -> None:
    assert password_problem("Nguyen Thi Hoa 2026", "Nguyen Thi Hoa 2026") is None
    assert password_problem("12345678", "12345678") is None  # only length is required
    assert password_problem("1234567", "1234567") == "A PDF password needs at least 8 characters."
    assert password_problem("Aïcha-Benali-ß", "Aïcha-Benali-ß") is None
    # AES-256 (PDF 2.0) reads the typing as UTF-8: any script works, and all of it counts.
    assert password_problem("Małgorzata-2026", "Małgorzata-2026") is None
    assert password_problem("王小明 likes long walks", "王小明 likes long walks") is None
    assert password_problem("Preis-in-€-bitte", "Preis-in-€-bitte") is None
    assert "«\t»" in (password_problem("tab\tinside", "tab\tinside") or "")
    assert "at most 127 bytes" in (password_problem("王" * 43, "王" * 43) or "")


def test_choose_uses_the_replaced_chooser_and_adds_pdf(qtbot, make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    asked: list[PathRequest] = []
    folder = tmp_path / "Aïcha Benali"
    folder.mkdir()

    def chooser(request: PathRequest, accept: Callable[[Path], None]) -> None:
        asked.append(request)
        accept(folder / "Rückblick Semester 2")

    dialog.choose_path = chooser
    click(qtbot, dialog.choose_button)
    assert asked == [PathRequest(True, TITLE, "PDF documents (*.pdf)",
                                 suggested_in(tmp_path), "pdf")]
    assert dialog.location.text() == str(folder / "Rückblick Semester 2.pdf")
    assert dialog.path() == folder / "Rückblick Semester 2.pdf"
    emitted = record(dialog)
    click(qtbot, dialog.export_button)
    assert emitted == [(folder / "Rückblick Semester 2.pdf", None)]


def test_the_default_chooser_opens_a_save_dialog_without_blocking(qtbot, make) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    dialog = make()
    dialog.native_dialogs = False
    click(qtbot, dialog.choose_button)  # returns: open(), not exec()
    shown = [d for d in dialog.findChildren(QFileDialog) if d.isVisible()]
    assert len(shown) == 1
    chooser = shown[0]
    assert chooser.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert chooser.defaultSuffix() == "pdf"
    assert chooser.testOption(QFileDialog.Option.DontUseNativeDialog)
    chooser.reject()


def test_a_typed_path_gets_pdf_and_is_checked(qtbot, make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    dialog.location.clear()
    assert dialog.reason.text() == "Choose where to save the PDF."
    assert not dialog.export_button.isEnabled()
    type_text(dialog.location, str(tmp_path / "Zoë"))
    assert dialog.path() == tmp_path / "Zoë.pdf"
    assert "Will be saved as" in dialog.location_note.text() and dialog.export_button.isEnabled()
    dialog.location.setText("report.PDF")  # relative: in the suggested folder, suffix kept
    assert dialog.path() == tmp_path / "report.PDF"
    dialog.location.setText(str(tmp_path / "missing" / "x.pdf"))
    assert "does not exist" in dialog.reason.text() and not dialog.export_button.isEnabled()
    for folder in (str(tmp_path), "/", str(tmp_path / "new") + "/"):
        dialog.location.setText(folder)
        assert "is a folder; add a file name" in dialog.reason.text(), folder
        assert not dialog.export_button.isEnabled()
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.4")
    dialog.location.setText(str(tmp_path / "old.pdf"))
    assert "will be replaced" in dialog.location_note.text() and dialog.export_button.isEnabled()


def test_passwords_are_emptied_after_accept(qtbot, make) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    protect(qtbot, dialog, GOOD, GOOD)
    click(qtbot, dialog.export_button)
    assert emitted[0][1] == GOOD
    assert dialog.first.text() == "" and dialog.second.text() == ""


@pytest.mark.parametrize("how", ["cancel", "escape", "close", "hide"])
def test_passwords_are_emptied_after_reject(qtbot, make, how) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    protect(qtbot, dialog, GOOD, GOOD)
    if how == "cancel":
        click(qtbot, dialog.cancel_button)
    elif how == "escape":
        qtbot.keyClick(dialog.second, Qt.Key.Key_Escape)
    elif how == "close":
        dialog.close()
    else:
        dialog.hide()  # what a lock may do to a dialog it does not finish
    assert not dialog.isVisible() and emitted == []
    assert dialog.first.text() == "" and dialog.second.text() == ""
    dialog.open()  # kept alive and shown again: the box stays ticked, a password is needed
    assert dialog.protect.isChecked() and not dialog.export_button.isEnabled()


def test_enter_in_the_confirm_field_exports(qtbot, make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    protect(qtbot, dialog, GOOD, GOOD)
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert emitted == [(suggested_in(tmp_path), GOOD)]
    assert not dialog.isVisible()


def test_enter_in_the_path_field_exports_unprotected(qtbot, make, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    emitted = record(dialog)
    qtbot.keyClick(dialog.location, Qt.Key.Key_Enter)
    assert emitted == [(suggested_in(tmp_path), None)]


def test_tab_order_names_and_mnemonics(qtbot, make) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    click(qtbot, dialog.protect)
    chain = [dialog.location, dialog.choose_button, dialog.protect, dialog.first,
             dialog.second, dialog.export_button, dialog.cancel_button]
    walked, widget = [], dialog.location
    for _ in range(len(chain)):
        walked.append(widget)
        widget = widget.nextInFocusChain()
        while widget not in chain and widget is not dialog.location:
            widget = widget.nextInFocusChain()
    assert walked == chain
    inputs = [w for w in dialog.findChildren(QWidget) if isinstance(w, QLineEdit | QAbstractButton)]
    assert [w for w in inputs if not w.accessibleName()] == []
    keys = [QKeySequence.mnemonic(w.text()).toString()
            for w in dialog.findChildren(QWidget)
            if (isinstance(w, QLabel) and w.buddy() is not None) or isinstance(w, QAbstractButton)]
    keys = [k for k in keys if k]
    assert len(keys) >= 5
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_labels_lead_to_their_fields_and_passwords_are_hidden(make) -> None:  # type: ignore[no-untyped-def]
    dialog = make()
    buddies = {w.buddy() for w in dialog.findChildren(QLabel) if w.buddy() is not None}
    assert buddies == {dialog.location, dialog.first, dialog.second}
    assert dialog.first.echoMode() == dialog.second.echoMode() == QLineEdit.EchoMode.Password


# -- end to end, with the real documents ------------------------------------------------------
def test_protected_summary_opens_only_with_its_password(qtbot, make, demo_state, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = demo_state.vault.db
    [session] = sessions.list_sessions(db, limit=1)
    dialog = make(tmp_path / "summary-Nguyễn Thị Hoa")
    written: list[Path] = []

    def write(path: Path, password: str | None) -> None:
        demo_state.call(write_session_summary, session.id, path, password=password,
                        success=written.append)

    dialog.export_requested.connect(write)
    protect(qtbot, dialog, GOOD, GOOD)
    click(qtbot, dialog.export_button)
    target = tmp_path / "summary-Nguyễn Thị Hoa.pdf"
    assert written == [target]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    reader = PdfReader(target)
    assert reader.is_encrypted
    assert reader.decrypt("wrong-password") == 0
    assert reader.decrypt(GOOD) != 0
    assert "Session summary" in "\n".join(page.extract_text() for page in reader.pages)
    assert dialog.first.text() == ""


def test_an_accented_password_opens_in_a_standard_reader(demo_state, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """PDF 2.0's AES-256 reads a typed password as UTF-8 after SASLprep (pypdf here, Acrobat,
    Firefox); «Zuversicht-Öl-ß9» opens the file, its unaccented cousin does not."""
    db = demo_state.vault.db
    [session] = sessions.list_sessions(db, limit=1)
    target = write_session_summary(db, session.id, tmp_path / "s.pdf", password=NON_ASCII)
    reader = PdfReader(target)
    assert reader.decrypt("Zuversicht-Ol-ss9") == 0
    assert reader.decrypt(NON_ASCII) != 0
    assert "Session summary" in reader.pages[0].extract_text()
