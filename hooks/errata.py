"""The errata page: every correction of the sheet made on the site, in one table.

A chapter page marks a correction with an ``erratum`` admonition, and names the
sheet's answer in its front matter::

    ---
    answer: Q3.a-2
    ---
    # Title

    !!! erratum "What the sheet says"

        What is right, in one self-contained paragraph.

        More explanation.

For each language build this hook reads the Markdown sources of that
language's pages (never the fallback copies of the other language), collects
every erratum (answer, title, first paragraph) and replaces the placeholder
``<!-- errata-table -->`` of ``errata.md`` with a table sorted in sheet order.
Cells are rendered with the site's own Markdown extensions, so math in them
becomes MathML like everywhere else (``hooks/mathml.py`` runs afterwards).
In the rendered pages every erratum admonition gets the id ``erratum-<n>``
(1, 2, ... in page order), which the table links to.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

import _site
import _text
import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

PLACEHOLDER = "<!-- errata-table -->"
ERRATA_PAGE = "errata.md"
#: The answers in the order the sheet gives them.
SHEET_ORDER = ("Q1.b", "Q2.a", "Q2.c", "Q3.a-1", "Q3.a-2", "Q3.b", "Q3.c", "Q3.d", "Q4.a", "Xavier")

_ADMONITION = re.compile(r'^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?) *erratum(?: +"(?P<title>.*)")? *$')
_H1 = re.compile(r"^# +(?P<title>.+?)[ #]*$")
_RENDERED = re.compile(r'<(div|details) class="(?:admonition )?erratum(?: [^"]*)?"')
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")

@dataclass(frozen=True)
class Erratum:
    """One correction: where it is and what it says (Markdown)."""

    answer: str
    page: str  # the page's path inside its language folder, e.g. "regularization/l1.md"
    page_title: str
    number: int  # 1-based position among the page's errata: the id is erratum-<number>
    title: str
    right: str

    @property
    def anchor(self) -> str:
        return f"erratum-{self.number}"


def parse_page(text: str, page: str) -> list[Erratum]:
    """Every erratum admonition of one page's Markdown source, in page order."""
    body, meta = get_data(text)
    answer = str(meta.get("answer", "")).strip()
    page_title = str(meta.get("title", "")).strip()
    # Fenced code is blanked out: nothing in it is an erratum, and it ends a paragraph.
    lines = [line.text if line.role == "text" else "" for line in _text.scan(body.splitlines())]
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not page_title and (h1 := _H1.match(line)):
            page_title = h1["title"]
        admonition = _ADMONITION.match(line)
        if not admonition:
            i += 1
            continue
        width = len(admonition["indent"].expandtabs(4)) + 4
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        paragraph = []
        while i < len(lines) and lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) >= width:
            paragraph.append(lines[i].strip())
            i += 1
        found.append((admonition["title"] or "", " ".join(paragraph)))
    return [
        Erratum(answer, page, page_title or page, number, title, right)
        for number, (title, right) in enumerate(found, start=1)
    ]


def sort_key(erratum: Erratum) -> tuple[int, str, int]:
    """Sheet order; answers the sheet does not have come last."""
    rank = SHEET_ORDER.index(erratum.answer) if erratum.answer in SHEET_ORDER else len(SHEET_ORDER)
    return rank, erratum.page, erratum.number


class _Inline:
    """Render short Markdown snippets (table cells) with the site's extensions."""

    def __init__(self, config) -> None:
        self._md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def __call__(self, text: str) -> str:
        # Cells are taken out of their page: keep a link's text, drop its target.
        self._md.reset()
        out = self._md.convert(_LINK.sub(r"\1", text)).strip()
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return out


def render_table(errata: list[Erratum], lang: str, url_of, render) -> str:
    """The errata table as HTML. ``url_of(erratum)`` gives the link, ``render`` turns Markdown into HTML."""
    if not errata:
        return f"<p><em>{html_lib.escape(_site.ui('errata.none', lang))}</em></p>"
    rows = []
    for erratum in sorted(errata, key=sort_key):
        rows.append(
            "<tr>"
            f"<td>{html_lib.escape(erratum.answer or '—')}</td>"
            f"<td>{render(erratum.title) if erratum.title else '—'}</td>"
            f"<td>{render(erratum.right)}</td>"
            f'<td><a href="{html_lib.escape(url_of(erratum), quote=True)}">{render(erratum.page_title)}</a></td>'
            "</tr>"
        )
    head = "".join(f"<th>{html_lib.escape(_site.ui('errata.' + key, lang))}</th>" for key in ("answer", "sheet", "right", "where"))
    return (
        f'<div class="nn-errata">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>"
    )


def number_errata(html: str) -> str:
    """Give the n-th rendered erratum admonition of a page the id ``erratum-n``."""
    count = 0

    def add_id(match: re.Match) -> str:
        nonlocal count
        count += 1
        return f'{match.group(0)} id="erratum-{count}"'

    return _RENDERED.sub(add_id, html)


# ---- mkdocs events -------------------------------------------------------------

_state: dict[str, object] = {"lang": None, "errata": [], "urls": {}}


@event_priority(-150)  # after the i18n plugin has chosen this language's files
def on_files(files, config):
    lang = _site.build_language(config)
    errata: list[Erratum] = []
    urls: dict[str, str] = {}
    for file in files.documentation_pages():
        if not file.src_uri.startswith(f"{lang}/") or not file.src_uri.endswith(".md"):
            continue  # another language's page (i18n fallback), or a notebook
        page = file.src_uri[len(lang) + 1 :]
        urls[page] = file.url
        errata += parse_page(file.content_string, page)
    _state.update(lang=lang, errata=errata, urls=urls)
    return files


def on_page_markdown(markdown_text, page, config, files):
    lang = _state["lang"]
    if page.file.src_uri != f"{lang}/{ERRATA_PAGE}":
        return markdown_text
    if PLACEHOLDER not in markdown_text:
        raise PluginError(f"{page.file.src_uri}: the placeholder {PLACEHOLDER} is missing")
    urls = _state["urls"]

    def url_of(erratum: Erratum) -> str:
        return get_relative_url(urls[erratum.page], page.url) + "#" + erratum.anchor

    table = render_table(_state["errata"], lang, url_of, _Inline(config))
    return markdown_text.replace(PLACEHOLDER, "\n\n" + table + "\n\n", 1)


def on_page_content(html, page, config, files):
    return number_errata(html)
