"""Tables that stay with their heading and never leave one row alone on a page.

A short table (a few action items) moves to the next page whole, with its heading, rather
than splitting: one ticked row alone on page 2 reads as a mistake. A long table starts
under its heading where it is, as long as its header and two rows fit there, and never
leaves a single row at the foot or the head of a page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.doctemplate import FrameBreak

MIN_ROWS = 2  # body rows a split table keeps on each side of a page break
WHOLE_BELOW = 0.4  # tables lower than this share of a page move whole instead of splitting
# Rows this high fit on any empty page; a taller first row splits wherever it must, as a
# Table would (refusing it could leave it no page at all).
_SURELY_FITS = 300.0


class Listing(Table):
    """A Table (header row first, `repeatRows=1`) that splits with at least `MIN_ROWS` body
    rows on each side, or not at all."""

    def _getFirstPossibleSplitRowPosition(self, availHeight: float,
                                          ignoreSpans: int = 0) -> int:
        split_at: int = super()._getFirstPossibleSplitRowPosition(availHeight, ignoreSpans)
        header = self.repeatRows if isinstance(self.repeatRows, int) else 1
        rows = len(self._rowHeights)
        if split_at >= rows:
            return split_at
        if rows - split_at < MIN_ROWS and rows - MIN_ROWS - header >= MIN_ROWS:
            split_at = rows - MIN_ROWS  # one more row goes over, to keep the last one company
        first_rows = sum(self._rowHeights[:header + MIN_ROWS])
        if split_at - header < MIN_ROWS and first_rows <= _SURELY_FITS:
            return 0  # not here: the table starts on the next page
        return split_at


class HeadedTable(KeepTogether):
    """A heading (one or more flowables) and the table it introduces, kept together as the
    module docstring describes. The heading must not itself keep with next."""

    def __init__(self, heading: list[Flowable], table: Table) -> None:
        super().__init__([*heading, table])
        self._heading, self._table = heading, table

    def _heading_height(self, width: float, height: float) -> float:
        return sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in self._heading)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content: list[Flowable] = list(self._content)
        frame = getattr(self, "_frame", None)
        height = self._H
        if height <= aH or frame is None or getattr(frame, "_atTop", False):
            return content
        if height <= frame._height * WHOLE_BELOW:
            return [FrameBreak(), *content]
        # Start here only if the table can split below the heading (header and two rows).
        if self._table.split(aW, aH - self._heading_height(aW, aH)):
            return content
        return [FrameBreak(), *content]
