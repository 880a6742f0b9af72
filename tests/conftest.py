"""Shared fixtures: real encrypted workbooks, built once per run and copied per test."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbook import vault as vault_mod

PASSPHRASE = "Fictional coach passphrase 42"
DEMO_DAY = date(2026, 3, 15)


# No network, ever: any test whose code opens a connection, binds a port or resolves a name
# fails. An audit hook sees every such call from Python code, whatever the library; a socket
# of the local machine's own kind (AF_UNIX) is not the network and is let through.
_NETWORK = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo",
                      "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"})
_network_calls: list[str] = []


def _no_network(event: str, args: tuple[object, ...]) -> None:
    if event not in _NETWORK:
        return
    on_socket = event in ("socket.connect", "socket.bind", "socket.sendto")
    if on_socket and getattr(args[0], "family", None) == getattr(socket, "AF_UNIX", None):
        return
    _network_calls.append(f"{event} {args[1:] if on_socket else args!r}")
    raise PermissionError(f"A test tried to use the network: {_network_calls[-1]}")


sys.addaudithook(_no_network)


@pytest.fixture(autouse=True)
def no_network() -> Iterator[None]:
    """Fails the test that tried to reach the network, even if its code caught the error."""
    seen = len(_network_calls)
    yield
    assert _network_calls[seen:] == [], "this test tried to use the network"


@pytest.fixture(autouse=True)
def private_app_dirs(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real per-user settings or demo folders."""
    base = tmp_path_factory.mktemp("appdirs")
    monkeypatch.setenv("COACH_WORKBOOK_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("COACH_WORKBOOK_DATA_DIR", str(base / "data"))


@pytest.fixture(autouse=True)
def letter_paper_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents of a workbook without a page-size setting follow the locale's paper: pin it
    (to Letter) so page sizes and page counts are the same on every machine."""
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")


@pytest.fixture(scope="session")
def template_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly created, closed workbook; creating one costs a key derivation."""
    path = tmp_path_factory.mktemp("template") / "template.cwb"
    vault_mod.create(path, PASSPHRASE).close()
    return path


@pytest.fixture
def workbook_path(template_workbook: Path, tmp_path: Path) -> Path:
    """A private copy of the empty template workbook (closed)."""
    path = tmp_path / "coach.cwb"
    shutil.copyfile(template_workbook, path)
    os.chmod(path, 0o600)
    return path


@pytest.fixture
def vault(workbook_path: Path) -> Iterator[vault_mod.Vault]:
    """An open vault on an empty workbook; after the test no transaction may be left open."""
    v = vault_mod.open_vault(workbook_path, PASSPHRASE)
    try:
        yield v
        if v.is_open:
            assert not v.db.conn.in_transaction, "an operation left a transaction open"
    finally:
        v.close()


@pytest.fixture
def db(vault: vault_mod.Vault):  # type: ignore[no-untyped-def]
    """The sqlite-utils Database of an open, empty, real encrypted workbook."""
    return vault.db


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workbook as `coach-workbook demo` makes it, once per test module: tests
    damage or change copies of it, never the file itself."""
    from tests.records import run_cli  # it imports this module

    path = tmp_path_factory.mktemp("demo-file") / "demo.cwb"
    code, out, err = run_cli("demo", str(path))
    assert code == 0, err
    assert "demo" in out.lower()
    return path


@pytest.fixture(scope="module")
def demo_db(template_workbook: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo workbook (built for a fixed day, so every run sees the same dates), shared
    read-only by the tests of one module: building it costs about a second."""
    from workbook.demo import build_demo

    path = tmp_path_factory.mktemp("demo-module") / "demo.cwb"
    shutil.copyfile(template_workbook, path)
    v = vault_mod.open_vault(path, PASSPHRASE)
    try:
        build_demo(v.db, today=DEMO_DAY)
        yield v.db
        assert not v.db.conn.in_transaction
    finally:
        v.close()
