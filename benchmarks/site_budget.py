"""Audit every page of the built site with Lighthouse (mobile) and axe-core; print one table.

The site (``site/``, or ``--site DIR``) is served the way GitHub Pages serves it:
gzip, on 127.0.0.1 under ``/nnnotes/`` (``tests/_site_server.py``). Each page
gets a Lighthouse run on its default mobile profile (simulated slow 4G and
4x CPU slowdown) with the Chromium the browser tests use (``tests/_chromium.py``), and an axe-core run in headless
Chromium through Playwright. Aims per page:

    performance >= 0.98, accessibility = best practices = SEO = 1.0,
    at most 250 KB transferred (fonts, math and figures included),
    no layout shift (CLS 0), no serious or critical axe-core violation.

Lighthouse 12.2.3 and axe-core are installed with npm into
``.cache/budget-node`` on the first run (Node 20 is enough). This prints its
figures and does not time anything in the test suite; ``--strict`` makes it
exit with status 1 when a page misses an aim.

    python benchmarks/site_budget.py [--site site] [--only errata] [--strict]
"""

from __future__ import annotations

import argparse
import json
import os
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
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
AIMS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
MAX_KB = 250


@dataclass
class Result:
    page: str
    scores: dict[str, float] = field(default_factory=dict)
    kb: float = float("nan")
    cls: float = float("nan")
    failing: list[str] = field(default_factory=list)  # Lighthouse audits that cost points
    axe: list[str] = field(default_factory=list)  # serious/critical axe-core rules

    def misses(self) -> list[str]:
        missed = [f"{c} {self.scores.get(c, 0):.2f}" for c, aim in AIMS.items() if self.scores.get(c, 0) < aim]
        if not self.kb <= MAX_KB:
            missed.append(f"{self.kb:.0f} KB")
        if not self.cls == 0:
            missed.append(f"CLS {self.cls:.3f}")
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


def lighthouse(url: str, result: Result, keep: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             f"--chrome-flags={CHROME_FLAGS}", f"--only-categories={','.join(CATEGORIES)}"],
            env={**os.environ, "CHROME_PATH": chromium()}, capture_output=True, text=True,
        )
        if done.returncode != 0 or not report.is_file():
            result.failing.append(f"lighthouse failed: {done.stderr.strip()[-300:]}")
            return
        data = json.loads(report.read_text(encoding="utf-8"))
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(report, keep / ((result.page.strip("/").replace("/", "_") or "index") + ".json"))
    audits = data["audits"]
    for name in CATEGORIES:
        category = data["categories"][name]
        result.scores[name] = category["score"] or 0.0
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or f"score {audit['score']:.2f}"
                result.failing.append(f"{name}: {ref['id']} ({shown})")
    result.kb = audits["total-byte-weight"]["numericValue"] / 1024
    result.cls = audits["cumulative-layout-shift"]["numericValue"]


def axe_all(server: SiteServer, results: list[Result]) -> None:
    from playwright.sync_api import sync_playwright

    script = AXE.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page()
        for result in results:
            page.goto(server.url(result.page), wait_until="load")
            page.add_script_tag(content=script)
            violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
            result.axe = [
                f"{v['id']} ({v['impact']}, {len(v['nodes'])}x: {v['nodes'][0]['target']})"
                for v in violations if v["impact"] in ("serious", "critical")
            ]
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--only", nargs="*", default=[], help="audit only pages whose path contains one of these")
    parser.add_argument("--no-lighthouse", action="store_true", help="run axe-core only")
    parser.add_argument("--keep", type=Path, help="save each page's Lighthouse report (JSON) in this folder")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 when a page misses an aim")
    args = parser.parse_args()

    if not (args.site / "index.html").is_file():
        sys.exit(f"no built site in {args.site}: run `make site` first")
    try:
        chromium()
    except ChromiumNotFound as error:
        sys.exit(str(error))
    install_node_tools()
    pages = [p for p in site_pages(args.site) if not args.only or any(o in p for o in args.only)]
    results = [Result(page) for page in pages]
    with SiteServer(args.site) as server:
        if not args.no_lighthouse:
            for result in results:
                lighthouse(server.url(result.page), result, args.keep)
                print(f"  lighthouse /{result.page}: " + " ".join(f"{result.scores.get(c, 0):.2f}" for c in CATEGORIES), file=sys.stderr)
        axe_all(server, results)

    print(f"\n| page | perf | a11y | bp | seo | KB | CLS | axe serious/critical |\n|{'---|' * 8}")
    for r in results:
        s = r.scores
        print(
            f"| /{r.page} | {s.get('performance', float('nan')):.2f} | {s.get('accessibility', float('nan')):.2f} | "
            f"{s.get('best-practices', float('nan')):.2f} | {s.get('seo', float('nan')):.2f} | {r.kb:.0f} | {r.cls:.3f} | {len(r.axe)} |"
        )
    missed = [r for r in results if r.misses() and not (args.no_lighthouse and not r.axe)]
    aims = f"perf >= {AIMS['performance']}, a11y/bp/seo 1.0, <= {MAX_KB} KB, CLS 0, no serious/critical axe violation"
    print(f"\naims: {aims}")
    if not missed:
        print("every page meets every aim")
        return 0
    for r in missed:
        print(f"\n/{r.page} misses: {', '.join(r.misses()) if not args.no_lighthouse else 'axe'}")
        for line in r.failing + [f"axe: {a}" for a in r.axe]:
            print(f"  - {line}")
    return 1 if args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
