"""Finish every page's <head>: direction on <html>, font preloads, no stray alternates.

(And one thing at the other end of the page: the name of Material's script, for the
loader in ``overrides/main.html`` that starts it after the page is parsed.)

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
- mkdocstrings adds its stylesheet (``assets/_mkdocstrings.css``, rules for the
  API reference's ``doc-*`` markup only) to every page, once per language's build:
  two render-blocking links on every page. A page keeps one link if it holds
  mkdocstrings' output and none otherwise.
- ``404.html`` is one file at the site root; it is the Persian one (the default
  language), not whichever language happened to be built last.
- Vazirmatn (``docs/assets/fonts``) is cut, once every language is built, to the
  Persian characters the site uses (its shaping tables kept), as the math font is:
  each weight goes from 22 KB to about 10 KB.
- ``material_bundle``, a global of the templates: the path of Material's script
  (``assets/javascripts/bundle.<hash>.min.js``), read from the ``base.html`` that
  Material's ``scripts`` block would render, so the loader names the same file.
  Material's ``scripts`` block held only that script and ``extra_javascript``;
  ``tests/test_head.py`` checks it still does. ``extra_javascript`` is refused
  (``on_config``): its scripts would run before Material's, which now starts
  after the page is parsed, and a script written for Material's ``document$``
  would fail.
- Material's script carries V8's explicit compile hint (``//# allFunctionsCalledOnLoad``
  on its first line, put there once every language is built; its source map gets one
  empty line in front to match). Chromium (136 and later) then compiles every function
  of the script on the thread that streams it in, not on the main thread as each
  function is first called: at a phone's CPU speed the lazy compiles were 40-65 ms of
  the script's first task and 30-45 ms of Material's start (benchmarks/site-notes.md,
  ninth round). Other engines read the line as a comment.
- The templates (the theme's, which render every page, and mkdocstrings', which
  render the API reference) are compiled once and kept in ``.cache/jinja``
  (jinja's bytecode cache): each language's build compiled them all again, a
  tenth of a rebuild.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import _site
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

_FONTS = "assets/fonts"
_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')
_MKDOCSTRINGS_CSS = re.compile(r'<link rel="stylesheet" href="[^"]*assets/_mkdocstrings\.css">\s*')
# What mkdocstrings renders an object into (its templates' outermost class).
_MKDOCSTRINGS_OUTPUT = re.compile(r'<div class="doc doc-')
_TEXT_FONTS = ("vazirmatn-regular.woff2", "vazirmatn-bold.woff2")
_TEXT_FONT_SOURCE = _site.ROOT / "docs" / _FONTS
_TEXT_FONT_CACHE = _site.CACHE / "text-font"
# The characters the @font-face rules give to Vazirmatn (their unicode-range).
_PERSIAN = re.compile("[\u0600-\u06ff\u200c-\u200f\ufb50-\ufdff\ufe70-\ufeff\u00ab\u00bb]")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_MATERIAL_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js")
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


def _finish(output: str, lang: str, font_url) -> str:
    output = output.replace(f'<html lang="{lang}"', f'<html lang="{lang}" dir="{_site.DIRECTION[lang]}"', 1)
    head, sep, body = output.partition("</head>")
    head = _HEAD_ALTERNATE.sub("", head)
    first = _MKDOCSTRINGS_CSS.search(head)
    if first is not None:
        kept = first[0] if _MKDOCSTRINGS_OUTPUT.search(body) else ""
        head = head[:first.start()] + kept + _MKDOCSTRINGS_CSS.sub("", head[first.end():])
    fonts = []
    if lang == "fa":
        fonts += ["vazirmatn-regular.woff2", "vazirmatn-bold.woff2"]
    if "<math " in body:
        fonts.append("stix-two-math.woff2")
    for name in fonts:
        head += f'<link rel="preload" href="{font_url(name)}" as="font" type="font/woff2" crossorigin>'
    return head + sep + body


def _compile_once(env) -> None:
    """Jinja keeps ``env``'s compiled templates in ``.cache/jinja``, checked against each template's source."""
    from jinja2 import FileSystemBytecodeCache

    folder = _site.CACHE / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))


def on_pre_build(config):
    # mkdocstrings makes its Python handler, and the handler's own template environment,
    # anew in every language's build, lazily; made here, it compiles through the cache.
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        _compile_once(mkdocstrings.handlers.get_handler("python").env)


def material_bundle(env) -> str:
    """The path of Material's script, as its ``base.html`` names it (relative to the site's root)."""
    source = env.loader.get_source(env, "base.html")[0]
    found = set(_MATERIAL_BUNDLE.findall(source))
    if len(found) != 1:
        raise PluginError(f"expected Material's base.html to name one bundle script, found {sorted(found) or 'none'}")
    return found.pop()


def add_compile_hint(script: Path) -> bool:
    """Put V8's compile hint on the first line of ``script`` and shift its source map
    (``<script>.map``, if there is one) down a line; False if the hint is there already."""
    text = script.read_text(encoding="utf-8")
    if text.startswith(COMPILE_HINT):
        return False
    source_map = script.with_name(script.name + ".map")
    if source_map.is_file():
        data = json.loads(source_map.read_text(encoding="utf-8"))
        data["mappings"] = ";" + data["mappings"]
        source_map.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    script.write_text(COMPILE_HINT + text, encoding="utf-8")
    return True


def on_env(env, config, files):
    _compile_once(env)
    env.globals["material_bundle"] = material_bundle(env)
    return env


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
    if config.extra_javascript:
        raise PluginError(
            "extra_javascript would run before Material's script, which overrides/main.html starts once the "
            f"page is parsed: load {[str(s) for s in config.extra_javascript]} from that loader instead")
    templates = config.theme.static_templates
    if _site.build_language(config) == _site.DEFAULT_LANG:
        templates.add("404.html")
    else:
        templates.discard("404.html")
    return config


# ---- the Persian font, cut to the characters the site uses ------------------------------


def used_persian_characters(site_dir: Path) -> set[str]:
    """Every character of the fonts' range in the built pages (text, attributes, and the
    JSON-escaped strings Material's JavaScript shows) and in the search indexes."""
    chars: set[str] = set()
    for path in [*site_dir.rglob("*.html"), *site_dir.rglob("search_index.json")]:
        text = path.read_text(encoding="utf-8")
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html_lib.unescape(text))
        chars.update(_PERSIAN.findall(text))
    return chars


def subset_text_font(source: Path, chars: set[str]) -> bytes:
    """The woff2 font ``source`` cut to ``chars``, with every shaping feature kept (joining forms,
    ligatures, marks): Persian letters take their contextual forms through GSUB."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


@event_priority(-200)  # after the i18n plugin has built every language
def on_post_build(config):
    if not _site.top_level_build(config):
        return
    site_dir = Path(config.site_dir)
    add_compile_hint(site_dir / material_bundle(config.theme.get_env()))
    chars = used_persian_characters(site_dir)
    for name in _TEXT_FONTS:
        source = _TEXT_FONT_SOURCE / name
        key = hashlib.sha256(source.read_bytes() + "".join(sorted(chars)).encode()).hexdigest()[:16]
        cached = _TEXT_FONT_CACHE / f"{key}.woff2"
        if not cached.is_file():
            _TEXT_FONT_CACHE.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(subset_text_font(source, chars))
        (site_dir / _FONTS / name).write_bytes(cached.read_bytes())
