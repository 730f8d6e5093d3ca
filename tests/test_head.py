"""hooks/head.py: the Persian font cut to the characters the site uses, the head's links, Material's script."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from _hooks import HOOKS, load_hook

head = load_hook("head")
FONT = HOOKS.parent / "docs" / "assets" / "fonts" / "vazirmatn-regular.woff2"


def test_the_characters_come_from_text_attributes_escapes_and_the_index(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "index.html").write_text('<p>سلام</p><abbr title="&#1662;">x</abbr>', encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text('<script>{"t": "\\u06a9"}</script> plain English «»', encoding="utf-8")
    (tmp_path / "en" / "search_index.json").write_text('{"docs": [{"text": "ژ"}]}', encoding="utf-8")
    assert head.used_persian_characters(tmp_path) == set("سلامپکژ«»")


def test_the_cut_font_keeps_the_used_letters_and_their_joining_forms() -> None:
    from fontTools.ttLib import TTFont

    chars = set("سلام‌کتاب")
    data = head.subset_text_font(FONT, chars)
    full, cut = TTFont(str(FONT)), TTFont(io.BytesIO(data))
    assert len(data) < 0.6 * FONT.stat().st_size
    assert set(map(chr, cut.getBestCmap())) >= chars
    assert "گ" not in set(map(chr, cut.getBestCmap()))
    # Contextual forms (initial, medial, final) live in GSUB and come along with their letters.
    assert len(cut.getGlyphOrder()) > len(chars) + 10 and "GSUB" in cut
    assert len(cut.getGlyphOrder()) < len(full.getGlyphOrder())


def _page(body: str) -> str:
    css = '<link rel="stylesheet" href="../assets/_mkdocstrings.css">\n'
    return f'<html lang="en"><head><link rel="stylesheet" href="main.css">\n{css}{css}<link rel="stylesheet" href="nn.css"></head><body>{body}</body></html>'


def test_mkdocstrings_stylesheet_only_where_its_output_is_and_once() -> None:
    api = head._finish(_page('<div class="doc doc-object doc-function">f</div>'), "en", lambda name: name)
    answer = head._finish(_page("<p>no reference here</p>"), "en", lambda name: name)
    assert api.count("_mkdocstrings.css") == 1
    assert api.index("main.css") < api.index("_mkdocstrings.css") < api.index("nn.css")
    assert "_mkdocstrings.css" not in answer and "main.css" in answer and "nn.css" in answer


def _material_environment():
    from jinja2 import Environment, FileSystemLoader
    import material

    return Environment(loader=FileSystemLoader([str(HOOKS.parent / "overrides"), str(Path(material.__file__).parent / "templates")]))


def test_material_bundle_is_the_script_materials_scripts_block_renders() -> None:
    """overrides/main.html replaces Material's ``scripts`` block with a loader of the same file.

    The block must hold nothing else than that script and ``extra_javascript``: a
    Material release that adds a script there fails here, not silently on the site."""
    env = _material_environment()
    bundle = head.material_bundle(env)
    source = env.loader.get_source(env, "base.html")[0]
    block = re.search(r"{% block scripts %}(.*?){% endblock %}", source, re.S)
    assert block, "Material's base.html has no scripts block"
    tags = re.findall(r"<script\b[^>]*>", block.group(1))
    assert tags == [f"<script src=\"{{{{ '{bundle}' | url }}}}\">"], tags
    assert re.sub(r"\s+", " ", re.sub(r"<script\b[^>]*></script>", "", block.group(1))).strip() == (
        "{% for script in config.extra_javascript %} {{ script | script_tag }} {% endfor %}")
    assert (Path(env.loader.searchpath[1]) / bundle).is_file()


def test_material_bundle_names_one_file_or_fails() -> None:
    from jinja2 import DictLoader, Environment

    two = Environment(loader=DictLoader({"base.html": "assets/javascripts/bundle.ab.min.js assets/javascripts/bundle.cd.min.js"}))
    none = Environment(loader=DictLoader({"base.html": "<script src='app.js'></script>"}))
    for env in (two, none):
        with pytest.raises(PluginError, match="one bundle script"):
            head.material_bundle(env)


def test_extra_javascript_is_refused() -> None:
    """Its scripts would run before Material's (started once the page is parsed)."""
    with pytest.raises(PluginError, match="extra_javascript.*js/extra.js"):
        head.on_config(SimpleNamespace(extra_javascript=["js/extra.js"]))


def test_the_compile_hint_goes_on_the_first_line_once_and_the_map_follows(tmp_path: Path) -> None:
    script, source_map = tmp_path / "bundle.ab.min.js", tmp_path / "bundle.ab.min.js.map"
    body = '"use strict";(()=>{f()})();\n//# sourceMappingURL=bundle.ab.min.js.map\n'
    script.write_text(body, encoding="utf-8")
    source_map.write_text(json.dumps({"version": 3, "sources": ["a.ts"], "names": [], "mappings": "AAAA,CAAC;AACA"}), encoding="utf-8")
    assert head.add_compile_hint(script)
    assert script.read_text(encoding="utf-8") == "//# allFunctionsCalledOnLoad\n" + body
    # The map's first generated line is now the hint, which maps to nothing.
    assert json.loads(source_map.read_text(encoding="utf-8"))["mappings"] == ";AAAA,CAAC;AACA"
    assert not head.add_compile_hint(script)
    assert script.read_text(encoding="utf-8").count("allFunctionsCalledOnLoad") == 1
    assert json.loads(source_map.read_text(encoding="utf-8"))["mappings"] == ";AAAA,CAAC;AACA"


def test_the_compile_hint_needs_no_source_map(tmp_path: Path) -> None:
    script = tmp_path / "s.js"
    script.write_text("f();\n", encoding="utf-8")
    assert head.add_compile_hint(script) and script.read_text(encoding="utf-8") == head.COMPILE_HINT + "f();\n"
    assert not (tmp_path / "s.js.map").exists()
