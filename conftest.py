"""pytest plugin for every run in this repository: tests/, docs/, src/ and the installed package.

It lives at the root (not in ``tests/conftest.py``) because pytest loads a conftest only
for the folders it collects from and their parents: ``pytest --codeblocks docs/en/x.md``
never sees ``tests/``. It needs nothing beyond pytest and numpy (threadpoolctl for the
BLAS check), so the numpy-floor environment can load it too.

1. The BLAS that runs. The header names numpy's version and the OpenBLAS kernel and
   thread count in use. When ``OPENBLAS_CORETYPE`` is set (``make test``'s second pass of
   the snippets), the session stops before any test unless that kernel really runs:
   OpenBLAS silently falls back to its own choice for a name it does not know.

2. A failing doc snippet says what failed. pytest-codeblocks exec's a block (with the
   blocks that continue it) and reports only the exception's message. When a Python
   block fails, its code is run again, compiled with pytest's assertion rewriting and
   with the line numbers of the Markdown file, and the report becomes a normal pytest
   traceback: the page, the line of the failing statement, and the exception with its
   values (for an ``assert``, the compared values, as in a test function).
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import os
import re
from pathlib import Path

import pytest

try:
    from pytest_codeblocks.plugin import TestBlock as _CodeBlockItem
except ImportError:  # pytest-codeblocks not installed: nothing to improve
    _CodeBlockItem = None


# ---- 1. the BLAS that runs -------------------------------------------------------------


def _openblas() -> dict | None:
    """threadpoolctl's record of numpy's OpenBLAS (None without threadpoolctl or OpenBLAS)."""
    try:
        import numpy  # noqa: F401  (loads OpenBLAS)
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return next((info for info in threadpool_info() if info.get("internal_api") == "openblas"), None)


def pytest_report_header(config: pytest.Config) -> list[str]:
    try:
        import numpy
    except ImportError:
        return []
    info = _openblas()
    blas = (
        f"OpenBLAS {info['version']}, kernel {info['architecture']}, {info['num_threads']} thread(s)"
        if info else "BLAS unknown (no threadpoolctl, or not OpenBLAS)"
    )
    lines = [f"numpy {numpy.__version__}; {blas}"]
    try:
        import nnnotes
    except ImportError:
        pass
    else:  # the source tree, or the wheel installed in the numpy-floor environment
        where = Path(nnnotes.__file__).parent
        with contextlib.suppress(ValueError):
            where = where.relative_to(config.rootpath)
        lines.append(f"nnnotes from {where.as_posix()}")
    wanted = os.environ.get("OPENBLAS_CORETYPE")
    if wanted:
        lines.append(f"OPENBLAS_CORETYPE={wanted} (checked: that kernel runs)")
    return lines


def pytest_sessionstart(session: pytest.Session) -> None:
    wanted = os.environ.get("OPENBLAS_CORETYPE")
    if not wanted:
        return
    info = _openblas()
    if info is None:
        pytest.exit(
            f"OPENBLAS_CORETYPE={wanted} is set, but which kernel runs cannot be checked: "
            "threadpoolctl is missing or numpy does not use OpenBLAS",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
    running = info["architecture"]
    if running.lower() != wanted.lower():
        pytest.exit(
            f"OPENBLAS_CORETYPE={wanted} asks for the {wanted} kernel, but OpenBLAS {info['version']} runs "
            f"{running}: it does not know that name, or takes it as an alias of another kernel. "
            f"Nothing ran under {wanted}; pick a kernel name that threadpoolctl reports back "
            "(tests/_testenv.py other-kernel picks one)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "")
    if threads.isdigit() and info["num_threads"] != int(threads) and int(threads) <= (os.cpu_count() or 1):
        pytest.exit(
            f"OPENBLAS_NUM_THREADS={threads} is set, but OpenBLAS runs {info['num_threads']} thread(s)",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


# ---- 2. a failing doc snippet says what failed -----------------------------------------

_MARKER = re.compile(r"<!--[-\s]*pytest-codeblocks:(.*)-->")
_MARK = re.compile(r"<!--[-\s]*(pytest\.mark\..*)-->")


def _chains(path: Path) -> dict[int, list[tuple[int, list[int]]]]:
    """For each block pytest-codeblocks collects from ``path``, keyed by the line of its fence:
    the fences of the chain (the block and the blocks that continue it) with the Markdown line
    of each of their code lines, in the order pytest-codeblocks joins them.

    This reads the file the way ``pytest_codeblocks.main.extract_from_buffer`` does, but keeps
    line numbers; the caller checks that the joined lines are the item's code.
    """
    with open(path, encoding="utf-8") as handle:
        return _chains_of_text(handle.read())


def _chains_of_text(text: str) -> dict[int, list[tuple[int, list[int]]]]:
    lines = io.StringIO(text).readlines()
    if lines and lines[0].strip() == "<!--pytest-codeblocks:skipfile-->":
        return {}
    chains: dict[int, list[tuple[int, list[int]]]] = {}
    last = None  # fence of the last block that started a chain
    continued = output = False
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.strip()
        if not stripped:
            continue
        marker = _MARKER.match(stripped)
        if marker:
            keyword = marker.group(1).strip("- ")
            if keyword in ("expected-output", "expected-output-ignore-whitespace"):
                output = True
            elif keyword == "cont":
                continued = True
            continue
        if _MARK.match(stripped):
            continue
        opening = line.lstrip()
        if not opening.startswith("```"):
            continue
        fence = index
        ticks = len(opening) - len(opening.lstrip("`"))
        indent = len(line) - len(opening)
        body = []
        while index < len(lines):
            index += 1
            text = lines[index - 1]
            if text.lstrip()[:ticks] == "`" * ticks:
                break
            # pytest-codeblocks cuts up to the fence's indent from each line, newline included:
            # an empty line inside an indented fence vanishes from the code it runs.
            if text[min(indent, len(text) - len(text.lstrip())):]:
                body.append(index)
        if continued and last is not None:
            chains[last].append((fence, body))
            continued = False
        elif output:
            output = False
        else:
            chains[fence] = [(fence, body)]
            last = fence
    return chains


def _virtual_source(path: Path, fence: int, code: str) -> tuple[str, list[tuple[int, list[int]]]]:
    """The block's code placed at its own lines of the Markdown file, blank lines elsewhere:
    compiled under the .md file's name, its tracebacks point at the page's lines.
    Returns the source and the chain (see ``_chains``; empty when the layout is not the
    expected one: then the code simply starts after its fence)."""
    code_lines = code.split("\n")
    if code_lines and code_lines[-1] == "":
        code_lines.pop()
    chain = _chains(path).get(fence, [])
    numbers = [number for _, body in chain for number in body]
    if numbers and len(numbers) == len(code_lines) and numbers == sorted(numbers):
        placed = [""] * numbers[-1]
        for number, text in zip(numbers, code_lines, strict=True):
            placed[number - 1] = text
        return "\n".join(placed) + "\n", chain
    return "\n" * fence + code, []


def _trim(report, path: Path, chain: list[tuple[int, list[int]]]) -> None:
    """In a long traceback, the snippet's frame lists its source from line 1 of the .md file
    (the Markdown between blocks as blank lines): keep only the chain's code lines, with a
    marker where the next block of the chain starts."""
    from _pytest._code.code import ReprEntry

    code = {number for _, body in chain for number in body}
    starts = {body[0]: fence for fence, body in chain[1:] if body}
    for reprtraceback, _, _ in getattr(report, "chain", []):
        for entry in reprtraceback.reprentries:
            if not isinstance(entry, ReprEntry) or entry.style != "long" or entry.reprfileloc is None:
                continue
            if Path(entry.reprfileloc.path).resolve() != path.resolve():
                continue
            lines = list(entry.lines)
            failing = next((i for i, line in enumerate(lines) if line.startswith(">")), None)
            if failing is None:
                continue
            # The source shown runs from the frame's first line (1 for the block's own code, the
            # `def` line for a function it defines) to the failing line, reprfileloc.lineno.
            first = entry.reprfileloc.lineno - failing
            kept = []
            for number, line in enumerate(lines[:failing], start=first):
                if number in starts:
                    kept.append(f"    # (the block at line {starts[number]} continues the code)")
                if number in code:
                    kept.append(line)
            entry.lines = kept + lines[failing:]


def _rerun(item: pytest.Item) -> object | None:
    """Run a failed block's code again; return a new longrepr, or None to keep pytest-codeblocks'."""
    from _pytest._code import Traceback
    from _pytest.assertion.rewrite import rewrite_asserts

    block = item.obj
    path = Path(item.path)
    filename = str(path)
    source, chain = _virtual_source(path, block.lineno, block.code)
    fences = [fence for fence, _ in chain] or [block.lineno]
    try:
        rel = path.relative_to(item.config.rootpath).as_posix()
    except ValueError:
        rel = filename
    where = f"the block at line {fences[0]} of {rel}"
    if len(fences) > 1:
        more = ", ".join(map(str, fences[1:]))
        where += f", continued by the block{'s' if len(fences) > 2 else ''} at line{'s' if len(fences) > 2 else ''} {more}"
    if not chain:
        where += " (line numbers after the first block of a chain may be off)"

    saved = linecache.cache.get(filename)
    # mtime None: linecache.checkcache leaves the entry alone while the report is built.
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    output = io.StringIO()
    try:
        try:
            tree = ast.parse(source, filename=filename)
            rewrite_asserts(tree, source.encode("utf-8"), filename, item.config)
            code = compile(tree, filename, "exec", dont_inherit=True)
        except SyntaxError as error:
            return f"{rel}, line {error.lineno}: SyntaxError: {error.msg}\n(in {where})"
        try:
            with contextlib.redirect_stdout(output):
                exec(code, {"__MODULE__": "__main__"})  # the namespace pytest-codeblocks gives a block
        except Exception:
            excinfo = pytest.ExceptionInfo.from_current()
        else:
            return None
        # As pytest shows a test function's failure: from the snippet's frame on, and with
        # --tb=auto (the default) the frames between the first and the last one short.
        traceback = excinfo.traceback.cut(path=filename).filter(excinfo)
        tbstyle = item.config.getoption("tbstyle", "auto")
        if tbstyle == "auto" and len(traceback) > 2:
            last = len(traceback) - 1
            traceback = Traceback([
                entry if index in (0, last) else entry.with_repr_style("short")
                for index, entry in enumerate(traceback)
            ])
        excinfo.traceback = traceback
        report = excinfo.getrepr(
            style=tbstyle if tbstyle in ("short", "native") else "long",
            funcargs=False, showlocals=item.config.getoption("showlocals", False),
            truncate_locals=item.config.get_verbosity() <= 1, chain=True,
        )
        if chain:
            _trim(report, path, chain)
        lines = [entry.lineno + 1 for entry in excinfo.traceback if str(entry.path) == filename]
        statement = f"line {lines[-1]}" if lines else "an unknown line"
        if len(lines) > 1:
            statement += " (called " + ", ".join(f"from line {n}" for n in reversed(lines[:-1])) + ")"
        report.addsection(
            "which snippet failed",
            f"{rel}, {statement}: {excinfo.typename}, in {where}. The traceback above is from "
            "a second run of its code, compiled with pytest's assertion rewriting.",
        )
        if output.getvalue():
            report.addsection("what the snippet printed before it failed", output.getvalue().rstrip("\n"))
        return report
    finally:
        if saved is None:
            linecache.cache.pop(filename, None)
        else:
            linecache.cache[filename] = saved


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if (
        call.when != "call" or not report.failed or _CodeBlockItem is None
        or not isinstance(item, _CodeBlockItem) or getattr(item.obj, "syntax", None) != "python"
    ):
        return
    detail = _rerun(item)
    if detail is None:
        report.longrepr = (
            f"{report.longrepr}\n\n(Run again on its own, the block's code raised nothing: "
            "the failure above is an output mismatch, or depends on state the first run left.)"
        )
    else:
        report.longrepr = detail
