"""Experiments: functions that compute the data behind the site's claims and figures.

One module per answer page, named after it: ``experiments/<chapter>/<page>.py``
holds the code of ``docs/<lang>/<chapter>/<page>.md`` (``-`` in a page name
is ``_`` in the module name). Code shared by several pages has a module of its
own that says who uses it: ``activations.py`` (the home page and the
vanishing-gradients page) and ``regularization/linear_model.py`` (the
L1-sparsity and input-noise pages).

Every function takes its randomness as an explicit ``numpy.random.Generator``
argument, returns plain numpy arrays or small dataclasses, draws nothing and
writes no files, so that the pages, the figures, the labs and the tests all
call the same code. The costly ones are decorated with
:func:`nnnotes.experiments.cache.cached`: when the environment variable
``NNNOTES_RESULT_CACHE`` names a folder (the site's build and checks set it),
a result computed once is loaded by every later call with the same code and
arguments; without it, every call computes.
"""
