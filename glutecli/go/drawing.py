"""The catalogue's stick figures drawn with characters: braille dots, or plain ASCII (no rich here).

The same `figure:` data the HTML export draws as SVG (glutecli/present/export/figures.py): named points in a
0-100 box, y down. Both poses are drawn in the same frame, cropped to what they use, so the
start and end panels line up; the cells of limbs that move are reported so the screen can
colour them (and the end panel reads as the movement, in colour or not).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..present.export.figures import HEAD_R, segments

if TYPE_CHECKING:
    from ..models import Figure

Point = tuple[float, float]
BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] of a 2x4 cell


@dataclass
class Drawing:
    """Rows of text, and the (row, column) cells drawn by a moving limb."""

    rows: list[str]
    moving: set[tuple[int, int]]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _box(figure: Figure) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for pose in (figure.start, figure.end):
        for x, y in pose.values():
            xs.append(float(x))
            ys.append(float(y))
    hx = [float(p["head"][0]) for p in (figure.start, figure.end)]
    hy = [float(p["head"][1]) for p in (figure.start, figure.end)]
    xs += [min(hx) - HEAD_R, max(hx) + HEAD_R]
    ys += [min(hy) - HEAD_R, max(hy) + HEAD_R]
    for prop in figure.props:
        xs += [float(prop.x), float(prop.x + prop.w)]
        ys += [float(prop.y), float(prop.y + prop.h)]
    if figure.floor is not None:
        ys.append(float(figure.floor))
    lo_x, hi_x = max(0.0, min(xs) - 2), min(100.0, max(xs) + 2)
    lo_y, hi_y = max(0.0, min(ys) - 2), min(100.0, max(ys) + 1)
    return lo_x, lo_y, max(hi_x - lo_x, 1.0), max(hi_y - lo_y, 1.0)


def _line(a: Point, b: Point, step: float = 0.4) -> Iterator[Point]:
    n = max(1, int(math.hypot(b[0] - a[0], b[1] - a[1]) / step))
    for i in range(n + 1):
        t = i / n
        yield a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t


def _moved(a: Sequence[float], b: Sequence[float]) -> bool:
    return abs(a[0] - b[0]) > 1.0 or abs(a[1] - b[1]) > 1.0


def _strokes(
    figure: Figure, pose: Mapping[str, Sequence[float]], other: Mapping[str, Sequence[float]] | None
) -> list[tuple[str, list[Point], bool]]:
    """(kind, points in figure units, moving) for everything drawn: props, floor, limbs, band, head."""
    out: list[tuple[str, list[Point], bool]] = []
    for prop in figure.props:
        x0, y0, x1, y1 = float(prop.x), float(prop.y), float(prop.x + prop.w), float(prop.y + prop.h)
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        out.append(("prop", [p for a, b in itertools.pairwise(corners) for p in _line(a, b)], False))
    if figure.floor is not None:
        f = float(figure.floor)
        out.append(("floor", list(_line((0.0, f), (100.0, f))), False))
    for a, b in segments({k: (float(v[0]), float(v[1])) for k, v in pose.items()}):
        pa, pb = (float(pose[a][0]), float(pose[a][1])), (float(pose[b][0]), float(pose[b][1]))
        moving = other is not None and (_moved(pose[a], other[a]) or _moved(pose[b], other[b]))
        out.append(("limb", list(_line(pa, pb)), moving))
    if figure.band is not None:
        u, v = (pose[p] for p in figure.band)
        pts = list(_line((float(u[0]), float(u[1])), (float(v[0]), float(v[1])), 1.5))
        out.append(("band", pts, False))
    hx, hy = float(pose["head"][0]), float(pose["head"][1])
    ring = [(hx + HEAD_R * math.cos(t / 24 * math.tau), hy + HEAD_R * math.sin(t / 24 * math.tau)) for t in range(25)]
    out.append(("head", ring, other is not None and _moved(pose["head"], other["head"])))
    return out


def braille(
    figure: Figure, pose: Mapping[str, Sequence[float]], other: Mapping[str, Sequence[float]] | None, cols: int, max_rows: int
) -> Drawing:
    """One pose in braille cells (2x4 dots each), at most `cols` wide and `max_rows` high."""
    x0, y0, w, h = _box(figure)
    scale = min(cols * 2 / w, max_rows * 4 / h)
    width, height = max(1, math.ceil(w * scale / 2)), max(1, math.ceil(h * scale / 4))
    bits = [[0] * width for _ in range(height)]
    moving: set[tuple[int, int]] = set()
    for kind, pts, mv in _strokes(figure, pose, other):
        for x, y in pts:
            dx, dy = int((x - x0) * scale), int((y - y0) * scale)
            if kind == "floor" and not 0 <= dx < width * 2:
                continue
            r, c = min(dy // 4, height - 1), min(dx // 2, width - 1)
            if r < 0 or c < 0:
                continue
            bits[r][c] |= BRAILLE_BITS[min(dy - r * 4, 3)][min(dx - c * 2, 1)]
            if mv:
                moving.add((r, c))
    return Drawing(["".join(chr(0x2800 + b) for b in row) for row in bits], moving)


def ascii_art(
    figure: Figure, pose: Mapping[str, Sequence[float]], other: Mapping[str, Sequence[float]] | None, cols: int, max_rows: int
) -> Drawing:
    """One pose in plain characters (- | / \\ o), a cell being twice as high as wide."""
    x0, y0, w, h = _box(figure)
    scale = min(cols / w, max_rows * 2 / h)  # columns per unit; a row is two units of the same scale
    width, height = max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale / 2))
    grid = [[" "] * width for _ in range(height)]
    moving: set[tuple[int, int]] = set()
    for kind, pts, mv in _strokes(figure, pose, other):
        if kind == "head":
            hx, hy = float(pose["head"][0]), float(pose["head"][1])
            pts, glyph = [(hx, hy)], "o"
        elif kind == "limb" and len(pts) > 1:
            ddx = (pts[-1][0] - pts[0][0]) * scale
            ddy = (pts[-1][1] - pts[0][1]) * scale / 2
            if abs(ddy) < 0.5 * abs(ddx):
                glyph = "-"
            elif abs(ddx) < 0.5 * abs(ddy):
                glyph = "|"
            else:
                glyph = "\\" if (ddx > 0) == (ddy > 0) else "/"
        else:
            glyph = {"floor": "_", "prop": ":", "band": "~"}.get(kind, "*")
        for x, y in pts:
            c, r = int((x - x0) * scale), int((y - y0) * scale / 2)
            if 0 <= r < height and 0 <= c < width:
                if glyph in ":_" and grid[r][c] != " ":
                    continue  # a limb stays in front of the floor and the props
                grid[r][c] = glyph
                if mv:
                    moving.add((r, c))
    return Drawing(["".join(row).rstrip().ljust(width) for row in grid], moving)
