"""The built site as a reader meets it, in headless Chromium (Playwright).

Every HTML page of the built site (both languages; not 404.html) is loaded from
a local server that serves it like GitHub Pages (``tests/_site_server.py``) and
checked: no console error and nothing requested from another host; Persian
pages right to left with code and math left to right, formulas in reading
order and no raw TeX; every figure loaded, described in the page's language,
and on an opaque light background under the dark palette; the language switch
leads to the same page in the other language (a click follows it, both ways).
Then: search finds a page by a word of its title in each language and never
leaves the language it was asked in; glossary terms show their other-language
equivalent on hover, on keyboard focus and on a tap; at a phone's width (390 px) every figure is its
narrow rendering, its smallest text is at least 10 CSS pixels, nothing shifts
while the figures load, and a tap opens the figure full size; after a long page's
first section, blocks without code are rendered only as they near the screen, and a
link to a late heading still lands on it.

The site is ``site/`` (``make test`` builds it first) or ``$NNNOTES_SITE_DIR``;
Chromium is the first that starts of ``$CHROMIUM``, ``chromium``/``chromium-browser``/
``google-chrome`` on PATH and Playwright's own (``tests/_chromium.py``); ``make test``
installs Playwright's when it finds none. Nothing is installed at run time.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from _chromium import ChromiumNotFound, chromium as find_chromium
from _figure_text import smallest_text_px
from _browser_js import _DARK_FIGURES, _DIRECTIONS, _IMAGES, _MATH_ORDER, _PHONE_FIGURES, _VISIBLE_TEXT
from _hooks import load_hook
from _site_server import PREFIX, SiteServer, site_pages

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNNOTES_SITE_DIR", ROOT / "site"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
PERSIAN = re.compile(r"[\u0600-\u06ff]")
RAW_TEX = re.compile(r"\\\(|\\\[|\$\$|\\frac|\$[^$\s][^$\n]{0,80}\$")


def language(url_path: str) -> str:
    return "en" if url_path.split("/", 1)[0] == "en" else "fa"


def counterpart(url_path: str) -> str:
    """The same page in the other language."""
    return url_path[3:] if language(url_path) == "en" else "en/" + url_path


# ---- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server() -> Iterator[SiteServer]:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `make site` (make test does) or set NNNOTES_SITE_DIR")
    with SiteServer(SITE) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    try:
        executable = find_chromium()
    except ChromiumNotFound as error:
        pytest.fail(str(error), pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@functools.cache
def _empty_search_index() -> str:
    config = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    return json.dumps({"config": config, "docs": []})


class Visit:
    """A fresh browser context and page that record errors and requests to other hosts.

    With ``search=False`` the search index is served empty: Material loads and
    indexes it on every page, which the per-page checks do not need (the search
    tests use the real one).
    """

    def __init__(self, browser, server: SiteServer, search: bool = True, phone: bool = False) -> None:
        self.server = server
        if phone:  # a 390 px wide phone (iPhone 12 to 15): touch, mobile viewport
            self.context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                                               is_mobile=True, has_touch=True)
        else:
            self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        if not search:
            self.context.route("**/search/search_index.json", self._empty_index)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def _route(self, route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    @staticmethod
    def _empty_index(route) -> None:
        route.fulfill(status=200, content_type="application/json", body=_empty_search_index())

    def open(self, url_path: str) -> None:
        """Load the page, and wait until Material has started (it runs after the page is parsed,
        overrides/main.html): its components are mounted when its ``document$`` emits."""
        self.page.goto(self.server.url(url_path), wait_until="load")
        self.page.wait_for_function("() => window.document$")
        self.page.evaluate("() => new Promise(done => document$.subscribe(() => done()))")

    def path(self) -> str:
        """The current page's site-relative path."""
        return _site_path(self.page.url)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server) -> Iterator[Visit]:
    current = Visit(browser, server)
    yield current
    current.close()


@pytest.fixture
def phone(browser, server) -> Iterator[Visit]:
    current = Visit(browser, server, search=False, phone=True)
    yield current
    current.close()


@pytest.fixture
def visit_without_search(browser, server) -> Iterator[Visit]:
    current = Visit(browser, server, search=False)
    yield current
    current.close()


# ---- per-page checks -------------------------------------------------------------------


# For each visible formula: do its first and last parts sit left to right?


# Under the dark palette: the image is neither filtered nor see-through, and its own
# top-left pixel is opaque and light (the figure brings its background with it).


def _site_path(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path[len(PREFIX):] if path.startswith(PREFIX) else path


def _built(url_path: str) -> bool:
    return (SITE / url_path / "index.html").is_file() if not url_path.endswith(".html") else (SITE / url_path).is_file()


def _switch_language(visit: Visit, to: str) -> None:
    page = visit.page
    page.hover(".md-header__option .md-select")
    with page.expect_navigation(wait_until="load"):
        page.click(f"a.md-select__link[hreflang='{to}']")


def test_the_site_is_there() -> None:
    assert (SITE / "index.html").is_file(), f"no built site in {SITE}: run `make site` (make test does)"
    assert len(site_pages(SITE)) >= 4, f"only {site_pages(SITE)} in {SITE}"


@pytest.mark.parametrize("url_path", site_pages(SITE), ids=lambda p: p or "(fa home)")
def test_page(visit_without_search: Visit, url_path: str) -> None:
    visit = visit_without_search
    lang = language(url_path)
    problems: list[str] = []
    visit.open(url_path)
    page = visit.page

    # Direction: Persian pages right to left, with code and math left to right.
    directions = page.evaluate(_DIRECTIONS)
    expected = "rtl" if lang == "fa" else "ltr"
    if (directions["body"], directions["content"]) != (expected, expected):
        problems.append(f"direction of body/content is {directions['body']}/{directions['content']}, expected {expected}")
    problems += [f"code not left to right: {c!r}" for c in directions["code"]]
    problems += [f"math not left to right: {m!r}" for m in directions["math"]]
    problems += [f"formula reads right to left: {m['tex']!r}" for m in page.evaluate(_MATH_ORDER) if not m["ok"]]
    problems += [f"raw TeX in the text: {m.group(0)!r}" for m in RAW_TEX.finditer(page.evaluate(_VISIBLE_TEXT))]

    # Figures: loaded, described in the page's language, legible on the dark palette.
    for image in page.evaluate(_IMAGES):
        if image["width"] == 0:
            problems.append(f"image did not load: {image['src']}")
        alt = image["alt"].strip()
        if not alt:
            problems.append(f"image without alt text: {image['src']}")
        elif lang == "fa" and not PERSIAN.search(alt):
            problems.append(f"alt text of {image['src']} is not Persian: {alt!r}")
        elif lang == "en" and PERSIAN.search(alt):
            problems.append(f"alt text of {image['src']} is not English: {alt!r}")
    dark = page.evaluate(_DARK_FIGURES)
    if max(dark["body"][:3]) > 80:
        problems.append(f"the dark palette did not apply (body background {dark['body']})")
    for image in dark["images"]:
        r, g, b, a = image["rgba"]
        if a != 255 or min(r, g, b) < 225:
            problems.append(f"{image['src']}: corner pixel {image['rgba']} is not opaque and light on the dark palette")
        if image["filter"] != "none" or float(image["opacity"]) < 1:
            problems.append(f"{image['src']}: filter {image['filter']}, opacity {image['opacity']} on the dark palette")

    # Language switch: it leads to the same page in the other language, which is built. (That
    # page's own test checks the way back; a click follows the link, as
    # test_the_language_switch_takes_the_reader_to_the_same_page shows in both directions.)
    other = "fa" if lang == "en" else "en"
    target = _site_path(page.eval_on_selector(f"a.md-select__link[hreflang='{other}']", "a => a.href"))
    if target != counterpart(url_path) or not _built(target):
        missing = "" if _built(target) else f" (the site has no /{target})"
        problems.append(f"the {other} switch leads to /{target}{missing}, expected /{counterpart(url_path)}")

    problems += visit.errors
    problems += [f"request to another host: {url}" for url in visit.foreign]
    assert not problems, f"/{url_path}:\n" + "\n".join(problems)


@pytest.mark.parametrize("url_path", ["normalization/xavier/", "en/api/layers/"])
def test_the_language_switch_takes_the_reader_to_the_same_page(visit_without_search: Visit, url_path: str) -> None:
    """A click on the switch (hovered open, as a reader does) lands on the other language's
    page, whose switch leads back here."""
    visit = visit_without_search
    lang = language(url_path)
    other = "fa" if lang == "en" else "en"
    visit.open(url_path)
    _switch_language(visit, other)
    assert visit.path() == counterpart(url_path), f"switching to {other} on /{url_path} landed on /{visit.path()}"
    back = visit.page.eval_on_selector(f"a.md-select__link[hreflang='{lang}']", "a => a.href")
    assert _site_path(back) == url_path, f"the {lang} switch on /{visit.path()} leads to /{_site_path(back)}"
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


# ---- search and tooltips -------------------------------------------------------------------

SEARCHES = [
    ("en/", "glossary", "en/glossary/"),
    ("en/", "errata", "en/errata/"),
    ("", "واژه‌نامه", "glossary/"),
    ("", "غلط‌نامه", "errata/"),
]


@pytest.mark.parametrize(("home", "query", "expected"), SEARCHES, ids=[q for _, q, _ in SEARCHES])
def test_search_lists_the_page_first(visit: Visit, home: str, query: str, expected: str) -> None:
    visit.open(home)
    page = visit.page
    page.focus("input.md-search__input")
    page.keyboard.type(query)
    page.keyboard.press("End")  # Material searches on keyup; typing non-ASCII text fires none
    first = page.locator(".md-search-result__item a").first
    first.wait_for(state="attached", timeout=5000)
    found = _site_path(first.evaluate("a => a.href"))
    assert found == expected, f"searching {query!r} on /{home}: first result /{found}, expected /{expected}"
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_glossary_terms_show_a_tooltip(visit: Visit, home: str) -> None:
    lang = language(home)
    equivalent = {form.lower(): term.other(lang) for term in load_hook("glossary").load_terms() for form in term.forms(lang)}
    visit.open(home)
    page = visit.page
    terms = page.locator(".md-content abbr")
    assert terms.count() > 0, f"/{home}: no glossary term is marked"
    term = terms.first
    word = term.inner_text().strip()
    assert word.lower() in equivalent, f"/{home}: marked {word!r}, which is not in the glossary"
    term.hover()
    _check_term_box(page, term, equivalent[word.lower()], f"/{home}: hovering {word!r}")
    # the pointer may move onto the box without closing it; away from both, it closes
    page.locator("#nn-tip").hover()
    page.wait_for_timeout(400)
    assert page.locator("#nn-tip").is_visible(), f"/{home}: the box of {word!r} closed as the pointer moved onto it"
    page.mouse.move(1, 1)
    page.locator("#nn-tip").wait_for(state="detached", timeout=2000)
    assert term.get_attribute("title") == equivalent[word.lower()], f"/{home}: {word!r} lost its title after the box closed"
    assert term.get_attribute("aria-describedby") is None
    term.hover()  # a click on the box closes it; the term's title comes back
    page.locator("#nn-tip").click()
    _titled(page)
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


def _check_term_box(page, term, expected: str, what: str) -> None:
    """The glossary box (overrides/main.html): the other language's word, in its own
    language and direction, just under the term, inside the screen, describing the term."""
    box = page.locator("#nn-tip")
    box.wait_for(state="visible", timeout=3000)
    assert box.inner_text().strip() == expected, f"{what} shows {box.inner_text()!r}, expected {expected!r}"
    assert page.locator("#nn-tip").count() == 1 and page.locator(".md-tooltip2").count() == 0, f"{what}: more than one tooltip"
    assert box.get_attribute("role") == "tooltip" and term.get_attribute("aria-describedby") == "nn-tip", f"{what}: the box does not describe the term"
    assert term.get_attribute("title") is None, f"{what}: the term keeps its title, so the browser's tooltip shows too"
    page_lang = page.evaluate("() => document.documentElement.lang")
    assert (box.get_attribute("lang"), box.get_attribute("dir")) == (("en", "ltr") if page_lang == "fa" else ("fa", "rtl")), what
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # the term's first line (a term broken over two lines is marked under its start)
    t = term.evaluate("a => { const r = a.getClientRects()[0]; return {x: r.x, y: r.y, width: r.width, height: r.height}; }")
    b = box.bounding_box()
    width = page.evaluate("() => document.documentElement.clientWidth")
    assert 0 <= b["y"] - (t["y"] + t["height"]) <= 12, f"{what}: the box is at y={b['y']:.0f}, the term ends at {t['y'] + t['height']:.0f}"
    assert b["x"] >= 7 and b["x"] + b["width"] <= width - 7, f"{what}: the box spans x {b['x']:.0f}-{b['x'] + b['width']:.0f} of {width}"
    assert b["x"] < t["x"] + t["width"] and t["x"] < b["x"] + b["width"], f"{what}: the box is not under the term"
    if 9 < b["x"] and b["x"] + b["width"] < width - 9:  # not held in by a screen edge: centred on the term
        off = (b["x"] + b["width"] / 2) - (t["x"] + t["width"] / 2)
        assert abs(off) <= 2, f"{what}: the box is {off:.0f} px off the term's centre"
    lines = box.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e); return new Set([...r.getClientRects()].map(q => Math.round(q.top))).size; }")
    assert lines == 1, f"{what}: the word is broken over {lines} lines"


def _titled(page) -> None:
    """No box, and every term has its title back, with nothing pointing at a box."""
    page.locator("#nn-tip").wait_for(state="detached", timeout=2000)
    lost = ".md-content abbr:is([data-nn-title], :not([title]), [aria-describedby])"
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:  # the title comes back a quarter of a second after the pointer and the focus leave
        page.wait_for_function(f"() => !document.querySelector('{lost}')", timeout=2000)
    except PlaywrightTimeoutError:
        pytest.fail(f"terms left without their title: {page.locator(lost).all_text_contents()[:3]}")


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_the_glossary_box_closes_in_any_order_of_pointer_and_keyboard(visit: Visit, home: str) -> None:
    equivalent = _equivalents(language(home))
    page = visit.page
    visit.open(home + "gradients/vanishing-gradients/")
    terms = page.locator(".md-content abbr")
    a, b = terms.nth(0), terms.nth(1)
    word_b = b.inner_text().strip()
    link = page.locator(".md-content p a[href]").first
    # Escape over a term: closed, and no browser tooltip while the pointer stays
    a.hover()
    page.locator("#nn-tip").wait_for(state="visible", timeout=2000)
    page.keyboard.press("Escape")
    page.locator("#nn-tip").wait_for(state="detached", timeout=1000)
    assert a.get_attribute("title") is None, "after Escape, the term under the pointer got its title back (the browser's tooltip shows)"
    page.mouse.move(1, 1)
    _titled(page)
    # then the keyboard: one term, then away
    b.focus()
    _check_term_box(page, b, equivalent[word_b.lower()], f"/{home}: focusing {word_b!r} after Escape")
    link.focus()
    _titled(page)
    # the pointer resting on one term while the keyboard goes to another, then away
    a.hover()
    b.focus()
    _check_term_box(page, b, equivalent[word_b.lower()], f"/{home}: focusing {word_b!r} with the pointer on another term")
    assert a.get_attribute("title"), "the term under the pointer lost its title when another was focused"
    link.focus()
    _titled(page)
    # Shift+Tab away
    b.focus()
    page.locator("#nn-tip").wait_for(state="visible", timeout=2000)
    page.keyboard.press("Shift+Tab")
    if page.evaluate("() => !document.activeElement.matches('.md-content abbr')"):
        _titled(page)
    else:  # the control before is a term too: this term titled again
        assert b.get_attribute("title") == equivalent[word_b.lower()], f"/{home}: {word_b!r} kept no title after Shift+Tab"
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


@pytest.mark.parametrize("url_path", ["en/normalization/xavier/", "normalization/xavier/"], ids=["en", "fa"])
def test_the_glossary_box_follows_its_term(phone: Visit, url_path: str) -> None:
    """Far down a long page (blocks drawn as they near the screen change the page's
    height), after a second term with a longer word, and after the phone is turned."""
    equivalent = _equivalents(language(url_path))
    page = phone.page
    phone.open(url_path)
    page.evaluate("() => document.querySelectorAll('.md-content abbr').forEach(a => { if (!a.closest('details:not([open])')) a.classList.add('nn-test-open'); })")
    terms = page.locator(".md-content abbr.nn-test-open")  # not in a closed solution
    words = [w.strip() for w in terms.all_text_contents()]
    short = min(range(len(words)), key=lambda i: len(equivalent[words[i].lower()]))
    long = max(range(len(words)), key=lambda i: len(equivalent[words[i].lower()]))
    last = len(words) - 1
    assert last > 8, f"/{url_path}: only {len(words)} terms outside the solutions"
    for i in (short, long, last):
        terms.nth(i).focus()
        _check_term_box(page, terms.nth(i), equivalent[words[i].lower()], f"/{url_path}: focusing {words[i]!r}")
    page.set_viewport_size({"width": 844, "height": 390})
    _check_term_box(page, terms.nth(last), equivalent[words[last].lower()], f"/{url_path}: {words[last]!r} after turning the phone")
    assert not phone.errors and not phone.foreign, phone.errors + phone.foreign


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_the_palette_toggle_switches_and_is_remembered(visit: Visit, home: str) -> None:
    """The light/dark switch (overrides/partials/palette.html): one toggle shown, a click
    switches the colours, and the choice holds on the next page, in the other language too."""
    page = visit.page
    visit.open(home)
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    toggles = page.locator(".md-header__option.nn-palette label:not([hidden])")
    assert toggles.count() == 1, f"/{home}: {toggles.count()} palette toggles shown"
    assert page.evaluate(scheme) == "default", f"/{home}: opens with {page.evaluate(scheme)!r}"
    toggles.first.click()
    assert page.evaluate(scheme) == "slate", f"/{home}: a click left the scheme at {page.evaluate(scheme)!r}"
    assert page.locator(".md-header__option.nn-palette label:not([hidden])").count() == 1
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number)")
    assert max(background[:3]) < 80, f"/{home}: dark scheme set but the background is {background}"
    visit.open(counterpart(home) + "glossary/")
    assert page.evaluate(scheme) == "slate", f"the next page forgot the dark scheme: {page.evaluate(scheme)!r}"
    page.locator(".md-header__option.nn-palette label:not([hidden])").first.click()
    assert page.evaluate(scheme) == "default"
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


@pytest.mark.parametrize(("home", "query"), [("en/", "ReLU"), ("", "ReLU"), ("en/", "numpy"), ("", "numpy")],
                         ids=["en-relu", "fa-relu", "en-numpy", "fa-numpy"])
def test_search_results_stay_in_the_language_of_the_page(visit: Visit, home: str, query: str) -> None:
    """Each language has its own index: a word both languages use finds only this language's pages."""
    lang = language(home)
    visit.open(home)
    page = visit.page
    page.focus("input.md-search__input")
    page.keyboard.type(query)
    page.keyboard.press("End")
    page.locator(".md-search-result__item a").first.wait_for(state="attached", timeout=5000)
    page.wait_for_timeout(300)  # let the list settle
    found = [_site_path(href) for href in page.eval_on_selector_all(".md-search-result a", "links => links.map(a => a.href)")]
    assert len(found) >= 2, f"searching {query!r} on /{home} found only {found}"
    strays = [f for f in found if language(f) != lang]
    assert not strays, f"searching {query!r} on /{home} ({lang}) lists pages of the other language: {strays}"
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


def _equivalents(lang: str) -> dict[str, str]:
    return {form.lower(): term.other(lang) for term in load_hook("glossary").load_terms() for form in term.forms(lang)}


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_glossary_terms_are_reached_by_the_keyboard(visit: Visit, home: str) -> None:
    equivalent = _equivalents(language(home))
    visit.open(home)
    page = visit.page
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.md-content abbr')"):
            break
    else:
        pytest.fail(f"/{home}: 200 presses of Tab never reached a glossary term")
    word = page.evaluate("() => document.activeElement.textContent").strip()
    index = page.evaluate("() => [...document.querySelectorAll('.md-content abbr')].indexOf(document.activeElement)")
    term = page.locator(".md-content abbr").nth(index)
    _check_term_box(page, term, equivalent[word.lower()], f"/{home}: focusing {word!r}")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), f"/{home}: the focused term {word!r} is not marked (outline {outline})"
    page.keyboard.press("Escape")  # dismissed without moving the focus
    page.locator("#nn-tip").wait_for(state="detached", timeout=1000)
    assert page.evaluate("() => document.activeElement.matches('.md-content abbr')")
    term.blur()
    _titled(page)
    for key in ("Tab", "Shift+Tab"):  # shown again, then the focus moves on without Escape
        term.focus()
        _check_term_box(page, term, equivalent[word.lower()], f"/{home}: focusing {word!r} again")
        page.keyboard.press(key)
        if page.evaluate("() => !document.activeElement.matches('.md-content abbr')"):
            _titled(page)
        else:  # the next control is a term too: its box, and this term titled again
            assert term.get_attribute("title") == equivalent[word.lower()], f"/{home}: {word!r} kept no title after {key}"
    assert not visit.errors and not visit.foreign, visit.errors + visit.foreign


def test_the_glossary_box_follows_a_term_in_a_table_scrolled_sideways(phone: Visit) -> None:
    equivalent = _equivalents("en")
    page = phone.page
    for url_path in site_pages(SITE):
        if language(url_path) != "en" or "md-typeset__scrollwrap" not in (SITE / url_path / "index.html").read_text(encoding="utf-8"):
            continue
        phone.open(url_path)
        found = page.evaluate("""() => { for (const a of document.querySelectorAll('.md-typeset__scrollwrap abbr')) {
            const w = a.closest('.md-typeset__scrollwrap');
            const r = a.getBoundingClientRect(), q = w.getBoundingClientRect();
            if (w.scrollWidth > w.clientWidth + 40 && !a.closest('details:not([open])')
                && r.left - q.left > 80 && r.right - q.left < w.clientWidth) { a.classList.add('nn-test-in-table'); return true; } } return false; }""")
        if found:
            break
    else:
        pytest.skip("no glossary term in a table wider than a phone")
    term = page.locator("abbr.nn-test-in-table")
    word = term.text_content().strip()
    term.focus()
    page.evaluate("() => { const w = document.querySelector('abbr.nn-test-in-table').closest('.md-typeset__scrollwrap'); w.scrollLeft = 0; }")
    _check_term_box(page, term, equivalent[word.lower()], f"/{url_path}: {word!r} in a table")
    page.evaluate("() => { const w = document.querySelector('abbr.nn-test-in-table').closest('.md-typeset__scrollwrap'); w.scrollLeft = 40; }")
    _check_term_box(page, term, equivalent[word.lower()], f"/{url_path}: {word!r} after its table scrolled 40 px")
    assert not phone.errors and not phone.foreign, phone.errors + phone.foreign


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_glossary_terms_show_their_equivalent_on_a_tap(phone: Visit, home: str) -> None:
    equivalent = _equivalents(language(home))
    phone.open(home)
    page = phone.page
    term = page.locator(".md-content abbr").first
    term.scroll_into_view_if_needed()
    word = term.inner_text().strip()
    term.tap()
    _check_term_box(page, term, equivalent[word.lower()], f"/{home}: tapping {word!r}")
    page.locator("#nn-tip").tap()  # a tap on the box closes it
    _titled(page)
    term.tap()
    page.locator("#nn-tip").wait_for(state="visible", timeout=2000)
    other = page.locator(".md-content abbr").nth(1)  # a tap on another term moves the box
    other.scroll_into_view_if_needed()
    if page.evaluate("([a, tip]) => { const r = a.getBoundingClientRect(), q = tip.getBoundingClientRect(); return r.bottom > q.top && q.bottom > r.top; }",
                     [other.element_handle(), page.locator("#nn-tip").element_handle()]):
        page.locator("#nn-tip").tap()  # under the box: a reader closes it first

    other_word = other.inner_text().strip()
    other.tap()
    _check_term_box(page, other, equivalent[other_word.lower()], f"/{home}: tapping {other_word!r} after {word!r}")
    assert term.get_attribute("title") == equivalent[word.lower()], f"/{home}: {word!r} kept no title after another term was tapped"
    page.locator(".md-content h1").tap()  # a tap elsewhere closes it
    _titled(page)
    assert not phone.errors and not phone.foreign, phone.errors + phone.foreign


@pytest.mark.parametrize("home", ["", "en/"], ids=["fa", "en"])
def test_the_glossary_table_keeps_its_columns(phone: Visit, home: str) -> None:
    """The glossary's columns have widths of their own (nnnotes.css), so rows the parser
    delivers after the first paint do not lay the table out again; every word still fits
    its column, on a phone and on a wide screen (the style's overflow-wrap safety net is
    turned off to see it)."""
    page = phone.page
    phone.open(home + "glossary/")
    layout = page.evaluate("() => { const s = getComputedStyle(document.querySelector('.nn-glossary table')); return [s.display, s.tableLayout]; }")
    assert layout == ["table", "fixed"], f"/{home}glossary/: the table is laid out {layout}"
    page.add_style_tag(content=".md-typeset .nn-glossary td { overflow-wrap: normal !important; }")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        over = page.evaluate("""() => [...document.querySelectorAll('.nn-glossary td')].filter(td => {
            const s = getComputedStyle(td), range = document.createRange();
            range.selectNodeContents(td);
            const room = td.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return range.getBoundingClientRect().width > room + 1;
        }).map(td => td.textContent.trim().slice(0, 40))""")
        assert not over, f"/{home}glossary/ at {width} px: cells wider than their column: {over}"
    assert not phone.errors and not phone.foreign, phone.errors + phone.foreign


# ---- figures on a phone ----------------------------------------------------------------------

def _pages_with_figures() -> list[str]:
    return [p for p in site_pages(SITE) if "assets/figures/" in (SITE / p / "index.html").read_text(encoding="utf-8")]


@pytest.mark.parametrize("url_path", _pages_with_figures(), ids=lambda p: p or "(fa home)")
def test_figures_are_readable_on_a_phone(phone: Visit, url_path: str) -> None:
    phone.open(url_path)
    found = phone.page.evaluate(_PHONE_FIGURES)
    assert found["viewport"] == 390 and found["images"], f"/{url_path}: no figure at a 390 px viewport"
    problems = []
    for image in found["images"]:
        name = image["src"].rsplit("/", 1)[-1]
        current = _site_path(image["current"])
        if not current.endswith(".narrow.svg"):
            problems.append(f"{name}: the phone shows {current}, not the narrow rendering")
            continue
        smallest = smallest_text_px(SITE / current, image["shown"])
        if smallest < 10:
            problems.append(f"{name}: smallest text {smallest:.1f} px at {image['shown']:.0f} px wide")
        if not (image["width"] and image["height"]) or not all(w and h for w, h in image["sources"]):
            problems.append(f"{name}: no width/height on the <img> or its <source> (its room is not kept)")
        if image["link"] is None or not _site_path(image["link"]).endswith(name):
            problems.append(f"{name}: not inside a link to the full-size figure (link {image['link']})")
    # Nothing is wider than the phone: a page that is can be dragged sideways, and Chromium
    # zooms it out to its width as it loads (on a right-to-left page, a visible shift).
    # Blocks rendered on demand clip what overflows them (paint containment), which would
    # hide an over-wide formula from this check: it is made with every block rendered.
    phone.page.add_style_tag(content=".md-content__inner > * { content-visibility: visible !important; }")
    wider = phone.page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if wider > 0:
        problems.append(f"the page is {wider} px wider than the 390 px phone")
    # Nothing moves as the page opens: figures keep their room (checked exactly below),
    # fonts are never swapped in late (font-display: optional), and Material's scripts
    # add nothing above what is already on screen.
    if sum(found["shifts"]) > 0:
        problems.append(f"the page shifted as it opened: {found['shifts']}")
    problems += [f"{src}: {w0:.0f}x{h0:.0f} kept, {w1:.0f}x{h1:.0f} once loaded" for src, w0, h0, w1, h1 in found["resized"]]
    problems += phone.errors + [f"request to another host: {url}" for url in phone.foreign]
    assert not problems, f"/{url_path}:\n" + "\n".join(problems)


def test_a_tap_on_a_figure_opens_it_full_size(phone: Visit) -> None:
    url_path = next(p for p in _pages_with_figures() if language(p) == "fa")
    phone.open(url_path)
    figure = phone.page.locator(".md-content a.nn-figure").first
    figure.scroll_into_view_if_needed()
    with phone.page.expect_navigation(wait_until="load"):
        figure.tap()
    opened = phone.path()
    assert opened.startswith("assets/figures/fa/") and opened.endswith(".svg") and not opened.endswith(".narrow.svg"), opened
    assert phone.page.evaluate("() => document.documentElement.tagName.toLowerCase()") == "svg"


def test_the_copy_button_copies_the_block_or_its_chain(browser, server) -> None:
    """One copy button per block (built in, none added by Material); it copies the whole chain."""
    visit = Visit(browser, server, search=False)
    try:
        visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
        visit.open("en/normalization/xavier/")  # a page whose blocks continue one another
        page = visit.page
        assert page.evaluate("() => Array.from(document.querySelectorAll('.md-content pre')).filter("
                             "p => p.querySelector(':scope > code')).every(p => p.querySelectorAll('.md-code__button').length === 1)")
        for selector in ("div[data-copy]", "div.highlight:not([data-copy])"):
            block = page.locator(f".md-content {selector}").first
            expected = block.get_attribute("data-copy") or block.locator("code").inner_text()
            block.hover()
            block.locator(".md-code__button").click()
            page.wait_for_function("() => document.querySelector('.md-dialog--active')")
            assert page.evaluate("() => navigator.clipboard.readText()") == expected.rstrip(), selector
            page.wait_for_function("() => !document.querySelector('.md-dialog--active')", timeout=10000)
        assert not visit.errors, visit.errors
    finally:
        visit.close()


_WATCH_THE_START = """(() => {
  window.nnSeen = [];
  document.addEventListener('DOMContentLoaded', () => nnSeen.push(`page ${document.readyState} ${typeof window.document$}`));
  let value;
  Object.defineProperty(window, 'document$', {configurable: true, get: () => value,
    set: v => { value = v; nnSeen.push('material script'); setTimeout(() => nnSeen.push('script task over'));
                v.subscribe(() => nnSeen.push('material start')); }});
})()"""


@pytest.mark.parametrize("url_path", ["en/normalization/xavier/", "api/optim/"])
def test_material_starts_once_after_the_page_is_parsed(visit_without_search: Visit, url_path: str) -> None:
    """overrides/main.html runs Material's script once the page is parsed, and calls the
    DOMContentLoaded listener it adds, and only that one, once, in a later task than the
    script's: a listener the page added before sees the real event once, before the script
    has run; Material's document$ emits once; document.addEventListener is the browser's
    own again afterwards; and what Material's start does is done (the copy buttons'
    wrappers, the table of contents that follows the reader)."""
    visit = visit_without_search
    page = visit.page
    page.add_init_script(_WATCH_THE_START)
    visit.open(url_path)
    page.wait_for_timeout(300)
    seen = page.evaluate("() => nnSeen")
    assert seen == ["page interactive undefined", "material script", "script task over", "material start"], seen
    assert page.evaluate("() => Object.prototype.hasOwnProperty.call(document, 'addEventListener')") is False
    scripts = page.evaluate("() => Array.from(document.scripts).filter(s => /bundle\\./.test(s.src)).map(s => s.parentNode.tagName)")
    assert scripts == ["BODY"], scripts
    assert page.evaluate("() => document.querySelectorAll('nav.md-code__nav').length") == 0
    assert page.evaluate("() => document.querySelectorAll('.md-content div.md-code__nav').length") > 0
    page.mouse.wheel(0, 2000)  # the table of contents follows the reader (toc.follow)
    page.wait_for_function("() => document.querySelector('.md-sidebar--secondary .md-nav__link--active')", timeout=5000)
    assert not visit.errors, visit.errors


def test_a_page_whose_material_script_fails_to_load_stays_whole(visit_without_search: Visit) -> None:
    """Without Material's script (a failed download), the loader leaves the document as it was:
    document.addEventListener is the browser's own, the page's own listener saw DOMContentLoaded
    once, and nothing throws; the page reads as it does without JavaScript's extras."""
    visit = visit_without_search
    page = visit.page
    visit.context.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.fulfill(status=404, body=""))
    page.add_init_script("window.nnLoaded = 0; document.addEventListener('DOMContentLoaded', () => nnLoaded++)")
    page.goto(visit.server.url("en/normalization/xavier/"), wait_until="load")
    page.wait_for_timeout(500)
    assert page.evaluate("() => [nnLoaded, typeof window.document$, Object.prototype.hasOwnProperty.call(document, 'addEventListener')]") == [
        1, "undefined", False]
    assert page.locator(".md-content h1").is_visible()
    # The only error is the failed download itself, which the console reports.
    assert all("404" in e for e in visit.errors), visit.errors


@pytest.mark.parametrize("url_path", ["en/normalization/xavier/", "regularization/bias/"])
def test_the_phone_drawer_is_rendered_only_while_it_is_open(phone: Visit, url_path: str) -> None:
    """nnnotes.css: the navigation drawer of a narrow screen is not rendered while it is
    closed (content-visibility: hidden): its links take no focus and are not visible. The
    menu button opens it, rendered, its links can be followed; closed again, it slides out
    and is then not rendered. On a wide screen the navigation is a column, always rendered."""
    visit = phone
    page = visit.page
    visit.open(url_path)
    drawer = """() => { const bar = document.querySelector('.md-sidebar--primary'),
      links = Array.from(bar.querySelectorAll('a.md-nav__link[href]'));
      return {cv: getComputedStyle(bar).contentVisibility, shown: links.filter(a => a.checkVisibility()).length,
              links: links.length, focused: bar.contains(document.activeElement)}; }"""
    closed = page.evaluate(drawer)
    assert closed["cv"] == "hidden" and closed["links"] > 10 and closed["shown"] == 0, closed
    page.keyboard.press("Tab")
    for _ in range(15):  # the keyboard does not reach the closed drawer's links
        assert not page.evaluate(drawer)["focused"], "a link of the closed drawer took the focus"
        page.keyboard.press("Tab")
    page.locator('.md-header label[for="__drawer"]').click()
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= -1"
                           " && document.querySelector('.md-sidebar--primary').getBoundingClientRect().right <= innerWidth + 1")
    page.wait_for_timeout(400)  # the slide (0.25 s) is over
    opened = page.evaluate(drawer)
    assert opened["cv"] == "visible" and opened["shown"] > 0, opened
    # A link of the drawer's open panel (it opens on the current page's section), not this page's.
    href = page.evaluate("""() => { const a = Array.from(document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]'))
      .find(a => { const r = a.getBoundingClientRect(); return a.checkVisibility() && r.left >= -1 && r.right <= innerWidth + 1
                   && r.width > 0 && !a.classList.contains('md-nav__link--active') && !a.getAttribute('href').startsWith('#')
                   && a.contains(document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2)); });
      return a ? a.getAttribute('href') : null; }""")
    assert href, "no link of another page in the open drawer's panel: " + str(page.evaluate(
        "() => Array.from(document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]')).slice(0, 4)"
        ".map(a => [a.getAttribute('href'), a.checkVisibility(), JSON.stringify(a.getBoundingClientRect())])"))
    target = page.locator(f'.md-sidebar--primary a.md-nav__link[href="{href}"]').first
    left = page.evaluate("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left")
    page.locator("label.md-overlay").click(position={"x": 380 if left < 100 else 10, "y": 400})  # beside the drawer
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-sidebar--primary')).contentVisibility === 'hidden'", timeout=3000)
    assert page.evaluate(drawer)["shown"] == 0
    page.locator('.md-header label[for="__drawer"]').click()
    page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().right <= innerWidth + 1"
                           " && document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= -1")
    with page.expect_navigation():
        target.click()
    assert page.url.rstrip("/").endswith(href.strip("./").rstrip("/").split("/")[-1]), (page.url, href)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(300)
    wide = page.evaluate(drawer)
    assert wide["cv"] == "visible" and wide["shown"] > 0, wide
    assert not visit.errors, visit.errors


def test_a_code_block_is_mounted_as_it_comes_into_view(visit_without_search: Visit) -> None:
    """Material mounts a code block when it first comes into view (content.lazy, mkdocs.yml):
    a block far below the first screen is left alone as the page starts; brought into view,
    it is mounted, and, wider than the window on a device with a pointer, it can then take
    the keyboard's focus to be scrolled sideways. Before it is mounted, the page's own pass
    (overrides/main.html) gives a wide block that focus from the load on, and takes it back
    from a block that the window, widened, no longer makes scroll (axe-core's
    scrollable-region-focusable). Its copy button works before (the HTML's)."""
    visit = visit_without_search
    page = visit.page
    page.set_viewport_size({"width": 480, "height": 800})
    visit.open("en/normalization/xavier/")
    blocks = """() => Array.from(document.querySelectorAll('.md-content pre > code'))
      .filter(c => !c.closest('details')).map(c => {
        const pre = c.parentElement, box = pre.getBoundingClientRect();
        return {mounted: pre.id.startsWith('__code_'), below: box.top > 2 * innerHeight,
                wide: c.scrollWidth > c.clientWidth, tabindex: c.getAttribute('tabindex')};
      })"""
    start = page.evaluate(blocks)
    far = [i for i, b in enumerate(start) if b["below"]]
    assert far, f"no code block far below the first screen: {start}"
    assert not any(start[i]["mounted"] for i in far), f"blocks out of view were mounted as the page started: {start}"
    wide_far = [i for i in far if start[i]["wide"]]
    assert wide_far, f"no wide block far below the first screen at 480 px: {start}"
    assert all(start[i]["tabindex"] == "0" for i in wide_far), f"a wide block not yet mounted cannot take the focus: {start}"
    assert all(start[i]["tabindex"] is None for i in far if not start[i]["wide"]), f"a block that does not scroll is a tab stop: {start}"
    agree = f"() => ({blocks})().every(b => b.mounted || (b.tabindex === '0') === b.wide)"
    page.set_viewport_size({"width": 1600, "height": 800})
    page.wait_for_function(agree, timeout=5000)
    widened = page.evaluate(blocks)
    assert any(start[i]["wide"] and not widened[i]["wide"] and not widened[i]["mounted"] for i in far), (
        f"no block that scrolls at 480 px and not at 1600 px, so the resize was not tested: {widened}")
    page.set_viewport_size({"width": 480, "height": 800})
    page.wait_for_function(agree, timeout=5000)
    for i in far:
        page.locator(".md-content pre > code").filter(has_not=page.locator("xpath=ancestor::details")).nth(i).scroll_into_view_if_needed()
        page.wait_for_function(
            f"() => Array.from(document.querySelectorAll('.md-content pre > code')).filter(c => !c.closest('details'))[{i}]"
            ".parentElement.id.startsWith('__code_')", timeout=5000)
    after = page.evaluate(blocks)
    wide = [after[i] for i in far if after[i]["wide"]]
    assert wide, f"no wide block among those brought into view at 480 px: {after}"
    assert all(b["tabindex"] == "0" for b in wide), f"a wide block cannot take the focus: {after}"
    assert not visit.errors, visit.errors


@pytest.mark.parametrize("url_path", ["glossary/", "en/normalization/xavier/"])
def test_a_table_wider_than_a_phone_can_take_the_focus(visit_without_search: Visit, url_path: str) -> None:
    """Each table sits in a box that scrolls sideways when the table is wider than the
    column (hooks/reader.py); Material never makes that box focusable, so it had no
    tabindex (axe-core: scrollable-region-focusable, at a phone's width). The page's own
    pass (overrides/main.html) gives a box that scrolls tabindex="0", at the load and as
    each table is brought into view (tables after the second h2 are rendered on demand,
    nnnotes.css), and takes it back when a wider window no longer makes the box scroll.
    A box with a tab stop is a group named in the page's language after its section
    ('Table in "Variance", scrolls sideways', written at build time), so a screen reader
    says what took the focus; one that fits has neither role nor name."""
    visit = visit_without_search
    page = visit.page
    page.set_viewport_size({"width": 412, "height": 800})
    visit.open(url_path)
    boxes = """() => Array.from(document.querySelectorAll('.md-content .md-typeset__scrollwrap'))
      .filter(w => w.offsetParent).map(w => ({wide: w.scrollWidth > w.clientWidth, tabindex: w.getAttribute('tabindex'),
        role: w.getAttribute('role'), label: w.getAttribute('aria-label'), name: w.dataset.nnName}))"""
    agree = (f"() => ({boxes})().every(b => b.name && ((b.tabindex === '0') === b.wide)"
             " && (b.role === 'group') === b.wide && (b.label === b.name) === b.wide)")
    page.wait_for_function(agree, timeout=5000)
    wraps = page.locator(".md-content .md-typeset__scrollwrap")
    for i in range(wraps.count()):
        wraps.nth(i).scroll_into_view_if_needed()
        page.wait_for_function(agree, timeout=5000)
    narrow = page.evaluate(boxes)
    assert any(b["wide"] for b in narrow), f"no table wider than the column at 412 px on {url_path}: {narrow}"
    names = [b["name"] for b in page.evaluate(boxes)]
    assert all(n.startswith("Table in “" if url_path.startswith("en/") else "جدول بخش «") for n in names), names
    wide_box = page.locator(".md-content .md-typeset__scrollwrap[tabindex='0']").first
    wide_box.focus()
    assert page.evaluate("() => document.activeElement.matches('.md-typeset__scrollwrap')")
    name = wide_box.get_attribute("data-nn-name")
    assert page.get_by_role("group", name=name, exact=True).first.evaluate("e => e === document.activeElement"), (
        f"the focused table box is not a group named {name!r} on {url_path}")
    page.keyboard.press("ArrowRight" if url_path.startswith("en/") else "ArrowLeft")
    page.wait_for_function("() => document.activeElement.scrollLeft !== 0", timeout=5000)
    page.set_viewport_size({"width": 1600, "height": 800})
    page.wait_for_function(agree, timeout=5000)
    widened = page.evaluate(boxes)
    assert sum(b["wide"] for b in widened) < sum(b["wide"] for b in narrow), (
        f"every table scrolls at 1600 px too, so taking the focus back was not tested: {widened}")
    assert not visit.errors, visit.errors


def test_a_closed_solution_is_out_of_the_page_until_it_is_opened(visit_without_search: Visit) -> None:
    """Closed solutions are display: none, not display-locked (nnnotes.css), and open as before.

    Material measured every code block as it started, also those inside a closed
    <details>; with Chromium's own content-visibility: hidden, each measurement styled
    and laid out the locked content again. Here, the content has no box while closed;
    Material mounts a code block once it comes into view (content.lazy, mkdocs.yml), so
    a closed solution's blocks are left alone; a tap on the summary shows them, and a
    block brought into view is mounted.
    """
    visit = visit_without_search
    visit.open("en/normalization/xavier/")
    page = visit.page
    state = """() => Array.from(document.querySelectorAll('.md-content details.solution')).map(d => {
      const style = getComputedStyle(d, '::details-content'), pre = d.querySelector('pre');
      return {open: d.open, cv: style.contentVisibility, display: style.display,
              mounted: !!(pre && pre.id.startsWith('__code_')), width: pre ? pre.getBoundingClientRect().width : null};
    })"""
    closed = page.evaluate(state)
    assert closed and any(s["width"] is not None for s in closed), "no solution with a code block on the Xavier page"
    for s in closed:
        assert not s["open"] and s["cv"] == "visible" and s["display"] == "none", s
        assert s["width"] in (None, 0), s
        assert not s["mounted"], f"Material mounted the code block of a closed solution: {s}"
    with_code = [i for i, s in enumerate(closed) if s["width"] is not None][0]
    # The summary is activated as a click on it would (its own click(), not a pointer at its
    # coordinates): the question here is whether the stylesheet lets the solution open.
    # A pointer click once missed under a loaded CI machine (the solution stayed closed),
    # which this test is not about: blocks above it are drawn on demand as it scrolls in.
    summary = page.locator(".md-content details.solution > summary").nth(with_code)
    summary.scroll_into_view_if_needed()
    summary.evaluate("s => s.click()")
    page.wait_for_function(
        f"() => document.querySelectorAll('.md-content details.solution')[{with_code}].open", timeout=3000)
    opened = page.evaluate(state)[with_code]
    assert opened["open"] and opened["display"] != "none" and opened["cv"] == "visible", opened
    assert opened["width"] > 100, f"the opened solution's code block has no width: {opened}"
    page.locator(".md-content details.solution").nth(with_code).locator("pre").scroll_into_view_if_needed()
    page.wait_for_function(
        f"() => document.querySelectorAll('.md-content details.solution')[{with_code}].querySelector('pre').id.startsWith('__code_')",
        timeout=5000)
    assert not visit.errors, visit.errors


_SHIFTS_AFTER = """async (act) => {
  const shifts = [];
  new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) shifts.push(e.value); }))
    .observe({type: 'layout-shift'});
  if (act === 'up') window.scrollBy(0, -window.innerHeight);
  await new Promise(r => setTimeout(r, 500));
  return shifts;
}"""


@pytest.mark.parametrize("url_path", ["en/gradients/linear-regression/", "gradients/linear-regression/"])
def test_later_sections_are_rendered_as_they_near_the_screen(phone: Visit, url_path: str) -> None:
    """content-visibility: auto on the blocks after the second h2 (nnnotes.css).

    Blocks before it, headings, and blocks holding code or a figure are always
    rendered; every other block after it is skipped while far from the screen and
    rendered once brought near; a fresh load of a link to the last heading lands on
    it (overrides/main.html scrolls to it again as the blocks around it are drawn),
    and nothing shifts there, nor when the reader scrolls up one screen.
    """
    phone.open(url_path)
    page = phone.page
    blocks = page.evaluate("""() => {
      let h2 = 0;
      return Array.from(document.querySelectorAll('.md-content__inner > *')).map((e, i) => {
        if (e.tagName === 'H2') h2 += 1;
        return {i, tag: e.tagName, section: h2, kept: !!e.querySelector('pre, picture'),
                kind: e.matches('p, ul, ol, .nn-math, .admonition, .md-typeset__scrollwrap, details'),
                cv: getComputedStyle(e).contentVisibility,
                // a skipped block keeps its own (placeholder) box; what it holds is not rendered
                rendered: e.firstElementChild ? e.firstElementChild.checkVisibility({contentVisibilityAuto: true}) : null};
      });
    }""")
    eligible = [b for b in blocks if b["section"] >= 2 and b["kind"] and not b["kept"]]
    skipping = [b for b in blocks if b["cv"] == "auto"]
    assert eligible, f"/{url_path}: no block after its second section to render on demand"
    assert skipping == eligible, (
        f"/{url_path}: rendered on demand {[(b['i'], b['tag']) for b in skipping]}, "
        f"expected {[(b['i'], b['tag']) for b in eligible]} (not before the second h2, headings, code or figures)")
    far = [b for b in skipping if b["rendered"] is not None][-1]
    assert not far["rendered"], f"/{url_path}: the last block is rendered at load, far below the screen: {far}"
    assert page.evaluate("""async (i) => {
      const e = document.querySelectorAll('.md-content__inner > *')[i];
      e.scrollIntoView();
      await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
      return e.firstElementChild.checkVisibility({contentVisibilityAuto: true});
    }""", far["i"]), f"/{url_path}: the last block is not rendered once on screen"
    # A fresh load of a link to the last heading lands on it; nothing shifts, there or a screen up.
    last = page.evaluate("() => Array.from(document.querySelectorAll('.md-content__inner > h2')).pop().id")
    page.goto("about:blank")
    phone.open(f"{url_path}#{last}")
    shifts = page.evaluate(_SHIFTS_AFTER, "wait")
    top, margin = page.evaluate(f"""() => {{ const h = document.getElementById({json.dumps(last)});
      return [h.getBoundingClientRect().top, parseFloat(getComputedStyle(h).scrollMarginTop)]; }}""")
    assert abs(top - margin) <= 2, f"/{url_path}#{last}: the heading is at {top:.0f} px, not under the header at {margin:.0f} px"
    shifts += page.evaluate(_SHIFTS_AFTER, "up")
    assert sum(shifts) == 0, f"/{url_path}#{last}: the page shifted: {shifts}"
    assert not phone.errors, phone.errors
