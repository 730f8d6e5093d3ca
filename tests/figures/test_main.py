"""nnnotes.figures.__main__: the command ``python -m nnnotes.figures`` that the docs build runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nnnotes.figures.__main__ import main


def test_list_prints_every_figure_and_its_module(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    rows = dict(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert rows["zero-init"] == "nnnotes.plotting.gradients.zero_init"
    assert rows["sigmoid-derivative"] == "nnnotes.plotting.activations"


def test_the_command_writes_the_svgs_and_prints_the_manifest(tmp_path: Path) -> None:
    """Run as the docs hook runs it: a fresh interpreter, OUT and --cache (here one figure, one language)."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-m", "nnnotes.figures", str(out), "--cache", str(cache),
               "--only", "sigmoid-derivative", "--lang", "en"]
    first = subprocess.run(command, capture_output=True, text=True, check=True)
    manifest = json.loads(first.stdout)
    assert list(manifest) == ["en/sigmoid-derivative"] and manifest["en/sigmoid-derivative"]["drawn"] is True
    svg = (out / "en" / "sigmoid-derivative.svg").read_bytes()
    assert svg.startswith(b"<?xml") and len(svg) == manifest["en/sigmoid-derivative"]["bytes"]
    assert (cache / f"{manifest['en/sigmoid-derivative']['key']}.svg").read_bytes() == svg
    again = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    assert again["en/sigmoid-derivative"]["drawn"] is False


def test_an_unknown_figure_fails_with_its_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path), "--only", "no-such-figure"])
    assert exit_info.value.code != 0
    assert "no-such-figure" in capsys.readouterr().err


def test_out_is_required_unless_listing(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code != 0
    assert "OUT" in capsys.readouterr().err
