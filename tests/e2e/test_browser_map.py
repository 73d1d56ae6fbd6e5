"""Browser test: the map's deck.gl canvas draws the shipped country outlines and the event circles.

Offline the base-map tiles never load; the outlines and layers must still be drawn. The canvas is
read from an element screenshot (deck.gl's WebGL buffer is not preserved) decoded by png.py.
"""
from __future__ import annotations

import time
from collections import Counter

from tools.appserver import open_page
from dashboard.charts import EVENT_COLOR, FOCUS_FILL, OTHER_FILL, OUTLINE
from png import decode

WHITE = (255, 255, 255)


def over(rgba, background) -> tuple[int, int, int]:
    """`rgba` alpha-composited over an opaque background colour, as the browser draws it."""
    alpha = rgba[3] / 255
    return tuple(round(alpha * c + (1 - alpha) * b) for c, b in zip(rgba[:3], background))


def share(colours: Counter, targets, tolerance: int) -> float:
    """Fraction of pixels within `tolerance` (per channel) of any target colour."""
    hits = sum(n for c, n in colours.items()
               if any(max(abs(a - b) for a, b in zip(c, t)) <= tolerance for t in targets))
    return hits / sum(colours.values())


def canvas_stats(png: bytes) -> dict:
    width, height, pixels = decode(png)
    colours = Counter(pixels)
    focus, other = over(FOCUS_FILL, WHITE), over(OTHER_FILL, WHITE)
    return {
        "size": (width, height),
        "distinct colours": len(colours),
        # Central Asia and China: FOCUS_FILL (alpha 170) over the empty (white) base map.
        "focus fill": share(colours, [focus], 4),
        "outline": share(colours, [tuple(OUTLINE[:3])], 12),
        # EVENT_COLOR (alpha 150) over the focus fill, the other countries' fill or white.
        "event circles": share(colours, [over(EVENT_COLOR, bg) for bg in (focus, other, WHITE)], 12),
    }


def good(stats: dict) -> bool:
    return (stats["distinct colours"] >= 100 and stats["focus fill"] >= 0.20
            and stats["outline"] >= 0.002 and stats["event circles"] >= 0.001)


def test_map_draws_outlines_and_events(page, app_url):
    open_page(page, f"{app_url}/map", "Map")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas#deckgl-overlay')
    canvas.wait_for(state="visible", timeout=45_000)
    # deck.gl draws a few frames after the canvas appears: poll until the picture is complete.
    deadline, stats = time.monotonic() + 30, {}
    while time.monotonic() < deadline:
        stats = canvas_stats(canvas.screenshot())
        if good(stats):
            break
        time.sleep(0.5)
    assert stats["distinct colours"] >= 100, f"the map canvas looks blank: {stats}"
    assert stats["focus fill"] >= 0.20, f"the country fill (FOCUS_FILL) is missing: {stats}"
    assert stats["outline"] >= 0.002, f"the country outlines (OUTLINE) are missing: {stats}"
    assert stats["event circles"] >= 0.001, f"the red event circles (EVENT_COLOR) are missing: {stats}"
