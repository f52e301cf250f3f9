"""Serve a built site on loopback the way a static host does: gzip for text, short caching.

Used by ``bench.py`` (first-visit transfer) and ``lighthouse.py``; on its own:
``python benchmarks/serve.py _build/html --port 8001``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What GitHub Pages and Read the Docs compress; fonts (woff2) and images are compressed already.
COMPRESSIBLE = {
    "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
    "image/svg+xml", "application/xml", "text/xml", "text/plain", "text/calendar",
}  # fmt: skip


class GzipHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real hosts
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        mime = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and wants_gzip and mime in COMPRESSIBLE):
            return super().send_head()
        body = compressed(str(path), os.stat(path).st_mtime_ns)
        self.send_response(200)
        charset = "; charset=utf-8" if mime.startswith("text/") else ""
        self.send_header("Content-Type", mime + charset)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=4096)
def compressed(path: str, mtime_ns: int) -> bytes:
    """The gzip body of a file (level 6, as nginx and most hosts); cached per version."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def serve(directory: Path, port: int = 0) -> tuple[str, ThreadingHTTPServer]:
    """Serve ``directory`` in a background thread; returns (base URL, server)."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    url, server = serve(args.directory, args.port)
    print(f"serving {args.directory} with gzip on {url} (Ctrl+C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
