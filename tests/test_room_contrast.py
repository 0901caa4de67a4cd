"""The room's page meets WCAG 2.2 AA contrast: text 4.5:1 against what it sits on, the sector
marks of the dot plot 3:1 (non-text contrast), read from the stylesheet and the marks' colours
themselves, so a colour changed later is checked again."""

from __future__ import annotations

import re

import pytest

from assessor.web.room_server import SECTOR_MARKS as MARKS
from assessor.web.room_server import STATIC

STYLESHEET = (STATIC / "room.css").read_text(encoding="utf-8")
WHITE = "#ffffff"
# the light backgrounds text is shown on: the page, a chosen option, the median's row and the
# flags, a refusal
BACKGROUNDS = sorted(set(re.findall(r"background:\s*(#[0-9a-fA-F]{6})", STYLESHEET)))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rules() -> list[tuple[str, str]]:
    """(selector, declarations) for each rule of the stylesheet."""
    return re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S))


def test_the_colour_contrast_check_itself() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the AA threshold grey


def test_every_text_colour_reads_on_its_background() -> None:
    checked = 0
    for selector, declarations in _rules():
        text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", declarations)
        if text is None:
            continue
        own = re.search(r"background:\s*(#[0-9a-fA-F]{6})", declarations)
        # a rule with its own background is read on it; any other text may sit on each light
        # background of the page
        grounds = [own.group(1)] if own else [g for g in BACKGROUNDS if _luminance(g) > 0.5]
        for ground in grounds:
            ratio = contrast(text.group(1), ground)
            assert ratio >= 4.5, f"{selector.strip()}: {text.group(1)} on {ground} is {ratio:.2f}:1"
            checked += 1
    assert checked >= 10


def test_each_sectors_mark_stands_out_from_the_page() -> None:
    light = [g for g in BACKGROUNDS if _luminance(g) > 0.5]
    for sector, (_shape, colour) in MARKS.items():
        for ground in light:
            ratio = contrast(colour, ground)
            assert ratio >= 3.0, f"{sector}'s mark {colour} on {ground} is {ratio:.2f}:1"
    assert len({shape for shape, _ in MARKS.values()}) == len(MARKS)  # never colour alone
