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
