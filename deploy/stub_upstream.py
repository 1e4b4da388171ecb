"""A stand-in for `hangar serve` that deploy/check puts behind nginx.

Not Hangar: it answers what the proxy configuration is checked against.
  GET  /api/events, /api/jobs/<id>/events  and  POST /v1/chat/completions:
      an event stream that sends one event, stays silent 3 s, then sends a second one.
      Deliberately WITHOUT X-Accel-Buffering, so only nginx's own settings can unbuffer it.
  any other GET: the request headers it received, as JSON.
  any other POST: the number of body bytes it received, as JSON.
Prints "listening on PORT" once ready. Usage: python3 stub_upstream.py
"""

import json
import re
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STREAMS = re.compile(r"^(/api/events|/api/jobs/[^/]+/events|/v1/chat/completions)$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _json(self, value):
        body = json.dumps(value).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"event: first\ndata: 1\n\n")
        self.wfile.flush()
        time.sleep(3)
        self.wfile.write(b"event: second\ndata: 2\n\n")
        self.wfile.flush()
        self.close_connection = True

    def _body_length(self):
        length = int(self.headers.get("Content-Length") or 0)
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)
        return length - remaining

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if STREAMS.match(path):
            return self._stream()
        self._json({k.lower(): v for k, v in self.headers.items()})

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        received = self._body_length()
        if STREAMS.match(path):
            return self._stream()
        self._json({"received": received})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
