"""Where the app keeps settings and the demo: the user's own folders, or beside the app in
portable mode (a portable.ini beside the frozen executable, or --portable), so a USB stick
carries them and the shared computer keeps nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.records import run_cli
from workbook import user_folders


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run as the frozen app unzipped at tmp_path/Coach Workbook, with no override set."""
    app = tmp_path / "Coach Workbook"
    app.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "coach-workbook"))
    for name in (user_folders.CONFIG_ENV, user_folders.DATA_ENV):
        monkeypatch.delenv(name, raising=False)
    # empty is unset; and whatever `--portable` sets in a test is undone after it
    monkeypatch.setenv(user_folders.PORTABLE_ENV, "")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home-data"))
    return app


def test_the_user_folders_by_default(frozen_app: Path, tmp_path: Path) -> None:
    assert user_folders.portable_root() is None
    assert user_folders.config_dir() == tmp_path / "home-config" / "coach-workbook"
    assert user_folders.data_dir() == tmp_path / "home-data" / "coach-workbook"


def test_a_portable_ini_beside_the_app_keeps_everything_there(frozen_app: Path) -> None:
    (frozen_app / user_folders.PORTABLE_MARKER).write_text("", "utf-8")
    assert user_folders.portable_root() == frozen_app.resolve()
    assert user_folders.config_dir() == frozen_app.resolve() / "settings"
    assert user_folders.data_dir() == frozen_app.resolve() / "data"


def test_an_explicit_folder_still_wins_over_portable_mode(frozen_app: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    (frozen_app / user_folders.PORTABLE_MARKER).write_text("", "utf-8")
    monkeypatch.setenv(user_folders.CONFIG_ENV, str(tmp_path / "chosen"))
    assert user_folders.config_dir() == tmp_path / "chosen"
    assert user_folders.data_dir() == frozen_app.resolve() / "data"


def test_from_source_there_is_no_app_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.delenv(user_folders.PORTABLE_ENV, raising=False)
    assert user_folders.app_folder() is None and user_folders.portable_root() is None


def test_the_portable_option_keeps_the_settings_beside_the_app(
        frozen_app: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coach_workbook_app.launch import main

    workbook = tmp_path / "w.cwb"
    for args, lines in ((["new", str(workbook)], 2),
                        (["export", str(workbook), "-o", str(tmp_path / "w.json")], 1)):
        result = CliRunner().invoke(main, ["--portable", *args],
                                    input="portable test passphrase 2026!\n" * lines,
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    # the export's record of its temporary file went beside the app, not to the user's folders
    assert (tmp_path / "w.json").is_file()
    assert (frozen_app.resolve() / "settings").is_dir()
    assert not (tmp_path / "home-config").exists()
    monkeypatch.setenv(user_folders.PORTABLE_ENV, "")
    assert run_cli("verify", str(workbook), stdin="portable test passphrase 2026!\n")[0] == 0
