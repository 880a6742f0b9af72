"""The encrypted workbook file: create, unlock, rekey, backup, verify, lock.

This package is the only code that touches `sqlcipher3` or key material. Everything
else receives an open sqlite-utils `Database` from `Vault.db`.

The names below are loaded when first used (PEP 562): the start page needs a file suffix
and an error's sentence from here, and should not wait for SQLCipher to load before it
paints. Each name still has one import path, `workbook.vault`: outside this package a name
listed here is imported from `workbook.vault`, anything else through its module imported by
name (`from workbook.vault import files`, then `files.atomic_write`), never from deeper
(`tests/test_architecture.py` checks).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbook.vault.core import (
        PINNED_PRAGMAS,
        Vault,
        VerifyReport,
        create,
        key_connection,
        open_vault,
        pin_pragmas,
        quote_key,
    )
    from workbook.vault.passphrase import (
        MIN_LENGTH,
        Strength,
        basic_problem,
        check_policy,
        normalise,
        policy_problem,
        strength,
    )
    from workbook.vault.sniff import APPLICATION_ID, DEFAULT_SUFFIX
    from workbook.vault.sqlite_errors import known_error

_WHERE = {
    "APPLICATION_ID": "sniff",
    "DEFAULT_SUFFIX": "sniff",
    "MIN_LENGTH": "passphrase",
    "PINNED_PRAGMAS": "core",
    "Strength": "passphrase",
    "Vault": "core",
    "VerifyReport": "core",
    "basic_problem": "passphrase",
    "check_policy": "passphrase",
    "create": "core",
    "key_connection": "core",
    "known_error": "sqlite_errors",
    "normalise": "passphrase",
    "open_vault": "core",
    "pin_pragmas": "core",
    "policy_problem": "passphrase",
    "quote_key": "core",
    "strength": "passphrase",
}

__all__ = [  # the same names as _WHERE (a test compares them)
    "APPLICATION_ID",
    "DEFAULT_SUFFIX",
    "MIN_LENGTH",
    "PINNED_PRAGMAS",
    "Strength",
    "Vault",
    "VerifyReport",
    "basic_problem",
    "check_policy",
    "create",
    "key_connection",
    "known_error",
    "normalise",
    "open_vault",
    "pin_pragmas",
    "policy_problem",
    "quote_key",
    "strength",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next use is a plain lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
