"""Each text of a figure is drawn as one path per glyph scale, with the same outlines."""

from __future__ import annotations

import gzip
import io
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg", force=True)
import matplotlib.pyplot as plt  # noqa: E402

from nnnotes.figures import Labels  # noqa: E402
from nnnotes.figures._svg import flatten_uses, parse_transform  # noqa: E402
from nnnotes.plotting.style import figure_style, new_figure  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _figure_text import text_sizes  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
TOKEN = re.compile(r"([MLQCZmlqcz])|([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")


def _raw_svg(lang: str) -> bytes:
    """matplotlib's own SVG of a figure with plain, rotated, Persian and mathtext text."""
    t = Labels(lang)
    with figure_style(lang):
        fig, (left, right) = new_figure(t, ncols=2)
        try:
            left.semilogy([1, 2, 3], [1e-5, 1e-3, 1e-1], label="loss")
            left.set_ylabel("gradient norm $\\|g_2\\|$")
            left.set_title("وزن‌ها و گرادیان" if lang == "fa" else "weights and gradients")
            right.plot([0, 1], [0, 1])
            right.set_xlabel("$\\frac{1}{n}\\sum_i x_i^2$")
            left.legend()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(m, n):
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def _points(d: str) -> list[tuple[float, float]]:
    """Every point of an outline in absolute coordinates (M absolute; m, l, q, c relative; z closes)."""
    points, command, numbers = [], None, []
    current = start = (0.0, 0.0)

    def flush():
        nonlocal current, start
        if command is None:
            return
        upper = command.upper()
        size = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}[upper]
        if upper == "Z":
            current = start
            return
        for i in range(0, len(numbers), size):
            group = numbers[i:i + size]
            base = (0.0, 0.0) if command.isupper() else current
            pairs = [(base[0] + group[j], base[1] + group[j + 1]) for j in range(0, size, 2)]
            points.extend(pairs)
            if upper == "M" and i == 0:
                start = pairs[0]
            current = pairs[-1]

    for letter, number in TOKEN.findall(d):
        if letter:
            flush()
            command, numbers = letter, []
        else:
            numbers.append(float(number))
    flush()
    return points


def _outlines_by_text(svg: bytes) -> dict[str, tuple[list[tuple[float, float]], float]]:
    """Each text group's outline points, in the SVG's points, whether drawn by <use> or <path>,
    and the size of the em's unit there (the scale of the element that holds the glyphs)."""
    root = ET.fromstring(svg)
    defs = {e.get("id"): e for e in root.iter(SVG + "path") if e.get("id")}
    result: dict[str, tuple[list[tuple[float, float]], float]] = {}

    def walk(element, m, into, units):
        if element.tag in (SVG + "use", SVG + "path"):
            units.append(abs(m[0] * m[3] - m[1] * m[2]) ** 0.5)
        m = _compose(m, parse_transform(element.get("transform")))
        if element.tag == SVG + "use" and (element.get(HREF) or "")[1:] in defs:
            outline = defs[element.get(HREF)[1:]]
            full = _compose(_compose(m, (1, 0, 0, 1, float(element.get("x", 0)), float(element.get("y", 0)))),
                            parse_transform(outline.get("transform")))
            into.extend(_apply(full, x, y) for x, y in _points(outline.get("d", "")))
        elif element.tag == SVG + "path" and element.get("id") is None:
            into.extend(_apply(m, x, y) for x, y in _points(element.get("d")))
        for child in element:
            if child.tag != SVG + "defs":
                walk(child, m, into, units)

    for group in root.iter(SVG + "g"):
        if (group.get("id") or "").startswith("text_"):
            points: list[tuple[float, float]] = []
            units: list[float] = []
            walk(group, (1, 0, 0, 1, 0, 0), points, units)
            result[group.get("id")] = points, min(units)
    return result


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_each_text_keeps_its_outlines_where_they_were(lang: str) -> None:
    raw = _raw_svg(lang)
    merged = flatten_uses(raw)
    before, after = _outlines_by_text(raw), _outlines_by_text(merged)
    assert before.keys() == after.keys() and len(before) > 10
    worst_of_all = 0.0
    for name in before:
        (old, unit), (new, _) = before[name], after[name]
        assert len(new) == len(old) > 0, name
        a, b = np.array(old), np.array(new)
        apart = np.hypot(*(a[:, None, :] - b[None, :, :]).transpose(2, 0, 1))
        # Hausdorff distance, in units of the em's 100: an outline and its place are each rounded
        # to 0.1 unit (1/1000 em) in x and y, so no point moves more than 0.1 * sqrt(2).
        worst = max(apart.min(axis=0).max(), apart.min(axis=1).max()) / unit
        assert worst <= 0.15, f"{name}: a point moved {worst:.3f} of the em's 100 units"
        worst_of_all = max(worst_of_all, worst)
    print(f"largest move {worst_of_all:.3f} units")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_each_text_is_one_path_per_glyph_scale_and_the_outlines_are_gone(lang: str) -> None:
    raw = _raw_svg(lang)
    merged = flatten_uses(raw)
    root = ET.fromstring(merged)
    texts = [g for g in root.iter(SVG + "g") if (g.get("id") or "").startswith("text_")]
    assert not [u for g in texts for u in g.iter(SVG + "use")], "a glyph is still a <use>"
    assert not [p for p in root.iter(SVG + "path") if (p.get("id") or "").startswith(("DejaVu", "Vazirmatn"))]
    assert raw.count(b"<use") > 3 * merged.count(b"<use")
    # The same sizes, read from the transforms: the scripts of 10^{-5} and x_i^2 are 0.7 of their text.
    width_before, sizes_before = text_sizes(raw)
    width_after, sizes_after = text_sizes(merged)
    assert width_after == width_before
    assert set(map(lambda s: round(s, 6), sizes_after)) == set(map(lambda s: round(s, 6), sizes_before))
    assert len(sizes_after) < len(sizes_before) / 3
    # One path per text element and glyph scale, beside the rules mathtext draws as paths (\\frac's bar).
    raw_root = ET.fromstring(raw)
    expected = 0
    for group in raw_root.iter(SVG + "g"):
        if (group.get("id") or "").startswith("text_"):
            for parent in group.iter():
                uses = [child for child in parent if child.tag == SVG + "use"]
                expected += len({tuple(round(v, 9) for v in parse_transform(u.get("transform"))[:4]) for u in uses})
                expected += len([child for child in parent if child.tag == SVG + "path" and child.get("id") is None])
    assert sum(len(list(group.iter(SVG + "path"))) for group in texts) == expected


def test_the_merged_figure_compresses_as_well_as_the_shared_outlines() -> None:
    raw = _raw_svg("en")
    merged = flatten_uses(raw)
    assert len(gzip.compress(merged, mtime=0)) <= 1.1 * len(gzip.compress(raw, mtime=0))


@pytest.mark.parametrize("text, expected", [
    ("translate(10 20) scale(0.1 -0.1)", (0.1, 0, 0, -0.1, 10, 20)),
    ("translate(5) rotate(90)", (0.0, 1.0, -1.0, 0.0, 5, 0)),
    ("matrix(1 2 3 4 5 6)", (1, 2, 3, 4, 5, 6)),
    ("", (1, 0, 0, 1, 0, 0)),
])
def test_parse_transform(text: str, expected) -> None:
    assert parse_transform(text) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("svg, message", [
    (b"<html/>", "not an SVG document"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="a" d="M 0 0 L 1 1 z"/></defs>'
     b'<g id="text_1"><use xlink:href="#a" style="fill: red"/></g></svg>', "style"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="a" d="M 0 0 l 1 1 z"/></defs>'
     b'<g id="text_1"><use xlink:href="#a"/></g></svg>', "relative command 'l'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="a" d="M 0 0 L 1 z"/></defs>'
     b'<g id="text_1"><use xlink:href="#a"/></g></svg>', "L with 1 numbers"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="a" d="M 0 0 L 1 1 z"/></defs>'
     b'<g id="text_1"><use xlink:href="#a" transform="skewX(10)"/></g></svg>', "cannot read the transform"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="a" d="M 0 0 L 1 1 z"/></defs>'
     b'<g id="text_1"><use xlink:href="#a"/></g><use xlink:href="#a" transform="scale(2)"/></svg>', "a marker <use> of #a has attributes ['transform']"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="a" d="M 0 0 L 1 1 z" transform="scale(2)"/></defs>'
     b'<g id="line2d_1"><use xlink:href="#a" x="1" y="2"/></g></svg>', "the marker outline #a has a transform of its own"),
])
def test_what_cannot_be_merged_is_refused_by_name(svg: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        flatten_uses(svg)


def _marker_svg() -> bytes:
    """matplotlib's SVG of opaque markers, see-through markers and tick marks."""
    with figure_style("en"):
        fig, ax = new_figure(Labels("en"))
        try:
            ax.plot([0, 1, 2, 3], [0, 1, 0, 1], "o-", label="opaque")
            ax.plot([0, 1, 2, 3], [1, 0.5, 0.4, 0], "s", alpha=0.5, label="see-through")
            ax.plot([0, 1, 2, 3], [0.2, 0.3, 0.2, 0.3], "D", markerfacecolor="white", label="hollow")
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return buffer.getvalue()


def _style(text: str | None) -> dict[str, str]:
    return dict(item.split(": ", 1) for item in (text or "").split("; ") if item)


def _outside_texts(root) -> list:
    inside = {id(e) for g in root.iter(SVG + "g") if (g.get("id") or "").startswith("text_") for e in g.iter()}
    return [e for e in root.iter() if id(e) not in inside]


def _marks(raw: bytes, flat: bytes) -> tuple[list, list]:
    """The points of every mark drawn by a <use> in ``raw``, and of every path ``flat`` adds,
    each with the style it is drawn in."""
    root = ET.fromstring(raw)
    defs = {e.get("id"): e for e in root.iter(SVG + "path") if e.get("id")}
    before, kept = [], []
    for element in _outside_texts(root):
        if element.tag == SVG + "use":
            outline = defs[element.get(HREF)[1:]]
            style = _style(element.get("style")) | _style(outline.get("style"))
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            before.extend((tuple(sorted(style.items())), (x + px, y + py)) for px, py in _points(outline.get("d", "")))
        elif element.tag == SVG + "path" and element.get("id") is None:
            kept.append(element.get("d"))
    after = []
    for element in _outside_texts(ET.fromstring(flat)):
        if element.tag == SVG + "path" and element.get("id") is None:
            if element.get("d") in kept:
                kept.remove(element.get("d"))
                continue
            style = tuple(sorted(_style(element.get("style")).items()))
            after.extend((style, p) for p in _points(element.get("d")))
    return before, after


def test_markers_and_tick_marks_stay_where_they_were_in_their_style() -> None:
    raw = _marker_svg()
    flat = flatten_uses(raw)
    assert b"<use" in raw and b"<use" not in flat
    before, after = _marks(raw, flat)
    assert len(after) == len(before) > 100
    for style in {s for s, _ in before}:
        a = np.array([p for s, p in before if s == style])
        b = np.array([p for s, p in after if s == style])
        assert len(a) == len(b), style
        apart = np.hypot(*(a[:, None, :] - b[None, :, :]).transpose(2, 0, 1))
        worst = max(apart.min(axis=0).max(), apart.min(axis=1).max())
        # An outline and its place are each rounded to 0.01 pt in x and y.
        assert worst <= 0.02 * 2 ** 0.5 + 1e-9, f"{style}: a point moved {worst:.4f} pt"
    root = ET.fromstring(flat)
    paths = [p for p in root.iter(SVG + "path") if "opacity" in (p.get("style") or "") or "stroke: #0072b2" in (p.get("style") or "")]
    see_through = [p for p in paths if "opacity: 0.5" in p.get("style")]
    # The four see-through squares stay four paths (overlaps would otherwise not darken);
    # the opaque circles, filled with their stroke's colour, are one path.
    assert len([p for p in see_through if p.get("d").count("M") == 1]) >= 4
    assert not [p for p in see_through if p.get("d").count("M") > 1]
    # So do the hollow diamonds (a white fill over a neighbour's green edge).
    hollow = [p for p in root.iter(SVG + "path") if (p.get("style") or "").startswith("fill: #ffffff; stroke: #009e73")]
    assert len(hollow) >= 4 and all(p.get("d").count("M") == 1 for p in hollow)
    opaque = [p for p in paths if p.get("style").startswith("fill: #0072b2") and p.get("d").count("M") == 4]
    assert len(opaque) == 1
