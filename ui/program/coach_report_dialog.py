"""File ▸ Program report…: the coach's de-identified report of a period, previewed before
it is written.

The coach chooses whole quarters, sees exactly what the file will hold (counts only, with
what each counts and measures, and the notice that it is for the program office), and
saves it as JSON with its tables as CSV beside it. The preview is read on the worker; no
name or note of the workbook is ever in this dialog.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.kit.messages import alive
from ui.kit.state import WorkbookState
from ui.window.file_tasks import PathRequest, file_dialog
from workbook import dates
from workbook.errors import BadPeriod
from workbook.program import tables as t
from workbook.program.document import NOTICE, Report, coach_report, publish_tables
from workbook.program.output import write_report
from workbook.program.period import Period, period
from workbook.program.suppress import PUBLISHED_THRESHOLD, TOTAL

QUARTERS_BACK = 20


def quarter_choices(today: date) -> list[tuple[str, date]]:
    """The last `QUARTERS_BACK` quarters up to today's, newest last: ("2026-Q3 (Jul–Sep
    2026)", its first day)."""
    start = dates.quarter_start(today)
    found = []
    for _ in range(QUARTERS_BACK):
        m = start.month
        found.append((f"{dates.quarter_label(start)} ({dates.quarter_months(start)})", start))
        start = dates.quarter_start(date(start.year - (m == 1), (m - 2) % 12 + 1, 1))
    return found[::-1]


def _cell(value: int | None) -> str:
    return "s" if value is None else f"{value:,}"


def preview_html(report: Report, publishable: bool) -> str:
    """The report as the coach reads it before it is written."""
    parts = [f"<p><b>{html.escape(report.period.label)}</b></p>"]
    if report.demo:
        parts.append("<p><i>Made from the demo workbook of fictional learners: a program "
                     "office will not merge it.</i></p>")
    parts.append(f"<p>{html.escape(NOTICE)}</p>" if not publishable else
                 f"<p>Publishable: counts below {PUBLISHED_THRESHOLD} are shown as s "
                 "(suppressed), with enough others that none can be worked out.</p>")
    published = publish_tables(report.tables, PUBLISHED_THRESHOLD) if publishable else \
        [None] * len(report.tables)
    for table, suppressed in zip(report.tables, published, strict=True):
        spec = table.spec
        shown = suppressed.shown if suppressed is not None else None

        def value(r: str, c: str, shown: dict | None = shown, table: t.Table = table) -> str:
            return _cell(shown[(r, c)]) if shown is not None else _cell(table.count(r, c))

        head = "".join(f"<th>{html.escape(c)}</th>" for c in spec.columns)
        with_totals = shown is not None and spec.row_totals
        head += "<th>total</th>" if with_totals else ""
        rows = "".join(
            f"<tr><td>{html.escape('count' if spec.one_row else r)}</td>"
            + "".join(f"<td align='right'>{value(r, c)}</td>" for c in spec.columns)
            + (f"<td align='right'>{value(r, TOTAL)}</td>" if with_totals else "")
            + "</tr>" for r in table.rows)
        if shown is not None and spec.column_totals:
            rows += "<tr><td>total</td>" + "".join(
                f"<td align='right'>{value(TOTAL, c)}</td>"
                for c in (*spec.columns, TOTAL)) + "</tr>"
        parts.append(
            f"<h4>{html.escape(spec.title)}</h4><p><small>Counts {html.escape(spec.counts)}; "
            f"evidence of {html.escape(spec.measures)}. {html.escape(spec.note)}</small></p>"
            f"<table cellspacing='0' cellpadding='3' border='1'><tr><th></th>{head}</tr>"
            f"{rows}</table>")
    return "".join(parts)


class ProgramReportDialog(QDialog):
    """Choose a period, read the preview, save the report."""

    def __init__(self, state: WorkbookState, parent: QWidget | None = None, *,
                 today: Callable[[], date] = dates.today) -> None:
        super().__init__(parent)
        self.setWindowTitle("Program report")
        self.state = state
        self.report: Report | None = None
        self.native_dialogs = True
        self.choose_path: Callable[[PathRequest, Callable[[Path], None]], None] = \
            lambda request, accept: file_dialog(self, request, accept, self.native_dialogs)
        intro = QLabel("A de-identified report of your coaching for the program office: "
                       "counts only, no names, notes or dates finer than a quarter. Read it "
                       "here before you save it.")
        intro.setWordWrap(True)
        choices = quarter_choices(today())
        self.first, self.last = QComboBox(), QComboBox()
        for combo in (self.first, self.last):
            for label, day in choices:
                combo.addItem(label, day)
        self.first.setAccessibleName("First quarter")
        self.last.setAccessibleName("Last quarter")
        # the last four complete quarters: a year, as programs are asked for
        self.first.setCurrentIndex(max(0, len(choices) - 5))
        self.last.setCurrentIndex(max(0, len(choices) - 2))
        self.publishable = QCheckBox(f"Publishable variant (counts below {PUBLISHED_THRESHOLD} "
                                     "suppressed; cannot be merged)")
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("What the report holds")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton("&Save report…")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.ask_save)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)

        when = QHBoxLayout()
        for text, combo in (("&From", self.first), ("&to", self.last)):
            label = QLabel(text)
            label.setBuddy(combo)
            when.addWidget(label)
            when.addWidget(combo)
        when.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(when)
        layout.addWidget(self.publishable)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for combo in (self.first, self.last):
            combo.currentIndexChanged.connect(self.refresh)
        self.publishable.toggled.connect(self._show)
        # roomy where the screen allows; never taller than it (1024×600 netbooks, 150 %)
        room = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(760, int(room.width() * 0.95)), min(620, int(room.height() * 0.9)))
        for a, b in ((self.first, self.last), (self.last, self.publishable),
                     (self.publishable, self.preview), (self.preview, self.save_button),
                     (self.save_button, self.close_button)):
            self.setTabOrder(a, b)
        state.closed.connect(self.reject)  # locking closes it
        self.refresh()

    def chosen(self) -> Period | None:
        first, last = self.first.currentData(), self.last.currentData()
        try:
            return period(dates.quarter_label(first), dates.quarter_label(last))
        except BadPeriod as exc:
            self.problem.setText(exc.sentence)
            return None

    def refresh(self) -> None:
        self.problem.clear()
        self.save_button.setEnabled(False)
        self.report = None  # the old period's report is never shown for the new one
        chosen = self.chosen()
        if chosen is None:
            self.report = None
            self.preview.clear()
            return
        self.state.call(coach_report, chosen, success=self._loaded,
                        label="Counting for the program report…")

    def _loaded(self, report: Report) -> None:
        if not alive(self) or report.period != self.chosen():
            return  # another period was chosen meanwhile
        self.report = report
        self._show()

    def _show(self) -> None:
        if self.report is None:
            return
        self.preview.setHtml(preview_html(self.report, self.publishable.isChecked()))
        self.save_button.setEnabled(True)

    def ask_save(self) -> None:
        report = self.report
        if report is None:
            return
        name = f"program report {report.period.label}.json"
        folder = Path(self.state.path).parent if self.state.path else Path.home()
        self.choose_path(PathRequest(True, "Save the program report", "Program report (*.json)",
                                     folder / name, "json"), self.save)

    def save(self, target: Path) -> None:
        """Write the report (the file dialog has asked before replacing a file)."""
        report = self.report
        if report is None:
            return
        publishable = PUBLISHED_THRESHOLD if self.publishable.isChecked() else None

        def write(_db: object) -> list[Path]:
            return write_report(report, target, force=True, publishable=publishable)

        def done(written: list[Path]) -> None:
            if not alive(self):
                return
            self.status.setText(f"Saved to {written[0]}, with its tables as CSV in "
                                f"«{written[1].parent.name}» beside it.")

        def failed(exc: BaseException) -> None:
            said = self.state.report(exc)
            if said and alive(self):
                self.problem.setText(said)

        self.state.call(write, success=done, failure=failed, label="Saving the program report…")

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not self.save_button.hasFocus() and not self.close_button.hasFocus():
            return  # Enter in the period lists does not save or close
        super().keyPressEvent(event)
