"""POST /v1/chat/completions on every connection kind, streamed and not, and its usage records."""

import pytest

from conftest import ECHO_USAGE, PRICES, expect_status

PROMPT = "Tell me about hangars"
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": PROMPT}]


def chat_cost(prompt_tokens: int, completion_tokens: int) -> float:
    return (prompt_tokens * PRICES.chat_in + completion_tokens * PRICES.chat_out) / 1_000_000


def last_upstream_chat(connection) -> dict:
    calls = [r for r in connection.fake.requests() if r["path"].endswith("/chat/completions")]
    assert calls, f"the {connection.kind} fake received no chat completion"
    return calls[-1]


def test_chat_completion(stack, connection):
    key, client = stack.key()
    model = connection.chat["id"]

    answer = client.chat.completions.create(model=model, messages=MESSAGES, temperature=0.2)

    assert answer.model == model
    text = answer.choices[0].message.content
    if connection.echoes:
        assert text == f"You said: {PROMPT}"
        assert (answer.usage.prompt_tokens, answer.usage.completion_tokens) == ECHO_USAGE
    assert text and answer.choices[0].message.role == "assistant"
    upstream = last_upstream_chat(connection)
    if connection.kind == "azure-openai":
        assert "/openai/deployments/chat/chat/completions" in upstream["path"]
    else:
        assert upstream["body"]["model"] == connection.chat["api_name"]
    assert upstream["body"]["temperature"] == 0.2
    [record] = stack.wait_records(key["id"])
    assert record["status"] == "ok"
    assert record["purpose"] == "chat"
    assert record["model_id"] == model and record["provider_id"] == connection.provider_id
    assert record["input_tokens"] == answer.usage.prompt_tokens
    assert record["output_tokens"] == answer.usage.completion_tokens
    assert record["estimated"] is False
    assert record["cost_usd"] == pytest.approx(chat_cost(answer.usage.prompt_tokens, answer.usage.completion_tokens))


def test_streamed_chat_joins_to_the_full_answer(stack, connection):
    _, plain = stack.key()
    key, client = stack.key()
    name = f"{connection.provider_id}/{connection.chat['api_name']}"
    whole = plain.chat.completions.create(model=name, messages=MESSAGES).choices[0].message.content

    chunks = list(client.chat.completions.create(model=name, messages=MESSAGES, stream=True))

    assert len(chunks) > 2, "one chunk a piece"
    assert {chunk.model for chunk in chunks} == {name}
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == whole
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["stop"]
    # The client did not ask for usage, so no chunk carries it, whatever Hangar asked upstream.
    assert all(chunk.usage is None for chunk in chunks)
    [streamed] = stack.wait_records(key["id"])
    assert streamed["model_id"] == connection.chat["id"]
    assert streamed["input_tokens"] and streamed["output_tokens"]
    expect_status(streamed)


def test_streamed_chat_with_usage(stack, connection):
    key, client = stack.key()
    model = connection.chat["id"]

    stream = client.chat.completions.create(model=model, messages=MESSAGES, stream=True,
                                            stream_options={"include_usage": True})
    chunks = list(stream)

    last = chunks[-1]
    assert last.choices == [] and last.usage is not None
    assert all(chunk.usage is None for chunk in chunks[:-1])
    assert {chunk.model for chunk in chunks} == {model}
    if connection.echoes:
        assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == f"You said: {PROMPT}"
        assert (last.usage.prompt_tokens, last.usage.completion_tokens) == ECHO_USAGE
    [record] = stack.wait_records(key["id"])
    assert record["key_id"] == key["id"] and record["model_id"] == model
    assert (record["input_tokens"], record["output_tokens"]) == (last.usage.prompt_tokens, last.usage.completion_tokens)
    assert record["estimated"] is False
    assert record["cost_usd"] == pytest.approx(chat_cost(last.usage.prompt_tokens, last.usage.completion_tokens))
    expect_status(record)


@pytest.mark.parametrize("form", ["id", "provider/api_name", "unique api_name"])
def test_model_names_come_back_as_sent(stack, form):
    azure = stack.connections["azure-openai"]
    name = {"id": azure.chat["id"], "provider/api_name": f"{azure.provider_id}/chat", "unique api_name": "chat"}[form]
    key, client = stack.key()

    answer = client.chat.completions.create(model=name, messages=MESSAGES)

    assert answer.model == name
    [record] = stack.wait_records(key["id"])
    assert record["model_id"] == azure.chat["id"]
