"""Rules taken out of a minified stylesheet (Material's), by the classes their selectors name."""

from __future__ import annotations

import re

# A string (with its backslash escapes) or a comment: skipped whole, whatever it holds.
_OPAQUE = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|/\*.*?\*/""", re.S)
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _skip(css: str, i: int) -> int:
    """Where the string or comment at ``i`` ends (``i`` itself if none starts there)."""
    if css[i] in "\"'" or css.startswith("/*", i):
        match = _OPAQUE.match(css, i)
        if match is None:
            raise ValueError(f"unterminated string or comment at character {i} of a stylesheet: {css[i:i + 60]!r}")
        return match.end()
    return i


def _rules(css: str):
    """Top-level ``(prelude, body)`` pairs of a stylesheet (``body`` None for ``@charset ...;``)."""
    i, start, n = 0, 0, len(css)
    while i < n:
        if (after := _skip(css, i)) != i:
            i = after
            continue
        char = css[i]
        if char == ";" and css[start:i].lstrip().startswith("@"):
            yield css[start:i + 1], None
            start = i = i + 1
            continue
        if char == "{":
            depth, j = 1, i + 1
            while depth:
                if j >= n:
                    raise ValueError(f"unbalanced braces in a stylesheet, from character {i}: {css[start:i + 60]!r}")
                if (after := _skip(css, j)) != j:
                    j = after
                    continue
                depth += {"{": 1, "}": -1}.get(css[j], 0)
                j += 1
            yield css[start:i], css[i + 1:j - 1]
            start = i = j
            continue
        i += 1
    if css[start:].strip():
        yield css[start:], None


def _selectors(prelude: str) -> list[tuple[str, list[int]]]:
    """The selectors of a list, each with the nesting depth (in parentheses) at each character."""
    parts, depths, depth, start = [], [], 0, 0
    for k, char in enumerate(prelude):
        if char == "," and depth == 0:
            parts.append((prelude[start:k], depths))
            depths, start = [], k + 1
            continue
        depth += {"(": 1, "[": 1}.get(char, 0)
        depths.append(depth)
        depth -= {")": 1, "]": 1}.get(char, 0)
    parts.append((prelude[start:], depths))
    return parts


def without_rules_for(css: str, prefixes: tuple[str, ...]) -> str:
    """``css`` without the selectors that name a class starting with one of ``prefixes``
    (a rule left with no selector goes, and so does an emptied @media or @supports).

    A class named inside a pseudo-class's parentheses (``:not(.x)``, ``:is(.x, .y)``) is a
    ValueError: dropping that selector could drop styling of elements that do exist."""
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
            # A comment in a prelude is no part of a selector: matched without, kept when nothing goes.
            selectors = _selectors(_COMMENT.sub("", prelude))
            kept = []
            for selector, depths in selectors:
                found = [m.start() for m in named.finditer(selector)]
                if any(depths[k] for k in found):
                    raise ValueError(f"a class starting with {prefixes} inside parentheses, in {selector!r}: drop it by hand")
                if not found:
                    kept.append(selector)
            if len(kept) == len(selectors):
                out.append(f"{prelude}{{{body}}}")
            elif kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)
