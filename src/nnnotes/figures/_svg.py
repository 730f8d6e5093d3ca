"""Draw a matplotlib SVG's texts and markers as paths instead of ``<use>`` elements.

With ``svg.fonttype: path`` matplotlib writes every glyph outline once, in a
``<defs>``, and each character of each text as a ``<use>`` of it; so too each
tick mark and each marker of a line. A browser makes every ``<use>`` an element
of its own (a copy of the outline in a shadow tree) and styles and lays it out
when the image loads: the phone rendering of the initialization figure held 430
of them, most of its 1,165 styled elements.

:func:`flatten_uses` replaces the ``<use>`` elements of each text with one
``<path>`` holding the outlines of all its glyphs, placed where the ``<use>``
elements put them. Glyphs drawn at another scale in the same text (the sub- and
superscripts of mathtext) get a ``<path>`` of their own whose ``transform`` is
that scale, so the size of every glyph can still be read from the transforms:
the coordinates of a text's path have the em of matplotlib's glyph outlines
(:data:`GLYPH_EM` units). Each other ``<use>`` (a tick mark, a line's marker)
becomes a path in the style it had; a line's markers become one path when that
looks the same (opaque, filled with the stroke's colour or not filled). The
outlines no ``<use>`` needs any more are dropped. The picture is the same; the
SVG has fewer elements, and compresses as well, because each outline is written
relative to its first point and so repeats itself.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["GLYPH_EM", "flatten_uses", "parse_transform"]

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
_HREF = f"{{{XLINK}}}href"
#: Units per em of matplotlib's glyph outlines once their own ``transform`` is applied.
GLYPH_EM = 100.0

_NAMESPACES = {
    "": SVG,
    "xlink": XLINK,
    "dc": "http://purl.org/dc/elements/1.1/",
    "cc": "http://creativecommons.org/ns#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate)\s*\(([^)]*)\)\s*,?")
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_PATH_TOKEN = re.compile(rf"([MLQCZmlqcz])|({_NUMBER})|([\s,]+)|(.)")
_ARITY = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}

#: Decimals kept of a glyph outline (in the em's 100 units: 1/1000 em) and of a marker (in points).
_GLYPH_DIGITS, _MARKER_DIGITS = 1, 2

Affine = tuple[float, float, float, float, float, float]  # SVG's matrix(a b c d e f)
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(m: Affine, n: Affine) -> Affine:
    """The transform that applies ``n`` first, then ``m``."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f)


def _inverse(m: Affine) -> Affine:
    a, b, c, d, e, f = m
    det = a * d - b * c
    if det == 0:
        raise ValueError(f"the transform matrix{m} cannot be inverted")
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def parse_transform(text: str | None) -> Affine:
    """The matrix of an SVG ``transform`` attribute (matrix, translate, scale, rotate)."""
    import math

    result = _IDENTITY
    text = (text or "").strip()
    position = 0
    while position < len(text):
        match = _TRANSFORM.match(text, position)
        if match is None:
            raise ValueError(f"cannot read the transform {text!r} at character {position}")
        position = match.end()
        name = match.group(1)
        values = [float(x) for x in re.split(r"[\s,]+", match.group(2).strip()) if x]
        if name == "matrix" and len(values) == 6:
            step = tuple(values)
        elif name == "translate" and len(values) in (1, 2):
            step = (1.0, 0.0, 0.0, 1.0, values[0], values[1] if len(values) == 2 else 0.0)
        elif name == "scale" and len(values) in (1, 2):
            step = (values[0], 0.0, 0.0, values[-1], 0.0, 0.0)
        elif name == "rotate" and len(values) == 1:
            r = math.radians(values[0])
            step = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0.0, 0.0)
        else:
            raise ValueError(f"unsupported transform {match.group(0).strip()!r} in {text!r}")
        result = _compose(result, step)  # type: ignore[arg-type]
    return result


def _path_commands(d: str) -> list[tuple[str, list[float]]]:
    """The commands of a glyph outline: absolute M, L, Q, C and Z only (what matplotlib writes)."""
    commands: list[tuple[str, list[float]]] = []
    for command, number, _space, other in _PATH_TOKEN.findall(d):
        if other:
            raise ValueError(f"unexpected {other!r} in the path data {d[:60]!r}")
        if command:
            command = "Z" if command == "z" else command  # closing a subpath is the same either way
            if command not in _ARITY:
                raise ValueError(f"a glyph outline uses the relative command {command!r}; only M, L, Q, C and Z are read")
            commands.append((command, []))
        elif number:
            if not commands:
                raise ValueError(f"the path data {d[:60]!r} starts with a number")
            commands[-1][1].append(float(number))
    for command, values in commands:
        arity = _ARITY[command]
        if (arity == 0 and values) or (arity and (not values or len(values) % arity)):
            raise ValueError(f"{command} with {len(values)} numbers in the path data {d[:60]!r}")
    return commands


def _text(steps: int, digits: int) -> str:
    """A whole number of ``10**-digits`` written as a decimal (``-15``, 1 digit: ``-1.5``)."""
    whole, part = divmod(abs(steps), 10 ** digits)
    sign = "-" if steps < 0 else ""
    return f"{sign}{whole}.{part:0{digits}d}".rstrip("0") if part else f"{sign}{whole}"


def _outline(commands: list[tuple[str, list[float]]], m: Affine, digits: int) -> str:
    """The outline moved by ``m``: its first point absolute, then relative commands.

    The outline's shape (``m`` without its translation) is rounded to ``digits`` decimals
    before the steps between points are taken, so the same glyph or marker at another
    place is the same text after its first point: compression finds the repeats, as the
    ``<use>`` elements shared one outline.
    """
    a, b, c, d, e, f = m
    scale = 10 ** digits

    def _tenths(value: float) -> int:
        return int(round(value * scale))

    offset = (_tenths(e), _tenths(f))
    current = start = None
    parts = []
    for command, values in commands:
        if command == "Z":
            parts.append("z")
            current = start
            continue
        points = [(_tenths(a * x + c * y), _tenths(b * x + d * y)) for x, y in zip(values[0::2], values[1::2])]
        if current is None:
            (x, y), rest = points[0], points[1:]
            parts.append(f"M{_text(x + offset[0], digits)} {_text(y + offset[1], digits)}")
            current = start = (x, y)
            if not rest:
                continue
            command, points = "L", rest
        steps = []
        for x, y in points:
            steps.append(f"{_text(x - current[0], digits)} {_text(y - current[1], digits)}")
            if command in ("M", "L"):
                current = (x, y)
        if command in ("Q", "C"):
            arity = _ARITY[command] // 2
            steps = []
            for i in range(0, len(points), arity):
                group = points[i:i + arity]
                steps.extend(f"{_text(x - current[0], digits)} {_text(y - current[1], digits)}" for x, y in group)
                current = group[-1]
        elif command == "M":
            start = points[0]
        parts.append(command.lower() + " ".join(steps))
    return "".join(parts)


def _key(m: Affine) -> tuple[float, ...]:
    return tuple(round(v, 9) for v in m[:4])


def _matrix_attribute(m: Affine) -> str | None:
    a, b, c, d = m[:4]
    if (a, b, c, d) == (1.0, 0.0, 0.0, 1.0):
        return None
    if b == 0 and c == 0:
        return f"scale({_format_exact(a)})" if a == d else f"scale({_format_exact(a)} {_format_exact(d)})"
    return "matrix(" + " ".join(_format_exact(v) for v in (a, b, c, d, 0.0, 0.0)) + ")"


def _format_exact(value: float) -> str:
    return repr(float(value)).removesuffix(".0") if value != int(value) else str(int(value))


def _style(text: str | None) -> dict[str, str]:
    declarations = {}
    for item in (text or "").split(";"):
        name, colon, value = item.partition(":")
        if colon:
            declarations[name.strip()] = value.strip()
        elif item.strip():
            raise ValueError(f"cannot read the style declaration {item.strip()!r}")
    return declarations


def _merge_text(root: ET.Element, outlines: dict[str, ET.Element]) -> set[str]:
    """Each text's glyph ``<use>`` elements as one path per glyph scale; the outlines used."""
    merged: set[str] = set()
    texts = [g for g in root.iter(f"{{{SVG}}}g") if (g.get("id") or "").startswith("text_")]
    for text in texts:
        for parent in list(text.iter()):
            uses = [child for child in parent if child.tag == f"{{{SVG}}}use" and (child.get(_HREF) or "")[1:] in outlines]
            if not uses:
                continue
            runs: dict[tuple[float, ...], tuple[Affine, list[str]]] = {}
            for use in uses:
                extra = set(use.attrib) - {_HREF, "transform", "x", "y"}
                if extra:
                    raise ValueError(f"a glyph <use> of {text.get('id')} has attributes {sorted(extra)} that a merged path would lose")
                name = use.get(_HREF)[1:]
                outline = outlines[name]
                placement = _compose(parse_transform(use.get("transform")),
                                     (1.0, 0.0, 0.0, 1.0, float(use.get("x", 0)), float(use.get("y", 0))))
                full = _compose(placement, parse_transform(outline.get("transform")))
                linear = (*placement[:4], 0.0, 0.0)
                key = _key(linear)
                if key not in runs:
                    runs[key] = (linear, [])
                local = _compose(_inverse(linear), full)
                runs[key][1].append(_outline(_path_commands(outline.get("d", "")), local, _GLYPH_DIGITS))
                merged.add(name)
            position = list(parent).index(uses[0])
            for use in uses:
                parent.remove(use)
            for offset, (linear, pieces) in enumerate(runs.values()):
                path = ET.Element(f"{{{SVG}}}path", {"d": "".join(pieces)})
                transform = _matrix_attribute(linear)
                if transform:
                    path.set("transform", transform)
                parent.insert(position + offset, path)
    return merged


def _paints_over_itself_the_same(style: dict[str, str]) -> bool:
    """Whether shapes in this style look the same drawn one by one or as one path:
    opaque, and a fill that is absent, none, or the stroke's own colour."""
    if any("opacity" in name and float(value) != 1.0 for name, value in style.items()):
        return False
    fill, stroke = style.get("fill"), style.get("stroke")
    return fill == "none" or stroke in (None, "none") or fill == stroke


def _inline_markers(root: ET.Element, outlines: dict[str, ET.Element]) -> set[str]:
    """Every other ``<use>`` of an outline drawn as a path: the marks at each tick and the
    markers of a line. Neighbouring ``<use>`` elements of one outline in one style become
    one path when they look the same that way (`_paints_over_itself_the_same`)."""
    inlined: set[str] = set()
    for parent in list(root.iter()):
        children = list(parent)
        runs: list[list[ET.Element]] = []
        for child in children:
            if child.tag != f"{{{SVG}}}use" or (child.get(_HREF) or "")[1:] not in outlines:
                runs.append([])
                continue
            extra = set(child.attrib) - {_HREF, "x", "y", "style"}
            if extra:
                raise ValueError(f"a marker <use> of #{child.get(_HREF)[1:]} has attributes {sorted(extra)} that a path would lose")
            previous = runs[-1][-1] if runs and runs[-1] else None
            if previous is not None and previous.get(_HREF) == child.get(_HREF) and previous.get("style") == child.get("style"):
                runs[-1].append(child)
            else:
                runs.append([child])
        for run in runs:
            if not run:
                continue
            name = run[0].get(_HREF)[1:]
            outline = outlines[name]
            if outline.get("transform"):
                raise ValueError(f"the marker outline #{name} has a transform of its own")
            style = _style(run[0].get("style"))
            style.update(_style(outline.get("style")))  # the outline's own style wins, as in its <use> copy
            groups = [run] if _paints_over_itself_the_same(style) else [[use] for use in run]
            commands = _path_commands(outline.get("d", ""))
            for group in groups:
                d = "".join(_outline(commands, (1.0, 0.0, 0.0, 1.0, float(use.get("x", 0)), float(use.get("y", 0))), _MARKER_DIGITS)
                            for use in group)
                path = ET.Element(f"{{{SVG}}}path", {"d": d})
                if style:
                    path.set("style", "; ".join(f"{key}: {value}" for key, value in style.items()))
                parent.insert(list(parent).index(group[0]), path)
                for use in group:
                    parent.remove(use)
            inlined.add(name)
    return inlined


def flatten_uses(svg: bytes) -> bytes:
    """``svg`` (matplotlib's output) with no ``<use>`` of an outline left: each text is one
    path per glyph scale and each marker (or run of markers) a path of its own.

    Raises ``ValueError`` if a ``<use>`` carries anything a path would lose (a glyph's own
    style, a marker's transform), if an outline cannot be read, or if the SVG still refers
    to an outline it drops.
    """
    for prefix, uri in _NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(svg)
    if root.tag != f"{{{SVG}}}svg":
        raise ValueError(f"not an SVG document: the root element is {root.tag!r}")
    outlines = {
        element.get("id"): element
        for defs in root.iter(f"{{{SVG}}}defs")
        for element in defs
        if element.tag == f"{{{SVG}}}path" and element.get("id")
    }
    dropped = _merge_text(root, outlines) | _inline_markers(root, outlines)
    for defs in list(root.iter(f"{{{SVG}}}defs")):
        for element in list(defs):
            if element.get("id") in dropped:
                defs.remove(element)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG}}}defs" and len(child) == 0:
                parent.remove(child)
    left = {(use.get(_HREF) or "")[1:] for use in root.iter(f"{{{SVG}}}use")} & dropped
    if left:
        raise ValueError(f"the SVG still uses the outlines {sorted(left)}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
