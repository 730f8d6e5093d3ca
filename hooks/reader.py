"""What every page needs in the reader's browser, found by the budget audit
(``benchmarks/site_budget.py``: Lighthouse and axe-core).

- Material's search is a ``role="dialog"`` without a name; it gets one in the
  page's language (axe-core rule ``aria-dialog-name``).
- Images in the content (the figures, mostly below the first screen) load
  lazily, and get ``width``/``height`` from their file (SVG size, or PNG
  header), so the browser keeps their room before they arrive: a page that
  is only opened costs fewer bytes, and nothing shifts when they load.
- A figure with a narrow rendering (``<name>.narrow.svg``, panels stacked, text
  sized for a phone) is served it on narrow screens through ``<picture>``,
  with its own width and height; the figure is a link to its full-size SVG,
  which a tap opens.
- The plots of the labs (PNG inside the page) are redrawn with a palette of
  256 colours: a line plot has far fewer, and the bytes drop by about 60 %.
- A table header cell that holds only a formula gets its text for assistive
  technology (a <math> counts as embedded content, not text: axe-core rule
  ``empty-table-header``); an empty corner header cell becomes a plain cell.
- Tables come wrapped as Material's JavaScript would wrap them (a scrolling box,
  ``md-typeset__scrollwrap`` > ``md-typeset__table``), and marked ``nn-table`` so
  that it leaves them alone. Material takes every ``table:not([class])`` out of the
  page and puts it back inside that box when it starts, which makes the browser style
  and lay out the whole table again: on the glossary and the errata pages that was
  most of the page, half a second of a phone's time. Its stylesheet's rules for
  ``table:not([class])`` hold for ``table.nn-table`` instead (``on_post_build``;
  no table without a class is left, ``tests/test_site.py``). Not for both: an
  attribute selector on ``class`` in a rule whose subject is further down
  (``table:not([class]) td > :first-child``) makes Chromium restyle every
  element under any element whose class changes, and Material's script changes
  <html>'s as it starts (its focus-visible polyfill adds ``js-focus-visible``):
  the whole page restyled, 60 to 90 ms of a phone's time on the Xavier page (a
  trace with invalidation tracking).
- Each code block comes with its copy button (Material's markup), instead of
  Material inserting one per block as the page starts and measuring the page after
  each: on the zero-init page those forced layouts were 108 ms of the phone
  profile's main thread.
- A table's box carries its name in the page's language (the section it is in:
  'Table in "Parameters", scrolls sideways'), which overrides/main.html gives it
  with a role while it scrolls, so a screen reader says what took the focus.
- Material's rules for content tabs, which no page has, leave its stylesheet: about 250
  selectors the browser tried on every element (hooks/_css.py).
- From the second h2 on, the text blocks are marked to be rendered only as they near
  the screen (hooks/_blocks.py, nnnotes.css), once the page is whole.
- Each heading's permalink is titled in the page's language.
- Highlighted code loses Pygments' whitespace tokens (``<span class="w"> </span>``,
  which no style colours) and the tokens coloured as the code around them (names,
  keyword constants, string prefixes), and neighbouring tokens of one colour are
  joined, across the spaces between them: the same look in fewer elements (the Xavier
  page's 1,580 spans became 1,260, then 1,030 once punctuation took the operators'
  colour). Every element costs style and
  layout work when Material's JavaScript first measures the page on a phone, which
  is most of its blocking time (``benchmarks/site-notes.md``).
"""

from __future__ import annotations

import base64
import html as html_lib
import io
import itertools
import re
import struct
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin

import _site
from _blocks import later_blocks_in_article
from _css import without_rules_for
from mkdocs.plugins import event_priority

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
_ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')
_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt)?\s*$")
_FIGURE = re.compile(r'<img\b(?=[^>]*\ssrc="([^"]*assets/figures/[^"]*?)(?<!\.narrow)\.svg")([^>]*?)\s*/?>')
#: Viewports at most this wide get a figure's narrow rendering (the wide one's text
#: would be drawn below 10 CSS px there).
NARROW_MEDIA = "(max-width: 40em)"
_DATA_PNG = re.compile(r'(<img\b[^>]*?\ssrc=")data:image/png;base64,([A-Za-z0-9+/=\s]+)(")')
_TH = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
_TABLE_TAG = re.compile(r"<(/?)table\b([^>]*)>")
_BARE_TABLE = 'table:not([class])'
_MARKED_TABLE = 'table.nn-table'
_WHITESPACE_TOKEN = re.compile(r'<span class="w">(\s*)</span>')
# A highlighted block as pymdownx writes it: <div class="... highlight ..."><pre><span></span><code>.
_CODE_BLOCK = re.compile(r'(<div class="[^"]*\bhighlight\b[^"]*"[^>]*><pre\b[^>]*><span></span>)<code\b([^>]*)>')
# Pygments' token classes by the colour Material's stylesheet gives them (each rule is
# ".highlight .x,...{color:var(--md-code-hl-<colour>-color)}"; the test of lighter_code reads
# the installed stylesheet to check this table). Punctuation takes the operators' colour:
# nnnotes.css sets both, and in the dark palette Material gives both the same.
_TOKEN_COLOUR = {
    **dict.fromkeys(("o", "ow", "p"), "operator"),
    **dict.fromkeys(("cpf", "l", "s", "s1", "s2", "sb", "sc", "si", "ss"), "string"),
    **dict.fromkeys(("cp", "se", "sh", "sr", "sx"), "special"),
    **dict.fromkeys(("il", "m", "mb", "mf", "mh", "mi", "mo"), "number"),
    **dict.fromkeys(("k", "kd", "kn", "kp", "kr", "kt", "nd", "ni", "nl", "nt"), "keyword"),
    **dict.fromkeys(("bp", "nb", "no"), "constant"),
    **dict.fromkeys(("nc", "ne", "nf", "nn"), "function"),
    **dict.fromkeys(("c", "c1", "ch", "cm", "cs", "sd"), "comment"),
    **dict.fromkeys(("na", "nv", "vc", "vg", "vi"), "variable"),
    **dict.fromkeys(("ge", "gh", "go", "gp", "gr", "gs", "gt", "gu"), "generic"),
}
# Tokens drawn as the code around them: names and the keyword constants (True, None) take
# the name colour, which is the code's own; no stylesheet names the string prefix ("f").
_PLAIN_TOKEN = re.compile(r'<span class="(?:n|kc|sa)">([^<]*)</span>')
# A token, the spaces or newlines after it, and the next token.
_TOKEN_PAIR = re.compile(r'<span class="([a-z]{1,3}[0-9]?)">([^<]*)</span>(\s*)<span class="([a-z]{1,3}[0-9]?)">')
# A heading's permalink: the toc extension writes class before href, mkdocstrings after.
_PERMALINK = re.compile(r'<a (?=[^>]*\bclass="headerlink")[^>]*>')
_TITLE_ATTR = re.compile(r'\stitle="[^"]*"')
_ONLY_MATH = re.compile(r"^\s*(<math\b[^>]*)(>.*</math>)\s*$", re.S)


@lru_cache(maxsize=512)
def image_size(path: Path, mtime: float) -> tuple[int, int] | None:
    """Intrinsic (width, height) in CSS pixels of an SVG or PNG file, or None."""
    if path.suffix == ".png":
        head = path.read_bytes()[:24]
        if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
            return struct.unpack(">II", head[16:24])
        return None
    if path.suffix != ".svg":
        return None
    root = _SVG_ROOT.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
    if root is None:
        return None
    attrs = dict(_ATTR.findall(root.group(0)))
    size = []
    for name in ("width", "height"):
        length = _LENGTH.match(attrs.get(name, ""))
        if length is None:
            return None
        size.append(round(float(length[1]) * (4 / 3 if length[2] == "pt" else 1)))
    return size[0], size[1]


def sized_lazy_images(html: str, locate) -> str:
    """Add ``loading="lazy" decoding="async"`` and the file's width/height to each <img>.

    ``locate(src)`` gives the image's file (a Path) or None (data: URLs, other hosts).
    """

    def fix(match: re.Match) -> str:
        attrs = match.group(1)
        names = {name for name, _ in _ATTR.findall(attrs)}
        extra = ""
        if "loading" not in names:
            extra += ' loading="lazy"'
        if "decoding" not in names:
            extra += ' decoding="async"'
        src = dict(_ATTR.findall(attrs)).get("src", "")
        path = locate(src) if src and not src.startswith("data:") else None
        if path is not None and not names & {"width", "height"}:
            size = image_size(path, path.stat().st_mtime)
            if size is not None:
                extra += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attrs}{extra}>"

    return _IMG.sub(fix, html)


def figure_pictures(html: str, locate) -> str:
    """Wrap each figure that has a narrow rendering in a <picture> (narrow screens get it),
    and each figure in a link to its full-size file. Runs before `sized_lazy_images`."""

    def wrap(match: re.Match) -> str:
        src, img = match.group(1) + ".svg", match.group(0)
        narrow = match.group(1) + ".narrow.svg"
        path = locate(narrow)
        size = image_size(path, path.stat().st_mtime) if path is not None else None
        if size is not None:
            source = f'<source media="{NARROW_MEDIA}" srcset="{narrow}" width="{size[0]}" height="{size[1]}">'
            img = f"<picture>{source}{img}</picture>"
        return f'<a class="nn-figure" href="{src}">{img}</a>'

    return _FIGURE.sub(wrap, html)


def lighter_png(data: bytes) -> bytes:
    """A PNG redrawn with at most 256 colours on white (deterministic); the original if that is not smaller.

    Kept in ``.cache/png`` under the PNG, this hook's code and Pillow's version: a
    rebuild does not redraw the labs' plots."""
    from importlib.metadata import version

    key = b"|".join((Path(__file__).read_bytes(), version("pillow").encode(), data))
    return _site.kept("png", key, lambda: _lighter_png(data))


def _lighter_png(data: bytes) -> bytes:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
    quantized = flat.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantized.save(buffer, "PNG", optimize=True)
    return buffer.getvalue() if len(buffer.getvalue()) < len(data) else data


def lighter_embedded_pngs(html: str) -> str:
    """Every ``data:image/png`` <img> redrawn by `lighter_png`, with its width and height."""

    def lighten(match: re.Match) -> str:
        data = lighter_png(base64.b64decode(match.group(2)))
        width, height = struct.unpack(">II", data[16:24])
        tag = match.group(1) + "data:image/png;base64," + base64.b64encode(data).decode("ascii") + match.group(3)
        return tag if re.search(r"\swidth=", match.group(1)) else tag.replace("<img", f'<img width="{width}" height="{height}"', 1)

    return _DATA_PNG.sub(lighten, html)


def named_header_cells(html: str) -> str:
    """Header cells that hold only a formula get its text, hidden from view, for assistive
    technology (the formula itself is then hidden from it); empty header cells become <td>."""

    def fix(match: re.Match) -> str:
        attrs, content = match.groups()
        if not content.strip():
            return f"<td{attrs}></td>"
        formula = _ONLY_MATH.match(content)
        if formula is None:
            return match.group(0)
        text = _plain(content).strip()
        math = f'{formula.group(1)} aria-hidden="true"{formula.group(2)}'
        return f'<th{attrs}>{math}<span class="nn-sr-only">{html_lib.escape(text)}</span></th>'

    return _TH.sub(fix, html)


def on_page_content(html, page, config, files):
    def locate(src: str) -> Path | None:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src):
            return None
        target = unquote(urljoin(page.url or "./", src).split("#")[0].split("?")[0]).lstrip("/")
        file = files.get_file_from_path(target) if target else None
        path = Path(file.abs_src_path) if file is not None and file.abs_src_path else None
        return path if path is not None and path.is_file() else None

    html = named_header_cells(lighter_embedded_pngs(html)) if "<th" in html or "data:image/png" in html else html
    lang = _site.page_language(page)
    html = permalink_titles(copy_buttons(lighter_code(wrapped_tables(html, lang)), lang), lang)
    return sized_lazy_images(figure_pictures(html, locate), locate)


_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S)
_SECTION_TITLE = re.compile(r'<span class="doc-section-title">(.*?)</span>', re.S)  # mkdocstrings' "Parameters:"
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)


def _plain(fragment: str) -> str:
    """The text of an HTML fragment: its tags dropped, its character references read."""
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))


def _text(fragment: str) -> str:
    return " ".join(_plain(_HEADERLINK.sub("", fragment)).split()).rstrip(":")


def table_box_name(html: str, at: int, lang: str) -> str:
    """The name, in ``lang``, of the box of the table that starts at ``at`` in ``html``: the
    heading it is under, and the API reference's section title ("Parameters") if one leads it."""
    heading = None
    for match in _HEADING.finditer(html, 0, at):
        heading = match
    section = None
    for match in _SECTION_TITLE.finditer(html, heading.end() if heading else 0, at):
        section = match
    where = " — ".join(t for t in (_text(heading.group(1)) if heading else "", _text(section.group(1)) if section else "") if t)
    return _site.ui("table.name", lang).format(where) if where else _site.ui("table.name_alone", lang)


def wrapped_tables(html: str, lang: str = "en") -> str:
    """Each table without a class inside Material's scrolling box, marked ``nn-table``.

    The box carries its name in ``lang`` (``data-nn-name``: the section it is in), which
    overrides/main.html gives it, with a role, while it scrolls sideways."""
    out: list[str] = []
    position, wrapping = 0, []
    for match in _TABLE_TAG.finditer(html):
        closing, attrs = match.group(1), match.group(2)
        out.append(html[position:match.start()])
        position = match.end()
        if not closing:
            bare = "class=" not in attrs
            wrapping.append(bare)
            if bare:
                name = html_lib.escape(table_box_name(html, match.start(), lang))
                out.append(f'<div class="md-typeset__scrollwrap" data-nn-name="{name}"><div class="md-typeset__table"><table class="nn-table"{attrs}>')
                continue
        elif wrapping:
            if wrapping.pop():
                out.append("</table></div></div>")
                continue
        out.append(match.group(0))
    out.append(html[position:])
    return "".join(out)


def marked_table_rules(css: str) -> str:
    """Material's rules for ``table:not([class])`` made rules for ``table.nn-table`` (same specificity)."""
    return css.replace(_BARE_TABLE, _MARKED_TABLE)


def copy_buttons(html: str, lang: str) -> str:
    """Each code block with its copy button already in place, as Material would insert it.

    Material's code-block component inserts the button into every block when the page
    starts (feature ``content.code.copy``, left off in mkdocs.yml), then measures the
    block: one forced layout of the page per block. The button here is Material's own
    markup; it names the block's ``<code>`` by an id of its own (Material rewrites the
    ``<pre>``'s id when it starts), and Material's clipboard integration, which listens
    for any ``[data-clipboard-target]``, copies the block's text, or the ``data-copy``
    of its container (``hooks/snippets.py``)."""
    title = html_lib.escape(_site.ui("code.copy", lang), quote=True)
    count = itertools.count(1)

    def add(match: re.Match) -> str:
        target = f"nn-code-{next(count)}"
        button = (f'<nav class="md-code__nav"><button class="md-code__button" title="{title}" '
                  f'data-clipboard-target="#{target}" data-md-type="copy"></button></nav>')
        return f'{match.group(1)}{button}<code id="{target}"{match.group(2)}>'

    return _CODE_BLOCK.sub(add, html)


def permalink_titles(html: str, lang: str) -> str:
    """Each heading's permalink titled in the page's language (the toc extension's
    ``permalink_title`` is one string for both)."""
    title = html_lib.escape(_site.ui("heading.link", lang), quote=True)
    return _PERMALINK.sub(lambda m: _TITLE_ATTR.sub(f' title="{title}"', m.group(0)), html)


def lighter_code(html: str) -> str:
    """Highlighted code with the same look in fewer elements.

    Pygments' whitespace tokens (``<span class="w"> </span>``) and the tokens Material
    draws in the code's own colour (names, ``True``/``None``, the ``f`` of an f-string)
    become plain text, and a token followed (after nothing but spaces or newlines) by a
    token of the same colour takes it in: ``<span class="p">(</span><span
    class="o">-</span>`` is ``<span class="p">(-</span>``, and ``<span class="o">=</span>
    <span class="o">-</span>`` is ``<span class="o">= -</span>`` (a space has no colour).
    """
    html = _PLAIN_TOKEN.sub(r"\1", _WHITESPACE_TOKEN.sub(r"\1", html))

    def join(match: re.Match) -> str:
        first, second = _TOKEN_COLOUR.get(match[1]), _TOKEN_COLOUR.get(match[4])
        if first is None or first != second:
            return match[0]
        return f'<span class="{match[1]}">{match[2]}{match[3]}'

    while True:
        joined = _TOKEN_PAIR.sub(join, html)
        if joined == html:
            return html
        html = joined


# A nav section with an index page (navigation.indexes): its title is a link, and the
# toggle beside it, which also names the section's <nav> (aria-labelledby), holds only an
# icon. Two such sections on a page (API reference > Layers) made two navigation
# landmarks with one empty name (axe-core: landmark-unique), and the toggle had no name.
_INDEX_SECTION = re.compile(
    r'(<div class="md-nav__link md-nav__container">\s*<a [^>]*>\s*<span class="md-ellipsis">\s*(.*?)\s*</span>\s*</a>\s*'
    r'<label class="md-nav__link[^"]*" for="[^"]*" id="[^"]*")(?![^>]*aria-label)', re.S)


def named_section_toggles(output: str) -> str:
    """The toggle of each section with an index page named after the section."""
    return _INDEX_SECTION.sub(
        lambda m: f'{m[1]} aria-label="{html_lib.escape(_plain(m[2]), quote=True)}"', output)


def name_search_dialog(output: str, lang: str) -> str:
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{_site.ui("search.name", lang)}">', 1)


@event_priority(-200)  # after the i18n plugin has built every language (the theme's files are written)
def on_post_build(config):
    if not _site.top_level_build(config):
        return
    for path in (Path(config.site_dir) / "assets" / "stylesheets").glob("main.*.min.css"):
        css = path.read_text(encoding="utf-8")
        lighter = without_rules_for(marked_table_rules(css), UNUSED_CLASS_PREFIXES)
        if lighter != css:
            path.write_text(lighter, encoding="utf-8")


#: Content tabs (pymdownx.tabbed): no page has any, yet Material's stylesheet holds about
#: 250 selectors for them whose last part is ``:nth-child(n)``, which the browser tries on
#: every element of the page each time it styles it; tests/test_site.py checks no page has tabs.
UNUSED_CLASS_PREFIXES = ("tabbed-",)


def on_post_page(output, page, config):
    # The blocks are marked once the page is whole: other hooks add blocks of their own
    # (hooks/snippets.py: the note before a block that continues another).
    return later_blocks_in_article(named_section_toggles(name_search_dialog(output, _site.page_language(page))))


def on_post_template(output, template_name, config):
    return named_section_toggles(output) if template_name == "404.html" else output
