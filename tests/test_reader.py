"""The page fixes of hooks/reader.py: sized lazy images, a named search dialog."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from _hooks import load_hook

reader = load_hook("reader")


def png(path: Path, width: int, height: int) -> Path:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk)))
    return path


def test_image_sizes_in_css_pixels(tmp_path: Path) -> None:
    svg = tmp_path / "f.svg"
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="540pt" height="244.8pt" viewBox="0 0 540 244.8"></svg>')
    assert reader.image_size(svg, 0.0) == (720, 326)  # 1pt = 4/3 px
    svg.write_text('<svg width="100%" viewBox="0 0 10 10"></svg>')
    assert reader.image_size(svg, 1.0) is None  # no absolute size: leave it alone
    assert reader.image_size(png(tmp_path / "p.png", 640, 480), 0.0) == (640, 480)


def test_images_get_lazy_loading_and_their_size(tmp_path: Path) -> None:
    svg = tmp_path / "f.svg"
    svg.write_text('<svg width="300" height="150"></svg>')
    html = '<p><img alt="a" src="f.svg" /><img alt="b" src="data:image/png;base64,AAAA"><img alt="c" src="f.svg" loading="eager" width="10" height="5"></p>'
    out = reader.sized_lazy_images(html, lambda src: svg if src == "f.svg" else None)
    assert '<img alt="a" src="f.svg" loading="lazy" decoding="async" width="300" height="150">' in out
    assert '<img alt="b" src="data:image/png;base64,AAAA" loading="lazy" decoding="async">' in out
    assert '<img alt="c" src="f.svg" loading="eager" width="10" height="5" decoding="async">' in out


def test_the_search_dialog_gets_a_name_in_the_page_language() -> None:
    page = '<html lang="{}"><body><div class="md-search" data-md-component="search" role="dialog"></div></body></html>'
    assert 'role="dialog" aria-label="جستجو">' in reader.name_search_dialog(page.format("fa"), "fa")
    assert 'role="dialog" aria-label="Search">' in reader.name_search_dialog(page.format("en"), "en")
