"""hooks/search.py: one search index per language, and English pages pointed at theirs."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from _hooks import load_hook

search = load_hook("search")

CONFIG = '<script id="__config" type="application/json">{"annotate": null, "base": "{}", "features": []}</script>'


def test_english_pages_look_for_the_index_under_en() -> None:
    page = "<html><body>" + CONFIG.replace("{}", "../..") + "</body></html>"
    assert '"base": "../../en/"' in search.point_base_at(page, "en")
    assert search.point_base_at(page, "fa") == page
    with pytest.raises(ValueError, match="__config"):
        search.point_base_at("<html></html>", "en")


def test_the_merged_index_splits_by_language() -> None:
    merged = {
        "config": {"lang": ["en"], "separator": "x"},
        "docs": [
            {"location": "", "title": "خانه", "text": "<p>متن</p><pre><code>x = 1</code></pre>"},
            {"location": "glossary/#term-bias", "title": "بایاس", "text": "<p>بایاس</p>"},
            {"location": "en/", "title": "Home", "text": "<p>text</p>"},
            {"location": "en/glossary/#term-bias", "title": "bias", "text": "<p>bias <code>b</code></p>"},
        ],
    }
    parts = search.split_index(merged)
    assert set(parts) == {"", "en/"}
    assert [d["location"] for d in parts[""]["docs"]] == ["", "glossary/#term-bias"]
    assert [d["location"] for d in parts["en/"]["docs"]] == ["", "glossary/#term-bias"]
    assert parts["en/"]["docs"][1]["title"] == "bias" and parts[""]["docs"][1]["title"] == "بایاس"
    assert parts[""]["docs"][0]["text"] == "<p>متن</p>"  # code blocks out, code spans kept
    assert parts["en/"]["docs"][1]["text"] == "<p>bias <code>b</code></p>"
    assert parts[""]["config"] == parts["en/"]["config"] == merged["config"]


def test_post_build_writes_one_index_per_language(tmp_path: Path) -> None:
    merged = {"config": {}, "docs": [{"location": "a/", "title": "آ", "text": ""}, {"location": "en/a/", "title": "A", "text": ""}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(merged), encoding="utf-8")
    search.on_post_build(SimpleNamespace(site_dir=str(tmp_path), plugins={}))
    fa = (tmp_path / "search" / "search_index.json").read_text(encoding="utf-8")
    en = json.loads((tmp_path / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "آ" in fa and '"A"' not in fa  # UTF-8, not escapes; no English entry
    assert en["docs"] == [{"location": "a/", "title": "A", "text": ""}]


PAGE_HTML = (
    "<p>Opening words before any heading.</p>"
    '<h2 id="sparsity">Sparsity <a class="headerlink" href="#sparsity">#</a></h2><p>L1 zeroes weights.</p>'
    '<h2 id="code">Code</h2><pre><code>x = 1</code></pre><p>After the block.</p>'
)


def _entries(add, html: str, title: str) -> list[dict]:
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex()
    add(index, SimpleNamespace(meta={}, content=html, toc=[], url="en/page/", title=title))
    return index.entries


def _material_add(index, page) -> None:
    """What Material's add_entry_from_context does, parsing every time."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(page.content)
    parser.close()
    for section in parser.data:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


def test_a_page_is_parsed_once_and_indexed_as_material_would(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(search._site, "CACHE", tmp_path)
    expected = _entries(_material_add, PAGE_HTML, "First")
    assert [e["location"] for e in expected] == ["en/page/", "en/page/#sparsity", "en/page/#code"]
    assert _entries(search._add_entry_from_context, PAGE_HTML, "First") == expected
    assert len(list((tmp_path / "search").iterdir())) == 1
    # Kept: no second parse; and each page gets its own copy (Material writes the
    # page title into the untitled first section).
    monkeypatch.setattr(search.material_search, "Parser", lambda: pytest.fail("parsed again"))
    again = _entries(search._add_entry_from_context, PAGE_HTML, "Second")
    assert again[0]["title"] == "Second" and again[1:] == expected[1:]
    assert _entries(search._add_entry_from_context, PAGE_HTML, "First") == expected
    assert _entries(search._add_entry_from_context, PAGE_HTML, "First") != []


def test_material_uses_the_kept_parse() -> None:
    from material.plugins.search.plugin import SearchIndex

    assert SearchIndex.add_entry_from_context is search._add_entry_from_context
