"""Render the registered nnnotes figures and add them to the site as SVG files.

Once per ``mkdocs build`` (or per rebuild under ``mkdocs serve``), before the
first language is built, this runs ``python -m nnnotes.figures`` in a fresh
interpreter (so an edited library is picked up without restarting the server)
with a cache in ``.cache/figures``: a figure is redrawn only when its code or
inputs changed, and the figures to draw are drawn by two worker processes
(``--jobs``; the files do not depend on it). The command runs while the labs
are executed (``hooks/notebooks.py``, same event, later): its result is
awaited in `on_files`, the first event that needs it. When no file of the
library changed since the last build into the same site folder (the hash of
``src/nnnotes``, with the Python, numpy and matplotlib in use), the command is
not started at all: the figures it wrote then are still right, and a rebuild
after editing prose does not pay for a Python start and a matplotlib import. Every SVG becomes
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

_state: dict[str, object] = {"manifest": None, "out": None, "running": None, "key": None}
#: Worker processes that draw figures (two cores on the machine this is tuned for).
JOBS = max(1, min(2, os.cpu_count() or 1))


def _out_dir(config) -> Path:
    # One output folder per site folder, so that two builds into different
    # site folders (say, `make site` and a test build) never share files.
    tag = hashlib.sha256(str(Path(config.site_dir).resolve()).encode()).hexdigest()[:12]
    return OUT_ROOT / tag


def _library_key() -> str:
    """What the figures can depend on, in one hash: the library's files and the versions that draw them."""
    from importlib.metadata import version

    salt = f"{sys.executable}|numpy {version('numpy')}|matplotlib {version('matplotlib')}"
    return _site.source_hash(salt=salt)


def _reusable(out: Path, key: str) -> dict[str, dict[str, object]] | None:
    """The manifest of the last build into ``out`` if it was made from the same library, with every file there."""
    saved = out / f"manifest-{key}.json"
    if not saved.is_file():
        return None
    manifest = json.loads(saved.read_text(encoding="utf-8"))
    if all((out / f"{entry}.svg").is_file() for entry in manifest):
        return manifest
    return None


def _start(out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "nnnotes.figures", str(out), "--cache", str(CACHE / "svg"), "--jobs", str(JOBS), "--narrow"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=_site.ROOT)


def _finish(running: subprocess.Popen, out: Path | None = None, key: str | None = None) -> dict[str, dict[str, object]]:
    stdout, stderr = running.communicate()
    if running.returncode != 0:
        raise PluginError(f"rendering the figures failed:\n{stderr.strip()}")
    manifest = json.loads(stdout)
    if out is not None and key is not None:  # the next build from the same library reuses it
        for old in out.glob("manifest-*.json"):
            old.unlink()
        (out / f"manifest-{key}.json").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    drawn = sorted(key for key, item in manifest.items() if item["drawn"])
    log.info(f"{len(manifest)} figure files, {len(drawn)} drawn: {', '.join(drawn) or 'none'}")
    return manifest


def _render(out: Path) -> dict[str, dict[str, object]]:
    return _finish(_start(out))


def on_pre_build(config):
    if _site.top_level_build(config):  # once per mkdocs build, not per language
        out = _out_dir(config)
        key = _library_key()
        _state["out"], _state["key"] = out, key
        _state["manifest"] = _reusable(out, key)
        if _state["manifest"] is None:
            _state["running"] = _start(out)
        else:
            log.info(f"{len(_state['manifest'])} figure files, none drawn: the library is unchanged since the last build")


def _manifest() -> dict[str, dict[str, object]]:
    running = _state["running"]
    if running is not None:  # started by on_pre_build: wait for it here, once
        _state["running"] = None
        _state["manifest"] = _finish(running, _state["out"], _state["key"])
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
