"""What the site's hooks share, and the order in which they run.

The hooks are the modules listed under ``hooks:`` in ``mkdocs.yml``; mkdocs
loads each as a plugin, with ``hooks/`` on the import path, so each says
``import _site`` (and ``import _text`` for reading Markdown sources) and takes
from here:

- the language of a page or of a build (`page_language`, `build_language`),
  and the direction each language is written in;
- every string a hook shows to readers, both languages side by side (`UI`,
  read with `ui`);
- the cache folder (`CACHE`) and the one hash that says "the library changed"
  (`source_hash`);
- the name and address of the library's wheel (`wheel_name`, `wheel_url`);
- the order of events (`EVENTS`), checked against the hooks' code by
  ``tests/test_hooks.py``.

How a build runs
----------------
mkdocs-static-i18n makes one ``mkdocs build`` into one build per language:
the default language (Persian, at the site root) first, then, from inside its
``on_post_build`` (priority -100), a nested build of English (under ``en/``)
with the same config object. So every event runs once per language, and an
``on_post_build`` of lower priority than -100 runs twice: at the end of the
nested English build, and once more when every language is written. Work that
must happen once per ``mkdocs build`` checks `top_level_build`. Events run
by priority, highest first; at equal priority, plugins come before hooks and
hooks run in the order of ``hooks:``.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "src" / "nnnotes"
#: Everything the build keeps between runs (figures, executed labs, the wheel, the math font).
CACHE = ROOT / ".cache"

LANGS = ("fa", "en")
DEFAULT_LANG = "fa"
DIRECTION = {"fa": "rtl", "en": "ltr"}


# ---- languages --------------------------------------------------------------------------------


def page_language(page) -> str:
    """The language a page is written in: the folder of its source (``docs/fa/...``, ``docs/en/...``).

    Every page exists in both languages (``tests/test_docs.py``), so this is also
    the language of the build that renders it.
    """
    return file_language(page.file)


def file_language(file) -> str:
    """The language folder a documentation file comes from (see `page_language`)."""
    lang = getattr(file, "localization", None) or file.src_uri.split("/", 1)[0]
    if lang not in LANGS:
        raise PluginError(f"{file.src_uri}: not in a language folder ({', '.join(LANGS)})")
    return lang


def build_language(config) -> str:
    """The language being built, for events that have no page (``on_files``, templates)."""
    i18n = config.plugins.get("i18n")
    return i18n.current_language if i18n is not None and i18n.current_language else DEFAULT_LANG


def top_level_build(config) -> bool:
    """False inside the nested builds of the other languages: once-per-build work checks this."""
    i18n = config.plugins.get("i18n")
    return i18n is None or not getattr(i18n, "building", False)


# ---- what readers see ---------------------------------------------------------------------------

#: Every string the hooks put in front of readers; ``{}`` is filled in by the hook.
UI: dict[str, dict[str, str]] = {
    # hooks/errata.py: the errata table
    "errata.answer": {"en": "Answer", "fa": "پاسخ"},
    "errata.sheet": {"en": "The sheet says", "fa": "برگه می‌گوید"},
    "errata.right": {"en": "What is right", "fa": "درستش این است"},
    "errata.where": {"en": "Where", "fa": "کجا"},
    "errata.none": {"en": "No page marks a correction yet.", "fa": "هنوز هیچ صفحه‌ای اصلاحی را علامت نزده است."},
    # hooks/glossary.py: the glossary table's header
    "glossary.term": {"en": "Term", "fa": "اصطلاح"},
    "glossary.other": {"en": "Persian", "fa": "انگلیسی"},
    "glossary.meaning": {"en": "Meaning", "fa": "معنا"},
    # hooks/notebooks.py: labs
    "lab.plot_alt": {
        "en": "Plot drawn by the code above, in the lab section “{}”",
        "fa": "نمودارِ رسم‌شده با کد بالا در بخش «{}» این آزمایشگاه",
    },
    "lab.download": {"en": "Download this lab as a notebook (.ipynb)", "fa": "دریافت این آزمایشگاه به‌صورت نوت‌بوک (ipynb.)"},
    # hooks/reader.py: the copy button of a code block (Material's own words for it) ...
    "code.copy": {"en": "Copy to clipboard", "fa": "کپی کردن"},
    # ... the title of a heading's permalink (the toc extension's is English on every page) ...
    "heading.link": {"en": "Link to this section", "fa": "پیوند به این بخش"},
    # ... the accessible name of Material's search dialog ...
    "search.name": {"en": "Search", "fa": "جستجو"},
    # ... and of a table's box when it scrolls sideways (overrides/main.html names it then):
    # {} is the section it is in (its heading, and the API reference's "Parameters" or the like)
    "table.name": {"en": "Table in “{}”, scrolls sideways", "fa": "جدول بخش «{}»، قابل پیمایش افقی"},
    "table.name_alone": {"en": "Table, scrolls sideways", "fa": "جدول، قابل پیمایش افقی"},
    # hooks/snippets.py: above a block that continues another ([...] links to the block above) ...
    "snippets.continues": {
        "en": "Continues [the code above]; the copy button copies that too.",
        "fa": "ادامه‌ی [کد بالا]؛ دکمه‌ی کپی آن را هم کپی می‌کند.",
    },
    # ... under an answer page's title ({} is the script's link) ...
    "snippets.script": {
        "en": "All the Python of this page in one file, to run top to bottom: {}",
        "fa": "همه‌ی کد پایتون این صفحه در یک فایل، برای اجرا از بالا تا پایین: {}",
    },
    # ... and at the top of that script.
    "snippets.script_about": {
        "en": "Every Python block of this page, in page order; it runs top to bottom.",
        "fa": "همه‌ی بلوک‌های پایتون این صفحه، به ترتیب صفحه؛ از بالا تا پایین اجرا می‌شود.",
    },
    "snippets.script_needs": {
        "en": "It needs numpy and the nnnotes library, which this installs:",
        "fa": "به numpy و کتابخانه‌ی nnnotes نیاز دارد؛ این فرمان هر دو را نصب می‌کند:",
    },
}


def ui(key: str, lang: str) -> str:
    """The reader-facing string ``key`` in ``lang``."""
    try:
        return UI[key][lang]
    except KeyError:
        raise KeyError(f"no UI string {key!r} in {lang!r}; add it to UI in hooks/_site.py") from None


# ---- caches and the library --------------------------------------------------------------------


def kept(kind: str, key: bytes, make: Callable[[], bytes]) -> bytes:
    """``make()``, computed once for ``key`` and kept in ``.cache/<kind>/`` for later builds.

    For work whose result depends only on ``key``: the caller puts in it everything the
    result depends on (the input, and the code and library versions that turn it into
    the result). The file is written whole or not at all, so a build stopped half way
    leaves nothing half written.
    """
    data = recall(kind, key)
    if data is None:
        data = make()
        remember(kind, key, data)
    return data


def _kept_path(kind: str, key: bytes) -> Path:
    return CACHE / kind / hashlib.sha256(key).hexdigest()[:32]


def recall(kind: str, key: bytes) -> bytes | None:
    """What `remember` kept for ``key`` in ``.cache/<kind>/``, or None (`kept`, split for
    a caller that must know whether the work was done: it has side effects to repeat)."""
    path = _kept_path(kind, key)
    return path.read_bytes() if path.is_file() else None


def remember(kind: str, key: bytes, data: bytes) -> None:
    """Keep ``data`` for ``key`` in ``.cache/<kind>/``, written whole (see `kept`)."""
    write_whole(_kept_path(kind, key), data)


def write_whole(path: Path, data: bytes) -> None:
    """``data`` into ``path`` under a temporary name, then renamed: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def source_hash(*paths: Path, salt: str = "") -> str:
    """A short hash of the files under ``paths`` (default: the library, ``src/nnnotes``).

    Names (from each path's parent folder down) and bytes of every file, in sorted order,
    ``__pycache__`` left out. It is the one answer to "did the library change?":
    executed labs and the wheel are cached under it. (Figures are finer: the
    library's own figure cache keys each figure on the modules it imports.)
    """
    digest = hashlib.sha256(salt.encode())
    for root in paths or (LIBRARY,):
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def project_version() -> str:
    """The library's version, from ``pyproject.toml``."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def wheel_name() -> str:
    return f"nnnotes-{project_version()}-py3-none-any.whl"


WHEEL_DIR = "dist"


def wheel_url(config) -> str:
    """Where the site serves the wheel (``<site_url>dist/<wheel>``); ``mkdocs serve`` rewrites site_url."""
    base = config.site_url or "/"
    return base.rstrip("/") + f"/{WHEEL_DIR}/{wheel_name()}"


# ---- the order of events -----------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    event: str
    hook: str
    priority: int
    why: str


#: Each event's handlers among the hooks, in the order mkdocs runs them, and why
#: that order (or that priority) is needed. tests/test_hooks.py fails when the
#: hooks' code or the ``hooks:`` list disagree with this table.
EVENTS: tuple[Event, ...] = (
    Event("on_config", "notebooks", 0, "patch mkdocs and mkdocs-jupyter before any page is read"),
    Event("on_config", "pages", 0, "wrap Page.render before any page is rendered (any order)"),
    Event("on_config", "glossary", 0, "read glossary.yml once per build; a bad entry stops the build here"),
    Event("on_config", "head", -150, "after i18n (-100) has set the language: 404.html only in the default one"),
    Event("on_pre_build", "render_figures", 0, "render the figures once per mkdocs build (not per language)"),
    Event("on_pre_build", "wheel", 0, "build (or take from the cache) the wheel once per mkdocs build"),
    Event("on_pre_build", "head", 0, "after mkdocstrings' on_config has made its handlers: their templates compiled once"),
    Event("on_pre_build", "notebooks", -200, "after mkdocs-jupyter (0) has reset its used-cache set, which it then never evicts"),
    Event("on_files", "render_figures", -150, "after i18n (-100) has rebuilt the file list, which drops files added before"),
    Event("on_files", "wheel", -150, "after i18n (-100), like the figures: the wheel at dist/"),
    Event("on_files", "errata", -150, "after i18n (-100): read only this language's pages"),
    Event("on_files", "snippets", -150, "after i18n (-100): a script beside each answer page of this language"),
    Event("on_page_markdown", "wheel", 0, "{{ wheel_url }} becomes the wheel's address"),
    Event("on_page_markdown", "errata", 0, "the errata table; its math becomes MathML with the page's (mathml, later)"),
    Event("on_page_markdown", "glossary", 0, "the glossary table; definitions are Markdown with math"),
    Event("on_page_markdown", "snippets", 0, "tag each python fence, to find its block in the HTML"),
    Event("on_page_markdown", "search", 0, "labs out of the search index"),
    Event("on_page_content", "notebooks", 0, "trim and fix nbconvert's HTML before anything reads it"),
    Event("on_page_content", "errata", 0, "number the erratum admonitions the table links to"),
    Event("on_page_content", "mathml", 0, "LaTeX to MathML, in the errata table too"),
    Event("on_page_content", "glossary", 0, "after mathml: terms are never marked inside <math>"),
    Event("on_page_content", "reader", 0, "lazy, sized images (any order)"),
    Event("on_page_content", "snippets", 0, "after glossary: notes it adds are never marked as terms"),
    Event("on_env", "head", 0, "the theme's templates compiled once, kept in .cache/jinja; material_bundle for the loader (any order)"),
    Event("on_post_page", "reader", 0, "a name for the search dialog and the index sections' toggles (any order)"),
    Event("on_post_page", "head", 0, "dir on <html>, font preloads (any order)"),
    Event("on_post_page", "search", 0, "English pages look for their own index, under en/ (any order)"),
    Event("on_post_template", "reader", 0, "the index sections' toggles named in 404.html too (any order)"),
    Event("on_post_template", "head", 0, "the same for 404.html"),
    Event("on_post_build", "mathml", -200, "after i18n (-100) has built every language: cut the math font to all pages"),
    Event("on_post_build", "reader", -200, "after i18n (-100) has built every language: Material's table rules moved to nn-table"),
    Event("on_post_build", "head", -200, "after i18n (-100) has built every language: cut Vazirmatn to all pages; the compile hint on Material's script"),
    Event("on_post_build", "search", -200, "after i18n (-100) has merged the search index: one index per language"),
)
