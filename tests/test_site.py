"""Checks of the built site in site/ (``make test`` builds it first with ``mkdocs build --strict``)."""

from __future__ import annotations

import functools
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from _site_server import PREFIX

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNNOTES_SITE_DIR", ROOT / "site"))
DOCS = ROOT / "docs"
# Attributes through which a page makes the browser load something.
LOADING = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
    ("image", "href"), ("use", "href"),
}
LOADING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon", "manifest", "prefetch"}
ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# Every check here reads site/: `make check` leaves them out (-m "not site").
pytestmark = pytest.mark.site


class Page(HTMLParser):
    """The parts of an HTML page these checks need."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str] = {}
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_attrs = attrs
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        for attr in ("src", "srcset", "href", "data"):
            if (tag, attr) in LOADING and attrs.get(attr):
                self.loads.append((tag, attrs[attr]))
        if tag == "link" and LOADING_LINK_RELS & set(attrs.get("rel", "").lower().split()):
            self.loads.append(("link", attrs.get("href", "")))
        if "style" in attrs:
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def require_site() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `make site` (make test does) before these checks")


def html_pages() -> list[Path]:
    if not SITE.is_dir():
        return []
    return sorted(p for p in SITE.rglob("*.html") if "assets" not in p.relative_to(SITE).parts)


_parsed: dict[Path, Page] = {}


def parse(path: Path) -> Page:
    if path not in _parsed:
        _parsed[path] = Page(path.read_text(encoding="utf-8"))
    return _parsed[path]


def page_id(path: Path) -> str:
    return str(path.relative_to(SITE))


def is_english(path: Path) -> bool:
    return path.relative_to(SITE).parts[0] == "en"


def test_the_site_was_built() -> None:
    require_site()
    assert len(html_pages()) >= 4
    for lang_home in (SITE / "index.html", SITE / "en" / "index.html"):
        assert lang_home.is_file(), f"missing {lang_home}"


@pytest.mark.parametrize("path", html_pages(), ids=page_id)
def test_language_and_direction(path: Path) -> None:
    attrs = parse(path).html_attrs
    expected = ("en", "ltr") if is_english(path) else ("fa", "rtl")
    assert (attrs.get("lang"), attrs.get("dir")) == expected, f"{page_id(path)}: <html {attrs}>, expected lang/dir {expected}"


_NAMED = re.compile(r'\s(?:title|aria-label|alt|placeholder)="([^"]*)"')
_LEFT_OUT = re.compile(r"<(pre|code|math)\b.*?</\1>|<abbr\b[^>]*>", re.S)


@functools.cache
def _library_names() -> frozenset[str]:
    """The names a reader meets in the API pages: nnnotes' modules and packages, and
    the public names each of them defines."""
    import importlib
    import pkgutil

    import nnnotes

    names = {"nnnotes"}
    for info in pkgutil.walk_packages(nnnotes.__path__, "nnnotes."):
        names.add(info.name.rsplit(".", 1)[-1])
        module = importlib.import_module(info.name)
        names.update(n for n, v in vars(module).items()
                     if not n.startswith("_") and getattr(v, "__module__", "").startswith("nnnotes"))
    return frozenset(names)


@pytest.mark.parametrize("path", [p for p in html_pages() if not is_english(p)], ids=page_id)
def test_persian_pages_name_their_controls_in_persian(path: Path) -> None:
    """Titles, accessible names, alt texts and placeholders of a Persian page are Persian
    (the glossary's terms, whose title is the English word, and code are left out),
    apart from the names of the library (its own, and those in the API pages' contents,
    dotted paths such as nnnotes.layers included)."""
    html = _LEFT_OUT.sub("", path.read_text(encoding="utf-8"))
    library = _library_names()
    english = sorted({v for v in _NAMED.findall(html) if not re.search("[\u0600-\u06ff]", v)
                      and v not in library and not set(v.split(".")) <= library})
    assert not english, f"{page_id(path)} names controls in English: {english}"


@pytest.mark.parametrize("path", html_pages(), ids=page_id)
def test_the_first_paint_waits_for_the_whole_header(path: Path) -> None:
    """overrides/main.html holds the first paint until the header is parsed
    (``<link rel="expect" blocking="render">``): a header painted in part moved its
    buttons sideways when the rest arrived (layout shift). The element it waits for
    must come right after the header; missing, the paint would wait for the whole page."""
    html = path.read_text(encoding="utf-8")
    expect = re.search(r'<link rel="expect" href="#([^"]+)" blocking="render">', html)
    assert expect, f"{page_id(path)}: no render-blocking expect link"
    assert expect.start() < html.index("<body"), f"{page_id(path)}: the expect link is not in <head>, where it counts"
    marker = html.find(f'id="{expect.group(1)}"')
    assert html.count(f'id="{expect.group(1)}"') == 1, f"{page_id(path)}: {expect.group(1)!r} is not one element"
    assert 0 <= marker - html.index("</header>") < 200, f"{page_id(path)}: {expect.group(1)!r} is not right after the header"


_BUNDLE_TAG = re.compile(r'<script\b[^>]*\bsrc="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"')
_BUNDLE_PRELOAD = re.compile(r'<link rel="preload" href="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)" as="script">')
_BUNDLE_LOADER = re.compile(r's\.src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"')


@pytest.mark.parametrize("path", html_pages(), ids=page_id)
def test_materials_script_runs_after_the_page_is_parsed(path: Path) -> None:
    """overrides/main.html: no parser-blocking tag for Material's script; a preload fetches
    it while the page is parsed and the loader runs that same file, which exists."""
    html = path.read_text(encoding="utf-8")
    assert not _BUNDLE_TAG.search(html), f"{page_id(path)}: Material's script is still a parser-blocking tag"
    preloads, loaders = _BUNDLE_PRELOAD.findall(html), _BUNDLE_LOADER.findall(html)
    assert len(preloads) == 1 and loaders == preloads, f"{page_id(path)}: preload {preloads}, loader {loaders}"
    assert html.index(preloads[0]) > html.index("</header>"), f"{page_id(path)}: the preload is ahead of the page's content"
    if path.name == "404.html":  # served at any path: absolute URLs under the site's path
        assert preloads[0].startswith(PREFIX), f"404.html: {preloads[0]} is not under {PREFIX}"
        target = SITE / preloads[0][len(PREFIX):]
    else:
        target = (path.parent / preloads[0]).resolve()
    assert target.is_file(), f"{page_id(path)}: {preloads[0]} is not in the built site"


def test_materials_script_is_materials_own_with_the_compile_hint_in_front() -> None:
    """hooks/head.py puts V8's compile hint on the first line of Material's script and
    one empty line in front of its source map; the rest is Material's, byte for byte."""
    require_site()
    import material

    theme = Path(material.__file__).parent / "templates"
    [built] = (SITE / "assets" / "javascripts").glob("bundle.*.min.js")
    original = theme / "assets" / "javascripts" / built.name
    assert built.read_text(encoding="utf-8") == "//# allFunctionsCalledOnLoad\n" + original.read_text(encoding="utf-8")
    built_map = json.loads(built.with_name(built.name + ".map").read_text(encoding="utf-8"))
    original_map = json.loads(original.with_name(original.name + ".map").read_text(encoding="utf-8"))
    assert built_map["mappings"] == ";" + original_map["mappings"]
    assert {k: v for k, v in built_map.items() if k != "mappings"} == {k: v for k, v in original_map.items() if k != "mappings"}


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_the_palette_toggle_is_named_in_the_pages_language(home: str) -> None:
    """The i18n plugin merges the Persian names into the palette by position
    (mkdocs.yml): each toggle says what it switches to, in the page's language."""
    html = (SITE / home / "index.html").read_text(encoding="utf-8")
    names = dict(re.findall(r'<input class="md-option"[^>]*data-md-color-scheme="([^"]*)"[^>]*aria-label="([^"]*)"', html))
    expected = {"default": "تغییر به حالت تیره", "slate": "تغییر به حالت روشن"} if home == "" else \
        {"default": "Switch to dark mode", "slate": "Switch to light mode"}
    assert names == expected, f"/{home}: the palette toggles are named {names}"


@pytest.mark.parametrize("path", html_pages(), ids=page_id)
def test_nothing_is_loaded_from_another_host(path: Path) -> None:
    page = parse(path)
    foreign = [f"<{tag}> {url}" for tag, url in page.loads if any(ABSOLUTE.match(u.strip().split(" ")[0]) for u in url.split(","))]
    foreign += [f"style: {m}" for style in page.styles for m in re.findall(r"url\(\s*['\"]?((?:[a-z]+:)?//[^)'\"]+)", style, re.I)]
    assert not foreign, f"{page_id(path)} loads from other hosts:\n" + "\n".join(foreign)


def test_stylesheets_load_nothing_from_another_host() -> None:
    require_site()
    offenders = []
    for css in SITE.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r"(?:url\(|@import\s+)\s*['\"]?((?:https?:)?//[^)'\"\s;]+)", text, re.I):
            if not url.startswith("//www.w3.org/"):
                offenders.append(f"{css.relative_to(SITE)}: {url}")
    assert not offenders, "\n".join(offenders)


def resolve(path: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    if parts.path.startswith("/"):
        if not parts.path.startswith("/nnnotes/"):
            return None
        target = SITE / unquote(parts.path[len("/nnnotes/"):])
    else:
        target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.mark.parametrize("path", html_pages(), ids=page_id)
def test_internal_links_and_anchors_resolve(path: Path) -> None:
    page = parse(path)
    broken = []
    for href in page.links:
        resolved = resolve(path, href)
        if resolved is None:
            continue
        target, fragment = resolved
        if not target.is_file():
            broken.append(f"{href} -> missing {target}")
        elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
            broken.append(f"{href} -> no id {fragment!r} in {page_id(target)}")
    for tag, url in page.loads:
        resolved = resolve(path, url.split(" ")[0])
        if resolved is not None and not resolved[0].is_file():
            broken.append(f"<{tag}> {url} -> missing")
    assert not broken, f"{page_id(path)}:\n" + "\n".join(broken)


def notebooks() -> list[Path]:
    return sorted(p.relative_to(DOCS) for p in DOCS.rglob("*.ipynb"))


@pytest.mark.parametrize("notebook", notebooks(), ids=str)
def test_labs_are_rendered_pages(notebook: Path) -> None:
    require_site()
    lang, rest = notebook.parts[0], Path(*notebook.parts[1:])
    base = SITE / ("en" if lang == "en" else "") / rest.with_suffix("")
    html = base / "index.html"
    assert html.is_file(), f"{notebook}: no rendered page at {html.relative_to(SITE)} (copied raw instead?)"
    text = html.read_text(encoding="utf-8")
    assert "jp-Cell" in text and "jp-OutputArea" in text, f"{notebook}: the page holds no executed notebook cells"
    assert "<style" not in text.split("md-content", 1)[1], f"{notebook}: the inlined JupyterLab stylesheet was not removed"
    assert (base / notebook.name).is_file(), f"{notebook}: the .ipynb is not offered for download"


def test_figures_are_svg_files_of_both_languages() -> None:
    require_site()
    figures = {lang: sorted(p.name for p in (SITE / "assets" / "figures" / lang).glob("*.svg")) for lang in ("fa", "en")}
    assert figures["fa"] and figures["fa"] == figures["en"]
    for lang, names in figures.items():
        for name in names:
            head = (SITE / "assets" / "figures" / lang / name).read_bytes()[:400]
            assert b"<svg" in head, f"{lang}/{name} is not an SVG"


def test_no_table_is_left_for_material_to_move() -> None:
    """Material's JavaScript takes out and re-inserts every table:not([class]) (hooks/reader.py
    wraps them at build time instead), and its table rules now select the marked tables."""
    require_site()
    bare = [p.relative_to(SITE).as_posix() for p in html_pages() if re.search(r"<table(?![^>]*\bclass=)[^>]*>", p.read_text(encoding="utf-8"))]
    assert not bare, f"pages with a table Material would re-wrap: {bare}"
    (css,) = (SITE / "assets" / "stylesheets").glob("main.*.min.css")
    text = css.read_text(encoding="utf-8")
    assert "table.nn-table" in text
    # No rule selects on the class attribute (but Material's .linenodiv span[class], whose subject
    # it is, and which restyles that element only): with one whose subject is further down, a change
    # of any element's class (Material's script changes <html>'s as it starts) restyled all below it.
    for sheet in (SITE / "assets").rglob("*.css"):
        rules = sheet.read_text(encoding="utf-8").replace(".linenodiv span[class]", "")
        assert "[class" not in rules, f"{sheet.relative_to(SITE)} selects on the class attribute"


def test_material_stylesheet_has_no_rules_for_content_tabs_and_no_page_has_any() -> None:
    """The site has no content tabs (pymdownx.tabbed is not enabled); hooks/reader.py drops
    Material's rules for them, about 250 selectors the browser tried on every element."""
    require_site()
    docs = ROOT / "docs"
    tabs = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if re.search(r'^\s*===[+!]? "', p.read_text(encoding="utf-8"), re.M)]
    assert not tabs, f"pages written with content tabs (=== \"...\"), which the site neither builds nor styles: {tabs}"
    tabbed = [p.relative_to(SITE).as_posix() for p in html_pages() if re.search(r'class="[^"]*\btabbed-', p.read_text(encoding="utf-8"))]
    assert not tabbed, f"pages with content tabs, whose rules were dropped: {tabbed}"
    (css,) = (SITE / "assets" / "stylesheets").glob("main.*.min.css")
    text = css.read_text(encoding="utf-8")
    assert not re.search(r"\.tabbed-", text), "Material's stylesheet still has rules for content tabs"
    assert ".md-typeset .admonition" in text and "@keyframes" in text  # the rest is kept


def _api_modules(lang: str) -> list[str]:
    """The modules the API reference's index lists (its table's first column)."""
    index = (DOCS / lang / "api" / "index.md").read_text(encoding="utf-8")
    return re.findall(r"^\| \[`(nnnotes\.[a-z_.]+)`\]\(", index, re.M)


def _api_headings(api: str) -> dict[str, list[str]]:
    """Each ``nnnotes.*`` heading id of a language's reference: the pages that hold it."""
    where: dict[str, list[str]] = {}
    for path in sorted((SITE / api).rglob("index.html")):
        for anchor in re.findall(r'<h[2-4] id="(nnnotes\.[^"]+)"', path.read_text(encoding="utf-8")):
            where.setdefault(anchor, []).append(path.relative_to(SITE / api).as_posix())
    return where


def test_the_api_reference_documents_every_public_name_once() -> None:
    """Each name in the ``__all__`` of each module the indexes list has one heading, on one
    page of each language's reference (the layers package is spread over several pages),
    the same page in both languages. Names without a docstring get no heading
    (mkdocstrings' ``show_if_no_docstring`` stays off), so an undocumented name fails here."""
    import importlib

    require_site()
    modules = _api_modules("en")
    assert modules == _api_modules("fa") and "nnnotes.layers" in modules and len(modules) >= 9, modules
    assert "show_if_no_docstring" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    headings = {lang: _api_headings(api) for lang, api in (("fa", "api"), ("en", "en/api"))}
    problems = []
    for module in modules:
        for name in importlib.import_module(module).__all__:
            for lang, where in headings.items():
                pages = where.get(f"{module}.{name}", [])
                if len(pages) != 1:
                    problems.append(f"{lang} {module}.{name}: " + (f"on {len(pages)} pages {pages}" if pages else "on no page"))
    assert not problems, "\n".join(problems)
    assert headings["fa"] == headings["en"], "the two languages put some names on different pages"


def test_api_pages_show_no_sphinx_roles() -> None:
    """mkdocstrings does not read Sphinx roles: a docstring's :func:`x` would be printed as
    such. Cross-references are written [`x`][nnnotes.module.x] (autorefs)."""
    require_site()
    raw = {
        path.relative_to(SITE).as_posix(): sorted(set(found))
        for path in sorted((SITE / "api").rglob("index.html")) + sorted((SITE / "en" / "api").rglob("index.html"))
        if (found := re.findall(r":(?:func|class|meth|mod|data|attr|obj|exc):(?:<code>|`)", path.read_text(encoding="utf-8")))
    }
    assert not raw, raw


@pytest.mark.parametrize("path", html_pages(), ids=page_id)
def test_navigation_sections_have_distinct_names(path: Path) -> None:
    """Each section <nav> of the navigation (named by its toggle, aria-labelledby) has a
    non-empty name, and no two share one (axe-core: landmark-unique, once two sections
    with index pages are open). A toggle holding only an icon gets the section's title
    (hooks/reader.py)."""
    text = path.read_text(encoding="utf-8")
    names = []
    for match in re.finditer(r'<nav\b[^>]*\bdata-md-level="[1-9][^>]*>', text):
        tag = match.group(0)
        if (label := re.search(r'aria-label="([^"]*)"', tag)):
            names.append(label[1])
        elif (ref := re.search(r'aria-labelledby="([^"]*)"', tag)):
            target = re.search(rf'<[a-z]+\b[^>]*\bid="{re.escape(ref[1])}"[^>]*>(.*?)</', text, re.S)
            assert target, f"{page_id(path)}: no element {ref[1]}"
            own = re.search(r'aria-label="([^"]*)"', target.group(0))
            names.append(own[1] if own else re.sub(r"<[^>]+>|\s+", " ", target[1]).strip())
    assert all(names), f"{page_id(path)}: a <nav> without a name: {names}"
    # axe-core compares names without case; the table of contents' navs are named after
    # the headings (its label is in the page twice, in the drawer and the sidebar: one shows).
    others = {n.casefold() for n in re.findall(r'<nav\b(?![^>]*data-md-level)[^>]*\baria-label="([^"]*)"', text)}
    folded = [n.casefold() for n in names]
    assert len(folded) == len(set(folded)) and not others & set(folded), (
        f"{page_id(path)}: navigation landmarks share a name: {names} / {sorted(others)}")
