"""hooks/notebooks.py: its rewrites of the rendered labs, and its patches of mkdocs-jupyter,
mkdocs and mkdocs-static-i18n, each checked against the installed (pinned) version.

When an upgrade changes what a patch relies on, the test says which patch and
what to re-check; when an upgrade makes a patch needless, the test says so too.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import mkdocs_jupyter.plugin
import pytest
from mkdocs.structure.files import File
from mkdocs_jupyter.plugin import NotebookFile, Plugin
from mkdocs_static_i18n.folder import create_i18n_file

from _hooks import load_hook

notebooks = load_hook("notebooks")

VERSIONS = f"mkdocs {version('mkdocs')}, mkdocs-jupyter {version('mkdocs-jupyter')}, mkdocs-static-i18n {version('mkdocs-static-i18n')}"


def page(src_uri: str, lang: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, localization=lang))


# ---- the rewrites of a rendered lab ------------------------------------------------------------

LAB_HTML = """<style>.jp-Cell {}</style><script>MathJax = {};</script>
<div class="jupyter-wrapper">
<h1 id="">گرادیان‌ها<a class="anchor-link" href="#">¶</a></h1>
<h2 id="1.-Setup">1. Setup و داده<a class="anchor-link" href="#">¶</a></h2>
<div class="zeroclipboard-container">
<clipboard-copy ,="" aria-label="Copy to Clipboard" for="cell-1">
<div><span class="notice" hidden="">Copied!</span><svg aria-hidden="true"><path d="M0 6"></path></svg></div>
</clipboard-copy>
</div>
<pre>print(1)</pre>
<div class="clipboard-copy-txt" id="cell-1">print(1) # &lt;/div&gt;</div>
<img alt="No description has been provided for this image" src="data:image/png;base64,AA">
<h2 id="x">2. Plots</h2>
<img alt="No description has been provided for this image" src="data:image/png;base64,BB">
</div>"""


def test_a_lab_is_trimmed_and_made_reachable() -> None:
    html = notebooks.on_page_content(LAB_HTML, page("fa/gradients/lab.ipynb", "fa"), None, None)
    assert "<style" not in html and "<script" not in html, "nbconvert's stylesheet and MathJax loader are removed"
    assert '<pre tabindex="0">print(1)</pre>' in html
    assert "clipboard" not in html, "nbconvert's hidden copy button and its copy of the source are removed"
    assert html.startswith('<p><a class="md-button" href="lab.ipynb" download>دریافت این آزمایشگاه')
    english = notebooks.on_page_content(LAB_HTML, page("en/gradients/lab.ipynb", "en"), None, None)
    assert "Download this lab as a notebook (.ipynb)" in english


def test_lab_headings_get_the_sites_slugs() -> None:
    html = notebooks.on_page_content(LAB_HTML, page("fa/gradients/lab.ipynb", "fa"), None, None)
    # Persian words stay in the id (nbconvert left it empty, or dropped them); the
    # site's slugify drops the zero-width non-joiner, as in the pages' own headings.
    assert '<h1 id="گرادیانها">گرادیان‌ها</h1>' in html
    assert '<h2 id="1-setup-و-داده">1. Setup و داده</h2>' in html
    assert "anchor-link" not in html


def test_plots_are_described_by_their_section() -> None:
    html = notebooks.on_page_content(LAB_HTML, page("en/gradients/lab.ipynb", "en"), None, None)
    assert 'alt="Plot drawn by the code above, in the lab section “1. Setup و داده”"' in html
    assert 'alt="Plot drawn by the code above, in the lab section “2. Plots”"' in html
    assert "No description" not in html


def test_the_table_of_contents_keeps_persian_words() -> None:
    tokens = notebooks._markdown_toc("# گرادیان‌ها\n\n## ۱. داده\n", 6)
    assert tokens[0]["id"] == "گرادیانها" and tokens[0]["children"][0]["id"] == "۱-داده"


# ---- the patches against the installed versions -------------------------------------------------


def test_patch_1_notebooks_stay_pages_under_i18n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs-static-i18n rebuilds every file as a plain File, which does not count
    .ipynb as a page (ultrabug/mkdocs-static-i18n#198); the hook teaches File."""
    (tmp_path / "docs" / "fa").mkdir(parents=True)
    (tmp_path / "docs" / "fa" / "lab.ipynb").write_text("{}")
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"), use_directory_urls=True, site_dir=str(tmp_path / "site"))
    plain = File("fa/lab.ipynb", config.docs_dir, config.site_dir, True)
    wrapped = NotebookFile(plain, use_directory_urls=True, site_dir=config.site_dir)
    assert wrapped.is_documentation_page(), f"{VERSIONS}: mkdocs-jupyter no longer marks notebooks as pages"
    rebuilt = create_i18n_file(wrapped, "fa", "fa", ["fa", "en"], config)
    assert not rebuilt.is_documentation_page(), (
        f"{VERSIONS}: the i18n plugin now keeps notebooks as pages; "
        "File.is_documentation_page in hooks/notebooks.py may be dropped"
    )
    monkeypatch.setattr(File, "is_documentation_page", notebooks._is_documentation_page)
    assert create_i18n_file(wrapped, "fa", "fa", ["fa", "en"], config).is_documentation_page()
    assert File("fa/a.md", config.docs_dir, config.site_dir, True).is_documentation_page()
    assert not File("fa/a.png", config.docs_dir, config.site_dir, True).is_documentation_page()


def test_patch_4_the_lab_table_of_contents_uses_the_sites_slugify(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs-jupyter reads a lab's headings through its module-level _get_markdown_toc;
    the hook swaps that function for one with the site's slugify."""
    lab = tmp_path / "lab.ipynb"
    cell = {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": ["# گرادیان‌ها\n", "\n", "## ۱. داده\n"]}
    lab.write_text(json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert hasattr(mkdocs_jupyter.plugin, "_get_markdown_toc"), f"{VERSIONS}: _get_markdown_toc is gone; re-check patch 4"
    default, _ = mkdocs_jupyter.plugin._get_nb_toc_tokens(str(lab), 6)
    assert default[0]["id"] != "گرادیانها", f"{VERSIONS}: mkdocs-jupyter now keeps Persian slugs; patch 4 may be dropped"
    monkeypatch.setattr(mkdocs_jupyter.plugin, "_get_markdown_toc", notebooks._markdown_toc)
    tokens, title = mkdocs_jupyter.plugin._get_nb_toc_tokens(str(lab), 6)
    assert tokens[0]["id"] == "گرادیانها", f"{VERSIONS}: the table of contents no longer goes through _get_markdown_toc"
    assert tokens[0]["children"][0]["id"] == "۱-داده" and title == "گرادیان‌ها"


def test_patch_3_one_languages_build_does_not_evict_the_others_labs(tmp_path: Path) -> None:
    """mkdocs-jupyter evicts every cached lab its own build did not use (_used_cache_paths);
    the hook makes that set say 'used' to everything."""
    plugin = Plugin()
    errors, warnings = plugin.load_config({"cache_dir": str(tmp_path)})
    assert not errors, f"{VERSIONS}: cache_dir is no longer an option of mkdocs-jupyter: {errors}"
    (tmp_path / "docs").mkdir()  # no lab: the hook's execution ahead of the build has nothing to run
    config = SimpleNamespace(plugins={"mkdocs-jupyter": plugin}, docs_dir=str(tmp_path / "docs"))

    stale = tmp_path / "0123.json"
    stale.write_text("{}")
    plugin.on_pre_build(config)
    plugin.on_post_build(config)
    assert not stale.exists(), f"{VERSIONS}: mkdocs-jupyter no longer evicts unused entries; patch 3 may be dropped"

    stale.write_text("{}")
    plugin.on_pre_build(config)
    notebooks.on_pre_build(config)  # runs after mkdocs-jupyter's (priority -200)
    plugin.on_post_build(config)
    assert stale.exists(), f"{VERSIONS}: mkdocs-jupyter's eviction no longer reads _used_cache_paths; re-check patch 3"


def test_patch_2_the_lab_cache_follows_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """on_config points mkdocs-jupyter's cache at a folder named by the library's hash, and drops older ones."""
    monkeypatch.setattr(File, "is_documentation_page", File.is_documentation_page)  # restored afterwards
    monkeypatch.setattr(mkdocs_jupyter.plugin, "_get_markdown_toc", mkdocs_jupyter.plugin._get_markdown_toc)
    monkeypatch.setattr(notebooks, "_CACHE", tmp_path)
    (tmp_path / "old-library").mkdir()
    plugin = Plugin()
    plugin.load_config({})
    notebooks.on_config(SimpleNamespace(plugins={"mkdocs-jupyter": plugin}))
    key = load_hook("_site").source_hash(salt=notebooks._CACHE_VERSION)
    assert plugin.config["cache_dir"] == str(tmp_path / key)
    assert not (tmp_path / "old-library").exists()


def test_printed_text_split_by_the_kernel_is_one_output() -> None:
    """Two builds split a cell's printed lines into different chunks; the page joins them."""
    box = ('<div class="jp-OutputArea-child">\n<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
           '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">\n<pre>{}</pre>\n</div>\n</div>\n')
    one = box.format("a 1\nb 2\n")
    two = box.format("a 1\n") + box.format("b 2\n")
    assert notebooks._STREAM_SPLIT.sub("\n", two) == one
    result = box.format("a 1") + box.format("b 2\n")  # text not ending a line (a value shown) stays apart
    assert notebooks._STREAM_SPLIT.sub("\n", result) == result


def test_markdown_pages_are_not_read_to_be_told_apart_from_labs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With include naming only notebooks, the hook answers no for a .md page without jupytext,
    as mkdocs-jupyter would after reading it; a lab is still included."""
    monkeypatch.setattr(File, "is_documentation_page", File.is_documentation_page)
    monkeypatch.setattr(mkdocs_jupyter.plugin, "_get_markdown_toc", mkdocs_jupyter.plugin._get_markdown_toc)
    monkeypatch.setattr(notebooks, "_CACHE", tmp_path / "cache")
    plugin = Plugin()
    errors, _ = plugin.load_config({"include": ["*.ipynb"], "cache_dir": str(tmp_path)})
    assert not errors
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    page.write_text("---\njupyter:\n  kernelspec:\n    language: python\n    name: python3\n---\n# A\n", encoding="utf-8")
    (tmp_path / "docs" / "lab.ipynb").write_text("{}", encoding="utf-8")
    md, lab = (File(name, str(tmp_path / "docs"), str(tmp_path / "site"), True) for name in ("page.md", "lab.ipynb"))
    assert plugin.should_include(md) is False  # mkdocs-jupyter's own answer, after reading the page
    notebooks.on_config(SimpleNamespace(plugins={"mkdocs-jupyter": plugin}))
    reads = []
    monkeypatch.setattr(mkdocs_jupyter.plugin.jupytext, "read", lambda *a, **k: reads.append(a))
    assert plugin.should_include(md) is False and reads == []
    assert plugin.should_include(lab) is True
