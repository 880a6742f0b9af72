"""Passphrase rules: Unicode normalisation, the policy, and a strength estimate.

One rule for the command line and the app: `policy_problem` (the vault checks it when a
workbook is created or re-keyed) and the meter's `strength(...).problem` are the same test.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from workbook import bundled
from workbook.errors import WeakPassphrase

MIN_LENGTH = 12


def normalise(passphrase: str) -> str:
    """NFC form, so the same passphrase typed on macOS (NFD) and Windows (NFC) opens the file."""
    return unicodedata.normalize("NFC", passphrase)


@cache
def common_passwords() -> frozenset[str]:
    text = bundled.read_text("common-passwords.txt")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


# Words a guesser would try first against a coach's workbook: zxcvbn counts them as known.
CONTEXT_WORDS = ("coach", "coaching", "workbook", "medical", "medicine", "student",
                 "resident", "learner")
# zxcvbn's scale: 3 is "safely unguessable" (about 10^10 guesses), enough against an offline
# attack on a stolen file with SQLCipher's key derivation in the way.
MIN_SCORE = 3
# zxcvbn refuses more than 72 characters; its verdict on the first 72 suffices.
ZXCVBN_MAX = 72


def basic_problem(passphrase: str) -> str | None:
    """The rules cheap enough to check on every keystroke; None when they pass."""
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


def _estimate(p: str) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # imported late: building its dictionaries takes ~0.3 s

    result: dict[str, Any] = zxcvbn(p[:ZXCVBN_MAX], user_inputs=list(CONTEXT_WORDS))
    # The estimate repeats the passphrase (and pieces of it) back: keep only what is used.
    for key in ("password", "sequence"):
        result.pop(key, None)
    return result


def _feedback(result: dict[str, Any]) -> str:
    fb = result.get("feedback") or {}
    parts = [fb.get("warning") or "", *(fb.get("suggestions") or [])]
    return " ".join(x.strip() for x in parts if x and x.strip())


def _guessable(result: dict[str, Any]) -> str | None:
    if int(result["score"]) >= MIN_SCORE:
        return None
    advice = _feedback(result) or "Add another word or two. Uncommon words are better."
    return f"That passphrase would be easy to guess. {advice}"


def policy_problem(passphrase: str) -> str | None:
    """The sentence saying why `passphrase` is not allowed, or None when it is: the basic
    rules, then zxcvbn's score of at least `MIN_SCORE` with its advice as the sentence."""
    p = normalise(passphrase)
    return basic_problem(p) or _guessable(_estimate(p))


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
    problem: str | None = None  # `policy_problem`'s sentence, from the same estimate


_LABELS = ("Very weak", "Weak", "Fair", "Strong", "Very strong")


def strength(passphrase: str) -> Strength:
    """zxcvbn's estimate for the live meter, with the policy's verdict: one estimate serves
    both, so the meter and the rule never disagree."""
    p = normalise(passphrase)
    if not p:
        return Strength(0, _LABELS[0], "instantly", "Type a passphrase.",
                        "Choose a passphrase.")
    result = _estimate(p)
    score = int(result["score"])
    problem = basic_problem(p)
    if problem:
        score = min(score, 1)
    else:
        problem = _guessable(result)
    crack = str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"])
    return Strength(score, _LABELS[score], crack, _feedback(result), problem)
