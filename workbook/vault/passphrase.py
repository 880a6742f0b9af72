"""Passphrase rules: Unicode normalisation, the policy, and a strength estimate."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from workbook.errors import WeakPassphrase

MIN_LENGTH = 12


def normalise(passphrase: str) -> str:
    """NFC form, so the same passphrase typed on macOS (NFD) and Windows (NFC) opens the file."""
    return unicodedata.normalize("NFC", passphrase)


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("resources").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def policy_problem(passphrase: str) -> str | None:
    """The sentence saying why `passphrase` is not allowed, or None when it is."""
    p = normalise(passphrase)
    if "\x00" in p:
        return "The passphrase cannot contain a NUL character."
    if len(p) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (this one has {len(p)})."
    if p.strip() != p and not p.strip():
        return "The passphrase cannot be only spaces."
    lowered = p.lower()
    # "Password1234!" is still "password": compare the core without decoration too.
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    candidates = {lowered, lowered.replace(" ", ""), core, core.replace(" ", "")}
    half = len(core) // 2
    if core[:half] == core[half:]:
        candidates.add(core[:half])
    if candidates & common_passwords():
        return "That passphrase is a commonly used password with small changes; choose another."
    if len(set(lowered)) <= 2:
        return "That passphrase repeats one or two characters; choose something less guessable."
    return None


def check_policy(passphrase: str) -> None:
    problem = policy_problem(passphrase)
    if problem:
        raise WeakPassphrase(problem)


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (very weak) … 4 (very strong), zxcvbn's scale
    label: str
    crack_time: str
    feedback: str


_LABELS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")


def strength(passphrase: str, user_inputs: tuple[str, ...] = ()) -> Strength:
    """zxcvbn's estimate, for the live meter in the passphrase dialog."""
    from zxcvbn import zxcvbn  # imported late: building its dictionaries takes ~0.3 s

    p = normalise(passphrase)
    if not p:
        return Strength(0, _LABELS[0], "instantly", "Type a passphrase.")
    # zxcvbn refuses more than 72 characters; its verdict on the first 72 suffices.
    result = zxcvbn(p[:72], user_inputs=list(user_inputs))
    score = int(result["score"])
    if policy_problem(p):
        score = min(score, 1)
    fb = result.get("feedback") or {}
    parts = [fb.get("warning") or "", *(fb.get("suggestions") or [])]
    crack = str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"])
    return Strength(score, _LABELS[score], crack, " ".join(x for x in parts if x))
