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
from html.parser import HTMLParser

_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))
#: What may be rendered on demand, from the second h2 on: text blocks, never code or figures.
_LATER_TAGS = frozenset(("p", "ul", "ol", "details"))
_LATER_CLASSES = frozenset(("nn-math", "admonition", "md-typeset__scrollwrap"))
LATER_CLASS = "nn-later"


_ATTRIBUTE = re.compile(r"""\s+([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CODE_OR_FIGURE = re.compile(r"<(?:pre|picture)\b")


class _TopLevel(HTMLParser):
    """The page content's top-level elements, as (tag, its class, where its start tag begins,
    where that tag ends, where its end tag begins: the element's end for a void one)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        # getpos() counts lines by "\n" alone (str.splitlines would also split at a form
        # feed or U+2028 and shift every later offset).
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth, self.open, self.found = 0, None, []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            start = self._offset()
            self.open = (tag, dict(attrs).get("class") or "", start, start + len(self.get_starttag_text()))
        if tag not in _VOID:
            self.depth += 1
        elif self.depth == 0:
            self.found.append((*self.open, self.open[3]))

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            start = self._offset()
            end = start + len(self.get_starttag_text())
            self.found.append((tag, dict(attrs).get("class") or "", start, end, end))

    def handle_endtag(self, tag):
        if tag in _VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0 and self.open is not None:
            self.found.append((*self.open, self._offset()))
            self.open = None


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
    for tag, classes, start, tag_end, end in _TopLevel(html).found:
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
