"""Where a page's load spends the main thread: a Chromium trace at a phone's CPU speed, summarised.

Loads a page of the built site (``site/``, or ``--site DIR``) in headless
Chromium at a phone's viewport with the CPU slowed ``--cpu`` times (4, as
Lighthouse's mobile profile), records a performance trace, and prints:

- every main-thread task of 50 ms or more, with the time it spent on style,
  layout, HTML parsing, paint and compiling JavaScript (V8's lazy compiles: a
  function compiled as it is first called), and what started it;
- inside those tasks, each style or layout pass of 3 ms or more, and, when a
  script forced it, the script's frames mapped through Material's source map
  (``assets/javascripts/bundle.*.min.js.map``) to its TypeScript source, for
  example ``browser/viewport/offset/index.ts:57 getViewportOffset``;
- the sum of the main thread's tasks, and of the part of each long task above
  50 ms after the first contentful paint (the quantity Lighthouse's TBT sums,
  here measured, not simulated).

It measures one load on this machine: compare two builds with several runs each
(``--runs``), on a quiet machine. The test suite never runs it.

    python benchmarks/page_trace.py en/normalization/xavier/ [--site site] [--runs 3] [--cpu 4]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from _chromium import chromium  # noqa: E402
from _site_server import SiteServer  # noqa: E402
from site_budget import require  # noqa: E402

CATEGORIES = ",".join((
    "devtools.timeline", "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.stack", "v8.execute", "loading", "blink.user_timing",
    "v8",  # V8.CompileCode: a function compiled on the main thread as it is first called
))
TASKS = ("RunTask", "ThreadControllerImpl::RunTask")
LONG_US = 50_000
PASS_US = 3_000


# ---- Material's source map --------------------------------------------------------------

_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _vlq(segment: str) -> list[int]:
    values, value, shift = [], 0, 0
    for char in segment:
        digit = _B64[char]
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(-(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    return values


class SourceMap:
    """The mappings of a version 3 source map: (line, column) of the generated file to source:line name."""

    def __init__(self, data: dict) -> None:
        self.sources, self.names = data["sources"], data.get("names", [])
        self.lines: list[list[tuple[int, int, int, int | None]]] = []
        source = line = column = name = 0
        for text in data["mappings"].split(";"):
            row, generated = [], 0
            for segment in filter(None, text.split(",")):
                fields = _vlq(segment)
                generated += fields[0]
                if len(fields) >= 4:
                    source, line, column = source + fields[1], line + fields[2], column + fields[3]
                    if len(fields) == 5:
                        name += fields[4]
                    row.append((generated, source, line, name if len(fields) == 5 else None))
            self.lines.append(row)

    def find(self, line: int, column: int) -> str | None:
        """The original place of a 0-based generated position, or None."""
        if not 0 <= line < len(self.lines):
            return None
        best = None
        for entry in self.lines[line]:
            if entry[0] > column:
                break
            best = entry
        if best is None:
            return None
        _, source, original, name = best
        path = self.sources[source].split("javascripts/")[-1].replace("node_modules/", "")
        return f"{path}:{original + 1}" + (f" {self.names[name]}" if name is not None else "")


def frame_text(frame: dict, site: Path, maps: dict[str, SourceMap | None]) -> str:
    url = frame.get("url", "")
    bundle = url.rsplit("/", 1)[-1] if "/assets/javascripts/bundle." in url else None
    if bundle is not None:
        if bundle not in maps:
            path = site / "assets" / "javascripts" / f"{bundle}.map"
            maps[bundle] = SourceMap(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else None
        if maps[bundle] is not None:  # trace frames count lines and columns from 1
            found = maps[bundle].find(frame.get("lineNumber", 1) - 1, frame.get("columnNumber", 1) - 1)
            if found:
                return found
    return f"{url.rsplit('/', 1)[-1] or '(page)'}:{frame.get('lineNumber')} {frame.get('functionName') or ''}".strip()


# ---- one traced load -------------------------------------------------------------------


@dataclass
class Load:
    tasks_ms: float
    blocking_ms: float
    lines: list[str]


def trace(url: str, cpu: float) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True, has_touch=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        events: list[dict] = []
        finished: list[bool] = []
        cdp.on("Tracing.dataCollected", lambda params: events.extend(params["value"]))
        cdp.on("Tracing.tracingComplete", lambda params: finished.append(True))
        cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
        page.goto(url, wait_until="load")
        page.wait_for_timeout(4000)  # Material's late work: tooltips, the search worker
        cdp.send("Tracing.end")
        while not finished:
            page.wait_for_timeout(50)
        browser.close()
    return events


def summarise(events: list[dict], site: Path) -> Load:
    threads = {(e["pid"], e["tid"]) for e in events if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    counts: dict[tuple, int] = {}
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if key in threads:
            counts[key] = counts.get(key, 0) + 1
    main = max(counts, key=counts.get)
    timed = sorted((e for e in events if (e.get("pid"), e.get("tid")) == main and e.get("ph") == "X"), key=lambda e: e["ts"])
    start = min(e["ts"] for e in events if e.get("name") == "navigationStart")
    fcp = next((e["ts"] for e in events if e.get("name") == "firstContentfulPaint"), start)
    maps: dict[str, SourceMap | None] = {}
    lines = [f"first contentful paint at {(fcp - start) / 1000:.0f} ms"]
    tasks_us = blocking_us = 0.0
    for task in (e for e in timed if e["name"] in TASKS):
        tasks_us += task["dur"]
        if task["dur"] < LONG_US:
            continue
        if task["ts"] >= fcp:
            blocking_us += task["dur"] - LONG_US
        inside = [e for e in timed if task["ts"] <= e["ts"] and e["ts"] + e.get("dur", 0) <= task["ts"] + task["dur"] and e is not task]
        spent = {name: sum(e["dur"] for e in inside if e["name"] == name) / 1000
                 for name in ("UpdateLayoutTree", "Layout", "ParseHTML", "Paint", "V8.CompileCode")}
        causes = []
        for e in inside:
            if e["name"] in ("EvaluateScript", "FunctionCall", "EventDispatch", "TimerFire", "FireAnimationFrame") and len(causes) < 3:
                data = e["args"].get("data", {})
                what = data.get("type") or data.get("url", "").rsplit("/", 1)[-1] or data.get("functionName", "")
                causes.append(f"{e['name']}({what})" if what else e["name"])
        lines.append(
            f"task at {(task['ts'] - start) / 1000:6.0f} ms: {task['dur'] / 1000:5.0f} ms  style {spent['UpdateLayoutTree']:4.0f}"
            f"  layout {spent['Layout']:4.0f}  parse {spent['ParseHTML']:4.0f}  paint {spent['Paint']:3.0f}"
            f"  compile {spent['V8.CompileCode']:3.0f}  | {', '.join(causes)}"
        )
        for e in inside:
            if e["name"] in ("UpdateLayoutTree", "Layout") and e["dur"] >= PASS_US:
                begin = e["args"].get("beginData", {})
                stack = begin.get("stackTrace") or e["args"].get("data", {}).get("stackTrace") or []
                where = " < ".join(frame_text(f, site, maps) for f in stack[:4]) if stack else "(by the browser, not forced)"
                kind = "style " if e["name"] == "UpdateLayoutTree" else "layout"
                lines.append(f"    {kind} {e['dur'] / 1000:5.1f} ms  {where}")
    return Load(tasks_us / 1000, blocking_us / 1000, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("page", help="a page of the site, e.g. en/normalization/xavier/ ('' for the home page)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--runs", type=int, default=1, help="loads to trace; the details are the median load's")
    parser.add_argument("--cpu", type=float, default=4.0, help="CPU slowdown (default 4, Lighthouse's mobile profile)")
    args = parser.parse_args()
    require(args.site, args.runs)
    with SiteServer(args.site) as server:
        loads = [summarise(trace(server.url(args.page), args.cpu), args.site) for _ in range(args.runs)]
    loads.sort(key=lambda load: load.tasks_ms)
    median = loads[(len(loads) - 1) // 2]
    print("\n".join(median.lines))
    print(f"\nmain-thread tasks: {', '.join(f'{load.tasks_ms:.0f}' for load in loads)} ms "
          f"(median {statistics.median(load.tasks_ms for load in loads):.0f})")
    print(f"long tasks' time over 50 ms after FCP: {', '.join(f'{load.blocking_ms:.0f}' for load in loads)} ms "
          f"(median {statistics.median(load.blocking_ms for load in loads):.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
