"""The site's figures: a registry, and the command that renders them as SVG.

A figure is a function of one argument, a `Labels` object that picks the
English or the Persian label, returning a matplotlib ``Figure``. It gets its
data from `nnnotes.experiments` and draws it with `nnnotes.plotting`.
Registering it with `figure` is all the site needs:

    @figure("sigmoid-derivative")
    def sigmoid_derivative(t: Labels) -> Figure:
        fig, ax = new_figure(t)
        ...
        ax.set_xlabel(t("input x", "ورودی x"))
        return fig

The docs build runs ``python -m nnnotes.figures OUT --cache DIR`` once, which
writes ``OUT/<lang>/<name>.svg`` for every figure and language; a page in
``docs/<lang>/`` shows it as ``![alt](<relative path>/assets/figures/<lang>/<name>.svg)``.
Rendering is deterministic (fixed SVG ids, no dates), and a figure is redrawn
only when its cache key changes: the source of its module and of every nnnotes
module that module imports (transitively), the versions of numpy and
matplotlib, the font, the language and the name.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # matplotlib is an optional dependency (the ``plot`` extra)
    from matplotlib.figure import Figure

LANGUAGES = ("fa", "en")
_PACKAGE_DIR = Path(__file__).resolve().parent
FONT_PATH = _PACKAGE_DIR / "fonts" / "Vazirmatn-Regular.ttf"


class Labels:
    """Pick the label of the figure's language: ``t("loss", "تابع هزینه")``."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
        self.lang = lang

    def __call__(self, en: str, fa: str) -> str:
        return fa if self.lang == "fa" else en


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: its stable name and the function that draws it."""

    name: str
    draw: Callable[[Labels], Figure]

    @property
    def module(self) -> str:
        return self.draw.__module__


REGISTRY: dict[str, FigureSpec] = {}


def figure(name: str) -> Callable[[Callable[[Labels], Figure]], Callable[[Labels], Figure]]:
    """Register ``draw`` as the site figure ``name`` (lowercase words and hyphens)."""
    if not name or not all(part.isalnum() and part.islower() or part.isdigit() for part in name.split("-")):
        raise ValueError(f"figure name {name!r} must be lowercase words joined by hyphens")

    def register(draw: Callable[[Labels], Figure]) -> Callable[[Labels], Figure]:
        existing = REGISTRY.get(name)
        if existing is not None and existing.module != draw.__module__:
            raise ValueError(f"figure {name!r} is registered twice ({existing.module}, {draw.__module__})")
        REGISTRY[name] = FigureSpec(name, draw)
        return draw

    return register


def load_registry() -> dict[str, FigureSpec]:
    """Import every plotting module (which registers its figures) and return the registry."""
    importlib.import_module("nnnotes.plotting")
    return dict(sorted(REGISTRY.items()))


def _module_file(module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] != "nnnotes":
        return None
    base = _PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path, module: str) -> set[str]:
    """Names of the nnnotes modules that the module at ``path`` imports."""
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
    return {name for name in found if name.split(".")[0] == "nnnotes"}


def source_closure(module: str) -> list[Path]:
    """The files of ``module`` and of every nnnotes module it imports, transitively."""
    seen: dict[str, Path] = {}
    todo = [module, "nnnotes.figures", "nnnotes.plotting._style"]
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


def cache_key(spec: FigureSpec, lang: str) -> str:
    import matplotlib
    import numpy

    digest = hashlib.sha256()
    digest.update(f"{spec.name}|{lang}|{numpy.__version__}|{matplotlib.__version__}".encode())
    digest.update(FONT_PATH.read_bytes())
    for path in source_closure(spec.module):
        digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def render_svg(spec: FigureSpec, lang: str) -> bytes:
    """Draw one figure in one language and return the SVG bytes (deterministic)."""
    import io

    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from nnnotes.plotting._style import figure_style

    with figure_style(lang):
        fig = spec.draw(Labels(lang))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        plt.close(fig)
    return buffer.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a concurrent reader never sees half a file."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def build(out: Path, cache: Path | None = None, names: Iterable[str] | None = None,
          languages: Iterable[str] = LANGUAGES) -> dict[str, dict[str, object]]:
    """Write ``out/<lang>/<name>.svg`` for the registered figures; return a manifest.

    With ``cache``, an SVG whose key is already in the cache folder is copied
    instead of redrawn. The manifest maps ``"<lang>/<name>"`` to its key and
    whether it was drawn (``True``) or taken from the cache.
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
            key = cache_key(spec, lang)
            target = out / lang / f"{name}.svg"
            cached = cache / f"{key}.svg" if cache is not None else None
            drawn = not (cached is not None and cached.is_file())
            if drawn:
                data = render_svg(spec, lang)
                if cached is not None:
                    _write_atomically(cached, data)
            else:
                data = cached.read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                _write_atomically(target, data)
            manifest[f"{lang}/{name}"] = {"key": key, "drawn": drawn, "bytes": len(data)}
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnnotes.figures", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write <lang>/<name>.svg into")
    parser.add_argument("--cache", type=Path, help="folder of SVGs keyed by source hash")
    parser.add_argument("--only", action="append", metavar="NAME", help="render only these figures")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="languages (default: all)")
    parser.add_argument("--list", action="store_true", help="list the registered figures and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, spec in load_registry().items():
            print(f"{name}\t{spec.module}")
        return 0
    manifest = build(args.out, args.cache, args.only, args.lang or LANGUAGES)
    json.dump(manifest, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    # Run the imported module's main: figures register into nnnotes.figures.REGISTRY,
    # not into this __main__ copy of the module.
    from nnnotes.figures import main as _main

    sys.exit(_main())
