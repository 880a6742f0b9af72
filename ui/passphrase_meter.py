"""Passphrase widgets shared by the unlock, new-workbook and change-passphrase dialogs.

`PassphraseMeter` shows zxcvbn's estimate as the coach types (debounced: zxcvbn can take a
few milliseconds on long input). `NewPassphraseFields` is the "choose a passphrase" block:
the passphrase twice, the meter, the vault's policy sentence, a mismatch line, the plain
warning that a forgotten passphrase cannot be recovered, and the "I understand" box.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui.palette import mix
from workbook.vault import MIN_LENGTH, Strength, policy_problem, strength

DEBOUNCE_MS = 150
# zxcvbn refuses input longer than 72 characters; its verdict on the start is enough.
ZXCVBN_MAX = 72
# Words a guesser would try first against a coach's workbook.
CONTEXT_WORDS = ("coach", "coaching", "workbook", "medical", "medicine", "student",
                 "resident", "learner")
NO_RECOVERY = ("There is no way to recover a forgotten passphrase. Write it down somewhere "
               "safe, and make backups.")
POLICY_HINT = (f"At least {MIN_LENGTH} characters. A few unrelated words are easy to "
               "remember and hard to guess.")


def alive(widget: QObject) -> bool:
    """False once Qt has deleted `widget` (a dialog closed with WA_DeleteOnClose while its
    call was still running): a late callback must then touch nothing of it."""
    return shiboken6.isValid(widget)


# -- colours derived from the palette, so a dark palette works ------------------------------
def error_color(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.WindowText), QColor(215, 38, 38), 0.75)


def ok_color(palette: QPalette) -> QColor:
    return mix(palette.color(QPalette.ColorRole.WindowText), QColor(30, 140, 60), 0.7)


_SCORE_HUES = (QColor(205, 45, 45), QColor(215, 95, 40), QColor(220, 160, 30),
               QColor(90, 165, 60), QColor(40, 145, 75))


class StatusLabel(QLabel):
    """A wrapped one-or-two-line message; `kind` picks the colour: plain, error or ok."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kind = "plain"
        self._full = text
        self._reserved = 0
        self._shortened = False

    def _lines_height(self, lines: int) -> int:
        sample = "\n".join(["Xg"] * lines)
        return self.fontMetrics().boundingRect(QRect(0, 0, 10_000, 100_000),
                                               Qt.TextFlag.TextWordWrap, sample).height()

    def reserve_lines(self, lines: int) -> None:
        """Always take `lines` lines, with a message or without, so the widgets below never
        move; a longer message is shortened to fit, and whole in the tooltip."""
        self._reserved = lines
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFixedHeight(self._lines_height(lines))
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self._fit()

    def text(self) -> str:  # type: ignore[override]
        return self._full  # the whole message, also when the label shows it shortened

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._full = text
        self._fit()

    def _fits(self, text: str, width: int) -> bool:
        box = self.fontMetrics().boundingRect(QRect(0, 0, width, 100_000),
                                              Qt.TextFlag.TextWordWrap, text)
        return box.width() <= width and box.height() <= self.height()

    def _longest(self, make: Callable[[int], str], most: int, width: int) -> str | None:
        """`make(n)` for the largest n ≤ most that fits, or None when even 0 does not."""
        if not self._fits(make(0), width):
            return None
        low, high = 0, most
        while low < high:
            mid = (low + high + 1) // 2
            if self._fits(make(mid), width):
                low = mid
            else:
                high = mid - 1
        return make(low)

    def _shortened_text(self, text: str, width: int) -> str:
        """A quoted «path» gives way first, from its middle; then the end of the text."""
        start, end = text.find("«"), text.find("»")
        if 0 <= start < end:
            head, quoted, tail = text[:start + 1], text[start + 1:end], text[end:]

            def middle(n: int) -> str:
                return f"{head}{quoted[:(n + 1) // 2]}…{quoted[len(quoted) - n // 2:]}{tail}"

            found = self._longest(middle, len(quoted), width)
            if found is not None:
                return found
        return self._longest(lambda n: text[:n].rstrip() + "…", len(text), width) or "…"

    def _fit(self) -> None:
        text, width = self._full, self.contentsRect().width()
        shown = text
        if self._reserved and width > 0 and text and not self._fits(text, width):
            shown = self._shortened_text(text, width)
        if shown != text or self._shortened:
            self.setToolTip(text if shown != text else "")
        self._shortened = shown != text
        super().setText(shown)

    def sizeHint(self) -> QSize:
        # A wrapped label's own hint is for a guessed width, which leaves gaps under short
        # messages; once laid out, ask for the height the text needs at the real width.
        hint = super().sizeHint()
        if self.width() > 80 and not self._reserved:
            hint.setHeight(max(self.minimumHeight(), self.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the hint above depends on the width
            if self._reserved:
                self._fit()

    def show_message(self, text: str, kind: str = "plain") -> None:
        self._kind = kind
        pal = self.parentWidget().palette() if self.parentWidget() else self.palette()
        colour = {"error": error_color, "ok": ok_color}.get(kind)
        mine = QPalette(pal)
        if colour is not None:
            mine.setColor(QPalette.ColorRole.WindowText, colour(pal))
        self.setPalette(mine)
        self.setText(text)
        self.setAccessibleDescription(text)

    @property
    def kind(self) -> str:
        return self._kind


class ErrorLabel(StatusLabel):
    """Where a dialog shows a known error's sentence; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setAccessibleName("Error")
        self.hide()

    def show_error(self, sentence: str) -> None:
        self.show_message(sentence, "error")
        self.setVisible(bool(sentence))

    def clear_error(self) -> None:
        self.setText("")
        self.hide()


class WarningBox(QFrame):
    """A tinted box with the plain no-recovery warning."""

    def __init__(self, text: str = NO_RECOVERY, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Window)
        pal.setColor(QPalette.ColorRole.Window, mix(base, QColor(235, 170, 30), 0.22))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        glyph = QLabel("⚠")
        font = glyph.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        glyph.setFont(font)
        glyph.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        bold = self.label.font()
        bold.setBold(True)
        self.label.setFont(bold)
        layout.addWidget(glyph)
        layout.addWidget(self.label, 1)
        self.setAccessibleName("Warning")
        self.setAccessibleDescription(text)


def _warm_up() -> None:
    # Building zxcvbn's dictionaries takes ~0.1 s: do it before the first keystroke needs it.
    strength("warm up")


class PassphraseMeter(QWidget):
    """A strength bar and a sentence, recomputed 150 ms after the last keystroke."""

    updated = Signal(object)  # Strength

    _warmed = False

    def __init__(self, parent: QWidget | None = None,
                 user_inputs: tuple[str, ...] = CONTEXT_WORDS) -> None:
        super().__init__(parent)
        self._user_inputs = user_inputs
        self._text = ""
        self.strength: Strength | None = None
        self.bar = QProgressBar()
        self.bar.setRange(0, 5)  # empty, then zxcvbn's 0…4
        self.bar.setValue(0)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.bar.setAccessibleName("Passphrase strength")
        self.label = StatusLabel("Strength: type a passphrase.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        if not PassphraseMeter._warmed:
            PassphraseMeter._warmed = True
            threading.Thread(target=_warm_up, name="zxcvbn-warm-up", daemon=True).start()

    def sizeHint(self) -> QSize:
        # As StatusLabel: the height the wrapped sentence needs at the real width.
        hint = super().sizeHint()
        if self.width() > 80 and self.hasHeightForWidth():
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()

    def watch(self, field: QLineEdit) -> None:
        field.textChanged.connect(self.set_text)

    def set_text(self, text: str) -> None:
        self._text = text
        self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Compute now (the debounce timer calls this; tests may too)."""
        self._timer.stop()
        text = self._text
        if not text:
            self.strength = None
            self.bar.setValue(0)
            self.label.setText("Strength: type a passphrase.")
            self.updated.emit(None)
            return
        result = strength(text[:ZXCVBN_MAX], self._user_inputs)
        self.strength = result
        self.bar.setValue(result.score + 1)
        pal = self.bar.palette()
        pal.setColor(QPalette.ColorRole.Highlight, _SCORE_HUES[result.score])
        self.bar.setPalette(pal)
        sentence = f"Strength: {result.label} — time to guess it: {result.crack_time}."
        if result.feedback:
            sentence += f" {result.feedback}"
        self.label.setText(sentence)
        self.updateGeometry()
        self.bar.setAccessibleDescription(result.label)
        self.updated.emit(result)


class NewPassphraseFields(QObject):
    """The widgets for choosing a passphrase, laid into the caller's QFormLayout."""

    changed = Signal()  # any input changed: re-check whether the dialog may proceed

    def __init__(self, parent: QWidget, *, label: str = "&Passphrase:",
                 repeat_label: str = "&Repeat it:") -> None:
        super().__init__(parent)
        self.first = QLineEdit(parent)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName(label.replace("&", "").rstrip(":"))
        self.first.setToolTip(POLICY_HINT)
        self.meter = PassphraseMeter(parent)
        self.meter.watch(self.first)
        self.policy = StatusLabel(POLICY_HINT, parent)
        self.policy.setAccessibleName("Passphrase rules")
        self.second = QLineEdit(parent)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("Repeat the passphrase")
        self.match = StatusLabel("", parent)
        self.match.setAccessibleName("Do the passphrases match")
        self.match.setMinimumHeight(self.match.fontMetrics().lineSpacing())
        self.show_box = QCheckBox("S&how passphrases", parent)
        self.show_box.setAccessibleName("Show passphrases")
        self.show_box.setToolTip("Show what you type (check nobody is looking at your screen)")
        self.show_box.toggled.connect(self._toggle_echo)
        self.warning = WarningBox(NO_RECOVERY, parent)
        self.understood = QCheckBox(
            "I &understand that a forgotten passphrase cannot be recovered", parent)
        self.understood.setAccessibleName("I understand that a forgotten passphrase "
                                          "cannot be recovered")
        self._label, self._repeat_label = label, repeat_label
        for signal in (self.first.textChanged, self.second.textChanged):
            signal.connect(self._refresh)
        self.understood.toggled.connect(self.changed)

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(self._label, self.first)
        form.addRow("", self.meter)
        form.addRow("", self.policy)
        form.addRow(self._repeat_label, self.second)
        form.addRow("", self.match)
        form.addRow("", self.show_box)
        form.addRow(self.warning)
        form.addRow(self.understood)

    def widgets(self) -> list[QWidget]:
        """Input widgets in tab order."""
        return [self.first, self.second, self.show_box, self.understood]

    # -- state ------------------------------------------------------------------------
    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        """Why the dialog may not proceed yet, or None."""
        first, second = self.first.text(), self.second.text()
        if not first:
            return "Choose a passphrase."
        policy = policy_problem(first)
        if policy:
            return policy
        if first != second:
            return "Type the same passphrase twice." if not second else (
                "The two passphrases are different.")
        if not self.understood.isChecked():
            return "Tick “I understand” to confirm you will keep the passphrase safe."
        return None

    def set_inputs_enabled(self, enabled: bool) -> None:
        for widget in self.widgets():
            widget.setEnabled(enabled)

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
        self.show_box.setChecked(False)
        self.understood.setChecked(False)
        self.meter.flush()

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _refresh(self) -> None:
        first, second = self.first.text(), self.second.text()
        if not first:
            self.policy.show_message(POLICY_HINT)
        else:
            problem = policy_problem(first)
            if problem:
                self.policy.show_message(problem, "error")
            else:
                self.policy.show_message("✓ Long enough, and not a common password.", "ok")
        if not second:
            self.match.show_message("")
        elif first == second:
            self.match.show_message("✓ The passphrases match.", "ok")
        elif first.startswith(second):
            self.match.show_message("")  # still typing the repeat
        else:
            self.match.show_message("The two passphrases are different.", "error")
        self.changed.emit()
