"""Checks of the Markdown sources in docs/: runnable fences, and Persian/English parity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytest_codeblocks.main import extract_from_file

from _hooks import load_hook

_text = load_hook("_text")

DOCS = Path(__file__).resolve().parent.parent / "docs"
LANGS = ("fa", "en")
FIGURE = re.compile(r"assets/figures/(?P<lang>[a-z]+)/(?P<name>[a-z0-9-]+)\.svg")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def pages(lang: str, suffix: str = ".md") -> list[Path]:
    return sorted(p.relative_to(DOCS / lang) for p in (DOCS / lang).rglob(f"*{suffix}"))


def markdown_files() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def opening_fences(path: Path) -> list[tuple[int, str, str]]:
    """(line number, fence mark, info string) of every opening fence in ``path``."""
    lines = _text.scan(path.read_text(encoding="utf-8").splitlines())
    return [(line.number, line.fence.mark, line.fence.info) for line in lines if line.role == "open"]


def python_blocks(path: Path) -> list[str]:
    return [block.code for block in extract_from_file(path) if block.syntax == "python"]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(DOCS)))
def test_no_fence_is_silently_skipped(path: Path) -> None:
    """pytest-codeblocks runs only bare ```python fences; anything that looks like
    Python in another fence (```py, ```python title=..., ~~~) would never run."""
    bad = []
    for number, mark, info in opening_fences(path):
        if mark.startswith("~"):
            bad.append(f"line {number}: '~~~' fence (use ``` and a bare language)")
        elif re.match(r"\{?\.?(py|python|python3|pycon|ipython)\b", info) and info != "python":
            bad.append(f"line {number}: fence info {info!r} is not run; use a bare ```python")
        elif info in ("sh", "bash", "shell"):
            bad.append(f"line {number}: ```{info} would be executed in CI; show commands as ```console")
    assert not bad, f"{path.relative_to(DOCS)}:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(DOCS)))
def test_every_python_fence_is_collected(path: Path) -> None:
    """Counts agree: every ```python fence is a block pytest-codeblocks runs (or continues)."""
    text = path.read_text(encoding="utf-8")
    fences = sum(1 for _, _, info in opening_fences(path) if info == "python")
    continued = len(re.findall(r"<!--\s*pytest-codeblocks:cont\s*-->", text))
    collected = len(python_blocks(path))
    assert fences == collected + continued, (
        f"{path.relative_to(DOCS)}: {fences} ```python fences but pytest-codeblocks runs "
        f"{collected} blocks (+{continued} continuations)"
    )


def test_every_page_exists_in_both_languages() -> None:
    for suffix in (".md", ".ipynb"):
        fa, en = set(pages("fa", suffix)), set(pages("en", suffix))
        assert fa == en, f"{suffix} only in Persian: {sorted(map(str, fa - en))}; only in English: {sorted(map(str, en - fa))}"


def paired_pages() -> list[Path]:
    return sorted(set(pages("fa")) & set(pages("en")))


@pytest.mark.parametrize("page", paired_pages(), ids=str)
def test_pages_run_the_same_code(page: Path) -> None:
    fa, en = python_blocks(DOCS / "fa" / page), python_blocks(DOCS / "en" / page)
    assert len(fa) == len(en), f"{page}: {len(fa)} python blocks in Persian, {len(en)} in English"
    for index, (a, b) in enumerate(zip(fa, en), start=1):
        assert a == b, f"{page}: python block {index} differs between the languages"


@pytest.mark.parametrize("page", paired_pages(), ids=str)
def test_pages_show_the_same_figures(page: Path) -> None:
    shown = {}
    for lang in LANGS:
        text = (DOCS / lang / page).read_text(encoding="utf-8")
        matches = list(FIGURE.finditer(text))
        wrong = [m.group(0) for m in matches if m["lang"] != lang]
        assert not wrong, f"{lang}/{page} shows another language's figure: {wrong}"
        shown[lang] = [m["name"] for m in matches]
    assert shown["fa"] == shown["en"], f"{page}: figures differ: fa {shown['fa']}, en {shown['en']}"


@pytest.mark.parametrize("page", paired_pages(), ids=str)
def test_pages_answer_the_same_question(page: Path) -> None:
    answers = {}
    for lang in LANGS:
        match = FRONT_MATTER.match((DOCS / lang / page).read_text(encoding="utf-8"))
        answers[lang] = re.findall(r"^answer:\s*(\S.*)$", match.group(1), re.M) if match else []
    assert answers["fa"] == answers["en"], f"{page}: front matter 'answer' differs: {answers}"


def test_figures_shown_are_registered() -> None:
    from nnnotes.figures import load_registry

    registered = set(load_registry())
    shown = {m["name"] for path in markdown_files() for m in FIGURE.finditer(path.read_text(encoding="utf-8"))}
    assert shown, "no page shows a figure"
    assert shown <= registered, f"pages show unregistered figures: {sorted(shown - registered)}"


@pytest.mark.parametrize("notebook", pages("en", ".ipynb"), ids=str)
def test_labs_are_stored_clean_and_run_the_same_code(notebook: Path) -> None:
    code = {}
    for lang in LANGS:
        data = json.loads((DOCS / lang / notebook).read_text(encoding="utf-8"))
        cells = data["cells"]
        with_outputs = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and c.get("outputs")]
        assert not with_outputs, f"{lang}/{notebook}: cells {with_outputs} are stored with outputs (the build runs them)"
        assert data.get("metadata", {}).get("kernelspec", {}).get("language") == "python", f"{lang}/{notebook}: no python kernelspec"
        assert cells and cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# "), (
            f"{lang}/{notebook}: the first cell must be a markdown H1 title"
        )
        # The figures' language (`LANG = "fa"` / `LANG = "en"`) is the one line allowed to differ.
        code[lang] = [_LAB_LANG.sub('LANG = "<lang>"', "".join(c["source"])) for c in cells if c["cell_type"] == "code"]
    assert code["fa"] == code["en"], f"{notebook}: code cells differ between the languages"


_LAB_LANG = re.compile(r'^LANG = "(?:en|fa)"', re.M)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("notebook", pages("en", ".ipynb"), ids=str)
def test_labs_draw_their_figures_in_their_language(notebook: Path, lang: str) -> None:
    cells = json.loads((DOCS / lang / notebook).read_text(encoding="utf-8"))["cells"]
    settings = [m.group(0) for c in cells if c["cell_type"] == "code" for m in _LAB_LANG.finditer("".join(c["source"]))]
    assert settings == [f'LANG = "{lang}"'], f"{lang}/{notebook}: figure language set by {settings}, expected LANG = \"{lang}\""


def test_the_fence_guard_catches_what_pytest_codeblocks_skips(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```py\nx = 1\n```\n\n```python title=\"a.py\"\nx = 2\n```\n\n~~~python\nx = 3\n~~~\n\n"
        "```python\nx = 4\n```\n\n```console\n$ make test\n```\n",
        encoding="utf-8",
    )
    fences = opening_fences(page)
    assert [info for _, _, info in fences] == ["py", 'python title="a.py"', "python", "python", "console"]
    # Only the bare ```python fence is run: the three others would be silently skipped.
    assert python_blocks(page) == ["x = 4\n"]
