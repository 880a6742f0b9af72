"""The passphrase policy: zxcvbn's score of at least 3 on top of the basic rules, with its
advice as the sentence; one rule for the vault, the command line and the meter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.records import run_cli
from workbook import errors, vault
from workbook.demo import DEMO_PASSPHRASE
from workbook.errors import WeakPassphrase
from workbook.vault import passphrase, policy_problem, strength

# Each passes the length, repetition and common-password rules; only the estimate refuses them.
GUESSABLE = ["abcabcabcabc", "123456789012", "qwertyuiopas"]
ADVICE = {
    "abcabcabcabc": ('Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
                     "Avoid repeated words and characters."),
    "123456789012": ("This is similar to a commonly used password.",
                     "Add another word or two."),
    "qwertyuiopas": ("This is similar to a commonly used password.",
                     "Add another word or two."),
}


@pytest.mark.parametrize("weak", GUESSABLE)
def test_guessable_passphrases_are_refused_with_zxcvbn_advice(weak: str) -> None:
    sentence = policy_problem(weak)
    assert sentence is not None and sentence.startswith("That passphrase would be easy to guess.")
    for advice in ADVICE[weak]:
        assert advice in sentence
    assert strength(weak).score < passphrase.MIN_SCORE


@pytest.mark.parametrize("good", [PASSPHRASE, DEMO_PASSPHRASE, "Zoë walks the lantern orchard",
                                  "王小明 walks the lantern orchard", "x7#Kq!m2@Vr9&Lp4"])
def test_hard_to_guess_passphrases_pass(good: str) -> None:
    assert policy_problem(good) is None
    assert strength(good).score >= passphrase.MIN_SCORE


def test_context_words_count_as_known() -> None:
    """A passphrase made of the words a guesser would try against a coach's file first."""
    assert policy_problem("coachingworkbook") is not None  # zxcvbn alone scores it 3


@pytest.mark.parametrize("candidate", [*GUESSABLE, PASSPHRASE, "short one", "Password1234!",
                                       "abababababababab", "coachingworkbook",
                                       "Nguyễn Thị Hoa " * 12])
def test_the_meter_and_the_rule_never_disagree(candidate: str) -> None:
    assert strength(candidate).problem == policy_problem(candidate)


def test_the_estimate_keeps_no_copy_of_the_passphrase() -> None:
    secret = "".join(["lantern ", "orbit ", "marmalade ", "84"])
    result = strength(secret)
    assert secret not in repr(result)


@pytest.mark.parametrize("weak", GUESSABLE)
def test_the_vault_refuses_them_on_create_and_on_change(weak: str, tmp_path: Path,
                                                        workbook_path: Path) -> None:
    with pytest.raises(WeakPassphrase) as refused:
        vault.create(tmp_path / "weak.cwb", weak)
    assert refused.value.sentence == policy_problem(weak)
    assert not (tmp_path / "weak.cwb").exists()
    before = workbook_path.read_bytes()
    with vault.open_vault(workbook_path, PASSPHRASE) as v, pytest.raises(WeakPassphrase):
        v.change_passphrase(PASSPHRASE, weak)
    assert workbook_path.read_bytes() == before


@pytest.mark.parametrize("weak", GUESSABLE)
def test_the_command_line_gives_the_same_sentence_and_exit_2(weak: str, tmp_path: Path,
                                                             workbook_path: Path) -> None:
    target = tmp_path / "weak.cwb"
    code, _, err = run_cli("new", str(target), stdin=f"{weak}\n{weak}\n")
    assert code == errors.EXIT_USAGE and err.strip() == policy_problem(weak)
    assert not target.exists()
    copy = tmp_path / "copy.cwb"
    shutil.copyfile(workbook_path, copy)
    code, _, err = run_cli("passwd", str(copy), stdin=f"{PASSPHRASE}\n{weak}\n{weak}\n")
    assert code == errors.EXIT_USAGE and err.strip() == policy_problem(weak)
    vault.open_vault(copy, PASSPHRASE).close()
