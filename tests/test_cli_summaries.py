"""`coach-workbook summaries`: a day's (or a range's) session summaries into a folder."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import coachees, notes, sessions
from workbook import vault as vault_mod

ROOT = Path(__file__).resolve().parent.parent
DAY, NEXT, EMPTY, ONLY_CANCELLED = "2026-03-12", "2026-03-13", "2026-03-20", "2026-03-14"
PRIVATE = "The coach privately suspects burnout after the night shifts"

# (coachee, when, status, shared sentence)
MEETINGS = [
    ("Zoë Kowalczyk", f"{DAY}T16:00", "held", "Zoë will log ten sutures in the skills lab"),
    ("王小明", f"{DAY}T08:30", "held", "Xiaoming will present the case on Friday"),
    ("Nguyễn Thị Hoa", f"{DAY}T18:00", "scheduled", "Hoa will bring her reflection draft"),
    ("Aïcha Benali", f"{DAY}T10:00", "cancelled", "Aïcha cancelled sentence never printed"),
    ("Daniel Achterberg", f"{DAY}T11:00", "no-show", "Daniel no-show sentence never printed"),
    ("Aïcha Benali", f"{NEXT}T09:00", "held", "Aïcha will ask for feedback after rounds"),
    ("Zoë Kowalczyk", f"{ONLY_CANCELLED}T09:00", "cancelled", "Zoë cancelled this one"),
]
WRITTEN_ON_DAY = {f"summary-王小明-{DAY}.pdf", f"summary-Zoë Kowalczyk-{DAY}.pdf",
                  f"summary-Nguyễn Thị Hoa-{DAY}.pdf"}


@pytest.fixture(scope="module")
def crafted(template_workbook: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-summaries") / "coach.cwb"
    shutil.copyfile(template_workbook, path)
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        people: dict[str, int] = {}
        for name, when, status, shared in MEETINGS:
            if name not in people:
                people[name] = coachees.add(v.db, name).created
            sid = sessions.start(v.db, people[name], None, scheduled_at=when,
                                 status=status).created
            for heading, body, is_shared in (("Agreed", shared, True),
                                             ("Coach only", PRIVATE, False)):
                section = notes.add_section(v.db, sid, heading, shared=is_shared).created
                notes.save_note(v.db, section, body)
    return path


@pytest.fixture
def workbook(crafted: Path, tmp_path: Path) -> Path:
    path = tmp_path / "coach.cwb"
    shutil.copyfile(crafted, path)
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "summaries"
    folder.mkdir()
    return folder


def text_of(path: Path, password: str | None = None) -> str:
    reader = pypdf.PdfReader(path)
    if password is not None:
        assert reader.is_encrypted and not reader.decrypt("not the password")
        assert reader.decrypt(password)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_writes_the_days_summaries_and_says_they_are_not_encrypted(workbook: Path,
                                                                   out: Path) -> None:
    code, stdout, err = run_cli("summaries", str(workbook), "--from", DAY, "-o", str(out))
    assert code == 0, err
    assert set(os.listdir(out)) == WRITTEN_ON_DAY  # not the cancelled or no-show ones
    lines = stdout.splitlines()
    assert lines[:-1] == [str(out / n) for n in (f"summary-王小明-{DAY}.pdf",
                                                 f"summary-Zoë Kowalczyk-{DAY}.pdf",
                                                 f"summary-Nguyễn Thị Hoa-{DAY}.pdf")]
    assert lines[-1].startswith(f"Wrote 3 summaries to {out}. These files are NOT encrypted")
    for name, when, status, shared in MEETINGS:
        path = out / f"summary-{name}-{when[:10]}.pdf"
        if status in ("held", "scheduled") and when.startswith(DAY):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert not pypdf.PdfReader(path).is_encrypted
            text = text_of(path)
            assert shared in text and name in text and PRIVATE not in text


def test_a_range_covers_every_day_in_it(workbook: Path, out: Path) -> None:
    code, stdout, err = run_cli("summaries", str(workbook), "--from", DAY, "--to", ONLY_CANCELLED,
                            "-o", str(out))
    assert code == 0, err
    assert set(os.listdir(out)) == WRITTEN_ON_DAY | {f"summary-Aïcha Benali-{NEXT}.pdf"}
    assert "Wrote 4 summaries" in stdout
    code, stdout, err = run_cli("summaries", str(workbook), "--from", NEXT, "-o", str(out))
    assert code == 0, err
    assert stdout.splitlines() == [
        str(out / f"summary-Aïcha Benali-{NEXT} (2).pdf"),  # the first one is never replaced
        f"Wrote 1 summary to {out}. These files are NOT encrypted: anyone who has them can "
        "read them (use --password-protect to protect them)."]


def test_the_pdf_password_comes_from_the_next_stdin_line(workbook: Path, out: Path) -> None:
    password = "Crème brûlée 2026"
    code, stdout, err = run_cli("summaries", str(workbook), "--from", DAY, "-o", str(out),
                            "--password-protect", stdin=f"{PASSPHRASE}\n{password}\n")
    assert code == 0, err
    assert "NOT encrypted" not in stdout
    assert stdout.splitlines()[-1] == (f"Wrote 3 summaries to {out}; they open only with the "
                                       "password you gave.")
    assert set(os.listdir(out)) == WRITTEN_ON_DAY
    for name in WRITTEN_ON_DAY:
        assert "Session summary" in text_of(out / name, password)


@pytest.mark.parametrize(("args", "stdin", "expected", "sentence"), [
    (["--from", EMPTY], PASSPHRASE, 1, f"There is no held session between {EMPTY} and {EMPTY}."),
    (["--from", ONLY_CANCELLED], PASSPHRASE, 1,
     f"There is no held session between {ONLY_CANCELLED} and {ONLY_CANCELLED} "
     "(1 cancelled, no-show or still to come)."),
    (["--from", "2026-02-30"], "", 2, "--from «2026-02-30» is not a date; use YYYY-MM-DD."),
    (["--from", DAY, "--to", "12/03/2026"], "", 2,
     "--to «12/03/2026» is not a date; use YYYY-MM-DD."),
    (["--from", DAY, "--to", ""], "", 2, "--to needs a date; use YYYY-MM-DD."),
    (["--from", NEXT, "--to", DAY], "", 2, f"--to {DAY} is before --from {NEXT}."),
    (["--from", DAY], "a wrong passphrase", 3, "does not open"),
    (["--from", DAY, "--password-protect"], f"{PASSPHRASE}\nshort", 2,
     "A PDF password needs at least 8 characters."),
    (["--from", DAY, "--password-protect"], f"{PASSPHRASE}\n{'王' * 43}", 2,
     "at most 127 bytes"),
])
def test_errors_exit_with_one_sentence_and_write_nothing(workbook: Path, out: Path,
                                                         args: list[str], stdin: str,
                                                         expected: int, sentence: str) -> None:
    (out / "kept.txt").write_text("the coach's own file", encoding="utf-8")
    code, stdout, err = run_cli("summaries", str(workbook), *args, "-o", str(out),
                            stdin=stdin + "\n")
    assert code == expected
    assert sentence in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "Wrote" not in stdout
    assert os.listdir(out) == ["kept.txt"]


def test_a_folder_that_does_not_exist_is_named_before_the_passphrase(workbook: Path,
                                                                     tmp_path: Path) -> None:
    missing = tmp_path / "March summaries"
    code, _, err = run_cli("summaries", str(workbook), "--from", DAY, "-o", str(missing), stdin="")
    assert code == 2  # where to write is a usage error, as for every command that writes
    assert err.strip() == (f"The folder «{missing}» does not exist; create it first, or choose "
                           "another folder.")
    assert not missing.exists()


def test_usage_errors(workbook: Path, out: Path) -> None:
    code, _, err = run_cli("summaries", str(workbook), "-o", str(out))
    assert code == 2 and "--from" in err
    code, _, err = run_cli("summaries", str(workbook), "--from", DAY)
    assert code == 2 and "--output" in err
    code, _, _ = run_cli("summaries", str(workbook), "--from", DAY, "-o", str(out), "--passphrase",
                     PASSPHRASE)
    assert code == 2
    assert os.listdir(out) == []


def test_a_real_process_writes_the_files(workbook: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "workbook.cli", "summaries", str(workbook),
                           "--from", DAY, "--to", DAY, "-o", str(out)],
                          input=PASSPHRASE + "\n", capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == "" and "Wrote 3 summaries" in proc.stdout
    assert set(os.listdir(out)) == WRITTEN_ON_DAY


def test_a_section_made_shared_is_named_before_the_summaries_are_written(workbook: Path,
                                                                         out: Path) -> None:
    code, _, err = run_cli("summaries", str(workbook), "--from", DAY, "-o", str(out))
    assert code == 0 and "made shared" not in err
    with vault_mod.open_vault(workbook, PASSPHRASE) as v:
        zoe = next(c.id for c in coachees.list_coachees(v.db) if c.name == "Zoë Kowalczyk")
        held = next(s.id for s in sessions.list_sessions(v.db, zoe) if s.scheduled_at[:10] == DAY)
        private = next(s for s in notes.list_sections(v.db, held) if not s.shared)
        notes.set_shared(v.db, private.id, True, by="coach")
    again = out / "again"
    again.mkdir()
    code, _, err = run_cli("summaries", str(workbook), "--from", DAY, "-o", str(again))
    assert code == 0, err
    assert err.startswith(f"Note: «Coach only» in Zoë Kowalczyk's session of {DAY} was made "
                          "shared on ")
    assert err.count("made shared") == 1
    assert PRIVATE in text_of(again / f"summary-Zoë Kowalczyk-{DAY}.pdf")  # as it said
