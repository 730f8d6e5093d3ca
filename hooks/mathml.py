"""Turn the site's LaTeX into MathML at build time: no math JavaScript, no CDN.

``pymdownx.arithmatex`` (generic mode) leaves ``\\(...\\)`` and ``\\[...\\]`` in
spans and divs; this hook converts each to a ``<math>`` element with
latex2mathml. Chromium, Firefox and Safari render MathML Core natively; the
self-hosted STIX Two Math font (``assets/fonts``) supplies the stretchy
operators. ``nnnotes.css`` keeps every formula left-to-right and isolated from
the surrounding Persian text. A formula latex2mathml cannot parse fails the
build, naming the page and the formula.
"""

from __future__ import annotations

import html as html_lib
import re

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

_INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.S)


# latex2mathml knows align* but not aligned (it would print the "&").
_ALIASES = {r"\begin{aligned}": r"\begin{align*}", r"\end{aligned}": r"\end{align*}"}
# MathML Core ignores mathvariant; map single letters and digits to the Unicode
# mathematical alphanumerics instead (bold and double-struck are all the site uses).
_VARIANT = re.compile(r'<(mi|mn) mathvariant="(bold|double-struck)">([A-Za-z0-9])</\1>')
_HOLES = {"C": "\u2102", "H": "\u210d", "N": "\u2115", "P": "\u2119", "Q": "\u211a", "R": "\u211d", "Z": "\u2124"}


def _variant_char(variant: str, char: str) -> str:
    if variant == "double-struck" and char in _HOLES:
        return _HOLES[char]
    if char.isdigit():
        return chr((0x1D7CE if variant == "bold" else 0x1D7D8) + int(char))
    base = 0x1D400 if variant == "bold" else 0x1D538
    offset = ord(char) - ord("A") if char.isupper() else 26 + ord(char) - ord("a")
    return chr(base + offset)


def to_mathml(tex: str, display: str, where: str) -> str:
    source = html_lib.unescape(tex).strip()
    prepared = source
    for old, new in _ALIASES.items():
        prepared = prepared.replace(old, new)
    try:
        mathml = convert(prepared, display=display)
    except Exception as error:  # latex2mathml raises many exception types
        raise PluginError(f"{where}: cannot convert formula {source!r}: {error}") from error
    if "<mi>&amp;</mi>" in mathml or "<mi>&</mi>" in mathml or "<mi>\\</mi>" in mathml:
        raise PluginError(f"{where}: formula {source!r} uses LaTeX that latex2mathml does not know")
    mathml = _VARIANT.sub(lambda m: f"<{m[1]}>{_variant_char(m[2], m[3])}</{m[1]}>", mathml)
    # Keep the TeX as an annotation-free alt text for assistive tech and search.
    label = html_lib.escape(source, quote=True)
    return mathml.replace("<math ", f'<math alttext="{label}" ', 1)


def convert_html(html: str, where: str = "page") -> str:
    html = _DISPLAY.sub(
        lambda m: '<div class="nn-math">' + to_mathml(m.group(1), "block", where) + "</div>", html
    )
    return _INLINE.sub(lambda m: to_mathml(m.group(1), "inline", where), html)


def on_page_content(html, page, config, files):
    return convert_html(html, page.file.src_uri)
