"""The Today view: meetings coming up, overdue action items, who has not been seen lately,
and goals due soon — what a coach looks at between meetings.

All four lists come from one workbook call (`load_today`, in ui.window.today_models) so they always
agree with each other; the view reloads when a change concerns them and at midnight, when
"overdue" moves.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ui.kit.palette import with_visible_checks
from ui.kit.state import WorkbookState
from ui.window.today_models import (
    GOAL_DAYS,
    ID_ROLE,
    KIND_ROLE,
    UPCOMING_DAYS,
    OverdueModel,
    TodayData,
    TodayModel,
    TodayRow,
    goal_rows,
    load_overdue_batch,
    load_today,
    not_seen_rows,
    overdue_rows,
    upcoming_rows,
)
from workbook import actions, dates, wording
from workbook.changes import Changes
from workbook.dates import format_date
from workbook.queries import OverdueAction

Index = QModelIndex | QPersistentModelIndex
RELOAD_DELAY_MS = 50
MAX_VISIBLE_ROWS = 10
# Kinds whose changes can alter one of the four lists.
RELEVANT = ("coachee", "session", "action", "goal", "checkin", "trash", "settings")



class _TodayDelegate(QStyledItemDelegate):
    """A gap between columns sized to their contents, and "done" boxes that show on dark
    palettes: Fusion outlines an item's check box in the palette's Window colour darkened,
    which vanishes on a dark Base, so there the outline is lifted towards the text colour."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + option.fontMetrics.averageCharWidth() * 2, hint.height())

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        lifted = with_visible_checks(option.palette)
        if lifted is not None:
            option.palette = lifted


class TodayList(QTreeView):
    """A flat list as tall as its rows (up to MAX_VISIBLE_ROWS), then it scrolls.

    Its columns are as wide as their widest cell, measured once per batch of rows: Qt's own
    ResizeToContents asked the delegate for every cell of every loaded row on each layout
    pass (seconds on a long overdue list, on every unlock)."""

    def __init__(self, model: TodayModel, stretch: int, name: str) -> None:
        super().__init__()
        self.setModel(model)
        self.setItemDelegate(_TodayDelegate(self))
        self.setAccessibleName(name)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.header()
        header.setStretchLastSection(False)
        self._measured = [col for col in range(model.columnCount()) if col != stretch]
        for col in range(model.columnCount()):
            mode = (QHeaderView.ResizeMode.Stretch if col == stretch
                    else QHeaderView.ResizeMode.Fixed)
            header.setSectionResizeMode(col, mode)
        model.modelReset.connect(self._refit)
        model.rowsInserted.connect(lambda _parent, first, last: self._widen(first, last))
        model.rowsInserted.connect(self._fit)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._refit()

    def _scrolled(self, value: int) -> None:
        bar = self.verticalScrollBar()
        if value == bar.maximum() and value > bar.minimum():
            model = self.model()
            assert isinstance(model, TodayModel)
            model.read_more()

    def _refit(self) -> None:
        header = self.header()
        for col in self._measured:
            header.resizeSection(col, header.sectionSizeHint(col))
        self._widen(0, self.model().rowCount() - 1)
        self._fit()

    def _widen(self, first: int, last: int) -> None:
        """Each column as wide as its widest cell among rows first..last (or wider already):
        the text measured for every cell, the delegate asked only for the widest one."""
        model, metrics, header = self.model(), self.fontMetrics(), self.header()
        if last < first:
            return
        assert isinstance(model, TodayModel)
        for col in self._measured:
            _, widest = max((metrics.horizontalAdvance(model.row_at(row).cells[col]), row)
                            for row in range(first, last + 1))
            width = self.sizeHintForIndex(model.index(widest, col)).width()
            if width > header.sectionSize(col):
                header.resizeSection(col, width)

    def _fit(self) -> None:
        count = self.model().rowCount()
        rows = max(1, min(count, MAX_VISIBLE_ROWS))
        row_h = self.sizeHintForRow(0) if count else self.fontMetrics().height() + 4
        height = self.header().sizeHint().height() + rows * row_h + 2 * self.frameWidth()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(height)


class _Section(QWidget):
    """A heading with a count, then the list or a plain sentence when there is nothing."""

    def __init__(self, title: str, model: TodayModel, stretch: int, empty: str) -> None:
        super().__init__()
        self.title = title
        self.model = model
        self.heading = QLabel(title)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.view = TodayList(model, stretch, title)
        self.heading.setBuddy(self.view)
        self.empty_text = empty
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(4, 2, 4, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 12)
        layout.addWidget(self.heading)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)

    def show_rows(self, rows: list[TodayRow], empty: str | None = None,
                  total: int | None = None) -> None:
        self.model.set_rows(rows, total)
        if empty is not None:
            self.empty_text = empty
        self.empty.setText(self.empty_text)
        count = f" ({self.model.total()})" if rows else ""
        self.heading.setText(self.title + count)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)

    def clear(self) -> None:
        self.model.clear()
        self.heading.setText(self.title)
        self.empty.setText("")
        self.view.setVisible(False)
        self.empty.setVisible(True)


def _ms_to_midnight(now: datetime) -> int:
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    return int((midnight - now).total_seconds() * 1000) + 2_000  # safely past the turn


class TodayView(QWidget):
    open_record = Signal(str, int)  # kind, id

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._fixed_today = today
        self._generation = 0
        self._lists = 0  # counts the lists shown: a batch read for earlier ones is dropped
        self._day_shown: date | None = None
        self._stale = True  # reload when next shown: a hidden tab does not query

        self.date_label = QLabel()
        font = QFont(self.date_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.date_label.setFont(font)

        self.upcoming = _Section(
            "Upcoming meetings", TodayModel(("When", "How soon", "Coachee", "Session")), 3,
            f"No meetings scheduled in the next {UPCOMING_DAYS} days.")
        self.overdue_model = OverdueModel()
        self.overdue = _Section("Overdue action items", self.overdue_model, 0,
                                "No overdue action items.")
        self.not_seen = _Section(
            "Not seen lately", TodayModel(("Coachee", "Last meeting held", "How long ago")), 0,
            "Every active coachee has been seen recently.")
        self.goals = _Section(
            "Goals due soon",
            TodayModel(("Goal", "Coachee", "Target date", "How soon", "Progress")), 0,
            f"No goals due in the next {GOAL_DAYS} days.")
        self.overdue.view.setToolTip("Space or a click on the box marks an item done; "
                                     "Enter opens it.")
        self.sections = (self.upcoming, self.overdue, self.not_seen, self.goals)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(12, 12, 12, 12)
        top = QHBoxLayout()
        top.addWidget(self.date_label)
        top.addStretch(1)
        inner.addLayout(top)
        for section in self.sections:
            inner.addWidget(section)
            section.view.activated.connect(self._activated)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        for a, b in zip(self.sections, self.sections[1:], strict=False):
            QWidget.setTabOrder(a.view, b.view)

        self.refresh_action = QAction("&Refresh Today", self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.setToolTip("Reload the Today lists (F5)")
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)

        # one reload for a burst of changes (an import, a series of edits)
        self.reload_soon = QTimer(self)
        self.reload_soon.setSingleShot(True)
        self.reload_soon.setInterval(RELOAD_DELAY_MS)
        self.reload_soon.timeout.connect(self.refresh)
        self.midnight = QTimer(self)
        self.midnight.setSingleShot(True)
        self.midnight.timeout.connect(self._new_day)
        # complete after the click that ticked the box has been handled by the view
        self.overdue_model.complete_requested.connect(
            self._complete, Qt.ConnectionType.QueuedConnection)
        self.overdue_model.more_wanted.connect(self._more_overdue)

        state.opened.connect(self._opened)
        state.closed.connect(self._closed)
        state.changed.connect(self._changed)
        self._clear()
        if state.is_open:
            self._opened()

    # -- public --------------------------------------------------------------------------
    def today(self) -> date:
        return self._fixed_today or dates.today()

    def refresh(self) -> None:
        """Reload the four lists (also done on relevant changes and at midnight); while the
        view is hidden this only notes that a reload is due when it is shown again."""
        self.reload_soon.stop()
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        generation, day = self._generation, self.today()

        def show(data: TodayData) -> None:
            if generation == self._generation and self.state.is_open:
                self._show(data, day)

        self.state.call(load_today, day, success=show, label="Loading Today…")

    # -- internals -----------------------------------------------------------------------
    def _opened(self) -> None:
        self._generation += 1
        self.midnight.start(_ms_to_midnight(dates.now()))
        self.refresh()

    def _closed(self) -> None:
        self._generation += 1
        self._day_shown = None
        self._stale = True
        self.midnight.stop()
        self.reload_soon.stop()
        self._clear()

    def _new_day(self) -> None:
        self.midnight.start(_ms_to_midnight(dates.now()))
        self.refresh()

    def _changed(self, change: Changes) -> None:
        if any(change.touches(kind) for kind in RELEVANT):
            if self.isVisible():
                self.reload_soon.start()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.state.is_open:
            self.refresh()

    def _clear(self) -> None:
        self.date_label.setText("Today")
        for section in self.sections:
            section.clear()

    def _show(self, data: TodayData, day: date) -> None:
        self._lists += 1
        self._day_shown = day
        self.date_label.setText(f"Today — {format_date(day)}")
        self.upcoming.show_rows(upcoming_rows(data.upcoming, day))
        self.overdue.show_rows(overdue_rows(data.overdue), total=data.overdue_total)
        weeks = data.not_seen_weeks
        self.not_seen.title = f"Not seen for {wording.count(weeks, 'week')} or more"
        self.not_seen.show_rows(
            not_seen_rows(data.not_seen, day),
            f"Every active coachee has had a meeting in the last {wording.count(weeks, 'week')}.")
        self.goals.show_rows(goal_rows(data.goals, day))

    def _more_overdue(self, after: tuple[str, int]) -> None:
        """The coach scrolled to the end of the overdue items read so far: read the next
        batch, unless the lists are reloaded (or the workbook locked) before it comes."""
        generation, lists, day = self._generation, self._lists, self._day_shown
        if day is None or not self.state.is_open:
            self.overdue_model.batch_failed()
            return

        def add(items: list[OverdueAction]) -> None:
            if (generation, lists) == (self._generation, self._lists) and self.state.is_open:
                self.overdue_model.add_rows(overdue_rows(items))

        def failed(exc: BaseException) -> None:
            if (generation, lists) == (self._generation, self._lists):
                self.overdue_model.batch_failed()
            self.state.report(exc)

        self.state.call(load_overdue_batch, day, after, success=add, failure=failed,
                        label="Loading overdue items…")

    def _activated(self, index: QModelIndex) -> None:
        kind, record_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind is not None and record_id is not None:
            self.open_record.emit(kind, int(record_id))

    def _complete(self, action_id: int) -> None:
        def failed(exc: BaseException) -> None:
            self.overdue_model.untick(action_id)
            self.state.report(exc)

        done_on = self._fixed_today.isoformat() if self._fixed_today else None
        self.state.call(actions.complete, action_id, done_on, failure=failed,
                        label="Marking done…")
