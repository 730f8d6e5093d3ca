"""What every page needs in the reader's browser, found by the budget audit
(``benchmarks/site_budget.py``: Lighthouse and axe-core).

- Material's search is a ``role="dialog"`` without a name; it gets one in the
  page's language (axe-core rule ``aria-dialog-name``).
- Images in the content (the figures, mostly below the first screen) load
  lazily, and get ``width``/``height`` from their file (SVG size, or PNG
  header), so the browser keeps their room before they arrive: a page that
  is only opened costs fewer bytes, and nothing shifts when they load.
"""

from __future__ import annotations

import re
import struct
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin

import _site

_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
_ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')
_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt)?\s*$")


@lru_cache(maxsize=512)
def image_size(path: Path, mtime: float) -> tuple[int, int] | None:
    """Intrinsic (width, height) in CSS pixels of an SVG or PNG file, or None."""
    if path.suffix == ".png":
        head = path.read_bytes()[:24]
        if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
            return struct.unpack(">II", head[16:24])
        return None
    if path.suffix != ".svg":
        return None
    root = _SVG_ROOT.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
    if root is None:
        return None
    attrs = dict(_ATTR.findall(root.group(0)))
    size = []
    for name in ("width", "height"):
        length = _LENGTH.match(attrs.get(name, ""))
        if length is None:
            return None
        size.append(round(float(length[1]) * (4 / 3 if length[2] == "pt" else 1)))
    return size[0], size[1]


def sized_lazy_images(html: str, locate) -> str:
    """Add ``loading="lazy" decoding="async"`` and the file's width/height to each <img>.

    ``locate(src)`` gives the image's file (a Path) or None (data: URLs, other hosts).
    """

    def fix(match: re.Match) -> str:
        attrs = match.group(1)
        names = {name for name, _ in _ATTR.findall(attrs)}
        extra = ""
        if "loading" not in names:
            extra += ' loading="lazy"'
        if "decoding" not in names:
            extra += ' decoding="async"'
        src = dict(_ATTR.findall(attrs)).get("src", "")
        path = locate(src) if src and not src.startswith("data:") else None
        if path is not None and not names & {"width", "height"}:
            size = image_size(path, path.stat().st_mtime)
            if size is not None:
                extra += f' width="{size[0]}" height="{size[1]}"'
        return f"<img{attrs}{extra}>"

    return _IMG.sub(fix, html)


def on_page_content(html, page, config, files):
    def locate(src: str) -> Path | None:
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src):
            return None
        target = unquote(urljoin(page.url or "./", src).split("#")[0].split("?")[0]).lstrip("/")
        file = files.get_file_from_path(target) if target else None
        path = Path(file.abs_src_path) if file is not None and file.abs_src_path else None
        return path if path is not None and path.is_file() else None

    return sized_lazy_images(html, locate)


def name_search_dialog(output: str, lang: str) -> str:
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{_site.ui("search.name", lang)}">', 1)


def on_post_page(output, page, config):
    return name_search_dialog(output, _site.page_language(page))
