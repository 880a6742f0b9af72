"""What the vault runs on, said for `--version` and support tickets: the SQLCipher build and
the SQLite inside it (a frozen app carries its own, so the venv's may differ)."""

from __future__ import annotations


def versions() -> str:
    import sqlcipher3  # here: `--version` is the only caller, and the start page never is

    conn = sqlcipher3.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    return f"SQLCipher {cipher} (SQLite {sqlite})"
