"""Preload the self-hosted fonts a page needs, so that text never re-flows.

The @font-face rules (``assets/stylesheets/nnnotes.css``) use
``font-display: optional``: a font that is not there in the first moments is
not swapped in later, so font loading causes no layout shift. Preloading lets
the fonts arrive in time on a normal connection: Vazirmatn on Persian pages,
STIX Two Math on pages that contain a formula.
"""

from __future__ import annotations

import re

from mkdocs.utils import get_relative_url

_FONTS = "assets/fonts"
# Material's JavaScript fetches "<href>/sitemap.xml" for every <link rel="alternate">
# in the head; the i18n plugin points those at pages, where no sitemap exists, so each
# page load logged 404 errors. The hreflang alternates stay in sitemap.xml.
_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


def _preload(name: str, page_url: str) -> str:
    href = get_relative_url(f"{_FONTS}/{name}", page_url)
    return f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'


def on_post_page(output: str, page, config) -> str:
    # Material puts the direction on <body>; put it on <html> as well, so the
    # whole document (and anything outside <body>'s subtree) knows it.
    if '<html lang="fa"' in output:
        output = output.replace('<html lang="fa"', '<html lang="fa" dir="rtl"', 1)
    elif '<html lang="en"' in output:
        output = output.replace('<html lang="en"', '<html lang="en" dir="ltr"', 1)
    head, sep, body = output.partition("</head>")
    output = _HEAD_ALTERNATE.sub("", head) + sep + body
    links = []
    if '<html lang="fa"' in output:
        links.append(_preload("vazirmatn-regular.woff2", page.url))
        links.append(_preload("vazirmatn-bold.woff2", page.url))
    if "<math " in output:
        links.append(_preload("stix-two-math.woff2", page.url))
    if not links:
        return output
    return output.replace("</head>", "".join(links) + "</head>", 1)
