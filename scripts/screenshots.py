"""Photograph the real app on the demo workbook, for the user guide (run under Xvfb).

Usage: make screenshots  (writes docs/screenshots/*.png)
Each screen is shown in a real window on an X server, at 1280×720, then grabbed from the
screen, as a coach would see it. A dark-palette and a 150 % variant check the window holds up;
the "1024x600" and "1366x768" variants leave the window at the size it takes on first start on
a screen that small (run them on an X screen of that size).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SMALL_SCREENS = ("1024x600", "1366x768")


def dark_palette() -> QPalette:
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22", QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#35373b",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#35373b",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        p.setColor(disabled, role, QColor("#7a7a7a"))
    p.setColor(disabled, QPalette.ColorRole.Button, QColor("#2f3134"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#5a5d63"))
    p.setColor(QPalette.ColorRole.Dark, QColor("#4a4d52"))
    return p


def main() -> int:
    variant = sys.argv[1] if len(sys.argv) > 1 else "light"
    os.environ.setdefault("COACH_WORKBOOK_CONFIG_DIR", tempfile.mkdtemp())
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if variant == "dark":
        app.setPalette(dark_palette())
    from ui.window.main_window import MainWindow
    from workbook import coachees, demo, sessions, vault

    # A plain folder name, since the new-workbook and restore dialogs show where files are.
    work = Path(tempfile.gettempdir()) / "Coaching"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    v = vault.create(work / "demo.cwb", demo.DEMO_PASSPHRASE)
    demo.build_demo(v.db, today=date.today())
    guide = variant == "light"  # the user guide's own shots are taken once, in the light theme
    if guide:
        from datetime import datetime, timedelta

        from workbook import backups

        for days in (3, 2, 1):  # the automatic backups of the last few days, to restore from
            backups.make_backup(v, now=datetime.now().replace(hour=8, minute=55)
                                - timedelta(days=days))
    window = MainWindow()
    small_screen = variant in SMALL_SCREENS
    if not small_screen:
        window.resize(1280, 720)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if variant == "light" else f"-{variant}"

    def snap(name: str) -> None:
        QTimer.singleShot(600, lambda: grab(name))  # let background loads finish and paint

    def grab(name: str) -> None:
        screen = window.screen()
        # On a small screen the whole screen is taken, so a window too big for it shows cut.
        pixmap = screen.grabWindow(0 if small_screen else window.winId())
        pixmap.save(str(OUT / f"{name}{suffix}.png"))
        print(f"saved {name}{suffix}.png")

    empty = vault.create(work / "new.cwb", demo.DEMO_PASSPHRASE)

    def step_start() -> None:
        snap("01-start")
        if not guide:
            QTimer.singleShot(1000, lambda: window.state.adopt(empty))

    def step_new_workbook() -> None:
        from ui.start.new_workbook_dialog import NewWorkbookDialog

        window.new_workbook()
        dialog = window.findChildren(NewWorkbookDialog)[-1]
        dialog.location.setText(str(work / "My coaching.cwb"))
        for field in (dialog.fields.first, dialog.fields.second):
            field.setText("lantern orchard velvet 1987 quietly")
        grab_dialog(dialog, "13-new-workbook")
        QTimer.singleShot(1100, lambda: window.state.adopt(empty))

    def step_first_steps() -> None:
        snap("12-first-steps")  # what a new, empty workbook greets the coach with

        def to_demo() -> None:
            window.close_workbook()
            window.state.adopt(v)

        QTimer.singleShot(1000, to_demo)

    def step_today() -> None:
        window.show_tab(0)
        snap("02-today")

    people = coachees.list_coachees(v.db)
    chosen = next((c for c in people if c.name.startswith("José")), people[0])
    chosen_session = sessions.list_sessions(v.db, chosen.id, status="held")[0].id

    def pick_coachee() -> None:
        window.coachee_list.select_coachee(chosen.id)

    def step_overview() -> None:
        pick_coachee()
        window.show_tab(1)
        snap("03-overview")

    def step_values() -> None:
        window.show_tab(2)
        snap("04-values")

    def step_goals() -> None:
        window.show_tab(3)
        snap("05-goals")

    def step_session() -> None:
        window.show_tab(4)
        window.sessions.open_session(chosen_session)
        snap("06-session")

    def step_search() -> None:
        from ui.window.search_dialog import SearchDialog

        window.open_search()
        dialog = window.findChildren(SearchDialog)[-1]
        dialog.set_query("feedback")
        dialog.search_now()

        def grab_dialog() -> None:
            dialog.grab().save(str(OUT / f"07-search{suffix}.png"))
            print(f"saved 07-search{suffix}.png")
            dialog.close()

        QTimer.singleShot(800, grab_dialog)

    def grab_dialog(dialog: object, name: str) -> None:
        def now() -> None:
            dialog.grab().save(str(OUT / f"{name}{suffix}.png"))  # type: ignore[attr-defined]
            print(f"saved {name}{suffix}.png")
            dialog.reject()  # type: ignore[attr-defined]

        QTimer.singleShot(900, now)

    def step_new_session() -> None:
        from ui.sessions.new_session_dialog import NewSessionDialog

        window.sessions.editor.new_session_action.trigger()
        grab_dialog(window.findChildren(NewSessionDialog)[-1], "14-new-session")

    def step_print_check() -> None:
        from PySide6.QtWidgets import QMessageBox

        window.document_actions.print_summary_action.trigger()
        QTimer.singleShot(500, lambda: grab_dialog(window.findChildren(QMessageBox)[-1],
                                                   "15-print-check"))

    def step_restore() -> None:
        window.restorer.ask()
        QTimer.singleShot(500, lambda: grab_dialog(window.restorer.dialog, "16-restore"))

    def step_who5() -> None:
        found = v.db.execute("SELECT w.session_id, s.coachee_id FROM who5_answers w JOIN "
                             "sessions s ON s.id = w.session_id ORDER BY s.scheduled_at DESC"
                             ).fetchone()
        window.coachee_list.select_coachee(found[1])
        window.show_tab(4)
        window.sessions.open_session(found[0])

        def shown() -> None:  # the session is read on the worker
            panel = window.sessions.editor.sections.who5_panel
            assert panel is not None and panel.who5 is not None
            window.sessions.editor.scroll.ensureWidgetVisible(panel, 0, 20)
            snap("18-who5")

        QTimer.singleShot(600, shown)

    def step_program_report() -> None:
        window.open_program_report()
        grab_dialog(window.program_report, "19-program-report")

    def step_program_summary() -> None:
        sys.path.insert(0, str(ROOT))
        from bench.program import write_reports  # plausible reports of fictional coaches

        folder = work / "reports"
        folder.mkdir()
        window.open_program_summary()
        window.program_summary.add_paths(write_reports(folder, 12, seed=4))
        grab_dialog(window.program_summary, "20-program-summary")

    def step_preview() -> None:
        window.document_actions.preview_summary_action.trigger()
        QTimer.singleShot(300, lambda: grab_dialog(window.document_actions.last_preview,
                                                   "09-summary-preview"))

    def step_export() -> None:
        from ui.documents.export_pdf_dialog import ExportPdfDialog

        window.document_actions.export_summary_action.trigger()

        def shown() -> None:
            dialog = window.findChildren(ExportPdfDialog)[-1]
            dialog.protect.setChecked(True)
            grab_dialog(dialog, "10-export-pdf")

        QTimer.singleShot(300, shown)

    def step_batch() -> None:
        from datetime import timedelta

        window.document_actions.batch_action.trigger()
        dialog = window.document_actions.last_batch
        dialog.show_days(date.today(), date.today() + timedelta(days=6))  # type: ignore[union-attr]
        grab_dialog(dialog, "11-several-summaries")

    def step_lock() -> None:
        window.lock()
        snap("08-locked")

    def finish() -> None:
        window.close()
        app.quit()

    steps = [step_start, *([step_new_workbook] if guide else []), step_first_steps,
             step_today, step_overview, step_values, step_goals, step_session, step_search,
             step_preview, step_export, step_batch]
    if guide:
        steps += [step_new_session, step_print_check, step_restore, step_who5,
                  step_program_report, step_program_summary]
    steps += [step_lock, finish]
    for i, step in enumerate(steps):
        QTimer.singleShot(2000 * (i + 1), step)  # room for each step's own waits
    code = int(app.exec())
    shutil.rmtree(work, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
