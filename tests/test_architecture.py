"""Rules of the house that code can check: no Qt or ui/ in workbook/, no stdlib sqlite3 on a
workbook."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


_IMPORTERS = ("import_module", "__import__")


def _imports(source: str) -> set[str]:
    """The top-level packages `source` imports anywhere: at the top, inside a function or a
    branch, or by name through importlib."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and (getattr(node.func, "id", None) in _IMPORTERS
                   or getattr(node.func, "attr", None) in _IMPORTERS)):
            names.add(node.args[0].value.split(".")[0])
    return names


def test_the_import_scan_sees_lazy_and_dynamic_imports() -> None:
    source = (
        "import json\n"
        "def gui():\n"
        "    from ui.window.app import run_app\n"
        "    if True:\n"
        "        import PySide6.QtCore\n"
        "    importlib.import_module('shiboken6')\n"
        "    return __import__('ui.window.main_window')\n"
    )
    assert _imports(source) == {"json", "ui", "PySide6", "shiboken6"}


def test_workbook_package_never_imports_qt_ui_or_stdlib_sqlite3() -> None:
    """Not even lazily: the window starts from coach_workbook_app, above both."""
    offenders = {}
    for path in (ROOT / "workbook").rglob("*.py"):
        imported = _imports(path.read_text("utf-8"))
        bad = imported & {"PySide6", "shiboken6", "ui", "coach_workbook_app", "sqlite3"}
        if "sqlcipher3" in imported and "vault" not in path.parts:
            bad.add("sqlcipher3 (only workbook/vault may)")
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_importing_every_workbook_module_loads_no_qt_and_no_ui() -> None:
    code = (
        "import importlib, pkgutil, sys, workbook\n"
        "for m in pkgutil.walk_packages(workbook.__path__, 'workbook.'):\n"
        "    importlib.import_module(m.name)\n"
        "app = ('PySide6', 'shiboken6', 'ui', 'coach_workbook_app')\n"
        "print(sorted(k for k in sys.modules if k.split('.')[0] in app))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_window_starts_without_the_document_libraries() -> None:
    """reportlab, QtPdf and QtPrintSupport load when a document is first made, shown or
    printed, not at launch (they would add ~50 ms before the start page)."""
    code = (
        "import sys\n"
        "import ui.window.main_window\n"
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
from workbook.vault import copies
d = Path(sys.argv[1])
pw = "Audit hook passphrase 2026"
v = vault.create(d / "a.cwb", pw)
with v.db.atomic():
    v.db["coachees"].insert({"name": "Ilse Varga"})
list(v.db["coachees"].rows)
v.db.execute("SELECT * FROM search_index WHERE search_index MATCH 'ilse'").fetchall()
copies.backup(v, d / "b.cwb")
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


def _bench_imports(folder: Path) -> dict[str, set[str]]:
    """Each bench module and the bench modules it imports, at the top or inside a function:
    a lazy import closes a cycle as surely as an eager one."""
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    graph: dict[str, set[str]] = {}
    for name in modules:
        found: set[str] = set()
        for node in ast.walk(ast.parse((folder / f"{name}.py").read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names
                          if a.name.startswith("bench.")}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "bench":
                    found |= {a.name for a in node.names}
                elif node.module.startswith("bench."):
                    found.add(node.module.split(".")[1])
        graph[name] = (found & modules) - {name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of `graph` as a path that ends where it starts, or [] if none."""
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> list[str]:
        if name in path:
            return [*path[path.index(name):], name]
        if name in done:
            return []
        for target in sorted(graph[name]):
            if found := visit(target, [*path, name]):
                return found
        done.add(name)
        return []

    for start in sorted(graph):
        if found := visit(start, []):
            return found
    return []


def test_bench_modules_import_each_other_without_a_cycle() -> None:
    graph = _bench_imports(ROOT / "bench")
    assert "common" in graph["run"], graph  # the shared helpers live in one module
    assert _cycle(graph) == [], " → ".join(_cycle(graph))


# -- ui/: grouped by what the coach sees, plumbing in kit/ -----------------------------------
UI = ROOT / "ui"
SCREENS = {p.name for p in UI.iterdir() if (p / "__init__.py").exists()} - {"kit"}


def _ui_modules_imported(source: str) -> set[str]:
    """Dotted ui modules `source` imports anywhere (lazily too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ui.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ui":
                found |= {f"ui.{a.name}" for a in node.names}
            elif node.module.startswith("ui."):
                found.add(node.module)
    return found


def test_ui_is_grouped_in_packages_and_kit_imports_no_screen() -> None:
    loose = sorted(p.name for p in UI.glob("*.py") if p.name != "__init__.py")
    assert loose == [], "every ui module lives in a package named for what the coach sees"
    assert {"kit", "start", "window", "sessions", "documents"} <= SCREENS | {"kit"}
    for package in (p for p in UI.iterdir() if (p / "__init__.py").exists()):
        assert ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8"))), (
            f"ui/{package.name}/__init__.py says what lives there")
    offenders = {}
    for path in (UI / "kit").glob("*.py"):
        screens = {m.split(".")[1] for m in _ui_modules_imported(path.read_text("utf-8"))}
        if bad := screens & SCREENS:
            offenders[path.name] = sorted(bad)
    assert offenders == {}


def _defined(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_a_name_has_one_import_path() -> None:
    """No module re-exports another's names (a window's or the domain's): each is imported
    from where it is defined, so there is one place to look and one name to grep."""
    defined: dict[Path, set[str]] = {}
    offenders = []
    for folder in ("ui", "workbook", "tests", "bench", "scripts", "coach_workbook_app",
                   "packaging"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                        and node.module.startswith(("ui.", "workbook."))):
                    continue
                module = ROOT / (node.module.replace(".", "/") + ".py")
                if not module.exists():
                    continue  # a package: its modules are imported by name
                names = defined.setdefault(module, _defined(module))
                offenders += [f"{path.relative_to(ROOT)}: {a.name} from {node.module}"
                              for a in node.names if a.name not in names]
    assert offenders == []


def test_no_app_module_grows_past_400_lines() -> None:
    """Small rooms: a module that grows past 400 lines is split along a seam with a name."""
    long = {str(path.relative_to(ROOT)): n
            for folder in ("ui", "workbook", "coach_workbook_app")
            for path in (ROOT / folder).rglob("*.py")
            if (n := len(path.read_text("utf-8").splitlines())) > 400}
    assert long == {}


def _formatted_sql(tree: ast.AST, skip: set[ast.AST]) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node not in skip:
            text = "".join(part.value if isinstance(part, ast.Constant) else "{}"
                           for part in node.values)
            if re.search(r"\bINSERT\b[^;]*?\bINTO\b|\bUPDATE\s+\S+\s+SET\b", text):
                found.append((node.lineno, text))
    return found


def test_no_workbook_module_formats_an_insert_or_update() -> None:
    """Rows are written one way, with sqlite-utils' table API (docs/architecture.md): a
    column list built with an f-string is a second way, and one a caller's key could reach."""
    offenders = []
    for path in (ROOT / "workbook").rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        skip: set[ast.AST] = set()
        if path.name == "migrations.py":
            # The search-index triggers are schema, written from constants.
            skip = {n for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                    and f.name == "_search_triggers" for n in ast.walk(f)}
        offenders += [f"{path.relative_to(ROOT)}:{line}: {text}"
                      for line, text in _formatted_sql(tree, skip)]
    assert offenders == []


_DATE_FORMATTING = re.compile(
    r"strftime\(|strptime\(|Qt\.DateFormat|QDate\.currentDate|QDateTime\.fromString"
    r"|['\"]yyyy-MM|\"%Y|'%Y|:%Y|date\.today\(|\"January\"|\"Monday\"|\"Jan\"|\"Mon\"")


def test_dates_are_formatted_in_the_two_date_modules_only() -> None:
    """One module for the domain (workbook/dates.py), one for Qt on top of it
    (ui/kit/dates.py): a stored or shown form of a date is written nowhere else, so the
    screen, the CLI and the printed page cannot drift apart."""
    homes = {ROOT / "workbook" / "dates.py", ROOT / "ui" / "kit" / "dates.py"}
    offenders = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
                 for folder in ("ui", "workbook", "coach_workbook_app")
                 for path in (ROOT / folder).rglob("*.py") if path not in homes
                 for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if _DATE_FORMATTING.search(line) and "SQL" not in line
                 and "strftime('" not in line]
    assert offenders == []


def test_the_vault_package_loads_each_name_it_lists() -> None:
    """`workbook.vault` loads its modules on first use; every name it lists is one it can
    load, from the module that defines it."""
    import workbook.vault as vault

    assert sorted(vault.__all__) == sorted(vault._WHERE)
    for name, module in vault._WHERE.items():
        assert name in _defined(ROOT / "workbook" / "vault" / f"{module}.py"), name
        assert getattr(vault, name) is not None
    with pytest.raises(AttributeError):
        vault.no_such_name  # noqa: B018
