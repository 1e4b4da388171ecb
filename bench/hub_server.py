#!/usr/bin/env python3
"""A minimal Hugging Face Hub stand-in for bench/download (standard library only).

    python3 bench/hub_server.py FILE SHA256

Serves FILE as acme/bench-GGUF/bench.gguf the way huggingface.co serves an LFS file:
`GET /acme/bench-GGUF/resolve/main/bench.gguf` answers 302 with X-Linked-Etag, X-Linked-Size
and X-Repo-Commit, and the CDN path `/cdn/bench.gguf` sends the bytes with sendfile(2)
(Range supported). Prints the port on its first line, then serves until killed.
"""
import http.server
import os
import socketserver
import sys

PATH, SHA256 = sys.argv[1], sys.argv[2]
SIZE = os.path.getsize(PATH)
RESOLVE = "/acme/bench-GGUF/resolve/main/bench.gguf"
CDN = "/cdn/bench.gguf"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer(send_body=False)

    def do_GET(self):
        self.answer(send_body=True)

    def answer(self, send_body):
        if self.path == RESOLVE:
            self.send_response(302)
            self.send_header("Location", CDN)
            self.send_header("X-Linked-Etag", f'"{SHA256}"')
            self.send_header("X-Linked-Size", str(SIZE))
            self.send_header("X-Repo-Commit", "0" * 40)
            self.send_header("ETag", f'"{SHA256}"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path != CDN:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        header = self.headers.get("Range")
        if header and header.startswith("bytes=") and header.endswith("-"):
            start = int(header[6:-1])
            if start >= SIZE:
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{SIZE}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{SIZE - 1}/{SIZE}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(SIZE - start))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        if not send_body:
            return
        with open(PATH, "rb") as f:
            try:
                self.wfile.flush()
                offset = start
                while offset < SIZE:
                    sent = os.sendfile(self.connection.fileno(), f.fileno(), offset, SIZE - offset)
                    if sent == 0:
                        break
                    offset += sent
            except (BrokenPipeError, ConnectionResetError):
                pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
