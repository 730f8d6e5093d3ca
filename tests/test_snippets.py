"""Code as readers take it: hooks/snippets.py on small pages, then every block and every
page script of the built site, run the way a reader would run them.

The site checks run each Python block exactly as Material's copy button gives it
(the ``data-copy`` text of the block's container when there is one, else the
visible code), alone, in a fresh ``python``; and each answer page's script,
downloaded from the link under its title. The Persian and English pages show
the same code, so a text met twice is run once (both places are named if it fails);
and a block that starts a chain copies the start of what the chain's last block
copies, so each chain is run once, whole, and the copy texts of its earlier blocks
are checked to be its prefixes (that compile). A whole chain that is the same
program (the same syntax tree) as a chain the snippet pass runs, pytest-codeblocks
over the Makefile's ``SNIPPETS`` in a fresh namespace, is proven by that pass and
not run a second time here; any other is run here.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from mkdocs.exceptions import PluginError
from _pytest.mark.expression import Expression
from pytest_codeblocks.main import extract_from_file

from _hooks import load_hook

snippets = load_hook("snippets")
_text = load_hook("_text")

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNNOTES_SITE_DIR", ROOT / "site"))
DOCS = ROOT / "docs"
#: The pages whose blocks `make test` and `make check` run with pytest-codeblocks (the
#: Makefile's SNIPPETS; the other language's are the same code, tests/test_docs.py).
SNIPPET_LANGUAGE = "en"
TIMEOUT = 600  # seconds for one block or script

PAGE = """---
answer: Q9
---
# A page

## Setup

```python
a = 1
```

Some text.

<!--pytest-codeblocks:cont-->
```python
b = a + 1
```

!!! note

    <!--pytest-codeblocks:cont-->

    ```python
    c = a + b
    assert c == 3
    ```

```console
$ python
```

## Alone

```python
print("alone")
```
"""


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of mkdocs.yml that shape code blocks."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    wanted = {"admonition", "attr_list", "md_in_html", "pymdownx.highlight", "pymdownx.superfences"}
    listed = re.search(r"^markdown_extensions:\n((?:  .*\n)+)", text, re.M).group(1)
    entries = [e for e in yaml.safe_load(re.sub(r"!!python\S*", "", listed)) if (e if isinstance(e, str) else next(iter(e))) in wanted]
    names = [e if isinstance(e, str) else next(iter(e)) for e in entries]
    configs = {next(iter(e)): next(iter(e.values())) or {} for e in entries if isinstance(e, dict)}
    return markdown.Markdown(extensions=names, extension_configs=configs)


# ---- the hook on a small page ---------------------------------------------------------------------


def test_chains_give_each_continued_block_the_code_from_the_start() -> None:
    body = PAGE.split("---\n", 2)[2]
    blocks, _ = snippets.page_blocks(body)
    assert [(b.number, b.previous, b.anchor) for b in blocks] == [(1, None, True), (2, 1, True), (3, 2, False), (4, None, False)]
    assert blocks[0].copy is None and blocks[3].copy is None  # a block that starts a chain copies as shown
    assert blocks[1].copy == "a = 1\n\nb = a + 1\n"
    assert blocks[2].copy == "a = 1\n\nb = a + 1\n\nc = a + b\nassert c == 3\n"
    exec(blocks[2].copy, {})  # the chain runs on its own


def test_rendered_blocks_carry_their_note_and_copy_text() -> None:
    body = PAGE.split("---\n", 2)[2]
    blocks, fenced = snippets.page_blocks(body)
    html = site_markdown().convert(snippets.tag_fences(body, fenced))
    out = snippets.finish_blocks(html, blocks, "en", "en/page.md")
    assert out.count('class="language-python highlight"') == 4
    assert 'data-nn-code' not in out
    assert out.count('<p class="nn-continues">') == 2
    assert '<p class="nn-continues">Continues <a href="#code-1">the code above</a>; the copy button copies that too.</p>\n<div class="language-python highlight" id="code-2" data-copy="a = 1\n\nb = a + 1">' in out
    assert 'data-copy="a = 1\n\nb = a + 1\n\nc = a + b\nassert c == 3">' in out
    persian = snippets.finish_blocks(html, blocks, "fa", "fa/page.md")
    assert 'ادامه‌ی <a href="#code-2">کد بالا</a>؛' in persian


def test_a_block_lost_in_rendering_fails_the_build() -> None:
    body = PAGE.split("---\n", 2)[2]
    blocks, _ = snippets.page_blocks(body)
    with pytest.raises(PluginError, match="en/page.md: python blocks"):
        snippets.finish_blocks("<p>no code</p>", blocks, "en", "en/page.md")


def test_the_page_script_runs_every_block_in_order() -> None:
    script = snippets.page_script(PAGE, "en", "https://example.org/page/", "https://example.org/dist/w.whl")
    assert script.startswith("# A page\n# https://example.org/page/\n#\n# Every Python block of this page")
    assert "#     pip install https://example.org/dist/w.whl\n" in script
    assert script.index("# ---- Setup ----") < script.index("a = 1") < script.index("b = a + 1") < script.index("c = a + b")
    assert script.index("# ---- Alone ----") < script.index('print("alone")')
    assert "$ python" not in script
    completed = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, check=True)
    assert completed.stdout == "alone\n"
    assert snippets.page_script("# No code\n\n```console\n$ ls\n```\n", "en", "u", "w") is None


# ---- the built site -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteBlock:
    page: str  # the HTML file, relative to the site
    number: int  # 1-based among the page's Python blocks
    copied: str  # what the copy button gives
    visible: str  # the code shown


class _Blocks(HTMLParser):
    """The Python blocks of a built page (class language-python), as the copy button reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str | None, str]] = []
        self._depth = 0  # div nesting inside the current block
        self._copy: str | None = None
        self._code: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and self._depth:
            self._depth += 1
        elif tag == "div" and "language-python" in (attrs.get("class") or "").split():
            self._depth, self._copy = 1, attrs.get("data-copy")
        elif tag == "code" and self._depth and self._code is None:
            self._code = []

    def handle_endtag(self, tag):
        if tag == "code" and self._code is not None and self._depth:
            self.blocks.append((self._copy, "".join(self._code)))
            self._code = None
        elif tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._code is not None:
            self._code.append(data)


def require_site() -> None:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site in {SITE}: run `make site` (make test does) before these checks")


def site_blocks() -> list[SiteBlock]:
    found = []
    for path in sorted(SITE.rglob("*.html")):
        if "assets" in path.relative_to(SITE).parts:
            continue
        parser = _Blocks()
        parser.feed(path.read_text(encoding="utf-8"))
        for number, (copy, code) in enumerate(parser.blocks, start=1):
            # Material copies the text with its end trimmed (trimEnd()).
            found.append(SiteBlock(str(path.relative_to(SITE)), number, (copy if copy is not None else code).rstrip(), code.rstrip()))
    return found


def language_of(page: str) -> str:
    return "en" if page.startswith("en/") else "fa"


def run(code: str, cwd: Path) -> str | None:
    """None if ``code`` runs cleanly in a fresh interpreter, else the end of its error output."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run([sys.executable, "-"], input=code, capture_output=True, text=True, cwd=cwd, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return f"still running after {TIMEOUT} s"
    if done.returncode == 0:
        return None
    return "\n".join(done.stderr.strip().splitlines()[-6:]) or f"exit status {done.returncode}"


def run_all(texts: dict[str, list[str]], cwd: Path) -> list[str]:
    """Run each text once, two at a time (two cores, one BLAS thread each); the failures, with where each was taken from."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(texts, pool.map(lambda code: run(code, cwd), texts)))
    return [f"{', '.join(texts[code])}:\n{error}" for code, error in results.items() if error is not None]


@pytest.mark.site
def test_every_block_runs_as_the_copy_button_gives_it(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    require_site()
    blocks = site_blocks()
    for lang in ("fa", "en"):
        fences = sum(
            1 for path in (DOCS / lang).rglob("*.md") for b in _text.code_blocks(path.read_text(encoding="utf-8")) if b.language == "python"
        )
        shown = sum(1 for b in blocks if language_of(b.page) == lang)
        assert shown == fences, f"{lang}: {fences} python blocks in docs/{lang}, {shown} marked language-python in the site"
    for block in blocks:
        assert block.copied.endswith(block.visible), f"{block.page}, block {block.number}: the copy text does not end with the code shown"
    texts: dict[str, list[str]] = {}
    for block in blocks:  # the same text on both languages' pages: run once
        texts.setdefault(block.copied, []).append(f"{block.page} block {block.number}")
    # A chain's earlier blocks copy the start of what its last block copies: run each chain
    # once, whole. A text that is the start of a longer one, up to a block boundary (the
    # next line of the longer one), and compiles, runs cleanly when the longer one does.
    longest = sorted(texts, key=len, reverse=True)
    runs: dict[str, list[str]] = {}
    for text in longest:
        whole = next((other for other in runs if other.startswith(text + "\n")), None)
        if whole is None:
            runs[text] = list(texts[text])
            continue
        compile(text, f"<{texts[text][0]}>", "exec")  # a prefix cut inside a statement would not
        runs[whole] += texts[text]
    # A chain that is, statement for statement, a chain the snippet pass of this session
    # runs (pytest-codeblocks over docs/en, in a fresh namespace; again under the second
    # kernel and the lowest numpy) is proven by that run: the same program, not run twice.
    # Same program: the same syntax tree (blank lines, which pytest-codeblocks drops, aside).
    # Only when this session runs that pass, and only for code that behaves the same in
    # pytest's process as in a reader's fresh one (see _runs_alike).
    ran = snippet_pass_programs() if snippet_pass_in_session(request.config) else set()
    unproven = {text: where for text, where in runs.items() if not (_statements(text) in ran and _runs_alike(text))}
    start = time.monotonic()
    failures = run_all(unproven, tmp_path)
    print(f"{len(blocks)} blocks, {len(texts)} distinct texts, {len(runs)} whole chains: {len(runs) - len(unproven)} "
          f"the snippet pass runs, {len(unproven)} run here in {time.monotonic() - start:.1f} s")
    assert not failures, "blocks that fail as copied (each chain is run whole; it names every block it covers):\n\n" + "\n\n".join(failures)


def _statements(code: str) -> tuple[str, ...]:
    """The program ``code`` is, statement by statement (syntax trees, without positions)."""
    return tuple(ast.dump(statement) for statement in ast.parse(code).body)


#: What a chain may import and name to count as run by the snippet pass: pytest-codeblocks
#: runs it in pytest's process, from the repository's root, with ``__name__`` not
#: "__main__"; a reader runs it alone, anywhere. Code that reads files, the environment,
#: its own module name or the interpreter's state could pass there and fail here.
_ALIKE_IMPORTS = {"numpy", "nnnotes", "math"}
_UNALIKE_NAMES = {"__name__", "__file__", "open", "exec", "eval", "compile", "globals", "locals", "vars",
                  "input", "__import__", "breakpoint"}


def _runs_alike(code: str) -> bool:
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] not in _ALIKE_IMPORTS for a in node.names):
            return False
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] not in _ALIKE_IMPORTS):
            return False
        if isinstance(node, ast.Name) and node.id in _UNALIKE_NAMES:
            return False
    return True


def snippet_pass_in_session(config: pytest.Config) -> bool:
    """Whether this pytest session runs the snippet pass over docs/<SNIPPET_LANGUAGE> in full."""
    if not config.getoption("codeblocks", default=False) or config.getoption("keyword") \
            or config.getoption("deselect") or config.getoption("lf") or config.getoption("last_failed_no_failures") != "all":
        return False
    markexpr = config.getoption("markexpr")
    if markexpr and not Expression.compile(markexpr).evaluate(lambda mark, **_: False):
        return False  # the marks chosen leave out unmarked items, the snippets among them
    folder = (DOCS / SNIPPET_LANGUAGE).resolve()
    paths = [Path(config.invocation_params.dir, arg.split("::")[0]).resolve() for arg in config.args]
    return any(path == folder or path in folder.parents for path in paths)


def snippet_pass_programs() -> set[tuple[str, ...]]:
    """Every chain that the snippet pass runs and expects to run cleanly (no mark, no expected error)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^SNIPPETS\s*:=\s*docs/{SNIPPET_LANGUAGE}\s*$", makefile, re.M), \
        f"the Makefile's snippet pass no longer runs docs/{SNIPPET_LANGUAGE}: update SNIPPET_LANGUAGE"
    programs = set()
    for path in sorted((DOCS / SNIPPET_LANGUAGE).rglob("*.md")):
        for block in extract_from_file(path):
            if block.syntax == "python" and not block.marks and block.importorskip is None:
                programs.add(_statements(block.code))
    return programs


def test_only_code_that_runs_alike_everywhere_is_taken_as_proven() -> None:
    assert _runs_alike("import numpy as np\nfrom nnnotes.layers import Dense\nx = np.ones(3)\nassert x.sum() == 3\n")
    for code in ('if __name__ == "__main__":\n    raise SystemExit(1)\n', "import os\n", "from pathlib import Path\n",
                 "data = open('x.csv').read()\n", "from . import helper\n"):
        assert not _runs_alike(code), code


def _session(*args: str, **options) -> SimpleNamespace:
    """A stand-in for pytest's config: what snippet_pass_in_session reads of it."""
    given = {"codeblocks": False, "keyword": "", "deselect": None, "lf": False,
             "last_failed_no_failures": "all", "markexpr": "", **options}
    return SimpleNamespace(args=list(args), invocation_params=SimpleNamespace(dir=ROOT),
                           getoption=lambda name, default=None: given.get(name, default))


def test_the_snippet_pass_is_recognised_in_a_session() -> None:
    """Only a session that runs every snippet of docs/en may take that pass as proof."""
    assert snippet_pass_in_session(_session("docs/en", codeblocks=True))
    assert snippet_pass_in_session(_session("src/nnnotes", "tests", "docs/en", codeblocks=True))  # make test
    assert snippet_pass_in_session(_session(".", codeblocks=True))
    assert snippet_pass_in_session(_session("docs/en", codeblocks=True, markexpr="not site and not browser"))
    assert not snippet_pass_in_session(_session("docs/en"))  # no --codeblocks
    assert not snippet_pass_in_session(_session("tests", "docs/fa", codeblocks=True))
    assert not snippet_pass_in_session(_session("docs/en/gradients/q2c.md", codeblocks=True))
    assert not snippet_pass_in_session(_session("docs/en", codeblocks=True, keyword="copy"))
    assert not snippet_pass_in_session(_session("docs/en", codeblocks=True, markexpr="site"))
    assert not snippet_pass_in_session(_session("docs/en", codeblocks=True, lf=True))


def test_a_chain_the_snippet_pass_runs_is_recognised_and_no_other() -> None:
    programs = snippet_pass_programs()
    page = next(path for path in sorted((DOCS / SNIPPET_LANGUAGE).rglob("*.md")) if "<!--pytest-codeblocks:cont-->" in path.read_text(encoding="utf-8"))
    chain = next(b.code for b in extract_from_file(page) if b.syntax == "python" and b.code.count("\n\n") > 0)
    assert _statements(chain.replace("\n\n", "\n\n\n")) in programs  # blank lines aside
    assert _statements(chain + "\nassert False\n") not in programs
    assert _statements(chain.replace("np.", "numpy.", 1)) not in programs


def answer_pages() -> list[tuple[str, Path]]:
    pages = []
    for lang in ("fa", "en"):
        for path in sorted((DOCS / lang).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if re.search(r"\A---\n(?:.*\n)*?answer:", text) and any(b.language == "python" for b in _text.code_blocks(text)):
                pages.append((lang, path.relative_to(DOCS / lang)))
    return pages


@pytest.mark.site
def test_every_answer_page_offers_its_code_as_one_script_that_runs(tmp_path: Path) -> None:
    require_site()
    pages = answer_pages()
    assert pages, "no answer page with python blocks"
    scripts: dict[str, list[str]] = {}  # a script as downloaded -> where it was taken from
    first_of: dict[str, str] = {}  # the code under the header -> the first script that has it
    for lang, source in pages:
        folder = SITE / ("en" if lang == "en" else "") / source.with_suffix("")
        html = (folder / "index.html").read_text(encoding="utf-8")
        name = f"{source.stem}.py"
        assert '<p class="nn-script">' in html and f'href="{name}" download>' in html, f"{lang}/{source}: no link to {name}"
        script = (folder / name).read_text(encoding="utf-8")
        header = script.split("\n\n", 1)[0]
        assert source.stem in header.splitlines()[1] and "pip install" in header, f"{lang}/{source}: {name} has no proper header"
        expected = [b.code for b in _text.code_blocks((DOCS / lang / source).read_text(encoding="utf-8")) if b.language == "python"]
        assert all(code.rstrip("\n") in script for code in expected), f"{lang}/{source}: {name} lacks some of the page's blocks"
        # Both languages' scripts run the same code under a header in their language: run it once.
        first = first_of.setdefault(script.split("\n\n", 1)[1], script)
        scripts.setdefault(first, []).append(f"{lang}/{source} -> {name}")
    failures = run_all(scripts, tmp_path)
    assert not failures, "page scripts that fail:\n\n" + "\n\n".join(failures)
