"""Full-text search over everything a coach wrote, through the FTS5 table `search_index`.

Triggers in `migrations.py` keep the index in step with the tables. User text never reaches
MATCH raw: it is split into words here (Unicode letters, digits and marks; everything else
separates) and each word becomes a quoted FTS5 string, so `"`, `*`, `NEAR(`, `OR`, `-x` or
`col:x` are searched as plain words. The last word is a prefix ("hoa" finds "Hoang"), except
a single ASCII character, which would match most of the index and make a large workbook slow.

Accents are folded by the index (`remove_diacritics 2`): "Nguyen" finds "Nguyễn".
Limitation: the tokenizer keeps a run of CJK characters as one word, so "王小明" and the
prefix "王小" find "王小明", but "小明" (the middle or the end of the run) does not.

Snippets: about 12 words around the best match, matched words between « and », "…" where
text was cut. `rank` is FTS5's bm25 score with titles weighted 5× the body: lower is better.

Ranking costs about a microsecond a match, and a common word or a two-letter prefix matches
tens of thousands of records in a career-long workbook (70,000 for "an*" in the benchmark's:
70 ms a keystroke, and four times that in a workbook four times the size). A query with more
than `RANK_ALL` matches is therefore ranked among its `RANK_RECENT` most recent matches only,
and the results say so; a query that narrows to `RANK_ALL` or fewer (the next letter, another
word) is ranked over every match again.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, ClassVar

import sqlite_utils

from workbook import validate
from workbook.records import Converters, FromRow

MAX_QUERY_CHARS = 1_000
MAX_TOKENS = 16
TITLE_WEIGHT = 5.0
SNIPPET_TOKENS = 12
OPEN_MARK, CLOSE_MARK, ELLIPSIS = "«", "»", "…"
RANK_ALL = 10_000
RANK_RECENT = 5_000
# Private markers inside SQL, swapped for « » afterwards: they tell whether a column matched.
_OPEN, _CLOSE = "\x02", "\x03"


@dataclass(frozen=True)
class SearchHit(FromRow):
    kind: str  # coachee, value, goal, section, action, session
    ref_id: int
    coachee_id: int
    coachee_name: str
    session_id: int | None
    title: str
    snippet: str
    rank: float
    scheduled_at: str | None = None  # the session's time for section, action and session hits
    private: bool = False  # a note from a private section: never for the learner's eyes

    CONVERT: ClassVar[Converters] = {"private": bool}


@dataclass(frozen=True)
class Found:
    """A search's best hits, and whether they were chosen among the most recent matches."""

    hits: list[SearchHit]
    recent_only: bool = False  # more than RANK_ALL matches: RANK_RECENT of them were ranked


def _is_word_char(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LNM" or category == "Co"


def tokens(query: str) -> list[str]:
    """The words of a query as the index sees them (at most MAX_TOKENS)."""
    text = unicodedata.normalize("NFKC", query[:MAX_QUERY_CHARS])
    words: list[str] = []
    current: list[str] = []
    for ch in text + " ":
        if _is_word_char(ch):
            current.append(ch)
            continue
        word = "".join(current)
        current = []
        # a run of combining marks alone folds to nothing and would be an empty phrase
        if any(unicodedata.category(c)[0] != "M" for c in word):
            words.append(word)
    return words[:MAX_TOKENS]


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for `query`, or None when it holds no word at all."""
    words = tokens(query)
    if not words:
        return None
    phrases = [f'"{w}"' for w in words]
    last = words[-1]
    if len(last) > 1 or not last.isascii():
        phrases[-1] += "*"
    return " ".join(phrases)


_BM25 = f"bm25(0.0, 0.0, 0.0, {TITLE_WEIGHT}, 1.0)"

# Rank inside FTS5 first, then join only a window of the best candidates back to their tables
# to drop the trash: joining every match of a common word costs seconds on a big file.
# Snippets are made in the ranked query itself: a second MATCH (per row or `rowid IN`) redoes
# the whole prefix expansion, which is what costs time.
_HITS = f"""
WITH hits AS (
    SELECT rowid AS fts_rowid, kind, CAST(ref_id AS INTEGER) AS ref_id,
           CAST(coachee_id AS INTEGER) AS coachee_id, rank,
           snippet(search_index, 4, '{_OPEN}', '{_CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS})
               AS body_snippet,
           highlight(search_index, 3, '{_OPEN}', '{_CLOSE}') AS title_snippet
    FROM search_index WHERE search_index MATCH :match AND rank MATCH :bm25{{where}}
    ORDER BY rank LIMIT :window
)
SELECT h.fts_rowid, h.kind, h.ref_id, h.rank, h.body_snippet, h.title_snippet,
       c.id AS coachee_id, c.name AS coachee_name,
       s.id AS session_id, s.scheduled_at,
       h.kind = 'section' AND ss.shared = 0 AS private,
       CASE h.kind
           WHEN 'coachee' THEN c.name
           WHEN 'value' THEN v.name
           WHEN 'goal' THEN g.title
           WHEN 'section' THEN ss.heading
           WHEN 'action' THEN a.text
           WHEN 'session' THEN COALESCE(NULLIF(s.title, ''), NULLIF(s.template_name, ''),
                                        'Session')
       END AS title,
       c.deleted_at IS NULL AND CASE h.kind
           WHEN 'coachee' THEN 1
           WHEN 'value' THEN v.id IS NOT NULL AND v.deleted_at IS NULL
           WHEN 'goal' THEN g.id IS NOT NULL AND g.deleted_at IS NULL
           WHEN 'section' THEN ss.id IS NOT NULL AND s.deleted_at IS NULL
           WHEN 'action' THEN a.id IS NOT NULL AND a.deleted_at IS NULL
                              AND (s.id IS NULL OR s.deleted_at IS NULL)
           WHEN 'session' THEN s.id IS NOT NULL AND s.deleted_at IS NULL
           ELSE 0 END AS visible
FROM hits h
LEFT JOIN coachees c ON c.id = h.coachee_id
LEFT JOIN coachee_values v ON h.kind = 'value' AND v.id = h.ref_id
LEFT JOIN goals g ON h.kind = 'goal' AND g.id = h.ref_id
LEFT JOIN session_sections ss ON h.kind = 'section' AND ss.id = h.ref_id
LEFT JOIN action_items a ON h.kind = 'action' AND a.id = h.ref_id
LEFT JOIN sessions s ON s.id = CASE h.kind WHEN 'section' THEN ss.session_id
                                           WHEN 'session' THEN h.ref_id
                                           WHEN 'action' THEN a.session_id END
ORDER BY h.rank, h.fts_rowid
"""

def _snippet(body: str, title: str) -> str:
    # The body gives context; when only the title matched, show the highlighted title.
    chosen = body if _OPEN in body or _OPEN not in title else title
    # one line for a result list: the body joins empty fields with spaces and notes have breaks
    chosen = " ".join(chosen.split())
    return chosen.replace(_OPEN, OPEN_MARK).replace(_CLOSE, CLOSE_MARK)


def _visible_hits(db: sqlite_utils.Database, match: str, limit: int,
                  coachee_id: int | None, since_rowid: int | None) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"match": match, "bm25": _BM25, "coachee_id": coachee_id,
                              "since": since_rowid}
    sql = _HITS.format(where=_where(coachee_id, since_rowid))
    # the trash is small: a few spare candidates nearly always suffice, and every candidate
    # costs a snippet
    window = limit + limit // 5 + 5
    while True:
        rows = list(db.query(sql, {**params, "window": window}))
        visible = [r for r in rows if r["visible"] and r["coachee_id"] is not None]
        # Fewer candidates than the window means every match was seen.
        if len(visible) >= limit or len(rows) < window:
            return visible[:limit]
        window *= 4


def _where(coachee_id: int | None, since_rowid: int | None) -> str:
    """The constraints beside MATCH; FTS5 reads a rowid range from its index directly."""
    return ((" AND coachee_id = :coachee_id" if coachee_id is not None else "")
            + (" AND rowid >= :since" if since_rowid is not None else ""))


def _recent_cut(db: sqlite_utils.Database, match: str, coachee_id: int | None) -> int | None:
    """The lowest rowid to rank, or None to rank every match.

    A record's rowid grows with its id (see `migrations.SEARCH_KIND_SLOTS`), so the highest
    rowids are the most recently written records. Walking rowids reads the index alone, and
    walks at most RANK_ALL of them: this costs the same in a workbook of any size."""
    params = {"match": match, "coachee_id": coachee_id}
    nth = (f"SELECT rowid FROM search_index WHERE search_index MATCH :match"
           f"{_where(coachee_id, None)} ORDER BY rowid DESC LIMIT 1 OFFSET :skip")
    if db.execute(nth, {**params, "skip": RANK_ALL}).fetchone() is None:
        return None
    return db.execute(nth, {**params, "skip": RANK_RECENT - 1}).fetchone()[0]


def find(db: sqlite_utils.Database, query: str, *, limit: int = 50,
         coachee_id: int | None = None) -> Found:
    """The best matches for `query`, best first, outside the trash, and how many there were
    (see the module's docstring for a query that matches too many records to rank)."""
    limit = validate.integer(limit, "limit", minimum=1, maximum=1_000)
    if coachee_id is not None:
        coachee_id = validate.record_id(coachee_id, "coachee")
    if not isinstance(query, str):
        return Found([])
    match = match_expression(query)
    if match is None:
        return Found([])
    since = _recent_cut(db, match, coachee_id)
    rows = _visible_hits(db, match, limit, coachee_id, since)
    for r in rows:
        r["snippet"] = _snippet(r["body_snippet"] or "", r["title_snippet"] or "")
        r["title"] = r["title"] or ""
    return Found([SearchHit.from_row(r) for r in rows], recent_only=since is not None)


def search(db: sqlite_utils.Database, query: str, *, limit: int = 50,
           coachee_id: int | None = None) -> list[SearchHit]:
    """The best hits of `find`."""
    return find(db, query, limit=limit, coachee_id=coachee_id).hits
