"""POST /v1/embeddings on every connection kind. The openai package asks for base64 by default
and decodes it; the fakes' vectors follow from the text alone (FakeEmbedding in
Sources/HangarTesting), so the floats are checked exactly."""

import math
import struct

import pytest

from conftest import PRICES

TEXTS = ["hello hangar", "a second input"]
MASK = (1 << 64) - 1


def fake_vector(text: str, dimensions: int = 8) -> list[float]:
    """FakeEmbedding.vector: FNV-1a of the UTF-8 bytes, spread by SplitMix64, normalised, float32."""
    seed = 0xCBF29CE484222325
    for byte in text.encode():
        seed = ((seed ^ byte) * 0x100000001B3) & MASK
    raw = []
    for _ in range(max(dimensions, 1)):
        seed = (seed + 0x9E3779B97F4A7C15) & MASK
        mixed = ((seed ^ (seed >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        mixed = ((mixed ^ (mixed >> 27)) * 0x94D049BB133111EB) & MASK
        mixed ^= mixed >> 31
        raw.append((mixed >> 11) / float(1 << 53) * 2 - 1)
    length = max(math.sqrt(sum(x * x for x in raw)), 5e-324)
    return [struct.unpack("<f", struct.pack("<f", x / length))[0] for x in raw]


def last_upstream_embeddings(connection) -> dict:
    calls = [r for r in connection.fake.requests() if r["path"].endswith("/embeddings")]
    assert calls, f"the {connection.kind} fake received no embeddings request"
    return calls[-1]


def test_embeddings(stack, connection):
    key, client = stack.key()
    model = connection.embed["id"]

    answer = client.embeddings.create(model=model, input=TEXTS)

    assert answer.model == model
    assert [item.index for item in answer.data] == [0, 1]
    assert [item.embedding for item in answer.data] == [fake_vector(text) for text in TEXTS]
    assert answer.usage.prompt_tokens == 5  # one token a word
    upstream = last_upstream_embeddings(connection)
    assert upstream["body"]["encoding_format"] == "base64", "the SDK's default, passed through"
    assert upstream["body"]["input"] == TEXTS
    if connection.kind == "azure-openai":
        assert "/openai/deployments/embed/embeddings" in upstream["path"]
    else:
        assert upstream["body"]["model"] == connection.embed["api_name"]
    [record] = stack.wait_records(key["id"])
    assert record["status"] == "ok" and record["purpose"] == "embedding"
    assert record["model_id"] == model
    assert record["input_tokens"] == 5


def test_embeddings_as_floats(stack):
    connection = stack.connections["ollama"]
    _, client = stack.key()

    answer = client.embeddings.create(model=connection.embed["id"], input="hello hangar", encoding_format="float")

    assert answer.data[0].embedding == pytest.approx(fake_vector("hello hangar"), abs=1e-7)


def test_embeddings_are_priced(stack):
    connection = stack.connections["openai"]
    key, client = stack.key()

    client.embeddings.create(model=connection.embed["id"], input=TEXTS)

    [record] = stack.wait_records(key["id"])
    assert record["cost_usd"] == pytest.approx(5 * PRICES.embed_in / 1_000_000)
    assert stack.server.ok("GET", f"/api/keys/{key['id']}")["spent_usd"] == pytest.approx(5 * PRICES.embed_in / 1_000_000)
