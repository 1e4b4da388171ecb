#!/usr/bin/env python3
"""The progress-latency probe of bench/ollama (standard library only).

    python3 bench/pull_latency.py HANGAR_URL TOKEN FAKE_OLLAMA_URL LINES INTERVAL_MS

Publishes bench:latest (one 4 GB layer) on the fake Ollama (`hangar-fakes ollama`), paces its
pulls so that the layer takes LINES progress lines INTERVAL_MS apart, adds the fake to Hangar as
an Ollama connection, pulls the model and follows the job's SSE stream. The fake notes when it
writes each NDJSON line on CLOCK_MONOTONIC, the clock this process reads (time.monotonic_ns) when
an event arrives; each progress event is matched to the line that carried its bytes_done (the
sum of every blob's completed bytes, as Hangar adds them; the config blob adds a line or two).
Prints p50, p99, max and the counts (lines: progress lines written) as JSON.
"""
import http.client
import json
import sys
import time
import urllib.parse

LAYER = 4_000_000_000


def request(base: str, method: str, path: str, body=None, token: str | None = None):
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {base}{path}: HTTP {response.status} {data[:300]!r}")
    return json.loads(data) if data else {}


def line_times(fake: str) -> dict[int, int]:
    """bytes_done after each progress line of the last pull -> when the fake wrote it (ns)."""
    pull = request(fake, "GET", "/_fake/ollama/pulls")[-1]
    completed: dict[str, int] = {}
    times: dict[int, int] = {}
    for line, written in zip(pull["lines"], pull["line_times_ns"]):
        progress = json.loads(line)
        if "digest" not in progress:
            continue
        completed[progress["digest"]] = progress.get("completed", 0)
        times.setdefault(sum(completed.values()), written)
    return times


def latency(hangar: str, token: str, fake: str, lines: int, interval_ms: float) -> None:
    request(fake, "POST", "/_fake/ollama/models", {"name": "bench:latest", "layers": [LAYER]})
    request(fake, "POST", "/_fake/ollama/pull-behaviour",
            {"bytes_per_second": int(LAYER / (lines * interval_ms / 1000)), "pause_ms": int(interval_ms)})
    provider = request(hangar, "POST", "/api/providers",
                       {"kind": "ollama", "name": f"Bench latency {time.time_ns()}", "base_url": fake}, token)
    job = request(hangar, "POST", f"/api/providers/{provider['id']}/ollama/pull", {"model": "bench:latest"}, token)
    parts = urllib.parse.urlsplit(hangar)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    connection.request("GET", f"/api/jobs/{job['id']}/events", headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    arrivals, seen, event, data = {}, 0, None, []
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
            arrived = time.monotonic_ns()
            payload = json.loads("\n".join(data))
            done = (payload.get("progress") or {}).get("bytes_done")
            # The first event with these bytes: later ones (verifying, writing the manifest)
            # repeat the total of the last line and would be timed against it.
            if event == "progress" and done not in (0, None):
                arrivals.setdefault(done, arrived)
            seen += 1
            if event in ("done", "error"):
                break
            event, data = None, []
    written = line_times(fake)
    samples = sorted((arrived - written[done]) / 1e6 for done, arrived in arrivals.items() if done in written)

    def pct(p):
        return round(samples[min(len(samples) - 1, int(p / 100 * len(samples)))], 2) if samples else None
    print(json.dumps({"lines": len([done for done in written if done > 0]), "interval_ms": interval_ms, "events": seen, "matched": len(samples),
                      "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(samples[-1], 2) if samples else None,
                      "final": event}))
    request(hangar, "DELETE", f"/api/providers/{provider['id']}", token=token)
    # Back as it was: unpaced, and the model gone from the list the bench measures next.
    request(fake, "POST", "/_fake/ollama/pull-behaviour", {})
    request(fake, "DELETE", "/api/delete", {"model": "bench:latest"})


if __name__ == "__main__":
    latency(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
