"""The encrypted workbook file: create, unlock, rekey, backup, verify, lock.

This package is the only code that touches `sqlcipher3` or key material. Everything
else receives an open sqlite-utils `Database` from `Vault.db`.
"""

from workbook.vault.core import (
    APPLICATION_ID,
    DEFAULT_SUFFIX,
    PINNED_PRAGMAS,
    Vault,
    VerifyReport,
    create,
    open_vault,
    quote_key,
)
from workbook.vault.passphrase import (
    MIN_LENGTH,
    Strength,
    check_policy,
    normalise,
    policy_problem,
    strength,
)
from workbook.vault.sqlite_errors import known_error

__all__ = [
    "APPLICATION_ID",
    "DEFAULT_SUFFIX",
    "MIN_LENGTH",
    "PINNED_PRAGMAS",
    "Strength",
    "Vault",
    "VerifyReport",
    "check_policy",
    "create",
    "known_error",
    "normalise",
    "open_vault",
    "policy_problem",
    "quote_key",
    "strength",
]
