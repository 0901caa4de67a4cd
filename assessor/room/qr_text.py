"""The room's join address as a QR code drawn in text, for a terminal or the app's panel.

Two rows of modules go in one line of half-block characters, so the code is about as tall as
it is wide on a terminal's cells. Light modules (and the quiet zone around the code) are the
filled ones: drawn in light on a dark background, as a terminal and the app's panel draw them,
a phone reads the code the right way round.
"""

from __future__ import annotations

import segno

QUIET_ZONE = 2  # modules of light around the code: enough for a phone's camera on a screen

_CELLS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_lines(address: str) -> list[str]:
    """The QR code of `address`, one string per terminal line, every line as wide."""
    code = segno.make(address, error="m", micro=False)
    rows = [
        [not dark for dark in row]  # True: a light module, drawn filled
        for row in code.matrix_iter(scale=1, border=QUIET_ZONE)
    ]
    if len(rows) % 2:
        rows.append([True] * len(rows[0]))  # one more row of the quiet zone
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]
