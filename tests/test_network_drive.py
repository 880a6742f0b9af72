"""A workbook on a network share is opened, with one sentence that a local copy is safer:
UNC paths, Windows' mapped drives (injected here) and Linux's network file systems."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import network_drive

MOUNTS = [("/", "ext4"), ("/home", "ext4"), ("/mnt/Program share", "cifs"),
          ("/mnt/Program share/local cache", "tmpfs"), ("/srv/nfs", "nfs4"),
          ("/home/coach/remote", "fuse.sshfs")]


@pytest.mark.parametrize("path", [r"\\fileserver\coaching\Mes élèves.cwb",
                                  "//fileserver/coaching/coach.cwb",
                                  r"\\?\UNC\fileserver\coaching\coach.cwb"])
def test_a_unc_path_is_a_network_drive_whatever_the_system_says(path: str) -> None:
    assert network_drive.is_unc(path)
    assert network_drive.drive_kind(path, lookup=lambda _p: "local") == "network"


@pytest.mark.parametrize("path", [r"C:\Users\coach\coach.cwb", r"\\?\C:\long\path\coach.cwb",
                                  "/home/coach/coach.cwb", "relative/coach.cwb"])
def test_local_looking_paths_are_not_unc(path: str) -> None:
    assert not network_drive.is_unc(path)


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/coach/Documents/coach.cwb", "local"),
    ("/mnt/Program share/2026/coach.cwb", "network"),  # a share with a space in its name
    ("/mnt/Program share/local cache/coach.cwb", "local"),  # the longest mount decides
    ("/srv/nfs/coach.cwb", "network"),
    ("/home/coach/remote/coach.cwb", "network"),
    ("/mnt/Program sharex/coach.cwb", "local"),  # a prefix of the name is not the folder
])
def test_linux_names_the_file_system_under_the_path(path: str, kind: str) -> None:
    assert network_drive.linux_kind(Path(path), MOUNTS) == kind


def test_an_unanswered_question_is_no_warning() -> None:
    def broken(_path: Path) -> network_drive.Kind:
        raise OSError("the system would not say")

    assert network_drive.drive_kind("/x/coach.cwb", lookup=broken) == "unknown"
    assert network_drive.linux_kind(Path("/x"), []) == "unknown"
    assert network_drive.warning("/x/coach.cwb", lookup=broken) is None


def test_the_sentence_names_the_file_and_what_to_do() -> None:
    said = network_drive.warning("/mnt/share/Mes élèves.cwb", lookup=lambda _p: "network")
    assert said is not None and "«Mes élèves.cwb»" in said and "copy" in said
    assert network_drive.warning("/home/c.cwb", lookup=lambda _p: "local") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's mount table")
def test_this_machines_own_mount_table_is_read() -> None:
    # every path is under the root mount, so a table that was read answers for "/"
    assert network_drive.linux_kind(Path("/")) != "unknown"


def test_a_command_on_a_network_drive_works_and_says_so(
        workbook_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(network_drive, "system_kind", lambda _p: "network")
    code, _out, err = run_cli("verify", str(workbook_path), stdin=PASSPHRASE + "\n")
    assert code == 0
    assert f"«{workbook_path.name}» is on a network drive" in err
    monkeypatch.setattr(network_drive, "system_kind", lambda _p: "local")
    code, _out, err = run_cli("verify", str(workbook_path), stdin=PASSPHRASE + "\n")
    assert code == 0 and "network" not in err
