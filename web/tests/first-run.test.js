// The first-run checklist and a connection's warnings (models/first-run.js), and what the
// dashboard's action reads to tick "add or download a model".
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import { hasOwnModel, selectFirstRun, selectProviderWarnings } from '../models/first-run.js';
import { listedModel, provider, setup } from './fixtures.js';

const shipped = [
  provider('mistral', 'mistral', { api_key_configured: false, last_test: null }),
  provider('ollama', 'ollama', { api_key_configured: false, last_test: null }),
  provider('azure-openai', 'azure-openai', { enabled: false, api_key_configured: false, last_test: null }),
  provider('local', 'local', { api_key_configured: false, last_test: null }),
];

const ready = (providers = shipped, ownModels = false) =>
  S.dashboardLoaded(S.providersLoaded(S.initialState(), providers), { total: 17, deprecated: 0, local: 1, ownModels });

const doneOf = (list) => Object.fromEntries(list.steps.map((step) => [step.id, step.done]));

test('an empty install: four steps to do, each with its page', () => {
  const list = selectFirstRun(ready());
  assert.deepEqual(list.steps.map((step) => [step.id, step.href, step.done]), [
    ['key', '#/providers', false], ['test', '#/providers', false], ['model', '#/models', false], ['ollama', '#/ollama', false],
  ]);
  assert.equal(list.done, 0);
  assert.equal(list.total, 4);
});

test('nothing shows until both the connections and the counts are loaded', () => {
  assert.equal(selectFirstRun(S.providersLoaded(S.initialState(), shipped)), null);
  assert.equal(selectFirstRun(S.dashboardLoaded(S.initialState(), { total: 1, deprecated: 0, local: 0, ownModels: false })), null);
});

test('each step ticks itself from the data', () => {
  const keyed = shipped.map((p) => (p.id === 'mistral' ? { ...p, api_key_configured: true } : p));
  assert.deepEqual(doneOf(selectFirstRun(ready(keyed))), { key: true, test: false, model: false, ollama: false });
  const tested = S.providerTestFinished(ready(keyed), 'mistral', { success: true, stage: 'model_listing' });
  assert.deepEqual(doneOf(selectFirstRun(tested)), { key: true, test: true, model: false, ollama: false });
  const failed = S.providerTestFinished(ready(), 'ollama', { success: false, stage: 'reachability' });
  assert.equal(doneOf(selectFirstRun(failed)).test, false, 'a failed test is not done');
  assert.equal(doneOf(selectFirstRun(ready(shipped, true))).model, true);
  assert.equal(doneOf(selectFirstRun(ready(), { ollamaVisited: true })).ollama, true);
  // a pull or a download that succeeded counts as a model
  const pulled = S.jobReceived(ready(), { id: 'j1', kind: 'pull', state: 'succeeded', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:01Z' });
  assert.equal(doneOf(selectFirstRun(pulled)).model, true);
  const running = S.jobReceived(ready(), { id: 'j2', kind: 'download', state: 'running', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:01Z' });
  assert.equal(doneOf(selectFirstRun(running)).model, false);
});

test('the list goes away once every step is done, or when hidden', () => {
  const all = S.providerTestFinished(ready(shipped.map((p) => ({ ...p, api_key_configured: p.kind === 'mistral' })), true), 'mistral', { success: true });
  assert.equal(selectFirstRun(all, { ollamaVisited: false }).done, 3);
  assert.equal(selectFirstRun(all, { ollamaVisited: true }), null);
  assert.equal(selectFirstRun(ready(), { hidden: true }), null);
});

test('the catalog holds a model of one\'s own: added, or downloaded', () => {
  assert.equal(hasOwnModel({ local: 1, deprecated: 0, custom: 0, downloaded: 0 }), false);
  assert.equal(hasOwnModel({ local: 1, deprecated: 0, custom: 1, downloaded: 0 }), true);
  assert.equal(hasOwnModel({ local: 1, deprecated: 0, custom: 0, downloaded: 1 }), true);
  assert.equal(hasOwnModel(undefined), false);
});

test('loadDashboard reads the counts in one request and tells whether one model is one\'s own', async () => {
  const env = setup({ listModels: () => ({ items: [listedModel('b')], total: 18, counts: { local: 2, deprecated: 3, custom: 1, downloaded: 0 } }) });
  await env.actions.loadDashboard();
  const lists = env.calls.filter((c) => c[0] === 'listModels');
  assert.deepEqual(lists.map((c) => c[1]), [{ limit: 1, counts: true }]);
  const { dashboard } = env.store.getState();
  assert.deepEqual([dashboard.ownModels, dashboard.total, dashboard.local, dashboard.deprecated], [true, 18, 2, 3]);
});

test('the Ollama page is remembered as visited', async () => {
  const env = setup({}, { session: 'authenticated', route: 'ollama' });
  assert.equal(env.actions.flag('ollamaVisited'), false);
  await env.actions.loadRoute().catch(() => { /* the Ollama page's actions need more than the fake */ });
  assert.equal(env.actions.flag('ollamaVisited'), true);
  assert.equal(env.storage.getItem('hangar.flag.ollamaVisited'), '1');
});

test('warnings: an enabled connection without a key (kinds that need one), or never tested', () => {
  assert.deepEqual(selectProviderWarnings(shipped[0]), ['no-key', 'untested']);
  assert.deepEqual(selectProviderWarnings(shipped[1]), ['untested'], 'Ollama needs no key');
  assert.deepEqual(selectProviderWarnings(shipped[2]), [], 'a disabled connection warns of nothing');
  assert.deepEqual(selectProviderWarnings(shipped[3]), [], 'local models have no connection to test');
  assert.deepEqual(selectProviderWarnings({ ...shipped[0], api_key_configured: true, last_test: { success: false } }), []);
  assert.deepEqual(selectProviderWarnings({ ...shipped[0], kind: 'openai-compatible' }), ['untested']);
  assert.deepEqual(selectProviderWarnings({ ...shipped[0], kind: 'openai' }), ['no-key', 'untested']);
});
