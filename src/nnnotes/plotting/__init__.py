"""Drawing: functions that draw experiment data on a given matplotlib ``Axes``.

One submodule per chapter of the site. Each drawing function takes the Axes
first and returns it; it never creates a figure, never calls ``plt.show`` and
never changes global style. The submodules also define the site's figures
(see :mod:`nnnotes.figures`), which compose these functions.

Importing this package imports every submodule, so that all figures are
registered; it needs matplotlib (``pip install nnnotes[plot]``).
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
