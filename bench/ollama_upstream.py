#!/usr/bin/env python3
"""An Ollama stand-in for bench/ollama (standard library only), and the latency probe.

    python3 bench/ollama_upstream.py serve MODELS
        Serves /api/version and /api/tags (MODELS models) until killed; prints its URL first.

    python3 bench/ollama_upstream.py latency HANGAR_URL TOKEN LINES INTERVAL_MS
        Starts its own stand-in in this process, adds it to Hangar as an Ollama connection,
        pulls a model whose NDJSON stream sends LINES progress lines INTERVAL_MS apart, and
        follows the job's SSE stream. Each progress event is matched to the line that carried
        its bytes_done: the latency is from writing that line to reading the event, on one
        clock (time.monotonic in one process). Prints p50, p99, max and the counts as JSON.
"""
import http.client
import http.server
import json
import socketserver
import sys
import threading
import time
import urllib.parse

LAYER = 4_000_000_000
DIGEST = "sha256:" + "ab" * 32


class Upstream:
    def __init__(self, models: int, lines: int = 0, interval: float = 0.0):
        self.models = [self.tag(i) for i in range(models)]
        self.lines, self.interval = lines, interval
        self.emitted: dict[int, float] = {}  # bytes_done -> monotonic time the line was written
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 (http.server's naming)
                if self.path == "/api/version":
                    self.json({"version": "0.5.7"})
                elif self.path == "/api/tags":
                    self.json({"models": upstream.models})
                else:
                    self.json({"error": "not found"}, 404)

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if self.path != "/api/pull":
                    return self.json({"error": "not found"}, 404)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                self.chunk({"status": "pulling manifest"})
                step = LAYER // upstream.lines
                for index in range(1, upstream.lines + 1):
                    time.sleep(upstream.interval)
                    done = step * index
                    upstream.emitted[done] = time.monotonic()
                    self.chunk({"status": "pulling abababababab", "digest": DIGEST, "total": LAYER, "completed": done})
                for status in ("verifying sha256 digest", "writing manifest", "success"):
                    self.chunk({"status": status})
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

            def chunk(self, obj):
                data = (json.dumps(obj) + "\n").encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            def json(self, obj, status=200):
                data = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def tag(index: int) -> dict:
        name = f"bench-model-{index:03d}:q4_0"
        return {
            "name": name, "model": name, "modified_at": "2025-01-15T09:30:12.345678901+01:00", "size": 2_019_393_189 + index,
            "digest": f"{index:064x}",
            "details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
                        "parameter_size": "3.2B", "quantization_level": "Q4_0"},
        }


def request(hangar: str, token: str, method: str, path: str, body=None) -> dict:
    parts = urllib.parse.urlsplit(hangar)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: HTTP {response.status} {data[:300]!r}")
    return json.loads(data) if data else {}


def latency(hangar: str, token: str, lines: int, interval_ms: float) -> None:
    upstream = Upstream(models=1, lines=lines, interval=interval_ms / 1000)
    provider = request(hangar, token, "POST", "/api/providers",
                       {"kind": "ollama", "name": f"Bench latency {time.time_ns()}", "base_url": upstream.url})
    job = request(hangar, token, "POST", f"/api/providers/{provider['id']}/ollama/pull", {"model": "bench:latest"})
    parts = urllib.parse.urlsplit(hangar)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    connection.request("GET", f"/api/jobs/{job['id']}/events", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    samples, seen, event, data = [], 0, None, []
    while True:
        raw = response.fp.readline()
        if not raw:
            break
        line = raw.decode().rstrip("\n")
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif line == "" and event:
            arrived = time.monotonic()
            payload = json.loads("\n".join(data))
            done = (payload.get("progress") or {}).get("bytes_done")
            if event == "progress" and done in upstream.emitted and done not in (0, None):
                samples.append((arrived - upstream.emitted[done]) * 1000)
            seen += 1
            if event in ("done", "error"):
                break
            event, data = None, []
    samples.sort()

    def pct(p):
        return round(samples[min(len(samples) - 1, int(p / 100 * len(samples)))], 2) if samples else None
    print(json.dumps({"lines": lines, "interval_ms": interval_ms, "events": seen, "matched": len(samples),
                      "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(samples[-1], 2) if samples else None,
                      "final": event}))
    request(hangar, token, "DELETE", f"/api/providers/{provider['id']}")


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        server = Upstream(models=int(sys.argv[2]))
        print(server.url, flush=True)
        threading.Event().wait()
    else:
        latency(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
