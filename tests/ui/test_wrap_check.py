"""The check box whose label wraps: its height follows its text, font and width."""

from __future__ import annotations

from ui.kit.wrap_check import WrapCheckBox


def test_a_wrapping_box_is_as_tall_as_its_text_after_each_change(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = WrapCheckBox("Goal one")
    qtbot.addWidget(box)
    one_line = box.heightForWidth(200)
    assert box.heightForWidth(200) == one_line  # asked again (answered from what it kept)
    box.setText("Discussed the goal of presenting at the regional meeting " * 3)
    wrapped = box.heightForWidth(200)
    assert wrapped > 2 * box.fontMetrics().lineSpacing() > one_line
    assert box.heightForWidth(4000) < wrapped  # wider: fewer lines
    font = box.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    box.setFont(font)
    assert box.heightForWidth(200) > wrapped
