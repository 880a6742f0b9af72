"""Rules of the house that code can check: no Qt or ui/ in workbook/, no stdlib sqlite3 on a
workbook."""

from __future__ import annotations

import ast
import functools
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


def _defined_in(tree: ast.Module) -> set[str]:
    """The names a module binds itself: defs, classes and assignments at its top level (in
    an `if` or `try` there too) and names its functions declare `global`. Imports are not
    counted: a name a module imports is not its own."""
    names: set[str] = set()
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            todo += [n for field in ("body", "orelse", "finalbody")
                     for n in getattr(node, field, [])]
            todo += [n for h in getattr(node, "handlers", []) for n in h.body]
    names |= {name for node in ast.walk(tree) if isinstance(node, ast.Global)
              for name in node.names}
    return names


def _defined(path: Path) -> set[str]:
    return _defined_in(ast.parse(path.read_text("utf-8")))


def _lazy_names(tree: ast.Module) -> set[str]:
    """The keys of a package's `_WHERE` table: the names it loads on first use (PEP 562,
    see workbook/vault/__init__.py)."""
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                and any(isinstance(t, ast.Name) and t.id == "_WHERE" for t in node.targets)):
            return {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return set()


@functools.cache
def _module_file(dotted: str) -> Path | None:
    base = ROOT / dotted.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.exists():
            return path
    return None


@functools.cache
def _provides(dotted: str) -> frozenset[str]:
    """What `from dotted import name` may name: what the module defines; for a package also
    its modules and the names it loads lazily."""
    path = _module_file(dotted)
    assert path is not None, dotted
    tree = ast.parse(path.read_text("utf-8"))
    names = _defined_in(tree)
    if path.name == "__init__.py":
        names |= {p.stem for p in path.parent.glob("*.py")}
        names |= {p.name for p in path.parent.iterdir() if (p / "__init__.py").exists()}
        names |= _lazy_names(tree)
    return frozenset(names)


@functools.cache
def _lazy_package(dotted: str) -> str | None:
    """The package above the module `dotted` that loads its names lazily, if any: outside
    it, everything of it is imported through the package (`workbook.vault`)."""
    parts = dotted.split(".")
    for i in range(1, len(parts)):
        package = ".".join(parts[:i])
        init = _module_file(package)
        if init is not None and init.name == "__init__.py" and _lazy_names(
                ast.parse(init.read_text("utf-8"))):
            return package
    return None


def _ours(dotted: str) -> bool:
    return dotted.split(".")[0] in ("ui", "workbook") and _module_file(dotted) is not None


def _import_path_problems(rel: str, source: str) -> list[str]:
    """Where the file `rel` (from ROOT) reaches a ui or workbook name other than through the
    module that defines it: an import of a name the module only imports, an `x as x` alias
    or an `__all__` that re-exports, `module.name` for a name `module` only imports, and a
    deep import past a package that loads its names lazily."""
    tree = ast.parse(source)
    problems: list[str] = []
    modules: dict[str, str] = {}  # a local name → the ui/workbook module it is bound to

    def deep(node: ast.stmt, dotted: str) -> None:
        package = _lazy_package(dotted)
        if package and not rel.startswith(package.replace(".", "/") + "/"):
            problems.append(f"{rel}:{node.lineno}: {dotted} is imported through {package}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            problems += [f"{rel}:{node.lineno}: `{a.name} as {a.name}` re-exports"
                         for a in node.names if a.asname == a.name]
        if isinstance(node, ast.Import):
            for a in node.names:
                if _ours(a.name):
                    deep(node, a.name)
                    local = a.asname or a.name.split(".")[0]
                    modules[local] = a.name if a.asname else local
        elif (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
              and _ours(node.module)):
            deep(node, node.module)
            for a in node.names:
                if a.name not in _provides(node.module):
                    problems.append(f"{rel}:{node.lineno}: {a.name} from {node.module}, "
                                    "which does not define it")
                elif _module_file(f"{node.module}.{a.name}"):
                    modules[a.asname or a.name] = f"{node.module}.{a.name}"
    if not rel.startswith("tests/"):  # a test's `__all__` names the fixtures it imports
        for node in tree.body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple))
                    and any(isinstance(t, ast.Name) and t.id == "__all__"
                            for t in node.targets)):
                own = _defined_in(tree) | _lazy_names(tree)
                problems += [f"{rel}:{node.lineno}: __all__ lists {e.value}, defined elsewhere"
                             for e in node.value.elts
                             if isinstance(e, ast.Constant) and e.value not in own]
    # A module name that is also a variable or a parameter somewhere in the file is not
    # followed: `goals.append` may be a list.
    rebound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
               and not isinstance(n.ctx, ast.Load)}
    rebound |= {a.arg for a in ast.walk(tree) if isinstance(a, ast.arg)}
    rebound |= {n.name for n in ast.walk(tree)
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}

    def module_of(expr: ast.expr) -> str | None:
        if isinstance(expr, ast.Name) and expr.id not in rebound:
            return modules.get(expr.id)
        if isinstance(expr, ast.Attribute) and (base := module_of(expr.value)):
            return f"{base}.{expr.attr}" if _module_file(f"{base}.{expr.attr}") else None
        return None

    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and (base := module_of(node.value))):
            continue
        name = node.attr
        if _module_file(f"{base}.{name}") or (name.startswith("__") and name.endswith("__")):
            continue
        package = _lazy_package(base)
        if name not in _provides(base):
            problems.append(f"{rel}:{node.lineno}: {base}.{name}, which it does not define")
        elif (package and not rel.startswith(package.replace(".", "/") + "/")
              and name in _provides(package)):
            problems.append(f"{rel}:{node.lineno}: {base}.{name} is {package}.{name}")
    return problems


def test_a_name_has_one_import_path() -> None:
    """No module re-exports another's names (a window's or the domain's): each is imported
    from where it is defined, so there is one place to look and one name to grep. The
    vault's names are imported from `workbook.vault` (its `_WHERE`), never from deeper."""
    offenders = []
    for folder in ("ui", "workbook", "tests", "bench", "scripts", "coach_workbook_app",
                   "packaging"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            offenders += _import_path_problems(rel, path.read_text("utf-8"))
    assert offenders == []


@pytest.mark.parametrize(("rel", "source"), [
    ("ui/x.py", "from workbook.goals import Goal\n"),  # goals imports it from goal_records
    ("ui/x.py", "from workbook.goal_records import Goal as Goal\n"),
    ("workbook/x.py", "from workbook.goal_records import Goal\n__all__ = ['Goal']\n"),
    ("ui/x.py", "from workbook import goals\nrows: list[goals.Goal] = []\n"),
    ("tests/x.py", "import workbook.goals\nworkbook.goals.Goal\n"),
    ("tests/x.py", "from workbook.vault.passphrase import policy_problem\n"),
    ("bench/x.py", "import workbook.vault.core\n"),
    ("tests/x.py", "from workbook.vault import passphrase\npassphrase.policy_problem('x')\n"),
])
def test_the_import_path_scan_catches_each_second_path(rel: str, source: str) -> None:
    assert _import_path_problems(rel, source) != []


@pytest.mark.parametrize("source", [
    "from workbook.goal_records import Goal\n",
    "from workbook import goal_records\ngoal_records.Goal\n",
    "from workbook import vault\nvault.policy_problem('x')\nvault.copies.backup\n",
    "from workbook.vault import copies, policy_problem\ncopies.backup\n",
    "from workbook import goals\ndef f(goals: list) -> None:\n    goals.append(1)\n",
])
def test_the_import_path_scan_passes_the_one_path(source: str) -> None:
    assert _import_path_problems("ui/x.py", source) == []


def test_no_module_grows_past_400_lines() -> None:
    """Small rooms: a module that grows past 400 lines is split along a seam with a name.
    The benchmarks and the scripts too: they are read and changed like the app."""
    long = {str(path.relative_to(ROOT)): n
            for folder in ("ui", "workbook", "coach_workbook_app", "bench", "scripts",
                           "packaging")
            for path in (ROOT / folder).rglob("*.py")
            if (n := len(path.read_text("utf-8").splitlines())) > 400}
    assert long == {}


_WRITE = re.compile(r"\bINSERT\b[^;]*?\bINTO\b|\bUPDATE\s+\S+\s+SET\b|\bDELETE\s+FROM\b")


def _text(node: ast.expr) -> str | None:
    """A string expression's text with `{}` for what is computed, or None if nothing is."""
    if isinstance(node, ast.JoinedStr):
        return "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format" and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)):
        return node.func.value.value
    if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):
        return node.left.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = _added(node)
        if all(_literal(p) is not None for p in parts):
            return None  # literals split over lines: nothing is formatted in
        return "".join(t if (t := _literal(p)) is not None else _text(p) or "{}"
                       for p in parts)
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _added(node: ast.expr) -> list[ast.expr]:
    """The operands of a chain of `+`, left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_added(node.left), *_added(node.right)]
    return [node]


def _formatted_sql(tree: ast.AST, skip: set[ast.AST]) -> list[tuple[int, str]]:
    """Each INSERT, UPDATE or DELETE statement built by an f-string, `.format`, `%` or `+`
    (one report for a chain of `+`)."""
    found = []
    skip = set(skip)
    for node in ast.walk(tree):
        if node in skip or not isinstance(node, ast.expr):
            continue
        text = _text(node)
        if text is not None and _WRITE.search(text):
            found.append((node.lineno, text))
            skip |= set(ast.walk(node))
    return found


def test_no_workbook_module_formats_an_insert_update_or_delete() -> None:
    """Rows are written one way (docs/architecture.md): with sqlite-utils' table API, or
    literal SQL with `?` parameters where the table is fixed. A table or column list built
    into the statement's text is a second way, and one a caller's key could reach; a row
    deleted from a table that varies is `db[table].delete_where("id = ?", [id])`."""
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


@pytest.mark.parametrize("code", [
    'db.execute(f"DELETE FROM {table} WHERE id = ?", [i])',
    'db.execute("DELETE FROM {} WHERE id = ?".format(table), [i])',
    'db.execute("DELETE FROM %s WHERE id = ?" % table, [i])',
    'db.execute("DELETE FROM " + table + " WHERE id = ?", [i])',
    'db.execute(f"INSERT INTO t ({columns}) VALUES (?)", [v])',
    'db.execute("UPDATE t SET " + ", ".join(sets) + " WHERE id = ?", [i])',
])
def test_the_sql_scan_catches_each_formatted_write(code: str) -> None:
    assert len(_formatted_sql(ast.parse(code), set())) == 1


@pytest.mark.parametrize("code", [
    'db.execute("DELETE FROM milestones WHERE id = ?", [i])',
    'db.execute("DELETE FROM goal_values WHERE goal_id = ? AND value_id IN "\n'
    '           "(SELECT id FROM coachee_values WHERE deleted_at IS NULL)", [i])',
    'db[KIND_TABLES[kind]].delete_where("id = ?", [i])',
    'raise InvalidInput(f"Cannot delete {noun}: it has sessions.")',
])
def test_the_sql_scan_passes_literal_sql(code: str) -> None:
    assert _formatted_sql(ast.parse(code), set()) == []


_DATE_FORMATTING = re.compile(
    r"strftime\(|strptime\(|Qt\.DateFormat|QDate\.currentDate|QDateTime\.fromString"
    r"|['\"]yyyy-MM|\"%Y|'%Y|:%Y|date\.today\(|datetime\.now\(|\.fromisoformat\("
    r"|(?i:\"january\"|\"monday\"|\"jan\"|\"mon\")")


@pytest.mark.parametrize("line", [
    'moment.strftime("%d %b")', "datetime.now()", "datetime.now(UTC)", "date.today()",
    'date.fromisoformat(row["due_date"])', "time.fromisoformat(at)",
    '_NAMES = ("january", "february")', 'MONTHS = ("Jan", "Feb")',
])
def test_the_date_scan_catches_a_date_read_or_written_by_hand(line: str) -> None:
    assert _DATE_FORMATTING.search(line)


def test_dates_are_formatted_in_the_two_date_modules_only() -> None:
    """One module for the domain (workbook/dates.py), one for Qt on top of it
    (ui/kit/dates.py): a stored or shown form of a date is written or read, and the clock
    read, nowhere else, so the screen, the CLI and the printed page cannot drift apart."""
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
    missing = "no_such_name"
    with pytest.raises(AttributeError):
        getattr(vault, missing)
