"""The GUI benchmark's child processes: each one measures in a fresh Qt process and prints
one line `BENCH-RESULT {json}` on stdout (Qt's own messages go to stderr).

    python -m bench.gui_probe unlock WORKBOOK --repeat N
    python -m bench.gui_probe typing WORKBOOK [--floor] --keys 300 --rate 10
                                                      (bench/gui_typing.py)
    python -m bench.gui_probe screens WORKBOOK FLOOR --what overview --n 50
    python -m bench.gui_probe today WORKBOOK --repeat N  (bench/gui_screens.py)
    python -m bench.gui_probe search WORKBOOK FLOOR --words 20 --rate 10
    python -m bench.gui_probe backup WORKBOOK --rounds 2 --rate 10  (bench/gui_search.py)

Launch is measured with `python -c LAUNCH_OURS` / `LAUNCH_FLOOR` (below) instead, so that
nothing but the interpreter starts before the clock in the parent does. `bench.gui` runs
these and builds the table; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from bench.common import (
    WINDOW,
    CycleEnd,
    emit,
    fail_on_error,
    ns_ms,
    paint_watcher,
    qt_app,
)
from bench.gui_screens import SCREENS, probe_screens, probe_today
from bench.gui_search import probe_backup, probe_search
from bench.gui_typing import Step, probe_typing, probe_typing_floor, typing_plan

# -- launch: `python -c` programs, timed from spawn in the parent -------------------------
# Every stamp is time.monotonic_ns() (CLOCK_MONOTONIC: system-wide on Linux, so the parent's
# spawn time and the child's stamps share a clock). "paint" is the target's first paint
# event; "painted" a zero timer later, once that paint cycle (and its flush) is over.
_LAUNCH_HEAD = """\
import json, os, sys, time
T = {"python": time.monotonic_ns()}
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
def _done():
    T["painted"] = time.monotonic_ns()
    sys.stdout.write("BENCH-RESULT " + json.dumps(T) + "\\n")
    sys.stdout.flush()
    os._exit(0)  # teardown is not part of a launch
class _Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in T:
            T["paint"] = time.monotonic_ns()
            QTimer.singleShot(0, _done)
        return False
_filter = _Painted()
"""

# What `coach-workbook [FILE]` does (ui.window.app.run_app), with the paint watched: the start
# page, or with a file the unlock dialog it opens at once.
LAUNCH_OURS = _LAUNCH_HEAD + """\
import coach_workbook_app.entry  # what the console script imports, then its two checks
from coach_workbook_app.display import display_problem
from workbook.hardening import harden_process
display_problem()
harden_process()
from ui.window.app import make_application
app = make_application(sys.argv[:1])
QTimer.singleShot(60000, lambda: os._exit(3))
from pathlib import Path
from ui.kit.errors_dialog import install_excepthook
from ui.window.main_window import MainWindow
T["imported"] = time.monotonic_ns()
window = MainWindow()
install_excepthook(lambda: window)
T["built"] = time.monotonic_ns()
if len(sys.argv) > 1:
    window.show()
    window.ask_unlock(Path(sys.argv[1]))
    window._dialogs[-1].installEventFilter(_filter)
else:
    window.start.installEventFilter(_filter)
    window.show()
T["shown"] = time.monotonic_ns()
app.exec()
"""

# The floor: the same interpreter and Qt, an empty main window of the same size.
LAUNCH_FLOOR = _LAUNCH_HEAD + """\
from PySide6.QtWidgets import QMainWindow, QWidget
app = QApplication(sys.argv[:1])
QTimer.singleShot(60000, lambda: os._exit(3))
T["imported"] = time.monotonic_ns()
window = QMainWindow()
central = QWidget()
window.setCentralWidget(central)
window.resize(1280, 800)
T["built"] = time.monotonic_ns()
central.installEventFilter(_filter)
window.show()
T["shown"] = time.monotonic_ns()
app.exec()
"""


# -- unlock → painted main window ----------------------------------------------------------
def probe_unlock(path: Path, repeat: int) -> dict[str, Any]:
    """Unlock with the real threaded runner until the coachee list has painted its rows,
    alternating with the floor (open_vault + list_coachees, no Qt) in the same process."""
    from PySide6.QtCore import QTimer

    from bench.generate import PASSPHRASE
    from ui.window.main_window import MainWindow
    from workbook.coachees import list_coachees
    from workbook.vault import open_vault

    app = qt_app()
    window = MainWindow()
    fail_on_error(window)
    window.resize(*WINDOW)
    rounds: list[dict[str, float]] = []
    floors: list[float] = []
    current: dict[str, int] = {}
    relay = window.state.runner._relay  # private: its `done` fires after each result lands

    def list_painted(now: int) -> None:
        if ("t0" in current and "paint" not in current
                and window.pages.currentWidget() is window.workspace
                and window.coachee_list.proxy.rowCount() > 0):
            current["paint"] = now
            CycleEnd.arm(painted)

    def painted(now: int) -> None:
        current["painted"] = now
        if window.state.runner.pending == 0:
            idle()

    def result_landed(_payload: object) -> None:
        if "painted" in current and "idle" not in current and window.state.runner.pending == 0:
            idle()

    def idle() -> None:
        current["idle"] = time.perf_counter_ns()
        t0 = current["t0"]
        rounds.append({"list_painted_ms": ns_ms(current["painted"] - t0),
                       "list_paint_event_ms": ns_ms(current["paint"] - t0),
                       "opened_ms": ns_ms(current["opened"] - t0),
                       "loads_done_ms": ns_ms(current["idle"] - t0),
                       "rows": window.coachee_list.proxy.rowCount()})
        current.clear()
        window.close_workbook()
        QTimer.singleShot(300, floor)

    def floor() -> None:
        start = time.perf_counter_ns()
        vault = open_vault(path, PASSPHRASE)
        list_coachees(vault.db)
        floors.append(ns_ms(time.perf_counter_ns() - start))
        vault.close()
        if len(rounds) > repeat:
            app.quit()
        else:
            QTimer.singleShot(300, ours)

    def ours() -> None:
        current.clear()
        current["t0"] = time.perf_counter_ns()
        window.state.unlock(path, PASSPHRASE)

    window.state.opened.connect(lambda: current.__setitem__("opened", time.perf_counter_ns()))
    relay.done.connect(result_landed)
    watcher = paint_watcher(window.coachee_list.view.viewport(), list_painted)
    window.show()
    QTimer.singleShot(500, ours)  # the start page is up and painted
    app.exec()
    del watcher
    # The first round is the warm-up: the first unlock in a process also imports and
    # builds what the screens use for the first time; it is kept as `first`.
    return {"first": rounds[0], "first_floor_ms": floors[0], "rounds": rounds[1:],
            "floor_ms": floors[1:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_probe")
    parser.add_argument("probe", choices=("unlock", "typing", "screens", "today", "search",
                                          "backup"))
    parser.add_argument("workbook", type=Path)
    parser.add_argument("floor_workbook", type=Path, nargs="?",
                        help="a second copy, for the floors of screens and search")
    parser.add_argument("--what", choices=SCREENS, default="overview")
    parser.add_argument("--n", type=int, default=50, help="waits timed (screens)")
    parser.add_argument("--words", type=int, default=20, help="words typed (search)")
    parser.add_argument("--rounds", type=int, default=2, help="backups while typing")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--resume-ms", type=float, nargs=2, default=(0.0, 10.0),
                        help="a new sentence starts this long after the autosave started")
    parser.add_argument("--schedule", type=Path,
                        help="replay this typing (JSON [[char, ms], …]; the floor)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--settle-ms", type=int, default=1000)
    parser.add_argument("--tail-ms", type=int, default=1500)
    args = parser.parse_args(argv)
    meta = {"platform_plugin": os.environ.get("QT_QPA_PLATFORM", "")}
    if args.probe == "unlock":
        result = probe_unlock(args.workbook, args.repeat)
    elif args.probe == "screens":
        result = probe_screens(args.workbook, args.floor_workbook, args.what, args.n, args.seed)
    elif args.probe == "today":
        result = probe_today(args.workbook, args.repeat)
    elif args.probe == "search":
        result = probe_search(args.workbook, args.floor_workbook, args.words, args.rate,
                              args.seed)
    elif args.probe == "backup":
        result = probe_backup(args.workbook, args.rounds, args.rate, args.seed)
    else:
        if args.schedule:
            plan = [Step(char, wait) for char, wait in json.loads(args.schedule.read_text(
                encoding="utf-8"))]
        else:
            plan = typing_plan(args.keys, args.rate, tuple(args.resume_ms), args.seed)
        probe = probe_typing_floor if args.floor else probe_typing
        result = probe(args.workbook, plan, args.settle_ms, args.tail_ms)
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    emit(meta | {"qt": qVersion(), "pyside6": pyside} | result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

