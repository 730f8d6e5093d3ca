"""Audit every page of the built site with Lighthouse (mobile) and axe-core; print one table.

The site (``site/``, or ``--site DIR``) is served the way GitHub Pages serves it:
gzip, on 127.0.0.1 under ``/nnnotes/`` (``tests/_site_server.py``). Each page
gets ``--runs`` Lighthouse runs (default 3; the run with the median performance
score is reported, for an even count the lower middle one) on Lighthouse's
default mobile profile (simulated slow 4G and 4x CPU slowdown) with the
Chromium the browser tests use (``tests/_chromium.py``), and axe-core runs
in headless Chromium through Playwright, at 1,280 px and at a phone's 412 px.

Beside the site's pages it audits an *anchor*: a stock mkdocs-material site,
built here into ``.cache/budget-anchor`` from the English vanishing-gradients
page's own Markdown (figures left out, math left as TeX, Material's default
features and search). Its score is the yardstick of the same run, so the
ratio can be read on any machine. Aims per page:

    performance >= 0.95 and >= the anchor's minus 0.03, TBT <= 150 ms,
    accessibility = best practices = SEO = 1.0,
    at most 200 KB transferred (250 KB for labs; fonts, math and figures included),
    no layout shift (CLS 0), no axe-core violation of any impact.

Lighthouse 12.2.3 and axe-core are installed with npm into
``.cache/budget-node`` on the first run (Node 20 is enough). This prints its
figures and does not time anything in the test suite; ``--strict`` makes it
exit with status 1 when a page misses an aim.

    python benchmarks/site_budget.py [--site site] [--only errata] [--runs 3] [--strict]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from _chromium import ChromiumNotFound, chromium  # noqa: E402
from _site_server import SiteServer, site_pages  # noqa: E402

NODE_DIR = ROOT / ".cache" / "budget-node"
NODE_PACKAGES = ("lighthouse@12.2.3", "axe-core@4.10.3")
LIGHTHOUSE = NODE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
AXE = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ANCHOR_DIR = ROOT / ".cache" / "budget-anchor"
ANCHOR_SOURCE = ROOT / "docs" / "en" / "gradients" / "vanishing-gradients.md"
ANCHOR = "(anchor) stock Material"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --run-all-compositor-stages-before-draw"
)
CHROME_LAUNCHER_FLAGS = NODE_DIR / "node_modules" / "chrome-launcher" / "dist" / "flags.js"


@functools.cache
def chrome_flags() -> str:
    """The Chromium flags of every Lighthouse run: ours, and one --disable-features.

    Headless Chromium often showed a page's first paint one or two whole seconds late
    (observed FCP 1.2 or 2.2 s for a page Playwright sees painted by 0.3 s, at random),
    and Lantern counts every task before the observed FCP into the simulated one, so a
    page's score moved by up to 0.16 between two runs. Two flags are against it:

    - --run-all-compositor-stages-before-draw (one of headless' deterministic-rendering
      switches): the renderer's compositor waits for a frame's commit and activation
      before it draws, instead of pipelining them. Without it, viz stopped offering
      BeginFrames to the renderer while its frames were left undrawn, then offered one a
      second (Lighthouse's trace: the first frame committed at 0.25 s, nothing drawn
      until 1.22 s; GoogleChrome/lighthouse#17148). With both flags, 10 of 10 runs of
      /en/gradients/q2c/ were painted at 0.20-0.36 s; with PaintHolding off alone, 4 of 4
      came at 1.19-1.23 s (benchmarks/site-notes.md). It changes the renderer's
      scheduling against Chrome on a real phone; the anchor runs under the same flags.
    - PaintHolding off, which holds a same-origin navigation's first paint back.
      Chromium keeps only the last --disable-features it is given, and chrome-launcher
      (Lighthouse's) passes one of its own first: ours repeats its list (read from the
      installed chrome-launcher) and adds PaintHolding, so none of its features comes back on.

    An honest first paint moves work from one metric to another: the tasks that came
    before the late paint now count into the total blocking time instead of into FCP,
    so figures measured before this flag (commit 6919dd9) are not comparable with later ones.
    """
    script = (f"import({json.dumps(CHROME_LAUNCHER_FLAGS.as_uri())}).then(m => console.log("
              "m.DEFAULT_FLAGS.find(f => f.startsWith('--disable-features=')) || ''))")
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True)
    launcher = done.stdout.strip() if done.returncode == 0 else ""
    if not launcher:
        sys.exit(f"could not read chrome-launcher's --disable-features from {CHROME_LAUNCHER_FLAGS}: {done.stderr.strip()[-300:]}")
    return f"{CHROME_FLAGS} {launcher},PaintHolding"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AIMS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
BELOW_ANCHOR = 0.03  # performance may be at most this much below the anchor's
MAX_TBT_MS = 150
MAX_KB = 200
MAX_KB_LAB = 250


def is_lab(page: str) -> bool:
    return page.rstrip("/").endswith("/lab") or page.endswith("lab.html")


@dataclass
class Result:
    page: str
    scores: dict[str, float] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)  # fcp, lcp, tbt (ms), kb, dom, cls
    failing: list[str] = field(default_factory=list)  # Lighthouse audits that cost points
    axe: list[str] = field(default_factory=list)  # axe-core violations, any impact

    def metric(self, name: str) -> float:
        return self.metrics.get(name, float("nan"))

    def misses(self, anchor: Result | None) -> list[str]:
        aims = dict(AIMS)
        if anchor is not None and anchor is not self and "performance" in anchor.scores:
            aims["performance"] = max(aims["performance"], round(anchor.scores["performance"] - BELOW_ANCHOR, 2))
        missed = [f"{c} {self.scores.get(c, 0):.2f} < {aim:.2f}" for c, aim in aims.items() if self.scores.get(c, 0) < aim]
        if not self.metric("tbt") <= MAX_TBT_MS:
            missed.append(f"TBT {self.metric('tbt'):.0f} ms")
        limit = MAX_KB_LAB if is_lab(self.page) else MAX_KB
        if not self.metric("kb") <= limit:
            missed.append(f"{self.metric('kb'):.0f} KB > {limit}")
        if not self.metric("cls") == 0:
            missed.append(f"CLS {self.metric('cls'):.3f}")
        if self.axe:
            missed.append(f"axe {len(self.axe)}")
        return missed


def install_node_tools() -> None:
    if LIGHTHOUSE.is_file() and AXE.is_file():
        return
    if shutil.which("npm") is None:
        sys.exit("npm is missing: install Node.js 20 (apt-get install nodejs npm)")
    print(f"installing {', '.join(NODE_PACKAGES)} into {NODE_DIR.relative_to(ROOT)} ...", file=sys.stderr)
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", "--loglevel=error", *NODE_PACKAGES],
        check=True,
    )


# ---- the anchor: a stock Material page with the same text -------------------------------

_ANCHOR_CONFIG = """\
site_name: anchor
site_url: https://example.invalid/nnnotes/
theme:
  name: material
plugins:
  - search
markdown_extensions:
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.superfences
"""


def build_anchor() -> Path:
    """Build the stock Material anchor site (once per source text) and return its folder."""
    text = ANCHOR_SOURCE.read_text(encoding="utf-8")
    text = re.sub(r"^---\n.*?\n---\n", "", text, count=1, flags=re.S)  # front matter
    text = re.sub(r"^!\[[^\]]*\]\([^)]*\)\s*$", "", text, flags=re.M)  # figures
    text = re.sub(r"\]\((?!https?:)[^)]*\)", "](#)", text)  # links to other pages of the site
    text = text.replace("!!! erratum", "!!! warning")
    docs = ANCHOR_DIR / "docs"
    site = ANCHOR_DIR / "site"
    stamp = ANCHOR_DIR / "source.md"
    if (site / "index.html").is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == text:
        return site
    shutil.rmtree(ANCHOR_DIR, ignore_errors=True)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(text, encoding="utf-8")
    (ANCHOR_DIR / "mkdocs.yml").write_text(_ANCHOR_CONFIG, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(ANCHOR_DIR / "mkdocs.yml"), "--site-dir", str(site)],
        check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    stamp.write_text(text, encoding="utf-8")
    return site


# ---- Lighthouse and axe-core ---------------------------------------------------------------

def _lighthouse_once(url: str) -> dict | str:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--chrome-flags={chrome_flags()}", f"--only-categories={','.join(CATEGORIES)}"],
            env={**os.environ, "CHROME_PATH": chromium()}, capture_output=True, text=True,
        )
        if done.returncode != 0 or not report.is_file():
            return f"lighthouse failed: {done.stderr.strip()[-300:]}"
        return json.loads(report.read_text(encoding="utf-8"))


def lighthouse(url: str, result: Result, runs: int, keep: Path | None = None) -> None:
    reports = []
    for _ in range(runs):
        data = _lighthouse_once(url)
        if isinstance(data, str):
            result.failing.append(data)
            return
        reports.append(data)
    reports.sort(key=lambda d: d["categories"]["performance"]["score"] or 0.0)
    data = reports[(len(reports) - 1) // 2]  # the lower median
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        name = "anchor" if result.page == ANCHOR else (result.page.strip("/").replace("/", "_") or "index")
        (keep / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    audits = data["audits"]
    for name in CATEGORIES:
        category = data["categories"][name]
        result.scores[name] = category["score"] or 0.0
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or f"score {audit['score']:.2f}"
                result.failing.append(f"{name}: {ref['id']} ({shown})")
    result.metrics = {
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "dom": audits["dom-size"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


#: axe-core looks at each page at a desktop's width and at a phone's (Lighthouse's mobile
#: viewport): some of what it checks changes with the width (a table's box scrolls only
#: in a narrow window; the navigation is a drawer below 76.25 em).
AXE_VIEWPORTS = ((1280, 720), (412, 823))


def axe_all(urls: list[tuple[Result, str]]) -> None:
    from playwright.sync_api import sync_playwright

    script = AXE.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        for width, height in AXE_VIEWPORTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            for result, url in urls:
                page.goto(url, wait_until="load")
                page.add_script_tag(content=script)
                violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
                result.axe += [f"{v['id']} at {width} px ({v['impact']}, {len(v['nodes'])}x: {v['nodes'][0]['target']})" for v in violations]
            page.close()
        browser.close()


def _row(r: Result) -> str:
    s, m = r.scores, r.metric
    name = r.page if r.page == ANCHOR else f"/{r.page}"
    return (
        f"| {name} | {s.get('performance', float('nan')):.2f} | {m('fcp'):.0f} | {m('lcp'):.0f} | {m('tbt'):.0f} | "
        f"{m('kb'):.0f} | {m('dom'):.0f} | {s.get('accessibility', float('nan')):.2f} | {s.get('best-practices', float('nan')):.2f} | "
        f"{s.get('seo', float('nan')):.2f} | {m('cls'):.3f} | {len(r.axe)} |"
    )


def require(site: Path, runs: int) -> None:
    """Exit with a message unless ``site`` is a built site, ``runs`` at least 1, and a Chromium starts."""
    if not (site / "index.html").is_file():
        sys.exit(f"no built site in {site}: run `make site` first")
    if runs < 1:
        sys.exit("--runs must be at least 1")
    try:
        chromium()
    except ChromiumNotFound as error:
        sys.exit(str(error))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--only", nargs="*", default=[], help="audit only pages whose path contains one of these")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3; the median run is kept, the lower middle one for an even count)")
    parser.add_argument("--no-anchor", action="store_true", help="do not build and audit the stock Material anchor page")
    parser.add_argument("--no-lighthouse", action="store_true", help="run axe-core only")
    parser.add_argument("--keep", type=Path, help="save each page's reported Lighthouse run (JSON) in this folder")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a page misses an aim")
    args = parser.parse_args()

    require(args.site, args.runs)
    install_node_tools()
    pages = [p for p in site_pages(args.site) if not args.only or any(o in p for o in args.only)]
    results = [Result(page) for page in pages]
    anchor = None if args.no_anchor else Result(ANCHOR)
    with SiteServer(args.site) as server:
        urls = [(r, server.url(r.page)) for r in results]
        anchor_server = SiteServer(build_anchor()) if anchor is not None else None
        try:
            if anchor is not None:
                urls.insert(0, (anchor, anchor_server.url("")))
            if not args.no_lighthouse:
                for result, url in urls:
                    lighthouse(url, result, args.runs, args.keep)
                    name = result.page if result is anchor else f"/{result.page}"
                    print(f"  lighthouse {name}: " + " ".join(f"{result.scores.get(c, 0):.2f}" for c in CATEGORIES), file=sys.stderr)
            axe_all(urls)
        finally:
            if anchor_server is not None:
                anchor_server.stop()

    shown = ([anchor] if anchor is not None else []) + results
    print("\n| page | perf | FCP ms | LCP ms | TBT ms | KB | DOM | a11y | bp | seo | CLS | axe |\n|" + "---|" * 12)
    for r in shown:
        print(_row(r))
    perf_aim = f">= {AIMS['performance']}" + (f" and >= anchor - {BELOW_ANCHOR}" if anchor is not None else "")
    print(f"\naims: perf {perf_aim}, TBT <= {MAX_TBT_MS} ms, a11y/bp/seo 1.0, <= {MAX_KB} KB "
          f"(labs {MAX_KB_LAB}), CLS 0, no axe-core violation")
    if args.no_lighthouse:
        missed = [r for r in results if r.axe]
    else:
        missed = [r for r in results if r.misses(anchor)]
    if not missed:
        print("every page meets every aim")
        return 0
    for r in missed:
        print(f"\n/{r.page} misses: {', '.join(r.misses(anchor)) if not args.no_lighthouse else 'axe'}")
        for line in r.failing + [f"axe: {a}" for a in r.axe]:
            print(f"  - {line}")
    return 1 if args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
