"""An executor for `WorkbookState` / `Runner` that holds each call until the test runs it:
a slow worker made explicit, so a test can look at the busy state or let replies arrive
late and out of turn."""

from __future__ import annotations

from collections.abc import Callable


class ManualExecutor:
    def __init__(self) -> None:
        self.jobs: list[Callable[[], None]] = []

    def start(self, job: Callable[[], None]) -> None:
        self.jobs.append(job)

    def run_next(self) -> None:
        self.jobs.pop(0)()

    def wait(self) -> None:
        while self.jobs:
            self.run_next()
