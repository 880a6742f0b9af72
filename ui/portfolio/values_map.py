"""The values ↔ goals map: each value (in rank order) with the goals that express it, the
values no goal expresses yet and the goals linked to no value — flagged with the style's
warning icon, in words too. Read-only: links are edited in the Goals tab."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbook.values import ValuesGoalsMap

KIND_ROLE = Qt.ItemDataRole.UserRole + 10


class ValuesMap(QGroupBox):
    open_record = Signal(str, int)  # "goal" or "value", id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Values ↔ goals", parent)
        self.warning_icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.warning_icon.setPixmap(self._warn().pixmap(size, size))
        self.warning_icon.setAccessibleName("Warning")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Values and goals summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Values and the goals that express them")
        self.tree.setToolTip("Which goals express each value. Links are edited in the "
                             "Goals tab; double-click a goal to open it.")
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.itemActivated.connect(self._activated)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        summary_row.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(summary_row)
        layout.addWidget(self.tree, 1)
        self.warning_icon.hide()

    def _warn(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

    def _blank(self) -> QIcon:
        """Keeps the value rows' text in line with the flagged ones."""
        side = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        return QIcon(pixmap)

    def clear(self) -> None:
        self.tree.clear()
        self.summary.clear()
        self.warning_icon.hide()

    def show_map(self, m: ValuesGoalsMap) -> None:
        self.tree.clear()
        titles = {g.id: g.title for g in m.goals}
        by_value: dict[int, list[int]] = {}
        for value_id, goal_id in m.links:
            by_value.setdefault(value_id, []).append(goal_id)
        warn, blank = self._warn(), self._blank()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for rank, v in enumerate(m.values, start=1):
            goals = by_value.get(v.id, [])
            item = QTreeWidgetItem([f"{rank}. {v.name}"])
            item.setData(0, KIND_ROLE, ("value", v.id))
            item.setIcon(0, blank)
            item.setFont(0, bold)  # a heading over its goals
            if not goals:
                item.setText(0, f"{rank}. {v.name} — not yet expressed in any goal")
                item.setIcon(0, warn)
                item.setToolTip(0, f"{v.name} is not yet expressed in any goal")
            for goal_id in goals:
                child = QTreeWidgetItem([titles[goal_id]])
                child.setData(0, KIND_ROLE, ("goal", goal_id))
                child.setToolTip(0, f"{titles[goal_id]}\nGoal expressing {v.name}; "
                                 "double-click to open it")
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        if m.goals_without_values:
            orphans = QTreeWidgetItem(["Goals linked to no value"])
            orphans.setIcon(0, warn)
            orphans.setFont(0, bold)
            orphans.setData(0, KIND_ROLE, ("heading", 0))
            for g in m.goals_without_values:
                child = QTreeWidgetItem([g.title])
                child.setData(0, KIND_ROLE, ("goal", g.id))
                child.setToolTip(0, f"{g.title}\nLinked to no value; link values in the "
                                 "Goals tab")
                orphans.addChild(child)
            self.tree.addTopLevelItem(orphans)
            orphans.setExpanded(True)
        parts = []
        if m.values_without_goals:
            names = ", ".join(v.name for v in m.values_without_goals)
            parts.append(f"Values not yet expressed in any goal: {names}.")
        if m.goals_without_values:
            titles_text = "; ".join(g.title for g in m.goals_without_values)
            parts.append(f"Goals linked to no value: {titles_text}.")
        self.warning_icon.setVisible(bool(parts))
        if not m.values:
            parts.append("No values chosen yet.")
        elif not parts:
            parts.append("Every value is expressed in a goal, and every goal in a value.")
        self.summary.setText("\n".join(parts))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        kind, record_id = item.data(0, KIND_ROLE) or ("", 0)
        if kind in ("goal", "value"):
            self.open_record.emit(kind, int(record_id))
