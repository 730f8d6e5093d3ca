"""Rules taken out of a minified stylesheet (Material's), by the classes their selectors name."""

from __future__ import annotations

import re


def _rules(css: str):
    """Top-level ``(prelude, body)`` pairs of a stylesheet (``body`` None for ``@charset ...;``)."""
    i, start, n = 0, 0, len(css)
    while i < n:
        char = css[i]
        if char in "\"'":
            i = css.index(char, i + 1) + 1
            continue
        if char == ";" and css[start:i].lstrip().startswith("@"):
            yield css[start:i + 1], None
            start = i = i + 1
            continue
        if char == "{":
            depth, j = 1, i + 1
            while depth:
                c = css[j]
                if c in "\"'":
                    j = css.index(c, j + 1) + 1
                    continue
                depth += {"{": 1, "}": -1}.get(c, 0)
                j += 1
            yield css[start:i], css[i + 1:j - 1]
            start = i = j
            continue
        i += 1
    if css[start:].strip():
        yield css[start:], None


def _selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for k, char in enumerate(prelude):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:k])
            start = k + 1
    parts.append(prelude[start:])
    return parts


def without_rules_for(css: str, prefixes: tuple[str, ...]) -> str:
    """``css`` without the selectors that name a class starting with one of ``prefixes``
    (a rule left with no selector goes, and so does an emptied @media or @supports)."""
    named = re.compile(r"\.(?:" + "|".join(map(re.escape, prefixes)) + ")")
    out = []
    for prelude, body in _rules(css):
        if body is None:
            out.append(prelude)
        elif prelude.lstrip().startswith(("@media", "@supports")):
            inner = without_rules_for(body, prefixes)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.lstrip().startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            kept = [s for s in _selectors(prelude) if not named.search(s)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)
