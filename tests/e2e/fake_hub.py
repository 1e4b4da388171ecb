"""A fake Hugging Face Hub for the download tests, standard library only.

It answers like huggingface.co does for a file stored with Git LFS:

- `GET|HEAD /{owner}/{name}/resolve/{revision}/{path}` → `302` to a CDN URL on this same
  server, with `X-Linked-Etag: "<sha256>"`, `X-Linked-Size`, `X-Repo-Commit` and `ETag`
  (401 for a gated repository without the right token, 404 for an unknown one);
- `GET|HEAD /cdn/{sha256}/{file}` → the bytes, with `Content-Length`, `Accept-Ranges: bytes`
  and `ETag`; `Range: bytes=N-` (or `N-M`) → `206` + `Content-Range`; past the end → `416`.

The body is throttled to `rate` bytes per second (None: as fast as possible), so that a
download lasts long enough to be watched, canceled and resumed. Every request is recorded
(method, path, Range and Authorization headers, status, bytes sent).

Unless a file was added with `add_file`, every `*.gguf` path serves `default_file`: a small
valid GGUF v3 file (architecture qwen3, Q4_0) that Hangar's GGUF reader can parse.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 16 * 1024
RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<revision>[^/]+)/(?P<path>.+)$")
CDN = re.compile(r"^/cdn/(?P<sha>[0-9a-f]{64})/(?P<name>[^/]+)$")
RANGE = re.compile(r"^bytes=(?P<start>\d+)-(?P<end>\d*)$")


def gguf_bytes(size: int = 4 * 1024 * 1024, architecture: str = "qwen3", context_length: int = 32768,
               file_type: int = 2, seed: int = 5) -> bytes:
    """A minimal GGUF v3 file of `size` bytes: magic, version 3, three metadata keys
    (`general.architecture`, `<arch>.context_length`, `general.file_type` = 2, Q4_0) and one I8
    tensor whose data, deterministic bytes (not zeros, so a resume at a wrong offset would change
    the checksum), fills the file after the header's padding to 32 bytes. Hangar checks every
    tensor's size and offset against the file, so the tensor's size is the real one."""
    def text(value: str) -> bytes:
        raw = value.encode()
        return struct.pack("<Q", len(raw)) + raw

    string_type, uint32_type, i8_tensor = 8, 4, 24
    kvs = [
        text("general.architecture") + struct.pack("<I", string_type) + text(architecture),
        text(f"{architecture}.context_length") + struct.pack("<I", uint32_type) + struct.pack("<I", context_length),
        text("general.file_type") + struct.pack("<I", uint32_type) + struct.pack("<I", file_type),
    ]

    def header(elements: int) -> bytes:
        info = text("filler") + struct.pack("<IQIQ", 1, elements, i8_tensor, 0)
        return b"GGUF" + struct.pack("<IQQ", 3, 1, len(kvs)) + b"".join(kvs) + info

    data_start = -(-len(header(0)) // 32) * 32
    if size < data_start:
        raise ValueError(f"a GGUF file needs at least {data_start} bytes")
    elements = size - data_start
    head = header(elements)
    return head + bytes(data_start - len(head)) + random.Random(seed).randbytes(elements)


@dataclass
class HubRequest:
    method: str
    path: str
    range: str | None
    authorization: str | None
    status: int = 0
    sent: int = 0
    at: float = field(default_factory=time.monotonic)

    @property
    def range_start(self) -> int | None:
        match = RANGE.match(self.range or "")
        return int(match.group("start")) if match else None


@dataclass
class HubFile:
    data: bytes
    sha256: str
    commit: str


class FakeHub:
    def __init__(self, default_size: int = 4 * 1024 * 1024):
        self.default_file = gguf_bytes(default_size)
        self.rate: float | None = None       # bytes per second for file bodies; None = unthrottled
        self.files: dict[tuple[str, str, str], HubFile] = {}
        self.blobs: dict[str, bytes] = {}
        self.gated: dict[str, str] = {}      # repo -> the token it needs
        self.requests: list[HubRequest] = []
        self.lock = threading.Lock()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                hub._handle(self, body=True)

            def do_HEAD(self):  # noqa: N802
                hub._handle(self, body=False)

            def log_message(self, format, *args):  # quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-hub", daemon=True)

    # --- configuration

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "FakeHub":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def reset(self) -> None:
        """Back to the defaults between tests: unthrottled, no gated repository, no record."""
        with self.lock:
            self.rate = None
            self.gated.clear()
            self.requests.clear()

    def add_file(self, repo: str, path: str, data: bytes, revision: str = "main") -> HubFile:
        entry = self._entry(data, repo, revision)
        with self.lock:
            self.files[(repo, revision, path)] = entry
        return entry

    def file_for(self, repo: str, path: str, revision: str = "main") -> HubFile:
        """What the hub serves for that path (the default GGUF unless one was added)."""
        with self.lock:
            found = self.files.get((repo, revision, path))
        return found or self._entry(self.default_file, repo, revision)

    def requests_for(self, name: str, method: str | None = None) -> list[HubRequest]:
        """Recorded requests whose path ends with `name` (a file name), oldest first."""
        with self.lock:
            return [r for r in self.requests if r.path.split("?", 1)[0].endswith("/" + name)
                    and (method is None or r.method == method)]

    # --- serving

    def _entry(self, data: bytes, repo: str, revision: str) -> HubFile:
        sha = hashlib.sha256(data).hexdigest()
        with self.lock:
            self.blobs.setdefault(sha, data)
        commit = hashlib.sha1(f"{repo}@{revision}".encode()).hexdigest()
        return HubFile(data=data, sha256=sha, commit=commit)

    def _handle(self, handler: BaseHTTPRequestHandler, body: bool) -> None:
        record = HubRequest(handler.command, handler.path, handler.headers.get("Range"), handler.headers.get("Authorization"))
        with self.lock:
            self.requests.append(record)
        path = handler.path.split("?", 1)[0]
        try:
            if match := RESOLVE.match(path):
                self._resolve(handler, record, match)
            elif match := CDN.match(path):
                self._cdn(handler, record, match, body)
            else:
                self._plain(handler, record, 404, "Not found", {"X-Error-Code": "EntryNotFound"})
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True  # the client went away (a canceled download)

    def _plain(self, handler, record: HubRequest, status: int, text: str, headers: dict | None = None) -> None:
        raw = text.encode()
        record.status = status
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(raw)

    def _resolve(self, handler, record: HubRequest, match) -> None:
        repo, revision, file_path = match.group("repo"), match.group("revision"), match.group("path")
        with self.lock:
            needed = self.gated.get(repo)
        if needed is not None and record.authorization != f"Bearer {needed}":
            return self._plain(handler, record, 401, "Access to this repository is restricted.",
                               {"X-Error-Code": "GatedRepo", "X-Error-Message": "Access to this repository is restricted."})
        with self.lock:
            added = self.files.get((repo, revision, file_path))
        if added is None and not file_path.endswith(".gguf"):
            return self._plain(handler, record, 404, "Entry not found", {"X-Error-Code": "EntryNotFound"})
        entry = added or self._entry(self.default_file, repo, revision)
        name = file_path.rsplit("/", 1)[-1]
        pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{entry.sha256}\nsize {len(entry.data)}\n"
        git_oid = hashlib.sha1(f"blob {len(pointer)}\0{pointer}".encode()).hexdigest()
        self._plain(handler, record, 302, "Found", {
            "Location": f"{self.url}/cdn/{entry.sha256}/{name}",
            "X-Linked-Etag": f'"{entry.sha256}"',
            "X-Linked-Size": str(len(entry.data)),
            "X-Repo-Commit": entry.commit,
            "ETag": f'"{git_oid}"',
            "Accept-Ranges": "bytes",
        })

    def _cdn(self, handler, record: HubRequest, match, body: bool) -> None:
        with self.lock:
            data = self.blobs.get(match.group("sha"))
        if data is None:
            return self._plain(handler, record, 404, "No such object")
        size = len(data)
        start, end, status = 0, size - 1, 200
        if record.range is not None:
            wanted = RANGE.match(record.range.strip())
            if not wanted:
                return self._plain(handler, record, 416, "Bad range", {"Content-Range": f"bytes */{size}"})
            start = int(wanted.group("start"))
            if wanted.group("end"):
                end = min(int(wanted.group("end")), size - 1)
            if start >= size or start > end:
                return self._plain(handler, record, 416, "Range not satisfiable", {"Content-Range": f"bytes */{size}"})
            status = 206
        record.status = status
        handler.send_response(status)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(end - start + 1))
        handler.send_header("Accept-Ranges", "bytes")
        handler.send_header("ETag", f'"{match.group("sha")}"')
        if status == 206:
            handler.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        handler.end_headers()
        if not body:
            return
        began = time.monotonic()
        position = start
        while position <= end:
            chunk = data[position:min(position + CHUNK, end + 1)]
            handler.wfile.write(chunk)
            handler.wfile.flush()
            position += len(chunk)
            record.sent += len(chunk)
            rate = self.rate
            if rate:
                # Sleep until the bytes sent so far match the rate (smooth, whatever the chunk).
                ahead = record.sent / rate - (time.monotonic() - began)
                if ahead > 0:
                    time.sleep(ahead)


if __name__ == "__main__":  # a manual check: python3 tests/e2e/fake_hub.py
    hub = FakeHub().start()
    hub.rate = 512 * 1024
    print(hub.url, "e.g.", f"{hub.url}/owner/repo/resolve/main/model.gguf")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        hub.stop()
