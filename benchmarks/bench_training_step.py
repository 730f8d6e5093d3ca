"""Benchmark: one float64 training step of an MLP against its bare matrix products.

Model 784-256-256-10 (Dense, ReLU, Dense, ReLU, Dense), softmax cross-entropy,
batch of 256, plain SGD. A step is forward + loss and its gradient + backward +
SGD update through :mod:`nnnotes`. The reference is the nine matrix products that
step performs, with plain ``@`` on the same shapes: three forward products, three
weight gradients ``dW = X^T G`` and three input gradients ``dX = G W^T`` (the
library's ``Sequential.backward`` returns the gradient for the input too, so the
first layer's ``dX`` is counted on both sides; the figure without it is printed
as well). Timings alternate between the two, repeat many times and report the
median and minimum.

Run as ``python benchmarks/bench_training_step.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from nnnotes.layers import Dense, ReLU, Sequential
from nnnotes.losses import cross_entropy, cross_entropy_grad
from nnnotes.optim import SGD

SIZES = (784, 256, 256, 10)
BATCH = 256


def build(rng: np.random.Generator) -> Sequential:
    layers: list = []
    for i, (a, b) in enumerate(zip(SIZES[:-1], SIZES[1:])):
        layers.append(Dense(a, b, rng))
        if i < len(SIZES) - 2:
            layers.append(ReLU())
    return Sequential(layers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    model = build(rng)
    opt = SGD(lr=0.01)
    X = rng.standard_normal((BATCH, SIZES[0]))
    y = rng.integers(0, SIZES[-1], BATCH)

    Ws = [rng.standard_normal((a, b)) for a, b in zip(SIZES[:-1], SIZES[1:])]
    Hs = [X] + [rng.standard_normal((BATCH, b)) for b in SIZES[1:-1]]
    Gs = [rng.standard_normal((BATCH, b)) for b in SIZES[1:]]

    def step() -> float:
        logits = model.forward(X)
        loss = cross_entropy(y, logits)
        model.backward(cross_entropy_grad(y, logits))
        opt.step(model)
        return loss

    def matmuls(first_dX: bool = True) -> None:
        for H, W in zip(Hs, Ws):
            H @ W
        for i, (H, W, G) in enumerate(zip(Hs, Ws, Gs)):
            H.T @ G
            if i or first_dX:
                G @ W.T

    def timed(fn, *a) -> float:
        t0 = time.perf_counter()
        fn(*a)
        return time.perf_counter() - t0

    for _ in range(10):  # warm up BLAS threads and caches
        step(), matmuls()
    t_step, t_mm, t_mm_no_dx = [], [], []
    for _ in range(args.repeats):
        t_step.append(timed(step))
        t_mm.append(timed(matmuls, True))
        t_mm_no_dx.append(timed(matmuls, False))

    med = {k: float(np.median(v)) for k, v in
           {"step": t_step, "mm": t_mm, "mm_no_dx": t_mm_no_dx}.items()}
    low = {k: float(np.min(v)) for k, v in
           {"step": t_step, "mm": t_mm, "mm_no_dx": t_mm_no_dx}.items()}

    print(f"numpy {np.__version__}, python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float64, {args.repeats} repeats")
    print(f"{'':34s}{'median':>10s}{'min':>10s}")
    print(f"{'training step (nnnotes)':34s}{med['step'] * 1e3:9.3f}ms{low['step'] * 1e3:9.3f}ms")
    print(f"{'9 matrix products (bare @)':34s}{med['mm'] * 1e3:9.3f}ms{low['mm'] * 1e3:9.3f}ms")
    print(f"{'8 products (no first-layer dX)':34s}{med['mm_no_dx'] * 1e3:9.3f}ms"
          f"{low['mm_no_dx'] * 1e3:9.3f}ms")
    print(f"ratio step / 9 products: median {med['step'] / med['mm']:.3f}, "
          f"min {low['step'] / low['mm']:.3f}")


if __name__ == "__main__":
    main()
