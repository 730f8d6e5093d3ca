"""tests/_chromium.py: the order in which the browser tests look for Chromium, and the message
when none works. Fake browsers are shell scripts in a temporary PATH."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

import _chromium
from _chromium import ChromiumNotFound, find_chromium

WORKS = '#!/bin/sh\necho "<html><head></head><body></body></html>"\n'
SNAP_STUB = '#!/bin/sh\necho "Command \'/usr/bin/chromium-browser\' requires the chromium snap to be installed." >&2\nexit 1\n'


def fake(folder: Path, name: str, script: str) -> Path:
    path = folder / name
    path.write_text(script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(_chromium, "_playwright_executable", lambda: (None, "playwright is not installed in this Python"))
    return folder


def test_chromium_variable_comes_first(bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake(bin_dir, "chromium", WORKS)
    mine = fake(tmp_path, "my-chrome", WORKS)
    monkeypatch.setenv("CHROMIUM", str(mine))
    assert find_chromium() == str(mine)


def test_path_names_in_order_skipping_one_that_does_not_start(bin_dir: Path) -> None:
    fake(bin_dir, "chromium", SNAP_STUB)
    fake(bin_dir, "google-chrome", WORKS)
    assert find_chromium() == str(bin_dir / "google-chrome")
    fake(bin_dir, "chromium-browser", WORKS)
    assert find_chromium() == str(bin_dir / "chromium-browser")


def test_playwright_browser_last(bin_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = fake(tmp_path, "chrome", WORKS)
    monkeypatch.setattr(_chromium, "_playwright_executable", lambda: (str(theirs), ""))
    assert find_chromium() == str(theirs)
    fake(bin_dir, "chromium", WORKS)
    assert find_chromium() == str(bin_dir / "chromium")


def test_none_works_one_message_names_what_was_tried_and_the_three_ways(
        bin_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake(bin_dir, "chromium", SNAP_STUB)
    monkeypatch.setenv("CHROMIUM", "/no/such/chrome")
    monkeypatch.setattr(_chromium, "_playwright_executable", lambda: ("/no/such/playwright/chrome", ""))
    with pytest.raises(ChromiumNotFound) as caught:
        find_chromium()
    message = str(caught.value)
    assert "$CHROMIUM=/no/such/chrome: not found" in message
    assert f"chromium on PATH ({bin_dir / 'chromium'}): exit status 1: Command" in message
    assert "requires the chromium snap" in message
    assert "chromium-browser on PATH: not on PATH" in message
    assert "Playwright's Chromium: not installed (/no/such/playwright/chrome is missing)" in message
    assert "1. set CHROMIUM" in message
    assert "2. put chromium, chromium-browser or google-chrome on PATH" in message
    assert "3. python -m playwright install chromium" in message
