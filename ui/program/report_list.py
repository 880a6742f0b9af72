"""The coaches' report files the program director has added: a list by file name, with
"Add reports…" (a file dialog that does not block) and "Remove" (Delete or Backspace in the
list too). A file is listed once however often it is added; the files are only named here,
never read (the window reads and merges them).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit import recent
from workbook.wording import count

PATH_ROLE = Qt.ItemDataRole.UserRole
REPORT_SUFFIX = ".json"
REPORT_FILTER = "Program reports (*.json);;All files (*)"


def same_file_key(path: Path) -> str:
    """What tells two added paths apart: the absolute path, in the system's case rule."""
    return os.path.normcase(os.path.abspath(path))


def report_paths(mime: QMimeData) -> list[Path]:
    """The local `.json` files among dragged or dropped URLs (anything else is left out)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().casefold().endswith(REPORT_SUFFIX)]


class ReportList(QWidget):
    """`add_button`, `list` and `remove_button`, top to bottom; `changed` fires whenever the
    files listed change (`paths()` gives them, in the order added)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.native_dialogs = False  # the Qt dialog: kept in `add_dialog`, which tests drive
        self.add_dialog: QFileDialog | None = None
        self._folder: Path | None = None

        self.add_button = QPushButton("&Add reports…")
        self.add_button.setAccessibleName("Add reports")
        self.add_button.setToolTip("Choose coaches' report files (.json); you can also drop "
                                   "them on this window")
        self.add_button.clicked.connect(self.choose_files)
        self.list = QListWidget()
        self.list.setAccessibleName("Coaches' report files")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 5)
        self.list.installEventFilter(self)
        self.list.model().rowsInserted.connect(self._update_enabled)
        self.list.model().rowsRemoved.connect(self._update_enabled)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove")
        self.remove_button.setToolTip("Take the selected files out of the list (Delete); the "
                                      "files themselves are not touched")
        self.remove_button.clicked.connect(self.remove_selected)

        label = QLabel("Report &files:")
        label.setBuddy(self.list)
        self.count_label = QLabel("")
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addStretch(1)
        under = QHBoxLayout()
        under.addWidget(self.count_label, 1)
        under.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(under)
        self.setTabOrder(self.add_button, self.list)
        self.setTabOrder(self.list, self.remove_button)
        self._update_enabled()

    # -- the files ----------------------------------------------------------------------
    def paths(self) -> list[Path]:
        return [Path(self.list.item(row).data(PATH_ROLE)) for row in range(self.list.count())]

    def add_paths(self, paths: Iterable[Path | str]) -> int:
        """List each file not listed yet; the number added (`changed` fires if any was)."""
        known = {same_file_key(path) for path in self.paths()}
        added: list[QListWidgetItem] = []
        for given in paths:
            path = Path(os.path.abspath(given))
            if same_file_key(path) in known:
                continue
            known.add(same_file_key(path))
            item = QListWidgetItem(path.name)
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(str(path))
            self.list.addItem(item)
            added.append(item)
            self._folder = path.parent
        if not added:
            return 0
        self._name_items()
        self.list.setCurrentItem(added[-1])  # selected: Remove takes out what was added
        self.changed.emit()
        return len(added)

    def remove_selected(self) -> int:
        """Take the selected files (else the current one) out of the list; how many."""
        rows = sorted({self.list.row(item) for item in self.list.selectedItems()})
        if not rows and self.list.currentRow() >= 0:
            rows = [self.list.currentRow()]
        if not rows:
            return 0
        for row in reversed(rows):
            self.list.takeItem(row)
        if self.list.count():  # the next file is selected, so Delete again takes it too
            self.list.setCurrentRow(min(rows[0], self.list.count() - 1))
        self._name_items()
        self.changed.emit()
        return len(rows)

    def _name_items(self) -> None:
        """Each file by its name; with its folder too where two files share a name."""
        names = [Path(self.list.item(r).data(PATH_ROLE)) for r in range(self.list.count())]
        taken = [path.name.casefold() for path in names]
        for row, path in enumerate(names):
            shared = taken.count(path.name.casefold()) > 1
            self.list.item(row).setText(f"{path.name} — {path.parent}" if shared else path.name)
        self.count_label.setText(count(len(names), "file") if names else "")

    def _update_enabled(self) -> None:
        self.remove_button.setEnabled(self.list.count() > 0)

    # -- asking for files ---------------------------------------------------------------
    def choose_files(self) -> None:
        """A file dialog for several reports, shown with `open()`: no nested event loop."""
        folder = self._folder if self._folder is not None else recent.export_folder()
        if self.add_dialog is not None:
            self.add_dialog.deleteLater()
        dialog = QFileDialog(self.window(), "Add coaches' program reports", str(folder),
                             REPORT_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.native_dialogs)
        dialog.filesSelected.connect(lambda chosen: self.add_paths(Path(c) for c in chosen))
        self.add_dialog = dialog
        dialog.open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)
