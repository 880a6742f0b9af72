"""The command line: passphrase handling, every sub-command, exit codes, no tracebacks."""

from __future__ import annotations

import json
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
from workbook import vault
from workbook.demo import DEMO_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.cwb"
    shutil.copyfile(demo_file, path)
    return path


def test_new_creates_private_file_with_default_suffix(tmp_path: Path) -> None:
    code, out, _ = run_cli("new", str(tmp_path / "mine"))
    assert code == 0
    path = tmp_path / "mine.cwb"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Created" in out
    vault.open_vault(path, PASSPHRASE).close()


def test_new_refuses_a_weak_passphrase(tmp_path: Path) -> None:
    code, _, err = run_cli("new", str(tmp_path / "weak.cwb"), stdin="short\n")
    assert code == 2 and "at least 12" in err
    assert not (tmp_path / "weak.cwb").exists()


def test_list_json_gives_ids_and_names(demo_copy: Path) -> None:
    code, out, _ = run_cli("list", str(demo_copy), "coachees", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) >= 12 and all("id" in r and "name" in r for r in rows)
    first = rows[0]["id"]
    for what in ("goals", "sessions", "actions"):
        code, out, _ = run_cli("list", str(demo_copy), what, "--json", "--coachee", str(first))
        assert code == 0
        items = json.loads(out)
        assert items and all("id" in r and r["coachee_id"] == first for r in items)


def test_list_table_output(demo_copy: Path) -> None:
    code, out, _ = run_cli("list", str(demo_copy), "coachees")
    assert code == 0
    assert out.splitlines()[0].split()[:2] == ["id", "name"]


def test_search(demo_copy: Path) -> None:
    code, out, _ = run_cli("search", str(demo_copy), "goal", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits and all("id" in h and "kind" in h and "snippet" in h for h in hits)
    code, out, _ = run_cli("search", str(demo_copy), "zzqxnotaword")
    assert code == 0 and "No matches" in out


def test_search_says_when_only_the_most_recent_matches_were_ranked(
        demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import search

    monkeypatch.setattr(search, "RANK_ALL", 3)
    monkeypatch.setattr(search, "RANK_RECENT", 2)
    code, out, err = run_cli("search", str(demo_copy), "goal", "--json")
    assert code == 0 and json.loads(out)  # stdout stays one JSON array
    assert err == ("Over 3 matches: the best of the 2 most recent are shown; add a word or a "
                   "letter to narrow the search.\n")


def test_export_import_round_trip(demo_copy: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    code, out, _ = run_cli("export", str(demo_copy), "-o", str(first))
    assert code == 0 and "NOT encrypted" in out
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.cwb"
    assert run_cli("new", str(fresh))[0] == 0
    code, out, err = run_cli("import", str(fresh), str(first))
    assert code == 0, err
    assert re.match(r"Imported first\.json: 15 coachees, \d+ values, \d+ goals, \d+ sessions, "
                    r"\d+ action items, \d+ templates?\.$", out.splitlines()[0]), out
    second = tmp_path / "second.json"
    assert run_cli("export", str(fresh), "-o", str(second))[0] == 0
    a, b = json.loads(first.read_text("utf-8")), json.loads(second.read_text("utf-8"))
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b


def test_roster_import_and_bad_row(tmp_path: Path) -> None:
    wb = tmp_path / "r.cwb"
    assert run_cli("new", str(wb))[0] == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Email,Level\nAïcha Benali,aicha@example.edu,MS2\n", encoding="utf-8")
    code, out, err = run_cli("import", str(wb), str(roster))
    assert code == 0, err
    assert "1 coachee added" in out
    code, out, _ = run_cli("import", str(wb), str(roster))
    assert code == 0 and "0 coachees added" in out and "1 already" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Start date\nTomasz Wiśniewski,2026-13-45\n", encoding="utf-8")
    code, _, err = run_cli("import", str(wb), str(bad))
    assert code == 4
    assert "bad.csv" in err and "line 2" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run_cli("list", str(wb), "coachees", "--json")
    assert [r["name"] for r in json.loads(out)] == ["Aïcha Benali"]


IMPORT_LOOP = ("is a symbolic link that leads back to itself (a loop), so there is no file "
               "to open; point the link at the file, or choose the file itself.")


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
@pytest.mark.parametrize("suffix", ["", ".json", ".csv"])
def test_an_import_file_that_is_a_link_loop_or_leads_nowhere_says_so(
        workbook_path: Path, tmp_path: Path, suffix: str) -> None:
    """As the workbook's own path does: not "there is no file", which sends the coach
    looking for a file that was never the problem; said before the passphrase."""
    loop, back = tmp_path / f"loop1{suffix}", tmp_path / f"loop2{suffix}"
    loop.symlink_to(back)
    back.symlink_to(loop)
    nowhere = tmp_path / f"roster{suffix}"
    nowhere.symlink_to(tmp_path / "moved away.csv")
    before = workbook_path.read_bytes()
    for source, sentence in ((loop, f"«{loop}» {IMPORT_LOOP}"),
                             (nowhere, f"«{nowhere}» is a link to «{tmp_path / 'moved away.csv'}»"
                                       ", where there is no file.")):
        code, out, err = run_cli("import", str(workbook_path), str(source), stdin="")
        assert (code, out, err) == (4, "", sentence + "\n")
    assert workbook_path.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges there")
def test_the_app_reading_an_import_file_says_the_same(tmp_path: Path) -> None:
    from workbook.errors import InvalidInput
    from workbook.exchange.reading import read_limited

    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    with pytest.raises(InvalidInput) as info:
        read_limited(loop, 1000, loop.name)
    assert info.value.sentence == f"«{loop}» {IMPORT_LOOP}"


def test_verify_and_backup(demo_copy: Path, tmp_path: Path) -> None:
    code, out, _ = run_cli("verify", str(demo_copy))
    assert code == 0 and "intact" in out
    dest = tmp_path / "backups"
    dest.mkdir()
    code, out, _ = run_cli("backup", str(demo_copy), str(dest))
    assert code == 0
    (copy,) = dest.iterdir()
    vault.open_vault(copy, PASSPHRASE).close()


def test_passwd_reads_current_then_new(demo_copy: Path) -> None:
    new = "Brand new passphrase for cli"
    code, _, err = run_cli("passwd", str(demo_copy), stdin=f"{PASSPHRASE}\n{new}\n")
    assert code == 0, err
    assert run_cli("verify", str(demo_copy), stdin=new + "\n")[0] == 0
    code, _, err = run_cli("verify", str(demo_copy))
    assert code == 3 and "does not open" in err


def test_piped_passphrases_are_read_a_line_at_a_time(workbook_path: Path) -> None:
    new = "Another new passphrase for cli"
    code, _, err = run_cli("passwd", str(workbook_path), stdin=f"{PASSPHRASE}\r\n{new}\r\n")
    assert code == 0, err
    vault.open_vault(workbook_path, new).close()
    code, _, err = run_cli("passwd", str(workbook_path), stdin=new + "\n")
    assert code == 2 and "Expected the new passphrase on standard input" in err
    vault.open_vault(workbook_path, new).close()


@pytest.mark.parametrize(
    ("setup", "args", "expected"),
    [
        ("wrong", ["verify", "{wb}"], 3),
        ("notwb", ["verify", "{wb}"], 3),
        ("newer", ["list", "{wb}", "coachees"], 3),
        ("badjson", ["import", "{wb}", "{other}"], 4),
        ("usage", ["list", "{wb}", "nonsense"], 2),
        ("missing", ["import", "{wb}", "{tmp}/none.csv"], 4),
    ],
)
def test_exit_codes(tmp_path: Path, workbook_path: Path, setup: str, args: list[str],
                    expected: int) -> None:
    wb, other = workbook_path, tmp_path / "broken.json"
    stdin = PASSPHRASE + "\n"
    if setup == "wrong":
        stdin = "a wrong passphrase\n"
    elif setup == "notwb":
        wb = tmp_path / "report.cwb"
        wb.write_bytes(b"%PDF-1.4\n" + b"0" * 9000)
    elif setup == "newer":
        with vault.open_vault(wb, PASSPHRASE) as v:
            v.db.execute("PRAGMA user_version = 999")
    elif setup == "badjson":
        other.write_text('{"format": "coach-workbook", "format_version": 1, "coachees": [{}]}',
                         encoding="utf-8")
    argv = [a.format(wb=wb, other=other, tmp=tmp_path) for a in args]
    code, _, err = run_cli(*argv, stdin=stdin)
    assert code == expected, err
    if expected != 2:
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_in_use_exit_code_in_a_real_process(workbook_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with vault.open_vault(workbook_path, PASSPHRASE):
        proc = subprocess.run([sys.executable, "-m", "workbook.cli", "verify", str(workbook_path)],
                              input=PASSPHRASE + "\n", capture_output=True, text=True, env=env,
                              cwd=ROOT)
    assert proc.returncode == 5
    assert "already open" in proc.stderr and "Traceback" not in proc.stderr


def test_no_display_gives_one_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-m", "coach_workbook_app"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0
    assert "No display" in proc.stdout and "coach-workbook" in proc.stdout
    assert proc.stderr == ""
    # It leaves the demo workbook and a sample summary where it says, and reuses the demo.
    paths = [Path(p) for p in re.findall(r"(/\S+?\.(?:cwb|pdf))\b", proc.stdout)]
    assert [p.suffix for p in paths] == [".cwb", ".pdf"]
    demo, pdf = paths
    assert demo.parent == Path(os.environ["COACH_WORKBOOK_DATA_DIR"]).resolve()
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    with vault.open_vault(demo, DEMO_PASSPHRASE) as v:
        assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] >= 12
    before = demo.read_bytes()
    again = subprocess.run([sys.executable, "-m", "coach_workbook_app"], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=60)
    assert again.returncode == 0 and "existing demo workbook" in again.stdout
    assert demo.read_bytes() == before


def _session_id(workbook: Path) -> int:
    code, out, _ = run_cli("list", str(workbook), "sessions", "--json")
    assert code == 0
    return int(json.loads(out)[0]["id"])


def test_summary_writes_a_private_unencrypted_pdf(demo_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "summary.pdf"
    code, out, err = run_cli("summary", str(demo_copy), str(_session_id(demo_copy)), "-o",
                         str(target))
    assert code == 0, err
    assert "NOT encrypted" in out and str(target) in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    reader = pypdf.PdfReader(target)
    assert not reader.is_encrypted and "Session summary" in reader.pages[0].extract_text()


def test_summary_says_which_sections_it_prints_and_which_were_made_shared(
        demo_copy: Path, tmp_path: Path) -> None:
    from workbook import notes

    with vault.open_vault(demo_copy, PASSPHRASE) as v:
        section = v.db.execute(
            "SELECT ss.id, ss.session_id, ss.heading FROM session_sections ss "
            "WHERE ss.shared = 0 AND ss.body != '' ORDER BY ss.id LIMIT 1").fetchone()
    section_id, session_id, heading = section
    code, out, err = run_cli("summary", str(demo_copy), str(session_id), "-o",
                             str(tmp_path / "a.pdf"))
    assert code == 0, err
    assert "Printed for the learner: «" in out and f"Left out (private): «{heading}»" in out
    assert "made shared" not in err

    with vault.open_vault(demo_copy, PASSPHRASE) as v:
        notes.set_shared(v.db, section_id, True, by="coach")
    code, out, err = run_cli("summary", str(demo_copy), str(session_id), "-o",
                             str(tmp_path / "b.pdf"))
    assert code == 0, err
    assert f"«{heading}» was made shared on " in err and f"«{heading}»" in out.split("\n")[0]


def test_summary_password_is_read_from_the_next_stdin_line(demo_copy: Path,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "protected.pdf"
    code, out, err = run_cli("summary", str(demo_copy), str(_session_id(demo_copy)), "-o",
                         str(target), "--password-protect",
                         stdin=f"{PASSPHRASE}\npdf password 9\n")
    assert code == 0, err
    assert "NOT encrypted" not in out and "password" in out
    reader = pypdf.PdfReader(target)
    assert reader.is_encrypted and not reader.decrypt("wrong")
    assert reader.decrypt("pdf password 9")
    code, _, err = run_cli("summary", str(demo_copy), "1", "-o", str(tmp_path / "x.pdf"),
                       "--password-protect", stdin=f"{PASSPHRASE}\n\n")
    assert code == 2 and "password for the PDF on standard input but found an empty" in err
    code, _, err = run_cli("summary", str(demo_copy), "1", "-o", str(tmp_path / "x.pdf"),
                       "--password-protect", stdin=f"{PASSPHRASE}\nshort\n")
    assert code == 2 and "at least 8 characters" in err and not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("session", "stdin", "expected", "sentence"), [
    ("99999", PASSPHRASE + "\n", 1, "There is no session with id 99999."),
    ("1", "a wrong passphrase\n", 3, "does not open"),
])
def test_summary_exit_codes(demo_copy: Path, tmp_path: Path, session: str, stdin: str,
                            expected: int, sentence: str) -> None:
    target = tmp_path / "none.pdf"
    code, _, err = run_cli("summary", str(demo_copy), session, "-o", str(target), stdin=stdin)
    assert code == expected
    assert sentence in err and len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_portfolio_writes_the_coachees_portfolio(demo_copy: Path, tmp_path: Path) -> None:
    code, out, _ = run_cli("list", str(demo_copy), "coachees", "--json")
    person = next(r for r in json.loads(out) if r["name"] == "王小明")
    target = tmp_path / "portfolio.pdf"
    code, out, err = run_cli("portfolio", str(demo_copy), str(person["id"]), "-o", str(target))
    assert code == 0, err
    assert "NOT encrypted" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "王小明" in text and "Values" in text
    code, _, err = run_cli("portfolio", str(demo_copy), "99999", "-o", str(tmp_path / "n.pdf"))
    assert code == 1 and "no coachee with id 99999" in err
    assert not (tmp_path / "n.pdf").exists()
    code, out, err = run_cli("portfolio", str(demo_copy), str(person["id"]), "-o",
                         str(tmp_path / "p.pdf"), "--password-protect",
                         stdin=f"{PASSPHRASE}\nanother pdf password\n")
    assert code == 0, err
    assert pypdf.PdfReader(tmp_path / "p.pdf").is_encrypted


def test_passphrase_is_never_taken_from_argv(tmp_path: Path) -> None:
    code, _, _ = run_cli("new", str(tmp_path / "x.cwb"), "--passphrase", PASSPHRASE)
    assert code == 2
