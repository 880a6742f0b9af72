"""What a learner's summary will hold, said before it is previewed, printed or written.

One wording for the preview, the print question, the export dialog and the summaries of
several sessions: the sections printed, by heading; the ones left out and why; and, as a
warning, any section made shared since its session began — the one way a private note could
reach a learner.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.kit.messages import StatusLabel, WarningBox
from workbook.dates import format_date, local_datetime
from workbook.privacy import (
    DocumentContents,
    included_sentence,
    made_shared_sentence,
    quoted,
)
from workbook.wording import count


def _day(stamp: str) -> str:
    moment = local_datetime(stamp)
    return format_date(moment.date() if moment is not None else stamp)


def left_out_sentence(contents: DocumentContents) -> str:
    parts = []
    if contents.private:
        parts.append(f"{quoted(contents.private)} (private)")
    if contents.empty:
        parts.append(f"{quoted(contents.empty)} (nothing written)")
    return f"Left out: {'; '.join(parts)}." if parts else "Nothing is left out."


def warnings(contents: DocumentContents, whose: str = "") -> list[str]:
    return [made_shared_sentence(s, whose, _day) for s in contents.made_shared]


def describe(contents: DocumentContents) -> str:
    """Every sentence for one summary, warnings first (for a message box)."""
    return "\n".join([*warnings(contents), included_sentence(contents),
                      left_out_sentence(contents)])


def _session_of(contents: DocumentContents) -> str:
    return f"{contents.coachee_name}'s session of {format_date(contents.scheduled_at)}"


def describe_many(many: Sequence[DocumentContents]) -> tuple[str, list[str]]:
    """The plain sentence and the warnings for the summaries of several sessions."""
    private = sum(len(c.private) for c in many)
    headings = sorted({h for c in many for h in c.private})
    plain = "Each summary prints its session's shared sections that have notes."
    if private:
        plain += f" Left out: {count(private, 'private section')} ({quoted(headings)})."
    return plain, [s for c in many for s in warnings(c, _session_of(c))]


class ContentsNote(QWidget):
    """The sections a document prints and leaves out; a warning box for any made shared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = StatusLabel()
        self.label.setAccessibleName("What the document holds")
        self.warning = WarningBox("", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning)
        layout.addWidget(self.label)
        self.warning.hide()

    def show_plain(self, text: str) -> None:
        self.show_sentences(text, [])

    def show_contents(self, contents: DocumentContents) -> None:
        self.show_sentences(f"{included_sentence(contents)} {left_out_sentence(contents)}",
                            warnings(contents))

    def show_many(self, many: Sequence[DocumentContents]) -> None:
        self.show_sentences(*describe_many(many))

    def show_sentences(self, plain: str, warned: Sequence[str]) -> None:
        self.label.show_message(plain)
        text = "\n".join(warned)
        self.warning.label.setText(text)
        self.warning.setAccessibleDescription(text)
        self.warning.setVisible(bool(warned))

    def text(self) -> str:
        """Everything it says (for screen readers' tests and the coach's copy)."""
        shown = [self.warning.label.text()] if self.warning.isVisibleTo(self) else []
        return "\n".join([*shown, self.label.text()])
