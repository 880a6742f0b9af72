"""The `coach-workbook` program: the window without a command or with `gui`, otherwise the
very commands of `workbook.cli`."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

import workbook.cli
from coach_workbook_app import launch
from tests.conftest import PASSPHRASE
from workbook.user_folders import PORTABLE_ENV

ROOT = Path(__file__).resolve().parent.parent


def test_the_console_script_is_the_launcher() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert pyproject["project"]["scripts"] == {"coach-workbook": "coach_workbook_app.entry:start"}
    assert "coach_workbook_app*" in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]


def test_the_launcher_has_every_command_of_the_cli_and_the_window() -> None:
    cli = workbook.cli.main.commands
    assert launch.main.commands == {**cli, "gui": launch.gui}
    assert "gui" not in cli


@pytest.fixture
def window(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """A display, and a stand-in for `ui.window.app` that records what the window was opened on."""
    opened: list[Path | None] = []

    def run_app(path: Path | None = None) -> int:
        opened.append(path)
        return 0

    fake = types.ModuleType("ui.window.app")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.window.app", fake)
    monkeypatch.setattr(launch, "display_problem", lambda: None)
    return opened


@pytest.mark.parametrize(("args", "path"), [
    ([], None),
    (["gui"], None),
    (["gui", "mine.cwb"], Path("mine.cwb")),
])
def test_no_command_or_gui_opens_the_window(window: list[Path | None], args: list[str],
                                            path: Path | None) -> None:
    result = CliRunner().invoke(launch.main, args)
    assert result.exit_code == 0, result.output
    assert window == [path]


def test_a_file_alone_opens_the_window_on_it(window: list[Path | None], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """As "Open with", a file dropped on the executable and the .desktop file's Exec call it,
    whatever the file is named."""
    monkeypatch.chdir(tmp_path)
    # `--portable` sets it in this process: recorded as unset, so it is unset again after
    monkeypatch.setenv(PORTABLE_ENV, "")
    monkeypatch.delenv(PORTABLE_ENV)
    named = tmp_path / "Mes élèves 2026"
    named.write_bytes(b"")
    for args in ([str(named)], ["--portable", str(named)], ["Mes élèves 2026"]):
        result = CliRunner().invoke(launch.main, args)
        assert result.exit_code == 0, result.output
    assert window == [named, named, Path("Mes élèves 2026")]


def test_a_word_that_is_no_command_and_no_file_is_still_refused(
        window: list[Path | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(launch.main, ["verfy"])
    assert result.exit_code == 2
    assert "No such command 'verfy'" in result.output
    assert window == []


def test_a_command_runs_as_in_the_cli_without_the_window(window: list[Path | None],
                                                         workbook_path: Path) -> None:
    runner = CliRunner()
    args = ["verify", str(workbook_path)]
    via_launcher = runner.invoke(launch.main, args, input=PASSPHRASE + "\n")
    via_cli = runner.invoke(workbook.cli.main, args, input=PASSPHRASE + "\n")
    assert via_launcher.exit_code == via_cli.exit_code == 0
    assert via_launcher.stdout == via_cli.stdout != ""
    assert window == []


_WINDOW_WITHOUT_COMMANDS = """
import os
import subprocess
import sys
import ui.window.app
def run_app(path):
    loaded = sorted(m for m in ("click", "workbook.cli", "coach_workbook_app.launch")
                    if m in sys.modules)
    print("OPENED", path, loaded)
    return 0
ui.window.app.run_app = run_app
sys.argv = ["coach-workbook", *sys.argv[1:]]
from coach_workbook_app.entry import start
start()
"""


def test_the_console_script_opens_the_window_before_it_imports_the_commands() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    bare = subprocess.run([sys.executable, "-c", _WINDOW_WITHOUT_COMMANDS],
                          capture_output=True, text=True, env=env, timeout=60)
    assert bare.returncode == 0, bare.stderr
    assert bare.stdout.strip() == "OPENED None []"
    # With arguments the same script is the command line (and `gui` is one of its commands).
    as_gui = subprocess.run([sys.executable, "-c", _WINDOW_WITHOUT_COMMANDS, "gui", "x.cwb"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert as_gui.returncode == 0, as_gui.stderr
    assert as_gui.stdout.startswith("OPENED x.cwb ['click'")
    version = subprocess.run([sys.executable, "-c", _WINDOW_WITHOUT_COMMANDS, "--version"],
                             capture_output=True, text=True, env=env, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("coach-workbook, version")
    # … and what it runs on, which a frozen build carries its own copies of
    assert "\nSQLCipher 4." in version.stdout and "(SQLite 3." in version.stdout
    assert "\nQt 6." in version.stdout and "\nPython 3." in version.stdout


def test_piped_output_is_utf8_whatever_the_system_s_code_page(workbook_path: Path) -> None:
    """Windows pipes a program's output in its ANSI code page (cp1252 in Western Europe),
    which has no Chinese or Arabic: a script's `list` would have stopped at such a name."""
    from workbook import coachees
    from workbook import vault as vault_mod

    with vault_mod.open_vault(workbook_path, PASSPHRASE) as vault:
        coachees.add(vault.db, "王小明 (Xiaoming)")
        coachees.add(vault.db, "ليلى حداد")
    env = dict(os.environ, PYTHONIOENCODING="cp1252", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "coach_workbook_app", "list", str(workbook_path),
                           "coachees"], input=(PASSPHRASE + "\n").encode(), capture_output=True,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    listed = done.stdout.decode("utf-8")
    assert "王小明 (Xiaoming)" in listed and "ليلى حداد" in listed
