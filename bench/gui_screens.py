"""The GUI benchmark's screen probes: how long a coach waits for a screen to show what they
asked for, each wait alternating (ABAB) with its floor in the same process.

    python -m bench.gui_probe screens WORKBOOK FLOOR --what overview|goals|sessions|session
                                                           |trash|versions [--n 50]
    python -m bench.gui_probe today WORKBOOK --repeat N

"Painted" is the end of the last paint cycle that painted the screen (the widget or any
child) once every workbook call it started had landed: the real window and threaded runner
answer, and the screen is the one on view. The floors call the same domain functions the
screen's loads call, on a second copy of the workbook, in the same process, with no Qt and
no thread. How a wait is timed lives in bench/gui_timing.py. See bench/README.md ("The
window").
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from bench.common import WINDOW, fail_on_error, ns_ms, qt_app
from bench.gui_timing import Action, Rounds, Step, Wait, open_window

SCREENS = ("overview", "goals", "sessions", "session", "trash", "versions")


# -- one probe per screen ------------------------------------------------------------------

def _coachees(window: Any, n: int, seed: int) -> list[int]:
    """`n` coachees of the list as shown (all of them if fewer), evenly spread, shuffled."""
    from ui.coachees.coachee_rows import ID_ROLE

    proxy = window.coachee_list.proxy
    rows = proxy.rowCount()
    picked = sorted({round(i * (rows - 1) / max(n - 1, 1)) for i in range(min(n, rows))})
    ids = [int(proxy.index(r, 0).data(ID_ROLE)) for r in picked]
    random.Random(seed).shuffle(ids)
    return ids


def probe_screens(path: Path, floor_path: Path, what: str, n: int, seed: int = 1
                  ) -> dict[str, Any]:
    """One screen's wait, `n` times against its floor (see the module's docstring)."""
    from bench.generate import PASSPHRASE
    from workbook.vault import open_vault

    floor_vault = open_vault(floor_path, PASSPHRASE)
    out: dict[str, Any] = {"what": what}
    kept: list[Rounds] = []

    def ready(window: Any) -> None:
        steps, out["ids"] = _steps(window, floor_vault.db, what, n, seed)

        def finished() -> None:
            out.update(rounds.result())
            _close_dialogs(window)
            window.close_workbook()
            app.quit()

        rounds = Rounds(window, steps, finished)
        kept.append(rounds)  # Qt's connections do not keep it alive: the collector would free it
        rounds.start()

    app, _window = open_window(path, ready)
    app.exec()
    floor_vault.close()
    return out


def _steps(window: Any, fdb: Any, what: str, n: int, seed: int) -> tuple[list[Step], list[int]]:
    """What is timed for `what`, on which records, and each one's floor."""
    from PySide6.QtCore import Qt

    from ui.portfolio.goal_models import load_goal_detail, load_goal_rows
    from ui.portfolio.overview_data import load_overview
    from ui.sessions.session_bundle import load_bundle
    from ui.sessions.session_list import PAGE
    from ui.window.panes import GOALS, OVERVIEW, SESSIONS
    from ui.window.trash_dialog import TrashDialog
    from ui.window.versions_dialog import VersionsDialog, load_versions
    from workbook import dates, sessions, trash

    ids = _coachees(window, n, seed)
    select = window.coachee_list.select_coachee
    if what in ("overview", "goals", "sessions"):
        tab = {"overview": OVERVIEW, "goals": GOALS, "sessions": SESSIONS}[what]
        screen = window.tabs.widget(tab)

        def floor_of(cid: int) -> Action:
            if what == "overview":
                return lambda: load_overview(fdb, cid, dates.today())
            if what == "sessions":
                return lambda: sessions.list_sessions(fdb, cid, limit=PAGE)

            def goals_floor() -> None:  # the list, then the first goal in the editor
                rows = load_goal_rows(fdb, cid)
                if rows.goals:
                    load_goal_detail(fdb, rows.goals[0].id)
            return goals_floor

        window.show_tab(tab)
        return [Step(lambda c=cid: select(c), lambda: screen, floor_of(cid))
                for cid in ids], ids
    if what == "session":
        chosen = _sessions(fdb, ids, n)
        owner = {sid: sessions.get(fdb, sid).coachee_id for sid in chosen}
        window.show_tab(SESSIONS)
        tab = window.sessions

        def open_from_list(sid: int) -> None:
            tab.list.setCurrentIndex(tab.model.index(tab.model.row_of(sid), 0))

        return [Step(lambda s=sid: open_from_list(s), lambda: tab.editor,
                     lambda s=sid: load_bundle(fdb, s),
                     prepare=lambda s=sid: select(owner[s])) for sid in chosen], chosen
    if what == "trash":
        def open_trash() -> None:
            window.open_trash()

        return [Step(open_trash, lambda: _shown(window, TrashDialog),
                     lambda: trash.list_trash(fdb), prepare=lambda: _close_dialogs(window))
                for _ in range(n)], []
    sections = [r[0] for r in fdb.execute(
        "SELECT v.section_id FROM note_versions v JOIN session_sections ss "
        "ON ss.id = v.section_id JOIN sessions s ON s.id = ss.session_id "
        "WHERE s.deleted_at IS NULL GROUP BY v.section_id "
        "ORDER BY count(*) DESC, v.section_id LIMIT ?", [n])]

    def open_versions(section_id: int) -> None:
        # what the window's "Note versions…" does, for this section
        dialog = VersionsDialog(window.state, section_id, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    return [Step(lambda s=sid: open_versions(s), lambda: _shown(window, VersionsDialog),
                 lambda s=sid: load_versions(fdb, s), prepare=lambda: _close_dialogs(window))
            for sid in sections], sections


def _sessions(fdb: Any, coachee_ids: list[int], n: int) -> list[int]:
    """`n` sessions to open: from the first page of several coachees' lists."""
    from ui.sessions.session_list import PAGE
    from workbook import sessions

    out: list[int] = []
    for cid in coachee_ids:
        out += [s.id for s in sessions.list_sessions(fdb, cid, limit=PAGE)[:5]]
        if len(out) >= n:
            break
    return out[:n]


def _shown(window: Any, kind: type) -> Any:
    found = [d for d in window.findChildren(kind) if d.isVisible()]
    return found[-1] if found else None


def _close_dialogs(window: Any) -> None:
    from PySide6.QtWidgets import QDialog

    for dialog in window.findChildren(QDialog):
        if dialog.isVisible():
            dialog.reject()


# -- unlock → Today ------------------------------------------------------------------------

def probe_today(path: Path, repeat: int) -> dict[str, Any]:
    """Unlock (KDF included) until the Today view has painted its four lists, alternating
    with the floor: `open_vault` + `load_today` on the same file, no Qt."""
    from PySide6.QtCore import QTimer

    from bench.generate import PASSPHRASE
    from ui.window.main_window import MainWindow
    from ui.window.today_models import load_today
    from workbook import dates
    from workbook.vault import open_vault

    app = qt_app()
    app.setCursorFlashTime(0)
    window = MainWindow()
    fail_on_error(window)
    window.resize(*WINDOW)
    wait = Wait(window)
    ours: list[dict[str, Any]] = []
    floors: list[float] = []

    def round_() -> None:
        wait.start(lambda: window.state.unlock(path, PASSPHRASE), lambda: window.today,
                   landed)

    def landed(result: dict[str, Any]) -> None:
        ours.append(result | {"today_shown": window.tabs.currentWidget() is window.today})
        window.close_workbook()
        QTimer.singleShot(300, floor)

    def floor() -> None:
        start = time.perf_counter_ns()
        with open_vault(path, PASSPHRASE) as vault:
            load_today(vault.db, dates.today())
            floors.append(ns_ms(time.perf_counter_ns() - start))
        if len(ours) > repeat:
            app.quit()
        else:
            QTimer.singleShot(300, round_)

    window.show()
    QTimer.singleShot(500, round_)
    app.exec()
    return {"first": ours[0], "first_floor_ms": floors[0], "ours": ours[1:],
            "floor_ms": floors[1:]}
