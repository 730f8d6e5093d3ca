"""Persian orthography lint over docs/fa (Markdown pages and the markdown cells of labs).

What it flags, outside code (fenced and inline), math ($...$, $$...$$), HTML
comments, tags and link targets:

- Arabic letters and digits where Persian ones belong: ي ى -> ی, ك -> ک, ٠-٩ -> ۰-۹;
- the verbal prefix می/نمی written with a space ("می شود") or joined without the
  zero-width non-joiner before a common verb ("میشود");
- the suffixes ها/های/هایی/ای/تر/ترین written with a space ("وزن ها", "داده ای"),
  the ezafe and verbal endings after ه written with a space ("لایه ی", "کرده اند"),
  and ها joined to a final ه without the non-joiner ("لایهها");
- a glossary term (``hooks/glossary.yml``) written with a space or joined where it
  takes a non-joiner ("نرمال سازی", "منظم سازی"), and the spellings the glossary
  lists under ``avoid`` ("رگولاریزاسیون") more than once in a file.

Each problem names the file, the line and the fix.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from _hooks import load_hook

DOCS = Path(__file__).resolve().parent.parent / "docs"
_text = load_hook("_text")
ZWNJ = "\u200c"
_LETTER = "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06d5\u06fa-\u06fc\u06ff"  # Arabic-script letters
_W = _text.WORD  # part of a word: letters, digits, ZWNJ, combining marks
_START = rf"(?<![{_W}])"
_END = rf"(?![{_W}])"

# Present and past stems of common verbs that take the prefix می, with their endings.
_STEMS = (
    "شو کن ده توان گیر رس آی بین گوی خواه یاب زن رو کش ساز گذار گرد آور نویس افت پذیر خور "
    "پرداز انداز ماند مان شناس سنج پوش کاه افزای چرخ لغز پاش ریز خوان "
    "شد کرد داد رفت آمد گرفت رسید دید گفت خواست یافت زد کشید ساخت گذاشت گشت آورد نوشت افتاد"
).split()
_ENDINGS = "(?:ند|یم|ید|د|م|ی)?"
# "دان" (know) would also match the noun میدان (field): it needs an ending other than ی.
_JOINED_VERB = re.compile(
    rf"{_START}(ن?می)((?:{'|'.join(sorted(_STEMS, key=len, reverse=True))}){_ENDINGS}|دان(?:ند|یم|ید|د|م)){_END}"
)
_SPACED_PREFIX = re.compile(rf"{_START}(ن?می) ([{_LETTER}]+)")
_SPACED_SUFFIX = re.compile(rf"([{_LETTER}]+) (هایی|هایم|هایش|هایشان|های|ها|ای|ترین|تر){_END}")
_SPACED_AFTER_HE = re.compile(rf"([{_LETTER}]*ه) (ی|ام|ایم|اید|اند){_END}")
_JOINED_HA = re.compile(rf"([{_LETTER}]*ه)(هایی|های|ها){_END}")
_ARABIC = {"ي": "ی", "ى": "ی", "ك": "ک", **{chr(0x0660 + d): chr(0x06F0 + d) for d in range(10)}}
_ARABIC_CHAR = re.compile(f"[{''.join(_ARABIC)}]")

# Spans that are not Persian prose: blanked out (newlines kept) before linting.
_MASKS = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\$\$.*?\$\$", re.S),
    re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S),
    re.compile(r"(?<![\\$])\$(?!\s)[^$\n]+?(?<![\s\\])\$"),
    re.compile(r"\]\([^)\n]*\)"),
    re.compile(r"<[a-zA-Z/][^>\n]*>"),
]


@dataclass(frozen=True)
class Problem:
    line: int
    found: str
    fix: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.found!r} -> {self.fix}"


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def prose(text: str) -> str:
    """``text`` with code, math, comments, tags and link targets blanked out (same lines)."""
    text = "\n".join(line.text if line.role == "text" else "" for line in _text.scan(text))
    for mask in _MASKS:
        text = mask.sub(_blank, text)
    return text


def _spellings(word: str) -> set[str]:
    """``word`` with each ZWNJ or space between its parts written as a ZWNJ, a space or nothing."""
    pieces = re.split(f"[{ZWNJ} ]", word)
    return {
        "".join(p + j for p, j in zip(pieces, joins)) + pieces[-1]
        for joins in itertools.product((ZWNJ, " ", ""), repeat=len(pieces) - 1)
    }


def _words(words: set[str]) -> re.Pattern:
    return re.compile(f"{_START}(?:{'|'.join(re.escape(w) for w in sorted(words, key=len, reverse=True))}){_END}")


def _glossary_rules() -> tuple[list[tuple[re.Pattern, str]], list[tuple[re.Pattern, str]]]:
    """(wrong joins of the glossary's words that take a ZWNJ, spellings to avoid), each with the right word."""
    misspelt, avoided = [], []
    terms = load_hook("glossary").load_terms()
    words = {word for term in terms for form in term.forms("fa") for word in form.split() if ZWNJ in word}
    for word in sorted(words):
        misspelt.append((_words(_spellings(word) - {word}), word))
    for term in terms:
        for spelling in term.avoid:
            avoided.append((_words(_spellings(spelling) - set(term.forms("fa"))), term.fa))
    return misspelt, avoided


_MISSPELT, _AVOIDED = _glossary_rules()


def lint(text: str) -> list[Problem]:
    """Every orthography problem in the Persian Markdown ``text``."""
    problems: list[Problem] = []
    avoid_seen: dict[str, int] = {}
    for number, line in enumerate(prose(text).split("\n"), start=1):
        found: dict[tuple[int, str], str] = {}
        for m in _ARABIC_CHAR.finditer(line):
            found.setdefault((m.start(), m.group(0)), f"use the Persian {_ARABIC[m.group(0)]!r} (U+{ord(_ARABIC[m.group(0)]):04X})")
        for m in _SPACED_PREFIX.finditer(line):
            found.setdefault((m.start(), m.group(0)), f"write {m[1] + ZWNJ + m[2]!r} (prefix with a zero-width non-joiner, U+200C)")
        for m in _JOINED_VERB.finditer(line):
            found.setdefault((m.start(), m.group(0)), f"write {m[1] + ZWNJ + m[2]!r} (zero-width non-joiner after the prefix)")
        for pattern in (_SPACED_SUFFIX, _SPACED_AFTER_HE, _JOINED_HA):
            for m in pattern.finditer(line):
                found.setdefault((m.start(), m.group(0)), f"write {m[1] + ZWNJ + m[2]!r} (suffix with a zero-width non-joiner)")
        for pattern, right in _MISSPELT:
            for m in pattern.finditer(line):
                found.setdefault((m.start(), m.group(0)), f"write {right!r}, the glossary's spelling")
        for pattern, right in _AVOIDED:
            for m in pattern.finditer(line):
                avoid_seen[right] = avoid_seen.get(right, 0) + 1
                if avoid_seen[right] > 1:
                    found.setdefault((m.start(), m.group(0)), f"write {right!r} (the glossary's term; another spelling may be mentioned once per page)")
        problems += [Problem(number, text_found, fix) for (_, text_found), fix in sorted(found.items())]
    return problems


# ---- the lint itself ------------------------------------------------------------------------

FLAGGED = [
    ("مقدار بهينه", "ی"),  # Arabic yeh
    ("يك شبكه", "ک"),  # Arabic kaf (and yeh)
    ("در لایه‌ی ٣", "۳"),  # Arabic-Indic digit
    ("این روش سریع‌تر می شود.", "می\u200cشود"),
    ("گرادیان نمی رسد", "نمی\u200cرسد"),
    ("وزن‌ها را کوچک میکند", "می\u200cکند"),
    ("این را نمیتوان گفت", "نمی\u200cتوان"),
    ("همه‌ی وزن ها صفرند", "وزن\u200cها"),
    ("لایه های نخست", "لایه\u200cهای"),
    ("به گونه ای که", "گونه\u200cای"),
    ("کوچک تر از یک", "کوچک\u200cتر"),
    ("خروجی لایه ی آخر", "لایه\u200cی"),
    ("آن را نشان داده اند", "داده\u200cاند"),
    ("لایهها را", "لایه\u200cها"),
    ("نرمال سازی دسته‌ای", "نرمال\u200cسازی"),
    ("نرمال سازی لایه‌ای", "نرمال\u200cسازی"),
    ("تابع فعال سازی", "فعال\u200cسازی"),
    ("پس انتشار خطا", "پس\u200cانتشار"),
    ("منظم سازی L2", "منظم\u200cسازی"),
    ("منظمسازی L2", "منظم\u200cسازی"),
    ("بیش برازش رخ می‌دهد", "بیش\u200cبرازش"),
    ("رگولاریزاسیون یا همان رگولاریزاسیون", "منظم\u200cسازی"),
    ("رگولاریزیشن و باز هم رگولاریزیشن", "منظم\u200cسازی"),
    ("محو شدگی گرادیان و باز محو شدگی گرادیان", "محوشدگی گرادیان"),
]

CLEAN = [
    "میانگین و میزان و میدان و میلیون و میوه",  # words that only start like می
    "تنها یک لایه؛ نهایت دقت",  # ه followed by ا inside a word
    "نتیجه را داده است و می‌شود دید",  # «است» after ه is written apart
    "همه‌ی وزن‌ها و لایه‌های نخست می‌توانند کوچک‌تر شوند",
    "نرمال‌سازی دسته‌ای و منظم‌سازی و بیش‌برازش",
    "در متن‌های فارسی گاهی «رگولاریزیشن» هم می‌گویند.",  # one mention is allowed
    "کد `x = 'می شود'` و فرمول $a ي b$ و $$\nوزن ها\n$$ اینجا",  # code and math are not prose
    "```python\n# وزن ها\nx = 'يك'\n```\nپس از کد",
    "<!-- وزن ها -->\n[پیوند](../وزن ها.md)",
    "مدل ReLU را می‌گیرد و x ها را",  # ها after a Latin word is left alone
]


@pytest.mark.parametrize(("text", "fix"), FLAGGED, ids=[t for t, _ in FLAGGED])
def test_lint_flags(text: str, fix: str) -> None:
    problems = lint(text)
    assert problems, f"{text!r} passed the lint"
    # Fixes are quoted with repr(), which shows the invisible ZWNJ as \u200c.
    assert any(repr(fix)[1:-1] in p.fix for p in problems), f"{text!r}: {[str(p) for p in problems]} do not suggest {fix!r}"


@pytest.mark.parametrize("text", CLEAN)
def test_lint_passes(text: str) -> None:
    assert lint(text) == [], [str(p) for p in lint(text)]


def test_lint_names_the_line() -> None:
    problems = lint("درست است.\n\nاین نادرست می شود.\n")
    assert [p.line for p in problems] == [3]
    assert "line 3" in str(problems[0]) and "می\\u200cشود" in str(problems[0])


def test_a_term_may_be_mentioned_once_under_another_name() -> None:
    assert lint("گاهی «رگولاریزیشن» هم می‌گویند.") == []
    second = lint("گاهی «رگولاریزیشن» هم می‌گویند.\n\nرگولاریزیشن مهم است.")
    assert [p.line for p in second] == [3]


# ---- the pages ------------------------------------------------------------------------------


def persian_sources() -> list[Path]:
    return sorted(p for p in (DOCS / "fa").rglob("*") if p.suffix in (".md", ".ipynb"))


def _lint_file(path: Path) -> list[str]:
    if path.suffix == ".md":
        return [str(p) for p in lint(path.read_text(encoding="utf-8"))]
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        f"cell {index}, {p}"
        for index, cell in enumerate(cells, start=1)
        if cell["cell_type"] == "markdown"
        for p in lint("".join(cell["source"]))
    ]


@pytest.mark.parametrize("path", persian_sources(), ids=lambda p: str(p.relative_to(DOCS)))
def test_persian_orthography(path: Path) -> None:
    problems = _lint_file(path)
    assert not problems, f"{path.relative_to(DOCS)}:\n" + "\n".join(problems)


def test_the_hooks_persian_strings() -> None:
    """What the hooks write on Persian pages (hooks/_site.py, UI) keeps the same orthography."""
    problems = {key: [str(p) for p in lint(strings["fa"])] for key, strings in load_hook("_site").UI.items()}
    assert not {key: found for key, found in problems.items() if found}, problems
