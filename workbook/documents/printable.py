"""How much of a long text a document prints, and the sentence that says where the rest is.

A session summary is a page or two a learner takes home; a shared section can hold a
million characters (text pasted from elsewhere). Measured on Letter paper in the body font
(9.5 pt Noto Sans), a page holds about 5,800 characters of running text, 3,800 in lines of
70 characters and 2,600 of Chinese. So the text is priced as it fills a page: a character
costs 1, a Chinese, Japanese or Korean character (twice as wide) 2, and a line break as
much as a whole line (`LINE_COST`). The notes of one summary print up to `NOTES_MAX`,
about twenty pages however the text is shaped (11 pages of 70-character lines, 17 of running
text, 19 of Chinese), laid out in about a second: more than a learner reads from a meeting,
but a real nine-page reflection still prints whole. A table cell's text (an action item, a
value's reflection) has a smaller budget, so that a row always fits on a page.

A text over its budget is cut at the end of a line (else of a word) and followed by
`notice`, which says how many characters stay in the workbook: nothing is ever left out
without a word on the page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from workbook.documents import fonts, layout, rtl

LINE_COST = 100  # a line break fills the rest of its line: about 100 characters' worth
NOTES_MAX = 100_000  # a summary's shared notes, all sections together: about twenty pages
# A table row cannot break across pages: a cell's text (an action item, a goal's title, a
# value's reflection) prints up to this, which fills at most about two thirds of a page even
# in the narrowest column and the widest letters.
CELL_MAX = 1_500
_BACK_OFF = 2_000  # how far back a cut looks for the end of a line or a word
# East Asian wide and full-width characters (Unicode East_Asian_Width W and F)
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")


def cost(text: str) -> int:
    """What `text` costs on paper, in characters of running text."""
    wide = len(text) - len(_WIDE.sub("", text))
    return len(text) + wide + (LINE_COST - 1) * text.count("\n")


def shares(texts: Sequence[str], total: int = NOTES_MAX) -> list[int]:
    """A budget for each of `texts`, together at most `total`: a text that fits its fair
    share prints whole, and what it leaves unused goes to the longer ones."""
    # every character costs at least 1, so the first total + 1 of them show if it is over
    costs = [cost(text[:total + 1]) for text in texts]
    budgets = [0] * len(texts)
    left = total
    for done, i in enumerate(sorted(range(len(texts)), key=costs.__getitem__)):
        budgets[i] = min(costs[i], left // (len(texts) - done))
        left -= budgets[i]
    return budgets


def cut(text: str, budget: int) -> tuple[str, int]:
    """The part of `text` to print within `budget`, and how many characters are left out
    (0 when it prints whole). The cut falls after a line break, else after a space, when
    one is near."""
    if cost(text[:budget + 1]) <= budget:
        return text, 0
    low, high = 0, min(len(text), budget)  # the longest prefix within budget, by halving
    while low < high:
        middle = (low + high + 1) // 2
        if cost(text[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    end = low
    for mark in ("\n", " "):
        found = text.rfind(mark, max(0, end - _BACK_OFF), end)
        if found > 0:
            end = found + 1
            break
    rest = text[end:].strip()
    if not rest:
        return text, 0
    return text[:end].rstrip(), len(rest)


def notice(left_out: int, *, what: str = "section", printed: bool = True) -> str:
    """The line printed where a text (`what`: "section", "reflection" …) was cut."""
    if printed:
        return (f"… the rest of this {what} ({left_out:,} more characters) is in the "
                "workbook; it is too long to print.")
    return (f"This {what} ({left_out:,} characters) is in the workbook; it is too long "
            "to print.")


def cell(text: str, style: ParagraphStyle, *, what: str, bold: bool = False,
         budget: int = CELL_MAX) -> list[Flowable]:
    """A table cell's user text (`rtl.text_flowable`), cut to `budget` with `notice`."""
    shown, left_out = cut(text, budget)
    flows: list[Flowable] = [rtl.text_flowable(shown, style, bold=bold)] if shown.strip() else []
    if left_out:
        sentence = notice(left_out, what=what, printed=bool(flows))
        flows.append(Paragraph(f"<i>{fonts.para(sentence, italic=True)}</i>",
                               ParagraphStyle("cw-cut-cell", parent=style, fontName=fonts.SANS,
                                              textColor=layout.MUTED)))
    return flows
