"""hooks/pages.py: a page's HTML is converted once and reused while nothing it depends on changes.

Real mkdocs pages are rendered in a temporary project: the reused result must be
the same HTML, table of contents, title and anchors as a fresh render; the key must
follow the Markdown, the other files and (for an API page) the library; what mkdocstrings
registers while it renders must be registered again on reuse; a render that warned
must not be kept.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from _hooks import load_hook

pages = load_hook("pages")
_site = load_hook("_site")

PAGE = """\
# A title

Some *prose* and a [link to the other page](other.md#a-section).

## A section

```python
x = 1
```
"""


class Registry:
    """Stands for autorefs (``register_anchor``), mkdocstrings' inventory (``register``) and its handlers."""

    def __init__(self) -> None:
        self.anchors: list[tuple] = []
        self.items: list[dict] = []
        self.seen: list[str] = []  # handlers mkdocstrings was asked for (it writes objects.inv for those)

    def register_anchor(self, page, identifier, anchor=None, *, title=None, primary=True):
        self.anchors.append((page.url, identifier, anchor, title, primary))

    def register(self, **item):
        self.items.append(item)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_site, "CACHE", tmp_path / "cache")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(PAGE, encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## A section\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [toc, pymdownx.superfences]\n",
                                         encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    registry = Registry()
    handlers = SimpleNamespace(inventory=registry, get_handler=registry.seen.append)
    config.plugins = {"autorefs": registry, "mkdocstrings": SimpleNamespace(handlers=handlers)}
    files = Files([File(name, str(docs), str(tmp_path / "site"), use_directory_urls=True)
                   for name in ("page.md", "other.md")])
    return SimpleNamespace(config=config, files=files, registry=registry, docs=docs)


def rendered(project, name: str = "page.md", markdown: str | None = None) -> Page:
    page = Page(None, project.files.get_file_from_path(name), project.config)
    page.markdown = (project.docs / name).read_text(encoding="utf-8") if markdown is None else markdown
    pages.render(page, project.config, project.files)
    return page


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count mkdocs' own renders (the ones not served from the cache)."""
    calls: list[str] = []
    original = pages._original_render

    def render(page, config, files):
        calls.append(page.file.src_uri)
        return original(page, config, files)

    monkeypatch.setattr(pages, "_original_render", render)
    return calls


def test_a_kept_page_is_what_a_fresh_render_gives(project, monkeypatch) -> None:
    calls = counting(monkeypatch)
    fresh, kept = rendered(project), rendered(project)
    assert calls == ["page.md"]
    assert kept.content == fresh.content and "<em>prose</em>" in kept.content
    assert [(i.title, i.id, [c.id for c in i.children]) for i in kept.toc] == \
        [(i.title, i.id, [c.id for c in i.children]) for i in fresh.toc] == [("A title", "a-title", ["a-section"])]
    assert kept.title == fresh.title == "A title"
    assert kept.present_anchor_ids == fresh.present_anchor_ids == {"a-title", "a-section"}
    # The link to another page's anchor is still checked by mkdocs after the render.
    assert {f.src_uri: links for f, links in kept.links_to_anchors.items()} == {"other.md": {"a-section": "other.md#a-section"}}
    assert all(isinstance(f, File) for f in kept.links_to_anchors)


def test_the_key_follows_the_markdown_and_the_other_files(project, monkeypatch) -> None:
    calls = counting(monkeypatch)
    rendered(project)
    rendered(project, markdown=PAGE + "\nOne more sentence.\n")
    assert calls == ["page.md", "page.md"]
    project.files.append(File("new.md", str(project.docs), "site", use_directory_urls=True))
    rendered(project)
    assert calls == ["page.md"] * 3


def test_an_api_page_follows_the_library(project, monkeypatch) -> None:
    calls = counting(monkeypatch)
    api = "# API\n\n::: nnnotes.activations\n"
    def render(page, config, files):
        calls.append("api")
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = "<p>api</p>", [], None, set()
        page.links_to_anchors = {}

    monkeypatch.setattr(pages, "_original_render", render)
    for _ in range(2):
        rendered(project, markdown=api)
    assert calls == ["api"]
    monkeypatch.setattr(_site, "source_hash", lambda *paths, salt="": "an edited library")
    rendered(project, markdown=api)
    assert calls == ["api", "api"]
    rendered(project)  # prose does not depend on the library
    rendered(project)
    assert calls.count("page.md") == 0 and len(calls) == 3


def test_what_mkdocstrings_registers_is_registered_again(project, monkeypatch) -> None:
    def render(page, config, files):
        config.plugins["autorefs"].register_anchor(page, "nnnotes.relu", title="relu", primary=True)
        config.plugins["autorefs"].register_anchor(page, "relu", "nnnotes.relu", primary=False)
        config.plugins["mkdocstrings"].handlers.inventory.register(name="nnnotes.relu", domain="py", role="function",
                                                                   priority=1, uri=f"{page.url}#nnnotes.relu")
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = "<p>x</p>", [], None, set()
        page.links_to_anchors = {}

    monkeypatch.setattr(pages, "_original_render", render)
    rendered(project)
    first = (list(project.registry.anchors), list(project.registry.items))
    assert len(first[0]) == 2 and len(first[1]) == 1
    monkeypatch.setattr(pages, "_original_render", lambda *a: pytest.fail("rendered again"))
    rendered(project)
    assert project.registry.anchors == first[0] * 2
    assert project.registry.items == first[1] * 2
    assert project.registry.seen == ["python"]  # so that objects.inv is written with every page reused
    # The wrappers are gone once the page is rendered: the plugins' own methods again.
    assert "register_anchor" not in vars(project.registry) and "register" not in vars(project.registry)


@pytest.mark.parametrize("logger", ["mkdocs.structure.pages", "mkdocs.plugins.mkdocstrings", "griffe"])
def test_a_render_that_warned_is_not_kept(project, monkeypatch, logger: str) -> None:
    # mkdocs' command line stops the "mkdocs" logger from propagating to the root one.
    monkeypatch.setattr(logging.getLogger("mkdocs"), "propagate", False)
    calls = []

    def render(page, config, files):
        calls.append(1)
        logging.getLogger(logger).warning("a broken reference")
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = "<p>x</p>", [], None, set()
        page.links_to_anchors = {}

    monkeypatch.setattr(pages, "_original_render", render)
    monkeypatch.setattr(logging.getLogger(logger), "handlers", [logging.NullHandler()])  # keep the output quiet
    rendered(project)
    rendered(project)
    assert calls == [1, 1]
    assert not (_site.CACHE / "pages").exists()


def test_a_render_without_its_links_checked_is_not_kept(project, monkeypatch) -> None:
    """At DEBUG level mkdocs records no links to other pages' anchors: reusing that page
    would skip their check in later builds."""
    calls = counting(monkeypatch)
    original = pages._original_render

    def render(page, config, files):
        original(page, config, files)
        page.links_to_anchors = None

    monkeypatch.setattr(pages, "_original_render", render)
    rendered(project)
    rendered(project)
    assert calls == ["page.md", "page.md"]
    assert not (_site.CACHE / "pages").exists()


def test_labs_are_left_to_mkdocs_jupyter(project, monkeypatch) -> None:
    calls = counting(monkeypatch)
    page = Page(None, File("lab.ipynb", str(project.docs), "site", use_directory_urls=True), project.config)
    page.markdown = "{}"
    monkeypatch.setattr(pages, "_original_render", lambda page, config, files: calls.append(page.file.src_uri))
    pages.render(page, project.config, project.files)
    pages.render(page, project.config, project.files)
    assert calls == ["lab.ipynb", "lab.ipynb"]
