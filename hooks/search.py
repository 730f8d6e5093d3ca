"""The search index: one per language, and small, since every page downloads its own.

- One index per language. mkdocs-static-i18n writes a single
  ``search/search_index.json`` with both languages (it has no option to split
  it: ultrabug/mkdocs-static-i18n#271), so every page fetched and indexed both,
  and a search on an English page listed Persian pages. After the build the
  Persian entries stay in ``search/search_index.json`` and the English ones,
  with their ``en/`` prefix removed, go to ``en/search/search_index.json``.
  Material fetches the index, and resolves its result links, relative to the
  ``base`` of the page's ``__config`` script: on English pages that base
  points at ``en/``. (Nothing else of Material reads it on this site: no
  versions, no instant navigation.)
- Labs are left out of the index: their text repeats the chapter pages, and
  their code cells are long. (Pages can opt out the same way with the front
  matter ``search: {exclude: true}``; the API reference does.)
- Code blocks are left out of the indexed text: a page's identifiers are in its
  prose too (in ``code`` spans, which stay), and the blocks were a fifth of the
  index.
- The index is written as UTF-8 instead of ``\\uXXXX`` escapes: Persian text
  takes half the bytes.
- A page's HTML is cut into the index's sections once: Material's parser (a
  Python HTML parser over every page, a fifth of a rebuild's time) runs only for
  HTML it has not seen, and its sections are kept in ``.cache/search`` (keyed by
  the HTML, this hook and Material's version) for the next build and for
  ``mkdocs serve``. What is made of the sections is Material's, unchanged.
"""

from __future__ import annotations

import json
import pickle
import re
from importlib.metadata import version
from pathlib import Path

import _site
from material.plugins.search import plugin as material_search
from mkdocs.plugins import event_priority

INDEX = "search/search_index.json"
_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": ")([^"]*)(")')
_CODE_BLOCK = re.compile(r"<pre\b[^>]*>.*?</pre>", re.S)


def page_sections(content: str) -> list:
    """Material's sections of a page's HTML (its ``Parser``), parsed once per HTML and kept."""

    def parse() -> bytes:
        parser = material_search.Parser()
        parser.feed(content)
        parser.close()
        return pickle.dumps(parser.data, protocol=pickle.HIGHEST_PROTOCOL)

    key = b"|".join((Path(__file__).read_bytes(), version("mkdocs-material").encode(), content.encode()))
    # A fresh copy each time: Material writes the page title into a section without one.
    return pickle.loads(_site.kept("search", key, parse))


def _add_entry_from_context(self, page) -> None:
    """Material's ``SearchIndex.add_entry_from_context``, with the parse kept by `page_sections`."""
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    for section in page_sections(page.content):
        if not section.is_excluded():
            self.create_entry_for_section(section, page.toc, page.url, page)


material_search.SearchIndex.add_entry_from_context = _add_entry_from_context


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        page.meta.setdefault("search", {})["exclude"] = True
    return markdown


def point_base_at(output: str, lang: str) -> str:
    """Make the ``base`` of Material's ``__config`` on a page of ``lang`` its language's folder."""
    if lang == _site.DEFAULT_LANG:
        return output

    def rebase(match: re.Match) -> str:
        base = match.group(2).rstrip("/") or "."
        return f"{match.group(1)}{base}/{lang}/{match.group(3)}"

    output, count = _CONFIG_BASE.subn(rebase, output, count=1)
    if count != 1:
        raise ValueError("no base in the __config script of the page: Material's template changed")
    return output


def on_post_page(output, page, config):
    return point_base_at(output, _site.page_language(page))


def split_index(data: dict) -> dict[str, dict]:
    """The merged index as one index per language, keyed by the folder it is written to ("" or "en/")."""
    parts: dict[str, list] = {lang: [] for lang in _site.LANGS}
    for doc in data["docs"]:
        location = doc["location"]
        lang = next((lang for lang in _site.LANGS if lang != _site.DEFAULT_LANG and location.startswith(f"{lang}/")),
                    _site.DEFAULT_LANG)
        if lang != _site.DEFAULT_LANG:
            location = location[len(lang) + 1:]
        parts[lang].append({**doc, "location": location, "text": _CODE_BLOCK.sub("", doc["text"])})
    return {("" if lang == _site.DEFAULT_LANG else f"{lang}/"): {**data, "docs": docs} for lang, docs in parts.items()}


@event_priority(-200)  # after the i18n plugin has written the merged index of every language
def on_post_build(config):
    if not _site.top_level_build(config):
        return
    site = Path(config.site_dir)
    merged = site / INDEX
    if not merged.is_file():
        return
    for folder, data in split_index(json.loads(merged.read_text(encoding="utf-8"))).items():
        target = site / folder / INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
