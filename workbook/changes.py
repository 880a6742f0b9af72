"""What a mutation changed, so a screen refreshes only that (Anki's OpChanges, smaller)."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = frozenset({
    "coachee", "value", "goal", "milestone", "checkin", "session", "section", "note_version",
    "action", "template", "prompt", "settings", "catalog", "trash",
})


@dataclass(frozen=True)
class Changes:
    """`kind` of record touched, the ids touched, and the id created (if any).

    `also` names other kinds whose derived views may need refreshing (for example a check-in
    also changes its goal's progress).
    """

    kind: str
    ids: tuple[int, ...] = ()
    created: int | None = None
    also: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> int:
        """The one id touched (the created one when there is one)."""
        if self.created is not None:
            return self.created
        if len(self.ids) != 1:
            raise ValueError(f"{len(self.ids)} ids changed, not one")
        return self.ids[0]

    def touches(self, kind: str) -> bool:
        return kind == self.kind or kind in self.also

