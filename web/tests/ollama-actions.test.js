// The Ollama page's actions (ollama/actions.js, through actions.ollama()) against a fake API,
// the Ollama api routes, and the Jobs page's Ollama targets.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as O from '../ollama/store.js';
import { EJECT_WATCH } from '../ollama/runtime.js';
import * as I from '../shared/i18n.js';
import { createActions } from '../actions.js';
import { ApiError, createApi } from '../shared/api.js';
import { createOllamaApi } from '../ollama/api.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { ollamaProvider, providers, tag, list, pullJob, checkJob, base, serverDown } from './ollama-fixtures.js';

setMeta(META);
// A soft eject is watched for a while; here the watch asks once.
Object.assign(EJECT_WATCH, { windowMs: 0, wait: async () => {} });

await I.loadLanguage('en');
await I.loadLanguage('fr');
await I.loadStrings('ollama');


// --- Names ----------------------------------------------------------------------------------

// --- Actions ----------------------------------------------------------------------------------

// The Ollama routes reach the fake through api.js's request(); each is recorded under the
// name ollama-api.js gives it, with that method's arguments.
function ollamaRoute(method, path, body) {
  const url = new URL(path, 'http://hangar');
  const [, id, rest] = /^\/api\/providers\/([^/]+)\/ollama\/(.+)$/.exec(url.pathname);
  const q = Object.fromEntries(url.searchParams);
  const provider = decodeURIComponent(id);
  const table = {
    'GET models': () => ['listOllamaModels', provider, { refresh: q.refresh === 'true' }],
    'GET models/show': () => ['showOllamaModel', provider, q.model],
    'DELETE models': () => ['deleteOllamaModel', provider, q.model],
    'POST pull': () => ['pullOllamaModel', provider, body.model],
    'POST copy': () => ['copyOllamaModel', provider, body.source, body.destination],
    'GET running': () => ['listOllamaRunning', provider],
    'POST load': () => ['loadOllamaModel', provider, body.model],
    'POST eject': () => ['ejectOllamaModel', provider, body.model, { force: body.force }],
    'POST check-updates': () => ['checkOllamaUpdates', provider],
    'GET catalog': () => ['listOllamaCatalog', provider],
    'GET library': () => ['searchOllamaLibrary', provider, q.q ?? ''],
    'GET library/variants': () => ['listOllamaVariants', provider, q.model],
  };
  return table[`${method} ${rest}`]();
}

function setup(overrides = {}, state = {}) {
  const calls = [];
  const api = new Proxy({}, {
    get(target, key) {
      return async (...given) => {
        const [name, ...args] = key === 'request' ? ollamaRoute(...given) : [key, ...given];
        calls.push([name, ...args]);
        if (overrides[name]) return overrides[name](...args);
        if (name === 'listProviders') return { items: providers };
        if (name === 'listJobs') return { items: [] };
        if (name === 'listOllamaModels') return list([tag('qwen2.5:0.5b')]);
        if (name === 'listOllamaRunning') return { provider_id: args[0], models: [] };
        if (name === 'listOllamaCatalog') return { provider_id: args[0], models: [] };
        return null;
      };
    },
  });
  const store = S.createStore({ ...S.initialState({ route: 'ollama' }), session: 'authenticated', ...state });
  return { store, actions: createActions({ store, api }), calls, names: () => calls.map((call) => call[0]) };
}
const http = (status, code, fields = {}) => () => { throw new ApiError({ status, code, message: `${code} message`, fields }); };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('actions: the page loads the connections, the active jobs and the server’s three lists', async () => {
  const env = setup({
    listJobs: async (query) => ({ items: query.state === 'running' ? [pullJob('p1', 'llama3.2')] : [] }),
  });
  await env.actions.loadRoute();
  const state = env.store.getState();
  for (const name of ['listProviders', 'listJobs', 'listOllamaModels', 'listOllamaRunning', 'listOllamaCatalog']) assert.ok(env.names().includes(name), name);
  assert.deepEqual(env.calls.find((call) => call[0] === 'listOllamaModels').slice(1), ['ollama', { refresh: false }]);
  assert.equal(O.selectServer(state, 'ollama').models.items[0].name, 'qwen2.5:0.5b');
  assert.deepEqual(O.selectPulls(state, 'ollama').map((job) => job.id), ['p1'], 'the running pull shows after a reload');

  // Refresh asks Ollama again.
  await (await env.actions.ollama()).refresh('ollama');
  assert.deepEqual(env.calls.filter((call) => call[0] === 'listOllamaModels').pop().slice(1), ['ollama', { refresh: true }]);
});

test('actions: a server down fails its own lists only; another server still loads', async () => {
  const env = setup({
    listProviders: async () => ({ items: [...providers, ollamaProvider('gpu')] }),
    listOllamaModels: async (id) => { if (id === 'gpu') throw serverDown(); return list([tag('a:1')]); },
    listOllamaRunning: async (id) => { if (id === 'gpu') throw serverDown(); return { models: [] }; },
  }, { routeParam: 'gpu' });
  await env.actions.loadRoute();
  let state = env.store.getState();
  assert.equal(O.selectServerDown(state, 'gpu').code, 'upstream_unreachable');
  assert.equal(state.online, true, 'Ollama down is not Hangar offline');
  assert.equal(state.toasts.length, 0, 'the page says it; no toast');
  env.store.dispatch(S.setRoute, 'ollama', 'ollama');
  await env.actions.loadRoute();
  state = env.store.getState();
  assert.equal(O.selectServerDown(state, 'ollama'), null);
  assert.equal(O.selectServer(state, 'ollama').models.items[0].name, 'a:1');
});

test('actions: pull from the box is checked first, then started; one-click pulls too', async () => {
  const env = setup({ pullOllamaModel: async (id, model) => pullJob('p1', model, { state: 'queued' }) });
  env.store.dispatch(S.providersLoaded, providers);
  const o = await env.actions.ollama();
  env.store.dispatch(O.setPullValue, 'ollama', 'bad name');
  assert.equal(await o.pull('ollama'), false);
  assert.ok(!env.names().includes('pullOllamaModel'), 'nothing sent');
  assert.match(say(O.selectServer(env.store.getState(), 'ollama').pull.error.fields.model, 'model'), /^Model name must look like llama3\.2:1b\.$/);

  env.store.dispatch(O.setPullValue, 'ollama', ' qwen2.5:0.5b ');
  assert.equal(await o.pull('ollama'), true);
  assert.deepEqual(env.calls.find((call) => call[0] === 'pullOllamaModel').slice(1), ['ollama', 'qwen2.5:0.5b']);
  let state = env.store.getState();
  assert.deepEqual([O.selectServer(state, 'ollama').pull.value, O.selectPulls(state, 'ollama').map((job) => job.id)], ['', ['p1']]);
  assert.equal(state.toasts.at(-1).key, 'ollama.toast.pullStarted');

  // One click (catalog, library, Update): a bad name is a toast; nothing is sent.
  assert.equal(await o.pull('ollama', 'no good'), false);
  assert.equal(env.store.getState().toasts.at(-1).key, 'ollama.toast.invalidName');
  assert.equal(await o.pull('ollama', 'llama3.2'), true);
  state = env.store.getState();
  assert.equal(O.selectServer(state, 'ollama').pull.value, '', 'the box is untouched');
});

test('actions: the server refuses a pull: under the input for the box, a toast otherwise', async () => {
  const env = setup({ pullOllamaModel: http(422, 'invalid_model_name', { model: 'The tag part of the name is empty.' }) });
  const o = await env.actions.ollama();
  env.store.dispatch(O.setPullValue, 'ollama', 'x');
  await o.pull('ollama');
  const pull = O.selectServer(env.store.getState(), 'ollama').pull;
  assert.deepEqual([pull.submitting, pull.error.fields.model], [false, 'The tag part of the name is empty.']);
  const before = env.store.getState().toasts.length;
  await o.pull('ollama', 'y');
  assert.equal(env.store.getState().toasts.length, before + 1);
  assert.equal(env.store.getState().toasts.at(-1).error.code, 'invalid_model_name');
});

test('actions: a pull that ends refreshes the list (asking Ollama again) and the catalog, and tells', async () => {
  const env = setup();
  env.store.dispatch(S.providersLoaded, providers);
  await env.actions.ollama();
  const { applyEvent } = await env.actions.live();
  applyEvent('job', { action: 'status', subject_id: 'p1', data: pullJob('p1', 'llama3.2') });
  const count = env.calls.length;
  applyEvent('job', { action: 'status', subject_id: 'p1', data: pullJob('p1', 'llama3.2', { state: 'succeeded', updated_at: '2025-11-26T10:01:00Z' }) });
  await settle();
  await settle();
  const after = env.calls.slice(count);
  assert.deepEqual(after.find((call) => call[0] === 'listOllamaModels').slice(1), ['ollama', { refresh: true }]);
  assert.ok(after.some((call) => call[0] === 'listOllamaCatalog'));
  assert.equal(env.store.getState().toasts.at(-1).key, 'ollama.toast.pulled');
  // A second event of the same ended job does nothing more.
  const again = env.calls.length;
  applyEvent('job', { action: 'status', subject_id: 'p1', data: pullJob('p1', 'llama3.2', { state: 'succeeded', updated_at: '2025-11-26T10:01:00Z' }) });
  await settle();
  assert.equal(env.calls.length, again);
});

test('actions: a pull ending while another page shows, with the Ollama code never loaded, loads nothing', async () => {
  const env = setup({}, { route: 'models' });
  const { applyEvent } = await env.actions.live();
  applyEvent('job', { action: 'status', subject_id: 'p1', data: pullJob('p1', 'llama3.2', { state: 'succeeded' }) });
  await settle();
  assert.deepEqual(env.calls, []);
  assert.equal(env.store.getState().jobs.items.length, 1, 'the Jobs page still gets it');
});

test('actions: check for updates, then the badges come with the refreshed list', async () => {
  let checked = false;
  const env = setup({
    checkOllamaUpdates: async () => checkJob('c1', { state: 'queued' }),
    listOllamaModels: async () => list([tag('a:1', { update: checked ? { status: 'update_available', reason: null, local_digest: 'a', remote_digest: 'b', checked_at: 'x' } : null })]),
  });
  env.store.dispatch(S.providersLoaded, providers);
  const o = await env.actions.ollama();
  const { applyEvent } = await env.actions.live();
  assert.equal(await o.checkUpdates('ollama'), true);
  assert.equal(O.selectCheckJob(env.store.getState(), 'ollama').state, 'queued');
  assert.equal(await o.checkUpdates('ollama'), false, 'one check at a time');
  checked = true;
  applyEvent('job', { action: 'status', subject_id: 'c1', data: checkJob('c1', { state: 'succeeded', updated_at: '2025-11-26T10:05:00Z' }) });
  await settle();
  await settle();
  const state = env.store.getState();
  assert.equal(O.selectUpdate(O.selectServer(state, 'ollama').models.items[0]).status, 'update_available');
  assert.equal(state.toasts.at(-1).key, 'ollama.toast.checked');
  assert.equal(state.toasts.at(-1).params.count, 1);
});

test('actions: delete goes through the confirm dialog; copy checks its name, then refreshes', async () => {
  const env = setup({ copyOllamaModel: async () => null, deleteOllamaModel: async () => null });
  env.store.dispatch(S.providersLoaded, providers);
  const o = await env.actions.ollama();
  await o.loadServer('ollama');
  o.openDelete('ollama', 'qwen2.5:0.5b');
  assert.equal(env.store.getState().confirm.kind, 'ollamaDelete');
  assert.equal(env.store.getState().confirm.server, 'Ollama ollama');
  assert.equal(await env.actions.runConfirm(), true);
  assert.deepEqual(env.calls.find((call) => call[0] === 'deleteOllamaModel').slice(1), ['ollama', 'qwen2.5:0.5b']);
  let state = env.store.getState();
  assert.equal(state.confirm, null);
  assert.equal(state.toasts.at(-1).key, 'ollama.toast.deleted');

  // Delete refused (Ollama down meanwhile): the dialog stays with the reason.
  env.store.dispatch(O.openDeleteConfirm, 'ollama', 'x:1', 'Ollama');
  const refusing = setup({ deleteOllamaModel: async () => { throw serverDown(); } }, env.store.getState());
  assert.equal(await refusing.actions.runConfirm(), false);
  assert.equal(refusing.store.getState().confirm.error.code, 'upstream_unreachable');

  o.openCopy('ollama', 'qwen2.5:0.5b');
  env.store.dispatch(O.setCopyDestination, 'qwen2.5:0.5b');
  assert.equal(await o.copy(), false);
  assert.ok(!env.names().includes('copyOllamaModel'));
  env.store.dispatch(O.setCopyDestination, 'qwen-backup:v1');
  assert.equal(await o.copy(), true);
  assert.deepEqual(env.calls.find((call) => call[0] === 'copyOllamaModel').slice(1), ['ollama', 'qwen2.5:0.5b', 'qwen-backup:v1']);
  state = env.store.getState();
  assert.equal(state.ollamaDialog, null);
  assert.equal(state.toasts.at(-1).key, 'ollama.toast.copied');
});

test('actions: eject, soft then forced; details; library search and variants', async () => {
  const env = setup({
    ejectOllamaModel: async (id, model, { force }) => ({ model, forced: force, verified: force, attempts: force ? 2 : 1 }),
    listOllamaRunning: async () => ({ models: [{ name: 'a:1', size: 1, size_vram: 1, digest: 'd', expires_at: null }] }),
    showOllamaModel: async (id, model) => ({ name: model, capabilities: ['completion'], context_length: 32768 }),
    searchOllamaLibrary: http(502, 'library_unavailable'),
    listOllamaVariants: async (id, model) => ({ model, source: 's', variants: [{ name: `${model}:0.5b`, tag: '0.5b', size: null, context: null, updated: null }] }),
  });
  const o = await env.actions.ollama();
  await o.loadRunning('ollama');
  await o.eject('ollama', 'a:1');
  assert.equal(O.selectEject(env.store.getState(), 'ollama', 'a:1').stillLoaded, true);
  await o.eject('ollama', 'a:1', { force: true });
  assert.deepEqual(env.calls.filter((call) => call[0] === 'ejectOllamaModel').map((call) => call[3]), [{ force: false }, { force: true }]);
  assert.equal(env.store.getState().toasts.at(-1).key, 'ollama.toast.ejectedForced');

  await o.openDetails('ollama', 'a:1');
  assert.deepEqual([env.store.getState().ollamaDialog.status, env.store.getState().ollamaDialog.details.context_length], ['ready', 32768]);

  env.store.dispatch(O.setLibraryQuery, 'ollama', 'qwen');
  await o.search('ollama');
  assert.deepEqual(env.calls.find((call) => call[0] === 'searchOllamaLibrary').slice(1), ['ollama', 'qwen']);
  assert.equal(O.selectServer(env.store.getState(), 'ollama').library.status, 'unavailable');
  await o.toggleVariants('ollama', 'qwen2.5');
  assert.equal(O.selectServer(env.store.getState(), 'ollama').library.variants['qwen2.5'].items[0].name, 'qwen2.5:0.5b');
  await o.toggleVariants('ollama', 'qwen2.5');
  await o.toggleVariants('ollama', 'qwen2.5');
  assert.equal(env.calls.filter((call) => call[0] === 'listOllamaVariants').length, 1, 'reopened from what was loaded');
});

test('api: the Ollama routes, with names in the query or the body', async () => {
  const seen = [];
  const core = createApi({ fetchImpl: async (path, init) => { seen.push([init.method, path, init.body]); return { status: 204, ok: true, text: async () => '' }; } });
  const api = createOllamaApi(core.request);
  await api.listOllamaModels('my id', { refresh: true });
  await api.showOllamaModel('o', 'ns/m:t');
  await api.deleteOllamaModel('o', 'm:1');
  await api.pullOllamaModel('o', 'm:1');
  await api.copyOllamaModel('o', 'a', 'b');
  await api.ejectOllamaModel('o', 'm', { force: true });
  await api.searchOllamaLibrary('o', 'q w');
  await api.listOllamaVariants('o', 'qwen2.5');
  await api.checkOllamaUpdates('o');
  assert.deepEqual(seen, [
    ['GET', '/api/providers/my%20id/ollama/models?refresh=true', undefined],
    ['GET', '/api/providers/o/ollama/models/show?model=ns%2Fm%3At', undefined],
    ['DELETE', '/api/providers/o/ollama/models?model=m%3A1', undefined],
    ['POST', '/api/providers/o/ollama/pull', '{"model":"m:1"}'],
    ['POST', '/api/providers/o/ollama/copy', '{"source":"a","destination":"b"}'],
    ['POST', '/api/providers/o/ollama/eject', '{"model":"m","force":true}'],
    ['GET', '/api/providers/o/ollama/library?q=q%20w', undefined],
    ['GET', '/api/providers/o/ollama/library/variants?model=qwen2.5', undefined],
    ['POST', '/api/providers/o/ollama/check-updates', undefined],
  ]);
});

test('Jobs page: Ollama jobs by model and connection name, the connections fetched for them', async () => {
  const { jobTarget } = await import('../jobs/jobs.js');
  const state = base();
  assert.equal(jobTarget(state, pullJob('p1', 'qwen2.5:0.5b')).text, 'qwen2.5:0.5b · Ollama ollama');
  assert.equal(jobTarget(state, checkJob('c1')).text, 'Ollama ollama');
  assert.equal(jobTarget(S.providersLoaded(state, []), pullJob('p1', 'x')).text, 'x · a removed connection', 'a deleted connection says so, never its id');

  const env = setup({ listJobs: async () => ({ items: [pullJob('p1', 'x', { state: 'succeeded' })] }) }, { route: 'jobs' });
  await env.actions.loadRoute();
  assert.ok(env.names().includes('listProviders'));
  const plain = setup({ listJobs: async () => ({ items: [{ ...pullJob('d1', 'x'), kind: 'other', target: 'something' }] }) }, { route: 'jobs' });
  await plain.actions.loadRoute();
  assert.ok(!plain.names().includes('listProviders'), 'no job on a model or a connection, no extra request');
});
