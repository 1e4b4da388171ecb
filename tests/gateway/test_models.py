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
