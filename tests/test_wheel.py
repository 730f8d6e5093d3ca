"""The library's wheel on the site (hooks/wheel.py): where it is, what it holds, how the home pages offer it.

Installing it into a fresh environment is tested elsewhere; these checks are cheap.
"""

from __future__ import annotations

import os
import re
import tomllib
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from _hooks import load_hook

wheel = load_hook("wheel")
_site = load_hook("_site")

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("NNNOTES_SITE_DIR", ROOT / "site"))
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
NAME = f"nnnotes-{VERSION}-py3-none-any.whl"


def contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, f"{path.name}: a corrupt member"
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.site
def test_the_site_offers_this_trees_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = SITE / "dist" / NAME
    if not built.is_file():
        pytest.fail(f"no {NAME} in {SITE / 'dist'}: run `make site` (make test does)")
    files = contents(built)
    assert {"nnnotes/__init__.py", "nnnotes/activations.py", "nnnotes/losses.py"} <= set(files)
    metadata = files[f"nnnotes-{VERSION}.dist-info/METADATA"].decode()
    assert re.search(r"^Name: nnnotes$", metadata, re.M) and re.search(rf"^Version: {re.escape(VERSION)}$", metadata, re.M)
    assert re.search(r"^Requires-Dist: numpy", metadata, re.M)
    assert not [name for name in files if "__pycache__" in name or name.endswith(".pyc")]

    # A fresh build of this tree holds the same files, dated from SOURCE_DATE_EPOCH (in UTC, not the clock).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fresh = wheel.build_wheel(tmp_path)
    assert fresh.name == NAME
    assert contents(fresh) == files, f"site/dist/{NAME} is not the wheel of this tree: rebuild the site"
    with zipfile.ZipFile(fresh) as archive:
        dates = {info.date_time for info in archive.infolist()}
    assert dates == {datetime.fromtimestamp(1700000000, timezone.utc).timetuple()[:6]}


def test_the_cache_key_follows_what_goes_into_the_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    key = wheel.wheel_key()
    assert wheel.wheel_key() == key
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert wheel.wheel_key() != key, "the dates inside the archive change its bytes"


@pytest.mark.site
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_home_page_shows_the_install_line(lang: str) -> None:
    home = SITE / ("en" if lang == "en" else "") / "index.html"
    if not home.is_file():
        pytest.fail(f"no built home page at {home}: run `make site`")
    text = re.sub(r"<[^>]+>", "", home.read_text(encoding="utf-8"))
    url = _site.wheel_url(SimpleNamespace(site_url=site_url()))
    assert f"pip install {url}" in text
    assert f'pip install "nnnotes[plot] @ {url}"' in text.replace("&quot;", '"')
    assert "{{" not in text, "a placeholder was left on the page"
    assert not re.search(r"pip install nnnotes\b(?!\[)", text), "the name nnnotes on PyPI is someone else's"


def site_url() -> str:
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return match.group(1)
