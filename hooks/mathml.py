"""Turn the site's LaTeX into MathML at build time: no math JavaScript, no CDN.

``pymdownx.arithmatex`` (generic mode) leaves ``\\(...\\)`` and ``\\[...\\]`` in
spans and divs; this hook converts each to a ``<math>`` element with
latex2mathml, less the wrappers that change nothing (``_fewer_elements``: one-child
``<mrow>``, ``<msqrt><mrow>``, the ``<mstyle>`` of ``\\tfrac``), which would only cost
style and layout. Chromium, Firefox and Safari render MathML Core natively; the
self-hosted STIX Two Math font supplies the stretchy operators. After the
build the font is cut (fontTools) to the characters the site's formulas use,
from the full font in ``hooks/fonts``: about 25 KB instead of 400 KB.
``nnnotes.css`` keeps every formula left-to-right and isolated from the
surrounding Persian text. A display formula's box scrolls sideways on a narrow
screen, so it is focusable (reachable by keyboard). A formula latex2mathml
cannot parse, or parses only by printing a command it does not know (it turns
``\\foo`` into the text "\\foo"), fails the build, naming the page and the formula.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import json
import re
import unicodedata
from pathlib import Path
from xml.dom import minidom

import _site
from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

_INLINE = re.compile(r'<span class="arithmatex">\\\((.+?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.+?)\\\]</div>', re.S)


# latex2mathml knows align* but not aligned (it would print the "&"), and
# \argmin but not \arg (it would print "\arg").
_ALIASES = {
    r"\begin{aligned}": r"\begin{align*}", r"\end{aligned}": r"\end{align*}",
    r"\arg\min": r"\argmin", r"\arg\max": r"\argmax",
}
# MathML Core ignores mathvariant; map single letters and digits to the Unicode
# mathematical alphanumerics instead (bold and double-struck are all the site uses).
_VARIANT = re.compile(r'<(mi|mn) mathvariant="(bold|double-struck)">([A-Za-z0-9])</\1>')
# What latex2mathml makes of LaTeX it does not know: a command or an alignment
# "&" printed as an identifier or operator, and unbalanced braces accepted.
_UNKNOWN = re.compile(r"<(mi|mo|mn)\b[^>]*>(\\[A-Za-z]*|&amp;|&)</\1>")
_BRACE = re.compile(r"(?<!\\)[{}]")
# latex2mathml writes some operators as identifiers: \sim as an ASCII "~" (a raised
# tilde, with no space around it), \pm, \mp, \Longrightarrow and \longrightarrow as
# <mi>, and the ";" of [b; w]. As <mo> they get an operator's spacing (and \sim its
# own character, U+223C TILDE OPERATOR).
_IDENTIFIER = re.compile(r"<mi>([^<]*)</mi>")
_TILDE = "~"


def _operator_or_identifier(match: re.Match) -> str:
    text = html_lib.unescape(match[1])
    if text == _TILDE:
        return "<mo>\u223c</mo>"
    if len(text) == 1 and (unicodedata.category(text) == "Sm" or text == ";"):
        return f"<mo>{match[1]}</mo>"
    return match[0]
_HOLES = {"C": "\u2102", "H": "\u210d", "N": "\u2115", "P": "\u2119", "Q": "\u211a", "R": "\u211d", "Z": "\u2124"}


def _variant_char(variant: str, char: str) -> str:
    if variant == "double-struck" and char in _HOLES:
        return _HOLES[char]
    if char.isdigit():
        return chr((0x1D7CE if variant == "bold" else 0x1D7D8) + int(char))
    base = 0x1D400 if variant == "bold" else 0x1D538
    offset = ord(char) - ord("A") if char.isupper() else 26 + ord(char) - ord("a")
    return chr(base + offset)


# --- fewer elements, the same rendering ------------------------------------------
# latex2mathml wraps every braced group in an <mrow> and each \tfrac/\dfrac in an
# <mstyle>; a long page carries thousands of them, and each costs style and layout on a
# phone. _fewer_elements takes out the wrappers that provably change nothing; a check in
# Chromium (every formula of the site, LTR and RTL, before and after) found every formula
# pixel-identical, and found the cases excluded below to differ.
_ROWS = {"mrow", "mstyle", "msqrt"}  # lay their children out as one row (msqrt: an inferred mrow)
_ARGUMENTS = {"msub", "msup", "msubsup", "mfrac", "mroot", "munder", "mover", "munderover"}
_SCRIPTS = (_ARGUMENTS - {"mroot"}) | {"mmultiscripts"}  # whose first child can make an embellished operator
_GROUPS = {"mrow", "mstyle", "mpadded", "mphantom"}
_STYLE = {"displaystyle", "scriptlevel"}
# Elements with no rule of their own for math-style or math-depth in the user agent
# stylesheet (mtable has one, math-style: compact, which displaystyle would override).
_TAKES_STYLE = {"mi", "mn", "mo", "mrow", "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup",
                "munder", "mover", "munderover"}


def _children(node) -> list | None:
    """The element children of ``node``, or None when it holds text (then it is left alone)."""
    if any(child.nodeType != child.ELEMENT_NODE for child in node.childNodes):
        return None
    return list(node.childNodes)


def _space_like(node) -> bool:
    """MathML Core's space-like: mspace, mtext, or a group of nothing else."""
    if node.tagName in ("mspace", "mtext"):
        return True
    kids = _children(node) if node.tagName in _GROUPS else None
    return bool(kids) and all(_space_like(kid) for kid in kids)


def _embellished(node) -> bool:
    """MathML Core's embellished operator: an <mo>, a script or fraction whose first child
    is one, or a group holding one and nothing but space-like elements beside it."""
    if node.tagName == "mo":
        return True
    kids = _children(node) or []
    if node.tagName in _SCRIPTS:
        return bool(kids) and _embellished(kids[0])
    if node.tagName in _GROUPS:
        core = [kid for kid in kids if not _space_like(kid)]
        return len(core) == 1 and _embellished(core[0])
    return False


def _in_argument(node) -> bool:
    """Whether ``node`` is, or is inside, a script or fraction element."""
    while node is not None and getattr(node, "tagName", "math") != "math":
        if node.tagName in _ARGUMENTS:
            return True
        node = node.parentNode
    return False


def _unwrapped(node, parent) -> list:
    """What ``node``, a child of ``parent`` (its own subtree done), becomes in ``parent``:
    ``[node]``, or what replaces it. Three rules, none for a child of <math>: the <mrow>
    right inside <math> stays (without it, Chromium laid the formulas of the Persian pages
    out right to left).

    1. An <mrow> that is the only child of a row (<mrow>, <mstyle>, <msqrt>) gives the row
       its children. The row lays out the same children in the same order, each with the
       same siblings, so every operator keeps its form (prefix, infix, postfix: Chromium
       reads it off the <mo>'s siblings), its spacing and what it stretches to. This is
       <msqrt><mrow>..</mrow></msqrt> too: msqrt takes an inferred mrow.
    2. An <mrow> with one child, as an argument of msub, msup, msubsup, mfrac, mroot, munder,
       mover, munderover, or inside a row, is replaced by that child: a row of one child has
       that child's box. Not when the child is an embellished operator: its <mo> would gain
       siblings and change form, and the row is what adds an operator's spacing
       (\\frac{-}{+}, \\hat{+} and {|}x{|} render differently without it).
    3. An <mstyle> with displaystyle and/or scriptlevel alone, around one child carrying
       neither, hands them to the child. In MathML Core every element takes both (as the CSS
       math-style and math-depth, presentational hints that beat the user agent's rules for
       the position the child now holds, as they did on the <mstyle>), and the child and its
       descendants end with the values they inherited before. Not onto an element with a
       user-agent rule of its own for them (mtable: math-style compact), and not anywhere
       inside a script or fraction: Safari reads scriptlevel on <mstyle> only, and there the
       level it resets can differ from the surrounding one.
    """
    kids = _children(node)
    if not kids or parent.tagName == "math":
        return [node]
    if node.tagName == "mrow" and not node.attributes.length:
        if parent.tagName in _ROWS and len(_children(parent) or ()) == 1:
            return kids
        if len(kids) == 1 and parent.tagName in _ROWS | _ARGUMENTS and not _embellished(kids[0]):
            return kids
    if node.tagName == "mstyle" and len(kids) == 1 and kids[0].tagName in _TAKES_STYLE and not _in_argument(parent):
        moved = set(node.attributes.keys())
        if moved and moved <= _STYLE and not moved & set(kids[0].attributes.keys()):
            for name in sorted(moved):
                kids[0].setAttribute(name, node.getAttribute(name))
            return kids
    return [node]


def _simplify(node) -> None:
    """Apply ``_unwrapped`` to ``node``'s subtree, innermost first (so chains collapse)."""
    for child in list(node.childNodes):
        if child.nodeType == child.ELEMENT_NODE:
            _simplify(child)
            replacement = _unwrapped(child, node)
            if replacement != [child]:
                for kid in replacement:
                    node.insertBefore(kid, child)
                node.removeChild(child)


# latex2mathml writes \text{a < b} and \text{R&D} with a bare "<" and "&": escaped before
# the XML parser reads them (a "<" that opens no tag, an "&" that starts no reference).
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_BARE_LESS_THAN = re.compile(r"<(?![A-Za-z/])")


def _xml(node) -> str:
    """``node`` written back as XML: attributes in their order, text with & < > escaped,
    characters as themselves (the pages are UTF-8). Not minidom's own writer: how it
    escapes a quote in text changed in Python 3.13, and the pages should not."""
    if node.nodeType == node.TEXT_NODE:
        return html_lib.escape(node.data, quote=False)
    attributes = "".join(f' {name}="{html_lib.escape(value, quote=True)}"' for name, value in node.attributes.items())
    if not node.childNodes:  # <mspace .../>: MathML in HTML takes the self-closing form
        return f"<{node.tagName}{attributes}/>"
    return f"<{node.tagName}{attributes}>{''.join(_xml(child) for child in node.childNodes)}</{node.tagName}>"


def _fewer_elements(mathml: str) -> str:
    """latex2mathml's MathML without the wrappers ``_unwrapped`` removes (ValueError if
    it cannot be read as XML)."""
    from xml.parsers.expat import ExpatError

    escaped = _BARE_LESS_THAN.sub("&lt;", _BARE_AMPERSAND.sub("&amp;", mathml))
    try:
        document = minidom.parseString(escaped)
    except ExpatError as error:
        raise ValueError(f"latex2mathml wrote MathML that is not XML ({error})") from error
    _simplify(document.documentElement)
    return _xml(document.documentElement)


def _convert(source: str, display: str) -> str:
    """The MathML of one formula; ValueError says what is wrong with it."""
    prepared = source
    for old, new in _ALIASES.items():
        prepared = prepared.replace(old, new)
    try:
        mathml = convert(prepared, display=display)
    except Exception as error:  # latex2mathml raises many exception types
        raise ValueError(f"cannot convert formula {source!r}: {error}") from error
    unknown = _UNKNOWN.search(mathml)
    if unknown:
        raise ValueError(f"formula {source!r} uses LaTeX that latex2mathml does not know: {html_lib.unescape(unknown[2])!r}")
    depth = 0
    for brace in _BRACE.findall(source):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            break
    if depth:
        raise ValueError(f"formula {source!r} has unbalanced braces")
    try:
        mathml = _VARIANT.sub(lambda m: f"<{m[1]}>{_variant_char(m[2], m[3])}</{m[1]}>", mathml)
        mathml = _fewer_elements(_IDENTIFIER.sub(_operator_or_identifier, mathml))
    except ValueError as error:
        raise ValueError(f"formula {source!r}: {error}") from error
    # Keep the TeX as an annotation-free alt text for assistive tech and search.
    label = html_lib.escape(source, quote=True)
    return mathml.replace("<math ", f'<math alttext="{label}" ', 1)


# Each formula is converted once: both languages share most formulas, and a rebuild
# (make site after an edit, mkdocs serve) finds the earlier ones in .cache/mathml, in a
# file named after this hook's code and latex2mathml's version. Only successes are kept.
_memo: dict[str, str] = {}
_memo_state = {"loaded": False, "added": 0}


def _memo_file() -> Path:
    from importlib.metadata import version

    key = hashlib.sha256(Path(__file__).read_bytes() + version("latex2mathml").encode()).hexdigest()[:16]
    return _site.CACHE / "mathml" / f"{key}.json"


def _load_memo() -> None:
    if not _memo_state["loaded"]:
        _memo_state["loaded"] = True
        saved = _memo_file()
        if saved.is_file():
            _memo.update(json.loads(saved.read_text(encoding="utf-8")))


def _save_memo() -> None:
    if _memo_state["added"]:
        _site.write_whole(_memo_file(), json.dumps(_memo, ensure_ascii=False, sort_keys=True).encode())
        _memo_state["added"] = 0


def to_mathml(tex: str, display: str, where: str) -> str:
    source = html_lib.unescape(tex).strip()
    _load_memo()
    key = f"{display}\0{source}"
    if key not in _memo:
        try:
            _memo[key] = _convert(source, display)
        except ValueError as error:
            raise PluginError(f"{where}: {error}") from error
        _memo_state["added"] += 1
    return _memo[key]


def convert_html(html: str, where: str = "page") -> str:
    html = _DISPLAY.sub(
        lambda m: '<div class="nn-math" tabindex="0">' + to_mathml(m.group(1), "block", where) + "</div>", html
    )
    return _INLINE.sub(lambda m: to_mathml(m.group(1), "inline", where), html)


def on_page_content(html, page, config, files):
    return convert_html(html, page.file.src_uri)


# --- the math font, cut to the characters the site uses ------------------------

_FONT_SOURCE = Path(__file__).resolve().parent / "fonts" / "STIXTwoMath-Regular.woff2"
_FONT_TARGET = "assets/fonts/stix-two-math.woff2"
_FONT_CACHE = _site.CACHE / "math-font"
_MATH_ELEMENT = re.compile(r"<math\b.*?</math>", re.S)
# A single-letter <mi> is drawn in the italic of the Mathematical Alphanumeric block.
_ITALIC = {**{c: chr(0x1D434 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")},
           **{c: chr(0x1D44E + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")},
           **{c: chr(0x1D6FC + i) for i, c in enumerate("αβγδεζηθικλμνξοπρςστυφχψω")},
           "h": "\u210e"}


def used_math_characters(site_dir: Path) -> set[str]:
    """Every character inside a <math> element of the built site, with its italic form."""
    chars: set[str] = set()
    for page in site_dir.rglob("*.html"):
        for element in _MATH_ELEMENT.findall(page.read_text(encoding="utf-8")):
            chars |= set(html_lib.unescape(re.sub(r"<[^>]+>", "", element)))
    chars |= {_ITALIC[c] for c in chars if c in _ITALIC}
    return {c for c in chars if not c.isspace()}


def subset_math_font(chars: set[str]) -> bytes:
    """STIX Two Math cut to ``chars``, keeping the MATH table (stretchy operators, scripts)."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(_FONT_SOURCE), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config):
    site_dir = Path(config.site_dir)
    chars = used_math_characters(site_dir)
    key = hashlib.sha256(_FONT_SOURCE.read_bytes() + "".join(sorted(chars)).encode()).hexdigest()[:16]
    cached = _FONT_CACHE / f"{key}.woff2"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(subset_math_font(chars))
    target = site_dir / _FONT_TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cached.read_bytes())
    _save_memo()
