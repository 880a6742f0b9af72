"""The files the app ships with: one clear sentence when one is missing, and then nothing
written (a demo that cannot be built leaves no half-made workbook behind)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import bundled, demo
from workbook.errors import IncompleteInstall


@pytest.fixture
def without_demo_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's resources as a half-copied folder would have them: no demo/ inside."""
    copy = tmp_path / "resources"
    shutil.copytree(Path(str(bundled.root())), copy,
                    ignore=shutil.ignore_patterns("demo", "__pycache__"))
    monkeypatch.setattr(bundled, "root", lambda: copy)
    demo.load_content.cache_clear()
    yield copy
    demo.load_content.cache_clear()


def test_a_missing_file_is_named_in_one_sentence(without_demo_content: Path) -> None:
    with pytest.raises(IncompleteInstall) as caught:
        bundled.read_text("demo/coachees.json")
    assert "«resources/demo/coachees.json»" in caught.value.sentence
    assert "no workbook was changed" in caught.value.sentence
    with pytest.raises(IncompleteInstall, match="resources/fonts-gone"):
        bundled.folder("fonts-gone")
    assert bundled.folder("fonts").is_dir()
    assert "password" in bundled.read_text("common-passwords.txt").splitlines()


def test_the_demo_command_without_its_content_writes_nothing(without_demo_content: Path,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    code, _out, err = run_cli("demo", str(folder / "demo.cwb"),
                             stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert code != 0
    assert "incomplete" in err and "«resources/demo/coachees.json»" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(folder.iterdir()) == []


def test_try_the_demo_without_its_content_writes_nothing(without_demo_content: Path,
                                                        tmp_path: Path) -> None:
    with pytest.raises(IncompleteInstall):
        demo.create_demo_workbook(tmp_path / "demo.cwb")
    assert [p.name for p in tmp_path.iterdir()] == ["resources"]


def test_a_demo_that_fails_while_filling_removes_its_half_made_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr(demo, "build_demo", broken)
    with pytest.raises(OSError):
        demo.create_demo_workbook(tmp_path / "demo.cwb", PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


def test_the_demo_command_builds_under_the_coachs_passphrase(tmp_path: Path) -> None:
    target = tmp_path / "demo.cwb"
    code, out, err = run_cli("demo", str(target), stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert code == 0, err
    assert "Created the demo workbook" in out and "coachees" in out
    code, out, _ = run_cli("verify", str(target))
    assert code == 0 and "ok" in out.lower()
