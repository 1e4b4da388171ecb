"""The gateway's refusals as the openai package raises them: typed exceptions carrying
OpenAI's error shape, and Retry-After on 429s (clients made with max_retries=0, so the SDK
gives up at once instead of honouring it)."""

import openai
import pytest

MESSAGES = [{"role": "user", "content": "Hello"}]


def error_body(error: openai.APIStatusError) -> dict:
    body = error.response.json()["error"]
    assert set(body) >= {"message", "type", "code", "param"}, body
    assert body["message"]
    return body


def test_an_unknown_key_is_an_authentication_error(stack):
    model = stack.connections["openai"].chat["id"]
    client = stack.client("hk_" + "x" * 32)

    with pytest.raises(openai.AuthenticationError) as raised:
        client.chat.completions.create(model=model, messages=MESSAGES)
    assert raised.value.status_code == 401
    assert error_body(raised.value)["code"] == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        client.models.list()


def test_a_revoked_key_is_an_authentication_error(stack):
    model = stack.connections["openai"].chat["id"]
    key, client = stack.key()
    stack.server.ok("DELETE", f"/api/keys/{key['id']}")

    with pytest.raises(openai.AuthenticationError) as raised:
        client.chat.completions.create(model=model, messages=MESSAGES)
    assert error_body(raised.value)["code"] == "invalid_api_key"


def test_a_model_outside_the_keys_list_is_permission_denied(stack):
    azure, mistral = stack.connections["azure-openai"], stack.connections["mistral"]
    key, client = stack.key(models=[azure.chat["id"]])

    for call in (lambda: client.chat.completions.create(model=mistral.chat["id"], messages=MESSAGES),
                 lambda: client.chat.completions.create(model=mistral.chat["id"], messages=MESSAGES, stream=True),
                 lambda: client.embeddings.create(model=mistral.embed["id"], input="hi")):
        with pytest.raises(openai.PermissionDeniedError) as raised:
            call()
        assert raised.value.status_code == 403
        assert error_body(raised.value)["code"] == "model_not_allowed"
    assert stack.records(key["id"]) == [], "a refused call reaches no upstream and records nothing"


def test_an_unknown_model_is_not_found(stack):
    _, client = stack.key()

    with pytest.raises(openai.NotFoundError) as raised:
        client.chat.completions.create(model="no-such-model", messages=MESSAGES)
    assert raised.value.status_code == 404
    assert error_body(raised.value)["code"] == "model_not_found"
    with pytest.raises(openai.NotFoundError):
        client.embeddings.create(model="no-such-model", input="hi")


def test_an_ambiguous_api_name_is_not_found_naming_the_candidates(stack):
    _, client = stack.key()

    # fake-chat is the api_name of the openai, mistral and openai-compatible models.
    with pytest.raises(openai.NotFoundError) as raised:
        client.chat.completions.create(model="fake-chat", messages=MESSAGES)
    message = error_body(raised.value)["message"]
    for kind in ("openai", "mistral", "openai-compatible"):
        assert f"{stack.connections[kind].provider_id}/fake-chat" in message


def test_a_key_over_its_rpm_limit_is_rate_limited_with_retry_after(stack):
    model = stack.connections["openai-compatible"].chat["id"]
    key, client = stack.key(rpm_limit=1)
    client.chat.completions.create(model=model, messages=MESSAGES)

    with pytest.raises(openai.RateLimitError) as raised:
        client.chat.completions.create(model=model, messages=MESSAGES)
    assert raised.value.status_code == 429
    assert error_body(raised.value)["code"] == "rate_limited"
    retry_after = int(raised.value.response.headers["Retry-After"])
    assert 1 <= retry_after <= 60
    with pytest.raises(openai.RateLimitError):  # a stream is refused before its first byte
        client.chat.completions.create(model=model, messages=MESSAGES, stream=True)
    assert len(stack.records(key["id"])) == 1


def test_a_spent_budget_is_rate_limited_with_retry_after(stack):
    model = stack.connections["ollama"].chat["id"]
    key, client = stack.key(budget_usd=0.000001, budget_period="day")
    # A call alone is admitted under the budget, and costs more than all of it.
    client.chat.completions.create(model=model, messages=MESSAGES)
    spent = stack.server.ok("GET", f"/api/keys/{key['id']}")["spent_usd"]
    assert spent > 0.000001

    with pytest.raises(openai.RateLimitError) as raised:
        client.chat.completions.create(model=model, messages=MESSAGES)
    assert error_body(raised.value)["code"] == "budget_exceeded"
    retry_after = int(raised.value.response.headers["Retry-After"])
    assert 1 <= retry_after <= 86400, "until the end of the UTC day"
    assert [r["status"] for r in stack.records(key["id"])] == ["ok"]


def test_a_new_budget_key_says_when_its_period_ends(stack):
    key, _ = stack.key(budget_usd=1, budget_period="day")

    assert key["period_ends_at"] == stack.server.ok("GET", f"/api/keys/{key['id']}")["period_ends_at"] is not None
