"""Experiments: functions that compute the data behind the site's claims and figures.

One submodule per chapter. Every function takes its randomness as an explicit
``numpy.random.Generator`` (or a seed it turns into one), returns plain numpy
arrays or small dataclasses, draws nothing and writes no files, so that the
pages, the figures, the labs and the tests all call the same code.
"""
