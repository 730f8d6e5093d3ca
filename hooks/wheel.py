"""The library's wheel on the site, at ``dist/nnnotes-<version>-py3-none-any.whl``.

Readers install the library the pages use with one line,
``pip install <site_url>dist/<wheel>`` (the name ``nnnotes`` on PyPI belongs to
another project). Pages write ``{{ wheel_url }}`` where that address goes; this
hook fills it in (``mkdocs serve`` points it at the local server).

Once per ``mkdocs build`` the wheel is built by hatchling, the project's build
backend (installed with the ``docs`` extra, so the build needs no network), in
a fresh interpreter, into ``.cache/wheel/<key>``. The key is a hash of all that
goes into the wheel: the library, ``pyproject.toml``, ``README.md`` (the long
description), ``.gitignore`` (which hatchling reads), hatchling's version and
``SOURCE_DATE_EPOCH`` (the dates inside the archive; hatchling's own fixed date
without it). Same key, same bytes: a second build copies the cached file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import _site
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

log = get_plugin_logger("wheel")

CACHE = _site.CACHE / "wheel"
PLACEHOLDER = "{{ wheel_url }}"
_BUILD = "import sys\nfrom hatchling.build import build_wheel\nprint(build_wheel(sys.argv[1]))"

_state: dict[str, Path | None] = {"wheel": None}


def wheel_key() -> str:
    """The hash of everything that decides the wheel's bytes."""
    try:
        hatchling = version("hatchling")
    except PackageNotFoundError:
        raise PluginError("hatchling is not installed: install the docs extra (make does)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "hatchling-default")
    inputs = [_site.LIBRARY, *(_site.ROOT / name for name in ("pyproject.toml", "README.md", ".gitignore"))]
    return _site.source_hash(*(path for path in inputs if path.exists()), salt=f"hatchling {hatchling}, epoch {epoch}")


def build_wheel(cache: Path = CACHE) -> Path:
    """The wheel of the working tree, from ``cache`` when its key is there; older keys are dropped."""
    key = wheel_key()
    folder = cache / key
    wheel = folder / _site.wheel_name()
    if wheel.is_file():
        return wheel
    if cache.is_dir():
        for old in cache.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    building = cache / f"{key}.partial"
    building.mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(building)], capture_output=True, text=True, cwd=_site.ROOT
    )
    if done.returncode != 0:
        raise PluginError(f"building the wheel failed:\n{done.stderr.strip()}")
    name = done.stdout.strip().splitlines()[-1]
    if name != _site.wheel_name():
        raise PluginError(f"hatchling built {name}, the site expects {_site.wheel_name()}")
    building.rename(folder)
    log.info(f"built {name} ({wheel.stat().st_size // 1024} KB)")
    return wheel


def on_pre_build(config):
    if _site.top_level_build(config):  # once per mkdocs build, not per language
        _state["wheel"] = build_wheel()


@event_priority(-150)  # after the i18n plugin has rebuilt the file list
def on_files(files, config):
    wheel = _state["wheel"]
    src_uri = f"{_site.WHEEL_DIR}/{_site.wheel_name()}"
    if wheel is not None and files.get_file_from_path(src_uri) is None:
        files.append(File.generated(config, src_uri, abs_src_path=str(wheel)))
    return files


def on_page_markdown(markdown, page, config, files):
    return markdown.replace(PLACEHOLDER, _site.wheel_url(config))
