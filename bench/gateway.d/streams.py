#!/usr/bin/env python3
"""Many concurrent chat-completion streams through a proxy, and the proxy's memory.

    python3 bench/gateway.d/streams.py URL KEY MODEL COUNT [PID]

Opens COUNT connections to URL (http://host:port, loopback only) at once, each sending
POST /v1/chat/completions {"model": MODEL, "stream": true, ...} with `Authorization: Bearer KEY`,
and reads each answer to `data: [DONE]` (Content-Length, chunked or close-delimited bodies).
With PID (the proxy's process), its peak resident memory is first reset (`5` written to
/proc/PID/clear_refs, when allowed) and then VmRSS is sampled every 20 ms; VmHWM is read at the
end. The upstream should trickle its events (bench/gateway's slow mode) so that the streams
overlap: `max_open` is the most streams seen between their answer's head and their end at
one moment. Prints one JSON object. Standard library only.
"""
import asyncio
import ipaddress
import json
import resource
import sys
import time
from urllib.parse import urlsplit


def status_kib(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                await reader.readline()
                return b"".join(parts)
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()


async def one(host: str, port: int, request: bytes, timeout: float) -> dict:
    started = time.monotonic()
    result = {"ok": False, "start": started}
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        writer.write(request)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        headers = {}
        while True:
            line = await asyncio.wait_for(reader.readline(), timeout)
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        result["head"] = time.monotonic()
        status = int(status_line.split()[1]) if status_line else 0
        body = await asyncio.wait_for(read_body(reader, headers), timeout)
        result["end"] = time.monotonic()
        events = body.count(b"data:")
        if status != 200 or b"data: [DONE]" not in body:
            result["error"] = f"HTTP {status}, {events} events: {body[:200]!r}"
        else:
            result.update(ok=True, events=events)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError) as error:
        result["error"] = repr(error)
    finally:
        if writer is not None:
            writer.close()
    return result


async def sample(pid: int, peak: list[int], stop: asyncio.Event) -> None:
    while not stop.is_set():
        rss = status_kib(pid, "VmRSS")
        if rss is not None:
            peak[0] = max(peak[0], rss)
        try:
            await asyncio.wait_for(stop.wait(), 0.02)
        except asyncio.TimeoutError:
            pass


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def main() -> int:
    if len(sys.argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    url, key, model, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    pid = int(sys.argv[5]) if len(sys.argv) == 6 else None
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    if parts.scheme != "http" or not (host == "localhost" or ipaddress.ip_address(host).is_loopback):
        raise SystemExit(f"refusing non-loopback URL {url}")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count * 2 + 256), hard))
    body = json.dumps({"model": model, "stream": True, "max_tokens": 16,
                       "messages": [{"role": "user", "content": "Say hello."}]}).encode()
    request = (f"POST {parts.path.rstrip('/')}/v1/chat/completions HTTP/1.1\r\nHost: {host}:{port}\r\n"
               f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n"
               f"Accept: text/event-stream\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body

    reset = False
    idle = None
    peak = [0]
    stop = asyncio.Event()
    sampler = None
    if pid is not None:
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as clear:
                clear.write("5")
            reset = True
        except OSError:
            pass
        idle = status_kib(pid, "VmRSS")
        sampler = asyncio.create_task(sample(pid, peak, stop))
    started = time.monotonic()
    results = await asyncio.gather(*(one(host, port, request, 120) for _ in range(count)))
    wall = time.monotonic() - started
    stop.set()
    if sampler is not None:
        await sampler

    ok = [r for r in results if r["ok"]]
    moments = sorted([(r["head"], 1) for r in ok] + [(r["end"], -1) for r in ok])
    open_now = max_open = 0
    for _, change in moments:
        open_now += change
        max_open = max(max_open, open_now)
    heads = [(r["head"] - r["start"]) * 1000 for r in ok]
    durations = [(r["end"] - r["start"]) * 1000 for r in ok]
    errors: dict[str, int] = {}
    for r in results:
        if not r["ok"]:
            errors[r["error"][:160]] = errors.get(r["error"][:160], 0) + 1
    print(json.dumps({
        "streams": count, "completed": len(ok), "failed": count - len(ok), "max_open": max_open,
        "wall_s": round(wall, 2),
        "head_ms_p50": percentile(heads, 0.5), "head_ms_p99": percentile(heads, 0.99),
        "stream_ms_p50": percentile(durations, 0.5), "stream_ms_max": max(durations, default=None),
        "events_per_stream": ok[0]["events"] if ok else None,
        "rss_before_kib": idle, "rss_sampled_max_kib": peak[0] if pid is not None else None,
        "hwm_kib": status_kib(pid, "VmHWM") if pid is not None else None, "hwm_reset": reset,
        "errors": dict(sorted(errors.items(), key=lambda item: -item[1])[:5]),
    }))
    return 0 if len(ok) == count else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
