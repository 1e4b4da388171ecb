"""POST /graphql through a real GraphQL client, `gql` 3.x with its requests transport: seed
003's queries and mutations, their error codes, what an application key may do, and the
depth and cost limits. Every query is validated by gql against the schema the server serves
(fetched once an engine by introspection), which must match the committed SDL.

What a test changes globally (settings, defaults) it puts back; models it creates live on the
builtin `ollama` connection and are deleted afterwards, so the suite's own models are untouched."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport
from graphql import GraphQLError, build_schema
from graphql.utilities import find_breaking_changes, find_dangerous_changes

from conftest import AZURE_KEY, ECHO_USAGE, OPENAI_KEY
from gateway_procs import ADMIN_TOKEN

SDL = Path(__file__).resolve().parents[2] / "Sources" / "GraphQLAPI" / "schema.graphql"
MODEL = ("id name apiName kind status providerId providerKind contextWindow maxOutputTokens temperatureDefault "
         "isBuiltin isDefault replacementModelId costInputPerMillion costOutputPerMillion")
CREATE = f"mutation($input: CreateLlmModelInput!) {{ createLlmModel(input: $input) {{ {MODEL} }} }}"
UPDATE = f"mutation($id: ID!, $input: UpdateLlmModelInput!) {{ updateLlmModel(id: $id, input: $input) {{ {MODEL} }} }}"
SETTINGS = "{ systemSettings { key value } }"
SET_SETTING = "mutation($key: String!, $value: JSON!) { updateSystemSetting(key: $key, value: $value) { key value } }"
SET_DEFAULT = ("mutation($id: ID!, $purpose: ModelPurpose) "
               "{ setDefaultModel(id: $id, purpose: $purpose) { id isDefault } }")
PROVIDERS = "{ llmProviders { id name kind baseUrl enabled isBuiltin apiKeyConfigured defaultModelId } }"


def enum(rest_value: str) -> str:
    return rest_value.upper().replace("-", "_")


def transport(stack, token: str) -> RequestsHTTPTransport:
    return RequestsHTTPTransport(url=f"{stack.server.url}/graphql", headers={"Authorization": f"Bearer {token}"},
                                 timeout=20, retries=0)


class Api:
    """A gql client for one token; queries are validated against the served schema first."""

    def __init__(self, stack, schema, token: str = ADMIN_TOKEN):
        self.client = Client(transport=transport(stack, token), schema=schema)

    def run(self, query: str, **variables) -> dict:
        return self.client.execute(gql(query), variable_values=variables or None)

    def refused(self, query: str, **variables) -> TransportQueryError:
        with pytest.raises(TransportQueryError) as raised:
            self.run(query, **variables)
        assert raised.value.errors, raised.value
        return raised.value

    def code(self, query: str, **variables) -> str:
        return self.refused(query, **variables).errors[0]["extensions"]["code"]

    def settings(self) -> dict:
        return {s["key"]: s["value"] for s in self.run(SETTINGS)["systemSettings"]}

    def model(self, model_id: str) -> dict | None:
        try:
            return self.run(f"query($id: ID!) {{ llmModel(id: $id) {{ {MODEL} }} }}", id=model_id)["llmModel"]
        except TransportQueryError as error:
            assert error.errors[0]["extensions"]["code"] == "model_not_found", error.errors
            return None

    def total(self) -> int:
        return self.run("{ llmModels { totalCount } }")["llmModels"]["totalCount"]

    def provider_default(self, provider_id: str) -> str | None:
        return next(p["defaultModelId"] for p in self.run(PROVIDERS)["llmProviders"] if p["id"] == provider_id)


@pytest.fixture(scope="session")
def served_schema(stack):
    """The schema gql reads from the server's introspection (fetch_schema_from_transport)."""
    client = Client(transport=transport(stack, ADMIN_TOKEN), fetch_schema_from_transport=True)
    with client as session:
        session.execute(gql("{ llmProviders { id } }"))
    assert client.schema is not None
    return client.schema


@pytest.fixture
def admin(stack, served_schema) -> Api:
    return Api(stack, served_schema)


@pytest.fixture
def make(request, stack, admin):
    """make(**fields): a new model on the builtin ollama connection, named uniquely. Afterwards
    the settings and ollama's default are put back and the models deleted."""
    settings, ollama_default, made = admin.settings(), admin.provider_default("ollama"), []

    def create(**fields) -> dict:
        tag = f"{stack.engine}-{uuid.uuid4().hex[:8]}"
        body = {"providerId": "ollama", "name": f"GQL {request.node.originalname[5:30]} {tag}",
                "apiName": f"gql-test-model-{tag}", **fields}
        model = admin.run(CREATE, input=body)["createLlmModel"]
        made.append(model["id"])
        return model

    yield create
    for key, value in admin.settings().items():
        if value != settings[key]:
            admin.run(SET_SETTING, key=key, value=settings[key])
    if admin.provider_default("ollama") != ollama_default:
        admin.run(SET_DEFAULT, id=ollama_default)
    for model_id in made:
        status, payload, _ = stack.server.api("DELETE", f"/api/models/{model_id}")
        assert status in (200, 204, 404), payload


def test_the_served_schema_is_the_committed_one(served_schema):
    committed = build_schema(SDL.read_text())
    # graphql-core 3.2 does not know @oneOf, which the server declares among its directives.
    changes = (find_breaking_changes(served_schema, committed) + find_breaking_changes(committed, served_schema)
               + find_dangerous_changes(committed, served_schema))
    drift = [change for change in changes if "oneOf" not in change.description]
    assert drift == []
    assert sorted(served_schema.type_map) == sorted(committed.type_map)


def test_llm_providers_say_whether_a_key_is_stored_never_the_key(stack, admin):
    fields = set(admin.client.schema.type_map["LlmProvider"].fields)
    assert "apiKeyConfigured" in fields and not [f for f in fields if "key" in f.lower() and f != "apiKeyConfigured"]
    with pytest.raises(GraphQLError):  # refused by gql against the served schema, before any request
        admin.run("{ llmProviders { apiKey } }")

    providers = {p["id"]: p for p in admin.run(PROVIDERS)["llmProviders"]}

    rest = {p["id"]: p for p in stack.server.ok("GET", "/api/providers")["items"]}
    assert set(providers) == set(rest) >= {"mistral", "ollama", "openai", "azure-openai", "local"}
    for provider_id, provider in providers.items():
        expected = rest[provider_id]
        assert provider == {"id": provider_id, "name": expected["name"], "kind": enum(expected["kind"]),
                            "baseUrl": expected["base_url"], "enabled": expected["enabled"],
                            "isBuiltin": expected["is_builtin"], "apiKeyConfigured": expected["api_key_configured"],
                            "defaultModelId": expected["default_model_id"]}
    for kind, connection in stack.connections.items():
        assert providers[connection.provider_id]["kind"] == enum(kind)
        assert providers[connection.provider_id]["apiKeyConfigured"] is (kind != "ollama")
    raw = requests.post(f"{stack.server.url}/graphql", timeout=20, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                        json={"query": "{ llmProviders { id name baseUrl apiKeyConfigured limits { maxParallel } } }"})
    assert raw.status_code == 200 and OPENAI_KEY not in raw.text and AZURE_KEY not in raw.text


def test_llm_models_filter(stack, admin):
    query = (f"query($filter: LlmModelFilter) {{ llmModels(filter: $filter, first: 1000) "
             f"{{ nodes {{ {MODEL} }} totalCount }} }}")
    connection = stack.connections["openai"]

    page = admin.run(query, filter={"providerId": connection.provider_id})["llmModels"]
    assert sorted(m["id"] for m in page["nodes"]) == sorted([connection.chat["id"], connection.embed["id"]])
    assert page["totalCount"] == 2
    for model in page["nodes"]:
        rest = stack.server.ok("GET", f"/api/models/{model['id']}")
        assert model["apiName"] == rest["api_name"] and model["costInputPerMillion"] == rest["cost_input_per_million"]
        assert model["providerKind"] == "OPENAI" and model["kind"] == "HOSTED" and model["status"] == "ACTIVE"

    azure = admin.run(query, filter={"providerKind": "AZURE_OPENAI", "status": "ACTIVE"})["llmModels"]
    assert {stack.connections["azure-openai"].chat["id"], stack.connections["azure-openai"].embed["id"]} <= {
        m["id"] for m in azure["nodes"]}
    assert all(m["providerKind"] == "AZURE_OPENAI" and m["status"] == "ACTIVE" for m in azure["nodes"])
    local = admin.run(query, filter={"kind": "LOCAL"})["llmModels"]
    assert local["totalCount"] == len(local["nodes"]) > 0 and all(m["kind"] == "LOCAL" for m in local["nodes"])
    text = admin.run(query, filter={"text": "nomic-embed-text"})["llmModels"]
    assert stack.connections["ollama"].embed["id"] in {m["id"] for m in text["nodes"]}
    assert admin.run(query, filter={"text": "no-such-model-anywhere"})["llmModels"] == {"nodes": [], "totalCount": 0}


def test_llm_models_pages_walk_to_the_total(admin, make):
    # Three models with one name: the cursor must still tell them apart.
    word = uuid.uuid4().hex[:10]
    twins = {make(name=f"Gql paging {word}")["id"] for _ in range(3)}
    query = ("query($first: Int, $after: String, $filter: LlmModelFilter) { llmModels(first: $first, after: $after, "
             "filter: $filter) { nodes { id name } pageInfo { endCursor hasNextPage } totalCount } }")
    for first, where in ((4, None), (1, {"text": word})):
        seen, after, totals = [], None, set()
        while True:
            page = admin.run(query, first=first, after=after, filter=where)["llmModels"]
            assert 0 < len(page["nodes"]) <= first
            seen += [m["id"] for m in page["nodes"]]
            totals.add(page["totalCount"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
            assert after
        assert len(totals) == 1 and len(seen) == len(set(seen)) == totals.pop()
        whole = admin.run(query, first=1000, filter=where)["llmModels"]
        assert [m["id"] for m in whole["nodes"]] == seen and not whole["pageInfo"]["hasNextPage"]
    assert set(seen) == twins


def test_llm_model_by_id_and_an_unknown_id(stack, admin):
    connection = stack.connections["mistral"]
    model = admin.run(f"query($id: ID!) {{ llmModel(id: $id) {{ {MODEL} provider {{ id kind defaultModelId }} }} }}",
                      id=connection.chat["id"])["llmModel"]
    rest = stack.server.ok("GET", f"/api/models/{connection.chat['id']}")
    assert model["provider"] == {"id": connection.provider_id, "kind": "MISTRAL", "defaultModelId": stack.server.ok(
        "GET", f"/api/providers/{connection.provider_id}")["default_model_id"]}
    assert (model["name"], model["apiName"], model["contextWindow"], model["maxOutputTokens"], model["isBuiltin"],
            model["costInputPerMillion"], model["costOutputPerMillion"]) == (
        rest["name"], rest["api_name"], rest["context_window"], rest["max_output_tokens"], rest["is_builtin"],
        rest["cost_input_per_million"], rest["cost_output_per_million"])
    assert admin.model("ollama-phi3")["isBuiltin"] is True

    error = admin.refused("{ llmModel(id: \"no-such-model\") { id } }")
    assert error.data == {"llmModel": None}
    assert error.errors[0]["extensions"]["code"] == "model_not_found" and error.errors[0]["path"] == ["llmModel"]


def test_available_models_put_the_default_first(stack, admin, make):
    query = ("query($purpose: ModelPurpose) { availableModels(purpose: $purpose) { id status "
             "provider { id enabled kind } } }")
    before = admin.run(query, purpose="CHAT")["availableModels"]
    assert before and all(m["status"] == "ACTIVE" and m["provider"]["enabled"] for m in before)
    assert all(m["provider"]["kind"] != "LOCAL" for m in before), "no local model is downloaded here"
    model = make()

    chosen = admin.run(SET_DEFAULT, id=model["id"], purpose="CHAT")["setDefaultModel"]

    assert chosen == {"id": model["id"], "isDefault": False}, "a CHAT default is not its connection's default"
    after = admin.run(query, purpose="CHAT")["availableModels"]
    assert after[0]["id"] == model["id"]
    assert sorted(m["id"] for m in after) == sorted([m["id"] for m in before] + [model["id"]])
    assert admin.settings()["default_models"]["chat"] == model["id"]
    assert stack.server.ok("GET", "/api/settings")["default_models"]["chat"] == model["id"]


def test_system_settings_and_update_system_setting(stack, admin, make):
    settings = admin.settings()
    assert settings == stack.server.ok("GET", "/api/settings")
    assert {"download_concurrency", "default_models", "deprecated_model_policy"} <= set(settings)
    concurrency = settings["download_concurrency"]
    changed = 1 if concurrency != 1 else 2

    answer = admin.run(SET_SETTING, key="download_concurrency", value=changed)["updateSystemSetting"]

    assert answer == {"key": "download_concurrency", "value": changed}
    assert stack.server.ok("GET", "/api/settings")["download_concurrency"] == changed
    admin.run(SET_SETTING, key="download_concurrency", value=concurrency)
    assert admin.settings() == settings
    # An object value, through a JSON variable.
    model = make()
    defaults = {**settings["default_models"], "code": model["id"]}
    assert admin.run(SET_SETTING, key="default_models", value=defaults)["updateSystemSetting"]["value"] == defaults
    assert stack.server.ok("GET", "/api/settings")["default_models"] == defaults


def test_usage_matches_rest(stack, admin):
    connection = stack.connections["openai-compatible"]
    key, client = stack.key()
    client.chat.completions.create(model=connection.chat["id"], messages=[{"role": "user", "content": "Hi"}])
    stack.wait_records(key["id"])
    query = ("query($modelId: ID) { usage(modelId: $modelId) { from to totals { calls inputTokens outputTokens "
             "costUsd unpricedCalls } days { day modelId providerId totals { calls } } keys { keyId keyPrefix "
             "totals { calls inputTokens outputTokens } } } }")

    usage = admin.run(query, modelId=connection.chat["id"])["usage"]

    rest = stack.server.ok("GET", f"/api/usage?model_id={connection.chat['id']}")
    assert (usage["from"], usage["to"]) == (rest["from"], rest["to"])
    cost = usage["totals"].pop("costUsd")  # an exact decimal string; REST's is a JSON number
    assert usage["totals"] == {"calls": rest["totals"]["calls"], "inputTokens": rest["totals"]["input_tokens"],
                               "outputTokens": rest["totals"]["output_tokens"],
                               "unpricedCalls": rest["totals"]["unpriced_calls"]}
    assert usage["totals"]["calls"] >= 1 and Decimal(cost) > 0
    assert abs(Decimal(cost) - Decimal(str(rest["totals"]["cost_usd"]))) < Decimal("1e-9")
    assert {d["modelId"] for d in usage["days"]} == {connection.chat["id"]}
    mine = [k for k in usage["keys"] if k["keyId"] == key["id"]]
    assert mine == [{"keyId": key["id"], "keyPrefix": key["prefix"], "totals": {
        "calls": 1, "inputTokens": ECHO_USAGE[0], "outputTokens": ECHO_USAGE[1]}}]
    assert admin.run(query)["usage"]["totals"]["calls"] >= usage["totals"]["calls"]


def test_a_model_from_create_to_delete(stack, admin, make):
    model = make(contextWindow=32768, costInputPerMillion=1.25, costOutputPerMillion=5)
    assert (model["status"], model["kind"], model["providerKind"]) == ("ACTIVE", "HOSTED", "OLLAMA")
    assert model["isBuiltin"] is False
    rest = stack.server.ok("GET", f"/api/models/{model['id']}")
    assert (rest["name"], rest["context_window"], rest["cost_input_per_million"]) == (model["name"], 32768, 1.25)
    changed = admin.run(UPDATE, id=model["id"], input={"costInputPerMillion": 2.5, "maxOutputTokens": 2048})
    assert {k: changed["updateLlmModel"][k] for k in ("costInputPerMillion", "costOutputPerMillion")} == {
        "costInputPerMillion": 2.5, "costOutputPerMillion": 5} and changed["updateLlmModel"]["maxOutputTokens"] == 2048
    cleared = admin.run(UPDATE, id=model["id"], input={"costInputPerMillion": None})["updateLlmModel"]
    assert (cleared["costInputPerMillion"], cleared["costOutputPerMillion"]) == (None, 5)
    assert stack.server.ok("GET", f"/api/models/{model['id']}")["cost_input_per_million"] is None

    replacement = make()
    deprecate = ("mutation($id: ID!, $to: ID) "
                 "{ deprecateLlmModel(id: $id, replacementId: $to) { id status replacement { id } } }")
    assert admin.run(deprecate, id=model["id"], to=replacement["id"])["deprecateLlmModel"] == {
        "id": model["id"], "status": "DEPRECATED", "replacement": {"id": replacement["id"]}}
    assert stack.server.ok("GET", f"/api/models/{model['id']}")["replacement_model_id"] == replacement["id"]
    assert model["id"] not in {m["id"] for m in admin.run("{ availableModels { id } }")["availableModels"]}
    deprecated = admin.run("{ llmModels(filter: {status: DEPRECATED}, first: 1000) { nodes { id } } }")
    assert model["id"] in {m["id"] for m in deprecated["llmModels"]["nodes"]}
    restore = "mutation($id: ID!) { restoreLlmModel(id: $id) { status replacementModelId } }"
    restored = admin.run(restore, id=model["id"])
    assert restored["restoreLlmModel"] == {"status": "ACTIVE", "replacementModelId": None}

    # The connection's default (no purpose) cannot be deleted; another default frees it.
    previous = admin.provider_default("ollama")
    assert admin.run(SET_DEFAULT, id=model["id"])["setDefaultModel"] == {"id": model["id"], "isDefault": True}
    assert admin.provider_default("ollama") == model["id"]
    delete = f"mutation($id: ID!) {{ deleteLlmModel(id: $id) {{ {MODEL} }} }}"
    assert admin.code(delete, id=model["id"]) == "model_is_default"
    admin.run(SET_DEFAULT, id=previous)

    deleted = admin.run(delete, id=model["id"])["deleteLlmModel"]
    assert deleted["id"] == model["id"] and deleted["name"] == model["name"]
    assert admin.model(model["id"]) is None
    assert stack.server.api("GET", f"/api/models/{model['id']}")[0] == 404


def test_a_validation_error_changes_nothing(stack, admin, make):
    total, settings = admin.total(), admin.settings()
    api_name = f"gql-invalid-{uuid.uuid4().hex[:8]}"

    error = admin.refused(CREATE, input={"providerId": "ollama", "name": "GQL invalid", "apiName": api_name,
                                         "contextWindow": 0})
    assert error.errors[0]["extensions"]["code"] == "validation_failed"
    assert set(error.errors[0]["extensions"]["fields"]) == {"contextWindow"}
    assert error.errors[0]["extensions"]["fields"]["contextWindow"]["code"] == "too_small"
    assert admin.total() == total
    found = admin.run("query($t: String) { llmModels(filter: {text: $t}) { totalCount } }", t=api_name)
    assert found["llmModels"]["totalCount"] == 0

    model = make(contextWindow=8192)
    assert admin.code(UPDATE, id=model["id"], input={"contextWindow": 0, "name": "renamed"}) == "validation_failed"
    assert admin.model(model["id"]) == model

    error = admin.refused(SET_SETTING, key="download_concurrency", value=99)
    assert error.errors[0]["extensions"]["code"] == "validation_failed"
    assert error.errors[0]["extensions"]["fields"]["downloadConcurrency"]["code"] == "too_large"
    assert admin.settings() == settings == stack.server.ok("GET", "/api/settings")


def test_a_builtin_model_cannot_be_deleted(admin):
    before = admin.model("ollama-phi3")

    assert admin.code("mutation { deleteLlmModel(id: \"ollama-phi3\") { id } }") == "builtin_model"
    assert admin.model("ollama-phi3") == before


def test_a_catalog_read_key_reads_its_models_and_changes_nothing(stack, served_schema):
    mine, other = stack.connections["openai"].chat, stack.connections["mistral"].chat
    key, _ = stack.key(scopes=["catalog:read"], models=[mine["id"]])
    reader = Api(stack, served_schema, key["secret"])
    settings = stack.server.ok("GET", "/api/settings")

    seen = reader.run("{ llmModels(first: 1000) { nodes { id } totalCount } availableModels { id } "
                      "llmProviders { id } }")

    assert seen["llmModels"] == {"nodes": [{"id": mine["id"]}], "totalCount": 1}
    assert seen["availableModels"] == [{"id": mine["id"]}]
    assert seen["llmProviders"] == [{"id": stack.connections["openai"].provider_id}]
    assert reader.model(mine["id"])["name"] == mine["name"]
    error = reader.refused("query($id: ID!) { llmModel(id: $id) { id } }", id=other["id"])
    assert error.data == {"llmModel": None} and error.errors[0]["extensions"]["code"] == "model_not_found"

    for mutation, variables in (
            ("mutation($id: ID!) { updateLlmModel(id: $id, input: {name: \"taken\"}) { id } }", {"id": mine["id"]}),
            ("mutation($id: ID!) { deprecateLlmModel(id: $id) { id } }", {"id": mine["id"]}),
            (SET_SETTING, {"key": "download_concurrency", "value": 3})):
        refused = reader.refused(mutation, **variables)
        assert refused.errors[0]["extensions"]["code"] == "forbidden" and refused.data is None
    after = stack.server.ok("GET", f"/api/models/{mine['id']}")
    assert (after["name"], after["status"]) == (mine["name"], "active")
    assert stack.server.ok("GET", "/api/settings") == settings


def test_a_key_without_catalog_read_is_refused(stack, served_schema):
    key, _ = stack.key()  # inference only
    raw = requests.post(f"{stack.server.url}/graphql", json={"query": "{ llmProviders { id } }"}, timeout=20,
                        headers={"Authorization": f"Bearer {key['secret']}"})
    assert raw.status_code == 403
    assert raw.json()["errors"][0]["extensions"]["code"] == "forbidden" and "data" not in raw.json()
    assert Api(stack, served_schema, key["secret"]).code("{ llmProviders { id } }") == "forbidden"


def test_depth_and_cost_limits(admin):
    def nested(levels: int) -> str:  # llmModels, nodes, then replacements down to id
        return "{ llmModels { nodes { " + "replacement { " * (levels - 3) + "id" + " }" * (levels - 3) + " } } }"

    assert "llmModels" in admin.run(nested(10))
    error = admin.refused(nested(11))
    assert error.errors[0]["extensions"]["code"] == "query_too_deep" and error.data is None
    costly = "{ " + " ".join(f"a{i}: llmModels(first: 1000) {{ totalCount }}" for i in range(21)) + " }"
    assert admin.code(costly) == "query_too_costly"
    assert len(admin.run(costly.replace(" a20: llmModels(first: 1000) { totalCount }", ""))) == 20
