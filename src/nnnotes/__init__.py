"""nnnotes: the small numpy library behind the nnnotes site.

One module per idea (activations, losses, initializers, regularizers, layers,
optim, linear_regression, gradcheck); ``experiments`` returns the data that the
site's figures show and ``plotting`` draws it on a given matplotlib Axes.
Randomness always comes from an explicit ``numpy.random.Generator`` argument
named ``rng``; arrays are float64 unless said otherwise.
"""

__version__ = "0.1.0"
