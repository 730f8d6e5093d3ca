"""The errata hook (hooks/errata.py) on small inputs, and the errata pages of the built site."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from _hooks import load_hook

errata = load_hook("errata")
_text = load_hook("_text")

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNNOTES_SITE_DIR", ROOT / "site"))
DOCS = ROOT / "docs"

PAGE = """---
answer: Q3.a-2
---
# Why L1 gives *sparse* weights

Intro.

!!! erratum "The update drops $\\lambda$"

    The right update is $w := w - \\eta(\\lambda \\operatorname{sign}(w) + g)$,
    with the data gradient $g$ scaled by $\\eta$ too.

    More explanation, not in the table.

```python
# !!! erratum "inside code: not an erratum"
```

=== "Tab"

    !!! erratum

        Indented inside a tab; no title.

!!! note "Not an erratum"

    Text.
"""


def test_parse_page_finds_every_erratum_in_order() -> None:
    found = errata.parse_page(PAGE, "regularization/l1.md")
    assert [e.number for e in found] == [1, 2]
    first, second = found
    assert first.answer == "Q3.a-2" and first.page == "regularization/l1.md"
    assert first.page_title == "Why L1 gives *sparse* weights"
    assert first.title == "The update drops $\\lambda$"
    # The first paragraph only, its lines joined.
    assert first.right == "The right update is $w := w - \\eta(\\lambda \\operatorname{sign}(w) + g)$, with the data gradient $g$ scaled by $\\eta$ too."
    assert second.title == "" and second.right == "Indented inside a tab; no title."
    assert first.anchor == "erratum-1"


def test_a_page_without_errata_or_answer() -> None:
    assert errata.parse_page("# Home\n\n!!! note\n\n    Hi.\n", "index.md") == []
    (lone,) = errata.parse_page("!!! erratum \"x\"\n\n    y\n", "a.md")
    assert lone.answer == "" and lone.page_title == "a.md"


def test_sorted_in_sheet_order_unknown_answers_last() -> None:
    def make(answer: str, page: str = "p.md", number: int = 1):
        return errata.Erratum(answer, page, "T", number, "t", "r")

    items = [make("Xavier"), make("Q3.a-1"), make(""), make("Q1.b", number=2), make("Q1.b"), make("Q3.a-2")]
    ordered = sorted(items, key=errata.sort_key)
    assert [(e.answer, e.number) for e in ordered] == [("Q1.b", 1), ("Q1.b", 2), ("Q3.a-1", 1), ("Q3.a-2", 1), ("Xavier", 1), ("", 1)]


def test_render_table_links_each_erratum() -> None:
    items = errata.parse_page(PAGE, "regularization/l1.md")
    html = errata.render_table(items, "en", lambda e: f"../l1/#{e.anchor}", lambda md: f"<i>{md}</i>")
    assert html.count("<tr>") == 3  # header + two rows
    assert 'href="../l1/#erratum-1"' in html and 'href="../l1/#erratum-2"' in html
    assert "<th>What is right</th>" in html
    assert "<td>—</td>" in html  # the untitled erratum
    persian = errata.render_table(items, "fa", lambda e: "#", str)
    assert "<th>پاسخ</th>" in persian
    assert "No page" in errata.render_table([], "en", str, str)


def test_rendered_errata_are_numbered() -> None:
    html = '<div class="admonition erratum"><p>a</p></div><div class="admonition note"></div><details class="erratum"><summary>b</summary></details>'
    numbered = errata.number_errata(html)
    assert '<div class="admonition erratum" id="erratum-1">' in numbered
    assert '<details class="erratum" id="erratum-2">' in numbered
    assert 'class="admonition note">' in numbered


# ---- the built site -------------------------------------------------------------------------

_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?) *erratum\b", re.M)


def source_errata(lang: str) -> dict[str, int]:
    """Erratum admonitions per page in docs/<lang>, counted from the text (outside code fences)."""
    counts = {}
    for path in sorted((DOCS / lang).rglob("*.md")):
        text = "\n".join(line.text for line in _text.scan(path.read_text(encoding="utf-8")) if line.role == "text")
        count = len(_ADMONITION.findall(text))
        if count:
            counts[path.relative_to(DOCS / lang).as_posix()] = count
    return counts


def built(lang: str, page: str) -> Path:
    base = SITE / ("en" if lang == "en" else "")
    return base / page.removesuffix(".md").removesuffix("index") / "index.html"


@pytest.mark.site
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_errata_page_lists_every_erratum(lang: str) -> None:
    page = built(lang, "errata.md")
    if not page.is_file():
        pytest.fail(f"no built errata page at {page}: run `make site` (make test does)")
    html = page.read_text(encoding="utf-8")
    _, has_table, rest = html.partition('<div class="nn-errata">')
    table = rest.split("</table>", 1)[0]
    rows = table.count("<tr>") - 1 if has_table else 0  # less the header
    counts = source_errata(lang)
    assert rows == sum(counts.values()), (
        f"{lang}: {rows} rows in the errata table, {sum(counts.values())} erratum admonitions in docs/{lang}: {counts}"
    )
    assert "\\(" not in table and "$" not in table, f"{lang}: unconverted math in the errata table"
    for source, count in counts.items():
        text = built(lang, source).read_text(encoding="utf-8")
        ids = re.findall(r'class="(?:admonition )?erratum[^"]*" id="(erratum-\d+)"', text)
        assert ids == [f"erratum-{n}" for n in range(1, count + 1)], f"{lang}/{source}: rendered errata ids {ids}, expected {count}"
        link = f"#erratum-{count}"
        assert any(href.endswith(link) for href in re.findall(r'href="([^"]+)"', table)), f"{lang}: the table does not link {source}{link}"
