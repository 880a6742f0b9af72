"""Reading a workbook from the shell: lists of records and full-text search, as a table or
JSON."""

from __future__ import annotations

import json
from typing import Any

import click

from workbook.cli.core import handle_errors, opened, record

_LISTS = ("coachees", "goals", "sessions", "actions")


def _rows_for(db: Any, what: str, coachee: int | None) -> list[dict[str, Any]]:
    if what == "coachees":
        from workbook import coachees

        return [record(c) | {"name": c.name} for c in coachees.list_coachees(db)]
    if what == "goals":
        from workbook import goals

        return [record(g) for g in goals.list_goals(db, coachee)]
    if what == "sessions":
        from workbook import sessions

        return [record(s) for s in sessions.list_sessions(db, coachee)]
    from workbook import actions

    return [record(a) for a in actions.list_actions(db, coachee_id=coachee)]


_COLUMNS = {
    "coachees": ("id", "name", "level", "program", "status"),
    "goals": ("id", "coachee_id", "domain", "status", "progress", "title"),
    "sessions": ("id", "coachee_id", "scheduled_at", "status", "template_name"),
    "actions": ("id", "coachee_id", "due_date", "done_on", "owner", "text"),
}


def _print_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    if not rows:
        click.echo("(none)")
        return
    cells = [[("" if r.get(c) is None else str(r.get(c))).replace("\n", " ")[:60] for c in columns]
             for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@click.command(name="list")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("what", type=click.Choice(_LISTS))
@click.option("--coachee", type=int, help="Only this coachee's records (by id).")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of objects, each with its id.")
@handle_errors
def list_(workbook: str, what: str, coachee: int | None, as_json: bool) -> None:
    """List coachees, goals, sessions or action items."""
    with opened(workbook) as v:
        rows = _rows_for(v.db, what, coachee)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print_table(rows, _COLUMNS[what])


@click.command()
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.argument("query")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@click.option("--json", "as_json", is_flag=True, help="A JSON array of hits, each with its id.")
@handle_errors
def search(workbook: str, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over names, goals, reflections, notes and action items."""
    from workbook import search as searching

    with opened(workbook) as v:
        found = searching.find(v.db, query, limit=limit)
    hits = found.hits
    if found.recent_only:  # on stderr: --json output stays one array
        click.echo(f"Over {searching.RANK_ALL:,} matches: the best of the "
                   f"{searching.RANK_RECENT:,} most recent are shown; add a word or a letter "
                   "to narrow the search.", err=True)
    rows = [record(h) | {"id": h.ref_id} for h in hits]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No matches.")
    for h in hits:
        kind = f"private {h.kind}" if h.private else h.kind
        click.echo(f"[{kind} {h.ref_id}] {h.coachee_name} — {h.title}".rstrip(" —"))
        click.echo(f"    {h.snippet}")
