#!/usr/bin/env python3
"""LiteLLM proxy config for bench/gateway: COUNT models on one OpenAI-compatible upstream.

    python3 bench/gateway.d/litellm_config.py COUNT UPSTREAM_URL UPSTREAM_KEY MASTER_KEY > config.yaml

Model i (1-based) is `bench-model-NNNN` (four digits), served as `openai/bench-model-NNNN` at
UPSTREAM_URL/v1: the names Hangar's catalog gets in the same run, so that one request body
fits both. No database, the default workers; a master key, as Hangar checks a key too.
Written without a YAML library: every value is a plain JSON string, which YAML reads as is.
"""
import json
import sys


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    count, upstream, upstream_key, master_key = int(sys.argv[1]), sys.argv[2].rstrip("/"), sys.argv[3], sys.argv[4]
    lines = ["model_list:"]
    for index in range(1, count + 1):
        name = f"bench-model-{index:04d}"
        lines += [
            f"  - model_name: {json.dumps(name)}",
            "    litellm_params:",
            f"      model: {json.dumps('openai/' + name)}",
            f"      api_base: {json.dumps(upstream + '/v1')}",
            f"      api_key: {json.dumps(upstream_key)}",
        ]
    lines += ["general_settings:", f"  master_key: {json.dumps(master_key)}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
