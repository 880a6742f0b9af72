"""Password-protected PDFs: AES-256 as PDF 2.0 defines it (revision 6), reopened with pypdf.

Every protected document the app makes (session summary, several summaries, portfolio, the
command line's) opens with the learner's password in full, in any script, and with nothing
else; its text, title and names are unreadable without it; the owner password is random."""

from __future__ import annotations

import io
import stat
import unicodedata
from pathlib import Path

import pypdf
import pytest
import sqlite_utils
from pypdf.constants import UserAccessPermissions
from pypdf.errors import FileNotDecryptedError

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import coachees, notes, sessions
from workbook.documents import protection
from workbook.documents.batch import render_summaries
from workbook.documents.portfolio import portfolio_pdf
from workbook.documents.summary import session_summary_pdf, write_session_summary
from workbook.errors import InvalidInput

LONG = "lantern orchard violet kettles 84 and the harbour at dawn A"  # 59 bytes
LONG_OTHER = LONG[:-1] + "B"  # the same first 58 bytes: RC4-128 would open with either
NAME = "Zoë Wiśniewska-Ōtsuka"
NOTE = "Agreed to present the quality-improvement poster in April."


def _session(db: sqlite_utils.Database) -> tuple[int, int]:
    cid = coachees.add(db, NAME).created
    sid = sessions.start(db, cid, None, scheduled_at="2026-03-12T16:00", status="held").created
    section = notes.add_section(db, sid, "Plan", shared=True).created
    notes.save_note(db, section, NOTE)
    return sid, cid


def opened(data: bytes, password: str) -> pypdf.PdfReader:
    """`data` checked as AES-256 revision 6, unreadable without `password`, then opened with
    it as the learner (not as the owner)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert encrypt["/Filter"] == "/Standard"
    assert (encrypt["/V"], encrypt["/R"], encrypt["/Length"]) == (5, 6, 256)
    assert encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"
    with pytest.raises(FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert reader.decrypt("not the password") == pypdf.PasswordType.NOT_DECRYPTED
    # The owner password is random: the learner's password opens the file as a user.
    assert reader.decrypt(password) == pypdf.PasswordType.USER_PASSWORD
    return reader


def text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def hidden(data: bytes, *needles: str) -> None:
    """No needle is in the file's bytes in any encoding a PDF string may use."""
    for needle in needles:
        for form in (needle.encode("utf-8"), needle.encode("utf-16-be"),
                     needle.encode("latin-1", "ignore")):
            assert form not in data, needle


def test_a_summary_is_aes_256_and_its_text_and_title_need_the_password(
        db: sqlite_utils.Database) -> None:
    sid, _ = _session(db)
    data = session_summary_pdf(db, sid, password=LONG)
    reader = opened(data, LONG)
    assert NOTE in text(reader) and "Session summary" in text(reader)
    assert NAME in str(reader.metadata.title)
    hidden(data, NOTE, NAME, "Wiśniewska", "Session summary")
    permissions = UserAccessPermissions(reader.user_access_permissions or 0)
    assert permissions & UserAccessPermissions.PRINT and permissions & UserAccessPermissions.EXTRACT
    assert not permissions & UserAccessPermissions.MODIFY


def test_every_byte_of_a_long_password_counts(db: sqlite_utils.Database) -> None:
    sid, _ = _session(db)
    data = session_summary_pdf(db, sid, password=LONG)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.decrypt(LONG[:32]) == pypdf.PasswordType.NOT_DECRYPTED
    assert reader.decrypt(LONG_OTHER) == pypdf.PasswordType.NOT_DECRYPTED
    assert opened(data, LONG)


@pytest.mark.parametrize("password", [
    "王小明的总结密码",           # Chinese: 8 characters, 24 bytes
    "Małgorzata-2026",          # Latin Extended, once refused
    "Пароль для Ольги 2026",    # Cyrillic
    "كلمة سر المتعلم",          # Arabic, right-to-left from end to end
    "Ελπίδα και " + "王" * 35,   # 125 bytes: near the limit, still whole
])
def test_a_password_in_any_script_opens_it_in_full(db: sqlite_utils.Database,
                                                   password: str) -> None:
    assert protection.password_problem(password) is None
    sid, _ = _session(db)
    data = session_summary_pdf(db, sid, password=password)
    assert NOTE in text(opened(data, password))
    shorter = pypdf.PdfReader(io.BytesIO(data))
    assert shorter.decrypt(password[:-1]) == pypdf.PasswordType.NOT_DECRYPTED


def test_the_password_is_read_as_a_reader_prepares_the_typing(db: sqlite_utils.Database
                                                              ) -> None:
    """SASLprep: macOS types «ë» decomposed, a ligature is two letters, a no-break space is a
    space; each opens a file protected with the plain form."""
    password = "Zoë ﬁnds the\u00a0harbour"
    sid, _ = _session(db)
    data = session_summary_pdf(db, sid, password=password)
    for typed in (password, unicodedata.normalize("NFD", password), "Zoë finds the harbour"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.decrypt(typed) == pypdf.PasswordType.USER_PASSWORD, typed


def test_each_file_gets_its_own_random_owner_password(db: sqlite_utils.Database) -> None:
    sid, _ = _session(db)
    first, second = (session_summary_pdf(db, sid, password=LONG) for _ in range(2))
    o_entries = [pypdf.PdfReader(io.BytesIO(d)).trailer["/Encrypt"]["/O"] for d in (first,
                                                                                   second)]
    assert o_entries[0] != o_entries[1]


def test_the_written_file_is_private_and_protected(db: sqlite_utils.Database,
                                                   tmp_path: Path) -> None:
    sid, _ = _session(db)
    folder = tmp_path / "out"
    folder.mkdir()
    target = write_session_summary(db, sid, folder / "s.pdf", password=LONG)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert NOTE in text(opened(target.read_bytes(), LONG))
    assert [p.name for p in folder.iterdir()] == ["s.pdf"]


def test_a_portfolio_and_a_batch_are_protected_alike(db: sqlite_utils.Database) -> None:
    sid, cid = _session(db)
    portfolio = portfolio_pdf(db, cid, password=LONG)
    assert NAME in text(opened(portfolio, LONG))
    hidden(portfolio, NAME)
    (rendered,) = render_summaries(db, [sid], password="王小明的总结密码")
    assert NOTE in text(opened(rendered.data, "王小明的总结密码"))


def test_no_password_is_said_as_such() -> None:
    assert protection.password_problem("") == ("Type the password the learner will need to "
                                                "open the PDF.")


@pytest.mark.parametrize(("password", "said"), [
    ("Zoë-26", "at least 8 characters"),
    ("\u00ad" * 9 + "abc", "at least 8 characters"),  # soft hyphens: mapped to nothing
    ("tab\tinside it", "«\t»"),
    ("private \ue000 use", "«\ue000»"),
    ("كلمة سر 2026", "right-to-left"),                # must end with a right-to-left letter
    ("Hoa كلمة سر", "right-to-left"),                 # mixed with left-to-right letters
    ("王" * 43, "at most 127 bytes"),                  # 129 bytes
])
def test_what_a_reader_would_refuse_or_cut_is_refused_with_a_sentence(
        db: sqlite_utils.Database, password: str, said: str) -> None:
    problem = protection.password_problem(password)
    assert problem is not None and said in problem
    sid, _ = _session(db)
    with pytest.raises(InvalidInput) as refused:
        session_summary_pdf(db, sid, password=password)
    assert refused.value.sentence == problem


def test_the_command_line_protects_with_the_whole_password(workbook_path: Path,
                                                           tmp_path: Path) -> None:
    from workbook import vault

    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        sid, _ = _session(v.db)
    target = tmp_path / "summary.pdf"
    code, out, err = run_cli("summary", str(workbook_path), str(sid), "-o", str(target),
                             "--password-protect",
                             stdin=f"{PASSPHRASE}\n{LONG}\n{LONG}\n")
    assert code == 0, err
    assert "password" in out
    data = target.read_bytes()
    assert NOTE in text(opened(data, LONG))
    assert pypdf.PdfReader(io.BytesIO(data)).decrypt(LONG_OTHER) == 0
    code, _, err = run_cli("summary", str(workbook_path), str(sid), "-o",
                           str(tmp_path / "long.pdf"), "--password-protect",
                           stdin=f"{PASSPHRASE}\n{'王' * 43}\n{'王' * 43}\n")
    assert code == 2 and "at most 127 bytes" in err
    assert not (tmp_path / "long.pdf").exists()
