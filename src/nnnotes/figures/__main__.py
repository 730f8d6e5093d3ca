"""``python -m nnnotes.figures OUT [--cache DIR] [--only NAME] [--lang LANG] [--jobs N] [--narrow] [--list]``.

Renders the registered figures into ``OUT/<lang>/<name>.svg`` (and, with
``--narrow``, their phone renderings ``<name>.narrow.svg``) with
`nnnotes.figures.render.build` and prints its manifest as JSON (the docs
build, ``hooks/render_figures.py``, reads it). ``--list`` prints every figure's name
and module instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nnnotes.figures import LANGUAGES, load_registry
from nnnotes.figures.render import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nnnotes.figures",
                                     description="Render the site's figures as SVG files.")
    parser.add_argument("out", type=Path, nargs="?", help="folder to write <lang>/<name>.svg into")
    parser.add_argument("--cache", type=Path, help="folder of SVGs keyed by source hash")
    parser.add_argument("--only", action="append", metavar="NAME", help="render only these figures")
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="languages (default: all)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="draw the figures in N worker processes (same files whatever N)")
    parser.add_argument("--narrow", action="store_true", help="also write each figure's phone rendering, <name>.narrow.svg")
    parser.add_argument("--list", action="store_true", help="list the registered figures and exit")
    args = parser.parse_args(argv)
    if args.list:
        for name, spec in load_registry().items():
            print(f"{name}\t{spec.module}")
        return 0
    if args.out is None:
        parser.error("the output folder OUT is required (or --list)")
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    try:
        manifest = build(args.out, args.cache, args.only, args.lang or LANGUAGES, jobs=args.jobs, narrow=args.narrow)
    except ValueError as error:
        parser.error(str(error))
    json.dump(manifest, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
