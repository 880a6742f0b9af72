"""The two places that ask for a workbook's passphrase: the dialog shown after choosing a
file, and the lock screen that fills the window while the workbook is locked.

Both lay out an `UnlockForm` (ui/start/unlock_form.py), which does the unlocking; here is
only what differs between them: the dialog offers another file (a backup) when the file
cannot be opened, the lock screen offers to close the workbook instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.kit.dialog_buttons import cancel_button
from ui.kit.palette import dim
from ui.kit.state import WorkbookState
from ui.start.unlock_form import UnlockForm
from workbook.errors import DamagedWorkbook, NotAWorkbook, NotFound, WorkbookError, WorkbookTooNew
from workbook.vault import DEFAULT_SUFFIX

WORKBOOK_FILTER = f"Coach workbooks (*{DEFAULT_SUFFIX});;All files (*)"


def heading_font(widget: QWidget, scale: float = 1.4) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


def _file_labels(path: Path | None) -> tuple[str, str]:
    if path is None:
        return "", ""
    return path.name, str(path.parent)


class UnlockDialog(QDialog):
    """Asks for the passphrase of `path`; emits `unlocked(path)` once `state` is open.

    Show it with `open()` (window-modal, no nested event loop). Esc cancels."""

    unlocked = Signal(Path)

    def __init__(self, state: WorkbookState, path: Path | str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock workbook")
        self.form = UnlockForm(state, Path(path), self)
        self.title = QLabel()
        self.title.setFont(heading_font(self, 1.25))
        self.title.setWordWrap(True)
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dim(self.folder)
        self.other_button = QPushButton("Choose another &file…")
        self.other_button.setAccessibleName("Choose another file")
        self.other_button.hide()
        self.other_button.clicked.connect(self.choose_other_file)
        self.cancel_button = cancel_button("Close without unlocking", self.reject)
        self.form.unlock_button.setDefault(True)
        self.file_dialog: QFileDialog | None = None

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        label = QLabel("&Passphrase:")
        label.setBuddy(self.form.field)
        form.addRow(label, self.form.field)
        form.addRow("", self.form.show_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.form.unlock_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.folder)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.form.busy_label)
        layout.addWidget(self.form.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setTabOrder(self.form.field, self.form.show_box)
        self.setTabOrder(self.form.show_box, self.form.unlock_button)
        self.setTabOrder(self.form.unlock_button, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.other_button)

        self.form.unlocked.connect(self._unlocked)
        self.form.failed.connect(self._failed)
        self.form.busy_changed.connect(self._busy)
        self._show_path()
        # Sized to its content, so an error sentence never ends up clipped.
        self.form.field.setMinimumWidth(340)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        self.form.field.setFocus()

    @property
    def path(self) -> Path:
        assert self.form.path is not None
        return self.form.path

    @property
    def field(self) -> QLineEdit:
        return self.form.field

    @property
    def error_text(self) -> str:
        return self.form.error.text() if self.form.error.isVisibleTo(self) else ""

    def set_path(self, path: Path | str) -> None:
        """Switch to another file (a backup), keeping what was typed."""
        self.form.path = Path(path)
        self.form.error.clear_error()
        self.other_button.hide()
        self._show_path()
        self.form.field.setFocus()
        self.form.field.selectAll()

    def _show_path(self) -> None:
        name, folder = _file_labels(self.form.path)
        self.title.setText(f"Unlock «{name}»")
        self.folder.setText(f"In {folder}")
        self.setAccessibleDescription(f"Unlock {name}")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.field.setFocus()

    def _failed(self, known: WorkbookError) -> None:
        if isinstance(known, DamagedWorkbook):
            self.other_button.setText("Open a &backup…")
            self.other_button.setAccessibleName("Open a backup")
            self.other_button.show()
        elif isinstance(known, NotAWorkbook | NotFound | WorkbookTooNew):
            self.other_button.setText("Choose another &file…")
            self.other_button.setAccessibleName("Choose another file")
            self.other_button.show()
        else:
            self.other_button.hide()

    def choose_other_file(self) -> None:
        folder = self.path.parent if self.path.parent.is_dir() else Path.home()
        dialog = QFileDialog(self, "Open a backup or another workbook", str(folder),
                             WORKBOOK_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda chosen: self.set_path(Path(chosen)))
        self.file_dialog = dialog
        dialog.open()

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(not busy)
        self.other_button.setEnabled(not busy)

    def _unlocked(self, path: Path) -> None:
        self.unlocked.emit(path)
        self.accept()

    def reject(self) -> None:
        if self.form.busy:
            return  # the key derivation cannot be interrupted; it takes a moment
        self.form.field.clear()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form.busy:
            event.ignore()
            return
        super().closeEvent(event)


class LockScreen(QWidget):
    """What fills the window while the workbook is locked: its file name (a path is not
    coachee data), the passphrase field, Unlock, and Close workbook.

    Call `prepare(path)` before showing it (the main window does so when locking);
    `unlocked` fires once `state` is open again, `close_requested` when the coach would
    rather close the workbook (the state is already closed: show the start window)."""

    unlocked = Signal(Path)
    close_requested = Signal()

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.form = UnlockForm(state, state.path, self)
        self.title = QLabel("Workbook locked")
        self.title.setFont(heading_font(self, 1.8))
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.file_label = QLabel()
        self.file_label.setFont(heading_font(self, 1.1))
        self.file_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.file_label.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.folder_label.setWordWrap(True)
        dim(self.folder_label)
        self.explain = QLabel("Everything is saved. Type the passphrase to continue where "
                              "you left off.")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.explain.setWordWrap(True)
        # Mnemonics that do not collide with the main window's menus (File, Edit, Coachee…).
        self.close_button = QPushButton("Close &workbook")
        self.form.show_box.setText("Show p&assphrase")
        self.close_button.setAccessibleName("Close workbook")
        self.close_button.setToolTip("Close this workbook and go back to the start window")
        self.close_button.clicked.connect(self._close_requested)
        self.form.field.returnPressed.connect(self.form.submit)
        self.form.unlocked.connect(self.unlocked)
        self.form.busy_changed.connect(lambda busy: self.close_button.setEnabled(not busy))

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        card.setMaximumWidth(560)
        card.setMinimumWidth(420)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addWidget(self.file_label)
        inner.addWidget(self.folder_label)
        inner.addSpacing(4)
        inner.addWidget(self.explain)
        label = QLabel("&Passphrase:")
        label.setBuddy(self.form.field)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.form.field, 1)
        row.addWidget(self.form.unlock_button)
        inner.addLayout(row)
        inner.addWidget(self.form.show_box)
        inner.addWidget(self.form.busy_label)
        inner.addWidget(self.form.error)
        inner.addSpacing(8)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        inner.addLayout(bottom)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(card, 3)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        self.setTabOrder(self.form.field, self.form.unlock_button)
        self.setTabOrder(self.form.unlock_button, self.form.show_box)
        self.setTabOrder(self.form.show_box, self.close_button)
        self.prepare(state.path)

    @property
    def field(self) -> QLineEdit:
        return self.form.field

    @property
    def error_text(self) -> str:
        return self.form.error.text() if self.form.error.isVisibleTo(self) else ""

    def set_path(self, path: Path | None) -> None:
        self.prepare(path)

    def focus_passphrase(self) -> None:
        self.form.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def prepare(self, path: Path | None = None) -> None:
        """Empty the field and messages and show `path` (default: the state's last path)."""
        path = path or self._state.path
        self.form.reset(path)
        name, folder = _file_labels(path)
        self.file_label.setText(name)
        self.folder_label.setText(f"In {folder}" if folder else "")
        self.setAccessibleName(f"Workbook {name} locked" if name else "Workbook locked")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.field.setFocus()

    def _close_requested(self) -> None:
        self.form.reset()
        self.close_requested.emit()
