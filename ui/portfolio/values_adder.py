"""Adding a value: pick one from the values list (type to search) or type your own."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from workbook.values import CatalogValue


class ValueAdder(QWidget):
    """The label, the searchable box, the Add button and, under them, why an add failed."""

    submitted = Signal(str)  # the name typed or picked, stripped; never empty

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setAccessibleName("Value to add")
        self.combo.setToolTip("Pick from the values list (type to search) or type your own, "
                              "then press Enter")
        self.combo.lineEdit().setPlaceholderText("Type to search the values list…")
        # A long catalogue entry must not widen the whole pane.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(12)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.combo.lineEdit().returnPressed.connect(self.submit)
        self.label = QLabel("Add a va&lue:", self)
        self.label.setBuddy(self.combo)
        self.button = QPushButton("Add", self)
        self.button.setToolTip("Add the value (Enter in the box)")
        self.button.setAccessibleName("Add value")
        self.button.clicked.connect(self.submit)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem adding a value")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.label, 0, 0)
        grid.addWidget(self.combo, 0, 1)
        grid.addWidget(self.button, 0, 2)
        grid.addWidget(self.error, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.setTabOrder(self.combo, self.button)

    def submit(self) -> None:
        name = self.combo.currentText().strip()
        if name:
            self.submitted.emit(name)

    def fill_catalog(self, items: list[CatalogValue]) -> None:
        typed = self.combo.currentText()
        self.combo.blockSignals(True)
        self.combo.clear()
        for item in items:
            self.combo.addItem(item.name, item.id)
            if item.description:
                self.combo.setItemData(self.combo.count() - 1, item.description,
                                       Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(-1)
        self.combo.setEditText(typed)
        self.combo.blockSignals(False)

    def show_error(self, sentence: str) -> None:
        self.error.setText(sentence)
        self.error.setVisible(bool(sentence))

    def added(self) -> None:
        self.combo.setCurrentIndex(-1)
        self.combo.clearEditText()

    def reset(self, *, forget_catalog: bool) -> None:
        """No coachee any more; after a lock the values list goes too."""
        self.combo.clearEditText()
        self.show_error("")
        if forget_catalog:
            self.combo.clear()
