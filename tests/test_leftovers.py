"""No temporary file outlives a crash: each is recorded before it exists, and the next start
of any command removes what a killed run left and says so.

Killed exports once left `.out.json.<rand>.tmp` files, one a complete plaintext export,
never deleted; killed backups and passphrase changes left full-size encrypted copies.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.records import run_cli
from workbook import leftovers
from workbook.user_folders import config_dir
from workbook.vault import files

ROOT = Path(__file__).resolve().parent.parent
TEMP_NAME = re.compile(r"\.coach-workbook-[0-9a-f]{16}\.tmp")

# A process that reserves temporary files, writes into them, says where, then waits to be
# killed (or leaves without a word when told to).
_WRITER = """
import os, sys
from pathlib import Path
from workbook.vault import files
folder, kind, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for i in range(n):
    temp = files.reserve_temp(folder / "summary-Fictional Learner.pdf", kind)
    temp.write_bytes(b"%PDF- plaintext of a fictional learner")
    if kind == "encrypted":
        Path(str(temp) + "-journal").write_bytes(b"journal")
    print(temp, flush=True)
if sys.stdin.readline() == "exit\\n":
    os._exit(0)
"""


def _writer(folder: Path, kind: str = leftovers.PLAINTEXT, n: int = 1) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(folder), kind, str(n)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _temps_of(proc: subprocess.Popen, n: int) -> list[Path]:
    assert proc.stdout is not None
    return [Path(proc.stdout.readline().strip()) for _ in range(n)]


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    proc.wait(timeout=30)


def test_a_temporary_name_never_holds_the_learners_name(tmp_path: Path) -> None:
    target = tmp_path / "summary-Zoë Kowalczyk-2026-03-01.pdf"
    with files.atomic_write(target, "wb") as fh:
        fh.write(b"%PDF-")
        (temp,) = [p for p in tmp_path.iterdir() if p != target]
        assert TEMP_NAME.fullmatch(temp.name)
        assert leftovers.recorded() == [temp]
        record = json.loads((config_dir() / leftovers.RECORD_FILE).read_text("utf-8"))
        assert record == {"temporary_files": [
            {"path": str(temp), "kind": "plaintext", "owner": record["temporary_files"][0]
             ["owner"]}]}
        assert "Zo" not in json.dumps(record, ensure_ascii=False)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]
    assert leftovers.recorded() == []


def test_the_path_is_recorded_before_the_file_exists(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    original = leftovers.record

    def record(path: Path, kind: str) -> None:
        seen.append(path.exists())
        original(path, kind)

    monkeypatch.setattr(leftovers, "record", record)
    temp = files.reserve_temp(tmp_path / "copy.cwb")
    assert seen == [False] and temp.exists() and leftovers.recorded() == [temp]


def test_the_record_is_dropped_when_a_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    with pytest.raises(RuntimeError), files.atomic_write(target, "w") as fh:
        fh.write("half an export")
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == [] and leftovers.recorded() == []


def test_the_next_command_removes_a_killed_export_and_says_so(workbook_path: Path) -> None:
    proc = _writer(workbook_path.parent)
    (temp,) = _temps_of(proc, 1)
    _kill(proc)
    assert temp.exists() and leftovers.recorded() == [temp]
    code, _, err = run_cli("list", str(workbook_path), "coachees")
    assert code == 0
    assert (f"A plaintext export left by an interrupted run was removed: «{temp}»."
            in err.splitlines())
    assert not temp.exists() and leftovers.recorded() == []
    assert list((config_dir() / "running").iterdir()) == []
    assert run_cli("list", str(workbook_path), "coachees")[2] == ""  # said once


def test_an_encrypted_copy_and_its_journal_get_a_quieter_line(tmp_path: Path) -> None:
    proc = _writer(tmp_path, leftovers.ENCRYPTED)
    (temp,) = _temps_of(proc, 1)
    _kill(proc)
    found = leftovers.clean()
    assert [(f.path, f.kind, f.removed) for f in found] == [(temp, "encrypted", True)]
    assert found[0].sentence().startswith("An encrypted temporary copy left by an interrupted")
    assert list(tmp_path.iterdir()) == []


def test_a_running_process_keeps_its_temporary_files(tmp_path: Path) -> None:
    """Another command starting while the app writes a backup must not delete it."""
    proc = _writer(tmp_path)
    try:
        (temp,) = _temps_of(proc, 1)
        assert leftovers.clean() == [] and temp.exists()
        assert proc.stdin is not None
        proc.stdin.write("exit\n")  # leaves without removing it: as good as killed
        proc.stdin.flush()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            _kill(proc)
    assert [f.path for f in leftovers.clean()] == [temp] and not temp.exists()


def test_two_processes_never_lose_each_others_records(tmp_path: Path) -> None:
    procs = [_writer(tmp_path, n=25) for _ in range(2)]
    temps = [t for p in procs for t in _temps_of(p, 25)]
    assert sorted(leftovers.recorded()) == sorted(temps)
    for proc in procs:
        _kill(proc)
    assert sorted(f.path for f in leftovers.clean()) == sorted(temps)
    assert list(tmp_path.iterdir()) == [] and leftovers.recorded() == []


def test_a_file_the_app_never_named_is_never_deleted(tmp_path: Path) -> None:
    """A garbled or planted record cannot make a start delete the coach's files."""
    precious = tmp_path / "notes.txt"
    precious.write_text("mine", encoding="utf-8")
    folder = config_dir()
    folder.mkdir(parents=True)
    (folder / leftovers.RECORD_FILE).write_text(json.dumps({"temporary_files": [
        {"path": str(precious), "kind": "plaintext", "owner": "1-gone"}]}), "utf-8")
    assert leftovers.clean() == []
    assert precious.read_text("utf-8") == "mine" and leftovers.recorded() == []


def test_a_settings_folder_that_cannot_be_written_does_not_stop_a_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("COACH_WORKBOOK_CONFIG_DIR", str(blocker / "config"))
    target = tmp_path / "export.json"
    with files.atomic_write(target, "w") as fh:
        fh.write("{}")
    assert target.read_text("utf-8") == "{}" and leftovers.clean() == []
