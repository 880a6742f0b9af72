"""A screen's load that runs only while the screen is on view.

The window's tabs all follow the coachee chosen, but only one of them is on view: a tab off
view that was asked to load (a coachee switch, a change that concerns it) remembers it is out
of date and loads once, when it is shown again. A screen used on its own is always on view.
"""

from __future__ import annotations

from collections.abc import Callable


class OnViewLoad:
    """Calls `load` at once while on view; asked while off view, when next put on view."""

    def __init__(self, load: Callable[[], None]) -> None:
        self._load = load
        self.on_view = True
        self.due = False  # asked while off view: what the screen shows is out of date

    def request(self) -> None:
        if self.on_view:
            self.due = False
            self._load()
        else:
            self.due = True

    def set_on_view(self, on_view: bool) -> None:
        self.on_view = on_view
        if on_view and self.due:
            self.request()

    def forget(self) -> None:
        """Nothing to load any more (the workbook closed, no coachee chosen)."""
        self.due = False


class LoadsOnView:
    """Mixed into a screen that keeps its `OnViewLoad` in `self._loader`."""

    _loader: OnViewLoad

    def set_on_view(self, on_view: bool) -> None:
        """Off view, a reload waits until the screen is shown again."""
        self._loader.set_on_view(on_view)

    def reload(self) -> None:
        self._loader.request()
