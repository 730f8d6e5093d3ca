"""The page's top-level blocks: which ones the browser renders only as they near the screen.

``nnnotes.css`` gives ``content-visibility: auto`` to the blocks marked ``nn-later`` here
(hooks/reader.py marks them once the page is whole). From the second top-level <h2> on,
a paragraph, list, formula, admonition, solution or table box is marked, unless it holds
code (a <pre>) or a figure (a <picture>): benchmarks/site-notes.md says why each is left
out. The choice used to be the stylesheet's, in a rule with sibling combinators and
:has() that the browser checked again each time its parser added a piece of the page.
"""

from __future__ import annotations

import re

_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))
#: What may be rendered on demand, from the second h2 on: text blocks, never code or figures.
_LATER_TAGS = frozenset(("p", "ul", "ol", "details"))
_LATER_CLASSES = frozenset(("nn-math", "admonition", "md-typeset__scrollwrap"))
LATER_CLASS = "nn-later"


_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CODE_OR_FIGURE = re.compile(r"<(?:pre|picture)\b")


# A comment, a script or style element (whose text is not markup), or a start or end tag.
_TOKEN = re.compile(
    r"""<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>"""
    r"""|<(/?)([A-Za-z][^\s/>]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(/?)>""",
    re.S | re.I)


def _top_level(html: str) -> list[tuple[str, str, int, int, int]]:
    """The top-level elements of ``html``, as (tag, its class, where its start tag begins,
    where that tag ends, where its end tag begins: the element's end for a void one).

    One regular expression over the tags, not an HTML parser: this runs on every page, and
    the parser took a tenth of the site's build."""
    found, depth, open_ = [], 0, None
    for match in _TOKEN.finditer(html):
        closing, tag = match.group(2), match.group(3)
        if tag is None:  # a comment, script or style: nothing to count
            continue
        tag = tag.lower()
        if closing:
            if tag in _VOID or depth == 0:
                continue
            depth -= 1
            if depth == 0 and open_ is not None:
                found.append((*open_, match.start()))
                open_ = None
        elif tag in _VOID or match.group(5):
            if depth == 0:
                found.append((tag, _class(match.group(4)), match.start(), match.end(), match.end()))
        else:
            if depth == 0:
                open_ = (tag, _class(match.group(4)), match.start(), match.end())
            depth += 1
    return found


def _class(attributes: str) -> str:
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1).lower() == "class":
            return next((v for v in match.group(2, 3, 4) if v is not None), "")
    return ""


_ARTICLE = '<article class="md-content__inner md-typeset">'


def later_blocks_in_article(output: str) -> str:
    """:func:`later_blocks` applied to the page's article (its content), once."""
    start = output.find(_ARTICLE)
    end = output.find("</article>", start)
    if start < 0 or end < 0:
        return output
    start += len(_ARTICLE)
    return output[:start] + later_blocks(output[start:end]) + output[end:]


def later_blocks(html: str) -> str:
    """From the second top-level <h2> on, each text block without code or a figure marked ``nn-later``."""
    h2s, out, position = 0, [], 0
    for tag, classes, start, tag_end, end in _top_level(html):
        if tag == "h2":
            h2s += 1
            continue
        if h2s < 2:
            continue
        names = set(classes.split())
        if not (tag in _LATER_TAGS or (tag == "div" and names & _LATER_CLASSES)):
            continue
        if _CODE_OR_FIGURE.search(html, tag_end, end):
            continue
        out += [html[position:start], _with_class(html[start:tag_end], tag)]
        position = tag_end
    out.append(html[position:])
    return "".join(out)


def _with_class(start_tag: str, tag: str) -> str:
    """``start_tag`` with ``nn-later`` last in its class attribute (added if it has none)."""
    name_end = len(tag) + 1
    for match in _ATTRIBUTE.finditer(start_tag, name_end):
        if match.group(1).lower() == "class":
            value = next((v for v in match.group(2, 3, 4) if v is not None), "")
            joined = f"{value} {LATER_CLASS}".strip()
            return f'{start_tag[:match.start()]} class="{joined}"{start_tag[match.end():]}'
    return f'{start_tag[:name_end]} class="{LATER_CLASS}"{start_tag[name_end:]}'
