"""Every code block runs as the copy button gives it; every answer page's code is one script.

A Python block after ``<!--pytest-codeblocks:cont-->`` continues the block
before it: pytest-codeblocks runs the two as one program (the marker stays in
the source for it). On the page:

- such a block has a short line above it, in the page's language, saying that
  it continues the code above (a link to that block);
- its copy button copies the whole chain, from the first block to this one:
  Material's button copies the ``data-copy`` attribute of the block's container
  when there is one, and this hook sets it. A block that starts a chain, or
  stands alone, copies as shown.

Each answer page (front matter ``answer:``) with Python blocks also gets
``<page>.py`` beside it, e.g. ``gradients/linear-regression/linear-regression.py``:
every Python block of the page in order, after a header that names the page,
its address, and how to install the library. The page links it under its title.

Python blocks get the class ``language-python``, which the site's tests use to
find them (``tests/test_snippets.py`` runs each block as copied, and each
script, in a fresh interpreter).
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from dataclasses import dataclass

import _site
import _text
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

_TAGGED = re.compile(r'<div class="highlight" data-nn-code="(\d+)">')
_H1_END = "</h1>"
_HEADING = re.compile(r"^(#{1,6}) +(.+?)[ #]*$")
_LINK = re.compile(r"\[(.+?)\]")


@dataclass(frozen=True)
class Block:
    """A Python block of a page, as the page shows it."""

    number: int  # 1-based among the page's Python blocks
    code: str
    copy: str | None  # what the copy button copies, when it is more than the block (a chain)
    previous: int | None  # the block it continues
    anchor: bool  # a later block links to it


def page_blocks(markdown: str) -> tuple[list[Block], list[_text.CodeBlock]]:
    """The page's Python blocks with their chains, and its fenced blocks. Raises ValueError."""
    fenced = _text.code_blocks(markdown)
    number_of = {}
    for block in fenced:
        if block.language == "python":
            number_of[block.line] = len(number_of) + 1
    copy: dict[int, str] = {}
    previous: dict[int, int] = {}
    for chain in _text.chains(fenced):
        for before, block in zip(chain, chain[1:]):
            previous[number_of[block.line]] = number_of[before.line]
        for end in range(1, len(chain)):
            copy[number_of[chain[end].line]] = "\n".join(block.code for block in chain[: end + 1])
    linked = set(previous.values())
    blocks = [
        Block(number_of[b.line], b.code, copy.get(number_of[b.line]), previous.get(number_of[b.line]), number_of[b.line] in linked)
        for b in fenced
        if b.language == "python"
    ]
    return blocks, fenced


def tag_fences(markdown: str, fenced: list[_text.CodeBlock]) -> str:
    """``markdown`` with each Python fence carrying ``data-nn-code="<number>"`` (pymdownx puts it on the block's div)."""
    lines = markdown.split("\n")
    number = 0
    for block in fenced:
        if block.language != "python":
            continue
        number += 1
        fence = _text.FENCE.match(lines[block.line - 1])
        lines[block.line - 1] = f'{fence["indent"]}{fence["mark"]}{{.python data-nn-code="{number}"}}'
    return "\n".join(lines)


def finish_blocks(html: str, blocks: list[Block], lang: str, where: str) -> str:
    """The tagged blocks of a rendered page with their class, anchor, copy text and continuation note."""
    found = []

    def finish(match: re.Match) -> str:
        block = blocks[int(match[1]) - 1]
        found.append(block.number)
        attrs = ' class="language-python highlight"'
        if block.anchor:
            attrs += f' id="code-{block.number}"'
        if block.copy is not None:
            attrs += f' data-copy="{html_lib.escape(block.copy.rstrip(), quote=True)}"'
        note = ""
        if block.previous is not None:
            text = html_lib.escape(_site.ui("snippets.continues", lang))
            text = _LINK.sub(lambda m: f'<a href="#code-{block.previous}">{m[1]}</a>', text, count=1)
            note = f'<p class="nn-continues">{text}</p>\n'
        return f"{note}<div{attrs}>"

    html = _TAGGED.sub(finish, html)
    if found != [block.number for block in blocks]:
        raise PluginError(f"{where}: python blocks {[b.number for b in blocks]} rendered as {found}")
    return html


# ---- the page as one script ---------------------------------------------------------------------


def page_title(body: str, meta: dict) -> str:
    title = str(meta.get("title", "")).strip()
    if not title:
        for line in _text.scan(body):
            heading = _HEADING.match(line.text) if line.role == "text" else None
            if heading and len(heading[1]) == 1:
                title = heading[2]
                break
    return title.replace("`", "").replace("*", "")


def page_script(markdown: str, lang: str, page_url: str, wheel_url: str) -> str | None:
    """The page's Python blocks as one script with a header; None when the page has none."""
    body, meta = get_data(markdown)
    python = [block for block in _text.code_blocks(body) if block.language == "python"]
    if not python:
        return None
    header = [
        page_title(body, meta),
        page_url,
        "",
        _site.ui("snippets.script_about", lang),
        _site.ui("snippets.script_needs", lang),
        f"    pip install {wheel_url}",
    ]
    parts = ["".join(f"# {line}".rstrip() + "\n" for line in header)]
    starts = {block.line: block for block in python}
    section = None
    for line in _text.scan(body):
        heading = _HEADING.match(line.text) if line.role == "text" else None
        if heading and len(heading[1]) > 1:
            section = heading[2].replace("`", "").replace("*", "")
        if line.role == "open" and line.number in starts:
            if section is not None:
                parts.append(f"# ---- {section} ----\n")
                section = None
            parts.append(starts[line.number].code)
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


_state: dict[str, dict] = {"pages": {}, "scripts": {}}


@event_priority(-150)  # after the i18n plugin has chosen this language's files
def on_files(files, config):
    lang = _site.build_language(config)
    scripts: dict[str, str] = {}
    for file in list(files.documentation_pages()):
        if not file.src_uri.endswith(".md") or _site.file_language(file) != lang:
            continue
        if not get_data(file.content_string)[1].get("answer"):
            continue
        page_url = (config.site_url or "/").rstrip("/") + "/" + file.url
        try:
            script = page_script(file.content_string, lang, page_url, _site.wheel_url(config))
        except ValueError as error:
            raise PluginError(f"{file.src_uri}: {error}") from error
        if script is None:
            continue
        stem = posixpath.splitext(posixpath.basename(file.src_uri))[0]
        src_uri = posixpath.join(posixpath.dirname(file.dest_uri), f"{stem}.py")
        files.append(File.generated(config, src_uri, content=script))
        scripts[file.src_uri] = src_uri
    _state["scripts"] = scripts
    return files


def on_page_markdown(markdown, page, config, files):
    if not page.file.src_uri.endswith(".md"):
        return markdown  # labs: their code cells are run by the build itself
    try:
        blocks, fenced = page_blocks(markdown)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from error
    _state["pages"][page.file.src_uri] = blocks
    return tag_fences(markdown, fenced) if blocks else markdown


def on_page_content(html, page, config, files):
    lang = _site.page_language(page)
    blocks = _state["pages"].get(page.file.src_uri, [])
    if blocks:
        html = finish_blocks(html, blocks, lang, page.file.src_uri)
    script = _state["scripts"].get(page.file.src_uri)
    if script is not None:
        name = posixpath.basename(script)
        link = f'<a href="{get_relative_url(script, page.url)}" download><code>{name}</code></a>'
        line = f'<p class="nn-script">{html_lib.escape(_site.ui("snippets.script", lang)).format(link)}</p>'
        at = html.find(_H1_END)
        html = html[: at + len(_H1_END)] + "\n" + line + html[at + len(_H1_END) :] if at >= 0 else line + "\n" + html
    return html
