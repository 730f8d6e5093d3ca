"""hooks/mathml.py: LaTeX to MathML, its letter mapping, and a loud failure on LaTeX it does not know."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from _hooks import load_hook

mathml = load_hook("mathml")

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = UPPER.lower()
DIGITS = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"]


@pytest.mark.parametrize("variant", ["bold", "double-struck"])
def test_letters_and_digits_map_to_the_mathematical_alphanumerics(variant: str) -> None:
    """Each letter and digit lands on the Unicode character of its own name (the
    double-struck C, H, N, P, Q, R, Z live in the Letterlike Symbols block)."""
    style = variant.upper()
    for letter in UPPER:
        name = unicodedata.name(mathml._variant_char(variant, letter))
        assert name in (f"MATHEMATICAL {style} CAPITAL {letter}", f"{style} CAPITAL {letter}"), (letter, name)
    for letter in LOWER:
        assert unicodedata.name(mathml._variant_char(variant, letter)) == f"MATHEMATICAL {style} SMALL {letter.upper()}"
    for digit in range(10):
        assert unicodedata.name(mathml._variant_char(variant, str(digit))) == f"MATHEMATICAL {style} DIGIT {DIGITS[digit]}"
    holes = {c for c in UPPER if not unicodedata.name(mathml._variant_char(variant, c)).startswith("MATHEMATICAL")}
    assert holes == (set("CHNPQRZ") if variant == "double-struck" else set())


def test_italic_forms_of_the_font_subset() -> None:
    """The math font is cut with the italic form of every single letter, which is what a browser draws for <mi>x</mi>."""
    for plain, italic in mathml._ITALIC.items():
        name = unicodedata.name(italic)
        if plain == "h":
            assert name == "PLANCK CONSTANT"  # the hole of the italic block
        elif plain.isascii():
            case = "CAPITAL" if plain.isupper() else "SMALL"
            assert name == f"MATHEMATICAL ITALIC {case} {plain.upper()}"
        else:
            assert name == "MATHEMATICAL ITALIC " + unicodedata.name(plain).replace("GREEK ", "").replace("LETTER ", ""), plain
    assert len(mathml._ITALIC) == 26 + 26 + 25  # Latin both cases, Greek small letters with final sigma


def test_formulas_become_mathml_with_their_tex_as_alt_text() -> None:
    out = mathml.to_mathml(r"\mathbf{x} \in \mathbb{R}^{3}, \mathbf{0}, \mathbb{1}", "inline", "p.md")
    assert out.startswith('<math alttext="\\mathbf{x} \\in \\mathbb{R}^{3}, \\mathbf{0}, \\mathbb{1}" ')
    chars = html.unescape(out)
    assert "\U0001d431" in chars and "\u211d" in chars and "\U0001d7ce" in chars and "\U0001d7d9" in chars
    assert "mathvariant" not in out  # MathML Core would ignore it
    aligned = mathml.to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "block", "p.md")
    body = aligned.split(">", 1)[1]  # after the alt text, which keeps the TeX
    assert "<mtable" in body and "&amp;" not in body and "<mi>&</mi>" not in body
    assert "arg" in mathml.to_mathml(r"\arg\min_u f(u)", "block", "p.md")


@pytest.mark.parametrize(
    ("tex", "message"),
    [
        (r"\foo x", "does not know: " + repr("\\foo")),
        (r"a \mathbin{\nosuch} b", "does not know: " + repr("\\nosuch")),
        (r"\arg x", "does not know: " + repr("\\arg")),
        (r"a & b", "does not know: '&'"),
        (r"\frac{1}{2", "unbalanced braces"),
        (r"x}", "unbalanced braces"),
    ],
)
def test_unknown_latex_fails_the_build_naming_page_and_formula(tex: str, message: str) -> None:
    with pytest.raises(PluginError, match=re.escape(message)) as error:
        mathml.to_mathml(tex, "inline", "en/gradients/q2c.md")
    assert str(error.value).startswith(f"en/gradients/q2c.md: formula {tex!r}")


def test_pages_math_is_converted_and_display_math_is_focusable() -> None:
    html = (
        '<p>A <span class="arithmatex">\\(x^2\\)</span> and</p>\n'
        '<div class="arithmatex">\\[\\sum_i w_i\\]</div>'
    )
    out = mathml.convert_html(html, "fa/index.md")
    assert out.count("<math ") == 2 and "arithmatex" not in out
    assert '<div class="nn-math" tabindex="0"><math alttext="\\sum_i w_i"' in out
    assert 'display="inline"' in out and 'display="block"' in out
    with pytest.raises(PluginError, match="^fa/index.md: "):
        mathml.convert_html('<span class="arithmatex">\\(\\foo\\)</span>', "fa/index.md")


def test_used_characters_are_read_from_every_math_element(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "a.html").write_text('<p>text</p><math alttext="x"><mi>x</mi><mo>&#x0002B;</mo><mn>2</mn></math>')
    (tmp_path / "en" / "b.html").write_text("<math><mi>\u03b1</mi></math> <code>y</code>")
    chars = mathml.used_math_characters(tmp_path)
    assert chars == {"x", "+", "2", "\u03b1", "\U0001d465", "\U0001d6fc"}  # with the italics of x and alpha


def test_each_formula_is_converted_once_and_kept_for_the_next_build(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(mathml._site, "CACHE", tmp_path)
    monkeypatch.setattr(mathml, "_memo", {})
    monkeypatch.setattr(mathml, "_memo_state", {"loaded": False, "added": 0})
    calls = []
    convert = mathml._convert
    monkeypatch.setattr(mathml, "_convert", lambda source, display: calls.append(source) or convert(source, display))
    first = mathml.to_mathml(r"\sigma'(z) \le \tfrac14", "inline", "fa/p.md")
    assert mathml.to_mathml(r"\sigma'(z) \le \tfrac14", "inline", "en/p.md") == first and len(calls) == 1
    assert mathml.to_mathml(r"\sigma'(z) \le \tfrac14", "block", "en/p.md") != first and len(calls) == 2
    with pytest.raises(PluginError, match="unbalanced"):  # a failure is not kept: it fails every time
        mathml.to_mathml(r"x}", "inline", "p.md")
    with pytest.raises(PluginError, match="unbalanced"):
        mathml.to_mathml(r"x}", "inline", "p.md")
    mathml._save_memo()
    saved = list((tmp_path / "mathml").iterdir())
    assert len(saved) == 1 and saved[0].suffix == ".json"
    # The next build (a fresh process) reads the file and converts nothing.
    monkeypatch.setattr(mathml, "_memo", {})
    monkeypatch.setattr(mathml, "_memo_state", {"loaded": False, "added": 0})
    monkeypatch.setattr(mathml, "_convert", lambda source, display: pytest.fail(f"converted {source!r} again"))
    assert mathml.to_mathml(r"\sigma'(z) \le \tfrac14", "inline", "fa/p.md") == first
