"""Render the registered nnnotes figures and add them to the site as SVG files.

Once per ``mkdocs build`` (or per rebuild under ``mkdocs serve``), before the
first language is built, this runs ``python -m nnnotes.figures`` in a fresh
interpreter (so an edited library is picked up without restarting the server)
with a cache in ``.cache/figures``: a figure is redrawn only when its code or
inputs changed, and the figures to draw are drawn by two worker processes
(``--jobs``; the files do not depend on it). The command runs while the labs
are executed (``hooks/notebooks.py``, same event, later): its result is
awaited in `on_files`, the first event that needs it. Every SVG becomes
``assets/figures/<lang>/<name>.svg`` of the site, so pages link it like any
other file and mkdocs checks those links; its narrow (phone) rendering,
``<name>.narrow.svg``, goes beside it (``hooks/reader.py`` serves it to narrow screens).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import _site
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

log = get_plugin_logger("figures")

CACHE = _site.CACHE / "figures"
OUT_ROOT = _site.CACHE / "figures-out"
URI_PREFIX = "assets/figures"

_state: dict[str, object] = {"manifest": None, "out": None, "running": None}
#: Worker processes that draw figures (two cores on the machine this is tuned for).
JOBS = max(1, min(2, os.cpu_count() or 1))


def _out_dir(config) -> Path:
    # One output folder per site folder, so that two builds into different
    # site folders (say, `make site` and a test build) never share files.
    tag = hashlib.sha256(str(Path(config.site_dir).resolve()).encode()).hexdigest()[:12]
    return OUT_ROOT / tag


def _start(out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "nnnotes.figures", str(out), "--cache", str(CACHE / "svg"), "--jobs", str(JOBS), "--narrow"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=_site.ROOT)


def _finish(running: subprocess.Popen) -> dict[str, dict[str, object]]:
    stdout, stderr = running.communicate()
    if running.returncode != 0:
        raise PluginError(f"rendering the figures failed:\n{stderr.strip()}")
    manifest = json.loads(stdout)
    drawn = sorted(key for key, item in manifest.items() if item["drawn"])
    log.info(f"{len(manifest)} figure files, {len(drawn)} drawn: {', '.join(drawn) or 'none'}")
    return manifest


def _render(out: Path) -> dict[str, dict[str, object]]:
    return _finish(_start(out))


def on_pre_build(config):
    if _site.top_level_build(config):  # once per mkdocs build, not per language
        _state["out"] = _out_dir(config)
        _state["manifest"] = None
        _state["running"] = _start(_state["out"])


def _manifest() -> dict[str, dict[str, object]]:
    running = _state["running"]
    if running is not None:  # started by on_pre_build: wait for it here, once
        _state["running"] = None
        _state["manifest"] = _finish(running)
    return _state["manifest"] or {}


@event_priority(-150)  # after the i18n plugin has rebuilt the file list
def on_files(files: Files, config):
    manifest = _manifest()
    out = _state["out"]
    for entry in sorted(manifest):
        src_uri = f"{URI_PREFIX}/{entry}.svg"
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, abs_src_path=str(out / f"{entry}.svg")))
    return files
