"""Rules of the house that code can check: no Qt in workbook/, no stdlib sqlite3 on a workbook."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_workbook_package_never_imports_qt_or_stdlib_sqlite3() -> None:
    offenders = {}
    for path in (ROOT / "workbook").rglob("*.py"):
        # cli.py starts the GUI by importing ui lazily inside `gui`; the runtime test below
        # proves importing workbook loads no Qt.
        bad = _imports(path) & {"PySide6", "shiboken6", "sqlite3"}
        if "sqlcipher3" in _imports(path) and "vault" not in path.parts:
            bad.add("sqlcipher3 (only workbook/vault may)")
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_importing_every_workbook_module_loads_no_qt() -> None:
    code = (
        "import importlib, pkgutil, sys, workbook\n"
        "for m in pkgutil.walk_packages(workbook.__path__, 'workbook.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(k for k in sys.modules if k.startswith(('PySide6', 'shiboken'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_window_starts_without_the_document_libraries() -> None:
    """reportlab, QtPdf and QtPrintSupport load when a document is first made, shown or
    printed, not at launch (they would add ~50 ms before the start page)."""
    code = (
        "import sys\n"
        "import ui.main_window\n"
        "print(sorted(k for k in sys.modules if k.startswith(('reportlab', 'PySide6.QtPdf',"
        " 'PySide6.QtPrintSupport', 'pydantic'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


_WORKFLOW = r"""
import sys
events = []
def hook(event, args):
    if event.startswith("sqlite3."):
        events.append((event, str(args)[:80]))
sys.addaudithook(hook)
from pathlib import Path
from workbook import vault
d = Path(sys.argv[1])
pw = "Audit hook passphrase 2026"
v = vault.create(d / "a.cwb", pw)
with v.db.atomic():
    v.db["coachees"].insert({"name": "Ilse Varga"})
list(v.db["coachees"].rows)
v.db.execute("SELECT * FROM search_index WHERE search_index MATCH 'ilse'").fetchall()
v.backup(d / "b.cwb")
v.verify()
v.change_passphrase(pw, pw + "!")
v.close()
vault.open_vault(d / "a.cwb", pw + "!").close()
try:
    import workbook.demo
    with vault.create(d / "demo.cwb", pw) as dv:
        workbook.demo.build_demo(dv.db)
except ImportError:
    pass
print(events)
"""


def test_stdlib_sqlite3_never_opens_a_workbook(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", _WORKFLOW, str(tmp_path)], capture_output=True,
                         text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_no_sqlite_utils_paths_that_fail_on_sqlcipher() -> None:
    """`alter=True` and `drop(ignore=True)` rely on a fallback that sqlcipher3 defeats."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "workbook").rglob("*.py")
        if any(s in path.read_text("utf-8") for s in ("alter=True", "ignore=True)"))
    ]
    assert offenders == []
