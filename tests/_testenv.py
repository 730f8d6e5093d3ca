"""What the Makefile needs to set up the extra test passes (stdlib only; run with the venv's python).

    python tests/_testenv.py other-kernel         # an OpenBLAS kernel for the second pass
    python tests/_testenv.py floor-requirements   # what the numpy-floor environment installs

``other-kernel`` prints the first of ``CANDIDATES`` that differs from the kernel numpy's
OpenBLAS runs in this environment (the machine's pick, or the one an inherited
``OPENBLAS_CORETYPE`` names), and that this CPU runs: each candidate is tried in a
subprocess (a kernel the CPU lacks dies there of "Illegal instruction"), with two threads,
on a few BLAS and LAPACK calls, and kept only if threadpoolctl then reports that very kernel
(OpenBLAS silently ignores a name it does not know). ``SECOND_KERNEL`` in the environment
skips the choice (it is still checked in the pass itself, by ``conftest.py``).

``floor-requirements`` prints, one a line: numpy at the lowest version ``pyproject.toml``
declares, the other dependencies, the ``plot`` extra (the figures' docstrings need
matplotlib) and the ``test`` extra without playwright.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Tried in this order; each runs on most x86-64 CPUs of its era and later (Haswell: AVX2
#: and FMA, 2013 on; Sandybridge: AVX, 2011 on; Nehalem: SSE4.2). ARMV8 for arm64 machines.
CANDIDATES = ("Haswell", "Sandybridge", "Nehalem", "ARMV8")

_PROBE = """
import json, numpy as np
from threadpoolctl import threadpool_info
a = np.linspace(-1.0, 1.0, 96 * 96).reshape(96, 96) + 96 * np.eye(96)
b = a @ a.T
x = np.linalg.solve(b, a[:, 0])
float(a[0] @ a[1] + np.linalg.norm(x))
info = [i for i in threadpool_info() if i.get("internal_api") == "openblas"]
print(json.dumps(info[0] if info else None))
"""


def openblas_kernel(coretype: str | None = None, threads: int = 1) -> tuple[str | None, str]:
    """(kernel threadpoolctl reports, or None; why not) for numpy run with ``OPENBLAS_CORETYPE=coretype``."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(threads)
    if coretype:
        env["OPENBLAS_CORETYPE"] = coretype
    run = subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or [f"exit status {run.returncode}"])[-1]
        return None, f"the probe failed ({last})" if run.returncode > 0 else f"killed by signal {-run.returncode}"
    info = json.loads(run.stdout.strip().splitlines()[-1])
    if info is None:
        return None, "numpy does not use OpenBLAS"
    return info["architecture"], ""


def other_kernel() -> str:
    chosen = os.environ.get("SECOND_KERNEL")
    if chosen:
        return chosen
    # The kernel the first pass runs: the machine's default, or the one an inherited
    # OPENBLAS_CORETYPE asks for (some machines set it for every process; it is kept).
    default, why = openblas_kernel(os.environ.get("OPENBLAS_CORETYPE"))
    if default is None:
        raise SystemExit(f"cannot tell numpy's OpenBLAS kernel: {why}")
    tried = []
    for candidate in CANDIDATES:
        if candidate.lower() == default.lower():
            continue
        running, why = openblas_kernel(candidate, threads=2)
        if running is not None and running.lower() == candidate.lower():
            print(f"OpenBLAS kernel of the first pass: {default}; second pass: {candidate}", file=sys.stderr)
            return candidate
        tried.append(f"{candidate}: {why or f'{running} ran instead'}")
    raise SystemExit(f"no second OpenBLAS kernel runs here (default {default}; " + "; ".join(tried) + ")")


def floor_requirements() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = []
    for requirement in project["dependencies"]:
        floor = re.fullmatch(r"numpy\s*>=\s*([0-9][0-9.]*)", requirement.strip())
        if floor:
            out.append(f"numpy=={floor[1]}")
        elif re.match(r"numpy\b", requirement):
            raise SystemExit(f"pyproject.toml: cannot read numpy's floor from {requirement!r} (want numpy>=X.Y)")
        else:
            out.append(requirement)
    if not any(line.startswith("numpy==") for line in out):
        raise SystemExit("pyproject.toml declares no numpy>=X.Y dependency")
    extras = project.get("optional-dependencies", {})
    out += extras.get("plot", [])
    out += [r for r in extras.get("test", []) if not re.match(r"playwright\b", r)]
    return out


if __name__ == "__main__":
    command = sys.argv[1:] and sys.argv[1]
    if command == "other-kernel":
        print(other_kernel())
    elif command == "floor-requirements":
        print("\n".join(floor_requirements()))
    else:
        raise SystemExit(__doc__)
