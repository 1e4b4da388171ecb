#!/usr/bin/env python3
"""One chat completion through a target of bench/gateway, checked before it is timed.

    python3 bench/gateway.d/check_call.py BASE_URL KEY MODEL json|stream [ECHO]

POSTs BASE_URL/v1/chat/completions (the body the wrk script sends) and checks the answer: HTTP
200 and the bench upstream's text ("Hello from the bench upstream."), whole or rebuilt from the
stream's deltas, the stream ending with `data: [DONE]`. With ECHO=echo the answer's `model`
must also be MODEL (a proxy gives back the name the client asked for). Exits 1 with the reason
otherwise, so that no figure is printed for calls that failed.
"""
import http.client
import json
import sys
from urllib.parse import urlsplit

TEXT = "Hello from the bench upstream."


def main() -> int:
    if len(sys.argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    base, key, model, mode = sys.argv[1:5]
    echo = len(sys.argv) == 6 and sys.argv[5] == "echo"
    parts = urlsplit(base)
    body = {"model": model, "messages": [{"role": "user", "content": "Say hello."}], "max_tokens": 16}
    if mode == "stream":
        body["stream"] = True
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request("POST", parts.path.rstrip("/") + "/v1/chat/completions", json.dumps(body),
                       {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    response = connection.getresponse()
    payload = response.read().decode("utf-8", "replace")
    where = f"POST {base}/v1/chat/completions ({mode})"
    if response.status != 200:
        raise SystemExit(f"{where}: HTTP {response.status}: {payload[:400]}")
    if mode == "stream":
        datas = [line[5:].strip() for line in payload.splitlines() if line.startswith("data:")]
        if not datas or datas[-1] != "[DONE]":
            raise SystemExit(f"{where}: the stream does not end with data: [DONE]: {payload[-300:]!r}")
        chunks = [json.loads(data) for data in datas[:-1]]
        text = "".join((choice.get("delta") or {}).get("content") or ""
                       for chunk in chunks for choice in chunk.get("choices") or [])
        models = {chunk.get("model") for chunk in chunks}
    else:
        answer = json.loads(payload)
        text = answer["choices"][0]["message"]["content"]
        models = {answer.get("model")}
    if text != TEXT:
        raise SystemExit(f"{where}: the answer's text is {text!r}, not {TEXT!r}")
    if echo and models != {model}:
        raise SystemExit(f"{where}: the answer names the model {sorted(map(str, models))}, not {model!r}")
    print(f"{where}: 200, text ok{', model echoed' if echo else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
