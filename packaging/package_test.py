"""`make package-test`: the zip `make package` wrote, unzipped and run as a coach would.

    python packaging/package_test.py

The frozen app only, never the venv: the zip for this machine is unzipped into a fresh
folder whose name has a space and accents (as on a user profile or a USB stick), and its
executable is run with a fresh home, settings and temporary folder, no Python on its path.
It must answer `--version` with the SQLCipher and Qt it carries (the same as the venv that
built it), make a workbook, import a roster, build the demo, verify both, write a session
summary and a portfolio as PDFs, pass the window's smoke check (`--smoke`: the demo opened
through its start-page action, a summary page rendered by QtPdf, verified, locked), refuse
bad input with the README's exit codes and one sentence each, and never print a traceback
or write outside the workbook's folder and its own settings and data folders. Then it
prints the frozen app's cold start against the venv's, and runs the window once more in
portable mode each way in (a portable.ini beside the executable, and `--portable`):
settings and data beside the app, nothing in the home folder. Missing zip: it fails and says how
to build one.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_package import DIST, arch_name, artefact_name, os_name

from coach_workbook_app.smoke import REPORT_ENV

PASSPHRASE = "portable test passphrase 2026!"
STARTS = 5  # cold starts of each, alternating
# Qt's offscreen platform says it cannot size windows to hints; fonts without OpenType
# tables for a script are noted by Qt's font database. Neither is the app's.
QT_NOISE = ("This plugin does not support propagateSizeHints", "qt.text.font.db:")
ROSTER = ("name,email,level,program\n"
          "Zoë Kowalczyk,zoe@example.org,MS2,MD\n"
          "Nguyễn Thị Hoa,hoa@example.org,MS4,MD\n"
          "王小明 (Xiaoming),xm@example.org,MS3,MD\n"
          "ليلى حداد (Layla),layla@example.org,MS1,MD\n")


ICON_SIZES = [16, 24, 32, 48, 64, 128, 256]
# On Windows the window's program has no console; the spec builds a console twin for the CLI.
WINDOW_EXE = "coach-workbook.exe" if os.name == "nt" else "coach-workbook"
CLI_EXE = "coach-workbook-cli.exe" if os.name == "nt" else "coach-workbook"


class Failed(Exception):
    pass


@dataclass
class Frozen:
    cli: Path  # the command line's program
    window: Path  # the window's (the same one except on Windows)
    env: dict[str, str]

    def run(self, *args: str, stdin: str = "", code: int = 0) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(self.cli), *args], input=stdin, capture_output=True,
                              text=True, env=self.env, timeout=300, check=False)
        shown = f"`coach-workbook {' '.join(args)}` (exit {done.returncode})"
        if done.returncode != code:
            raise Failed(f"{shown}: expected exit {code}\n{done.stdout}\n{done.stderr}")
        if "Traceback" in done.stderr or "Traceback" in done.stdout:
            raise Failed(f"{shown} printed a traceback:\n{done.stderr}")
        print(f"ok  {shown}")
        return done


def unzip(archive: Path, into: Path) -> Path:
    """Unzip as unzip and file managers do: links as links, modes kept."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = into / info.filename
            mode = info.external_attr >> 16
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif stat.S_ISLNK(mode):
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(zf.read(info).decode("utf-8"), target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
                if mode:
                    target.chmod(stat.S_IMODE(mode))
    return into / "coach-workbook"


def home_env(home: Path) -> dict[str, str]:
    """A fresh home folder, as each OS and `platformdirs` find it."""
    local = str(home / "AppData" / "Local")
    return {"HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData"),
            "LOCALAPPDATA": local, "WIN_PD_OVERRIDE_LOCAL_APPDATA": local,
            "WIN_PD_OVERRIDE_APPDATA": str(home / "AppData"),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
            "XDG_CACHE_HOME": str(home / ".cache")}


def per_user_folders(platform_name: str = sys.platform) -> tuple[str, ...]:
    """Where, under the fresh home of `home_env`, the app may keep settings and data."""
    if platform_name.startswith("win"):
        return ("home/AppData/Local/coach-workbook/",)
    if platform_name == "darwin":
        return ("home/Library/Application Support/coach-workbook/",)
    return ("home/.config/coach-workbook/", "home/.local/coach-workbook/")


def top_level_files(platform_name: str = sys.platform) -> set[str]:
    linux = {"coach-workbook.desktop", "coach-workbook.png"}
    return {"README.txt"} | (linux if os_name(platform_name) == "linux" else set())


def windows_product_version(exe: Path) -> str:
    """The ProductVersion of the executable's version resource (Explorer's Details tab)."""
    import ctypes
    from ctypes import wintypes

    api = ctypes.windll.version  # type: ignore[attr-defined]
    size = api.GetFileVersionInfoSizeW(str(exe), None)
    buffer = ctypes.create_string_buffer(size or 1)
    value, length = ctypes.c_void_p(), wintypes.UINT()
    if not (size and api.GetFileVersionInfoW(str(exe), 0, size, buffer) and api.VerQueryValueW(
            buffer, "\\StringFileInfo\\040904B0\\ProductVersion", ctypes.byref(value),
            ctypes.byref(length))):
        return ""
    return ctypes.wstring_at(value.value)


def check_folder(app: Path, frozen: Frozen, app_version: str) -> None:
    """What a person unzipping it sees beside the executable; on Windows, the version each
    executable itself carries."""
    missing = sorted(name for name in top_level_files() if not (app / name).is_file())
    if missing:
        raise Failed(f"the folder lacks {missing}")
    for program in {frozen.window, frozen.cli}:
        if not program.is_file():
            raise Failed(f"the folder lacks {program.name}")
        if os.name == "nt" and windows_product_version(program) != app_version:
            raise Failed(f"{program.name}'s version resource says "
                         f"{windows_product_version(program)!r}, not {app_version}")
    print(f"ok  beside the executable: {', '.join(sorted(top_level_files()))}")


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def expected_versions() -> tuple[str, str]:
    """What the venv that built the zip carries (the frozen app must carry the same)."""
    import PySide6

    from workbook.vault import engine

    return engine.versions(), f"(PySide6 {PySide6.__version__})"


def check(frozen: Frozen, work: Path) -> None:
    out = frozen.run("--version").stdout
    sqlcipher, pyside = expected_versions()
    if sqlcipher not in out or pyside not in out or "\nQt 6." not in out:
        raise Failed(f"--version does not show {sqlcipher} and Qt {pyside}:\n{out}")
    frozen.run("--help")

    twice = f"{PASSPHRASE}\n{PASSPHRASE}\n"
    mine = work / "Mes élèves.cwb"
    frozen.run("new", str(mine), stdin=twice)
    roster = work / "roster (export).csv"
    roster.write_text(ROSTER, "utf-8-sig")
    frozen.run("import", str(mine), str(roster), stdin=PASSPHRASE + "\n")
    listed = json.loads(frozen.run("list", str(mine), "coachees", "--json",
                                   stdin=PASSPHRASE + "\n").stdout)
    names = {c["name"] for c in listed}
    if not {"Zoë Kowalczyk", "王小明 (Xiaoming)", "ليلى حداد (Layla)"} <= names:
        raise Failed(f"the roster's names did not come back whole: {sorted(names)}")
    frozen.run("verify", str(mine), stdin=PASSPHRASE + "\n")

    demo = work / "Démo folder" / "demo.cwb"
    demo.parent.mkdir()
    frozen.run("demo", str(demo), stdin=twice)
    frozen.run("verify", str(demo), stdin=PASSPHRASE + "\n")
    sessions = json.loads(frozen.run("list", str(demo), "sessions", "--json",
                                     stdin=PASSPHRASE + "\n").stdout)
    held = next(s for s in sessions if s.get("status") == "held")
    summary, portfolio = work / "summary.pdf", work / "portfolio.pdf"
    frozen.run("summary", str(demo), str(held["id"]), "-o", str(summary),
               stdin=PASSPHRASE + "\n")
    frozen.run("portfolio", str(demo), str(held["coachee_id"]), "-o", str(portfolio),
               stdin=PASSPHRASE + "\n")
    for pdf in (summary, portfolio):
        if not pdf.read_bytes().startswith(b"%PDF-"):
            raise Failed(f"{pdf.name} is not a PDF")

    # the exit codes the README documents, each with one sentence
    for args, stdin, code in ((("verify", str(work / "missing.cwb")), PASSPHRASE, 1),
                              (("verify", str(demo)), "not the passphrase at all", 3),
                              (("import", str(mine), str(work / "none.csv")), PASSPHRASE, 4),
                              (("list", str(mine), "nothing-listable"), PASSPHRASE, 2)):
        refused = frozen.run(*args, stdin=stdin + "\n", code=code)
        said = [line for line in refused.stderr.splitlines() if line.strip()]
        # a usage error is click's usage lines and one "Error:" sentence
        one = sum(line.startswith("Error: ") for line in said) == 1 if code == 2 else \
            len(said) == 1
        if not one:
            raise Failed(f"`{' '.join(args)}` should say one sentence:\n{refused.stderr}")


def smoke(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One `--smoke` run of the window (see coach_workbook_app/smoke.py): what it saw. The
    report comes back through a file as well as stdout: on Windows the window's executable
    has no console, so its stdout and stderr may go nowhere."""
    with tempfile.TemporaryDirectory(prefix="smoke-report-") as folder:
        target = Path(folder) / "report.json"
        started = time.time()
        done = subprocess.run([*command, "--smoke"], capture_output=True, text=True,
                              env={**env, REPORT_ENV: str(target)}, timeout=120, check=False)
        reported = json.loads(target.read_text("utf-8")) if target.is_file() else None
    noise = [x for x in done.stderr.splitlines() if x.strip() and not x.startswith(QT_NOISE)]
    if done.returncode != 0 or reported is None or reported["problem"] or noise:
        raise Failed(f"`{' '.join(command)} --smoke` (exit {done.returncode}):\n"
                     f"{done.stdout}\n{done.stderr}\n{reported}")
    seen = dict(reported["seen"])
    if seen.get("painted_ms", -1) <= 0 and "painted_at" in seen:
        # no /proc (Windows, macOS): from just before the process was started, by the clock
        seen["painted_ms"] = round((seen["painted_at"] - started) * 1000, 1)
    return seen


def check_window(frozen: Frozen, venv_env: dict[str, str]) -> None:
    """The window inside the frozen app, then its cold start against the venv's (A B A B)."""
    seen = smoke([str(frozen.window)], frozen.env)
    if not (seen.get("coachees", 0) > 0 and seen.get("verified") and seen.get("locked")
            and seen.get("summary_page", [0])[0] > 0 and seen.get("preview_pages", 0) > 0):
        raise Failed(f"the frozen window's smoke check saw too little: {seen}")
    if seen.get("icon_sizes") != ICON_SIZES:
        raise Failed(f"the window's icon is not there at every size: {seen.get('icon_sizes')}")
    print(f"ok  the window: start page painted with its icon, the demo opened through its action "
          f"({seen['coachees']} coachees), a summary previewed and rendered by QtPdf, "
          "verified, locked")
    venv = [sys.executable, "-m", "coach_workbook_app"]
    ours, theirs = [], []
    for _ in range(STARTS):
        ours.append(smoke([str(frozen.window)], frozen.env)["painted_ms"])
        theirs.append(smoke(venv, venv_env)["painted_ms"])
    if min(ours) > 0 and min(theirs) > 0:
        frozen_ms, venv_ms = statistics.median(ours), statistics.median(theirs)
        print(f"cold start, process start -> start page painted (median of {STARTS}): frozen "
              f"{frozen_ms:.0f} ms, venv {venv_ms:.0f} ms ({frozen_ms / venv_ms:.2f}x)")


def check_portable(frozen: Frozen, app: Path, root: Path) -> None:
    """Portable mode, both ways in (a portable.ini beside the executable, and --portable):
    the window's smoke check writes into the app's settings/ and data/ only, and nothing
    into the (fresh) home folder."""
    for way in ("portable.ini", "--portable"):
        home = root / f"home-{way.strip('-')}"
        home.mkdir()
        env = {**frozen.env, **home_env(home)}
        marker = app / "portable.ini"
        if way == "portable.ini":
            marker.write_text("", "utf-8")
        before = files_under(app)
        seen = smoke([str(frozen.window), *([way] if way.startswith("--") else [])], env)
        written = sorted(p.relative_to(app).as_posix() for p in files_under(app) - before)
        if files_under(home):
            raise Failed(f"portable mode ({way}) wrote into the home folder: "
                         f"{sorted(map(str, files_under(home)))}")
        if not written or any(not p.startswith(("settings/", "data/")) for p in written):
            raise Failed(f"portable mode ({way}) wrote {written}")
        print(f"ok  portable mode ({way}): {seen['coachees']} demo coachees; written beside "
              f"the app only: {', '.join(written)}")
        marker.unlink(missing_ok=True)
        for folder in ("settings", "data"):
            shutil.rmtree(app / folder, ignore_errors=True)


def main() -> int:
    from importlib.metadata import version

    archive = DIST / artefact_name(version("coach-workbook"), os_name(), arch_name())
    if not archive.is_file():
        print(f"No package to test: {archive.relative_to(DIST.parent)} is missing; "
              "run `make package` first.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="package-test-") as tmp:
        root = Path(tmp)
        app = unzip(archive, root / "Coach Wörkbook app")
        exe, cli = app / WINDOW_EXE, app / CLI_EXE
        home, work = root / "home", root / "work"
        for folder in (home, work, root / "tmp"):
            folder.mkdir()
        env = {**home_env(home), "TMPDIR": str(root / "tmp"),
               "TEMP": str(root / "tmp"), "TMP": str(root / "tmp"), "LANG": "C.UTF-8",
               "QT_QPA_PLATFORM": "offscreen", "PATH": os.defpath,
               "SYSTEMROOT": os.environ.get("SYSTEMROOT", "")}
        shipped = files_under(app)
        venv_home = root / "venv-home"
        venv_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                    "COACH_WORKBOOK_CONFIG_DIR": str(venv_home / "config"),
                    "COACH_WORKBOOK_DATA_DIR": str(venv_home / "data")}
        try:
            frozen = Frozen(cli, exe, env)
            check_folder(app, frozen, version("coach-workbook"))
            check(frozen, work)
            check_window(frozen, venv_env)
            changed = sorted(p.relative_to(root).as_posix() for p in files_under(app) - shipped)
            check_portable(frozen, app, root)
        except Failed as exc:
            print(f"FAILED: {exc}", file=sys.stderr)
            return 1
        written = sorted(p.relative_to(root).as_posix() for p in files_under(home) | files_under(
            root / "tmp"))
        print("Written outside the workbooks' folder:", *written or ["nothing"], sep="\n  ")
        if changed:
            print(f"FAILED: the app wrote into its own folder: {changed}", file=sys.stderr)
            return 1
        # the settings folder, and the data folder that holds the demo (and its backups)
        stray = [p for p in written if not p.startswith(per_user_folders())]
        if stray:
            print(f"FAILED: written outside the settings folder: {stray}", file=sys.stderr)
            return 1
    print(f"The frozen app in {archive.name} passed.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
