"""The hooks' shared base (hooks/_site.py, hooks/_text.py) and the rules every hook keeps."""

from __future__ import annotations

import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from pytest_codeblocks.main import extract_from_buffer

from _hooks import HOOKS, load_hook

_site = load_hook("_site")
_text = load_hook("_text")

ROOT = HOOKS.parent
DOCS = ROOT / "docs"


def listed_hooks() -> list[str]:
    """The hooks of mkdocs.yml, in order, by module name."""
    # mkdocs.yml has python tags (the slugify); only the hooks list is wanted here.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:  - .*\n)+)", text, re.M)
    assert block, "no hooks: list in mkdocs.yml"
    paths = yaml.safe_load(block.group(1))
    return [Path(path).stem for path in paths]


def hook_files() -> list[Path]:
    return sorted(HOOKS.glob("*.py"))


# ---- the order of events ----------------------------------------------------------------------


def test_every_hook_file_is_listed_and_every_listed_hook_exists() -> None:
    on_disk = {path.stem for path in hook_files() if not path.stem.startswith("_")}
    assert set(listed_hooks()) == on_disk, f"mkdocs.yml lists {listed_hooks()}, hooks/ has {sorted(on_disk)}"


def test_the_event_table_is_what_mkdocs_runs() -> None:
    """EVENTS in hooks/_site.py lists, per event, the hooks in the order mkdocs calls them.

    mkdocs calls an event's handlers by priority (highest first), then in the
    order of the hooks: list. The table must say exactly that, and nothing more.
    """
    order = listed_hooks()
    running: dict[str, list[tuple[str, int]]] = {}
    for name in order:
        module = load_hook(name)
        for attribute in sorted(vars(module)):
            handler = getattr(module, attribute)
            if attribute.startswith("on_") and callable(handler):
                priority = getattr(handler, "mkdocs_priority", 0)
                running.setdefault(attribute, []).append((name, priority))
    for event, handlers in running.items():
        handlers.sort(key=lambda item: (-item[1], order.index(item[0])))
    table: dict[str, list[tuple[str, int]]] = {}
    for row in _site.EVENTS:
        table.setdefault(row.event, []).append((row.hook, row.priority))
    assert table == running, (
        "hooks/_site.py EVENTS disagrees with the hooks' code or the order in mkdocs.yml:\n"
        f"table: {table}\ncode:  {running}"
    )
    assert all(row.why.strip() for row in _site.EVENTS), "every row of EVENTS says why"


def test_no_hook_file_is_long() -> None:
    long = {path.name: n for path in hook_files() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 450}
    assert not long, f"hook files over 450 lines: {long}"


def test_hooks_find_the_language_one_way() -> None:
    """Only hooks/_site.py asks i18n, the file or the HTML which language a page is in."""
    ways = re.compile(r"current_language|\.localization|startswith\(\"(?:en|fa)/\"\)|<html lang=\"(?:en|fa)\"")
    elsewhere = {
        path.name: ways.findall(path.read_text(encoding="utf-8"))
        for path in hook_files()
        if path.name != "_site.py"
    }
    assert not {k: v for k, v in elsewhere.items() if v}, f"language found outside _site.page_language/build_language: {elsewhere}"


# ---- languages and strings --------------------------------------------------------------------


def fake_page(src_uri: str, localization: str | None = None):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, localization=localization))


def test_page_language() -> None:
    assert _site.page_language(fake_page("en/gradients/q2c.md", "en")) == "en"
    assert _site.page_language(fake_page("fa/index.md")) == "fa"  # without the i18n plugin's attribute
    with pytest.raises(Exception, match="not in a language folder"):
        _site.page_language(fake_page("assets/x.md"))


def test_build_language_follows_the_i18n_plugin() -> None:
    def config(plugins):
        return SimpleNamespace(plugins=plugins)

    assert _site.build_language(config({"i18n": SimpleNamespace(current_language="en", building=True)})) == "en"
    assert _site.build_language(config({})) == _site.DEFAULT_LANG
    assert not _site.top_level_build(config({"i18n": SimpleNamespace(current_language="en", building=True)}))
    assert _site.top_level_build(config({"i18n": SimpleNamespace(current_language="fa", building=False)}))


def test_every_ui_string_is_in_both_languages() -> None:
    for key, strings in _site.UI.items():
        assert set(strings) == set(_site.LANGS), f"{key}: languages {sorted(strings)}"
        assert all(s.strip() for s in strings.values()), key
        assert strings["fa"].count("{}") == strings["en"].count("{}"), f"{key}: placeholders differ"
        assert re.search("[\u0600-\u06ff]", strings["fa"]) and not re.search("[\u0600-\u06ff]", strings["en"]), key
    with pytest.raises(KeyError, match="add it to UI"):
        _site.ui("no.such.string", "en")


# ---- the library's hash -------------------------------------------------------------------------


def test_source_hash_follows_names_and_bytes(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    (library / "__pycache__").mkdir(parents=True)
    (library / "a.py").write_text("x = 1\n")
    first = _site.source_hash(library)
    (library / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert _site.source_hash(library) == first, "__pycache__ must not count"
    (library / "a.py").write_text("x = 2\n")
    assert _site.source_hash(library) != first
    (library / "a.py").write_text("x = 1\n")
    assert _site.source_hash(library) == first
    (library / "a.py").rename(library / "b.py")
    assert _site.source_hash(library) != first, "a renamed file is a change"
    assert _site.source_hash(library, salt="v2") != _site.source_hash(library)
    assert len(_site.source_hash()) == 16  # the library itself


def test_wheel_name_follows_pyproject() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert _site.wheel_name() == f"nnnotes-{version}-py3-none-any.whl"
    config = SimpleNamespace(site_url="https://example.org/nnnotes/")
    assert _site.wheel_url(config) == f"https://example.org/nnnotes/dist/nnnotes-{version}-py3-none-any.whl"


# ---- the fence tracker --------------------------------------------------------------------------

PAGE = """# Title

```python
x = 1
~~~
```

~~~~console
$ make
~~~
still inside: the closing fence is shorter
~~~~

    ````text
    ```
    inside a four-backtick fence
    ````

```python title="a"
y = 2
```x
```
after
"""


def test_scan_gives_each_line_its_role() -> None:
    roles = [(line.number, line.role) for line in _text.scan(PAGE) if line.role != "text"]
    assert roles == [
        (3, "open"), (4, "code"), (5, "code"), (6, "close"),
        (8, "open"), (9, "code"), (10, "code"), (11, "code"), (12, "close"),
        (14, "open"), (15, "code"), (16, "code"), (17, "close"),
        (19, "open"), (20, "code"), (21, "code"), (22, "close"),
    ]
    fences = [line.fence for line in _text.scan(PAGE) if line.role == "open"]
    assert [(f.indent, f.mark, f.info) for f in fences] == [
        ("", "```", "python"), ("", "~~~~", "console"), ("    ", "````", "text"), ("", "```", 'python title="a"'),
    ]
    text = [line.text for line in _text.scan(PAGE) if line.role == "text"]
    assert "after" in text and "inside a four-backtick fence" not in "".join(text)


def test_scan_takes_a_string_or_lines() -> None:
    assert list(_text.scan(PAGE)) == list(_text.scan(PAGE.split("\n")))


def test_word_characters_keep_persian_words_whole() -> None:
    word = re.compile(rf"[{_text.WORD}]+")
    assert word.findall("وزن‌ها و لایه‌ی نخست") == ["وزن‌ها", "و", "لایه‌ی", "نخست"]  # ZWNJ inside a word
    assert word.findall("وزنِ لایه") == ["وزنِ", "لایه"]  # the ezafe's kasra stays with its word
    assert word.findall("«تنک»، L1") == ["تنک", "L1"]


# ---- code blocks as pytest-codeblocks reads them -------------------------------------------------


def markdown_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_code_blocks_and_chains_agree_with_pytest_codeblocks(path: Path) -> None:
    """The hooks' reading of a page gives the programs pytest-codeblocks runs, block for block.

    (pytest-codeblocks drops the empty lines of an indented block: it cuts their
    newline as indentation. The hooks keep them, as the page shows them.)
    """
    text = path.read_text(encoding="utf-8")

    def lines(code: str) -> list[str]:
        return [line for line in code.split("\n") if line.strip()]

    expected = [lines(block.code) for block in extract_from_buffer(io.StringIO(text)) if block.syntax == "python"]
    chains = _text.chains(_text.code_blocks(text))
    assert [lines("".join(block.code for block in chain)) for chain in chains] == expected


def test_chains_group_continued_blocks() -> None:
    page = (
        "```python\na = 1\n```\n\ntext\n\n<!--pytest-codeblocks:cont-->\n```python\nb = a\n```\n\n"
        "```console\n$ ls\n```\n\n```python\nc = 3\n```\n\n<!-- pytest-codeblocks: cont -->\n\n"
        "!!! note\n\n    ```python\n    d = c\n    ```\n"
    )
    blocks = _text.code_blocks(page)
    assert [(b.number, b.language, b.continues) for b in blocks] == [
        (1, "python", False), (2, "python", True), (3, "console", False), (4, "python", False), (5, "python", True),
    ]
    assert blocks[4].code == "d = c\n"  # the admonition's indentation is cut
    chains = _text.chains(blocks)
    assert [[b.number for b in chain] for chain in chains] == [[1, 2], [4, 5]]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("<!--pytest-codeblocks:cont-->\n```python\nx = 1\n```\n", "no code block before it"),
        ("```python\nx = 1\n```\n<!--pytest-codeblocks:skip-->\n```python\ny\n```\n", "not supported"),
        ("```python\nx = 1\n", "never closes"),
    ],
)
def test_code_blocks_refuse_what_the_hooks_cannot_follow(page: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _text.code_blocks(page)


def test_a_python_block_cannot_continue_a_console_block() -> None:
    page = "```console\n$ ls\n```\n<!--pytest-codeblocks:cont-->\n```python\nx = 1\n```\n"
    with pytest.raises(ValueError, match="chains must be all 'python'"):
        _text.chains(_text.code_blocks(page))


def test_kept_work_is_done_once_per_key_and_written_whole(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_site, "CACHE", tmp_path)
    calls = []

    def make(value: bytes):
        return lambda: calls.append(value) or value

    assert _site.kept("kind", b"key one", make(b"first")) == b"first"
    assert _site.kept("kind", b"key one", make(b"other")) == b"first" and calls == [b"first"]
    assert _site.kept("kind", b"key two", make(b"second")) == b"second" and calls == [b"first", b"second"]
    assert sorted(p.suffix for p in (tmp_path / "kind").iterdir()) == ["", ""]  # no .part left

    def broken() -> bytes:
        raise RuntimeError("stopped half way")

    with pytest.raises(RuntimeError):
        _site.kept("kind", b"key three", broken)
    assert len(list((tmp_path / "kind").iterdir())) == 2
