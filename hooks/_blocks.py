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


class _TopLevel(HTMLParser):
    """The page content's top-level elements: (tag, start of the start tag, its end, end of the element)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
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
        inner = html[tag_end:end]
        if "<pre" in inner or "<picture" in inner:
            continue
        start_tag = html[start:tag_end]
        if classes:
            marked = re.sub(r'(\sclass=")', rf"\1{LATER_CLASS} ", start_tag, count=1)
        else:
            marked = start_tag[: len(tag) + 1] + f' class="{LATER_CLASS}"' + start_tag[len(tag) + 1:]
        out += [html[position:start], marked]
        position = tag_end
    out.append(html[position:])
    return "".join(out)


