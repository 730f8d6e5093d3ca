"""Import the site's mkdocs hooks (``hooks/*.py``, not a package) from the tests."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
# The hooks import their shared modules (_site, _text) by name, as under mkdocs.
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


def load_hook(name: str) -> ModuleType:
    """The module ``hooks/<name>.py``: a hook imported once as ``nnnotes_hooks.<name>``,
    or a shared module (``_site``, ``_text``) imported under its own name, as the hooks do."""
    if name.startswith("_"):
        return importlib.import_module(name)
    module_name = f"nnnotes_hooks.{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, HOOKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules[module_name]
