"""The characters of a roster: UTF-8 (with or without BOM), UTF-16 with BOM and Windows-1252
import right; Chinese GBK, Mac Roman and other encodings are refused in one sentence, never
imported as garbled names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbook.errors import InvalidInput
from workbook.exchange.roster import import_roster

WESTERN = ["José Muñoz", "Zoë Kowalczyk", "François Lefèvre", "Søren Ødegård",
           "Siobhán O’Neil", "Björn Größmann", "João Conceição", "Œdipe Çelik"]
CHINESE = ["王小明", "李华", "张伟", "陈静"]
UNSURE = ('roster.csv is not saved as UTF-8, and its characters cannot be told apart for sure '
          '(names could come out garbled); save it as "CSV UTF-8" (in Excel: File → Save As) '
          "and import that file.")


def names(db: Any) -> list[str]:
    return sorted(r["name"] for r in db.query("SELECT name FROM coachees"))


def roster(tmp_path: Path, people: list[str], encoding: str, delimiter: str = ",") -> Path:
    lines = [delimiter.join(["Name", "Email", "Level"])]
    lines += [delimiter.join([who, f"learner{i}@example.edu", "MS1"])
              for i, who in enumerate(people)]
    path = tmp_path / "roster.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom",
                                      "utf-16-be-bom"])
def test_unicode_files_import_every_script(db: Any, tmp_path: Path, encoding: str) -> None:
    people = [*WESTERN, *CHINESE, "Θεοδώρα Παπαδοπούλου", "Нина Орлова", "فاطمة الزهراء"]
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        path = roster(tmp_path, people, codec, "\t")
        path.write_bytes(("\ufeff").encode(codec) + path.read_bytes())
    else:
        path = roster(tmp_path, people, encoding, "\t")
    assert import_roster(db, path).added == len(people)
    assert names(db) == sorted(people)


def test_windows_1252_imports_western_names_right(db: Any, tmp_path: Path) -> None:
    assert import_roster(db, roster(tmp_path, WESTERN, "cp1252")).added == len(WESTERN)
    assert names(db) == sorted(WESTERN)


def test_a_one_name_windows_1252_file(db: Any, tmp_path: Path) -> None:
    import_roster(db, roster(tmp_path, ["Renée Côté"], "cp1252"))
    assert names(db) == ["Renée Côté"]


@pytest.mark.parametrize(("encoding", "people"), [
    ("gbk", CHINESE),
    ("gbk", CHINESE[:1]),
    ("gb18030", ["欧阳娜娜", "司马懿"]),
    ("big5", ["王小明", "陳靜"]),
    ("shift_jis", ["山田太郎", "佐藤花子"]),
    ("mac_roman", WESTERN),
    ("mac_roman", ["José Muñoz"]),
    ("mac_roman", ["Zoë Kowalczyk", "Müller Anne"]),
    ("cp1250", ["Małgorzata Wiśniewska", "Łukasz Żółć"]),
])
def test_other_encodings_are_refused_never_garbled(db: Any, tmp_path: Path, encoding: str,
                                                   people: list[str]) -> None:
    path = roster(tmp_path, people, encoding)
    assert path.read_bytes().decode("cp1252", errors="replace") != "\r\n".join(
        path.read_bytes().decode(encoding).splitlines())  # the bytes do differ
    with pytest.raises(InvalidInput) as info:
        import_roster(db, path)
    assert info.value.sentence == UNSURE
    assert names(db) == []


def test_utf16_without_its_mark_is_not_text_we_can_read(db: Any, tmp_path: Path) -> None:
    path = roster(tmp_path, ["Ana Lima"], "utf-16-le")
    with pytest.raises(InvalidInput) as info:
        import_roster(db, path)
    assert "binary" in info.value.sentence
    assert names(db) == []
