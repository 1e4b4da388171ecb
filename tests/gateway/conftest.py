"""Fixtures of the gateway suite: the official `openai` package against a real `hangar serve`
(SQLite, then PostgreSQL) whose connections point at `hangar-fakes` upstreams, one connection
of each kind: openai, mistral and openai-compatible on one `hangar-fakes openai`, azure-openai
on `hangar-fakes azure`, ollama on `hangar-fakes ollama`.

PostgreSQL: HANGAR_GATEWAY_POSTGRES_URL names an empty database the suite's server may migrate
(scripts/test makes one with pg_create_db); without it the PostgreSQL half is skipped."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass

import openai
import pytest

from gateway_procs import Fake, Server

OPENAI_KEY = "sk-fake-openai-0123456789"
AZURE_KEY = "azure-fake-key-0123456789abcdef"
# The openai fake answers "You said: <last user message>" with this usage.
ECHO_USAGE = (12, 8)
KINDS = ["openai", "mistral", "openai-compatible", "azure-openai", "ollama"]
POSTGRES_ENV = "HANGAR_GATEWAY_POSTGRES_URL"
WAIT_SECONDS = 10.0


def expect_status(record: dict, expected: str = "ok") -> None:
    """A stream read to its end (or to its error event) is recorded with that status, even
    when the client closes its connection at once, as the openai package does."""
    assert record["status"] == expected, record


@dataclass
class Connection:
    """One connection of the server, the fake behind it and its two catalog models."""
    kind: str
    fake: Fake
    provider_id: str
    chat: dict
    embed: dict

    @property
    def echoes(self) -> bool:
        return self.fake.kind == "openai"


@dataclass
class Prices:
    chat_in: float = 1.5
    chat_out: float = 2.5
    embed_in: float = 0.5
    embed_out: float = 0.0


PRICES = Prices()


class Stack:
    """One engine's server, seeded with the connections, and what tests ask of it."""

    def __init__(self, engine: str, server: Server, connections: dict[str, Connection]):
        self.engine = engine
        self.server = server
        self.connections = connections

    @property
    def v1(self) -> str:
        return f"{self.server.url}/v1"

    def key(self, **fields) -> tuple[dict, openai.OpenAI]:
        """A new application key (POST /api/keys) and an SDK client that uses it. No retries:
        each test sees the gateway's first answer."""
        key = self.server.ok("POST", "/api/keys", {"name": f"gw-{uuid.uuid4().hex[:10]}", **fields})
        assert key["secret"].startswith("hk_"), key
        return key, self.client(key["secret"])

    def client(self, secret: str) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.v1, api_key=secret, max_retries=0, timeout=20)

    def records(self, key_id: str) -> list[dict]:
        """The usage records of one key, newest first."""
        page = self.server.ok("GET", "/api/usage/records?limit=500")
        return [r for r in page["records"] if r["key_id"] == key_id]

    def wait_records(self, key_id: str, count: int = 1, where=lambda r: True) -> list[dict]:
        """The key's records once count of them match where (bounded wait)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            found = [r for r in self.records(key_id) if where(r)]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"{count} usage records of key {key_id} expected, got {self.records(key_id)}"
                return found
            time.sleep(0.05)


@pytest.fixture(scope="session")
def fakes():
    started: list[Fake] = []
    try:
        started.append(Fake("openai", "--key", OPENAI_KEY, "--model", "fake-chat", "--model", "fake-embed",
                            "--any-model", "--echo", f"{ECHO_USAGE[0]}:{ECHO_USAGE[1]}"))
        started.append(Fake("azure", "--key", AZURE_KEY, "--deployment", "chat", "--deployment", "embed"))
        ollama = Fake("ollama")
        started.append(ollama)
        # An embedding model beside the chat models the fake has installed.
        ollama.control("POST", "ollama/models", {"name": "nomic-embed-text:latest", "layers": [4096], "install": True})
        yield {fake.kind: fake for fake in started}
    finally:
        for fake in started:
            fake.stop()


def seed(server: Server, fakes: dict[str, Fake]) -> dict[str, Connection]:
    """A connection of each kind, each with a priced chat model and a priced embedding model."""
    plan = {
        "openai": (fakes["openai"], OPENAI_KEY, "fake-chat", "fake-embed"),
        "mistral": (fakes["openai"], OPENAI_KEY, "fake-chat", "fake-embed"),
        "openai-compatible": (fakes["openai"], OPENAI_KEY, "fake-chat", "fake-embed"),
        "azure-openai": (fakes["azure"], AZURE_KEY, "chat", "embed"),
        "ollama": (fakes["ollama"], None, "qwen2.5:0.5b", "nomic-embed-text"),
    }
    connections = {}
    for kind, (fake, api_key, chat, embed) in plan.items():
        body = {"kind": kind, "name": f"Fake {kind}", "base_url": fake.url}
        if api_key:
            body["api_key"] = api_key
        provider = server.ok("POST", "/api/providers", body)
        models = [
            server.ok("POST", "/api/models", {
                "provider_id": provider["id"], "name": f"{kind} {api_name}", "api_name": api_name,
                "cost_input_per_million": price_in, "cost_output_per_million": price_out})
            for api_name, price_in, price_out in [(chat, PRICES.chat_in, PRICES.chat_out),
                                                  (embed, PRICES.embed_in, PRICES.embed_out)]
        ]
        connections[kind] = Connection(kind, fake, provider["id"], models[0], models[1])
    return connections


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def stack(request, fakes):
    engine = request.param
    database_url = None
    if engine == "postgres":
        database_url = os.environ.get(POSTGRES_ENV, "").strip()
        if not database_url:
            pytest.skip(f"PostgreSQL half skipped: set {POSTGRES_ENV} to an empty database's URL "
                        "(scripts/test does)")
    # Nothing the server fetches on its own may leave the machine.
    env = {"HANGAR_OLLAMA_REGISTRY": fakes["ollama"].url, "HANGAR_OLLAMA_LIBRARY": fakes["ollama"].url,
           "HANGAR_HF_ENDPOINT": fakes["ollama"].url}
    server = Server(engine, env, database_url).start()
    try:
        yield Stack(engine, server, seed(server, fakes))
    finally:
        server.cleanup()


@pytest.fixture(params=KINDS)
def connection(request, stack) -> Connection:
    return stack.connections[request.param]
