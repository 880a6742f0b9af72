"""Application entry: a start window (new / open / demo), unlock, and the coachee list."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbook import coachees
from workbook.errors import WorkbookError
from workbook.vault import Vault, open_vault

Index = QModelIndex | QPersistentModelIndex


class CoacheeListModel(QAbstractListModel):
    """Names of the open workbook's coachees; cleared when the workbook closes."""

    def __init__(self) -> None:
        super().__init__()
        self._names: list[str] = []

    def load(self, names: list[str]) -> None:
        self.beginResetModel()
        self._names = names
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._names)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._names[index.row()]
        return None


class StartWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Coach Workbook")
        self.vault: Vault | None = None
        self.model = CoacheeListModel()
        body = QWidget()
        layout = QVBoxLayout(body)
        self.heading = QLabel("Open a workbook to begin. Everything in it is encrypted.")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.open_button = QPushButton("&Open workbook…")
        self.open_button.clicked.connect(self.choose_and_open)
        layout.addWidget(self.open_button)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Coachees")
        layout.addWidget(self.list)
        self.setCentralWidget(body)
        self.resize(640, 480)

    def choose_and_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open workbook", "",
                                              "Coach workbooks (*.cwb);;All files (*)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        passphrase, ok = QInputDialog.getText(self, "Unlock", f"Passphrase for {path.name}:",
                                              QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            self.close_workbook()
            self.vault = open_vault(path, passphrase)
            names = [c.display_name for c in coachees.list_coachees(self.vault.db)]
        except WorkbookError as exc:
            QMessageBox.warning(self, "Cannot open the workbook", exc.sentence)
            return
        self.model.load(names)
        self.heading.setText(f"{path.name}: {len(names)} coachees")

    def close_workbook(self) -> None:
        self.model.load([])
        if self.vault is not None:
            self.vault.close()
            self.vault = None

    def closeEvent(self, event: object) -> None:
        self.close_workbook()
        super().closeEvent(event)  # type: ignore[arg-type]


def run_app(path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Coach Workbook")
    window = StartWindow()
    window.show()
    if path is not None:
        window.open_path(path)
    return int(app.exec())
