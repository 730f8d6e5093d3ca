"""The page fixes of hooks/reader.py (sized lazy images, a named search dialog, ...) and its helpers
hooks/_blocks.py (blocks rendered later) and hooks/_css.py (rules taken out of a stylesheet)."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from _hooks import load_hook

reader = load_hook("reader")
blocks = load_hook("_blocks")
css_rules = load_hook("_css")


def png(path: Path, width: int, height: int) -> Path:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk)))
    return path


def test_image_sizes_in_css_pixels(tmp_path: Path) -> None:
    svg = tmp_path / "f.svg"
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="540pt" height="244.8pt" viewBox="0 0 540 244.8"></svg>')
    assert reader.image_size(svg, 0.0) == (720, 326)  # 1pt = 4/3 px
    svg.write_text('<svg width="100%" viewBox="0 0 10 10"></svg>')
    assert reader.image_size(svg, 1.0) is None  # no absolute size: leave it alone
    assert reader.image_size(png(tmp_path / "p.png", 640, 480), 0.0) == (640, 480)


def test_images_get_lazy_loading_and_their_size(tmp_path: Path) -> None:
    svg = tmp_path / "f.svg"
    svg.write_text('<svg width="300" height="150"></svg>')
    html = '<p><img alt="a" src="f.svg" /><img alt="b" src="data:image/png;base64,AAAA"><img alt="c" src="f.svg" loading="eager" width="10" height="5"></p>'
    out = reader.sized_lazy_images(html, lambda src: svg if src == "f.svg" else None)
    assert '<img alt="a" src="f.svg" loading="lazy" decoding="async" width="300" height="150">' in out
    assert '<img alt="b" src="data:image/png;base64,AAAA" loading="lazy" decoding="async">' in out
    assert '<img alt="c" src="f.svg" loading="eager" width="10" height="5" decoding="async">' in out


def test_the_search_dialog_gets_a_name_in_the_page_language() -> None:
    page = '<html lang="{}"><body><div class="md-search" data-md-component="search" role="dialog"></div></body></html>'
    assert 'role="dialog" aria-label="جستجو">' in reader.name_search_dialog(page.format("fa"), "fa")
    assert 'role="dialog" aria-label="Search">' in reader.name_search_dialog(page.format("en"), "en")


# ---- figures, lab plots, header cells (issue 15) -------------------------------------------------


def test_figures_with_a_narrow_rendering_become_a_linked_picture(tmp_path: Path) -> None:
    narrow = tmp_path / "a.narrow.svg"
    narrow.write_text('<svg width="259.2pt" height="388.8pt"></svg>')
    files = {"../../assets/figures/en/a.narrow.svg": narrow}
    html = ('<p><img alt="A" src="../../assets/figures/en/a.svg" /></p>'
            '<p><img alt="B" src="../../assets/figures/en/b.svg"></p><p><img alt="C" src="photo.svg"></p>')
    out = reader.figure_pictures(html, files.get)
    assert ('<a class="nn-figure" href="../../assets/figures/en/a.svg"><picture>'
            f'<source media="{reader.NARROW_MEDIA}" srcset="../../assets/figures/en/a.narrow.svg" width="346" height="518">'
            '<img alt="A" src="../../assets/figures/en/a.svg" /></picture></a>') in out
    # Without a narrow file: only the link; a picture that is not a figure: untouched.
    assert '<a class="nn-figure" href="../../assets/figures/en/b.svg"><img alt="B" src="../../assets/figures/en/b.svg"></a>' in out
    assert '<p><img alt="C" src="photo.svg"></p>' in out
    # A narrow rendering is never wrapped itself, and running twice adds nothing.
    assert reader.figure_pictures('<img src="x/assets/figures/en/a.narrow.svg">', files.get) == '<img src="x/assets/figures/en/a.narrow.svg">'


def _plot_png(mode: str = "RGBA") -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(4, 2.5), dpi=72)
    x = np.linspace(0, 6, 200)
    for k in range(4):
        ax.plot(x, np.sin(x + k), label=str(k))
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", transparent=(mode == "RGBA"))
    plt.close(fig)
    return buffer.getvalue()


def test_lab_plots_get_a_palette_and_their_size() -> None:
    import base64
    import io

    from PIL import Image

    original = _plot_png()
    lighter = reader.lighter_png(original)
    assert len(lighter) < 0.7 * len(original), (len(original), len(lighter))
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(lighter))
    assert after.mode == "P" and after.size == before.size
    # Opaque (drawn on white: legible on the dark palette), and close to the original.
    rgb = after.convert("RGBA")
    assert rgb.getchannel("A").getextrema() == (255, 255)
    flat = Image.new("RGB", before.size, "white")
    flat.paste(before.convert("RGBA"), mask=before.convert("RGBA").getchannel("A"))
    diff = [abs(a - b) for a, b in zip(flat.tobytes(), rgb.convert("RGB").tobytes())]
    assert sum(diff) / len(diff) < 2.0 and max(diff) < 80
    assert len(reader.lighter_png(lighter)) <= len(lighter)  # never larger, run twice
    html = f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(original).decode()}">'
    out = reader.lighter_embedded_pngs(html)
    assert out.startswith(f'<img width="{before.size[0]}" height="{before.size[1]}" alt="plot" src="data:image/png;base64,')
    assert base64.b64decode(out.split("base64,")[1].split('"')[0]) == lighter


def test_header_cells_of_a_formula_get_text_and_empty_ones_become_cells() -> None:
    row = ('<tr><th></th><th><math alttext="w_1" display="inline"><msub><mi>w</mi><mn>1</mn></msub></math></th>'
           '<th>gain <math><mi>g</mi></math></th><th>plain</th></tr>')
    out = reader.named_header_cells(row)
    assert out.startswith("<tr><td></td>")
    assert ('<th><math alttext="w_1" display="inline" aria-hidden="true"><msub><mi>w</mi><mn>1</mn></msub></math>'
            '<span class="nn-sr-only">w1</span></th>') in out
    assert "<th>gain <math><mi>g</mi></math></th><th>plain</th>" in out


def test_tables_come_wrapped_as_material_would_and_marked_so_it_leaves_them() -> None:
    html = ('<p>x</p><table>\n<thead><tr><th>a</th></tr></thead><tbody><tr><td>'
            '<table><tr><td>inner</td></tr></table></td></tr></tbody></table>'
            '<table class="dataframe"><tr><td>1</td></tr></table>')
    out = reader.wrapped_tables(html)
    box = '<div class="md-typeset__scrollwrap" data-nn-name="Table, scrolls sideways"><div class="md-typeset__table"><table class="nn-table">'
    assert out.count(box) == 2 and out.count("</table></div></div>") == 2
    assert out.startswith('<p>x</p>' + box + "\n<thead>")
    assert '<table class="dataframe"><tr><td>1</td></tr></table>' in out  # a table with a class is Material's to skip too
    assert out.replace(box, "<table>").replace("</table></div></div>", "</table>") == html
    # Material's JavaScript wraps only table:not([class]): none is left for it.
    assert "<table>" not in out


def test_a_table_box_is_named_after_its_section_in_the_page_language() -> None:
    html = ('<table><tr><td>0</td></tr></table>'
            '<h2 id="a">Error &amp; cost<a class="headerlink" href="#a" title="x">&para;</a></h2><p>t</p>'
            '<table><tr><td>1</td></tr></table>'
            '<h3 id="f" class="doc doc-heading"><span class="doc doc-object-name">mse</span>\n<a href="#f" class="headerlink">&para;</a></h3>'
            '<p><span class="doc-section-title">Parameters:</span></p><table><tr><td>2</td></tr></table>'
            '<p><span class="doc-section-title">Returns:</span></p><table><tr><td>3</td></tr></table>')
    names = re.findall(r'data-nn-name="([^"]*)"', reader.wrapped_tables(html, "en"))
    assert names == ["Table, scrolls sideways", "Table in “Error &amp; cost”, scrolls sideways",
                     "Table in “mse — Parameters”, scrolls sideways", "Table in “mse — Returns”, scrolls sideways"]
    persian = re.findall(r'data-nn-name="([^"]*)"', reader.wrapped_tables('<h2 id="b">واریانس</h2><table></table>', "fa"))
    assert persian == ["جدول بخش «واریانس»، قابل پیمایش افقی"]
    assert re.findall(r'data-nn-name="([^"]*)"', reader.wrapped_tables("<table></table>", "fa")) == ["جدول، قابل پیمایش افقی"]


def test_material_table_rules_hold_for_the_marked_tables() -> None:
    css = ".md-typeset table:not([class]){font-size:.64rem}.md-typeset table:not([class]) th{min-width:5rem}"
    marked = reader.marked_table_rules(css)
    assert marked == ".md-typeset table.nn-table{font-size:.64rem}.md-typeset table.nn-table th{min-width:5rem}"


def test_text_blocks_from_the_second_section_on_are_marked_to_render_later() -> None:
    html = ('<h1 id="t">T</h1>\n<p>intro</p>\n<h2 id="a">A</h2>\n<p>first section</p>\n'
            '<h2 id="b">B</h2>\n<p>one <math><mi>x</mi><mspace width="1em"/></math><br>two</p>\n'
            '<div class="nn-math"><math display="block"><mi>y</mi></math></div>\n'
            '<ul>\n<li>item <img src="x.png" alt=""></li>\n</ul>\n'
            '<div class="admonition note"><p>nested <span>p</span></p></div>\n'
            '<div class="highlight"><pre><span></span><code>x = 1</code></pre></div>\n'
            '<details class="solution"><summary>S</summary><div class="highlight"><pre><code>y</code></pre></div></details>\n'
            '<p><a href="f.svg"><picture><img src="f.svg" alt="f"></picture></a></p>\n'
            '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="nn-table"><tr><td>1</td></tr></table></div></div>\n'
            '<hr>\n<h3 id="c">C</h3>\n<div class="other"><p>not a text block</p></div>\n<ol><li>last</li></ol>\n')
    out = blocks.later_blocks(html)
    marked = re.findall(r'<(\w+)[^>]*\bnn-later\b[^>]*>', out)
    # After the second h2, the paragraph, the formula, the list, the admonition, the table's box and the
    # last list: not the headings, the code block, the solution holding code, the figure, the <hr> or other divs.
    assert marked == ["p", "div", "ul", "div", "div", "ol"]
    assert '<div class="nn-math nn-later">' in out and '<div class="admonition note nn-later">' in out
    assert '<p>nested <span>p</span></p>' in out  # only top-level blocks
    assert out.index("nn-later") > out.index('<h2 id="b">')
    assert re.sub(r' class="nn-later"| nn-later', "", out) == html
    # Fewer than two h2: nothing to mark.
    assert blocks.later_blocks('<h2 id="a">A</h2><p>x</p>') == '<h2 id="a">A</h2><p>x</p>'


def test_later_blocks_keep_their_place_after_odd_line_breaks_and_attributes() -> None:
    # getpos() counts "\n" only: a form feed, U+2028 or a lone "\r" before a block must not shift it.
    html = ('<h2 id="a">A</h2>\n<p>a\x0cb\u2028c\rd</p>\n<h2 id="b">B</h2>\n'
            '<p title="a class=" class="x">one</p>\n<p class=\'y\'>two</p>\n<p class="">three</p>\n'
            '<p data-x=\'<b class="z">\'>four</p>\n<ul class=w><li>five</li></ul>\n')
    out = blocks.later_blocks(html)
    assert out == ('<h2 id="a">A</h2>\n<p>a\x0cb\u2028c\rd</p>\n<h2 id="b">B</h2>\n'
                   '<p title="a class=" class="x nn-later">one</p>\n<p class="y nn-later">two</p>\n<p class="nn-later">three</p>\n'
                   '<p class="nn-later" data-x=\'<b class="z">\'>four</p>\n<ul class="w nn-later"><li>five</li></ul>\n')


def test_later_blocks_are_marked_in_the_page_article_only() -> None:
    body = '<h2 id="a">A</h2><p>x</p><h2 id="b">B</h2><p>y</p>'
    page = f'<html><body><p>header</p><article class="md-content__inner md-typeset">{body}</article><footer><p>f</p></footer></body></html>'
    out = blocks.later_blocks_in_article(page)
    assert out == page.replace("<p>y</p>", '<p class="nn-later">y</p>')
    assert blocks.later_blocks_in_article("<html><p>no article</p></html>") == "<html><p>no article</p></html>"


def test_material_rules_for_content_tabs_are_dropped_and_the_rest_kept() -> None:
    css = ('@charset "UTF-8";a{color:red}.md-typeset .tabbed-set>input:first-child:checked~.tabbed-labels>:first-child,'
           '.md-typeset .other{color:blue}.md-typeset .tabbed-labels--linked>label{padding:0}'
           '@media screen{.md-typeset .tabbed-control{display:none}}@media print{.md-typeset .tabbed-set{x:y}b{z:w}}'
           '@keyframes k{0%{opacity:0}to{opacity:1}}.q:after{content:"{.tabbed-set}"}'
           '@supports selector(:has(a)){.md-typeset .tabbed-block{color:red}}')
    out = css_rules.without_rules_for(css, ("tabbed-",))
    assert out == ('@charset "UTF-8";a{color:red}.md-typeset .other{color:blue}@media print{b{z:w}}'
                   '@keyframes k{0%{opacity:0}to{opacity:1}}.q:after{content:"{.tabbed-set}"}')
    assert css_rules.without_rules_for(css, ("no-such-",)) == css


def test_rules_are_read_past_strings_escapes_and_comments() -> None:
    css = ('a:after{content:"\\"}{"}.tabbed-set{x:y}/* .tabbed-set{ } */'
           ".q{background:url('data:image/svg+xml;utf8,<svg a=\"}\"/>')}/* a */.r,/* b */.tabbed-block{z:w}")
    assert css_rules.without_rules_for(css, ("tabbed-",)) == ('a:after{content:"\\"}{"}/* .tabbed-set{ } */'
                                                              ".q{background:url('data:image/svg+xml;utf8,<svg a=\"}\"/>')}.r{z:w}")
    with pytest.raises(ValueError, match="inside parentheses"):
        css_rules.without_rules_for(".a:not(.tabbed-set) p{x:y}", ("tabbed-",))
    with pytest.raises(ValueError, match="unbalanced"):
        css_rules.without_rules_for(".a{x:y", ("tabbed-",))
    with pytest.raises(ValueError, match="unterminated"):
        css_rules.without_rules_for('.a{content:"x}', ("tabbed-",))


def test_material_stylesheet_loses_only_its_content_tab_rules() -> None:
    import material

    (path,) = (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css")
    css = path.read_text(encoding="utf-8")
    assert css_rules.without_rules_for(css, ("no-such-class-",)) == css
    lighter = css_rules.without_rules_for(css, reader.UNUSED_CLASS_PREFIXES)
    assert len(lighter) < 0.9 * len(css) and not re.search(r"\.tabbed-", lighter)
    rule = re.compile(r"([^{}]+)\{([^{}]*)\}")
    before = {(sel, body) for sels, body in rule.findall(css) for sel in sels.split(",")}
    after = {(sel, body) for sels, body in rule.findall(lighter) for sel in sels.split(",")}
    gone = before - after
    assert gone and all(".tabbed-" in sel for sel, _ in gone), sorted(s for s, _ in gone if ".tabbed-" not in s)[:5]


def test_code_keeps_its_text_and_look_in_fewer_elements() -> None:
    code = '<span class="k">import</span><span class="w"> </span><span class="nn">numpy</span><span class="w">\n    </span>'
    assert reader.lighter_code(code) == '<span class="k">import</span> <span class="nn">numpy</span>\n    '
    line = ('<span class="n">w</span><span class="o">=</span><span class="n">rng</span><span class="o">.</span>'
            '<span class="n">normal</span><span class="p">(</span><span class="p">(</span><span class="mi">3</span>'
            '<span class="p">,</span><span class="p">)</span><span class="p">)</span>'
            '<span id="__span-0-2"><span class="p">)</span></span><span class="md-x">a</span><span class="md-x">b</span>')
    assert reader.lighter_code(line) == (
        'w<span class="o">=</span>rng<span class="o">.</span>normal<span class="p">((</span><span class="mi">3</span>'
        '<span class="p">,))</span><span id="__span-0-2"><span class="p">)</span></span>'
        '<span class="md-x">a</span><span class="md-x">b</span>')
    # Tokens of one colour join across the spaces between them, whatever their classes;
    # tokens of two colours, or with anything but spaces between, stay apart.
    mixed = ('<span class="n">x</span><span class="p">[</span><span class="o">-</span><span class="mi">1</span>'
             '<span class="p">]</span> <span class="o">/</span> <span class="kc">None</span>\n'
             '<span class="nb">print</span><span class="p">(</span><span class="sa">f</span><span class="s2">&quot;a </span>'
             '<span class="si">{</span>x<span class="si">}</span><span class="s2">&quot;</span><span class="p">)</span>'
             '<span class="c1"># a</span>\n<span class="c1"># b</span><span class="gd">-</span><span class="gd">-</span>')
    assert reader.lighter_code(mixed) == (
        'x<span class="p">[-</span><span class="mi">1</span><span class="p">] /</span> None\n'
        '<span class="nb">print</span><span class="p">(</span>f<span class="s2">&quot;a {</span>'
        'x<span class="si">}&quot;</span><span class="p">)</span>'
        '<span class="c1"># a\n# b</span><span class="gd">-</span><span class="gd">-</span>')
    text = re.sub(r"<[^>]+>", "", mixed)
    assert re.sub(r"<[^>]+>", "", reader.lighter_code(mixed)) == text


def _code_colour_rules(css: str) -> dict[str, set[str]]:
    """Each class a ".highlight .x" selector names: the bodies of the rules that name it."""
    rules: dict[str, set[str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for name in re.findall(r"\.highlight \.([a-z0-9]+)\b", selectors):
            simple = all(re.fullmatch(r"\s*\.highlight \.[a-z0-9]+\s*", s) for s in selectors.split(","))
            rules.setdefault(name, set()).add(body if simple else f"{selectors}{{{body}}}")
    return rules


def test_the_code_token_colours_are_the_ones_material_gives() -> None:
    """What lets `lighter_code` join tokens and drop some: the colour each class gets from
    Material's stylesheets and ours, in both palettes."""
    import material

    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    (main,) = sheets.glob("main.*.min.css")
    rules = _code_colour_rules(main.read_text(encoding="utf-8"))
    for name, colour in reader._TOKEN_COLOUR.items():
        assert rules.get(name) == {f"color:var(--md-code-hl-{colour if name != 'p' else 'punctuation'}-color)"}, name
    for name in ("n", "kc"):
        assert rules.get(name) == {"color:var(--md-code-hl-name-color)"}, name
    assert "sa" not in rules and "w" not in rules
    # Punctuation and operators: one colour in the dark palette (Material's) and the light
    # one (ours); names: the code's own colour in both.
    for sheet in [main, *sheets.glob("palette.*.min.css")]:
        css = sheet.read_text(encoding="utf-8")
        for variable in ("punctuation", "operator"):
            assert set(re.findall(rf"--md-code-hl-{variable}-color:([^;}}]+)", css)) == {"var(--md-default-fg-color--light)"}, sheet.name
        assert set(re.findall(r"--md-code-hl-name-color:([^;}]+)", css)) == {"var(--md-code-fg-color)"}, sheet.name
    ours = (Path(__file__).resolve().parent.parent / "docs" / "assets" / "stylesheets" / "nnnotes.css").read_text(encoding="utf-8")
    light = re.search(r'\[data-md-color-scheme="default"\] \{([^}]*)\}', ours).group(1)
    assert re.search(r"--md-code-hl-punctuation-color: (#[0-9a-f]+);", light)[1] == re.search(r"--md-code-hl-operator-color: (#[0-9a-f]+);", light)[1]
    assert "--md-code-hl-name-color" not in ours and not _code_colour_rules(ours)
    assert len(re.findall(r"--md-code-hl-(?:punctuation|operator)-color", ours)) == 2


def test_a_lab_plot_is_redrawn_once_and_kept(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(reader._site, "CACHE", tmp_path)
    original = _plot_png()
    lighter = reader.lighter_png(original)
    assert len(list((tmp_path / "png").iterdir())) == 1
    monkeypatch.setattr(reader, "_lighter_png", lambda data: pytest.fail("redrawn again"))
    assert reader.lighter_png(original) == lighter


def test_each_code_block_has_its_copy_button_naming_its_code() -> None:
    html = ('<div class="highlight" data-nn-code="1"><pre><span></span><code>x = 1\n</code></pre></div>'
            '<div class="language-python doc-signature highlight"><pre><span></span><code class="k">f()</code></pre></div>'
            '<pre><code>plain, not highlighted</code></pre>')
    out = reader.copy_buttons(html, "fa")
    assert out.count('<nav class="md-code__nav"><button class="md-code__button" title="کپی کردن"') == 2
    assert '<span></span><nav class="md-code__nav"><button class="md-code__button" title="کپی کردن" data-clipboard-target="#nn-code-1" data-md-type="copy"></button></nav><code id="nn-code-1">x = 1' in out
    assert '<code id="nn-code-2" class="k">f()' in out
    assert out.endswith("<pre><code>plain, not highlighted</code></pre>")
    assert 'title="Copy to clipboard"' in reader.copy_buttons(html, "en")


def test_material_is_not_asked_to_add_copy_buttons_too() -> None:
    config = (Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(encoding="utf-8")
    features = re.search(r"^  features:\n((?:    .*\n)+)", config, re.M).group(1)
    assert not re.search(r"^    - content\.code\.copy", features, re.M)


def test_permalinks_are_titled_in_the_pages_language() -> None:
    html = ('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
            '<h2 id="m.f" class="doc doc-heading">f <a href="#m.f" class="headerlink" title="Permanent link">&para;</a></h2>'
            '<a href="#a" title="Permanent link">a link that is not a permalink</a>')
    out = reader.permalink_titles(html, "fa")
    assert out.count('title="پیوند به این بخش"') == 2
    assert '<a class="headerlink" href="#a" title="پیوند به این بخش">' in out
    assert '<a href="#m.f" class="headerlink" title="پیوند به این بخش">' in out
    assert out.endswith('<a href="#a" title="Permanent link">a link that is not a permalink</a>')
    assert reader.permalink_titles(html, "en").count('title="Link to this section"') == 2
