"""The password that protects an exported PDF, and the encryption itself: one rule for the
app and the command line.

AES-256 as PDF 2.0 defines it (standard security handler, revision 6). The reader turns
what the learner types into bytes with SASLprep (RFC 4013) and UTF-8 and uses up to 127 of
them, so a password in any script works and every character of it counts. The rule below
applies the same preparation first and refuses what a reader would refuse or cut short,
rather than writing a file that the typed password would not open.

The owner password (which lifts the restrictions) is random and kept nowhere: the
learner's password opens the file to read, print and copy, never to edit.
"""

from __future__ import annotations

import io
import secrets
import stringprep
import unicodedata
from typing import TYPE_CHECKING

from workbook.errors import InvalidInput

if TYPE_CHECKING:
    from pypdf.constants import UserAccessPermissions

MIN_LENGTH = 8
# PDF 2.0 §7.6.4.3.3: a reader uses the first 127 bytes of the prepared password.
MAX_BYTES = 127

_PROHIBITED = (stringprep.in_table_c12, stringprep.in_table_c21, stringprep.in_table_c22,
               stringprep.in_table_c3, stringprep.in_table_c4, stringprep.in_table_c5,
               stringprep.in_table_c6, stringprep.in_table_c7, stringprep.in_table_c8,
               stringprep.in_table_c9, stringprep.in_table_a1)
_RTL_RULE = ("A PDF password with right-to-left letters must begin and end with one and hold "
             "no left-to-right letters (the rule PDF readers apply); change it.")


def _shown(ch: str) -> str:
    return ch if ch.isprintable() else f"U+{ord(ch):04X}"


def _saslprep(password: str) -> tuple[str, str | None]:
    """RFC 4013 as a PDF reader applies it: (the prepared password, why it is refused)."""
    mapped = "".join(" " if stringprep.in_table_c12(ch) else ch
                     for ch in password if not stringprep.in_table_b1(ch))
    prepared = unicodedata.normalize("NFKC", mapped)
    for ch in prepared:
        if any(prohibited(ch) for prohibited in _PROHIBITED):
            odd = ch if ch in password else next(
                (c for c in password if unicodedata.normalize("NFKC", c) == ch), ch)
            return prepared, (f"A PDF password cannot contain «{odd}» ({_shown(odd)}): PDF "
                              "readers refuse it. Use letters of any script, digits, spaces "
                              "and punctuation.")
    if any(stringprep.in_table_d1(ch) for ch in prepared) and (
            any(stringprep.in_table_d2(ch) for ch in prepared)
            or not stringprep.in_table_d1(prepared[0])
            or not stringprep.in_table_d1(prepared[-1])):
        return prepared, _RTL_RULE
    return prepared, None


def password_problem(password: str) -> str | None:
    """Why `password` cannot protect a PDF, in one sentence; None when it can."""
    if not password:
        return "Type the password the learner will need to open the PDF."
    prepared, problem = _saslprep(password)
    if problem is not None:
        return problem
    if len(prepared) < MIN_LENGTH:
        return f"A PDF password needs at least {MIN_LENGTH} characters."
    size = len(prepared.encode("utf-8"))
    if size > MAX_BYTES:
        return (f"A PDF password can be at most {MAX_BYTES} bytes long, and this one has "
                f"{size} (a letter outside A–Z takes 2 to 4); PDF readers would ignore the "
                "rest. Make it shorter.")
    return None


def prepared_password(password: str) -> str:
    """The password as a PDF reader will prepare the typing (SASLprep); refused when the
    rule refuses it."""
    problem = password_problem(password)
    if problem is not None:
        raise InvalidInput(problem)
    return _saslprep(password)[0]


def _permissions() -> UserAccessPermissions:
    from pypdf.constants import UserAccessPermissions

    # It is the learner's own document: they may print it and copy from it, not change it.
    return UserAccessPermissions.from_dict({
        "print": True, "print_to_representation": True, "extract": True,
        "extract_text_and_graphics": True, "add_or_modify": True})


def encrypt(pdf: bytes, password: str) -> bytes:
    """`pdf` encrypted with AES-256 (PDF 2.0, revision 6): `password` opens it, a random,
    forgotten owner password guards the permissions. Nothing touches disk."""
    from pypdf import PdfReader, PdfWriter

    user = prepared_password(password)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user, secrets.token_urlsafe(32), permissions_flag=_permissions(),
                   algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
