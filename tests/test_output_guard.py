"""Exports never overwrite a workbook; any other existing file needs --force.

`summary coach.cwb 1 -o coach.cwb` once replaced the workbook with a PDF, and `export a.cwb
-o other.cwb` wiped another workbook. Each refusal is one sentence, exit 2, the file as it
was, and comes before the passphrase is asked.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import coachee, fails, run_cli
from workbook import vault as vault_mod
from workbook.errors import OutputRefused
from workbook.exchange.json_format import write_export


@pytest.fixture
def learner(workbook_path: Path) -> int:
    with vault_mod.open_vault(workbook_path, PASSPHRASE) as v:
        return coachee(v.db, "Fictional Learner")


def _refused(args: list[str], victim: Path, sentence: str) -> None:
    before = victim.read_bytes()
    code, out, err = run_cli(*args, stdin="")  # refused before any passphrase is read
    assert code == 2, (out, err)
    assert sentence in err and len(err.strip().splitlines()) == 1, err
    assert victim.read_bytes() == before


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_summary_never_replaces_the_workbook_it_reads(workbook_path: Path,
                                                        force: list[str]) -> None:
    _refused(["summary", str(workbook_path), "1", "-o", str(workbook_path), *force],
             workbook_path, "is the workbook being exported")
    vault_mod.open_vault(workbook_path, PASSPHRASE).close()


@pytest.mark.parametrize("command", ["export", "portfolio"])
def test_another_workbook_is_never_replaced_even_with_force(workbook_path: Path,
                                                            template_workbook: Path,
                                                            tmp_path: Path,
                                                            command: str) -> None:
    other = tmp_path / "other.cwb"
    shutil.copyfile(template_workbook, other)
    args = ["export", str(workbook_path)] if command == "export" else [
        "portfolio", str(workbook_path), "1"]
    _refused([*args, "-o", str(other), "--force"], other, "is, or may be, a Coach Workbook file")


def test_a_workbook_under_another_name_is_recognised(workbook_path: Path, template_workbook: Path,
                                                     tmp_path: Path) -> None:
    """The app's own sniffing decides, not the name: a workbook renamed notes.json stays."""
    disguised = tmp_path / "notes.json"
    shutil.copyfile(template_workbook, disguised)
    _refused(["export", str(workbook_path), "-o", str(disguised), "--force"], disguised,
             "may be, a Coach Workbook file")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_links_to_the_workbook_are_the_workbook(workbook_path: Path, tmp_path: Path) -> None:
    soft = tmp_path / "summary.pdf"
    soft.symlink_to(workbook_path)
    hard = tmp_path / "hard-link.json"
    os.link(workbook_path, hard)
    _refused(["summary", str(workbook_path), "1", "-o", str(soft), "--force"], workbook_path,
             "is the workbook being exported")
    _refused(["export", str(workbook_path), "-o", str(hard), "--force"], workbook_path,
             "is the workbook being exported")
    _refused(["backup", str(workbook_path), str(hard), "--force"], workbook_path,
             "A backup cannot replace the workbook it copies")
    assert soft.is_symlink()


def test_an_existing_file_needs_force(workbook_path: Path, learner: int, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("keep me", encoding="utf-8")
    _refused(["export", str(workbook_path), "-o", str(target)], target,
             "already exists; use --force to replace it")
    code, _, err = run_cli("export", str(workbook_path), "-o", str(target), "--force")
    assert code == 0, err
    assert json.loads(target.read_text("utf-8"))["coachees"][0]["name"] == "Fictional Learner"

    pdf = tmp_path / "portfolio.pdf"
    pdf.write_bytes(b"an older portfolio")
    _refused(["portfolio", str(workbook_path), str(learner), "-o", str(pdf)], pdf,
             "use --force")
    code, _, err = run_cli("portfolio", str(workbook_path), str(learner), "-o", str(pdf),
                           "--force")
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_backup_never_replaces_a_workbook(workbook_path: Path, template_workbook: Path,
                                            tmp_path: Path) -> None:
    other = tmp_path / "colleague.cwb"
    shutil.copyfile(template_workbook, other)
    _refused(["backup", str(workbook_path), str(other), "--force"], other,
             "a backup never replaces one")
    note = tmp_path / "note.txt"
    note.write_text("not a workbook", encoding="utf-8")
    _refused(["backup", str(workbook_path), str(note)], note, "use --force")
    code, _, err = run_cli("backup", str(workbook_path), str(note), "--force")
    assert code == 0, err
    vault_mod.open_vault(note, PASSPHRASE).close()


def test_an_export_is_never_named_like_a_workbook(workbook_path: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("export", str(workbook_path), "-o", str(tmp_path / "new.cwb"))
    assert code == 2 and "ends in .cwb" in err
    assert not (tmp_path / "new.cwb").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_not_waited_on(workbook_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    code, _, err = run_cli("export", str(workbook_path), "-o", str(fifo), "--force", stdin="")
    assert code == 2 and "is not a regular file" in err


def test_the_last_moment_check_keeps_a_workbook_that_appeared(vault: vault_mod.Vault,
                                                              template_workbook: Path,
                                                              tmp_path: Path) -> None:
    """Checked again just before the rename: a workbook copied there meanwhile survives,
    and the temporary file is gone."""
    target = tmp_path / "late.json"
    shutil.copyfile(template_workbook, target)
    before = target.read_bytes()
    with fails(OutputRefused, "an export never replaces one"):
        write_export(vault.db, target)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))
