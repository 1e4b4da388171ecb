#!/usr/bin/env python3
"""Prepare a fresh Hangar for bench/gateway (standard library only).

    python3 bench/gateway.d/hangar_setup.py HANGAR_URL ADMIN_TOKEN UPSTREAM_URL UPSTREAM_KEY COUNT

1. POST /api/providers: an `openai-compatible` connection to UPSTREAM_URL with UPSTREAM_KEY,
   no limits;
2. POST /api/import: COUNT models `bench-model-NNNN` (1-based, four digits) on it, priced, in
   one transaction; on a server without /api/import, POST /api/models over 4 connections;
3. POST /api/keys: an application key with no model list, limit or budget;
4. GET /v1/models with that key, which must list every bench model.
Prints one JSON object: key (the secret), provider_id, models, seconds (steps 1-3), how.
Loopback only.
"""
import http.client
import ipaddress
import json
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit


class Server:
    def __init__(self, url: str, token: str):
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme != "http" or not (host == "localhost" or ipaddress.ip_address(host).is_loopback):
            raise SystemExit(f"refusing non-loopback URL {url}")
        self.host, self.port, self.token = host, parts.port or 80, token
        self.local = threading.local()

    def connection(self) -> http.client.HTTPConnection:
        if getattr(self.local, "connection", None) is None:
            self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        return self.local.connection

    def call(self, method: str, path: str, body=None, token: str | None = None) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {token or self.token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        connection = self.connection()
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self.local.connection = None
            raise

    def expect(self, status: int, method: str, path: str, body=None, token: str | None = None):
        got, payload = self.call(method, path, body, token)
        if got != status:
            raise SystemExit(f"{method} {path}: HTTP {got} (expected {status}): {payload[:400]!r}")
        return json.loads(payload) if payload else None


def model(index: int, provider_id: str) -> dict:
    return {
        "id": str(uuid.uuid4()), "provider_id": provider_id, "name": f"Bench model {index:04d}",
        "api_name": f"bench-model-{index:04d}", "status": "active", "is_builtin": False,
        "context_window": 128_000, "max_output_tokens": 4096, "temperature_default": 0.7,
        "cost_input_per_million": 0.15, "cost_output_per_million": 0.6,
        "hf_repo": None, "hf_revision": None, "model_file": None, "replacement_model_id": None,
    }


def create_one_by_one(server: Server, models: list[dict]) -> None:
    fields = ("provider_id", "name", "api_name", "context_window", "max_output_tokens",
              "cost_input_per_million", "cost_output_per_million")
    errors: list[str] = []

    def worker(start: int) -> None:
        for entry in models[start::4]:
            if errors:
                return
            status, payload = server.call("POST", "/api/models", {name: entry[name] for name in fields})
            if status != 201:
                errors.append(f"POST /api/models {entry['api_name']}: HTTP {status} {payload[:300]!r}")

    threads = [threading.Thread(target=worker, args=(start,)) for start in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(errors[0])


def main() -> int:
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    url, token, upstream, upstream_key, count = sys.argv[1:5] + [int(sys.argv[5])]
    server = Server(url, token)
    started = time.monotonic()
    provider = server.expect(201, "POST", "/api/providers", {
        "kind": "openai-compatible", "name": "Bench upstream", "base_url": upstream, "api_key": upstream_key})
    models = [model(index, provider["id"]) for index in range(1, count + 1)]
    status, payload = server.call("POST", "/api/import",
                                  {"format": "hangar-configuration", "version": 1, "models": models})
    if status == 200:
        report = json.loads(payload)
        if report.get("created") != count:
            raise SystemExit(f"POST /api/import created {report.get('created')} of {count}: {payload[:400]!r}")
        how = "POST /api/import"
    elif status in (404, 405):
        create_one_by_one(server, models)
        how = "POST /api/models x4 connections"
    else:
        raise SystemExit(f"POST /api/import: HTTP {status}: {payload[:400]!r}")
    key = server.expect(201, "POST", "/api/keys", {"name": "bench/gateway"})
    seconds = time.monotonic() - started
    listed = server.expect(200, "GET", "/v1/models", token=key["secret"])
    names = {entry.get("id") for entry in listed.get("data", [])} | {
        entry.get("api_name") for entry in listed.get("data", []) if isinstance(entry, dict)}
    missing = [entry["api_name"] for entry in models
               if entry["api_name"] not in names and entry["id"] not in names
               and f"{provider['id']}/{entry['api_name']}" not in names]
    if missing:
        raise SystemExit(f"GET /v1/models lacks {len(missing)} bench models, e.g. {missing[:3]}")
    print(json.dumps({"key": key["secret"], "provider_id": provider["id"], "models": count,
                      "listed": len(listed.get("data", [])), "seconds": round(seconds, 2), "how": how}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
