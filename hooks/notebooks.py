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

Before the first language is built, the labs of both languages are executed
side by side (`on_pre_build`, one process per lab, two at a time) into that same
cache, so that mkdocs-jupyter, page by page, finds each one there instead of
running the six one after another. Each lab is executed alone from its own
file; what is cached does not depend on the order they finish in. A lab that
fails there is left out of the cache, so mkdocs-jupyter runs it again and
fails the build with its error, as without this step.

One more patch is for speed only (same answers): mkdocs-jupyter reads every
Markdown page with jupytext to ask whether it is a notebook; with ``include``
naming only ``*.ipynb``, the answer for a ``.md`` page is no without reading it.

It also trims the rendered notebook: the inlined JupyterLab stylesheet (about
550 KB) and the MathJax loader (a CDN) are removed; ``nnnotes.css`` styles the
cells instead. Each code cell's copy button from nbconvert, which needs a script
that is not loaded (so it was hidden), goes too, with the hidden second copy of
the cell's source it would have copied: the lab is downloaded as a notebook.
"""

from __future__ import annotations

import html as html_lib
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import shutil
from pathlib import Path

import _site
import markdown
import mkdocs_jupyter.plugin
from markdown.extensions.toc import TocExtension
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File
from pymdownx.slugs import slugify

_CACHE = _site.CACHE / "notebooks"
log = get_plugin_logger("notebooks")


def _is_documentation_page(self: File) -> bool:
    return self.src_uri.endswith((".md", ".markdown", ".ipynb"))


class _KeepAll(set):
    """A 'used cache paths' set that says every path was used (so nothing is evicted)."""

    def __contains__(self, item: object) -> bool:  # noqa: D105
        return True


# Bump when this hook changes what is cached (the table of contents, say).
_CACHE_VERSION = "notebooks-2"


def _notebooks_only(should_include):
    """mkdocs-jupyter's ``should_include`` without reading Markdown pages: with ``include``
    naming only ``*.ipynb``, it reads every ``.md`` page with jupytext (twice per page
    and language, 4 s of a rebuild) and then answers no. Speed only: same answers."""

    def wrapped(file):
        if file.abs_src_path is not None and str(file.abs_src_path).endswith(".md"):
            return False
        return should_include(file)

    return wrapped


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
        if all(pattern.endswith(".ipynb") for pattern in jupyter.config["include"]):
            jupyter.should_include = _notebooks_only(jupyter.should_include)
        jupyter._nnnotes_configured = True
    return config


@event_priority(-200)
def on_pre_build(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter._used_cache_paths = _KeepAll()
        if _site.top_level_build(config):  # once per mkdocs build: the labs of every language
            pre_execute(jupyter, Path(config.docs_dir))


#: The options of mkdocs-jupyter's conversion (its ``on_pre_page``), passed as it passes them.
_CONVERT_OPTIONS = (
    "kernel_name", "theme", "allow_errors", "show_input", "no_input", "no_prompt",
    "remove_tag_config", "highlight_extra_classes", "include_requirejs", "custom_mathjax_url",
)
#: Labs executed at the same time (the machine this is tuned for has two cores).
JOBS = max(1, min(2, os.cpu_count() or 1))


def _execute_into_cache(notebook: str, cache_path: str, options: dict, toc_depth: int) -> None:
    """What mkdocs-jupyter does on a cache miss (``new_render``): execute, convert, store (in a child process)."""
    from mkdocs_jupyter import convert

    body = convert.nb2html(notebook, execute=True, **options)
    toc_tokens, title = mkdocs_jupyter.plugin._get_nb_toc_tokens(notebook, toc_depth)
    target = Path(cache_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}), encoding="utf-8")
    os.replace(temporary, target)


def _child(notebook: str, *args) -> None:
    try:
        _execute_into_cache(notebook, *args)
    except BaseException as error:  # noqa: BLE001  (mkdocs-jupyter runs it again and reports it)
        log.info(f"{notebook} failed ahead of the build ({type(error).__name__}); mkdocs-jupyter runs it again")
        os._exit(1)
    os._exit(0)


def pre_execute(jupyter, docs_dir: Path) -> list[Path]:
    """Execute every lab under ``docs_dir`` that mkdocs-jupyter's cache lacks, ``JOBS`` at a time; the labs run."""
    cfg = jupyter.config
    if not (cfg["execute"] and cfg["cache"]) or cfg["execute_ignore"]:
        return []  # mkdocs-jupyter decides per page; nothing to do ahead of it
    todo = {}
    for notebook in sorted(docs_dir.rglob("*.ipynb")):
        if not jupyter.should_include(File(notebook.relative_to(docs_dir).as_posix(), str(docs_dir), "", False)):
            continue
        key = mkdocs_jupyter.plugin._compute_cache_key(str(notebook), cfg, True)
        cache_path = mkdocs_jupyter.plugin._get_cache_path(cfg["cache_dir"], key)
        if not cache_path.exists():
            todo[notebook] = cache_path
    if not todo:
        return []
    options = {name: cfg[name] for name in _CONVERT_OPTIONS}
    # Forked children inherit this process's patches (the table of contents' slugify) and
    # need nothing pickled (this hook is no importable module).
    context = multiprocessing.get_context("fork")
    waiting, running = list(todo.items()), []
    while waiting or running:
        while waiting and len(running) < JOBS:
            notebook, cache_path = waiting.pop(0)
            child = context.Process(target=_child, args=(str(notebook), str(cache_path), options, cfg["toc_depth"]))
            child.start()
            running.append(child)
        multiprocessing.connection.wait([child.sentinel for child in running])  # the first to finish
        for child in running:
            if not child.is_alive():
                child.join()
        running = [child for child in running if child.exitcode is None]
    log.info(f"labs executed ahead, {min(JOBS, len(todo))} at a time: {len(todo)}")
    return sorted(todo)


# Where nbconvert starts a new output box for text printed by the same cell: the kernel
# sends printed text in chunks whose boundaries depend on timing (how busy the machine
# is), so two builds split one cell's output differently. A chunk that ends a line is
# joined to the plain text that follows it, so the page is the same on every build.
_STREAM_SPLIT = re.compile(
    r'\n</pre>\n</div>\n</div>\n<div class="jp-OutputArea-child">\n'
    r'<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
    r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain"(?: tabindex="0")?>\n<pre>'
)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.S)
# nbconvert's copy button of each code cell (a <clipboard-copy> element whose script is not
# loaded, so it is hidden) and the hidden copy of the cell's source it would copy.
_CELL_COPY = re.compile(r'<div class="zeroclipboard-container">\s*<clipboard-copy\b.*?</clipboard-copy>\s*</div>'
                        r'|<div class="clipboard-copy-txt"[^>]*>[^<]*</div>', re.S)
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
    html = _STREAM_SPLIT.sub("\n", html)
    # nbconvert's MathJax loader and its configuration; math in labs stays in code cells.
    html = _SCRIPT.sub("", html)
    html = _CELL_COPY.sub("", html)
    html = _HEADING.sub(_heading_ids, html)
    # Code and printed output scroll sideways on a phone: reachable by keyboard too.
    html = html.replace("<pre>", '<pre tabindex="0">')
    lang = _site.page_language(page)
    html = _describe_plots(html, lang)
    name = page.file.src_uri.rsplit("/", 1)[-1]
    button = f'<p><a class="md-button" href="{name}" download>{_site.ui("lab.download", lang)}</a></p>'
    return button + html
