"""GET /v1/models through client.models.list()."""

from conftest import PRICES


def test_models_list_shows_the_keys_models_with_hangars_fields(stack):
    allowed = [m for c in stack.connections.values() for m in (c.chat, c.embed)]
    embeddings = {c.embed["id"] for c in stack.connections.values()}
    _, client = stack.key(models=[m["id"] for m in allowed])

    listed = {model.id: model for model in client.models.list()}

    assert sorted(listed) == sorted(m["id"] for m in allowed)
    for catalog in allowed:
        model = listed[catalog["id"]]
        extra = model.model_dump()
        assert model.object == "model"
        assert extra["name"] == catalog["name"]
        assert extra["api_name"] == catalog["api_name"]
        assert extra["context_window"] == catalog["context_window"] > 0
        assert extra["max_output_tokens"] == catalog["max_output_tokens"] > 0
        assert extra["status"] == "active"
        assert extra["replacement"] is None
        embedding = catalog["id"] in embeddings
        price_in = PRICES.embed_in if embedding else PRICES.chat_in
        price_out = PRICES.embed_out if embedding else PRICES.chat_out
        assert extra["cost_input_per_million"] == price_in
        assert extra["cost_output_per_million"] == price_out


def test_a_key_for_every_model_lists_the_new_connections_too(stack):
    _, client = stack.key()

    listed = {model.id for model in client.models.list()}

    assert {m["id"] for c in stack.connections.values() for m in (c.chat, c.embed)} <= listed


def test_a_deprecated_model_is_listed_and_served_with_a_warning(stack):
    connection = stack.connections["openai"]
    old = stack.server.ok("POST", "/api/models", {
        "provider_id": connection.provider_id, "name": "Fake old", "api_name": "fake-old",
        "cost_input_per_million": 1, "cost_output_per_million": 1})
    stack.server.ok("POST", f"/api/models/{old['id']}/deprecate", {"replacement_model_id": connection.chat["id"]})
    key, client = stack.key(models=[old["id"], connection.chat["id"]])

    listed = {model.id: model.model_dump() for model in client.models.list()}
    raw = client.chat.completions.with_raw_response.create(
        model=old["id"], messages=[{"role": "user", "content": "Hello"}])

    assert listed[old["id"]]["status"] == "deprecated"
    assert listed[old["id"]]["replacement"] == connection.chat["id"]
    assert listed[connection.chat["id"]]["status"] == "active"
    # The default policy, warn: the deprecated model answers, and a header names its replacement.
    assert f"{connection.provider_id}/fake-chat" in raw.headers["Hangar-Warning"]
    assert "Hangar-Redirected-From" not in raw.headers
    answer = raw.parse()
    assert answer.model == old["id"]
    assert answer.choices[0].message.content == "You said: Hello"
    [record] = stack.wait_records(key["id"])
    assert record["model_id"] == old["id"] and record["status"] == "ok"
