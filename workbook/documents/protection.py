"""The password that protects an exported PDF: one rule for the app and the command line.

reportlab's 128-bit encryption hashes the password bytes it is given. The PDF standard for
that encryption (and so Acrobat, Firefox's viewer, pypdf) reads what the learner types as
Latin-1, so the password is encoded that way and anything outside Latin-1 is refused: an
«€» or «王» typed in a reader would never open the file.
"""

from __future__ import annotations

from workbook.errors import InvalidInput

MIN_LENGTH = 8


def _printable_latin1(ch: str) -> bool:
    return " " <= ch <= "~" or "\u00a0" <= ch <= "\u00ff"


def password_problem(password: str) -> str | None:
    """Why `password` cannot protect a PDF, in one sentence; None when it can."""
    if not password:
        return "Type the password the learner will need to open the PDF."
    if len(password) < MIN_LENGTH:
        return f"A PDF password needs at least {MIN_LENGTH} characters."
    odd = next((ch for ch in password if not _printable_latin1(ch)), None)
    if odd is not None:
        return (f"A PDF password can use Latin letters (accented too), digits, spaces and "
                f"punctuation, not «{odd}»: many PDF readers could not open the file.")
    return None


def password_bytes(password: str) -> bytes:
    """What reportlab hashes: the password as every PDF reader will encode the typing."""
    problem = password_problem(password)
    if problem is not None:
        raise InvalidInput(problem)
    return password.encode("latin-1")
