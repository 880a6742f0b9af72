"""Commands never report on half a workbook: a file `verify` calls damaged makes `list`,
`export` and `search` fail with the damaged sentence, even where they would not read the
damaged page (SQLCipher checks a page's HMAC only when the page is read)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.records import run_cli
from workbook.vault import sniff

PAGE = sniff.PAGE_SIZE


def _damaged_copy(demo_file: Path, folder: Path, page: int) -> Path:
    path = folder / f"page {page}.cwb"
    shutil.copyfile(demo_file, path)
    data = bytearray(path.read_bytes())
    data[page * PAGE + 300] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("page", [1, 2, 4, 6, -1])
def test_every_command_refuses_a_damaged_page_it_would_not_read(
    demo_file: Path, tmp_path: Path, page: int
) -> None:
    pages = demo_file.stat().st_size // PAGE
    page %= pages
    path = _damaged_copy(demo_file, tmp_path, page)
    before = path.read_bytes()
    sentence = (f"«{path.name}» is damaged (1 of {pages} pages fail their check); open your "
                "most recent backup instead.\n")
    output = tmp_path / "out.json"
    for args in (["list", str(path), "coachees"], ["list", str(path), "sessions", "--json"],
                 ["export", str(path), "-o", str(output)], ["search", str(path), "goal"]):
        code, out, err = run_cli(*args)
        assert (code, out, err) == (3, "", sentence), args
    assert not output.exists()
    code, out, _ = run_cli("verify", str(path))
    assert code == 3 and out.startswith("The workbook is damaged — open your most recent backup.")
    assert path.read_bytes() == before


def test_an_intact_workbook_is_listed_and_exported(demo_file: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("list", str(demo_file), "coachees")
    assert code == 0 and out and err == ""
    code, _, err = run_cli("export", str(demo_file), "-o", str(tmp_path / "out.json"))
    assert code == 0, err


def test_the_verify_report_is_one_line_however_long_sqlite_s_report() -> None:
    from workbook.vault import VerifyReport

    pages = "\n".join(f"Page {n}: never used" for n in range(100, 400))
    report = VerifyReport(ok=False, problems=[
        "cipher: HMAC verification failed for page 235",
        f"integrity: *** in database main ***\n{pages}"])
    sentence = report.sentence()
    assert "\n" not in sentence and len(sentence) < 600
    assert sentence.startswith("The workbook is damaged — open your most recent backup. "
                               "Details: cipher: HMAC verification failed for page 235; "
                               "integrity: *** in database main *** Page 100: never used")
