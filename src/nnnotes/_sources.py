"""Which of the package's source files a module depends on (no numpy, no matplotlib).

The closure of a module is its file and the file of every package module it
imports, transitively, read from the ``import`` statements (anywhere in the
file, so an import inside a function counts too). Two caches key on it: the
figure renderer's (`nnnotes.figures.render`) and the experiments' result
cache (`nnnotes.experiments.cache`). Editing one page's module then
invalidates what depends on that page, and nothing else.
"""

from __future__ import annotations

import ast
import hashlib
from pathlib import Path

__all__ = ["PACKAGE_DIR", "module_file", "imported_modules", "source_closure", "closure_digest"]

#: The folder of the top-level package; module names are resolved to files under it.
PACKAGE_DIR = Path(__file__).resolve().parent
_PACKAGE = __name__.partition(".")[0]


def module_file(module: str, package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The file of package module ``module`` under ``package_dir``, or None for another package."""
    parts = module.split(".")
    if parts[0] != _PACKAGE:
        return None
    base = package_dir.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imported_modules(path: Path, module: str) -> set[str]:
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


def source_closure(*modules: str, package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The files of ``modules`` and of every package module they import, transitively, sorted."""
    seen: dict[str, Path] = {}
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name, package_dir)
        if path is None:
            continue
        seen[name] = path
        todo.extend(imported_modules(path, name))
    return sorted(set(seen.values()))


def closure_digest(*modules: str, package_dir: Path = PACKAGE_DIR) -> hashlib._Hash:
    """A sha256 over the relative path and bytes of every file in the closure of ``modules``."""
    digest = hashlib.sha256()
    for path in source_closure(*modules, package_dir=package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest
