"""Make mkdocs-jupyter work under mkdocs-static-i18n.

Four patches, each for a failure that is silent otherwise; ``tests/test_notebooks.py``
checks each against the installed versions and says when an upgrade changes
what a patch relies on, or makes it needless:

1. The i18n plugin rebuilds every ``File`` as a plain mkdocs ``File``, which
   does not count ``.ipynb`` as a documentation page, so notebooks were copied
   raw (upstream: ultrabug/mkdocs-static-i18n#198). Teaching ``File`` that a
   notebook is a page keeps the i18n bookkeeping (URLs, alternates for the
   language switch) right for labs too.
2. mkdocs-jupyter caches executed notebooks by their own bytes only; a change
   in the library would not re-execute them. The cache folder is keyed by the
   library's hash (``_site.source_hash``) as well.
3. mkdocs-jupyter evicts cache entries not used by *its* build, and the i18n
   plugin runs one build per language, so each language evicted the other's
   entries. Eviction is left to this hook, which drops stale library hashes.
4. mkdocs-jupyter builds a notebook's table of contents with Python-Markdown's
   default slugify, which turns Persian headings into ``_1``, ``_2``: links to
   nowhere. It uses the site's slugify (the one in mkdocs.yml) instead, and
   headings that nbconvert left without an id get the same slug.

It also trims the rendered notebook: the inlined JupyterLab stylesheet (about
550 KB) and the MathJax loader (a CDN) are removed; ``nnnotes.css`` styles the
cells instead.
"""

from __future__ import annotations

import html as html_lib
import re
import shutil

import _site
import markdown
import mkdocs_jupyter.plugin
from markdown.extensions.toc import TocExtension
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from pymdownx.slugs import slugify

_CACHE = _site.CACHE / "notebooks"


def _is_documentation_page(self: File) -> bool:
    return self.src_uri.endswith((".md", ".markdown", ".ipynb"))


class _KeepAll(set):
    """A 'used cache paths' set that says every path was used (so nothing is evicted)."""

    def __contains__(self, item: object) -> bool:  # noqa: D105
        return True


# Bump when this hook changes what is cached (the table of contents, say).
_CACHE_VERSION = "notebooks-2"


def _markdown_toc(markdown_source: str, toc_depth: int) -> list:
    md = markdown.Markdown(extensions=[TocExtension(toc_depth=toc_depth, slugify=_slugify)])
    md.convert(markdown_source)
    return md.toc_tokens


def on_config(config):
    File.is_documentation_page = _is_documentation_page
    mkdocs_jupyter.plugin._get_markdown_toc = _markdown_toc
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None and not getattr(jupyter, "_nnnotes_configured", False):
        key = _site.source_hash(salt=_CACHE_VERSION)
        if _CACHE.is_dir():
            for old in _CACHE.iterdir():
                if old.name != key:
                    shutil.rmtree(old, ignore_errors=True)
        jupyter.config["cache_dir"] = str(_CACHE / key)
        jupyter._nnnotes_configured = True
    return config


@event_priority(-200)
def on_pre_build(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter._used_cache_paths = _KeepAll()


_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.S)
_HEADING = re.compile(r'<(h[1-6]) id="([^"]*)">(.*?)</\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_slugify = slugify(case="lower")
_NB_ALT = 'alt="No description has been provided for this image"'


def _heading_ids(match: re.Match) -> str:
    tag, _, inner = match.groups()
    # nbconvert's ids are empty for Persian headings and drop non-ASCII words from
    # mixed ones; use the slug the table of contents links to (see _markdown_toc).
    inner = _ANCHOR_LINK.sub("", inner)
    anchor = _slugify(html_lib.unescape(_TAG.sub("", inner)).strip(), "-")
    return f'<{tag} id="{anchor}">{inner}</{tag}>'


def _describe_plots(html: str, lang: str) -> str:
    """Replace nbconvert's placeholder alt text of plots with the section they belong to."""
    parts, section = [], ""
    last = 0
    for match in re.finditer(rf'<h[1-3] id="[^"]*">(.*?)</h[1-3]>|{_NB_ALT}', html, re.S):
        if match.group(1) is not None:
            section = html_lib.unescape(_TAG.sub("", match.group(1))).strip()
            continue
        alt = html_lib.escape(_site.ui("lab.plot_alt", lang).format(section), quote=True)
        parts += [html[last:match.start()], f'alt="{alt}"']
        last = match.end()
    return "".join(parts) + html[last:]


def on_page_content(html, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    html = _STYLE.sub("", html)
    # nbconvert's MathJax loader and its configuration; math in labs stays in code cells.
    html = _SCRIPT.sub("", html)
    html = _HEADING.sub(_heading_ids, html)
    # Code and printed output scroll sideways on a phone: reachable by keyboard too.
    html = html.replace("<pre>", '<pre tabindex="0">')
    lang = _site.page_language(page)
    html = _describe_plots(html, lang)
    name = page.file.src_uri.rsplit("/", 1)[-1]
    button = f'<p><a class="md-button" href="{name}" download>{_site.ui("lab.download", lang)}</a></p>'
    return button + html
