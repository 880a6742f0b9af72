"""The restore drill: every automatic backup brings back exactly the workbook it copied.

A demo workbook is edited between backups (a new coachee and goal, notes rewritten, a
setting changed); the JSON export is taken each time a backup is made. Each backup is then
restored, in shuffled order, over one workbook, and the restored workbook's export must be
identical to the one taken with that backup. Full count: 50 backups (`make proof`); a tenth
but never fewer than five under `make test`.
"""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import DEMO_DAY, PASSPHRASE
from tests.proof import repeats
from tests.records import coachee, noted_session
from workbook import backups, goals, settings
from workbook import vault as vault_mod
from workbook.demo import build_demo
from workbook.exchange.json_export import export_json

ROUNDS = max(5, repeats(50))
START = datetime(2026, 3, 2, 8, 0, 0)


def _export(db: Any) -> dict[str, Any]:
    document = export_json(db)
    document.pop("exported_at", None)
    return document


def test_every_backup_restores_to_the_workbook_it_copied(template_workbook: Path,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "coach.cwb"
    shutil.copyfile(template_workbook, path)
    taken: list[tuple[Path, dict[str, Any]]] = []
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        build_demo(v.db, today=DEMO_DAY)
        settings.update_settings(v.db, backups_kept=ROUNDS + 1)
        for n in range(ROUNDS):
            cid = coachee(v.db, f"Drill Fictional {n:03d}", level="MS2")
            goals.add(v.db, cid, f"Drill goal {n}", domain="well-being")
            noted_session(v.db, f"Shared words of round {n}", f"Private words of round {n}")
            settings.update_settings(v.db, not_seen_weeks=1 + n % 20)
            made = backups.make_backup(v, now=START + timedelta(days=n))
            taken.append((made.path, _export(v.db)))
        final = _export(v.db)
    assert len({p for p, _ in taken}) == ROUNDS
    assert len(backups.list_backups(taken[0][0].parent, "coach")) == ROUNDS

    target = tmp_path / "restored.cwb"
    order = list(range(ROUNDS))
    random.Random(ROUNDS).shuffle(order)
    for i in order:
        backup, expected = taken[i]
        backups.restore(backup, target, PASSPHRASE)
        with vault_mod.open_vault(target, PASSPHRASE) as restored:
            assert _export(restored.db) == expected, f"backup {i} did not restore as taken"
    with vault_mod.open_vault(path, PASSPHRASE) as v:
        assert _export(v.db) == final  # the drill never touched the workbook itself
