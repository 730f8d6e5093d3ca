"""The repository's pytest plugin (``conftest.py`` at the root): a failing doc snippet is
reported with its page, the line of the failing statement and the exception with its values;
``OPENBLAS_CORETYPE`` is checked against the kernel that really runs.

Each case runs pytest in a subprocess on a tiny Markdown page in a temporary folder, with
the root ``conftest.py`` copied next to it (and an empty ``pytest.ini``, so nothing of this
repository's configuration applies).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_codeblocks.main import extract_from_file

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "conftest.py"

PAGE = """\
# A page

```python
import numpy as np
x = np.arange(3) / 3
```

Prose between the blocks: it is not code.

<!--pytest-codeblocks:cont-->
```python
y = x * 2

assert np.round(y, 2).tolist() == [0.0, 0.67, 1.0]
```

!!! note "An admonition"

    ```python
    from helper import check
    print("about to check")
    check((2, 4))
    ```
"""
# PAGE's lines: the chain's fences are at 3 and 11, its assert at 14; the indented
# block's fence is at 19 and its call of check() at 22.

HELPER = """\
def check(shape):
    if len(shape) != 1:
        raise ValueError(f"expected a 1-D shape, got shape {shape}")
"""


def _load_plugin():
    spec = importlib.util.spec_from_file_location("_nnnotes_root_conftest", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_pytest(folder: Path, *args: str, **env: str) -> tuple[int, pytest.LineMatcher, str]:
    """pytest on ``folder`` in a fresh process, with the root conftest.py beside its files."""
    (folder / "conftest.py").write_text(PLUGIN.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", "pytest.ini", "--rootdir", ".", "-p", "no:cacheprovider", "-rf", *args],
        cwd=folder, capture_output=True, text=True, timeout=300,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("OPENBLAS_CORETYPE")}, **env},
    )
    return run.returncode, pytest.LineMatcher(run.stdout.splitlines()), run.stdout


@pytest.fixture(scope="module")
def page_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, pytest.LineMatcher, str]:
    folder = tmp_path_factory.mktemp("page")
    (folder / "helper.py").write_text(HELPER, encoding="utf-8")
    (folder / "page.md").write_text(PAGE, encoding="utf-8")
    return run_pytest(folder, "--codeblocks", "page.md")


def test_a_failing_assert_shows_the_page_line_and_compared_values(page_run) -> None:
    status, lines, text = page_run
    assert status == pytest.ExitCode.TESTS_FAILED
    lines.fnmatch_lines(["*2 failed in*"])
    lines.fnmatch_lines([
        "    import numpy as np",
        "    x = np.arange(3) / 3",
        "    # (the block at line 11 continues the code)",
        "    y = x * 2",
        ">   assert np.round(y, 2).tolist() == [0.0, 0.67, 1.0]",
        "E   assert [0.0, 0.67, 1.33] == [0.0, 0.67, 1.0]",
        "E*At index 2 diff: 1.33 != 1.0",
        "page.md:14: AssertionError",
        "*which snippet failed*",
        "page.md, line 14: AssertionError, in the block at line 3 of page.md, continued by the block at line 11.*",
    ])
    lines.fnmatch_lines(["FAILED page.md::line 3 - assert [0.0, 0.67, 1.33] == [0.0, 0.67, 1.0]"])
    assert "Prose between the blocks" not in text


def test_an_exception_from_called_code_shows_its_message_and_the_calling_line(page_run) -> None:
    _, lines, _ = page_run
    lines.fnmatch_lines([
        ">   check((2, 4))",
        "page.md:22: ",
        "*raise ValueError(f\"expected a 1-D shape, got shape {shape}\")",
        "E   *ValueError: expected a 1-D shape, got shape (2, 4)",
        "*which snippet failed*",
        "page.md, line 22: ValueError, in the block at line 19 of page.md.*",
        "*what the snippet printed before it failed*",
        "about to check",
    ])
    lines.fnmatch_lines(["FAILED page.md::line 19 - ValueError: expected a 1-D shape, got shape (2, 4)"])


def test_passing_blocks_and_other_failures_keep_their_reports(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("""\
```python
print("fine")
```

```python
print("hi")
```
<!--pytest-codeblocks:expected-output-->
```
ho
```

```python
total = (1 +
```

Prose.

```python
def bad(x):

    if x > 1:
        raise ValueError(f"x = {x} is too large")
bad(3)
```
""", encoding="utf-8")
    _, lines, _ = run_pytest(tmp_path, "--codeblocks", "page.md")
    lines.fnmatch_lines(["*3 failed, 1 passed in*"])
    lines.fnmatch_lines([
        "*Expected output*",
        "*Run again on its own, the block's code raised nothing*",
        "page.md, line 14: SyntaxError: '(' was never closed",
    ])
    # A function the block defines: its frame shows its own lines, from the def on.
    lines.fnmatch_lines([
        "    def bad(x):",
        "    ",
        "        if x > 1:",
        '>           raise ValueError(f"x = {x} is too large")',
        "E           ValueError: x = 3 is too large",
        "page.md:23: ValueError",
        "page.md, line 23 (called from line 24): ValueError, in the block at line 19 of page.md.*",
    ])


def test_the_line_map_matches_what_pytest_codeblocks_runs_on_every_page() -> None:
    """The plugin re-reads each page to place a block's code at its own lines; on every
    page of docs/, the lines it places must be exactly the code pytest-codeblocks runs."""
    plugin = _load_plugin()
    checked = 0
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for block in extract_from_file(path):
            if block.syntax != "python":
                continue
            source, chain = plugin._virtual_source(path, block.lineno, block.code)
            assert chain, f"{path.relative_to(ROOT)}: the block at line {block.lineno} was not found"
            placed = [line for number, line in enumerate(source.splitlines(), 1)
                      if any(number in body for _, body in chain)]
            assert "\n".join(placed) + "\n" == block.code, f"{path.relative_to(ROOT)}, block at line {block.lineno}"
            checked += 1
    assert checked > 0


def test_the_map_finds_chains_in_admonitions() -> None:
    plugin = _load_plugin()
    chains = plugin._chains_of_text(PAGE)
    assert chains == {3: [(3, [4, 5]), (11, [12, 13, 14])], 19: [(19, [20, 21, 22])]}


# ---- OPENBLAS_CORETYPE is checked -----------------------------------------------------


def _openblas_kernel() -> str | None:
    plugin = _load_plugin()
    info = plugin._openblas()
    return info and info["architecture"]


def _testenv():
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        import _testenv
    finally:
        sys.path.pop(0)
    return _testenv


needs_openblas = pytest.mark.skipif(
    _openblas_kernel() is None, reason="numpy does not use OpenBLAS here (or threadpoolctl is missing)"
)


@needs_openblas
def test_a_kernel_that_does_not_run_stops_the_session(tmp_path: Path) -> None:
    (tmp_path / "test_nothing.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    status, lines, text = run_pytest(tmp_path, OPENBLAS_CORETYPE="NoSuchKernel")
    assert status == pytest.ExitCode.USAGE_ERROR
    # An unknown name leaves OpenBLAS on the machine's own pick (whatever this process inherited).
    fallback, why = _testenv().openblas_kernel()
    assert fallback is not None, why
    lines.fnmatch_lines([
        f"*OPENBLAS_CORETYPE=NoSuchKernel asks for the NoSuchKernel kernel, but OpenBLAS * runs {fallback}*",
    ])
    assert "passed" not in text


@needs_openblas
def test_the_requested_kernel_is_named_when_it_runs(tmp_path: Path) -> None:
    kernel = _testenv().other_kernel()
    assert kernel.lower() != _openblas_kernel().lower(), "the second pass would run the first pass's kernel"
    (tmp_path / "test_nothing.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
    status, lines, _ = run_pytest(tmp_path, OPENBLAS_CORETYPE=kernel, OPENBLAS_NUM_THREADS="1")
    assert status == pytest.ExitCode.OK
    lines.fnmatch_lines([f"numpy *; OpenBLAS *, kernel {kernel}, 1 thread(s)", f"OPENBLAS_CORETYPE={kernel} (checked*"])
