"""Reading the pages' Markdown sources, the same way in the hooks and in the tests.

- `scan` walks a page line by line and says, for each line, whether it opens,
  is inside, or closes a fenced code block (``` or ~~~, indented or not):
  one fence tracker for every hook and test that must skip code.
- `WORD` is the set of characters that make up a word, Persian included:
  letters, digits, the zero-width (non-)joiner and the Arabic-script
  combining marks (the ezafe's kasra, ...). A term or a suffix ends where a
  character outside it begins.
- `code_blocks` and `chains` read the fenced code blocks as pytest-codeblocks
  does, with its ``<!--pytest-codeblocks:cont-->`` marker: a block after the
  marker continues the block before, and the tests run them as one program.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Inside a character class: ``rf"(?<![{WORD}])"`` is the start of a word.
WORD = r"\w\u200c\u200d\u064b-\u065f\u0670"

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
MARKER = re.compile(r"^<!--[-\s]*pytest-codeblocks:(?P<keyword>.*)-->$")


@dataclass(frozen=True)
class Fence:
    """An opening fence: its line (1-based), indentation, mark (``` or ~~~, 3 or more) and info string."""

    line: int
    indent: str
    mark: str
    info: str


@dataclass(frozen=True)
class Line:
    """One line of a page and its place relative to fenced code."""

    number: int  # 1-based
    text: str
    role: str  # "text", "open" (an opening fence), "code" (inside a fence) or "close"
    fence: Fence | None  # the fence the line opens, belongs to or closes


def scan(text: str | Iterable[str]) -> Iterator[Line]:
    """Every line of ``text`` (a string or its lines) with its role.

    A fence closes at a line of the same character, at least as long, with
    nothing after it; a fence that never closes runs to the end of the page.
    """
    lines = text.split("\n") if isinstance(text, str) else text
    fence: Fence | None = None
    for number, line in enumerate(lines, start=1):
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence = Fence(number, match["indent"], match["mark"], match["info"].strip())
                yield Line(number, line, "open", fence)
            else:
                yield Line(number, line, "text", None)
        elif match and match["mark"][0] == fence.mark[0] and len(match["mark"]) >= len(fence.mark) and not match["info"].strip():
            yield Line(number, line, "close", fence)
            fence = None
        else:
            yield Line(number, line, "code", fence)


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block: its language (the info string), code, and whether it continues the one before."""

    number: int  # 1-based, among the page's fenced blocks
    line: int  # the line of its opening fence
    language: str
    code: str  # without the fence's indentation, ending with a newline
    continues: bool  # a <!--pytest-codeblocks:cont--> marker comes before it


def code_blocks(text: str) -> list[CodeBlock]:
    """The fenced code blocks of a page, in order.

    Raises ValueError for a pytest-codeblocks marker other than ``cont`` (the
    site's hooks know only that one), a ``cont`` with no block before it, and a
    fence that never closes.
    """
    blocks: list[CodeBlock] = []
    body: list[str] = []
    pending = False  # a cont marker waits for the next block
    line = None
    for line in scan(text):
        if line.role == "text":
            marker = MARKER.match(line.text.strip())
            if marker:
                keyword = marker["keyword"].strip("- ")
                if keyword != "cont":
                    raise ValueError(f"line {line.number}: pytest-codeblocks:{keyword} is not supported by the site's hooks")
                if not blocks:
                    raise ValueError(f"line {line.number}: pytest-codeblocks:cont with no code block before it")
                pending = True
        elif line.role == "open":
            body = []
        elif line.role == "code":
            # Cut at most the fence's indentation, as pytest-codeblocks does.
            indent = len(line.text) - len(line.text.lstrip(" \t"))
            body.append(line.text[min(len(line.fence.indent), indent) :])
        else:  # close
            code = "".join(f"{row}\n" for row in body)
            blocks.append(CodeBlock(len(blocks) + 1, line.fence.line, line.fence.info, code, pending))
            pending = False
    if line is not None and line.role in ("open", "code"):
        raise ValueError(f"line {line.fence.line}: this fenced code block never closes")
    return blocks


def chains(blocks: list[CodeBlock], language: str = "python") -> list[list[CodeBlock]]:
    """The ``language`` blocks grouped as pytest-codeblocks runs them: a block and its continuations.

    A continuation joins the last block that is not one, so a chain must be all
    ``language``: a continued block after, say, a console block raises ValueError.
    """
    groups: list[list[CodeBlock]] = []
    for block in blocks:
        if block.continues:
            head = groups[-1][0] if groups else None
            if head is None or head.language != language or block.language != language:
                raise ValueError(
                    f"line {block.line}: a pytest-codeblocks:cont marker joins a {block.language!r} block "
                    f"to a {head.language if head else 'missing'!r} block; chains must be all {language!r}"
                )
            groups[-1].append(block)
        else:
            groups.append([block])
    return [group for group in groups if group[0].language == language]
