"""Each page's Markdown converted to HTML once, kept for later builds.

A rebuild after editing one page used to convert all 46 Markdown pages again, in
both languages: Markdown, Pygments and, on the API pages, mkdocstrings loading
the library with griffe and rendering every docstring (half of a one-page
rebuild). mkdocs' ``Page.render`` is wrapped here: its result for a page (the
HTML, the table of contents, the title, the anchors the page holds and the links
it makes to other pages' anchors) is kept in ``.cache/pages`` under a key holding
everything it depends on:

- the page's Markdown after every ``on_page_markdown`` hook, its source path and URL;
- the config file, the hooks' code, Python and the versions of every package that takes part
  in the conversion (Markdown and its extensions, mkdocstrings and its handler,
  griffe, autorefs, Pygments, Material);
- every file of the build and where it goes (the links a page makes are checked
  and rewritten against them);
- for a page that documents the library (a ``:::`` line), the library's source
  and the template overrides.

Rendering also has side effects a kept result must repeat: mkdocstrings registers
each documented object with autorefs (what cross-references resolve to) and
with its inventory (``objects.inv``). The calls made while a page renders are
recorded with its result and made again, in the same order, when it is reused.
A render that logged a warning is not kept, so that ``--strict`` fails on every
build until the warning is gone, not only on the first. Labs (mkdocs-jupyter
renders them its own way) are not kept here; they have their own cache. A reused page
does not print again the INFO notes mkdocs gave when it first rendered it (links it
leaves as they are). Entries are never evicted: ``make clean`` empties the folder.

Same bytes: a reused page is the HTML, contents and anchors a fresh render gives
(``tests/test_pages.py``), and a build that reuses every page writes the site a cold
build writes (``diff -r``, in ``benchmarks/build-notes.md``).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import sys
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

import _site
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

# Bump when what is kept, or how it is replayed, changes.
_VERSION = "pages-1"
_PACKAGES = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "mkdocstrings",
             "mkdocstrings-python", "griffelib", "mkdocs-autorefs", "pygments")
# mkdocs serve loads the hooks again on every rebuild: wrap mkdocs' own render, never a wrapper.
_original_render = Page.__dict__.get("_unkept_render", Page.render)
Page._unkept_render = _original_render


@functools.cache
def _fixed_part(config_file: str) -> bytes:
    """What every page's key holds: this hook's version, Python, the packages, the config file and the hooks."""
    parts = [_VERSION, sys.version, *(f"{name}=={version(name)}" for name in _PACKAGES)]
    return "\n".join(parts).encode() + _site.source_hash(Path(config_file), _site.ROOT / "hooks").encode()


def _files_part(files) -> bytes:
    """Every file of this build and where it goes (links are checked and rewritten against them)."""
    listing = sorted(f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in files)
    return hashlib.sha256("\n".join(listing).encode()).digest()


def _key(page: Page, config, files) -> bytes:
    parts = [_fixed_part(config.config_file_path), _files_part(files), page.file.src_uri.encode(), page.url.encode(),
             page.markdown.encode()]
    if _documents_the_library(page.markdown):
        parts.append(_site.source_hash(_site.LIBRARY, _site.ROOT / "overrides").encode())
    return b"\0".join(parts)


def _documents_the_library(markdown: str) -> bool:
    return any(line.startswith(":::") for line in markdown.splitlines())


@contextmanager
def _recording(page: Page, config):
    """The autorefs and inventory registrations made while ``page`` renders, and its warnings."""
    calls: list[tuple[str, tuple, dict]] = []
    autorefs = config.plugins.get("autorefs")
    mkdocstrings = config.plugins.get("mkdocstrings")
    inventory = mkdocstrings.handlers.inventory if mkdocstrings is not None else None
    patched = []
    if autorefs is not None:
        register_anchor = autorefs.register_anchor

        def anchor(on_page, identifier, anchor=None, *, title=None, primary=True):
            calls.append(("anchor", (identifier, anchor), {"title": title, "primary": primary, "other": on_page is not page}))
            return register_anchor(on_page, identifier, anchor, title=title, primary=primary)

        autorefs.register_anchor = anchor
        patched.append((autorefs, "register_anchor"))
    if inventory is not None:
        register = inventory.register

        def item(*args, **kwargs):
            calls.append(("inventory", args, kwargs))
            return register(*args, **kwargs)

        inventory.register = item
        patched.append((inventory, "register"))
    # mkdocs' command line stops its own logger from propagating to the root one: listen to both.
    warnings = CountHandler(level=logging.WARNING)  # what mkdocs counts for --strict
    listened = (logging.getLogger(), logging.getLogger("mkdocs"))
    for logger in listened:
        logger.addHandler(warnings)
    try:
        yield calls, warnings
    finally:
        for logger in listened:
            logger.removeHandler(warnings)
        for owner, name in patched:
            delattr(owner, name)


def _replay(page: Page, config, calls) -> None:
    autorefs = config.plugins.get("autorefs")
    mkdocstrings = config.plugins.get("mkdocstrings")
    if any(kind == "inventory" for kind, _, _ in calls):
        # mkdocstrings writes objects.inv (and its CSS) only for handlers it has seen
        # used; with every API page reused, nothing else would make it see the one in use.
        mkdocstrings.handlers.get_handler("python")
    for kind, args, kwargs in calls:
        if kind == "anchor":
            autorefs.register_anchor(page, *args, title=kwargs["title"], primary=kwargs["primary"])
        else:
            mkdocstrings.handlers.inventory.register(*args, **kwargs)


def render(self: Page, config, files) -> None:
    """``Page.render``, or what it gave for the same key on an earlier build."""
    if not self.file.src_uri.endswith(".md") or self.markdown is None:
        return _original_render(self, config, files)
    key = _key(self, config, files)
    kept = _site.recall("pages", key)
    if kept is not None:
        result = pickle.loads(kept)
        self.content, self.toc, self._title_from_render = result["content"], result["toc"], result["title"]
        self.present_anchor_ids = result["anchors"]
        self.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in result["links"].items()}
        _replay(self, config, result["calls"])
        return None
    with _recording(self, config) as (calls, warnings):
        _original_render(self, config, files)
    # Not kept: a render that warned (--strict must fail again), one that registered an
    # anchor on another page, and one made with mkdocs at DEBUG level, which records no
    # links to other pages' anchors (their check would be skipped on every reuse).
    if warnings.counts or any(kwargs.get("other") for kind, _, kwargs in calls if kind == "anchor") \
            or self.links_to_anchors is None:
        return None
    result = {
        "content": self.content, "toc": self.toc, "title": self._title_from_render,
        "anchors": self.present_anchor_ids, "calls": calls,
        "links": {file.src_uri: dict(anchors) for file, anchors in self.links_to_anchors.items()},
    }
    _site.remember("pages", key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return None


def on_config(config):
    Page.render = render
    return config
