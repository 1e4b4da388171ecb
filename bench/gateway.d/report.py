#!/usr/bin/env python3
"""The summary table of bench/gateway, from the records its run wrote.

    python3 bench/gateway.d/report.py RECORDS

RECORDS has one record a line, fields separated by tabs:
  wrk      TARGET MODE CONNECTIONS  key=value ... (the BENCH line of the wrk script's done():
                                                  requests, duration_us, p50_us, p99_us, errors, non2xx)
  memory   TARGET PEAK_KIB RSS_KIB  (VmHWM over the whole run, and VmRSS at the end, of the
                                     process and its children)
  streams  TARGET JSON               (bench/gateway.d/streams.py's answer)
  usage    TARGET CALLS COST_USD ANSWERED  (GET /api/usage's totals after wrk; answers seen by
                                            wrk, warm-ups included, and the checks)
TARGET is direct, floor, hangar-sqlite, hangar-postgres or litellm; MODE json, stream or
json-paced (json with each connection pausing between calls, at 16 connections only).
Added latency is a proxy's percentile minus the direct one at the same connections and mode
(percentiles do not subtract exactly, but the upstream's share is tens of microseconds).
"""
import json
import sys

NAMES = {"direct": "direct (nginx)", "floor": "floor (Hummingbird + AsyncHTTPClient relay)",
         "hangar-sqlite": "Hangar, SQLite",
         "hangar-postgres": "Hangar, PostgreSQL", "litellm": "LiteLLM proxy"}
ORDER = list(NAMES)
# The targets, at 16 connections.
ADDED_P50_MS, ADDED_P99_MS, RATIO, STREAM_PEAK_MIB = 1.0, 5.0, 20.0, 150.0


def ms(microseconds: float | None) -> str:
    if microseconds is None:
        return "-"
    value = microseconds / 1000
    return f"{value:.3f} ms" if value < 1 else f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"


def mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.0f} MiB"


def added(run: dict[str, float], direct: dict[str, float]) -> tuple[float, float]:
    """What a proxy adds to the direct call's p50 and p99, in milliseconds."""
    return (run["p50_us"] - direct["p50_us"]) / 1000, (run["p99_us"] - direct["p99_us"]) / 1000


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    runs: dict[tuple[str, str, int], dict[str, float]] = {}
    memory: dict[str, tuple[int, int]] = {}
    streams: dict[str, dict] = {}
    usage: dict[str, tuple[int, str, int]] = {}
    with open(sys.argv[1]) as records:
        for line in records:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "wrk":
                values = dict(pair.split("=", 1) for pair in fields[4].split())
                run = {name: float(value) for name, value in values.items()}
                run["rps"] = run["requests"] / (run["duration_us"] / 1e6)
                runs[(fields[1], fields[2], int(fields[3]))] = run
            elif fields[0] == "memory":
                memory[fields[1]] = (int(fields[2]), int(fields[3]))
            elif fields[0] == "streams":
                streams[fields[1]] = json.loads(fields[2])
            elif fields[0] == "usage":
                usage[fields[1]] = (int(fields[2]), fields[3], int(fields[4]))

    out: list[str] = []
    header = ("| target | mode | conns | p50 | p99 | requests/s | added p50 | added p99 | errors |",
              "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    out += header
    modes = ["json", "stream", "json-paced"]
    cells = sorted(runs, key=lambda key: (modes.index(key[1]) if key[1] in modes else 9, key[2],
                                          ORDER.index(key[0]) if key[0] in ORDER else 9))
    for target, mode, connections in cells:
        run = runs[(target, mode, connections)]
        direct = runs.get(("direct", mode, connections))
        added50 = added99 = "-"
        if direct and target != "direct":
            added50 = ms(run["p50_us"] - direct["p50_us"])
            added99 = ms(run["p99_us"] - direct["p99_us"])
        bad = int(run.get("errors", 0) + run.get("non2xx", 0))
        out.append(f"| {NAMES.get(target, target)} | {mode} | {connections} | {ms(run['p50_us'])} | "
                   f"{ms(run['p99_us'])} | {run['rps']:,.0f} | {added50} | {added99} | {bad or ''} |")

    checks: list[str] = []
    for target in ("hangar-sqlite", "hangar-postgres"):
        for mode in ("json", "stream"):
            run, direct, litellm = (runs.get((name, mode, 16)) for name in (target, "direct", "litellm"))
            if run and direct:
                added50, added99 = added(run, direct)
                checks.append(f"{NAMES[target]}, {mode}, 16 connections: added p50 {added50:.3f} ms "
                              f"(target <= {ADDED_P50_MS:g}: {verdict(added50 <= ADDED_P50_MS)}), added p99 "
                              f"{added99:.3f} ms (target <= {ADDED_P99_MS:g}: {verdict(added99 <= ADDED_P99_MS)})")
            floor = runs.get(("floor", mode, 16))
            if run and floor:
                checks.append(f"{NAMES[target]}, {mode}, 16 connections: p50 {(run['p50_us'] - floor['p50_us']) / 1000:.3f} ms "
                              f"over the floor's, {run['rps'] / floor['rps']:.2f}x its throughput "
                              f"(the floor adds {(floor['p50_us'] - direct['p50_us']) / 1000 if direct else float('nan'):.3f} ms "
                              f"p50 over direct calls)")
            for connections in (1, 16):
                run, litellm = runs.get((target, mode, connections)), runs.get(("litellm", mode, connections))
                if run and litellm and litellm["rps"] > 0:
                    ratio = run["rps"] / litellm["rps"]
                    checks.append(f"{NAMES[target]} / LiteLLM throughput, {mode}, {connections} connection"
                                  f"{'s' if connections > 1 else ''}: {ratio:.1f}x"
                                  + (f" (target >= {RATIO:g}x: {verdict(ratio >= RATIO)})" if connections == 16 else ""))
    for target in ("floor", "hangar-sqlite", "hangar-postgres", "litellm"):
        run, direct = runs.get((target, "json-paced", 16)), runs.get(("direct", "json-paced", 16))
        if run and direct:
            added50, added99 = added(run, direct)
            checks.append(f"{NAMES[target]}, json paced at {run['rps']:,.0f} calls/s over 16 connections: added p50 "
                          f"{added50:.3f} ms, added p99 {added99:.3f} ms (the same targets, below saturation: "
                          f"{verdict(added50 <= ADDED_P50_MS and added99 <= ADDED_P99_MS)})")
    if memory:
        out += ["", "| process | peak RSS (VmHWM, whole run) | RSS at the end |", "| --- | ---: | ---: |"]
        for target in sorted(memory, key=lambda name: ORDER.index(name) if name in ORDER else 9):
            peak, rss = memory[target]
            out.append(f"| {NAMES.get(target, target)} | {mib(peak)} | {mib(rss)} |")
        if "hangar-postgres" in memory:
            out.append("(Hangar on PostgreSQL: `hangar serve` alone, not PostgreSQL's processes.)")
    for target, (calls, cost, answered) in usage.items():
        out += ["", f"{NAMES.get(target, target)} recorded {calls:,} calls in its usage, priced ${cost} in all; "
                f"its clients saw {answered:,} answers (a call cut by the end of a wrk run is recorded, not counted)"]
    for target, result in streams.items():
        peak = result.get("hwm_kib") if result.get("hwm_reset") else result.get("rss_sampled_max_kib")
        out += ["", f"{result['streams']:,} concurrent streams through {NAMES.get(target, target)}: "
                f"{result['completed']:,} completed, {result['failed']} failed, at most {result['max_open']:,} open at once, "
                f"{result['wall_s']} s; answer head p50 {result['head_ms_p50'] or 0:.1f} ms, p99 {result['head_ms_p99'] or 0:.1f} ms; "
                f"RSS {mib(result.get('rss_before_kib'))} before, peak {mib(peak)}"
                f" ({'VmHWM reset before the streams' if result.get('hwm_reset') else 'sampled every 20 ms'})"]
        if result.get("errors"):
            out.append(f"  errors: {json.dumps(result['errors'])}")
        if target.startswith("hangar") and peak is not None:
            checks.append(f"{NAMES[target]}: {result['streams']:,} streams, peak RSS {peak / 1024:.0f} MiB "
                          f"(target < {STREAM_PEAK_MIB:g} MiB: {verdict(peak / 1024 < STREAM_PEAK_MIB and result['failed'] == 0)})")
    if checks:
        out += ["", "Against the issue's targets:"] + [f"- {check}" for check in checks]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
