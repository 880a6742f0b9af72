"""The scan behind "no copy of the passphrase is left behind" (tests/holders.py) finds a
copy: a passphrase deliberately kept in a long-lived object — in this process, or in a child
running the real command line with a cache added to it — is reported, and once it is let go
the same scan reports nothing. Without this, a scan that could see nothing would pass every
test that uses it.

Each secret is built at run time, so no code object holds it as a constant.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.holders import python_holders

ROOT = Path(__file__).resolve().parents[2]

_KEPT: dict[str, object] = {}  # long-lived: a module's global, as a cache would be


class _Session:
    """An object that outlives the command, as a settings or state object would."""

    def __init__(self, passphrase: str) -> None:
        self.passphrase = passphrase


def _closure(secret: str) -> Callable[[], str]:
    return lambda: secret


# How a secret may be kept, and the kind of object the scan must name for it.
KEEPERS: dict[str, tuple[Callable[[str], object], str]] = {
    "a list": (lambda s: [s], "list"),
    "a tuple of strings": (lambda s: ("coach", s), "tuple"),
    "a dict of strings": (lambda s: {"passphrase": s}, "dict"),
    "nested untracked containers": (lambda s: {"a": ("b", frozenset({s}))}, "frozenset"),
    "an attribute": (_Session, _Session.__name__),
    "a closure": (_closure, "cell"),
    "a longer string": (lambda s: f"PRAGMA key = '{s}';", "dict"),
    "its UTF-8 bytes": (lambda s: s.encode("utf-8"), "dict"),
    "a bytearray": (lambda s: bytearray(b"key=" + s.encode("utf-8")), "dict"),
}


def _secret() -> str:
    return " ".join(["Saffron", "ferry", "Ålesund", secrets.token_hex(6)])


@pytest.mark.parametrize("how", list(KEEPERS))
def test_the_scan_finds_a_passphrase_kept_in_this_process(how: str) -> None:
    keep, kind = KEEPERS[how]
    secret = _secret()
    assert python_holders(secret) == []  # only this frame holds it: frames do not count
    _KEPT["secret"] = keep(secret)
    try:
        held = python_holders(secret)
    finally:
        del _KEPT["secret"]
    assert kind in held, held
    assert python_holders(secret) == []


# The real command line in a child, its passphrase piped in; with `keep`, every passphrase
# it asks for is also kept in a module's global tuple (as a careless cache would), and the
# scan at the end must find it.
_CHILD = textwrap.dedent("""
    import json, sys

    from tests.holders import python_holders

    keep = sys.argv[2]
    if keep != "none":
        import workbook.cli.core as core
        asked = core.ask_passphrase

        def ask_and_keep(*args, **kwargs):
            value = asked(*args, **kwargs)
            core.KEPT = (value,) if keep == "str" else (value.encode("utf-8"),)
            return value

        core.ask_passphrase = ask_and_keep

    def run():
        from workbook.cli import main
        try:
            main(sys.argv[3:], standalone_mode=False)
        except SystemExit as stop:
            assert not stop.code, stop.code

    run()
    print(json.dumps(python_holders(bytes.fromhex(sys.argv[1]).decode())))
""")


@pytest.mark.parametrize("keep", ["none", "str", "bytes"])
def test_the_scan_finds_a_passphrase_the_command_line_kept(workbook_path: Path,
                                                           keep: str) -> None:
    secret = "".join(reversed(PASSPHRASE[::-1]))  # the workbook's, built at run time
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, secret.encode().hex(), keep, "list",
         str(workbook_path), "coachees"],
        input=(secret + "\n").encode(), capture_output=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr.decode()
    *_, last = proc.stdout.decode().splitlines()
    held = json.loads(last)
    if keep == "none":
        assert held == []  # as tests/test_cli_stdin.py requires of the command itself
    else:
        assert "tuple" in held, held
