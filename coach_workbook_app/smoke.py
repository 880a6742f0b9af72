"""`coach-workbook --smoke`: the window checked inside whatever runs it, without a person.

`make package-test` runs it in the frozen app (offscreen), where the venv's tests cannot
reach: the start page paints; "Try the demo workbook" creates and opens the demo through the
start page's own action and worker; the coachee list fills; a session summary opens in the
preview dialog and its first page renders through QtPdf; the open workbook verifies; the
window locks. One JSON line on stdout says what it saw (`painted_ms`: from the process's
start to the start page painted, for the cold-start comparison). With
COACH_WORKBOOK_SMOKE_SHOTS set to a folder, the start page and the opened demo are saved
there as PNGs. Anything unexpected is a traceback on stderr and exit 1; nothing done after
60 s is exit 2.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

GIVE_UP_S = 60
SHOTS_ENV = "COACH_WORKBOOK_SMOKE_SHOTS"  # a folder: the start page and the demo as PNGs
REPORT_ENV = "COACH_WORKBOOK_SMOKE_REPORT"  # a file: what was seen, as JSON


def _since_start_ms() -> float:
    """Milliseconds since this process started (the kernel's count, so imports are in)."""
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as fh:
            started_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return (uptime - started_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError):
        return -1.0  # not Linux: the harness times the process from outside instead


def run() -> int:
    from PySide6.QtCore import QEvent, QObject, QSize, QTimer

    from ui.window.app import make_application

    app = make_application(sys.argv[:1])
    from ui.window.main_window import MainWindow

    seen: dict[str, Any] = {}
    failed: list[str] = []
    window = MainWindow()

    def fail(exc: BaseException) -> None:
        failed.append("".join(traceback.format_exception(exc)))
        app.exit(1)

    window.state.runner.failed.connect(fail)
    window.state.error.connect(lambda sentence: fail(RuntimeError(sentence)))

    def step(fn: Callable[[], None]) -> Callable[[], None]:
        def guarded() -> None:
            try:
                fn()
            except BaseException as exc:  # a smoke test reports, it does not crash
                fail(exc)
        return guarded

    def when(ready: Callable[[], bool], then: Callable[[], None]) -> None:
        def poll() -> None:
            if ready():
                step(then)()
            else:
                QTimer.singleShot(20, poll)
        poll()

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "painted_ms" not in seen:
                seen["painted_ms"] = round(_since_start_ms(), 1)
                seen["painted_at"] = time.time()  # for the harness's clock where /proc is not
                QTimer.singleShot(0, step(try_demo))
            return False

    def shot(name: str) -> None:
        folder = os.environ.get(SHOTS_ENV)
        if folder:
            os.makedirs(folder, exist_ok=True)
            window.grab().save(os.path.join(folder, f"{name}.png"))

    def try_demo() -> None:
        window.start.removeEventFilter(painted)
        shot("start")
        seen["icon_sizes"] = sorted(size.width() for size in window.windowIcon().availableSizes())
        window.start.try_demo()  # the start page's own action, worker and adoption
        when(lambda: window.state.is_open and window.state.runner.pending == 0
             and window.has_workspace and window.coachee_list.proxy.rowCount() > 0, opened)

    def opened() -> None:
        from PySide6.QtPdf import QPdfDocument

        from ui.documents.pdf_preview import PdfPreview
        from ui.documents.pdf_print import MemoryPdf
        from workbook import sessions
        from workbook.documents.summary import session_summary_pdf

        vault = window.state.vault
        assert vault is not None
        seen["coachees"] = window.coachee_list.proxy.rowCount()
        shot("demo")
        held = next(s for s in sessions.list_sessions(vault.db, status="held"))
        data = session_summary_pdf(vault.db, held.id)
        preview = PdfPreview("Session summary", data, window)  # the preview dialog itself
        preview.show()
        app.processEvents()
        seen["preview_pages"] = preview.pages
        preview.close()
        pdf = MemoryPdf(data)
        try:
            if pdf.document.status() != QPdfDocument.Status.Ready or pdf.pages < 1:
                raise RuntimeError("the summary did not open in QtPdf")
            image = pdf.document.render(0, QSize(600, 800))
            if image.isNull():
                raise RuntimeError("QtPdf rendered an empty page")
            seen["summary_page"] = [image.width(), image.height(), pdf.pages]
        finally:
            pdf.close()
        report = vault.verify()
        if not report.ok:
            raise RuntimeError(f"the demo did not verify: {report.problems[:3]}")
        seen["verified"] = True
        window.lock()
        when(lambda: not window.state.is_open, locked)

    def locked() -> None:
        seen["locked"] = True
        app.exit(0)

    painted = FirstPaint()
    window.start.installEventFilter(painted)
    window.show()
    QTimer.singleShot(GIVE_UP_S * 1000, lambda: app.exit(2))
    code = app.exec()
    problem = ""
    if failed:
        problem = failed[0]
        code = code or 1
    elif code == 2:
        problem = f"The smoke check did not finish in {GIVE_UP_S} s: {seen}\n"
    report(seen, problem, code)
    window.state.close()
    return code


def report(seen: dict[str, Any], problem: str, code: int) -> None:
    """On stdout and stderr, and into the file REPORT_ENV names: a Windows app built without
    a console may have neither stream to write to."""
    if problem and sys.stderr is not None:
        sys.stderr.write(problem)
    if sys.stdout is not None:
        print("SMOKE " + json.dumps(seen), flush=True)
    target = os.environ.get(REPORT_ENV)
    if target:
        with open(target, "w", encoding="utf-8") as fh:
            json.dump({"seen": seen, "problem": problem, "code": code}, fh)
