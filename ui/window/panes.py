"""The window's panes: the coachee list beside the five tabs (Today, Overview, Values, Goals,
Sessions), where the coach works once a workbook is open.

Apart from the main window, which composes the pages (start, panes, lock screen) and the
menus and moves between them: what the tabs are and in which order, which tab shows which
kind of record, and the coachee list folding away for writing are the panes' own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter, QTabWidget, QWidget

from ui.kit import recent
from ui.kit.state import WorkbookState

TODAY, OVERVIEW, VALUES, GOALS, SESSIONS = range(5)
TAB_NAMES = ("Today", "Overview", "Values", "Goals", "Sessions")
COACHEE_LIST_SHOWN = "coachee_list_shown"


class Panes(QSplitter):
    """The coachee list on the left, the tabs of the chosen coachee taking the rest."""

    def __init__(self, state: WorkbookState, parent: QWidget | None = None) -> None:
        # The screens are imported here, not at the top: the window shows its start page
        # before any of them is needed (`MainWindow.ensure_workspace`).
        from ui.coachees.coachee_list import CoacheeList
        from ui.portfolio.goals_tab import GoalsTab
        from ui.portfolio.overview_tab import OverviewTab
        from ui.portfolio.values_tab import ValuesTab
        from ui.sessions.sessions_tab import SessionsTab
        from ui.window.today_view import TodayView

        super().__init__(Qt.Orientation.Horizontal, parent)
        self.coachee_list = CoacheeList(state)
        self.today = TodayView(state)
        self.overview = OverviewTab(state)
        self.values = ValuesTab(state)
        self.goals = GoalsTab(state)
        self.sessions = SessionsTab(state)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        # No Alt+letter on the tabs: Ctrl+1…5 switch them, and the letters are left to the
        # controls on each page.
        for widget, title in zip((self.today, self.overview, self.values, self.goals,
                                  self.sessions), TAB_NAMES, strict=True):
            self.tabs.addTab(widget, title)
        # Only the tab on view loads: one chosen off view loads when it is shown.
        self.tabs.currentChanged.connect(self._on_view)
        self._on_view(self.tabs.currentIndex())
        self.addWidget(self.coachee_list)
        self.addWidget(self.tabs)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([320, 960])
        self.setChildrenCollapsible(False)

    def set_coachee(self, coachee_id: int | None) -> None:
        """Show `coachee_id` (None: nobody) on every tab (the tab on view loads it, the
        others when shown); chosen from Today, go to Overview."""
        for tab in (self.overview, self.values, self.goals, self.sessions):
            tab.set_coachee(coachee_id)
        if coachee_id is not None and self.tabs.currentIndex() == TODAY:
            self.tabs.setCurrentIndex(OVERVIEW)

    def _on_view(self, index: int) -> None:
        for tab in (self.overview, self.values, self.goals, self.sessions):
            tab.set_on_view(tab is self.tabs.widget(index))

    def show_list(self, shown: bool) -> None:
        """Fold the coachee list away (its keyboard focus goes to the tabs) or bring it
        back; remembered between starts."""
        focus = QApplication.focusWidget()
        if not shown and focus is not None and self.coachee_list.isAncestorOf(focus):
            self.tabs.setFocus(Qt.FocusReason.OtherFocusReason)
        self.coachee_list.setVisible(shown)
        recent.set_layout_flag(COACHEE_LIST_SHOWN, shown)

    def show_record(self, kind: str, record_id: int) -> None:
        """Go to the tab that shows a record (kind, id) of the coachee shown, and to the
        record there."""
        if kind in ("session", "section"):
            self.tabs.setCurrentIndex(SESSIONS)
            self.sessions.open_session(record_id)
        elif kind == "goal":
            self.tabs.setCurrentIndex(GOALS)
            self.goals.select_goal(record_id)
        elif kind == "value":
            self.tabs.setCurrentIndex(VALUES)
        else:
            self.tabs.setCurrentIndex(OVERVIEW)
