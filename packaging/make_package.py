"""`make package`: the portable one-folder build for this machine, zipped, with its checksum.

    python packaging/make_package.py

PyInstaller (pinned in the `package` extra) builds `build/package/dist/coach-workbook/` from
`packaging/coach-workbook.spec`; the folder is then zipped to
`dist/coach-workbook-<version>-<os>-<arch>.zip`, and `dist/SHA256SUMS` gets its line (the
format `sha256sum -c` reads). The zip keeps the folder's symbolic links as links (Qt's
libraries are linked beside the executable on Linux and macOS; followed, each would be
stored twice) and gives every entry the same date, so one source builds one zip.
"""

from __future__ import annotations

import hashlib
import os
import platform
import stat
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "package"
FOLDER = BUILD / "dist" / "coach-workbook"
DIST = ROOT / "dist"
SUMS = "SHA256SUMS"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the oldest date a zip can hold: the same for every build


def os_name(platform_name: str = sys.platform) -> str:
    if platform_name.startswith("win"):
        return "windows"
    if platform_name == "darwin":
        return "macos"
    return platform_name.rstrip("0123456789")  # linux, freebsd


def arch_name(machine: str | None = None) -> str:
    machine = (machine or platform.machine()).lower()
    return {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def artefact_name(app_version: str, os_part: str, arch_part: str) -> str:
    return f"coach-workbook-{app_version}-{os_part}-{arch_part}.zip"


def zip_folder(folder: Path, target: Path) -> None:
    """Zip `folder` (as its own top-level folder) into `target`, links kept as links."""
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            info = zipfile.ZipInfo(name + ("/" if path.is_dir() and not path.is_symlink()
                                           else ""), ZIP_DATE)
            info.create_system = 3  # Unix: the mode below is read by unzip and file managers
            mode = path.lstat().st_mode
            info.external_attr = (mode & 0xFFFF) << 16
            if stat.S_ISLNK(mode):
                archive.writestr(info, os.readlink(path))
            elif path.is_dir():
                archive.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as source, archive.open(info, "w") as entry:
                    while chunk := source.read(1 << 20):
                        entry.write(chunk)
    os.replace(partial, target)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_sum(sums: Path, artefact: Path) -> None:
    """Add or replace `artefact`'s line in `sums` (one line per zip built here)."""
    lines = [line for line in (sums.read_text("utf-8").splitlines() if sums.exists() else [])
             if line and not line.endswith(f"  {artefact.name}")]
    lines.append(f"{sha256(artefact)}  {artefact.name}")
    sums.write_text("\n".join(sorted(lines, key=lambda x: x.split("  ", 1)[1])) + "\n",
                    "utf-8")


def folder_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def add_top_level_files(folder: Path, platform_name: str = sys.platform) -> list[str]:
    """What a person unzipping the folder sees beside the executable: a README.txt (how to
    start it, portable mode, checking the download, removing it) and, on Linux, a `.desktop`
    file and its icon to install into the applications menu if they wish (the app never
    does that itself). Returns the names added."""
    packaging, icons = ROOT / "packaging", ROOT / "resources" / "icons"
    files = {"README.txt": packaging / "folder-readme.txt"}
    if os_name(platform_name) == "linux":
        files["coach-workbook.desktop"] = packaging / "coach-workbook.desktop"
        files["coach-workbook.png"] = icons / "coach-workbook-256.png"
    for name, source in files.items():
        (folder / name).write_bytes(source.read_bytes())
        (folder / name).chmod(0o644)
    return sorted(files)


def main() -> int:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(BUILD / "dist"),
                    "--workpath", str(BUILD / "work"), str(ROOT / "packaging" /
                                                           "coach-workbook.spec")],
                   check=True, cwd=ROOT)
    add_top_level_files(FOLDER)
    DIST.mkdir(exist_ok=True)
    artefact = DIST / artefact_name(version("coach-workbook"), os_name(), arch_name())
    zip_folder(FOLDER, artefact)
    record_sum(DIST / SUMS, artefact)
    print(f"{FOLDER.relative_to(ROOT)}: {folder_bytes(FOLDER) / 1e6:.1f} MB unzipped")
    print(f"{artefact.relative_to(ROOT)}: {artefact.stat().st_size / 1e6:.1f} MB "
          f"(sha256 in {(DIST / SUMS).relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
