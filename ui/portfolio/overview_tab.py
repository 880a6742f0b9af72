"""A coachee's overview: profile, coaching agreement, next meeting, open action items, the GAS
T-score and attendance. Everything comes from one worker call per refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.coachees.coachee_dialog import CoacheeDialog
from ui.coachees.coachee_rows import ID_ROLE
from ui.kit.action_button import action_button
from ui.kit.on_view import LoadsOnView, OnViewLoad
from ui.kit.state import WorkbookState
from ui.portfolio.overview_actions import ActionsList, OpenActionsModel
from ui.portfolio.overview_data import GAS_EXPLAINED, OverviewData, load_overview
from workbook import actions, dates
from workbook.changes import Changes
from workbook.dates import format_date, format_datetime
from workbook.errors import NotFound
from workbook.wording import count


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


class OverviewTab(QWidget, LoadsOnView):
    open_record = Signal(str, int)
    _KINDS = ("coachee", "session", "action", "goal", "checkin", "trash", "settings")

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 today: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._today = today or dates.today
        self.coachee_id: int | None = None
        self._generation = 0
        self._own_toggles: set[int] = set()
        self.overview: OverviewData | None = None
        self.actions_model = OpenActionsModel(self, today=self._today)
        self.actions_model.toggled.connect(self._toggle)
        self._loader = OnViewLoad(self._load)
        self._build()
        state.changed.connect(self._on_changed)
        state.closed.connect(self._on_closed)

    # -- building ----------------------------------------------------------------------
    def _form(self, title: str, rows: list[tuple[str, str]]) -> tuple[QGroupBox,
                                                                    dict[str, QLabel]]:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        labels: dict[str, QLabel] = {}
        for key, text in rows:
            value = _value_label(box)
            value.setAccessibleName(text.rstrip(":"))
            form.addRow(text, value)
            labels[key] = value
        return box, labels

    def _build(self) -> None:
        self.placeholder = QLabel("Choose a coachee from the list to see their overview.", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Coachee")
        self.subheading = _value_label(self)
        self.edit_button = QPushButton("Edit &profile…", self)
        self.edit_button.setToolTip("Edit the profile and coaching agreement")
        self.edit_button.setAccessibleName("Edit profile")
        self.edit_button.clicked.connect(self.edit_profile)
        self.head = head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subheading)
        head.addLayout(titles, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        profile, self.profile = self._form("Profile", [
            ("name", "Full name:"), ("pronouns", "Pronouns:"), ("level", "Level:"),
            ("program", "Program:"), ("cohort", "Cohort:"), ("status", "Status:"),
            ("start", "Coached since:"), ("email", "Email:"), ("tags", "Tags:")])
        agreement, self.agreement = self._form("Coaching agreement", [
            ("cadence", "Cadence:"), ("contact", "Contact:"),
            ("confidentiality", "Confidentiality:"), ("notes", "Notes:"), ("date", "Agreed on:")])

        meeting = QGroupBox("Next meeting", self)
        self.next_label = _value_label(meeting)
        self.next_label.setAccessibleName("Next meeting")
        self.open_session_button = QPushButton("Open &meeting", meeting)
        self.open_session_button.setToolTip("Open the scheduled session")
        self.open_session_button.clicked.connect(self._open_session)
        mrow = QHBoxLayout(meeting)
        mrow.addWidget(self.next_label, 1)
        mrow.addWidget(self.open_session_button, 0, Qt.AlignmentFlag.AlignVCenter)

        items = QGroupBox("Open action items", self)
        self.actions_view = ActionsList(items)
        self.actions_view.setModel(self.actions_model)
        self.actions_view.setAccessibleName("Open action items")
        self.actions_view.setToolTip("Tick an item when it is done (Space); double-click or "
                                     "Enter opens it")
        self.actions_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.actions_view.doubleClicked.connect(self._open_action)
        self.open_action = QAction("Open action item", self.actions_view)
        self.open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return),
                                       QKeySequence(Qt.Key.Key_Enter)])
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(
            lambda: self._open_action(self.actions_view.currentIndex()))
        self.actions_view.addAction(self.open_action)
        self.actions_empty = QLabel("No open action items.", items)
        ilay = QVBoxLayout(items)
        ilay.addWidget(self.actions_view)
        ilay.addWidget(self.actions_empty)

        progress = QGroupBox("Progress", self)
        self.gas_label = _value_label(progress)
        self.gas_label.setAccessibleName("GAS T-score")
        self.gas_label.setToolTip(GAS_EXPLAINED)
        self.attendance_label = _value_label(progress)
        self.attendance_label.setAccessibleName("Attendance")
        self.attendance_label.setToolTip(
            "Held, cancelled and missed (no-show) meetings; the rate is held meetings out of "
            "all that were held, cancelled or missed.")
        play = QFormLayout(progress)
        play.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        play.addRow("GAS T-score:", self.gas_label)
        play.addRow("Attendance:", self.attendance_label)

        body = QWidget(self)
        grid = QGridLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(profile)
        left.addWidget(agreement)
        left.addStretch(1)
        right.addWidget(meeting)
        right.addWidget(items)
        right.addWidget(progress)
        right.addStretch(1)
        grid.addLayout(head, 0, 0, 1, 2)
        grid.addLayout(left, 1, 0)
        grid.addLayout(right, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setTabOrder(self.edit_button, self.open_session_button)
        self.setTabOrder(self.open_session_button, self.actions_view)

    # -- public --------------------------------------------------------------------------
    def _on_closed(self) -> None:
        self.set_coachee(None)

    def add_buttons(self, buttons: list[tuple[str, QAction]]) -> None:
        """Buttons for window actions on the portfolio (preview, print, export), beside
        "Edit profile"; each follows its action's enabled state."""
        for text, action in buttons:
            self.head.addWidget(action_button(text, action), 0, Qt.AlignmentFlag.AlignTop)

    def set_coachee(self, coachee_id: int | None) -> None:
        changed = coachee_id != self.coachee_id
        self.coachee_id = coachee_id
        self._generation += 1
        self._own_toggles.clear()
        if coachee_id is None or not self._state.is_open:
            self.coachee_id = None
            self._loader.forget()
            self._clear()
            return
        if changed and not self._loader.on_view:
            self._clear(keep_page=True)  # shown later: never with the previous coachee's
        self.reload()

    def _load(self) -> None:
        if self.coachee_id is None or not self._state.is_open:
            return
        generation = self._generation
        self._state.call(load_overview, self.coachee_id, self._today(),
                         success=lambda d: self._show(generation, d),
                         failure=lambda exc: self._failed(generation, exc))

    def edit_profile(self) -> None:
        if self.coachee_id is None or not self._state.is_open:
            return
        dialog = CoacheeDialog(self._state, self.coachee_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    # -- showing ---------------------------------------------------------------------------
    def _show(self, generation: int, data: OverviewData) -> None:
        if generation != self._generation:
            return
        self.overview = data
        c = data.coachee
        self.heading.setText(c.name)
        goes_by = f"Goes by {c.preferred_name}" if c.preferred_name and \
            c.preferred_name != c.name else ""
        sub = [x for x in (goes_by, c.pronouns, c.level, c.program, c.cohort) if x]
        self.subheading.setText(" · ".join(sub))
        dash = "—"
        p = self.profile
        p["name"].setText(c.name)
        p["pronouns"].setText(c.pronouns or dash)
        p["level"].setText(c.level or dash)
        p["program"].setText(c.program or dash)
        p["cohort"].setText(c.cohort or dash)
        p["status"].setText(c.status.capitalize())
        p["start"].setText(format_date(c.start_date) or dash)
        p["email"].setText(c.email or dash)
        p["tags"].setText(", ".join(c.tags) or dash)
        a = self.agreement
        a["cadence"].setText(c.agreement_cadence or dash)
        a["contact"].setText(c.agreement_contact or dash)
        a["confidentiality"].setText(c.agreement_confidentiality or dash)
        a["notes"].setText(c.agreement_notes or dash)
        a["date"].setText(format_date(c.agreement_date) or "Not recorded yet")

        if data.next_session_id is not None:
            self.next_label.setText(f"{format_datetime(data.next_meeting)} (scheduled)")
        elif data.next_meeting:
            self.next_label.setText(f"{format_datetime(data.next_meeting)} — planned at the "
                                    "last meeting, not scheduled yet")
        else:
            self.next_label.setText("Nothing planned yet.")
        self.open_session_button.setVisible(data.next_session_id is not None)

        self.actions_model.set_items(data.open_actions)
        self.actions_view.setVisible(bool(data.open_actions))
        self.actions_empty.setVisible(not data.open_actions)

        g = data.gas
        if g.t_score is None:
            self.gas_label.setText("No goal scored yet" + (
                f" ({g.goals_with_ladder} with a ladder, waiting for a review)"
                if g.goals_with_ladder else "."))
        else:
            scored = count(g.goals_scored, "goal")
            self.gas_label.setText(f"{g.t_score:.1f}  ({scored} scored, of "
                                   f"{g.goals_with_ladder} with a ladder)")
        at = data.attendance
        rate = "no meetings settled yet" if at.attendance_rate is None \
            else f"attendance {at.attendance_rate:.0%}"
        self.attendance_label.setText(
            f"{at.held} held · {at.cancelled} cancelled · {at.no_show} no-show · "
            f"{at.scheduled} scheduled — {rate}")
        self.stack.setCurrentIndex(1)

    def _clear(self, *, keep_page: bool = False) -> None:
        self.overview = None
        for label in (self.heading, self.subheading, self.next_label, self.gas_label,
                      self.attendance_label, *self.profile.values(), *self.agreement.values()):
            label.clear()
        self.actions_model.set_items([])
        if not keep_page:
            self.stack.setCurrentIndex(0)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.coachee_id = None
        self._clear()
        if isinstance(exc, NotFound):
            return  # moved to the trash meanwhile: nothing to show
        self._state.report(exc)

    # -- reacting ----------------------------------------------------------------------------
    def _on_changed(self, change: Changes) -> None:
        if self.coachee_id is None or change.kind == "section":
            return
        if not any(change.touches(k) for k in self._KINDS):
            return
        if change.kind == "coachee" and not change.also and self.coachee_id not in change.ids:
            return
        if change.kind == "action" and change.ids and set(change.ids) <= self._own_toggles:
            return  # our own tick: keep the item listed so it can be unticked
        self.reload()

    def _toggle(self, action_id: int, done: bool) -> None:
        self._own_toggles.add(action_id)
        done_on = self._today().isoformat() if done else None
        self.actions_model.mark(action_id, done_on)
        if done:
            self._state.call(actions.complete, action_id, done_on,
                             failure=lambda exc: self._toggle_failed(action_id, exc))
        else:
            self._state.call(actions.reopen, action_id,
                             failure=lambda exc: self._toggle_failed(action_id, exc))

    def _toggle_failed(self, action_id: int, exc: BaseException) -> None:
        self._own_toggles.discard(action_id)
        self.reload()
        self._state.report(exc)

    def _open_action(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_record.emit("action", int(index.data(ID_ROLE)))

    def _open_session(self) -> None:
        if self.overview is not None and self.overview.next_session_id is not None:
            self.open_record.emit("session", self.overview.next_session_id)
