"""Drawing: functions that draw experiment data on a given matplotlib ``Axes``.

One module per answer page, named after it: ``plotting/<chapter>/<page>.py``
draws the figures of ``docs/<lang>/<chapter>/<page>.md`` from the data of
``experiments/<chapter>/<page>.py``; ``activations.py`` draws the activation
curves shared by the home page and the vanishing-gradients page, and
``style.py`` is the look of every figure. Each drawing function takes the Axes
first and returns it; it never creates a figure, never calls ``plt.show`` and
never changes global style. The page modules also define the site's figures
(see :mod:`nnnotes.figures`), which compose these functions.

Importing this package imports every submodule, so that all figures are
registered; it needs matplotlib (the ``plot`` extra).
"""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
    if not _module.name.rpartition(".")[2].startswith("_"):
        importlib.import_module(_module.name)
