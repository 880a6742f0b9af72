"""Something to look at where no window can open: the demo workbook and a sample summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from workbook import errors
from workbook.demo import DEMO_PASSPHRASE, create_demo_workbook
from workbook.user_folders import make_private_folder

DEMO_FILE = "demo.cwb"
SAMPLE_SUMMARY_FILE = "demo-session-summary.pdf"


@dataclass(frozen=True)
class DemoSample:
    workbook: Path
    summary: Path
    reused: bool  # the demo workbook was already there


def sample_session(db: sqlite_utils.Database) -> int | None:
    """The most recent held meeting with goals and action items: a summary that shows
    everything. None if the workbook has no such meeting."""
    row = db.execute("""
        SELECT s.id FROM sessions s JOIN coachees c ON c.id = s.coachee_id
        WHERE s.status = 'held' AND s.deleted_at IS NULL AND c.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM session_goals g WHERE g.session_id = s.id)
          AND EXISTS (SELECT 1 FROM action_items a
                      WHERE a.session_id = s.id AND a.deleted_at IS NULL)
        ORDER BY s.scheduled_at DESC LIMIT 1
    """).fetchone()
    return None if row is None else int(row[0])


def leave_demo_sample(folder: Path) -> DemoSample:
    """Build the demo workbook in `folder` (or reuse the one there) and write the summary of
    its sample session next to it (not encrypted, like every exported PDF)."""
    from workbook.documents.summary import write_session_summary
    from workbook.vault import open_vault

    make_private_folder(folder)
    demo_path, pdf_path = folder / DEMO_FILE, folder / SAMPLE_SUMMARY_FILE
    reused = demo_path.exists()
    try:
        v = open_vault(demo_path, DEMO_PASSPHRASE) if reused else create_demo_workbook(demo_path)
    except errors.WrongPassphrase:
        raise errors.CannotOpen(f"«{demo_path}» is not the demo workbook (the demo passphrase "
                                "does not open it); move it away or run this in another "
                                "folder.") from None
    with v:
        session_id = sample_session(v.db)
        if session_id is None:
            raise errors.NotFound(f"The demo workbook «{demo_path}» has no held meeting to "
                                  "summarise; move it away and run this again.")
        write_session_summary(v.db, session_id, pdf_path)
    return DemoSample(demo_path, pdf_path, reused)
