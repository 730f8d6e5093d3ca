"""Keep the search index small, since every page downloads it.

- Labs are left out of the index: their text repeats the chapter pages, and
  their code cells are long. (Pages can opt out the same way with the front
  matter ``search: {exclude: true}``; the API reference does.)
- The index is written as UTF-8 instead of ``\\uXXXX`` escapes: Persian text
  takes half the bytes (about 10 KB less after gzip).
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(".ipynb"):
        page.meta.setdefault("search", {})["exclude"] = True
    return markdown


@event_priority(-200)  # after the i18n plugin has written the index of every language
def on_post_build(config):
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
