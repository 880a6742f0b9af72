"""Passphrase widgets shared by the unlock, new-workbook and change-passphrase dialogs.

`PassphraseMeter` shows zxcvbn's estimate as the coach types (debounced: zxcvbn takes tens
of milliseconds on long input). `NewPassphraseFields` is the "choose a passphrase" block:
the passphrase twice, the meter, the vault's policy sentence, a mismatch line, the plain
warning that a forgotten passphrase cannot be recovered, and the "I understand" box.

The policy is the vault's: its cheap rules are checked on every keystroke, its zxcvbn score
comes from the meter's estimate once typing pauses (one estimate for both, never on every
key), and `settle()` scores at once before the dialog acts on the passphrase.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ui.kit.messages import StatusLabel, WarningBox
from workbook.vault import MIN_LENGTH, Strength, basic_problem, strength

DEBOUNCE_MS = 150
NO_RECOVERY = ("There is no way to recover a forgotten passphrase. Write it down somewhere "
               "safe, and make backups.")
POLICY_HINT = (f"At least {MIN_LENGTH} characters and hard to guess: a few unrelated words "
               "are easy to remember and work well.")
POLICY_OK = "✓ Long enough, and hard to guess."
CHECKING = "Checking how easy the passphrase is to guess…"


_SCORE_HUES = (QColor(205, 45, 45), QColor(215, 95, 40), QColor(220, 160, 30),
               QColor(90, 165, 60), QColor(40, 145, 75))


def _warm_up() -> None:
    # Building zxcvbn's dictionaries takes ~0.1 s: do it before the first keystroke needs it.
    strength("warm up")


class PassphraseMeter(QWidget):
    """A strength bar and a sentence, recomputed 150 ms after the last keystroke."""

    updated = Signal(object)  # Strength

    _warmed = False

    def __init__(self, parent: QWidget | None = None, *, feedback: bool = True) -> None:
        """Without `feedback` zxcvbn's advice is left to the caller (the policy line says
        it when the passphrase is refused)."""
        super().__init__(parent)
        self._feedback = feedback
        # What to score next; None once scored, so no copy of a passphrase stays here.
        self._text: str | None = None
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
        """Score what was typed last, now (the debounce timer calls this; tests may too)."""
        self._timer.stop()
        text, self._text = self._text, None
        if text is None:
            return  # scored already
        if not text:
            self.strength = None
            self.bar.setValue(0)
            self.label.setText("Strength: type a passphrase.")
            self.updated.emit(None)
            return
        result = strength(text)
        self.strength = result
        self.bar.setValue(result.score + 1)
        pal = self.bar.palette()
        pal.setColor(QPalette.ColorRole.Highlight, _SCORE_HUES[result.score])
        self.bar.setPalette(pal)
        sentence = f"Strength: {result.label} — time to guess it: {result.crack_time}."
        if result.feedback and self._feedback:
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
        self.meter = PassphraseMeter(parent, feedback=False)
        self.meter.watch(self.first)
        self.meter.updated.connect(self._scored)
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
        self._basic_shown = False
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

    def settle(self) -> None:
        """Score the passphrase now if the meter has not yet: call before acting on it."""
        if self.meter.pending:
            self.meter.flush()

    def policy_problem(self) -> str | None:
        """The vault's policy on what is typed: its cheap rules at once, zxcvbn's score once
        the meter has it (`CHECKING` until then)."""
        basic = basic_problem(self.first.text())
        if basic:
            return basic
        scored = self.meter.strength
        if self.meter.pending or scored is None:
            return CHECKING
        return scored.problem

    def problem(self) -> str | None:
        """Why the dialog may not proceed yet, or None."""
        first, second = self.first.text(), self.second.text()
        if not first:
            return "Choose a passphrase."
        policy = self.policy_problem()
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

    def _show_policy(self) -> None:
        problem = self.policy_problem() if self.first.text() else POLICY_HINT
        if problem == CHECKING:
            # Typing goes on: keep a verdict on the last pause, not an earlier basic rule.
            if self._basic_shown:
                self.policy.show_message(POLICY_HINT)
                self._basic_shown = False
            return
        self._basic_shown = basic_problem(self.first.text()) is not None
        if problem == POLICY_HINT:
            self.policy.show_message(POLICY_HINT)
        elif problem:
            self.policy.show_message(problem, "error")
        else:
            self.policy.show_message(POLICY_OK, "ok")

    def _scored(self, _strength: Strength | None) -> None:
        self._show_policy()
        self.changed.emit()

    def _refresh(self) -> None:
        first, second = self.first.text(), self.second.text()
        self._show_policy()
        if not second:
            self.match.show_message("")
        elif first == second:
            self.match.show_message("✓ The passphrases match.", "ok")
        elif first.startswith(second):
            self.match.show_message("")  # still typing the repeat
        else:
            self.match.show_message("The two passphrases are different.", "error")
        self.changed.emit()
