"""Write the demo workbook's documents and a PNG of every page, to look at as a learner would.

Usage: make sample-pdfs                     (writes docs/samples/)
       python scripts/sample_pdfs.py [FOLDER] [--today YYYY-MM-DD] [--all]
                                     [--page-size Letter|A4]

Builds the demo workbook in a private temporary folder (deleted afterwards), then writes the
session summary of a few held sessions (the latest of four learners whose names use
different scripts, and the session with the longest shared notes; with --all, of every
session) and the portfolio summary of every demo coachee, and renders each page with
`pdftoppm -png -r 60` beside its PDF. The paper is the system's unless --page-size says.
Earlier samples in the folder are replaced. All names and notes are fictional.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbook import demo  # noqa: E402
from workbook.documents.output import write_file  # noqa: E402
from workbook.documents.portfolio import write_portfolio  # noqa: E402
from workbook.documents.summary import render_summary  # noqa: E402
from workbook.documents.summary_data import load_summary  # noqa: E402
from workbook.settings import PAGE_SIZES, update_settings  # noqa: E402

OUT = ROOT / "docs" / "samples"
SUMMARY_FOR = ("Zoë Kowalczyk", "王小明", "ليلى حداد", "Nguyễn Thị Hoa")
RESOLUTION = 60
_OURS = re.compile(r"^(summary|portfolio)-.*\.(pdf|png)$")
# Latin letters that do not decompose into an ASCII letter and a mark.
_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                          "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th"})


def slug(text: str) -> str:
    """An ASCII file-name part: "Zoë Kowalczyk" → "zoe-kowalczyk"; "" if nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode(
        "ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _name_part(name: str, preferred: str) -> str:
    return slug(name) or slug(preferred) or "coachee"


def summary_sessions(db) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(session id, file stem) of the sessions to print."""
    chosen: dict[int, str] = {}
    for name in SUMMARY_FOR:
        row = db.execute(
            "SELECT s.id, c.name, c.preferred_name FROM sessions s JOIN coachees c "
            "ON c.id = s.coachee_id WHERE c.name = ? AND s.status = 'held' "
            "AND s.deleted_at IS NULL ORDER BY s.scheduled_at DESC LIMIT 1", [name]).fetchone()
        if row:
            chosen[row[0]] = _name_part(row[1], row[2])
    longest = db.execute(
        "SELECT s.id, c.name, c.preferred_name FROM sessions s JOIN coachees c "
        "ON c.id = s.coachee_id JOIN session_sections x ON x.session_id = s.id "
        "WHERE x.shared = 1 AND s.status = 'held' AND s.deleted_at IS NULL "
        "AND c.deleted_at IS NULL GROUP BY s.id ORDER BY sum(length(x.body)) DESC LIMIT 1"
    ).fetchone()
    if longest:
        chosen.setdefault(longest[0], _name_part(longest[1], longest[2]))
    return [(sid, f"summary-{sid:03d}-{stem}") for sid, stem in chosen.items()]


def all_sessions(db) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(session id, file stem) of every session of a coachee not in the trash."""
    return [(sid, f"summary-{sid:03d}-{_name_part(name, preferred)}")
            for sid, name, preferred in db.execute(
                "SELECT s.id, c.name, c.preferred_name FROM sessions s JOIN coachees c "
                "ON c.id = s.coachee_id WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL "
                "ORDER BY s.id").fetchall()]


def write_samples(folder: Path, today: date, *, every_session: bool = False,
                  page_size: str = "") -> list[Path]:
    """Write the PDFs into `folder` (replacing earlier samples); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if _OURS.match(old.name):
            old.unlink()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="coach-samples-") as tmp:
        vault = demo.create_demo_workbook(Path(tmp) / "demo.cwb", today=today)
        try:
            db = vault.db
            if page_size:
                update_settings(db, page_size=page_size)
            chosen = all_sessions(db) if every_session else summary_sessions(db)
            for session_id, stem in chosen:
                data = render_summary(load_summary(db, session_id), printed=today)
                written.append(write_file(folder / f"{stem}.pdf", data))
            for cid, name, preferred in db.execute(
                    "SELECT id, name, preferred_name FROM coachees WHERE deleted_at IS NULL "
                    "ORDER BY id").fetchall():
                target = folder / f"portfolio-{cid:02d}-{_name_part(name, preferred)}.pdf"
                written.append(write_portfolio(db, cid, target, today=today))
        finally:
            vault.close()
    return written


def render_pages(pdfs: list[Path], resolution: int = RESOLUTION) -> list[Path]:
    """PNG files of every page (pdftoppm names them STEM-1.png, STEM-2.png …)."""
    pngs: list[Path] = []
    for pdf in pdfs:
        stem = pdf.with_suffix("")
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(stem)],
                       check=True)
        pngs += sorted(pdf.parent.glob(f"{stem.name}-*.png"))
    return pngs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sample_pdfs.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=OUT,
                        help=f"where to write (default {OUT.relative_to(ROOT)})")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today(),
                        help="the day the demo is built for and the documents printed")
    parser.add_argument("--all", action="store_true", dest="every_session",
                        help="write the summary of every demo session")
    parser.add_argument("--page-size", choices=PAGE_SIZES, default="",
                        help="the paper (default: the system's, as an unset setting)")
    args = parser.parse_args(argv)
    pdfs = write_samples(args.folder, args.today, every_session=args.every_session,
                         page_size=args.page_size)
    for pdf in pdfs:
        print(pdf)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm was not found, so no page images were made: install poppler-utils "
              "(scripts/system-deps docs) and run this again.", file=sys.stderr)
        return 1
    pngs = render_pages(pdfs)
    print(f"{len(pdfs)} PDFs and {len(pngs)} page images in {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
