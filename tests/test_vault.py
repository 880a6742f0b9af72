"""The encrypted file itself: open/create errors, pragmas, lock, rekey, backup, verify."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from workbook import migrations, vault
from workbook.errors import (
    DamagedWorkbook,
    DiskFull,
    NotAWorkbook,
    NotFound,
    ReadOnlyLocation,
    WeakPassphrase,
    WorkbookClosed,
    WorkbookError,
    WorkbookInUse,
    WorkbookTooNew,
    WrongPassphrase,
)
from workbook.vault import copies

MARKER = "Zebra-marker-confidential-7731"


def _insert_marker(v: vault.Vault, text: str = MARKER) -> None:
    with v.db.atomic():
        v.db.execute("INSERT INTO coachees(name, agreement_notes) VALUES (?, ?)",
                     ["Ilse Varga", text])


def test_pinned_pragmas_are_read_back(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert {name: v.pragma(name) for name in vault.PINNED_PRAGMAS} == vault.PINNED_PRAGMAS
        assert str(v.pragma("cipher_version")).startswith("4.")
        assert v.pragma("application_id") == vault.APPLICATION_ID
        assert v.pragma("user_version") == migrations.SCHEMA_VERSION
        assert str(v.pragma("kdf_iter")) == "256000"


def test_the_pinned_table_is_what_opening_applies(workbook_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(vault.PINNED_PRAGMAS, "synchronous", 3)  # EXTRA instead of FULL
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert v.pragma("synchronous") == 3


@pytest.mark.parametrize("name", ["key", "rekey", "user_version = 9", "foreign_keys = OFF",
                                  "user_version; DROP TABLE coachees", "USER_VERSION", ""])
def test_pragma_reads_only_names_it_knows(workbook_path: Path, name: str) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        with pytest.raises(ValueError, match="Not a pragma"):
            v.pragma(name)
        assert v.pragma("user_version") == migrations.SCHEMA_VERSION
        assert v.pragma("foreign_keys") == 1
        assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 0


def test_new_file_is_private_encrypted_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "new.cwb"
    with vault.create(path, PASSPHRASE) as v:
        _insert_marker(v)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert MARKER.encode() not in raw and b"Ilse" not in raw
    assert not raw.startswith(b"SQLite format 3")
    with vault.open_vault(path, PASSPHRASE) as v:
        assert v.db.execute("SELECT agreement_notes FROM coachees").fetchone()[0] == MARKER
    # Only the workbook and its (empty) lock file are left in the folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.cwb", "new.cwb.lock"]
    assert (tmp_path / "new.cwb.lock").stat().st_size == 0


def test_create_refuses_to_overwrite(workbook_path: Path) -> None:
    with pytest.raises(WorkbookError, match="already exists"):
        vault.create(workbook_path, PASSPHRASE)


@pytest.mark.parametrize(
    ("passphrase", "fragment"),
    [("short one", "at least 12"), ("password1234", "commonly used"),
     ("Sunshine2026!!", "commonly used"), ("dragondragon", "commonly used"),
     ("aaaaaaaaaaaaaaa", "repeats"), ("", "at least 12")],
)
def test_weak_passphrases_are_refused(tmp_path: Path, passphrase: str, fragment: str) -> None:
    with pytest.raises(WeakPassphrase, match=fragment):
        vault.create(tmp_path / "w.cwb", passphrase)
    assert not (tmp_path / "w.cwb").exists()


def test_strength_meter_orders_passphrases() -> None:
    weak = vault.strength("password1234")
    strong = vault.strength("lantern orbit quietly 84 marmalade")
    assert weak.score <= 1 < 3 <= strong.score
    assert strong.label in ("Strong", "Very strong")
    assert vault.strength("").score == 0


def test_quotes_and_unicode_in_passphrase(tmp_path: Path) -> None:
    tricky = "it's a \"quote\"; DROP -- ß∂ƒ 日本 '"
    path = tmp_path / "q.cwb"
    vault.create(path, tricky).close()
    vault.open_vault(path, tricky).close()
    with pytest.raises(WrongPassphrase):
        vault.open_vault(path, tricky.replace("'", ""))


def test_nfd_passphrase_opens_nfc_workbook(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "Café crème brûlée 2026")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    path = tmp_path / "n.cwb"
    vault.create(path, nfc).close()
    vault.open_vault(path, nfd).close()


def test_wrong_passphrase_sentence(workbook_path: Path) -> None:
    with pytest.raises(WrongPassphrase) as info:
        vault.open_vault(workbook_path, PASSPHRASE + "x")
    assert "coach.cwb" in str(info.value) and "case-sensitive" in str(info.value)
    assert info.value.exit_code == 3
    vault.open_vault(workbook_path, PASSPHRASE).close()  # the failed attempt left no lock


def test_any_file_name_opens(workbook_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "notes for spring.dat"
    shutil.copyfile(workbook_path, other)
    with vault.open_vault(other, PASSPHRASE) as v:
        assert v.pragma("application_id") == vault.APPLICATION_ID


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"", "empty"), (b"%PDF-1.7\n" + b"x" * 5000, "PDF"),
     (b"PK\x03\x04" + b"\0" * 5000, "ZIP"), (b"name,email\nA,b\n", "not a Coach Workbook")],
)
def test_foreign_files_are_refused(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "thing.cwb"
    path.write_bytes(content)
    with pytest.raises(NotAWorkbook, match=fragment) as info:
        vault.open_vault(path, PASSPHRASE)
    assert info.value.exit_code == 3
    assert path.read_bytes() == content


def test_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkbook, match="unencrypted SQLite"):
        vault.open_vault(path, PASSPHRASE)


def test_other_sqlcipher_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlcipher3.connect(str(path))
    vault.key_connection(conn, PASSPHRASE)  # opens as a workbook would: only its id is wrong
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkbook, match="not a Coach Workbook"):
        vault.open_vault(path, PASSPHRASE)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no file"):
        vault.open_vault(tmp_path / "nope.cwb", PASSPHRASE)


def test_newer_workbook_is_refused_unchanged(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        v.db.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 5}")
    before = workbook_path.read_bytes()
    with pytest.raises(WorkbookTooNew, match="newer version"):
        vault.open_vault(workbook_path, PASSPHRASE)
    assert workbook_path.read_bytes() == before


def _damage(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    start = page * 4096 + 100
    data[start:start + 64] = bytes(b ^ 0xA5 for b in data[start:start + 64])
    path.write_bytes(bytes(data))


def test_damaged_first_page_is_told_apart_from_wrong_key(workbook_path: Path) -> None:
    _damage(workbook_path, 0)
    with pytest.raises(DamagedWorkbook, match="damaged"):
        vault.open_vault(workbook_path, PASSPHRASE)


def test_damage_inside_is_found_by_verify(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        pages = v.pragma("page_count")
    _damage(workbook_path, int(pages) - 2)
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        report = v.verify()
    assert not report.ok
    assert any("HMAC" in p or "cipher" in p for p in report.problems)
    assert "damaged" in report.sentence() and "backup" in report.sentence()


def test_verify_passes_on_healthy_file(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        report = v.verify()
    assert report.ok, report.problems
    assert report.schema_version == migrations.SCHEMA_VERSION
    assert "intact" in report.sentence()


def test_second_open_in_same_process_is_refused(workbook_path: Path) -> None:
    with vault.open_vault(workbook_path, PASSPHRASE), pytest.raises(WorkbookInUse) as info:
        vault.open_vault(workbook_path, PASSPHRASE)
    assert info.value.exit_code == 5
    assert "already open" in str(info.value)


_HOLDER = """
import sys, time
from workbook import vault
v = vault.open_vault(sys.argv[1], sys.argv[2])
print("open", flush=True)
time.sleep(60)
"""


def _start_holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), PASSPHRASE],
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_other_process_is_refused_and_a_killed_one_does_not_block(workbook_path: Path) -> None:
    proc = _start_holder(workbook_path)
    try:
        with pytest.raises(WorkbookInUse):
            vault.open_vault(workbook_path, PASSPHRASE)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert (workbook_path.parent / "coach.cwb.lock").exists()  # left behind by the kill
    vault.open_vault(workbook_path, PASSPHRASE).close()


def test_read_only_location(workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = workbook_path.parent
    folder.chmod(0o500)
    try:
        if os.geteuid() == 0:  # root ignores permission bits; model what a user would meet
            real_access = os.access
            monkeypatch.setattr(os, "access", lambda p, m, **k: False if Path(p) == folder
                                and m == os.W_OK else real_access(p, m, **k))
        with pytest.raises(ReadOnlyLocation, match="read-only"):
            vault.open_vault(workbook_path, PASSPHRASE)
    finally:
        folder.chmod(0o700)


def test_disk_full_is_a_known_error_and_changes_nothing(workbook_path: Path) -> None:
    v = vault.open_vault(workbook_path, PASSPHRASE)
    db = v.db
    _insert_marker(v)
    pages = v.pragma("page_count")
    db.execute(f"PRAGMA max_page_count = {pages}")  # the engine's own SQLITE_FULL
    with pytest.raises(Exception) as info, db.atomic():
        db.execute("INSERT INTO coachees(name, agreement_notes) VALUES (?, ?)",
                   ["Big note", "x" * 500_000])
    known = vault.known_error(info.value, workbook_path)
    assert isinstance(known, DiskFull)
    assert "full" in str(known)
    assert db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 1
    assert not db.conn.in_transaction
    v.close()


def test_change_passphrase(workbook_path: Path) -> None:
    new = "A brand new passphrase 2027"
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        _insert_marker(v)
        with pytest.raises(WrongPassphrase):
            v.change_passphrase("not the current one", new)
        with pytest.raises(WeakPassphrase):
            v.change_passphrase(PASSPHRASE, "short")
        v.change_passphrase(PASSPHRASE, new)
        # The vault stays open and usable under the new key.
        assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 1
        assert v.matches(new) and not v.matches(PASSPHRASE)
    assert stat.S_IMODE(workbook_path.stat().st_mode) == 0o600
    with pytest.raises(WrongPassphrase):
        vault.open_vault(workbook_path, PASSPHRASE)
    with vault.open_vault(workbook_path, new) as v:
        assert v.db.execute("SELECT agreement_notes FROM coachees").fetchone()[0] == MARKER
        assert v.verify().ok
        assert v.pragma("user_version") == migrations.SCHEMA_VERSION
    assert sorted(p.name for p in workbook_path.parent.iterdir()) == ["coach.cwb", "coach.cwb.lock"]


_REKEYER = """
import sys
from workbook import vault
v = vault.open_vault(sys.argv[1], sys.argv[2])
print("go", flush=True)
v.change_passphrase(sys.argv[2], sys.argv[3])
print("done", flush=True)
"""


def test_killed_during_rekey_exactly_one_passphrase_opens(workbook_path: Path) -> None:
    new = "Another fine passphrase 99"
    with vault.open_vault(workbook_path, PASSPHRASE) as v, v.db.atomic():
        for i in range(300):
            v.db.execute("INSERT INTO coachees(name, agreement_notes) VALUES (?, ?)",
                         [f"Coachee {i}", "notes " * 200])
    current = PASSPHRASE
    for delay in (0.0, 0.05, 0.1, 0.2, 0.3):
        target = new if current == PASSPHRASE else PASSPHRASE
        proc = subprocess.Popen([sys.executable, "-c", _REKEYER, str(workbook_path), current,
                                 target], stdout=subprocess.PIPE, text=True,
                                cwd=Path(__file__).parent.parent)
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        opened = []
        for candidate in (PASSPHRASE, new):
            try:
                with vault.open_vault(workbook_path, candidate) as v:
                    assert v.db.execute("SELECT count(*) FROM coachees").fetchone()[0] == 300
                opened.append(candidate)
            except WrongPassphrase:
                pass
        assert len(opened) == 1
        current = opened[0]
    leftovers = [p.name for p in workbook_path.parent.iterdir() if p.name.endswith(".tmp")]
    # A kill can strand a temp copy (encrypted, private); it never replaces the workbook.
    for name in leftovers:
        assert stat.S_IMODE((workbook_path.parent / name).stat().st_mode) == 0o600


def test_backup_is_encrypted_private_and_opens(workbook_path: Path, tmp_path: Path) -> None:
    v = vault.open_vault(workbook_path, PASSPHRASE)
    _insert_marker(v)
    dest_dir = tmp_path / "backups"
    dest_dir.mkdir()
    written = copies.backup(v, dest_dir)
    assert written.parent == dest_dir and written.suffix == ".cwb"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert MARKER.encode() not in written.read_bytes()
    explicit = copies.backup(v, tmp_path / "explicit.cwb")
    assert explicit.exists()
    v.close()
    with vault_open(written) as b:
        assert b.db.execute("SELECT agreement_notes FROM coachees").fetchone()[0] == MARKER
    with pytest.raises(WorkbookError, match="cannot overwrite"), vault_open(explicit) as b:
        copies.backup(b, explicit)


def vault_open(path: Path) -> vault.Vault:
    return vault.open_vault(path, PASSPHRASE)


def test_closed_vault_refuses_use(workbook_path: Path) -> None:
    v = vault.open_vault(workbook_path, PASSPHRASE)
    v.close()
    v.close()
    with pytest.raises(WorkbookClosed, match="locked"):
        _ = v.db
    assert not v.matches(PASSPHRASE)


def test_migration_backs_up_first_and_failure_leaves_file_intact(
    workbook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def add_column(db) -> None:  # type: ignore[no-untyped-def]
        calls.append("ran")
        db.execute("ALTER TABLE coachees ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")

    def broken(db) -> None:  # type: ignore[no-untyped-def]
        db.execute("ALTER TABLE coachees ADD COLUMN half_done TEXT")
        raise RuntimeError("migration bug")

    released, version = list(migrations.MIGRATIONS), migrations.SCHEMA_VERSION

    def program(*extra: tuple[str, Any]) -> None:
        monkeypatch.setattr(migrations, "MIGRATIONS", [*released, *extra])
        monkeypatch.setattr(migrations, "SCHEMA_VERSION", version + len(extra))

    program(("9001_x", broken))
    with pytest.raises(RuntimeError):
        vault.open_vault(workbook_path, PASSPHRASE)
    program()
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        columns = {c.name for c in v.db["coachees"].columns}
        assert "half_done" not in columns and v.pragma("user_version") == version

    program(("9001_nickname", add_column))
    with vault.open_vault(workbook_path, PASSPHRASE) as v:
        assert v.pragma("user_version") == version + 1
        assert "nickname" in {c.name for c in v.db["coachees"].columns}
        names = [r[0] for r in v.db.execute("SELECT name FROM schema_migrations ORDER BY name")]
        assert names == [*(name for name, _step in released), "9001_nickname"]
    backups = sorted((workbook_path.parent / "coach backups").glob(
        f"coach-before-v{version + 1}-*.cwb"))
    assert backups and calls == ["ran"]
    program()
    with vault.open_vault(backups[-1], PASSPHRASE) as b:
        assert b.pragma("user_version") == version


def test_opened_on_one_thread_closed_on_another_releases_the_lock(workbook_path: Path) -> None:
    # The GUI unlocks on its long-lived worker thread and locks from the UI thread.
    import threading

    box: list[vault.Vault] = []
    opened, finish = threading.Event(), threading.Event()

    def worker() -> None:
        box.append(vault.open_vault(workbook_path, PASSPHRASE))
        opened.set()
        finish.wait(10)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert opened.wait(10)
        box[0].close()
        vault.open_vault(workbook_path, PASSPHRASE).close()
    finally:
        finish.set()
        thread.join()
