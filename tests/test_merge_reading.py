"""A program merge reads each report file with a limit: a pipe, a device, a folder, a link
that loops or a file too big to be a report is refused at once, with one sentence naming
it, through `read_reports` (which the app's Program summary window calls too) and through
`coach-workbook program merge` (a real process, with a timeout: a pipe once hung it for
ever, and /dev/zero read until memory ran out)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.records import refused_within
from workbook import errors
from workbook.program.merge import MAX_REPORT_BYTES, read_reports

ROOT = Path(__file__).resolve().parent.parent
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
ZERO = Path("/dev/zero")


def _release(fifo: Path) -> None:
    """A reader blocked in open() is let go by opening the pipe's other end."""
    with contextlib.suppress(OSError):  # nobody was waiting
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "coach 07.json"
    os.mkfifo(path)
    yield path
    _release(path)


def _bounded() -> None:
    """In the child: a read without end fails at 2 GiB instead of filling the machine."""
    import resource  # POSIX only, as is this hook

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` as a real process, with bounded memory; a hang fails the test."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, *args], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
                              preexec_fn=_bounded if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        pytest.fail("reading the report hung on the file")


def _merge(*paths: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`coach-workbook program merge PATHS -o OUT`."""
    return _run("-m", "workbook.cli", "program", "merge", *map(str, paths), "-o", str(out))


def _too_big(tmp_path: Path) -> Path:
    path = tmp_path / "big.json"
    with path.open("wb") as fh:  # sparse: no megabytes written for it
        fh.truncate(3 * 1_048_576)
    return path


def _loop(tmp_path: Path) -> Path:
    first, second = tmp_path / "loop.json", tmp_path / "loop back.json"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "reports 2026-27"
    path.mkdir()
    return path


# Each refusal as a pattern of its one sentence (no line break), which names the file.
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "too big": (_too_big, re.escape("«big.json» is too large (3 MB; at most 2 MB).")),
    # The words for a loop are the shared reader's (workbook/exchange/reading.py).
    "a link that loops": (_loop, r"«[^»\n]*loop\.json» [^\n]*(loop|symbolic links)[^\n]*\."),
    "a folder": (_folder, re.escape("«reports 2026-27» is a folder, not a file.")),
}


def test_the_limit_is_a_whole_number_of_megabytes_a_report_never_nears() -> None:
    # The sentence says "at most N MB": N must be what is enforced, not a rounding of it.
    assert MAX_REPORT_BYTES == 2 * 1_048_576


@needs_fifo
def test_a_pipe_is_refused_without_blocking(fifo: Path) -> None:
    assert refused_within(5, lambda: read_reports([fifo])) == (
        "«coach 07.json» is a pipe, not a file saved on disk; choose a file.")


_READ_ZERO = """
from pathlib import Path
from workbook.errors import InvalidInput
from workbook.program.merge import read_reports
try:
    read_reports([Path("/dev/zero")])
except InvalidInput as exc:
    print(exc.sentence)
"""


@pytest.mark.skipif(not ZERO.exists(), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it() -> None:
    # In a child process: before the limit, /dev/zero was read until memory ran out.
    proc = _run("-c", _READ_ZERO)
    assert (proc.returncode, proc.stdout) == (0, "«zero» is a device, not a file saved on "
                                                 "disk; choose a file.\n"), proc.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_odd_files_are_refused_by_name(tmp_path: Path, case: str) -> None:
    make, said = CASES[case]
    if case == "a link that loops" and not hasattr(os, "symlink"):
        pytest.skip("no symbolic links here")
    sentence = refused_within(5, lambda: read_reports([make(tmp_path)]))
    assert re.fullmatch(said, sentence), sentence


def test_a_missing_report_is_an_invalid_input_named_in_full(tmp_path: Path) -> None:
    gone = tmp_path / "gone.json"
    assert refused_within(5, lambda: read_reports([gone])) == f"There is no file at «{gone}»."


@needs_fifo
def test_the_command_line_refuses_a_pipe_at_once(fifo: Path, tmp_path: Path) -> None:
    proc = _merge(fifo, out=tmp_path / "summary")
    assert (proc.returncode, proc.stdout) == (errors.EXIT_INVALID_INPUT, ""), proc.stderr
    assert proc.stderr == "«coach 07.json» is a pipe, not a file saved on disk; choose a file.\n"
    assert not (tmp_path / "summary").exists()


@pytest.mark.skipif(not ZERO.exists(), reason="no /dev/zero here")
def test_the_command_line_refuses_a_device_at_once(tmp_path: Path) -> None:
    proc = _merge(ZERO, out=tmp_path / "summary")
    assert (proc.returncode, proc.stdout) == (errors.EXIT_INVALID_INPUT, ""), proc.stderr
    assert proc.stderr == "«zero» is a device, not a file saved on disk; choose a file.\n"
    assert not (tmp_path / "summary").exists()


@pytest.mark.parametrize("case", ["too big", "a link that loops"])
def test_the_command_line_refuses_odd_files_in_one_sentence(tmp_path: Path, case: str) -> None:
    make, said = CASES[case]
    if case == "a link that loops" and not hasattr(os, "symlink"):
        pytest.skip("no symbolic links here")
    proc = _merge(make(tmp_path), out=tmp_path / "summary")
    assert (proc.returncode, proc.stdout) == (errors.EXIT_INVALID_INPUT, ""), proc.stderr
    assert re.fullmatch(said + "\n", proc.stderr), proc.stderr
    assert not (tmp_path / "summary").exists()


def test_the_command_line_refuses_a_folder_as_a_usage_error(tmp_path: Path) -> None:
    # REPORTS are files (click's dir_okay=False): a folder is a bad argument, exit 2,
    # refused before anything is read.
    folder = _folder(tmp_path)
    proc = _merge(folder, out=tmp_path / "summary")
    assert (proc.returncode, proc.stdout) == (errors.EXIT_USAGE, ""), proc.stderr
    assert f"'{folder}' is a directory." in proc.stderr
    assert not (tmp_path / "summary").exists()
