"""Which characters a roster file holds: UTF-8 or UTF-16 as Excel's "CSV UTF-8" and "Unicode
Text" write them, else Windows-1252 (Excel's plain "CSV") only when the text reads as Western
names. Anything else is refused: a name imported garbled is worse than no import."""

from __future__ import annotations

import re

from charset_normalizer.md import mess_ratio

from workbook.errors import InvalidInput

_MAGIC = {
    b"PK\x03\x04": "is an Excel workbook (or another ZIP file), not a CSV file; open it in "
                   "Excel and save it as CSV first",
    b"\xd0\xcf\x11\xe0": "is an Excel workbook, not a CSV file; open it in Excel and save it "
                         "as CSV first",
    b"%PDF": "is a PDF document, not a CSV file",
    b"SQLite format 3": "is a database, not a CSV file",
}
_BINARY = "is not a text file (it looks like binary data); save the roster as CSV and try again"
_UNSURE = ("is not saved as UTF-8, and its characters cannot be told apart for sure (names "
           'could come out garbled); save it as "CSV UTF-8" (in Excel: File → Save As) and '
           "import that file")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# charset-normalizer's measure of how garbled a decoding reads: Western text decoded right
# stays near 0, Chinese GBK read as Windows-1252 scores above 1.
_MESS_MAX = 0.1
_SAMPLE = 1_000_000
# What Mac Roman or Central European text looks like once read as Windows-1252: three
# non-ASCII characters in a row ("ÍõÐ", from GBK), an accented capital inside a word ("JosŽ",
# "MŸller": Mac Roman é and ü), an opening quote after a letter ("Zo‘": Mac Roman ë), a
# symbol touching a letter ("Mu–oz", "Ma³gorzata", "S¿ren").
_HIGH_RUN = re.compile(r"[\x80-\xff]{3}")
_CASE_SWITCH = re.compile(
    r"[a-zß-öø-ÿšœž][À-ÖØ-ÞŠŒŽŸ]|[A-Za-zÀ-ÖØ-öø-ÿ][À-ÖØ-ÞŠŒŽŸ][a-zß-öø-ÿ]|[^\W\d_][‘“]")
_SYMBOLS = "¡¢£¤¥¦§¨©¬®¯±²³´µ¶¸¹¼½¾¿×÷ƒ†‡ˆ‰˜™–—"
_SYMBOL_AT_LETTER = re.compile(rf"[^\W\d_][{_SYMBOLS}]|[{_SYMBOLS}][^\W\d_]")


def _western(raw: bytes, text: str) -> bool:
    """True when `text` (read as Windows-1252) shows none of the marks of another encoding."""
    if _HIGH_RUN.search(raw[:_SAMPLE].decode("latin-1")):
        return False
    sample = text[:_SAMPLE]
    if _CASE_SWITCH.search(sample) or _SYMBOL_AT_LETTER.search(sample):
        return False
    return mess_ratio(sample, 1.0) < _MESS_MAX


def decode(raw: bytes, name: str) -> str:
    """The file's text; one sentence when it is not text, or not text we can read for sure."""
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise InvalidInput(f"{name} {what}.")
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = raw.decode("utf-16")
        elif raw.startswith(b"\xef\xbb\xbf"):
            text = raw[3:].decode("utf-8")
        else:
            text = _legacy(raw, name)
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} {_BINARY}.") from None
    text = text.lstrip("\ufeff").rstrip("\x1a")  # a doubled BOM; a DOS end-of-file mark
    if not text.strip():
        raise InvalidInput(f"{name} is empty.")
    head = text[:100_000]
    # Text holds almost no control characters and never NUL; binary data is full of both. A
    # stray one in a cell is reported on its line instead.
    if "\x00" in text or len(_CONTROL.findall(head)) > max(10, len(head) // 20):
        raise InvalidInput(f"{name} {_BINARY}.")
    return text


def _legacy(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = raw[:100_000]
    if len(_CONTROL_BYTES.findall(head)) > max(10, len(head) // 20):  # as in decode()
        raise InvalidInput(f"{name} {_BINARY}.")
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined: another encoding
        raise InvalidInput(f"{name} {_UNSURE}.") from None
    if not _western(raw, text):
        raise InvalidInput(f"{name} {_UNSURE}.")
    return text
