// Actions against a fake API: the store ends where the UI expects after each call.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { WAS_LOGGED_IN_KEY } from '../actions.js';
import { createApi, queryString } from '../shared/api.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { catalogProviders, http, model, network, setup } from './fixtures.js';

setMeta(META);

const providers = catalogProviders;

test('checkSession: signed in, anonymous, unreachable', async () => {
  let env = setup({}, { route: 'models' });
  await env.actions.checkSession();
  assert.equal(env.store.getState().session, 'authenticated');
  assert.equal(env.storage.getItem(WAS_LOGGED_IN_KEY), '1');
  assert.equal(env.store.getState().models.items.length, 2, 'the route data loads');

  env = setup({ getSession: http(401, 'unauthorized') });
  env.storage.setItem(WAS_LOGGED_IN_KEY, '1');
  await env.actions.checkSession();
  assert.equal(env.store.getState().session, 'anonymous');
  assert.equal(env.storage.getItem(WAS_LOGGED_IN_KEY), null);

  env = setup({ getSession: network }, { wasLoggedIn: true });
  await env.actions.checkSession();
  assert.equal(env.store.getState().session, 'offline', 'shell with the offline banner');
  assert.equal(env.store.getState().online, false);

  env = setup({ getSession: network });
  await env.actions.checkSession();
  assert.equal(env.store.getState().session, 'anonymous', 'login form when never signed in');
});

test('login: empty token, wrong token, success', async () => {
  let env = setup({}, { session: 'anonymous' });
  await env.actions.login('');
  assert.equal(say(env.store.getState().login.error.fields.token, 'token'), 'Enter the admin token.');
  assert.equal(env.calls.length, 0);

  env = setup({ login: http(401, 'invalid_token', { token: 'Wrong token.' }) }, { session: 'anonymous' });
  await env.actions.login('nope');
  assert.equal(env.store.getState().login.error.code, 'invalid_token');
  assert.equal(env.store.getState().login.submitting, false);

  env = setup({}, { session: 'anonymous' });
  await env.actions.login('good');
  assert.deepEqual(env.calls[0], ['login', 'good']);
  assert.equal(env.store.getState().session, 'authenticated');
  assert.equal(env.store.getState().toasts.at(-1).key, 'toast.signedIn');
});

test('logout clears the session flag; offline logout keeps the session', async () => {
  let env = setup({}, { session: 'authenticated', wasLoggedIn: true });
  env.storage.setItem(WAS_LOGGED_IN_KEY, '1');
  await env.actions.logout();
  assert.equal(env.store.getState().session, 'anonymous');
  assert.equal(env.storage.getItem(WAS_LOGGED_IN_KEY), null);

  env = setup({ logout: network }, { session: 'authenticated' });
  await env.actions.logout();
  assert.equal(env.store.getState().session, 'authenticated');
  assert.equal(env.store.getState().online, false);

  env = setup({}, { session: 'authenticated' });
  await env.actions.logout({ everywhere: true });
  assert.deepEqual(env.calls.at(-1), ['logout', { everywhere: true }]);
  assert.equal(env.store.getState().session, 'anonymous');
  assert.equal(env.store.getState().toasts.at(-1).key, 'toast.signedOutEverywhere');
});

test('filters re-query the API; a stale page never overwrites a newer one', async () => {
  let release;
  const slow = new Promise((resolve) => { release = resolve; });
  let first = true;
  const env = setup({
    listModels: async (query) => {
      if (first) {
        first = false;
        await slow;
        return { items: [model('stale')], total: 1 };
      }
      return { items: [model(`for-${query.text}`)], total: 1 };
    },
  }, { session: 'authenticated', route: 'models' });
  const pending = env.actions.loadModels();
  await env.actions.changeFilter('text', 'llama');
  release();
  await pending;
  assert.deepEqual(env.store.getState().models.items.map((m) => m.id), ['for-llama']);
  const query = env.calls.filter((c) => c[0] === 'listModels').at(-1)[1];
  assert.deepEqual(query, { limit: 50, text: 'llama' });
});

test('load more uses next_cursor', async () => {
  const env = setup({
    listModels: async (query) => (query.cursor
      ? { items: [model('c')], total: 3 }
      : { items: [model('a'), model('b')], total: 3, next_cursor: 'CUR' }),
  }, { session: 'authenticated', route: 'models' });
  await env.actions.loadModels();
  await env.actions.loadModels({ append: true });
  assert.deepEqual(env.store.getState().models.items.map((m) => m.id), ['a', 'b', 'c']);
  assert.equal(env.calls.at(-1)[1].cursor, 'CUR');
  assert.equal(env.store.getState().models.nextCursor, null);
});

test('the modal survives a failed save and a network error, then saves', async () => {
  let attempt = 0;
  const env = setup({
    createModel: async (body) => {
      attempt++;
      if (attempt === 1) http(409, 'duplicate_api_name', { api_name: 'This API name is already used by another model of this provider.' })();
      if (attempt === 2) network();
      return model('new', { name: body.name, api_name: body.api_name });
    },
  }, { session: 'authenticated', route: 'models' });
  env.store.dispatch(S.providersLoaded, providers);
  env.store.dispatch(S.openCreateModal);
  env.store.dispatch(F.setModalValue, 'name', 'New');
  env.store.dispatch(F.setModalValue, 'api_name', 'dup');

  assert.equal(await env.actions.saveModal(), false);
  let modal = env.store.getState().modal;
  assert.equal(say(modal.errors.api_name, 'api_name'), 'This API name is already used by another model of this provider.');
  assert.equal(modal.values.name, 'New');
  assert.equal(modal.saving, false);

  env.store.dispatch(F.setModalValue, 'api_name', 'unique');
  assert.equal(await env.actions.saveModal(), false);
  modal = env.store.getState().modal;
  assert.equal(modal.error.code, 'network');
  assert.equal(env.store.getState().online, false);
  assert.equal(modal.values.api_name, 'unique');

  assert.equal(await env.actions.saveModal(), true);
  assert.equal(env.store.getState().modal, null);
  assert.equal(env.store.getState().online, true, 'a successful call means the network is back');
  assert.equal(env.store.getState().toasts.at(-1).key, 'toast.modelCreated');
  const create = env.calls.filter((c) => c[0] === 'createModel').at(-1)[1];
  assert.deepEqual(create, { provider_id: 'mistral', name: 'New', api_name: 'unique', context_window: 32000, max_output_tokens: 4096, temperature_default: 0.7 });
});

test('client validation stops the save before any request', async () => {
  const env = setup({}, { session: 'authenticated' });
  env.store.dispatch(S.providersLoaded, providers);
  env.store.dispatch(S.openCreateModal);
  env.store.dispatch(F.setModalValue, 'context_window', '10');
  assert.equal(await env.actions.saveModal(), false);
  const modal = env.store.getState().modal;
  assert.equal(say(modal.errors.name, 'name'), 'Name is required.');
  assert.equal(say(modal.errors.context_window, 'context_window'), 'Context window (tokens) must be between 1,024 and 2,000,000.');
  assert.equal(env.calls.filter((c) => c[0] === 'createModel').length, 0);
});

test('a 401 during a save returns to the login screen and keeps the modal', async () => {
  const env = setup({ updateModel: http(401, 'unauthorized') }, { session: 'authenticated', wasLoggedIn: true });
  env.store.dispatch(S.openEditModal, model('m2'));
  env.store.dispatch(F.setModalValue, 'name', 'Changed');
  await env.actions.saveModal();
  const state = env.store.getState();
  assert.equal(state.session, 'anonymous');
  assert.equal(state.sessionExpired, true);
  assert.equal(state.modal.values.name, 'Changed');
});

test('row actions: set default, deprecate with replacement, delete', async () => {
  const env = setup({
    setDefaultModel: async (id) => model(id, { is_default: true }),
    deprecateModel: async (id) => model(id, { status: 'deprecated', is_default: false }),
  }, { session: 'authenticated', route: 'models' });
  await env.actions.loadRoute();
  await env.actions.setDefault('m2');
  let state = env.store.getState();
  assert.equal(S.selectProvider(state, 'mistral').default_model_id, 'm2');
  assert.equal(state.toasts.at(-1).key, 'toast.defaultSet');
  assert.equal(state.toasts.at(-1).params.provider, 'Mistral');

  await env.actions.openDeprecate('m1');
  assert.equal(env.store.getState().confirm.kind, 'deprecate');
  assert.deepEqual(env.store.getState().confirm.candidates.map((c) => c.id), ['m2']);
  env.store.dispatch(S.setConfirmReplacement, 'm2');
  assert.equal(await env.actions.runConfirm(), true);
  assert.deepEqual(env.calls.find((c) => c[0] === 'deprecateModel'), ['deprecateModel', 'm1', 'm2']);
  assert.equal(env.store.getState().confirm, null);

  env.actions.openDelete('m2');
  assert.equal(env.store.getState().confirm.kind, 'delete');
  await env.actions.runConfirm();
  assert.equal(env.store.getState().toasts.at(-1).key, 'toast.modelDeleted');
});

test('a refused delete keeps the dialog open with the reason', async () => {
  const env = setup({ deleteModel: http(409, 'model_referenced') }, { session: 'authenticated', route: 'models' });
  await env.actions.loadModels();
  env.actions.openDelete('m2');
  assert.equal(await env.actions.runConfirm(), false);
  const confirm = env.store.getState().confirm;
  assert.equal(confirm.busy, false);
  assert.equal(confirm.error.code, 'model_referenced');
});

test('provider toggle and configure', async () => {
  const env = setup({
    updateProvider: async (id, patch) => ({ ...providers.find((p) => p.id === id), ...patch }),
    listModels: async () => ({ items: [model('m1'), model('m2', { status: 'deprecated' })], total: 2 }),
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  await env.actions.toggleProvider('mistral');
  assert.equal(S.selectProvider(env.store.getState(), 'mistral').enabled, false);
  assert.equal(env.store.getState().busy['provider:mistral'], undefined);

  await env.actions.openProviderConfigure('mistral');
  assert.deepEqual(env.store.getState().providerModal.candidates.map((c) => c.id), ['m1']);
  env.store.dispatch(F.setProviderModalValue, 'base_url', 'ftp://nope');
  assert.equal(await env.actions.saveProvider(), false);
  assert.equal(say(env.store.getState().providerModal.errors.base_url, 'base_url'), 'Base URL must start with http:// or https://.');
  env.store.dispatch(F.setProviderModalValue, 'base_url', 'https://eu.mistral.ai');
  assert.equal(await env.actions.saveProvider(), true);
  assert.deepEqual(env.calls.filter((c) => c[0] === 'updateProvider').at(-1), ['updateProvider', 'mistral', { base_url: 'https://eu.mistral.ai' }]);
  assert.equal(S.selectProvider(env.store.getState(), 'mistral').base_url, 'https://eu.mistral.ai');
});

test('api wrapper: JSON, same-origin credentials, error shape', async () => {
  const seen = [];
  const fake = async (url, init) => {
    seen.push([url, init]);
    if (url === '/api/models/bad') return new Response(JSON.stringify({ error: { code: 'validation_failed', message: 'm', fields: { name: 'Name is required.' } } }), { status: 422 });
    if (url === '/api/session' && init.method === 'DELETE') return new Response(null, { status: 204 });
    if (url === '/api/oops') return new Response('<html>', { status: 502 });
    if (url === '/api/down') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify({ ok: 1 }), { status: 200 });
  };
  const api = createApi({ fetchImpl: fake });
  assert.deepEqual(await api.listModels({ provider: 'a b', text: '', limit: 50 }), { ok: 1 });
  assert.equal(seen[0][0], '/api/models?provider=a%20b&limit=50');
  assert.equal(seen[0][1].credentials, 'same-origin');
  await api.updateModel('bad', { name: '' }).then(() => assert.fail(), (error) => {
    assert.equal(error.status, 422);
    assert.equal(error.code, 'validation_failed');
    assert.deepEqual(error.fields, { name: 'Name is required.' });
  });
  assert.equal(seen[1][1].headers['Content-Type'], 'application/json');
  assert.equal(seen[1][1].body, '{"name":""}');
  assert.equal(await api.logout(), null);
  await api.request('GET', '/api/oops').then(() => assert.fail(), (error) => assert.equal(error.code, 'http_502'));
  await api.request('GET', '/api/down').then(() => assert.fail(), (error) => {
    assert.equal(error.status, 0);
    assert.equal(error.code, 'network');
    assert.ok(error.offline);
  });
  assert.equal(queryString({ a: 1, b: null, c: '' }), '?a=1');
  assert.equal(await api.getModel('a/b').catch(() => null) && seen.at(-1)[0], '/api/models/a%2Fb');
});

test('enabling a provider without base URL opens its form with the reason', async () => {
  const env = setup({
    updateProvider: http(409, 'base_url_required', { base_url: 'A base URL is required to enable this connection.' }),
    listModels: async () => ({ items: [], total: 0 }),
  }, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  await env.actions.toggleProvider('mistral');
  const modal = env.store.getState().providerModal;
  assert.equal(modal.id, 'mistral');
  assert.equal(say(modal.errors.base_url, 'base_url'), 'A base URL is required to enable this connection.');
  assert.equal(modal.error.code, 'base_url_required');
  assert.deepEqual(env.store.getState().busy, {});
});
