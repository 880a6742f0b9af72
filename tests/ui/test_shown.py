"""The lock tests' scanner sees every place a widget tree can show a name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLineEdit,
    QListView,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tests.ui.shown import visible_texts

MARKERS_ROLE = Qt.ItemDataRole.UserRole + 7


class _Painted(QAbstractListModel):
    """A list whose delegate would paint words the display role does not hold."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return ["Overdue", "Tavita Faleolo"] if role == MARKERS_ROLE else None


def _tree(qtbot) -> tuple[QMainWindow, dict[str, object]]:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    body = QWidget()
    layout = QVBoxLayout(body)
    window.setCentralWidget(body)
    button = QPushButton("Email Aroha Ngata")
    field = QLineEdit()
    combo = QComboBox()
    combo.addItems(["Bartholomew Quince", "Cordelia Vance"])
    group = QGroupBox("Notes on Ines Varga")
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Kwame Mensah")
    table = QStandardItemModel(1, 1)
    tree_item = QStandardItem("child row")
    table.setItem(0, 0, QStandardItem("parent row"))
    table.item(0, 0).appendRow(tree_item)
    tree_item.setData("Odile Marchetti", Qt.ItemDataRole.UserRole + 3)
    table.setHorizontalHeaderLabels(["Sessions with Priya Nair"])
    tree = QTreeView()
    tree.setModel(table)
    painted = QListView()
    painted.setModel(_Painted(painted))
    for w in (button, field, combo, group, tabs, tree, painted):
        layout.addWidget(w)
    action = QAction("Open Yusuf Demir", window)
    window.menuBar().addMenu("Recent").addAction(action)
    places: dict[str, object] = {
        "Email Aroha Ngata": lambda: button.setText(""),
        "Hanne Solberg": lambda: field.setPlaceholderText(""),
        "Marisol Ortega": lambda: field.setToolTip(""),
        "Teodor Lind": lambda: window.setWindowTitle(""),
        "Cordelia Vance": lambda: combo.clear(),
        "Notes on Ines Varga": lambda: group.setTitle(""),
        "Kwame Mensah": lambda: tabs.setTabText(0, ""),
        "Odile Marchetti": lambda: tree_item.setData(None, Qt.ItemDataRole.UserRole + 3),
        "Priya Nair": lambda: table.setHorizontalHeaderLabels([""]),
        "Tavita Faleolo": lambda: painted.setModel(None),
        "Yusuf Demir": lambda: action.setText(""),
        "Saoirse Byrne": lambda: painted.setAccessibleName(""),
        "Ravi Kumar": lambda: window.statusBar().clearMessage(),
    }
    field.setPlaceholderText("Hanne Solberg")
    field.setToolTip("Marisol Ortega")
    window.setWindowTitle("Teodor Lind")
    painted.setAccessibleName("Saoirse Byrne")
    window.statusBar().showMessage("Saved Ravi Kumar")
    return window, places


def test_every_place_a_name_can_show_is_read(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, places = _tree(qtbot)
    shown = visible_texts(window)
    assert [name for name in places if name not in shown] == []


@pytest.mark.parametrize("name", ["Email Aroha Ngata", "Hanne Solberg", "Marisol Ortega",
                                  "Teodor Lind", "Cordelia Vance", "Notes on Ines Varga",
                                  "Kwame Mensah", "Odile Marchetti", "Priya Nair",
                                  "Tavita Faleolo", "Yusuf Demir", "Saoirse Byrne",
                                  "Ravi Kumar"])
def test_a_name_gone_from_its_place_is_gone(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    window, places = _tree(qtbot)
    places[name]()  # type: ignore[operator]
    assert name not in visible_texts(window)


def test_the_title_of_another_open_window_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    root = QWidget()
    other = QWidget()
    qtbot.addWidget(root)
    qtbot.addWidget(other)
    other.setWindowTitle("Summary for Lena Fischer")
    other.show()
    qtbot.waitExposed(other)
    assert "Lena Fischer" in visible_texts(root)
    other.hide()
    assert "Lena Fischer" not in visible_texts(root)
