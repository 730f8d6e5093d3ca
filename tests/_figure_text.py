"""How large the text of a rendered figure (an SVG written by matplotlib) is.

matplotlib draws text as paths (``svg.fonttype: path``), in glyph outlines whose
em is 100 units, inside a ``<g id="text_N">`` whose transforms scale them to the
font size (``scale(0.09 -0.09)`` is 9 pt). The renderer then draws each text as
one ``<path>`` per glyph scale (`nnnotes.figures._svg.flatten_uses`): the
sub- and superscripts of mathtext are a path of their own with ``scale(0.7)``.
Either way, a glyph is a ``<use>`` or a ``<path>`` inside a text group, and its
font size, in the SVG's user units (points, the unit of its ``viewBox``), is 100
times the scale of the transforms from the text group down to it. Shown
``displayed`` CSS pixels wide, a figure whose ``viewBox`` is ``W`` units wide
draws that glyph ``size * displayed / W`` CSS pixels tall.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

_SVG = "{http://www.w3.org/2000/svg}"
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate)\s*\(([^)]*)\)")
GLYPH_EM = 100.0  # matplotlib's text-path units per em


def _scale(transform: str | None) -> float:
    """The area scale (|determinant|) of an SVG transform list."""
    a, b, c, d = 1.0, 0.0, 0.0, 1.0
    for name, args in _TRANSFORM.findall(transform or ""):
        v = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "matrix":
            m = v[:4]
        elif name == "scale":
            m = [v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0]]
        elif name == "rotate":
            r = math.radians(v[0])
            m = [math.cos(r), math.sin(r), -math.sin(r), math.cos(r)]
        else:
            continue
        a, b, c, d = a * m[0] + c * m[1], b * m[0] + d * m[1], a * m[2] + c * m[3], b * m[2] + d * m[3]
    return abs(a * d - b * c)


def text_sizes(svg: str | bytes) -> tuple[float, list[float]]:
    """The width of the SVG's ``viewBox`` and the font size of each glyph ``<use>`` or text
    ``<path>`` (an outline kept in a text's ``<defs>`` has an id and is not counted), both in user units."""
    root = ET.fromstring(svg)
    view_box = root.get("viewBox")
    if view_box is None:
        raise ValueError("the SVG has no viewBox")
    width = float(view_box.split()[2])
    sizes: list[float] = []

    def walk(element, area: float, in_text: bool) -> None:
        area *= _scale(element.get("transform"))
        in_text = in_text or (element.tag == _SVG + "g" and (element.get("id") or "").startswith("text_"))
        if in_text and element.tag in (_SVG + "use", _SVG + "path") and element.get("id") is None:
            sizes.append(GLYPH_EM * math.sqrt(area))
        for child in element:
            walk(child, area, in_text)

    walk(root, 1.0, False)
    return width, sizes


def smallest_text_px(svg_path: Path, displayed_width_px: float) -> float:
    """CSS pixel size of the smallest glyph of the figure when shown ``displayed_width_px`` wide."""
    width, sizes = text_sizes(Path(svg_path).read_bytes())
    if not sizes:
        raise ValueError(f"{svg_path} has no text")
    return min(sizes) * displayed_width_px / width
