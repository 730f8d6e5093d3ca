"""Serve a built site the way GitHub Pages does, for the browser tests and the budget script.

The site is served on 127.0.0.1 (a free port) under the path prefix of its
``site_url`` (``/nnnotes/``), with gzip for text files, ``index.html`` for
folders (and a redirect for folder URLs without their final slash), and the
site's ``404.html`` with status 404 for anything else. It runs in a daemon
thread; use it as a context manager, or call ``stop()``.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX = "/nnnotes/"
_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".svg": "image/svg+xml", ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8",
    ".ipynb": "application/x-ipynb+json", ".map": "application/json",
}
_COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ipynb", ".map"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def do_HEAD(self):  # noqa: N802
        self._respond(head=True)

    def do_GET(self):  # noqa: N802
        self._respond(head=False)

    def _respond(self, head: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if path in ("", "/", PREFIX.rstrip("/")):
            return self._redirect(PREFIX)
        if not path.startswith(PREFIX):
            return self._file(self.server.root / "404.html", HTTPStatus.NOT_FOUND, head)
        target = (self.server.root / path[len(PREFIX):]).resolve()
        if self.server.root not in (target, *target.parents):
            return self._file(self.server.root / "404.html", HTTPStatus.NOT_FOUND, head)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._file(self.server.root / "404.html", HTTPStatus.NOT_FOUND, head)
        self._file(target, HTTPStatus.OK, head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _file(self, path: Path, status: HTTPStatus, head: bool) -> None:
        suffix = path.suffix.lower()
        body = path.read_bytes()
        gzipped = suffix in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = self.server.compressed(path, body)
        self.send_response(status)
        self.send_header("Content-Type", _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self._gzip: dict[Path, bytes] = {}
        self._lock = threading.Lock()

    def compressed(self, path: Path, body: bytes) -> bytes:
        with self._lock:
            if path not in self._gzip:
                self._gzip[path] = gzip.compress(body, compresslevel=6, mtime=0)
            return self._gzip[path]


def site_pages(site: Path) -> list[str]:
    """Site-relative URL paths of the built pages ("" for the Persian home, "en/errata/", ...),
    without the assets and 404.html."""
    if not Path(site).is_dir():
        return []
    pages = []
    for path in sorted(Path(site).rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] == "assets" or rel.as_posix() == "404.html":
            continue
        url = rel.as_posix()
        pages.append(url[: -len("index.html")] if url.endswith("index.html") else url)
    return pages


class SiteServer:
    """``with SiteServer(site_dir) as server: server.url("en/")``."""

    def __init__(self, root: Path) -> None:
        if not (Path(root) / "index.html").is_file():
            raise FileNotFoundError(f"no built site in {root} (index.html is missing)")
        self._server = _Server(Path(root))
        self._thread = threading.Thread(target=self._server.serve_forever, name="site-server", daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    def url(self, path: str = "") -> str:
        """The URL of ``path``, relative to the site root (``"en/errata/"``)."""
        return self.base + path.lstrip("/")

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
