"""The paper a coach's printer most likely holds, from the system's locale: Letter or A4.

Used while the workbook's page-size setting is unset. The territories that use Letter are
those whose locales glibc gives Letter paper (`LC_PAPER` height 279 mm); everyone else uses
A4. The environment is read the way the C library reads it (`LC_ALL`, then `LC_PAPER`, then
`LANG`); where none names a territory (Windows, an app started from a macOS Finder), the
process locale does. Without any territory — the "C" locale of a bare server — A4, as glibc.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Mapping

LETTER_TERRITORIES = frozenset({"BO", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH",
                                "PR", "SV", "US", "VE"})
# Windows spells locales "English_United States.1252" in older Pythons.
_LETTER_COUNTRY_NAMES = ("united states", "canada", "mexico", "philippines", "chile",
                         "colombia", "costa rica", "guatemala", "nicaragua", "panama",
                         "puerto rico", "el salvador", "venezuela", "bolivia")
_TERRITORY = re.compile(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})(?![A-Za-z])")


def territory(locale_name: str) -> str | None:
    """"en_US.UTF-8" → "US", "fr-CA" → "CA"; None for "C", "POSIX" or "" (no territory)."""
    match = _TERRITORY.match(locale_name.strip())
    return match.group(1).upper() if match else None


def _locale_names(environ: Mapping[str, str]) -> list[str]:
    for key in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(key, "").strip()
        if value:
            # The first variable that is set decides, even when it names no territory.
            return [value]
    try:
        current = locale.getlocale(locale.LC_CTYPE)[0] or ""
    except ValueError:
        current = ""
    return [current] if current else []


def system_page_size(environ: Mapping[str, str] | None = None) -> str:
    """"Letter" or "A4" for this machine's locale (`environ` defaults to `os.environ`)."""
    for name in _locale_names(os.environ if environ is None else environ):
        code = territory(name)
        if code is not None:
            return "Letter" if code in LETTER_TERRITORIES else "A4"
        if any(country in name.casefold() for country in _LETTER_COUNTRY_NAMES):
            return "Letter"
    return "A4"
