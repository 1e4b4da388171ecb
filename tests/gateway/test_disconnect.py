"""How streams end. A client that stops reading one: Hangar closes the upstream stream (the fake
records it as cut by its client) and records the call as cancelled. A client that reads one to
its end: completed upstream, recorded ok. An upstream that fails mid-stream: an error event the
SDK raises, recorded as an error."""

import openai
import pytest

from conftest import Stack, expect_status

MESSAGES = [{"role": "user", "content": "Tell me a long story about hangars"}]
PIECES, PAUSE_MS = 50, 100
ROUNDS = 20


def test_a_client_that_leaves_mid_stream_cancels_the_upstream(stack: Stack, connection):
    fake = connection.fake
    already = len(fake.streams())
    key, client = stack.key()
    # Five seconds of stream at least, unless it is cut.
    fake.steer_streams(pieces=PIECES, pause_ms=PAUSE_MS)
    try:
        stream = client.chat.completions.create(model=connection.chat["id"], messages=MESSAGES, stream=True)
        first = next(iter(stream))
        assert first.model == connection.chat["id"]
        stream.close()

        # Every earlier stream has ended; this waits for this one too (up to 10 s).
        mine = fake.streams(ended=already + 1)[already]
    finally:
        fake.steer_streams()
    assert mine["end"] == "client_disconnected", mine
    assert mine["completed"] is False
    assert mine["pieces_sent"] < mine["pieces_planned"]
    [record] = stack.wait_records(key["id"], where=lambda r: r["status"] != "ok")
    assert record["status"] == "cancelled"
    assert record["model_id"] == connection.chat["id"]
    assert stack.records(key["id"]) == [record]


@pytest.mark.parametrize("kind", ["openai", "azure-openai", "ollama"])
def test_streams_read_to_their_end_complete_upstream_and_are_recorded_ok(stack: Stack, kind):
    connection = stack.connections[kind]
    fake = connection.fake
    already = len(fake.streams())
    key, client = stack.key()

    for _ in range(ROUNDS):
        chunks = list(client.chat.completions.create(model=connection.chat["id"], messages=MESSAGES, stream=True))
        assert chunks[-1].choices[0].finish_reason == "stop"

    mine = fake.streams(ended=already + ROUNDS)[already:]
    records = stack.wait_records(key["id"], ROUNDS)
    assert len(mine) == len(records) == ROUNDS
    assert {r["status"] for r in records} <= {"ok", "cancelled"}, records
    cut = [s for s in mine if s["end"] != "completed"]
    cancelled = [r for r in records if r["status"] == "cancelled"]
    assert not cut and not cancelled, f"{len(cancelled)} of {ROUNDS} recorded cancelled, {len(cut)} cut upstream"


@pytest.mark.parametrize("kind", ["openai", "azure-openai", "ollama"])
def test_an_upstream_failure_mid_stream_raises_in_the_sdk(stack: Stack, kind):
    connection = stack.connections[kind]
    key, client = stack.key()
    connection.fake.steer_streams(fail_after=2)
    try:
        stream = client.chat.completions.create(model=connection.chat["id"], messages=MESSAGES, stream=True)
        received = []
        with pytest.raises(openai.APIError):
            for chunk in stream:
                received.append(chunk)
    finally:
        connection.fake.steer_streams()
    assert any(c.choices and c.choices[0].delta.content for c in received), "pieces before the error"
    [record] = stack.wait_records(key["id"])
    # The SDK closes the stream as soon as it reads the error event: the record still says error.
    expect_status(record, "error")
