"""What an import refuses before reading: a file that is not a regular file (a pipe would
block forever while the workbook is locked) and a JSON export beyond the limits a 4 GB PC
can hold (size, records, values)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.records import refused_within
from workbook import errors
from workbook.errors import InvalidInput
from workbook.exchange.json_format import MAX_RECORDS, MAX_VALUES, import_json
from workbook.exchange.reading import read_limited
from workbook.exchange.roster import import_roster

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "workbook_export.json"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _release(fifo: Path) -> None:
    """A reader blocked in open() is let go by opening the pipe's other end."""
    with contextlib.suppress(OSError):  # nobody was waiting
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


@needs_fifo
@pytest.mark.parametrize("what", ["json", "roster"])
def test_a_pipe_is_refused_without_blocking(db: Any, tmp_path: Path, what: str) -> None:
    fifo = tmp_path / ("export.json" if what == "json" else "roster.csv")
    os.mkfifo(fifo)
    call = (lambda: import_json(db, fifo)) if what == "json" else (lambda: import_roster(db, fifo))
    try:
        sentence = refused_within(5, call)
    finally:
        _release(fifo)
    assert sentence == f"{fifo.name} is a pipe, not a file saved on disk; choose a file."
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 0


@needs_fifo
def test_the_command_line_refuses_a_pipe_and_lets_the_workbook_go(workbook_path: Path,
                                                                   tmp_path: Path) -> None:
    # No suffix: the command line looks inside to tell JSON from CSV, which opened it first.
    fifo = tmp_path / "learners"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run([sys.executable, "-m", "workbook.cli", "import", str(workbook_path),
                               str(fifo)], input=PASSPHRASE + "\n", capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=60)
    finally:
        _release(fifo)
    assert proc.returncode == errors.EXIT_INVALID_INPUT, proc.stderr
    assert proc.stderr == "learners is a pipe, not a file saved on disk; choose a file.\n"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_or_a_device_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(InvalidInput, match=r"^s\.json is a socket, not a file saved on disk"):
            read_limited(path, 1000, "s.json")
    if Path("/dev/zero").exists():  # it would never end
        with pytest.raises(InvalidInput, match=r"^zero is a device, not a file saved on disk"):
            read_limited(Path("/dev/zero"), 1000, "zero")


def test_a_file_that_grows_past_the_limit_after_the_check_is_refused(tmp_path: Path,
                                                                     monkeypatch: Any) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(b"x" * 10)
    real_open = os.open

    def growing(*args: Any, **kwargs: Any) -> int:
        path.write_bytes(b"x" * 3_000_000)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(os, "open", growing)
    with pytest.raises(InvalidInput, match=r"^export\.json is too large \(3 MB; at most 1 MB\)"):
        read_limited(path, 1_048_576, "export.json")


def _document_with_sections(count: int, item: str = "{}") -> bytes:
    """The fixture whose first session holds `count` sections written `item`: an empty
    section is 3 bytes in the file and a checked record once parsed."""
    doc = json.loads(FIXTURE.read_text("utf-8"))
    doc["coachees"][2]["sessions"][0]["sections"] = ["SECTIONS"]
    return json.dumps(doc).replace('"SECTIONS"', ",".join([item] * count)).encode()


def test_too_many_records_are_refused_before_parsing(db: Any, tmp_path: Path,
                                                     monkeypatch: Any) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(_document_with_sections(MAX_RECORDS))
    parsed: list[str] = []
    monkeypatch.setattr(json, "loads", lambda *a, **k: parsed.append("parsed"))
    with pytest.raises(InvalidInput) as info:
        import_json(db, path)
    assert info.value.sentence == ("export.json holds too many records to import at once "
                                   f"(more than {MAX_RECORDS:,}).")
    assert parsed == []
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 0


def test_too_many_values_are_refused_before_parsing(db: Any, tmp_path: Path) -> None:
    doc = json.loads(FIXTURE.read_text("utf-8"))
    doc["templates"][0]["sections"][0]["prompts"] = ["PROMPTS"]
    text = json.dumps(doc).replace('"PROMPTS"', ",".join(["1"] * MAX_VALUES))
    path = tmp_path / "export.json"
    path.write_text(text, "utf-8")
    with pytest.raises(InvalidInput) as info:
        import_json(db, path)
    assert info.value.sentence == ("export.json holds too many values to import at once "
                                   f"(more than {MAX_VALUES:,}).")


def test_a_document_at_the_limits_is_read_and_its_first_bad_item_named(db: Any,
                                                                        tmp_path: Path) -> None:
    base = _document_with_sections(0)
    spare = MAX_RECORDS - base.count(b"{")
    path = tmp_path / "export.json"
    # As many lists as values allow where sections belong, then as many objects as records
    # allow: parsed and checked, then refused for the first bad one (not for each of them).
    lists = (MAX_VALUES - 2 * spare - base.count(b"[") - base.count(b",") - base.count(b"{")) // 2
    path.write_bytes(_document_with_sections(1, ",".join(["[]"] * lists + ["{}"] * spare)))
    with pytest.raises(InvalidInput) as info:
        import_json(db, path)
    assert info.value.sentence == ("export.json: coachees[2].sessions[0].sections[0]: a list is "
                                   "not an object.")


def test_a_bad_character_is_named_by_its_path(db: Any) -> None:
    doc = json.loads(FIXTURE.read_text("utf-8"))
    doc["coachees"][2]["goals"][0]["milestones"][0]["title"] = "a\x00b"
    with pytest.raises(InvalidInput) as info:
        import_json(db, doc, source_name="x.json")
    assert info.value.sentence == ("x.json: coachees[2].goals[0].milestones[0].title contains a "
                                   "NUL character.")
    doc = json.loads(FIXTURE.read_text("utf-8"))
    doc["settings"]["\ud800"] = 1
    with pytest.raises(InvalidInput) as info:
        import_json(db, doc, source_name="x.json")
    assert info.value.sentence == ("x.json: settings contains a character that is not valid "
                                   "Unicode.")
