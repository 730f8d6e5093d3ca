"""The glossary data (hooks/glossary.yml), its hook (hooks/glossary.py), and the built glossary pages."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from _hooks import load_hook

glossary = load_hook("glossary")
TERMS = glossary.load_terms()

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNNOTES_SITE_DIR", ROOT / "site"))
PERSIAN = re.compile(r"[\u0600-\u06ff]")

#: CONTENT.md's list: one Persian word per concept, exactly these.
REQUIRED = {
    "regularization": "منظم‌سازی", "bias": "بایاس", "weight": "وزن", "learning rate": "نرخ یادگیری",
    "gradient": "گرادیان", "vanishing gradient": "محوشدگی گرادیان", "exploding gradient": "انفجار گرادیان",
    "sparse": "تنک", "batch normalization": "نرمال‌سازی دسته‌ای", "initialization": "مقداردهی اولیه",
    "variance": "واریانس", "decision boundary": "مرز تصمیم", "overfitting": "بیش‌برازش",
    "underfitting": "کم‌برازش", "loss": "تابع هزینه", "cross-entropy": "آنتروپی متقاطع",
    "activation function": "تابع فعال‌سازی", "closed form": "فرم بسته",
}


def test_the_required_terms_are_there_with_their_persian_words() -> None:
    words = {term.en: term.fa for term in TERMS}
    assert {en: words.get(en) for en in REQUIRED} == REQUIRED


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.en)
def test_each_term_is_well_formed(term) -> None:
    for text in (term.fa, *term.fa_also, *term.avoid, term.fa_def):
        assert not re.search("[يكى]", text), f"{term.en}: Arabic letter in {text!r}"
    assert PERSIAN.search(term.fa_def) and not PERSIAN.search(term.en_def + term.en + "".join(term.en_also))
    assert "\n" not in term.en_def and "\n" not in term.fa_def, f"{term.en}: definitions are one line"
    assert term.fa not in term.avoid


def test_a_word_belongs_to_one_term_only(tmp_path: Path) -> None:
    data = tmp_path / "glossary.yml"
    data.write_text(
        "- {en: weight, fa: وزن, en_def: a, fa_def: ب}\n- {en: weights, fa: وزن‌ها, en_def: a, fa_def: ب}\n"
        "- {en: load, fa: وزن, en_def: a, fa_def: ب}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="belongs to both"):
        glossary.load_terms(data)
    data.write_text("- {en: weight, fa: وزن}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks"):
        glossary.load_terms(data)


# ---- marking terms in a page ----------------------------------------------------------------

fa_marker = glossary.Marker(TERMS, "fa")
en_marker = glossary.Marker(TERMS, "en")


def marked(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<abbr title="([^"]*)" tabindex="0">([^<]*)</abbr>', html)


def test_first_occurrence_only_with_the_other_languages_word() -> None:
    html = en_marker("<p>Regularization helps. More regularization.</p><p>A weight and the weights.</p>")
    assert marked(html) == [("منظم‌سازی", "Regularization"), ("وزن", "weight")]


def test_longest_term_wins() -> None:
    assert marked(fa_marker("<p>محوشدگی گرادیان و سپس گرادیان</p>")) == [
        ("vanishing gradient", "محوشدگی گرادیان"), ("gradient", "گرادیان"),
    ]


def test_persian_whole_words_only() -> None:
    # وزن inside وزنی or وزن‌دار is another word; a ZWNJ belongs to the word.
    assert marked(fa_marker("<p>وزنی و وزن‌دار</p>")) == []
    assert marked(fa_marker("<p>وزن‌ها و منظم‌سازی</p>")) == [("weight", "وزن‌ها"), ("regularization", "منظم‌سازی")]
    # A trailing kasra (ezafe) stays with its word.
    assert marked(fa_marker("<p>وزنِ لایه</p>")) == []
    assert marked(en_marker("<p>biased weighting</p>")) == []


def test_code_math_headings_and_links_are_left_alone() -> None:
    html = (
        "<h2>Regularization</h2><p><code>weight</code> <a href='#'>bias</a> "
        '<math alttext="loss"><mi>loss</mi></math> <pre><code>variance</code></pre></p>'
        "<p>Then regularization, weight, bias, loss and variance.</p>"
    )
    assert [word for _, word in marked(en_marker(html))] == ["regularization", "weight", "bias", "loss", "variance"]
    assert "<h2>Regularization</h2>" in en_marker(html)


def test_glossary_table_in_each_alphabet() -> None:
    fa = glossary.render_table(TERMS, "fa")
    rows = re.findall(r'<tr id="(term-[a-z0-9-]+)" markdown="1"><td markdown="span">\*\*([^*]+)\*\*', fa)
    assert len(rows) == len(TERMS) == len({anchor for anchor, _ in rows})
    words = [word for _, word in rows]
    assert words[0].startswith("آ") or words[0].startswith("ا")
    assert words.index("بایاس") < words.index("پس‌انتشار") < words.index("تنک")  # ب < پ < ت
    assert words.index("فرم بسته") < words.index("کم‌برازش") < words.index("گرادیان") < words.index("واریانس")
    en = [w for _, w in re.findall(r'<tr id="(term-[a-z0-9-]+)" markdown="1"><td markdown="span">\*\*([^*]+)\*\*', glossary.render_table(TERMS, "en"))]
    assert en == sorted(en, key=str.lower)


# ---- the built site -------------------------------------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_built_glossary_and_tooltips(lang: str) -> None:
    base = SITE / ("en" if lang == "en" else "")
    page = base / "glossary" / "index.html"
    if not page.is_file():
        pytest.fail(f"no built glossary page at {page}: run `make site` (make test does)")
    html = page.read_text(encoding="utf-8")
    assert html.count('<tr id="term-') == len(TERMS)
    assert "<math" in html and "$" not in html.split('class="nn-glossary"', 1)[1].split("</table>", 1)[0]
    assert "<abbr" not in html.split('class="md-content"', 1)[1], "the glossary page marks its own terms"
    home = (base / "index.html").read_text(encoding="utf-8")
    titles = dict((w.lower(), t) for t, w in marked(home))
    assert titles, f"{lang}: no glossary term is marked on the home page"
    other = {form.lower(): term.other(lang) for term in TERMS for form in term.forms(lang)}
    assert all(other[word] == title for word, title in titles.items())
