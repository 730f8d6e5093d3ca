"""Render the registered figures as SVG files, redrawing only those whose code changed.

Rendering is deterministic (fixed SVG ids, no dates), and each text of a figure
is one path (`nnnotes.figures._svg.flatten_uses`), not a ``<use>`` per glyph,
so a browser has fewer elements to style when the image loads. A figure's cache key is
a hash of its name, its language, the versions of numpy and matplotlib, the
font, and the source of every package module in its *source closure*: the
module that defines the figure and every module of the package it imports,
transitively, together with the closure of this renderer (which draws every
figure through `nnnotes.plotting.style`). The closure is read from the
``import`` statements of the files, so a figure of one page does not depend on
the modules of another page.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from nnnotes import _sources
from nnnotes.figures._svg import flatten_uses
from nnnotes.figures import FONT_PATH, LANGUAGES, FigureSpec, Labels, load_registry
from nnnotes.plotting.style import figure_style, readable_on_a_phone

__all__ = ["PACKAGE_DIR", "source_closure", "cache_key", "render_svg", "build"]

#: The folder of the top-level package; module names are resolved to files under it.
PACKAGE_DIR = _sources.PACKAGE_DIR


def source_closure(module: str) -> list[Path]:
    """The files of ``module``, of this renderer, and of every package module they import, transitively."""
    return _sources.source_closure(module, __name__, package_dir=PACKAGE_DIR)


def cache_key(spec: FigureSpec, lang: str, narrow: bool = False) -> str:
    """A 20-hex-digit key that changes whenever anything that could change the SVG changes."""
    import matplotlib
    import numpy

    digest = hashlib.sha256()
    digest.update(f"{spec.name}|{lang}|{numpy.__version__}|{matplotlib.__version__}".encode())
    if narrow:
        digest.update(b"|narrow")
    digest.update(FONT_PATH.read_bytes())
    digest.update(_sources.closure_digest(spec.module, __name__, package_dir=PACKAGE_DIR).digest())
    return digest.hexdigest()[:20]


def render_svg(spec: FigureSpec, lang: str, narrow: bool = False,
               inspect: Callable[[Any], None] | None = None) -> bytes:
    """Draw one figure in one language and return the SVG bytes (deterministic).

    ``narrow=True`` draws the phone rendering: panels stacked, small text raised
    (`nnnotes.plotting.style.readable_on_a_phone`). ``inspect``, if given, is
    called with the drawn Figure before it is saved (the tests check a figure's
    labels on the very Figure that is rendered, instead of drawing it a second time).
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    with figure_style(lang):
        labels = Labels(lang, narrow=narrow)
        fig = spec.draw(labels)
        try:
            if narrow:
                readable_on_a_phone(fig, labels)
            # Whole CSS pixels (1/96 in): the page's width/height attributes, which are
            # whole numbers, then give the figure's exact shape, and nothing moves when it loads.
            width, height = fig.get_size_inches()
            fig.set_size_inches(round(width * 96) / 96, round(height * 96) / 96)
            if inspect is not None:
                inspect(fig)
            buffer = io.BytesIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    return flatten_uses(buffer.getvalue())


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def _render_by_name(name: str, lang: str, narrow: bool = False) -> bytes:
    """`render_svg` of a registered figure, by name (what a worker process is sent)."""
    return render_svg(load_registry()[name], lang, narrow)


def build(out: Path, cache: Path | None = None, names: Iterable[str] | None = None,
          languages: Iterable[str] = LANGUAGES, jobs: int = 1, narrow: bool = False) -> dict[str, dict[str, object]]:
    """Write ``out/<lang>/<name>.svg`` for the registered figures; return a manifest.

    With ``cache``, an SVG whose key is already in the cache folder is copied
    instead of redrawn. The manifest maps ``"<lang>/<name>"`` to its key, its
    size in bytes and whether it was drawn (``True``) or taken from the cache.
    With ``jobs`` > 1, the figures to draw are drawn by that many worker
    processes; each SVG depends only on its figure, language and variant, so the
    files are the same bytes whatever the number of jobs or the order they finish in.
    With ``narrow``, each figure's phone rendering is written beside it as
    ``<name>.narrow.svg`` (manifest entry ``"<lang>/<name>.narrow"``).
    """
    registry = load_registry()
    wanted = list(registry) if names is None else list(names)
    unknown = sorted(set(wanted) - set(registry))
    if unknown:
        raise ValueError(f"unknown figure(s) {unknown}; registered: {sorted(registry)}")
    languages = list(languages)
    for lang in languages:
        Labels(lang)  # validates
        (out / lang).mkdir(parents=True, exist_ok=True)
    variants = (False, True) if narrow else (False,)
    keys = {(lang, name, v): cache_key(registry[name], lang, v)
            for lang in languages for name in wanted for v in variants}
    cached = {entry: (cache / f"{key}.svg" if cache is not None else None) for entry, key in keys.items()}
    to_draw = [entry for entry, path in cached.items() if path is None or not path.is_file()]
    if jobs > 1 and len(to_draw) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(to_draw))) as pool:
            drawn = dict(zip(to_draw, pool.map(_render_by_name, *zip(*[(n, lang, v) for lang, n, v in to_draw]))))
    else:
        drawn = {(lang, name, v): render_svg(registry[name], lang, v) for lang, name, v in to_draw}
    manifest: dict[str, dict[str, object]] = {}
    for (lang, name, v), key in keys.items():
        stem = f"{name}.narrow" if v else name
        target = out / lang / f"{stem}.svg"
        if (lang, name, v) in drawn:
            data = drawn[lang, name, v]
            if cached[lang, name, v] is not None:
                _write_atomically(cached[lang, name, v], data)
        else:
            data = cached[lang, name, v].read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            _write_atomically(target, data)
        manifest[f"{lang}/{stem}"] = {"key": key, "drawn": (lang, name, v) in drawn, "bytes": len(data)}
    return manifest
