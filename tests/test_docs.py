"""The documents a coach and IT read point at things that exist: every picture the guides
show is in the repository, every in-page link has its heading, and the menu entries the
user guide names are the app's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDES = ["docs/user-guide.md", "docs/install.md", "packaging/README.md", "README.md"]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("guide", GUIDES)
def test_every_picture_and_in_page_link_exists(guide: str) -> None:
    text = (ROOT / guide).read_text("utf-8")
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
        assert (ROOT / guide).parent.joinpath(target).is_file(), f"{guide}: {target}"
    anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.MULTILINE)}
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert link in anchors, f"{guide}: #{link}"


def test_the_user_guide_has_the_chapters_a_coach_needs_and_current_pictures() -> None:
    text = (ROOT / "docs" / "user-guide.md").read_text("utf-8")
    chapters = re.findall(r"^## \d\. (.+)$", text, re.MULTILINE)
    for needed in ("Your first workbook", "Your passphrase and your backups",
                   "A meeting, from start to printed summary", "Walking away",
                   "Moving to a new computer"):
        assert needed in chapters
    pictures = set(re.findall(r"\(screenshots/([^)]+\.png)\)", text))
    # each is one the screenshot script takes (so `make screenshots` renews it)
    script = (ROOT / "scripts" / "screenshots.py").read_text("utf-8")
    taken = set(re.findall(r'"(\d\d-[a-z0-9-]+)"', script))
    assert {p.removesuffix(".png") for p in pictures} <= taken


def test_the_menu_entries_the_user_guide_names_are_the_app_s_own() -> None:
    text = (ROOT / "docs" / "user-guide.md").read_text("utf-8")
    sources = "".join(p.read_text("utf-8") for p in (ROOT / "ui").rglob("*.py"))
    def plain(label: str) -> str:
        return " ".join(label.replace("&", "").split()).rstrip(":…")

    labels = {plain(label) for label in re.findall(r'"(&?[A-Z][^"]{2,60})"', sources)}
    named = re.findall(r"\*\*(?:File|Edit|Coachee|Session|Help|Settings) → ([^*]+)\*\*", text)
    assert len(named) > 10
    for entry in named:
        for part in entry.split("→"):
            assert plain(part) in labels, entry
