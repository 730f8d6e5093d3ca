"""Render the registered figures as SVG files, redrawing only those whose code changed.

Rendering is deterministic (fixed SVG ids, no dates). A figure's cache key is
a hash of its name, its language, the versions of numpy and matplotlib, the
font, and the source of every package module in its *source closure*: the
module that defines the figure and every module of the package it imports,
transitively, together with the closure of this renderer (which draws every
figure through :mod:`nnnotes.plotting.style`). The closure is read from the
``import`` statements of the files, so a figure of one page does not depend on
the modules of another page.
"""

from __future__ import annotations

import ast
import hashlib
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from nnnotes.figures import FONT_PATH, LANGUAGES, FigureSpec, Labels, load_registry
from nnnotes.plotting.style import figure_style, readable_on_a_phone

__all__ = ["PACKAGE_DIR", "source_closure", "cache_key", "render_svg", "build"]

#: The folder of the top-level package; module names are resolved to files under it.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
_PACKAGE = __name__.partition(".")[0]


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] != _PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path, module: str) -> set[str]:
    """Names of the package's modules that the module at ``path`` imports (anywhere in the file)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] == _PACKAGE}


def source_closure(module: str) -> list[Path]:
    """The files of ``module``, of this renderer, and of every package module they import, transitively."""
    seen: dict[str, Path] = {}
    todo = [module, __name__]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        todo.extend(_imported_modules(path, name))
    return sorted(set(seen.values()))


def cache_key(spec: FigureSpec, lang: str, narrow: bool = False) -> str:
    """A 20-hex-digit key that changes whenever anything that could change the SVG changes."""
    import matplotlib
    import numpy

    digest = hashlib.sha256()
    digest.update(f"{spec.name}|{lang}|{numpy.__version__}|{matplotlib.__version__}".encode())
    if narrow:
        digest.update(b"|narrow")
    digest.update(FONT_PATH.read_bytes())
    for path in source_closure(spec.module):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def render_svg(spec: FigureSpec, lang: str, narrow: bool = False) -> bytes:
    """Draw one figure in one language and return the SVG bytes (deterministic).

    ``narrow=True`` draws the phone rendering: panels stacked, small text raised
    (:func:`nnnotes.plotting.style.readable_on_a_phone`).
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    with figure_style(lang):
        labels = Labels(lang, narrow=narrow)
        fig = spec.draw(labels)
        if narrow:
            readable_on_a_phone(fig, labels)
        # Whole CSS pixels (1/96 in): the page's width/height attributes, which are
        # whole numbers, then give the figure's exact shape, and nothing moves when it loads.
        width, height = fig.get_size_inches()
        fig.set_size_inches(round(width * 96) / 96, round(height * 96) / 96)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a concurrent reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def build(out: Path, cache: Path | None = None, names: Iterable[str] | None = None,
          languages: Iterable[str] = LANGUAGES, narrow: bool = False) -> dict[str, dict[str, object]]:
    """Write ``out/<lang>/<name>.svg`` for the registered figures; return a manifest.

    With ``cache``, an SVG whose key is already in the cache folder is copied
    instead of redrawn. The manifest maps ``"<lang>/<name>"`` to its key, its
    size in bytes and whether it was drawn (``True``) or taken from the cache.
    With ``narrow``, each figure's phone rendering is written beside it as
    ``<name>.narrow.svg`` (manifest entry ``"<lang>/<name>.narrow"``).
    """
    registry = load_registry()
    wanted = list(registry) if names is None else list(names)
    unknown = sorted(set(wanted) - set(registry))
    if unknown:
        raise ValueError(f"unknown figure(s) {unknown}; registered: {sorted(registry)}")
    manifest: dict[str, dict[str, object]] = {}
    for lang in languages:
        Labels(lang)  # validates
        (out / lang).mkdir(parents=True, exist_ok=True)
        for name in wanted:
            spec = registry[name]
            for variant in (False, True) if narrow else (False,):
                stem = f"{name}.narrow" if variant else name
                key = cache_key(spec, lang, variant)
                target = out / lang / f"{stem}.svg"
                cached = cache / f"{key}.svg" if cache is not None else None
                drawn = not (cached is not None and cached.is_file())
                if drawn:
                    data = render_svg(spec, lang, variant)
                    if cached is not None:
                        _write_atomically(cached, data)
                else:
                    data = cached.read_bytes()
                if not target.is_file() or target.read_bytes() != data:
                    _write_atomically(target, data)
                manifest[f"{lang}/{stem}"] = {"key": key, "drawn": drawn, "bytes": len(data)}
    return manifest
