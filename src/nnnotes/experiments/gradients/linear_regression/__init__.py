r"""Linear regression, closed form against gradient descent (answer Q1.b; page ``gradients/linear-regression``).

* a realistic data set (:func:`housing_data`) and the two solvers side by side
  (:func:`compare_solvers`);
* the accuracy lost by forming $(X^\top X)^{-1}$ (:func:`ill_conditioned_problem`,
  :func:`solve_normal_equations`);
* the operation counts of both solvers (:func:`flop_curves`) and real timings
  for the lab (:func:`time_solvers`);
* how many steps iterative solvers need as the condition number grows
  (:func:`conditioned_least_squares`, :func:`gd_steps_to_tolerance`,
  :func:`cg_steps_to_tolerance`).

The page's code is split in three modules by topic (``solvers``, ``costs``,
``conditioning``); import everything from here.
"""

from __future__ import annotations

from nnnotes.experiments.gradients.linear_regression.solvers import (
    RegressionData,
    HOUSING_FEATURES,
    housing_data,
    standardize,
    SolverComparison,
    compare_solvers,
    ill_conditioned_problem,
    NORMAL_EQUATION_METHODS,
    solve_normal_equations,
)
from nnnotes.experiments.gradients.linear_regression.costs import (
    loglog_slope,
    FlopCurves,
    flop_curves,
    Timings,
    time_solvers,
)
from nnnotes.experiments.gradients.linear_regression.conditioning import (
    conditioned_least_squares,
    gd_steps_to_tolerance,
    cg_steps_to_tolerance,
)

__all__ = [
    "RegressionData",
    "HOUSING_FEATURES",
    "housing_data",
    "standardize",
    "SolverComparison",
    "compare_solvers",
    "ill_conditioned_problem",
    "NORMAL_EQUATION_METHODS",
    "solve_normal_equations",
    "loglog_slope",
    "FlopCurves",
    "flop_curves",
    "Timings",
    "time_solvers",
    "conditioned_least_squares",
    "gd_steps_to_tolerance",
    "cg_steps_to_tolerance",
]
