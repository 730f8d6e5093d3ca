"""The glossary: one data file (``hooks/glossary.yml``), two uses.

- ``glossary.md`` of each language has the placeholder ``<!-- glossary-table -->``,
  replaced by the table of terms (this language's term, the other language's,
  a one-line definition), sorted in this language's alphabetical order. Each row
  has the id ``term-<english-term-slug>``, the same in both languages.
- In every other page, the first occurrence of each term in running text is
  wrapped in ``<abbr title="the other language's term" tabindex="0">``; a small
  script in ``overrides/main.html`` shows the equivalent under the term on hover,
  and, since the term takes focus, on keyboard focus and on a tap. Code, math,
  headings, links and existing abbreviations are left alone. Matching is on
  whole words: a Persian term does not match inside a longer word, and the
  zero-width non-joiner (U+200C) counts as part of a word.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from pathlib import Path

import _site
import _text
import yaml
from mkdocs.exceptions import PluginError

DATA = Path(__file__).with_name("glossary.yml")
PLACEHOLDER = "<!-- glossary-table -->"
GLOSSARY_PAGE = "glossary.md"
LANGS = _site.LANGS
# Elements whose text is never marked. (Void elements never hold text.)
_SKIP = frozenset("a abbr button code h1 h2 h3 h4 h5 h6 kbd label math pre samp script select style svg textarea title".split())
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG_NAME = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")
# Persian alphabetical order (آ with ا); other characters sort after, by code point.
_FA_ORDER = {ch: i for i, ch in enumerate("آاأبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئ")}
_FA_ORDER["آ"] = _FA_ORDER["ا"]

@dataclass(frozen=True)
class Term:
    """One concept: its word in each language, other forms, and definitions."""

    en: str
    fa: str
    en_also: tuple[str, ...]
    fa_also: tuple[str, ...]
    avoid: tuple[str, ...]
    en_def: str
    fa_def: str

    def word(self, lang: str) -> str:
        return self.fa if lang == "fa" else self.en

    def other(self, lang: str) -> str:
        return self.en if lang == "fa" else self.fa

    def forms(self, lang: str) -> tuple[str, ...]:
        return (self.word(lang), *(self.fa_also if lang == "fa" else self.en_also))

    def definition(self, lang: str) -> str:
        return self.fa_def if lang == "fa" else self.en_def

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.en.lower()).strip("-")


def load_terms(path: Path = DATA) -> list[Term]:
    """Read and check the glossary data file."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = []
    for index, entry in enumerate(entries, start=1):
        missing = {"en", "fa", "en_def", "fa_def"} - set(entry)
        if missing:
            raise ValueError(f"{path.name}: entry {index} ({entry.get('en', '?')!r}) lacks {sorted(missing)}")
        terms.append(Term(
            en=entry["en"], fa=entry["fa"],
            en_also=tuple(entry.get("en_also", ())), fa_also=tuple(entry.get("fa_also", ())),
            avoid=tuple(entry.get("avoid", ())),
            en_def=entry["en_def"].strip(), fa_def=entry["fa_def"].strip(),
        ))
    for lang in LANGS:
        seen: dict[str, str] = {}
        for term in terms:
            for form in term.forms(lang):
                key = form.lower()
                if key in seen:
                    raise ValueError(f"{path.name}: {form!r} belongs to both {seen[key]!r} and {term.en!r}")
                seen[key] = term.en
    return terms


def sort_key(word: str, lang: str):
    if lang == "fa":
        return [_FA_ORDER.get(ch, 100 + ord(ch)) for ch in word if ch != "\u200c"]
    return word.lower()


def render_table(terms: list[Term], lang: str) -> str:
    """The glossary table of one language: HTML whose cells are Markdown (``md_in_html``),
    so that the definitions' math goes through arithmatex and the MathML hook."""
    head = "".join(f"<th>{html_lib.escape(_site.ui(key, lang))}</th>" for key in ("glossary.term", "glossary.other", "glossary.meaning"))
    other = "en" if lang == "fa" else "fa"
    rows = [
        f'<tr id="{term.anchor}" markdown="1"><td markdown="span">**{term.word(lang)}**</td>'
        f'<td lang="{other}" markdown="span">{term.other(lang)}</td><td markdown="span">{term.definition(lang)}</td></tr>'
        for term in sorted(terms, key=lambda t: sort_key(t.word(lang), lang))
    ]
    return (
        f'<div class="nn-glossary" markdown="1">\n<table markdown="1">\n<thead><tr>{head}</tr></thead>\n'
        '<tbody markdown="1">\n' + "\n".join(rows) + "\n</tbody>\n</table>\n</div>"
    )


class Marker:
    """Wraps the first occurrence of each term in a page's HTML in an <abbr>."""

    def __init__(self, terms: list[Term], lang: str) -> None:
        self.lang = lang
        self._term_of: dict[str, Term] = {}
        for term in terms:
            for form in term.forms(lang):
                self._term_of[form.lower()] = term
        # Longest first, so that "vanishing gradient" wins over "gradient".
        alternatives = "|".join(re.escape(f) for f in sorted(self._term_of, key=len, reverse=True))
        flags = re.IGNORECASE if lang == "en" else 0
        # Whole words only: a Persian term does not match inside a longer word (see _text.WORD).
        self._pattern = re.compile(rf"(?<![{_text.WORD}])(?:{alternatives})(?![{_text.WORD}])", flags)

    def __call__(self, html: str) -> str:
        done: set[str] = set()

        def mark(match: re.Match) -> str:
            term = self._term_of[match.group(0).lower()]
            if term.en in done:
                return match.group(0)
            done.add(term.en)
            title = html_lib.escape(term.other(self.lang), quote=True)
            return f'<abbr title="{title}" tabindex="0">{match.group(0)}</abbr>'

        out = []
        skipping = 0
        position = 0
        for token in _TOKEN.finditer(html):
            text = html[position : token.start()]
            out.append(text if skipping or not text.strip() else self._pattern.sub(mark, text))
            out.append(token.group(0))
            position = token.end()
            name = _TAG_NAME.match(token.group(0))
            if name and name.group(1).lower() in _SKIP and not token.group(0).endswith("/>"):
                skipping += -1 if token.group(0).startswith("</") else 1
        tail = html[position:]
        out.append(tail if skipping else self._pattern.sub(mark, tail))
        return "".join(out)


# ---- mkdocs events -------------------------------------------------------------

_state: dict[str, object] = {"terms": None, "markers": {}}


def on_config(config):
    try:
        terms = load_terms()
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise PluginError(f"glossary: {error}") from error
    _state["terms"] = terms
    _state["markers"] = {lang: Marker(terms, lang) for lang in LANGS}
    return config


def on_page_markdown(markdown_text, page, config, files):
    lang = _site.page_language(page)
    if page.file.src_uri != f"{lang}/{GLOSSARY_PAGE}":
        return markdown_text
    if PLACEHOLDER not in markdown_text:
        raise PluginError(f"{page.file.src_uri}: the placeholder {PLACEHOLDER} is missing")
    return markdown_text.replace(PLACEHOLDER, "\n\n" + render_table(_state["terms"], lang) + "\n\n", 1)


def on_page_content(html, page, config, files):
    lang = _site.page_language(page)
    if page.file.src_uri == f"{lang}/{GLOSSARY_PAGE}":
        return html
    return _state["markers"][lang](html)
