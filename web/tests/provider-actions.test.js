// The connections' actions (models/provider-actions.js) against a fake API: create, edit the
// key, test before saving, card tests, delete with cascade, and the api wrapper's routes.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { ApiError, createApi } from '../shared/api.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { catalogProviders, http, model, network, setup } from './fixtures.js';

setMeta(META);

const providers = catalogProviders;

// --- Connections ----------------------------------------------------------------------------

const keyed = [
  { id: 'mistral', kind: 'mistral', name: 'Mistral', base_url: 'https://api.mistral.ai', enabled: true, default_model_id: null, is_builtin: true, api_key_configured: true, last_test: null },
  { id: 'local', kind: 'local', name: 'Local', base_url: null, enabled: true, default_model_id: null, is_builtin: true, api_key_configured: false, last_test: null },
];

test('create a connection: POST with the key, the key is gone from the store afterwards', async () => {
  const env = setup({
    listProviders: async () => ({ items: keyed }),
    createProvider: async (body) => ({ id: 'uuid-1', ...body, api_key: undefined, api_key_configured: !!body.api_key, is_builtin: false, enabled: true, last_test: null }),
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  env.actions.openProviderCreate();
  env.store.dispatch(F.setProviderModalKind, 'openai');
  env.store.dispatch(F.setProviderModalValue, 'name', 'Team OpenAI');
  env.store.dispatch(F.setProviderModalValue, 'api_key', 'sk-team-secret');
  assert.equal(await env.actions.saveProvider(), true);
  assert.deepEqual(env.calls.find((c) => c[0] === 'createProvider'),
    ['createProvider', { kind: 'openai', name: 'Team OpenAI', base_url: 'https://api.openai.com', api_key: 'sk-team-secret' }]);
  const state = env.store.getState();
  assert.equal(state.providerModal, null);
  assert.equal(S.selectProvider(state, 'uuid-1').api_key_configured, true);
  assert.ok(!JSON.stringify(state).includes('sk-team-secret'), 'the key is not kept in the store');
  assert.equal(state.toasts.at(-1).key, 'toast.providerCreated');
});

test('a refused create keeps the form, with the server message under its field', async () => {
  const env = setup({
    listProviders: async () => ({ items: keyed }),
    createProvider: http(409, 'duplicate_name', { name: 'This name is already used by another connection.' }),
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  env.actions.openProviderCreate();
  env.store.dispatch(F.setProviderModalValue, 'name', 'mistral');
  assert.equal(await env.actions.saveProvider(), false);
  const modal = env.store.getState().providerModal;
  assert.equal(say(modal.errors.name, 'name'), 'This name is already used by another connection.');
  assert.equal(modal.values.name, 'mistral');
  assert.equal(modal.saving, false);
});

test('edit: Replace then Clear send api_key, never echoing it back', async () => {
  const env = setup({
    listProviders: async () => ({ items: keyed }),
    listModels: async () => ({ items: [], total: 0 }),
    updateProvider: async (id, patch) => ({ ...keyed.find((p) => p.id === id), api_key_configured: patch.api_key !== null }),
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  await env.actions.openProviderConfigure('mistral');
  env.store.dispatch(F.replaceProviderKey);
  env.store.dispatch(F.setProviderModalValue, 'api_key', 'sk-rotated');
  assert.equal(await env.actions.saveProvider(), true);
  assert.deepEqual(env.calls.filter((c) => c[0] === 'updateProvider').at(-1), ['updateProvider', 'mistral', { api_key: 'sk-rotated' }]);
  assert.ok(!JSON.stringify(env.store.getState()).includes('sk-rotated'));

  await env.actions.openProviderConfigure('mistral');
  env.store.dispatch(F.clearProviderKey);
  assert.equal(await env.actions.saveProvider(), true);
  assert.deepEqual(env.calls.filter((c) => c[0] === 'updateProvider').at(-1), ['updateProvider', 'mistral', { api_key: null }]);
  assert.equal(S.selectProvider(env.store.getState(), 'mistral').api_key_configured, false);
});

test('test before saving: stored key by provider_id, client validation first, errors placed', async () => {
  const passed = { success: true, stage: 'model_listing', latency_ms: 31, error_code: null, error_message: null, models_found: 3 };
  let answer = async () => passed;
  const env = setup({
    listProviders: async () => ({ items: keyed }),
    listModels: async () => ({ items: [], total: 0 }),
    testProviderForm: (body) => answer(body),
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  await env.actions.openProviderConfigure('mistral');
  assert.equal(await env.actions.testProviderForm(), true);
  assert.deepEqual(env.calls.find((c) => c[0] === 'testProviderForm'),
    ['testProviderForm', { kind: 'mistral', base_url: 'https://api.mistral.ai', provider_id: 'mistral' }]);
  assert.deepEqual(env.store.getState().providerModal.test, { running: false, result: passed });
  assert.equal(S.selectProvider(env.store.getState(), 'mistral').last_test, null, 'nothing is stored');

  env.store.dispatch(F.setProviderModalValue, 'base_url', 'nope');
  const before = env.calls.length;
  assert.equal(await env.actions.testProviderForm(), false);
  assert.equal(env.calls.length, before, 'no request with an invalid base URL');
  assert.equal(say(env.store.getState().providerModal.errors.base_url, 'base_url'), 'Base URL must start with http:// or https://.');

  env.store.dispatch(F.setProviderModalValue, 'base_url', 'https://eu.mistral.ai');
  answer = http(422, 'validation_failed', { base_url: 'Base URL needs a valid host name.' });
  assert.equal(await env.actions.testProviderForm(), false);
  assert.equal(say(env.store.getState().providerModal.errors.base_url, 'base_url'), 'Base URL needs a valid host name.');
  assert.equal(env.store.getState().providerModal.test, null);
});

test('card test: the result lands on the connection; a failed request toasts', async () => {
  const failed = { success: false, stage: 'authentication', latency_ms: 5, error_code: 'unauthorized', error_message: 'The key was refused.' };
  let answer = async () => failed;
  const env = setup({ listProviders: async () => ({ items: keyed }), testProvider: (id) => answer(id) }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  const pending = env.actions.testProvider('mistral');
  assert.equal(S.selectProviderTest(env.store.getState(), 'mistral').running, true);
  await env.actions.testProvider('mistral');
  assert.equal(env.calls.filter((c) => c[0] === 'testProvider').length, 1, 'one test at a time');
  await pending;
  assert.deepEqual(S.selectProviderTest(env.store.getState(), 'mistral'), { running: false, error: null, result: failed });
  await env.actions.testProvider('local');
  assert.equal(env.calls.filter((c) => c[0] === 'testProvider').length, 1, 'the local provider has nothing to test');

  answer = network;
  await env.actions.testProvider('mistral');
  const state = env.store.getState();
  assert.equal(S.selectProviderTest(state, 'mistral').running, false);
  assert.equal(state.toasts.at(-1).kind, 'error');
  assert.equal(state.online, false);
});

test('delete a connection: 409 provider_has_models offers cascade, then deletes', async () => {
  const custom = { id: 'c1', kind: 'ollama', name: 'Lab', base_url: 'http://lab:11434', enabled: true, is_builtin: false, api_key_configured: false };
  const env = setup({
    listProviders: async () => ({ items: [...keyed, custom] }),
    deleteProvider: async (id, { cascade }) => {
      if (!cascade) throw new ApiError({ status: 409, code: 'provider_has_models', message: "'Lab' has 2 model(s)" });
      return null;
    },
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  env.actions.openProviderDelete('mistral');
  assert.equal(env.store.getState().confirm, null, 'builtin connections offer no delete');
  env.actions.openProviderDelete('c1');
  assert.equal(await env.actions.runConfirm(), false);
  let confirm = env.store.getState().confirm;
  assert.equal(confirm.cascade, true);
  assert.equal(confirm.busy, false);
  assert.equal(await env.actions.runConfirm(), true);
  assert.deepEqual(env.calls.filter((c) => c[0] === 'deleteProvider').map((c) => c[2].cascade), [false, true]);
  const state = env.store.getState();
  assert.equal(state.confirm, null);
  assert.equal(S.selectProvider(state, 'c1'), null);
  assert.equal(state.toasts.at(-1).key, 'toast.providerDeletedWithModels');
});

test('api wrapper: connection routes', async () => {
  const seen = [];
  const api = createApi({ fetchImpl: async (url, init) => { seen.push([url, init.method, init.body]); return new Response(null, { status: 204 }); } });
  await api.createProvider({ kind: 'openai' });
  await api.deleteProvider('a b');
  await api.deleteProvider('x', { cascade: true });
  await api.testProvider('x');
  await api.testProviderForm({ kind: 'openai', base_url: 'https://x' });
  assert.deepEqual(seen, [
    ['/api/providers', 'POST', '{"kind":"openai"}'],
    ['/api/providers/a%20b', 'DELETE', undefined],
    ['/api/providers/x?cascade=true', 'DELETE', undefined],
    ['/api/providers/x/test', 'POST', '{}'],
    ['/api/providers/test', 'POST', '{"kind":"openai","base_url":"https://x"}'],
  ]);
});
