"""Browsing the built site: served on 127.0.0.1 the way GitHub Pages serves it
(text gzipped), in the Chromium the machine has. Shared by the browser tests
and ``make bench``."""

from __future__ import annotations

import gzip
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Debian's package, or any Chrome named by the variable.
CHROMIUM = os.environ.get("GD_WEEKLY_CHROMIUM") or shutil.which("chromium")
# Headless on a machine without a display, a GPU or a network beyond loopback.
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# The types GitHub Pages compresses (images other than SVG are already packed).
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ipynb"}


class PagesHandler(SimpleHTTPRequestHandler):
    """Static files with ``Content-Encoding: gzip`` when the client accepts it."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSED and path.is_file()):
            return super().do_GET()  # also redirects a folder to its slash
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass  # quiet: the tests report what matters


def page_paths(site: Path) -> list[str]:
    """Every page of ``site`` as the path a browser asks for (``a/`` for
    ``a/index.html``)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [page.removesuffix("index.html") for page in pages]


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yield its base URL."""
    handler = partial(PagesHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
