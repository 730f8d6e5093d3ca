"""Finish every page's <head>: direction on <html>, font preloads, no stray alternates.

- Material puts ``dir`` on ``<body>``; it is put on ``<html>`` as well, so that
  the whole document (and anything outside ``<body>``'s subtree) knows it.
- The @font-face rules (``assets/stylesheets/nnnotes.css``) use
  ``font-display: optional``: a font that is not there in the first moments is
  not swapped in later, so font loading causes no layout shift. Preloading lets
  the fonts arrive in time on a normal connection: Vazirmatn on Persian pages,
  STIX Two Math on pages that contain a formula.
- Material's JavaScript fetches ``<href>/sitemap.xml`` for every
  ``<link rel="alternate">`` in the head; the i18n plugin points those at pages,
  where no sitemap exists, so each page load logged 404 errors. The hreflang
  alternates stay in ``sitemap.xml``.
- ``404.html`` is one file at the site root; it is the Persian one (the default
  language), not whichever language happened to be built last.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import _site
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

_FONTS = "assets/fonts"
_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


def _finish(output: str, lang: str, font_url) -> str:
    output = output.replace(f'<html lang="{lang}"', f'<html lang="{lang}" dir="{_site.DIRECTION[lang]}"', 1)
    head, sep, body = output.partition("</head>")
    head = _HEAD_ALTERNATE.sub("", head)
    fonts = []
    if lang == "fa":
        fonts += ["vazirmatn-regular.woff2", "vazirmatn-bold.woff2"]
    if "<math " in body:
        fonts.append("stix-two-math.woff2")
    for name in fonts:
        head += f'<link rel="preload" href="{font_url(name)}" as="font" type="font/woff2" crossorigin>'
    return head + sep + body


def on_post_page(output: str, page, config) -> str:
    return _finish(output, _site.page_language(page), lambda name: get_relative_url(f"{_FONTS}/{name}", page.url))


def on_post_template(output: str, template_name: str, config) -> str:
    if template_name != "404.html":
        return output
    # The 404 page is served at any path, so it uses absolute URLs.
    base = urlsplit(config.site_url or "/").path.rstrip("/")
    return _finish(output, _site.build_language(config), lambda name: f"{base}/{_FONTS}/{name}")


@event_priority(-150)  # after the i18n plugin has set the language of this build
def on_config(config):
    templates = config.theme.static_templates
    if _site.build_language(config) == _site.DEFAULT_LANG:
        templates.add("404.html")
    else:
        templates.discard("404.html")
    return config
