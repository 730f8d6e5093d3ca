"""Figures on a phone (390 px), in headless Chromium: each figure is its narrow
rendering, its smallest text is at least 10 CSS pixels, nothing shifts while the
figures load, and a tap opens the figure full size. The fixtures and the site are
those of ``tests/test_browser.py``.
"""

from __future__ import annotations

import pytest

from _figure_text import smallest_text_px
from _site_server import site_pages
from test_browser import SITE, Visit, _site_path, browser, language, phone, server  # noqa: F401,F811  (fixtures)

pytestmark = pytest.mark.browser


# ---- figures on a phone ----------------------------------------------------------------------

def _pages_with_figures() -> list[str]:
    return [p for p in site_pages(SITE) if "assets/figures/" in (SITE / p / "index.html").read_text(encoding="utf-8")]


_PHONE_FIGURES = """async () => {
  // The page as it opens: nothing may shift (Material's scripts, fonts, lazy figures).
  const shifts = [];
  new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) shifts.push(e.value); }))
    .observe({type: 'layout-shift', buffered: true});
  await new Promise(r => setTimeout(r, 500));
  const opening = shifts.slice();
  // Then each figure, brought into view and loaded: the room kept for it is its size.
  const images = Array.from(document.querySelectorAll('.md-content img[src*="assets/figures/"]'));
  const resized = [];
  for (const image of images) {
    image.scrollIntoView({block: 'center'});
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const before = image.getBoundingClientRect();
    image.loading = 'eager';
    if (!image.complete) await new Promise(r => { image.onload = image.onerror = r; });
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const after = image.getBoundingClientRect();
    if (Math.abs(before.width - after.width) > 0.5 || Math.abs(before.height - after.height) > 0.5)
      resized.push([image.getAttribute('src'), before.width, before.height, after.width, after.height]);
  }
  return {
    shifts: opening,
    resized,
    viewport: document.documentElement.clientWidth,
    images: images.map(i => {
      const link = i.closest('a');
      return {
        src: i.getAttribute('src'), current: i.currentSrc, shown: i.getBoundingClientRect().width,
        width: i.getAttribute('width'), height: i.getAttribute('height'),
        sources: Array.from(i.closest('picture') ? i.closest('picture').querySelectorAll('source') : [])
          .map(s => [s.getAttribute('width'), s.getAttribute('height')]),
        link: link ? link.href : null,
      };
    }),
  };
}"""


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
    if sum(found["shifts"]):
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
