"""The portable build's zip: named for what it runs on, links kept as links, modes kept, the
same bytes for the same folder, and its checksum line replaced, not duplicated. (Building it
takes PyInstaller and a minute: `make package`, run by CI with `make package-test`.)"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "packaging"))


build = _load("make_package")
package_test = _load("package_test")


def test_the_zip_is_named_for_the_version_os_and_architecture() -> None:
    assert build.os_name("linux") == "linux" and build.os_name("win32") == "windows"
    assert build.os_name("darwin") == "macos"
    assert build.arch_name("AMD64") == build.arch_name("x86_64") == "x86_64"
    assert build.arch_name("aarch64") == build.arch_name("arm64") == "arm64"
    assert build.artefact_name("1.2.0", "windows", "x86_64") == \
        "coach-workbook-1.2.0-windows-x86_64.zip"


@pytest.mark.skipif(os.name == "nt", reason="links and Unix modes")
def test_the_zip_keeps_links_and_modes_and_the_same_folder_makes_the_same_bytes(
        tmp_path: Path) -> None:
    folder = tmp_path / "coach-workbook"
    (folder / "_internal" / "Qt" / "lib").mkdir(parents=True)
    library = folder / "_internal" / "Qt" / "lib" / "libQt6Core.so.6"
    library.write_bytes(b"\x7fELF" + b"q" * 5000)
    (folder / "_internal" / "libQt6Core.so.6").symlink_to("Qt/lib/libQt6Core.so.6")
    exe = folder / "coach-workbook"
    exe.write_bytes(b"#!frozen")
    exe.chmod(0o755)
    (folder / "_internal" / "Mes élèves.json").write_text("{}", "utf-8")

    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    build.zip_folder(folder, first)
    os.utime(exe, (1, 1))  # a rebuild: new dates, same contents
    build.zip_folder(folder, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size < 5000  # the library once, the link as a link

    unzipped = package_test.unzip(first, tmp_path / "Coach Wörkbook app")
    link = unzipped / "_internal" / "libQt6Core.so.6"
    assert link.is_symlink() and link.read_bytes() == library.read_bytes()
    assert stat.S_IMODE((unzipped / "coach-workbook").stat().st_mode) == 0o755
    assert (unzipped / "_internal" / "Mes élèves.json").read_text("utf-8") == "{}"


def test_a_rebuilt_zip_replaces_its_checksum_line(tmp_path: Path) -> None:
    sums = tmp_path / "SHA256SUMS"
    linux, windows = tmp_path / "coach-workbook-1-linux-x86_64.zip", \
        tmp_path / "coach-workbook-1-windows-x86_64.zip"
    windows.write_bytes(b"windows build")
    linux.write_bytes(b"first build")
    build.record_sum(sums, windows)
    build.record_sum(sums, linux)
    linux.write_bytes(b"second build")
    build.record_sum(sums, linux)
    lines = sums.read_text("utf-8").splitlines()
    assert lines == [f"{hashlib.sha256(b'second build').hexdigest()}  {linux.name}",
                     f"{hashlib.sha256(b'windows build').hexdigest()}  {windows.name}"]


def test_package_test_refuses_to_run_without_a_zip(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(package_test, "DIST", tmp_path / "dist")
    assert package_test.main() == 1
    assert "run `make package` first" in capsys.readouterr().err


def test_the_build_leaves_out_no_qt_module_the_code_imports() -> None:
    """The spec's list of Qt modules to leave out once held QtPdfWidgets, which the PDF
    preview imports: the frozen preview would have failed on a coach's computer."""
    import ast
    import re

    spec = (ROOT / "packaging" / "coach-workbook.spec").read_text("utf-8")
    listed = spec[spec.index("QT_UNUSED = ["):spec.index("]", spec.index("QT_UNUSED = ["))]
    left_out = set(re.findall(r'"(PySide6\.\w+)"', listed))
    assert "PySide6.QtQuick" in left_out  # the list was read
    used: set[str] = set()
    for folder in ("ui", "coach_workbook_app", "workbook"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                    used.add(".".join(node.module.split(".")[:2]))
                elif isinstance(node, ast.Import):
                    used |= {".".join(a.name.split(".")[:2]) for a in node.names
                             if a.name.startswith("PySide6.")}
    assert {"PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtWidgets"} <= used
    assert used & left_out == set()


def test_the_folder_holds_a_readme_and_on_linux_a_desktop_file_and_its_icon(
        tmp_path: Path) -> None:
    (tmp_path / "linux").mkdir()
    (tmp_path / "windows").mkdir()
    assert build.add_top_level_files(tmp_path / "linux", "linux") == [
        "README.txt", "coach-workbook.desktop", "coach-workbook.png"]
    assert build.add_top_level_files(tmp_path / "windows", "win32") == ["README.txt"]
    png = (tmp_path / "linux" / "coach-workbook.png").read_bytes()
    assert png.startswith(b"\x89PNG") and png[16:24] == (256).to_bytes(4, "big") * 2


def _desktop_entry(path: Path) -> dict[str, str]:
    import configparser

    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text("utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_the_desktop_file_installed_as_the_readme_says_starts_this_folder_s_app(
        tmp_path: Path) -> None:
    """The README's own commands, run in a folder whose name has a space and accents, give an
    entry whose Exec names this folder's executable (quoted) and opens the file it is given,
    and whose icon is the one the app tells Wayland docks to look for."""
    import shlex
    import subprocess

    from ui.window.app import DESKTOP_FILE

    folder = tmp_path / "Coach Wörkbook app"
    folder.mkdir()
    build.add_top_level_files(folder, "linux")
    readme = (folder / "README.txt").read_text("utf-8")
    commands = [line.strip() for line in readme.splitlines()
                if line.startswith("    ") and "~/.local/share" in line]
    assert len(commands) == 3
    home = tmp_path / "home"
    home.mkdir()
    subprocess.run(["bash", "-c", "set -euo pipefail\n" + "\n".join(commands)], cwd=folder,
                   env={"HOME": str(home), "PATH": os.defpath}, check=True)
    installed = home / ".local/share/applications" / f"{DESKTOP_FILE}.desktop"
    entry = _desktop_entry(installed)
    assert entry["Type"] == "Application" and entry["Name"] == "Coach Workbook"
    assert shlex.split(entry["Exec"]) == [str(folder / "coach-workbook"), "%f"]
    assert entry["Icon"] == DESKTOP_FILE
    assert (home / ".local/share/icons/hicolor/256x256/apps" / f"{DESKTOP_FILE}.png").is_file()
    assert entry["Categories"].endswith(";") and entry["Terminal"] == "false"


def test_package_test_allows_exactly_the_folders_the_app_uses(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import user_folders

    for key, value in package_test.home_env(tmp_path / "home").items():
        monkeypatch.setenv(key, value)
    for key in (user_folders.CONFIG_ENV, user_folders.DATA_ENV, user_folders.PORTABLE_ENV):
        monkeypatch.delenv(key, raising=False)
    used = {folder.relative_to(tmp_path).as_posix() + "/"
            for folder in (user_folders.config_dir(), user_folders.data_dir())}
    assert used == set(package_test.per_user_folders())


def test_windows_and_macos_build_and_test_with_the_same_scripts_as_linux() -> None:
    """The hosted runners' workflow calls the very scripts `make package` and
    `make package-test` call, so the three systems cannot drift apart."""
    workflow = (ROOT / ".github" / "workflows" / "package.yml").read_text("utf-8")
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "os: [windows-latest, macos-latest]" in workflow
    for script in ("packaging/make_package.py", "packaging/package_test.py"):
        assert f"run: python {script}" in workflow
        assert f"$(PY) {script}" in makefile
    assert 'pip install -e ".[package]"' in workflow
