"""Passphrases piped on standard input, as a real process reads them: what cannot be a
passphrase is one sentence and exit code 2, a byte-order mark is dropped, and nothing of
the line is left in a Python object once the command has returned."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from workbook import errors, vault

ROOT = Path(__file__).resolve().parent.parent


def _cli(stdin: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("COACH_WORKBOOK_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "workbook.cli", *args], input=stdin,
                          capture_output=True, env=env, cwd=ROOT, timeout=60)


@pytest.mark.parametrize(("stdin", "said"), [
    (b"\n", "but found an empty line"),
    (b"\r\n", "but found an empty line"),
    (b"\xef\xbb\xbf\n", "but found an empty line"),
    (PASSPHRASE.encode().replace(b" ", b"\x00", 1) + b"\n", "contains a NUL character"),
    (b"Fictional coach \xe9t\xe9 passphrase\n", "is not UTF-8 text"),
    (b"\xff\xfeF\x00i\x00c\x00\n\x00", "is not UTF-8 text"),  # UTF-16, as some editors save
    (b"", "Expected the passphrase on standard input"),
    (b"x" * 5000 + b"\n", "longer than 4,096 bytes"),
], ids=["empty", "empty-crlf", "bom-only", "nul", "latin-1", "utf-16", "nothing", "runaway"])
def test_an_unusable_passphrase_line_is_one_sentence_and_exit_2(
        workbook_path: Path, stdin: bytes, said: str) -> None:
    before = workbook_path.read_bytes()
    proc = _cli(stdin, "list", str(workbook_path), "coachees")
    err = proc.stderr.decode()
    assert proc.returncode == errors.EXIT_USAGE, err
    assert said in err and "unexpected problem" not in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert proc.stdout == b""
    assert workbook_path.read_bytes() == before


def test_a_byte_order_mark_is_not_part_of_the_passphrase(workbook_path: Path) -> None:
    proc = _cli(b"\xef\xbb\xbf" + PASSPHRASE.encode() + b"\r\n", "list", str(workbook_path),
                "coachees")
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().strip() == "(none)"


def test_each_line_of_a_notepad_file_is_read_in_turn(tmp_path: Path) -> None:
    """`new` reads the passphrase twice (typed, then confirmed) from a file Notepad saved:
    a BOM, CRLF line ends and a non-Latin passphrase."""
    chosen = "Zoë 王 Kowalczyk lantern 84"
    path = tmp_path / "notepad.cwb"
    piped = ("\ufeff" + f"{chosen}\r\n" * 2).encode("utf-8")
    proc = _cli(piped, "new", str(path))
    assert proc.returncode == 0, proc.stderr.decode()
    vault.open_vault(path, chosen).close()


_SCAN = textwrap.dedent("""
    import json, sys

    from tests.holders import python_holders

    def run():
        from workbook.cli import main
        try:
            main(sys.argv[2:], standalone_mode=False)
        except SystemExit as stop:
            assert not stop.code, stop.code

    run()
    print(json.dumps(python_holders(bytes.fromhex(sys.argv[1]).decode())))
""")


def test_no_python_object_keeps_the_piped_passphrase(workbook_path: Path) -> None:
    # Built here, not a literal: the scan must find only what the command kept.
    secret = "".join(reversed(PASSPHRASE[::-1]))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", _SCAN, secret.encode().hex(), "list", str(workbook_path),
         "coachees"],
        input=(secret + "\n").encode(), capture_output=True, env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    *_, last = proc.stdout.decode().splitlines()
    assert json.loads(last) == []
