"""Find a Chromium that works, for the browser tests and ``benchmarks/site_budget.py``.

Tried in this order, and the first that exists AND starts (a headless run that prints the
DOM of ``about:blank``) wins:

1. ``$CHROMIUM`` (a path, or a command on PATH);
2. ``chromium``, ``chromium-browser`` or ``google-chrome`` on PATH;
3. Playwright's own Chromium (``python -m playwright install chromium``), where
   playwright's ``chromium.executable_path`` says it is.

"Starts" matters: on Ubuntu 24.04 ``chromium`` is a snap stub that exists and does not run
in CI. With none working, ``ChromiumNotFound`` says what was tried and the three ways.
Stdlib only (Playwright only for step 3, when installed), so ``.ci/run`` can ask before
any virtual environment exists:

    python tests/_chromium.py     # prints the executable, or explains and exits 1
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile

NAMES = ("chromium", "chromium-browser", "google-chrome")
#: Flags for a headless Chromium on a machine with no network but the loopback.
FLAGS = (
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
HOW_TO = (
    "Any one of these gives the browser tests a Chromium:\n"
    "  1. set CHROMIUM to a Chromium or Chrome executable;\n"
    "  2. put chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium;\n"
    "     not Ubuntu's chromium package, a snap stub that does not start);\n"
    "  3. python -m playwright install chromium (on Ubuntu: --with-deps, for its system libraries)."
)


class ChromiumNotFound(RuntimeError):
    pass


def starts(executable: str, timeout: float = 60) -> str:
    """'' when ``executable`` runs headless and renders a page; else why not."""
    with tempfile.TemporaryDirectory(prefix="nnnotes-chromium-") as profile:
        try:
            run = subprocess.run(
                [executable, "--headless", *FLAGS, f"--user-data-dir={profile}", "--dump-dom", "about:blank"],
                capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError) as error:
            return f"does not start ({error})"
    if run.returncode == 0 and "<html" in run.stdout:
        return ""
    said = " ".join((run.stderr or run.stdout).strip().splitlines()[-1:])[:200]
    return f"exit status {run.returncode}" + (f": {said}" if said else "")


def _playwright_executable() -> tuple[str | None, str]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "playwright is not installed in this Python"
    try:
        with sync_playwright() as playwright:
            return playwright.chromium.executable_path, ""
    except Exception as error:  # noqa: BLE001 - any failure of the driver means "not this way"
        return None, f"playwright failed: {error}"


def candidates(use_playwright: bool = True):
    """Yield (how it was found, executable or None, why not) in the order above."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        found = shutil.which(chosen) or (chosen if os.path.exists(chosen) else None)
        yield f"$CHROMIUM={chosen}", found, "" if found else "not found"
    else:
        yield "$CHROMIUM", None, "not set"
    for name in NAMES:
        found = shutil.which(name)
        yield f"{name} on PATH", found, "" if found else "not on PATH"
    if use_playwright:
        found, why = _playwright_executable()
        if found and not os.path.exists(found):
            found, why = None, f"not installed ({found} is missing)"
        yield "Playwright's Chromium", found, why


def find_chromium(use_playwright: bool = True) -> str:
    """The first Chromium that works, or ChromiumNotFound naming what was tried and the three ways."""
    tried = []
    for how, executable, why in candidates(use_playwright):
        if executable is not None:
            why = starts(executable)
            if not why:
                return executable
            how = f"{how} ({executable})"
        tried.append(f"  {how}: {why}")
    raise ChromiumNotFound("No Chromium that starts was found for the browser tests. Tried:\n"
                           + "\n".join(tried) + "\n" + HOW_TO)


@functools.cache
def chromium() -> str:
    """``find_chromium()``, once per process."""
    return find_chromium()


if __name__ == "__main__":
    try:
        print(find_chromium())
    except ChromiumNotFound as error:
        print(error, file=sys.stderr)
        sys.exit(1)
