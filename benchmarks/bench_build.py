"""How long the site and the checks take: the five figures of issue 14 (``make bench-build``).

Each figure is measured in a temporary copy of this tree (the files git knows, as they
are in the working tree now), so this never touches the tree's ``site/`` or ``.cache/``:

1. cold ``make site``: dependencies installed, no ``.cache``;
2. ``make site`` after adding a sentence to one page's prose;
3. ``mkdocs serve``: from saving a page to the server giving the new page;
4. ``make test`` right after a build (the numpy-floor environment is made first, untimed);
5. ``make check``.

The copy runs the tree's ``.venv`` (``make`` is told not to remake it) with the copy's
``src`` first on the path, so that it builds and tests the copy's library. This prints
figures; it asserts nothing (a slow machine is no failure). ``--only`` picks figures,
``--keep`` keeps the copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = ".venv/.installed-stamp"
PAGE = Path("docs/en/gradients/zero-init.md")
AIMS = {"cold": 40, "edit": 4, "serve": 3, "test": 120, "check": 30}
TITLES = {
    "cold": "cold `make site`, dependencies installed",
    "edit": "`make site` after editing one page",
    "serve": "`mkdocs serve`: saving a page to the reloaded page",
    "test": "`make test` after a site build",
    "check": "`make check` (no site)",
}


def copy_tree(dest: Path) -> None:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    # The copy's dates come from the tree's last commit (the Makefile reads it from git).
    subprocess.run(["git", "init", "-q"], cwd=dest, check=True)
    (dest / ".venv").symlink_to(VENV)


def environment(tree: Path) -> dict[str, str]:
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "SOURCE_DATE_EPOCH": epoch or "315532800"}
    env.pop("NNNOTES_SITE_DIR", None)
    return env


def timed(command: list[str], tree: Path, log: Path) -> float:
    start = time.monotonic()
    with log.open("ab") as stream:
        done = subprocess.run(command, cwd=tree, env=environment(tree), stdout=stream, stderr=subprocess.STDOUT, check=False)
    elapsed = time.monotonic() - start
    if done.returncode != 0:
        print(f"  {' '.join(command)} failed (exit {done.returncode}); see {log}", file=sys.stderr)
    return elapsed


def make(tree: Path, log: Path, *targets: str) -> float:
    return timed(["make", "--no-print-directory", "-o", STAMP, *targets], tree, log)


def edit(tree: Path, text: str) -> None:
    with (tree / PAGE).open("a", encoding="utf-8") as stream:
        stream.write(f"\n{text}\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def serve_reload(tree: Path, log: Path, timeout: float = 300) -> float:
    """Seconds from appending a sentence to a page to `mkdocs serve` giving that page with it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/nnnotes/en/gradients/zero-init/"
    env = {**environment(tree), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0",
           "NO_MKDOCS_2_WARNING": "1"}
    with log.open("ab") as stream:
        server = subprocess.Popen([str(tree / ".venv/bin/mkdocs"), "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=tree, env=env, stdout=stream, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while fetch(url) is None:
            if time.monotonic() > deadline or server.poll() is not None:
                return float("nan")
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle
        marker = f"Benchmark sentence {time.time_ns()}."
        start = time.monotonic()
        edit(tree, marker)
        while marker not in (fetch(url) or ""):
            if time.monotonic() - start > timeout or server.poll() is not None:
                return float("nan")
            time.sleep(0.1)
        return time.monotonic() - start
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=list(TITLES), help="measure only these (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and print where it is")
    args = parser.parse_args(argv)
    wanted = args.only or list(TITLES)
    if not (VENV / "bin" / "mkdocs").exists():
        parser.error(f"no {VENV}/bin/mkdocs: run `make .venv/.installed-stamp` first")
    work = Path(tempfile.mkdtemp(prefix="nnnotes-bench-"))
    tree, log = work / "tree", work / "bench.log"
    tree.mkdir()
    copy_tree(tree)
    results: dict[str, float] = {}
    try:
        if {"cold", "edit", "serve", "test"} & set(wanted):
            seconds = make(tree, log, "site")
            if "cold" in wanted:
                results["cold"] = seconds
        if "edit" in wanted:
            edit(tree, "One more sentence, for the benchmark.")
            results["edit"] = make(tree, log, "site")
        if "serve" in wanted:
            results["serve"] = serve_reload(tree, log)
        if "test" in wanted:
            make(tree, log, "site", ".cache/venv-floor/.installed-stamp")  # untimed: the site as the edits left it, the floor venv
            results["test"] = make(tree, log, "test")
        if "check" in wanted:
            results["check"] = make(tree, log, "check")
    finally:
        print(f"{'':52} {'seconds':>8} {'aim':>6}")
        for key in wanted:
            print(f"{TITLES[key]:52} {results.get(key, float('nan')):8.1f} {'≤ ' + str(AIMS[key]):>6}")
        print(f"(log: {log})" if args.keep else "")
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
