"""Time the PDF documents, each against a bare reportlab document with the same text.

    python -m bench.documents [--scale 1.0] [--repeat 5] [--seed 1] [--keep DIR]

On a copy of the cached big workbook (bench.common.cached_workbook): the session summary of a
coachee's latest held session and that coachee's portfolio summary, for the coachee with the
most sessions (at least 40: when no coachee has that many, sessions are added to the busiest
one first, their notes copied from other held sessions). `python -m bench.run` runs this
after its storage table. See bench/README.md.

The floor is the least reportlab must do to print the same words: the text of our PDF
(extracted beforehand, not timed), one escaped Paragraph per line in a plain
SimpleDocTemplate of the same page size, in the same embedded font (Noto Sans). Ours
includes the workbook query, the layout, the per-script fonts, the page header and footer
and, in the portfolio, the chart.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pypdf
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from bench import generate as gen
from bench.common import OUT, Row, abab, cached_workbook, machine_info
from workbook import sessions as sessions_mod
from workbook import vault as vault_mod
from workbook.documents import fonts, layout
from workbook.documents.portfolio import portfolio_pdf
from workbook.documents.summary import session_summary_pdf
from workbook.notes import save_note
from workbook.settings import get_settings

MIN_SESSIONS = 40
TARGETS_MS = {"session summary": 300.0, "portfolio summary": 1000.0}


@dataclass
class DocResults:
    rows: list[Row]
    subject: dict[str, Any] = field(default_factory=dict)  # the coachee and session timed
    printing: list[Row] = field(default_factory=list)


# -- choosing (or making) a busy coachee ---------------------------------------------------

def busiest_coachee(db: Any) -> tuple[int, int]:
    """(coachee id, live sessions) of the coachee with the most sessions."""
    row = db.execute(
        "SELECT s.coachee_id, count(*) AS n FROM sessions s JOIN coachees c "
        "ON c.id = s.coachee_id WHERE s.deleted_at IS NULL AND c.deleted_at IS NULL "
        "GROUP BY s.coachee_id ORDER BY n DESC, s.coachee_id LIMIT 1").fetchone()
    if row is None:
        raise RuntimeError("the bench workbook has no sessions")
    return int(row[0]), int(row[1])


def add_sessions(db: Any, coachee_id: int, count: int, seed: int = 1) -> None:
    """Held sessions for `coachee_id`, a week apart before the earliest one, each with the
    shared and private notes of a random held session of the workbook."""
    rng = random.Random(seed)
    donors = [r[0] for r in db.execute(
        "SELECT id FROM sessions WHERE status = 'held' AND deleted_at IS NULL AND "
        "template_id IS NOT NULL ORDER BY id")]
    first = db.execute("SELECT min(scheduled_at) FROM sessions WHERE coachee_id = ?",
                       [coachee_id]).fetchone()[0]
    when = datetime.fromisoformat(first) if first else datetime(2025, 1, 6, 16, 0)
    for _ in range(count):
        donor = rng.choice(donors)
        template = db.execute("SELECT template_id FROM sessions WHERE id = ?",
                              [donor]).fetchone()[0]
        when -= timedelta(days=7)
        new = sessions_mod.start(db, coachee_id, template,
                                 scheduled_at=when.strftime("%Y-%m-%dT%H:%M"),
                                 status="held").created
        bodies = dict(db.execute("SELECT key, body FROM session_sections WHERE session_id = ?",
                                 [donor]).fetchall())
        for section_id, key in db.execute(
                "SELECT id, key FROM session_sections WHERE session_id = ?", [new]).fetchall():
            if bodies.get(key):
                save_note(db, section_id, bodies[key])


def latest_held_session(db: Any, coachee_id: int) -> int:
    row = db.execute(
        "SELECT id FROM sessions WHERE coachee_id = ? AND status = 'held' "
        "AND deleted_at IS NULL ORDER BY scheduled_at DESC, id DESC LIMIT 1",
        [coachee_id]).fetchone()
    return int(row[0])


# -- the floor -----------------------------------------------------------------------------

def pdf_lines(data: bytes) -> list[str]:
    """Every non-empty line of text in a PDF, page after page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()
            if line.strip()]


def floor_pdf(lines: list[str], pagesize: tuple[float, float]) -> bytes:
    """A bare reportlab document: one escaped Paragraph per line, Noto Sans 10/14."""
    fonts.register_fonts()
    style = ParagraphStyle("floor", fontName=fonts.SANS, fontSize=10, leading=14)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=pagesize).build(
        [Paragraph(escape(line), style) for line in lines])
    return out.getvalue()


# -- measuring -----------------------------------------------------------------------------

def measure(pristine: Path, passphrase: str, workdir: Path, *, repeat: int = 5,
            min_sessions: int = MIN_SESSIONS, seed: int = 1) -> DocResults:
    """Time both documents on a copy of `pristine` (the cached file is never touched)."""
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / "documents.cwb"
    shutil.copyfile(pristine, copy)
    copy.chmod(0o600)
    vault = vault_mod.open_vault(copy, passphrase)
    try:
        db = vault.db
        coachee_id, count = busiest_coachee(db)
        added = max(0, min_sessions - count)
        if added:
            add_sessions(db, coachee_id, added, seed)
        session_id = latest_held_session(db, coachee_id)
        pagesize = layout.page_size(get_settings(db))
        rows, details, made = [], {}, {}
        for name, make in (("session summary", lambda: session_summary_pdf(db, session_id)),
                           ("portfolio summary", lambda: portfolio_pdf(db, coachee_id))):
            row, details[name], made[name] = _document_row(name, make, pagesize, repeat)
            rows.append(row)
        subject = {"coachee_id": coachee_id, "sessions": count + added,
                   "sessions_added": added, "session_id": session_id, "documents": details}
    finally:
        vault.close()
    from bench import printing

    return DocResults(rows, subject, printing.measure(made, workdir, repeat))


def _document_row(name: str, make: Callable[[], bytes], pagesize: tuple[float, float],
                  repeat: int) -> tuple[Row, dict[str, Any], bytes]:
    """The timings, the facts of the document and the document itself (to print next)."""
    ours_pdf = make()
    lines = pdf_lines(ours_pdf)
    floor = floor_pdf(lines, pagesize)
    row = Row(name)
    abab(row, [(make, lambda: floor_pdf(lines, pagesize))] * repeat)
    detail = {"pages": len(pypdf.PdfReader(io.BytesIO(ours_pdf)).pages),
              "floor_pages": len(pypdf.PdfReader(io.BytesIO(floor)).pages),
              "lines": len(lines), "chars": sum(len(line) for line in lines),
              "bytes": len(ours_pdf), "floor_bytes": len(floor)}
    return row, detail, ours_pdf


# -- the report ----------------------------------------------------------------------------

def markdown(results: DocResults, info: dict[str, Any]) -> str:
    subject = results.subject
    made = (f" ({subject['sessions_added']} of them added by the bench)"
            if subject["sessions_added"] else "")
    lines = [
        f"# Coach Workbook documents benchmark — {info['when']}",
        "",
        f"Python {info['python']} · {info['reportlab']} · {info['cores']} cores "
        f"({info['cpu']}) · {info['platform']}",
        "",
        f"Workbook: scale {info['scale']:g}, {info['workbook_mb']} MB. Coachee "
        f"{subject['coachee_id']} with {subject['sessions']} sessions{made}; the summary is "
        f"of their latest held session ({subject['session_id']}). Floor: the same text, one "
        "Paragraph per line, plain SimpleDocTemplate, same embedded font. Median of n.",
        "",
        "| document | n | ours (ms) | floor (ms) | ratio (ours/floor, p50) | target | pages |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for row in results.rows:
        ours = row.p(row.ours_ms, 0.5)
        target = TARGETS_MS[row.operation]
        verdict = "met" if ours < target else "MISSED"
        detail = subject["documents"][row.operation]
        lines.append(f"| {row.operation} | {len(row.ours_ms)} | {ours:.1f} | "
                     f"{row.p(row.floor_ms, 0.5):.1f} | {row.ratio:.2f}× | "
                     f"< {target / 1000:g} s ({verdict}) | {detail['pages']} |")
    if results.printing:
        from bench import printing

        lines += printing.markdown(results.printing, {
            name: subject["documents"][name]["pages"] for name in subject["documents"]})
    return "\n".join(lines) + "\n"


def run_section(scale: float, seed: int = 1, *, repeat: int = 5,
                keep: Path | None = None) -> tuple[str, Path]:
    """Measure, print-ready Markdown and the files written; returns the Markdown and path."""
    pristine, generation_s = cached_workbook(scale, seed)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    workdir = keep or Path(tempfile.mkdtemp(prefix=f"docs-run-{stamp}-", dir=OUT))
    try:
        results = measure(pristine, gen.PASSPHRASE, workdir, repeat=repeat, seed=seed)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    from reportlab import Version

    info = machine_info(pristine, gen.PASSPHRASE) | {
        "when": datetime.now().strftime("%Y-%m-%d %H:%M"), "scale": scale,
        "generation_s": generation_s, "reportlab": f"reportlab {Version}"}
    text = markdown(results, info)
    md = OUT / f"documents-results-{stamp}.md"
    md.write_text(text, encoding="utf-8")
    every = results.rows + results.printing
    md.with_suffix(".json").write_text(json.dumps(
        {"machine": info, "subject": results.subject,
         "results": [r.summary() for r in every], "samples": [asdict(r) for r in every]},
        indent=2, ensure_ascii=False), encoding="utf-8")
    return text, md


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="workbook size; 1.0 = 300 coachees, 12,000 sessions (default)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed renders of each document (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the working copy in DIR (default: deleted)")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.repeat < 1:
        parser.error("--scale must be positive and --repeat at least 1")
    text, md = run_section(args.scale, args.seed, repeat=args.repeat, keep=args.keep)
    print(text)
    print(f"Written: {md} and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
