#!/usr/bin/env python3
"""Seed N custom models into a running Hangar over keep-alive HTTP connections.

    bench/seed_models.py URL TOKEN [COUNT] [CONNECTIONS]

POSTs /api/models {"provider_id":"ollama","name":"Bench model N","api_name":"bench-N",...}
for N in 1..COUNT, spread over CONNECTIONS threads (each its own http.client connection).
Loopback only: refuses a URL whose host is not 127.0.0.0/8, localhost or ::1.
Exits non-zero if any request is not answered 201.
"""
import http.client
import ipaddress
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    url, token = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    connections = int(sys.argv[4]) if len(sys.argv) > 4 else 4
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or not loopback(parts.hostname):
        print(f"refusing non-loopback URL {url}", file=sys.stderr)
        return 2
    host, port = parts.hostname, parts.port or 80
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }

    errors: list[str] = []
    created = [0] * connections
    lock = threading.Lock()

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        for n in range(index + 1, count + 1, connections):
            body = json.dumps({
                "provider_id": "ollama",
                "name": f"Bench model {n}",
                "api_name": f"bench-{n}",
                "context_window": 8192,
                "max_output_tokens": 4096,
            })
            try:
                conn.request("POST", "/api/models", body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                with lock:
                    errors.append(f"model {n}: {error!r}")
                continue
            if response.status != 201:
                with lock:
                    errors.append(f"model {n}: HTTP {response.status} {payload[:300]!r}")
            else:
                created[index] += 1
            with lock:
                if len(errors) > 20:
                    return
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = sum(created)
    print(f"seeded {total}/{count} models in {elapsed:.1f} s ({total / elapsed:.0f}/s, {connections} connections)")
    for line in errors[:20]:
        print("  " + line, file=sys.stderr)
    return 0 if total == count and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
