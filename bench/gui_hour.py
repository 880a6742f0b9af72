"""The scripted hour: the window's memory after unlock and after hours of a coach's work.

    python -m bench.gui_hour WORKBOOK [--passes 3] [--coachees 100] [--sessions 20]
                             [--keys 2000] [--prints 5] [--trace]

One fresh Qt process on a copy of the cached workbook (bench.run passes the copy). First the
floor: a bare QApplication, `open_vault` and `list_coachees`, no window. Then the real
`MainWindow` (threaded runner, garbage collected on the GUI thread by ui/kit/collector.py) is
built and unlocked. Then each pass is one scripted hour, run as fast as the window answers:
`--coachees` coachees chosen with the arrow keys in the coachee list (each one's Overview
loaded), and among them `--sessions` sessions opened with a click in the session list and
typed into (`--keys` keys in all, one key event per turn of the event loop; the autosave
saves them), and `--prints` of those sessions' summaries printed through Print… (the real
question, the real print thread; the printer writes a PDF file). RSS is read from
/proc/self/statm after each stage. Prints one `BENCH-RESULT {json}` line; bench.run builds
the memory table from it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.common import WINDOW, emit, fail_on_error
from bench.growth import MB, Census, growers, rss_mb

Condition = Callable[[], bool]
PASS_TIMEOUT_S = 900  # a stuck pass ends the probe (the parent reports it), never a hang


def _app(passes: int) -> Any:
    """bench.common.qt_app's application, with room for every pass before it gives up."""
    from PySide6.QtCore import QTimer

    from ui.window.app import make_application

    app = make_application(sys.argv[:1])
    QTimer.singleShot(PASS_TIMEOUT_S * 1000 * (passes + 1), lambda: os._exit(3))
    return app


def _malloc_trim() -> bool:
    """Give freed heap pages back to the system (glibc), so RSS shows what is still held
    rather than what the allocator keeps for reuse."""
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False


class Script:
    """Runs a generator of steps from the event loop: each step yields a condition and the
    next one runs once it holds (polled every few ms; the GUI thread never sleeps)."""

    POLL_MS = 5

    def __init__(self, steps: Iterator[Condition], finished: Callable[[], None]) -> None:
        self.steps, self.finished = steps, finished

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._advance)

    def _advance(self) -> None:
        try:
            condition = next(self.steps)
        except StopIteration:
            self.finished()
            return
        except BaseException as exc:  # a broken script ends the probe with its reason
            _fail(exc)
            return
        self._wait(condition)

    def _wait(self, condition: Condition) -> None:
        from PySide6.QtCore import QTimer

        if condition():
            QTimer.singleShot(0, self._advance)
        else:
            QTimer.singleShot(self.POLL_MS, lambda: self._wait(condition))


def _fail(what: object) -> None:
    import traceback

    if isinstance(what, BaseException):
        traceback.print_exception(what)
    sys.stderr.write(f"probe failed: {what!r}\n")
    sys.stderr.flush()
    os._exit(2)


def _press(widget: Any, key: Any, text: str = "", mods: Any = None) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    mods = Qt.KeyboardModifier.NoModifier if mods is None else mods
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, mods, text))


def _words(count: int, seed: int) -> str:
    """Coaching sentences, `count` characters, as bench.gui_typing types them."""
    import random

    from bench import generate as gen

    rng, text = random.Random(seed), ""
    while len(text) < count:
        words = " ".join(rng.choices(gen._WORDS, cum_weights=gen._WORD_CUM,
                                     k=rng.randint(6, 10)))
        text += words[0].upper() + words[1:] + ". "
    return text[:count]


class Hour:
    """The window and the scripted coach."""

    def __init__(self, window: Any, workdir: Path, args: argparse.Namespace) -> None:
        self.window, self.workdir, self.args = window, workdir, args
        self.state = window.state
        self.docs = window.document_actions
        self.typed: dict[int, str] = {}  # section → its text after the last key typed
        self.prints: list[dict[str, Any]] = []
        self.skipped_sessions = 0
        self._printed: tuple[bool, str] | None = None
        self.docs.printing.ask_printer = self._pdf_printer
        self.docs.finished.connect(self._document_done)

    # -- what the coach does ---------------------------------------------------------------
    def quiet(self, ms: float = 30) -> Condition:
        """Every call landed and none came for `ms` (a load deferred past first paint
        would have been submitted by then)."""
        since: list[float] = []

        def condition() -> bool:
            if self.state.runner.pending or self.docs.printing.busy:
                since.clear()
                return False
            now = time.monotonic()
            if not since:
                since.append(now)
            return now - since[0] >= ms / 1000

        return condition

    def next_coachee(self) -> None:
        """Down arrow in the coachee list; from the last row back to the first."""
        from PySide6.QtCore import Qt

        view = self.window.coachee_list.view
        view.setFocus()
        current = view.currentIndex()
        if not current.isValid() or current.row() >= view.model().rowCount() - 1:
            _press(view, Qt.Key.Key_Home, mods=Qt.KeyboardModifier.ControlModifier)
        else:
            _press(view, Qt.Key.Key_Down)

    def one_pass(self, number: int) -> Iterator[Condition]:
        from ui.window.panes import OVERVIEW, SESSIONS

        a = self.args
        every = max(1, a.coachees // max(1, a.sessions))
        sessions_done = 0
        for k in range(a.coachees):
            self.next_coachee()
            yield self.quiet()
            if sessions_done >= a.sessions or k % every != every - 1:
                continue
            self.window.tabs.setCurrentIndex(SESSIONS)
            yield self.quiet()
            keys = a.keys // a.sessions + (1 if sessions_done < a.keys % a.sessions else 0)
            text = _words(keys, number * 1000 + sessions_done)
            prints_before = a.prints * sessions_done // a.sessions
            print_it = a.prints * (sessions_done + 1) // a.sessions > prints_before
            sessions_done += 1
            yield from self.write(text, print_it)
            self.window.tabs.setCurrentIndex(OVERVIEW)
            yield self.quiet()
        self.window.sessions.editor.autosaver.flush()
        yield self.quiet()

    def write(self, text: str, print_it: bool) -> Iterator[Condition]:
        """Click the latest session in the list, type `text` at the end of its first
        editable notes, and print its summary if asked."""
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        tab = self.window.sessions
        if tab.model.rowCount() == 0:
            self.skipped_sessions += 1
            return
        index = tab.model.index(0, 0)
        tab.list.scrollTo(index)
        wanted = tab.model.session_id(0)
        rect = tab.list.visualRect(index)
        QTest.mouseClick(tab.list.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(rect.center()))
        yield lambda: tab.editor.session_id == wanted
        yield self.quiet()
        editable = [s for s in tab.editor.section_editors()
                    if s.text_edit.isEnabled() and not s.text_edit.isReadOnly()]
        if not editable:
            self.skipped_sessions += 1
            return
        section = editable[0]
        edit = section.text_edit
        tab.editor.scroll.ensureWidgetVisible(edit)
        edit.setFocus()
        cursor = edit.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        edit.setTextCursor(cursor)
        for char in text:
            key = Qt.Key.Key_Space if char == " " else Qt.Key.Key_unknown
            _press(edit, key, char)
            yield lambda: True  # one key per turn of the event loop: paints come between
        self.typed[section.section_id] = edit.toPlainText()
        if print_it:
            yield from self.print_summary()

    def print_summary(self) -> Iterator[Condition]:
        """Ctrl+P: the summary is made on the worker, the coach answers "Print…" in the
        question saying what it holds, the pages go to the printer on its thread."""
        from PySide6.QtWidgets import QMessageBox

        self._printed = None
        started = time.perf_counter()
        self.docs.print_summary_action.trigger()
        boxes: list[QMessageBox] = []

        def asked() -> bool:
            boxes[:] = [b for b in self.window.findChildren(QMessageBox)
                        if b.isVisible() and b.text() == "Print the session summary?"]
            return bool(boxes) or self._printed is not None

        yield asked
        if boxes:
            [button] = [b for b in boxes[0].buttons()
                        if boxes[0].buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
            button.click()
        yield lambda: self._printed is not None
        yield self.quiet()
        ok, sentence = self._printed or (False, "")
        output = self.workdir / "printer.pdf"
        self.prints.append({"ok": ok, "sentence": sentence,
                            "bytes": output.stat().st_size if output.exists() else 0,
                            "seconds": time.perf_counter() - started})
        output.unlink(missing_ok=True)

    def _pdf_printer(self, printer: Any, accept: Callable[[], None]) -> None:
        """Instead of the system print dialog (not ours to measure): a printer that writes
        a PDF file, chosen at once."""
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.workdir / "printer.pdf"))
        accept()

    def _document_done(self, what: str, ok: bool, sentence: str) -> None:
        if what == "print":
            self._printed = (ok, sentence)


def probe_hour(path: Path, args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from bench.generate import PASSPHRASE
    from workbook.coachees import list_coachees
    from workbook.vault import open_vault

    stages: dict[str, float] = {"python": rss_mb()}
    app = _app(args.passes)
    vault = open_vault(path, PASSPHRASE)
    list_coachees(vault.db)
    stages["floor"] = rss_mb()  # a bare QApplication and an open workbook, no window
    vault.close()
    from ui.window.main_window import MainWindow

    stages["imported"] = rss_mb()
    window = MainWindow()
    fail_on_error(window)
    window.resize(*WINDOW)
    window.show()
    stages["built"] = rss_mb()
    workdir = args.workdir or path.parent
    hour = Hour(window, workdir, args)
    census = Census(window)
    out: dict[str, Any] = {"stages_mb": stages, "passes": []}
    started: list[float] = []

    def script() -> Iterator[Condition]:
        window.state.unlock(path, PASSPHRASE)
        yield lambda: window.pages.currentWidget() is window.workspace
        yield hour.quiet(300)
        out["unlocked"] = census.take()
        if args.trace:
            tracemalloc.start(10)
            out["trace_start"] = tracemalloc.take_snapshot()
        for number in range(args.passes):
            started.append(time.perf_counter())
            yield from hour.one_pass(number)
            snap = census.take()
            snap["seconds"] = time.perf_counter() - started[-1]
            out["passes"].append(snap)

    def finished() -> None:
        before = rss_mb()
        unreachable = gc.collect()
        after_collect = rss_mb()
        trimmed = _malloc_trim()
        out["end"] = {"rss_mb": before, "unreachable_found": unreachable,
                      "rss_after_full_collect_mb": after_collect,
                      "rss_after_malloc_trim_mb": rss_mb() if trimmed else None}
        if args.trace:
            stats = tracemalloc.take_snapshot().compare_to(out.pop("trace_start"), "lineno")
            out["trace_top"] = [[str(s.traceback[0]), s.size_diff / MB, s.count_diff]
                                for s in stats[:15]]
            tracemalloc.stop()
        window.close_workbook()
        app.quit()

    Script(script(), finished).start()
    app.exec()
    snaps = [out["unlocked"], *out["passes"]]
    for snap in snaps:
        snap["by_type_total"] = len(snap["by_type"])
    out["grew_in_first_pass"] = growers(snaps[0]["by_type"], snaps[1]["by_type"]) \
        if len(snaps) > 1 else []
    out["grew_after_first_pass"] = growers(snaps[1]["by_type"], snaps[-1]["by_type"]) \
        if len(snaps) > 2 else []
    for snap in snaps:
        del snap["by_type"]
    out.update({"typed_sections": len(hour.typed), "prints": hour.prints,
                "skipped_sessions": hour.skipped_sessions,
                "saved_text_matches": _saved(path, hour.typed),
                "settings": {k: getattr(args, k) for k in (
                    "passes", "coachees", "sessions", "keys", "prints")},
                "widgets_at_end": len(QApplication.allWidgets())})
    return out


def _saved(path: Path, typed: dict[int, str]) -> bool:
    """Every section typed into holds, in the workbook, exactly what its editor showed."""
    from bench.generate import PASSPHRASE
    from workbook.vault import open_vault

    with open_vault(path, PASSPHRASE) as vault:
        return all(vault.db.execute("SELECT body FROM session_sections WHERE id = ?",
                                    [section]).fetchone()[0] == text
                   for section, text in typed.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_hour", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workbook", type=Path, help="a copy of the workbook (it is written)")
    parser.add_argument("--workdir", type=Path, help="where the printer's PDF goes")
    parser.add_argument("--passes", type=int, default=4)
    parser.add_argument("--coachees", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--keys", type=int, default=2000)
    parser.add_argument("--prints", type=int, default=5)
    parser.add_argument("--trace", action="store_true",
                        help="tracemalloc from unlock on: the lines that grew (slow)")
    args = parser.parse_args(argv)
    emit({"platform_plugin": os.environ.get("QT_QPA_PLATFORM", "")}
         | probe_hour(args.workbook, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
