// Downloads, jobs and live events: the actions against a fake API, the event stream against
// a fake EventSource (issue 5).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { createApi } from '../shared/api.js';
import { createLive } from '../shared/live.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { http, setup as fakeSetup } from './fixtures.js';

setMeta(META);

const local = (id, extra = {}) => ({
  id, provider_id: 'local', provider_kind: 'local', kind: 'local', name: `Local ${id}`, api_name: id, context_window: 32768, max_output_tokens: 8192,
  temperature_default: 0.7, is_builtin: false, is_default: false, status: 'active', cost_input_per_million: null, cost_output_per_million: null,
  hf_repo: 'owner/repo', hf_revision: 'main', model_file: `${id}.gguf`, download_status: 'pending', downloaded: false, hf_token_configured: false,
  download_error: null, updated_at: '2025-11-26T10:00:00Z', ...extra,
});
const job = (id, extra = {}) => ({
  id, kind: 'download', target: 'model:l1', state: 'running', attempts: 1, error_code: null, error_message: null,
  progress: { bytes_done: 1_000_000, bytes_total: 4_000_000, percent: 25, bytes_per_second: 5e5, eta_seconds: 6, phase: null, message: null },
  created_at: '2025-11-26T10:00:00Z', started_at: null, finished_at: null, updated_at: '2025-11-26T10:00:02Z', ...extra,
});
const ds = (extra = {}) => ({
  model_id: 'l1', download_status: 'downloading', downloaded: false, job_id: 'j1', job_state: 'queued', bytes_done: null, bytes_total: null,
  percent: null, bytes_per_second: null, eta_seconds: null, error_code: null, error_message: null, local_path: null, checksum: null, ...extra,
});
const providers = [{ id: 'local', kind: 'local', name: 'Local', base_url: null, enabled: true, default_model_id: null }];

// Signed in, with one local model whose download the tests follow.
const setup = (overrides = {}, state = {}) =>
  fakeSetup(overrides, { session: 'authenticated', ...state }, {
    listProviders: () => ({ items: providers }),
    listModels: () => ({ items: [local('l1')], total: 1, limit: 50 }),
    listJobs: () => ({ items: [] }),
    getModel: (id) => local(id),
  });

test('models page load fetches the running and queued jobs, so progress shows before any event', async () => {
  const env = setup({
    listJobs: async (query) => ({ items: query.state === 'running' ? [job('j1')] : [job('j2', { state: 'queued', target: 'model:l2' })] }),
  }, { route: 'models' });
  await env.actions.loadRoute();
  assert.deepEqual(env.calls.filter((c) => c[0] === 'listJobs').map((c) => c[1]), [{ state: 'running' }, { state: 'queued' }]);
  const state = env.store.getState();
  const d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.percent, d.bytesDone], ['downloading', 25, 1_000_000]);
  assert.equal(state.jobs.items.length, 2);
});

test('a job the store thinks active but the server no longer lists is fetched again, with its model', async () => {
  const env = setup({
    getJob: async (id) => job(id, { state: 'succeeded', updated_at: '2025-11-26T10:05:00Z' }),
    getModel: async (id) => local(id, { download_status: 'downloaded', downloaded: true }),
  });
  env.store.dispatch(S.jobReceived, job('j1'));
  await env.actions.loadActiveJobs();
  assert.equal(S.selectJob(env.store.getState(), 'j1').state, 'succeeded');
  assert.ok(env.calls.some((c) => c[0] === 'getModel' && c[1] === 'l1'));
  // A failed fetch of the jobs never breaks the page.
  const failing = setup({ listJobs: http(500, 'internal_error') });
  await failing.actions.loadActiveJobs();
  assert.deepEqual(failing.store.getState().jobs.items, []);
});

test('start, cancel, resume: the answers update the model and the job at once', async () => {
  let answer = ds();
  const env = setup({ startDownload: async () => answer, cancelDownload: async () => answer }, { route: 'models' });
  await env.actions.loadModels();
  assert.equal(await env.actions.startDownload('l1'), true);
  let state = env.store.getState();
  assert.equal(S.selectModel(state, 'l1').download_status, 'downloading');
  assert.equal(S.selectDownload(state, S.selectModel(state, 'l1')).queued, true);
  assert.deepEqual(state.busy, {});

  env.store.dispatch(S.jobReceived, job('j1'));
  answer = ds({ download_status: 'canceled', job_state: 'canceled', bytes_done: 1_200_000, bytes_total: 4_000_000 });
  assert.equal(await env.actions.cancelDownload('l1'), true);
  state = env.store.getState();
  const d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.startLabel], ['canceled', 'resume']);
  assert.equal(state.toasts.at(-1).key, 'toast.downloadCanceled');
  assert.deepEqual(env.calls.filter((c) => ['startDownload', 'cancelDownload'].includes(c[0])), [['startDownload', 'l1'], ['cancelDownload', 'l1']]);

  // Refused (a hosted model, a deleted one): a toast; 404 reloads the list.
  const refused = setup({ startDownload: http(404, 'model_not_found') }, { route: 'models' });
  assert.equal(await refused.actions.startDownload('gone'), false);
  assert.equal(refused.store.getState().toasts.at(-1).kind, 'error');
  assert.ok(refused.calls.some((c) => c[0] === 'listModels'));
});

test('save with Download now: the modal stays open on the new model; without it, it closes', async () => {
  const created = local('l1', { download_status: 'downloading' });
  const env = setup({ createModel: async () => created }, { route: 'models' });
  await env.actions.loadRoute();
  env.store.dispatch(S.openCreateModal);
  env.store.dispatch(F.setModalType, 'local');
  for (const [field, value] of [['name', 'Qwen'], ['api_name', 'qwen'], ['hf_repo', 'owner/repo'], ['model_file', 'q.gguf']]) env.store.dispatch(F.setModalValue, field, value);
  env.store.dispatch(F.setModalDownloadNow, true);
  assert.equal(await env.actions.saveModal(), true);
  const sent = env.calls.find((c) => c[0] === 'createModel')[1];
  assert.equal(sent.download_now, true);
  const modal = env.store.getState().modal;
  assert.equal(modal.mode, 'edit');
  assert.equal(modal.id, 'l1');
  assert.equal(env.store.getState().toasts.at(-1).key, 'toast.modelCreatedDownloading');

  const plain = setup({ createModel: async () => local('l2') }, { route: 'models' });
  await plain.actions.loadRoute();
  plain.store.dispatch(S.openCreateModal);
  plain.store.dispatch(F.setModalType, 'local');
  for (const [field, value] of [['name', 'Q'], ['api_name', 'q'], ['hf_repo', 'owner/repo'], ['model_file', 'q.gguf']]) plain.store.dispatch(F.setModalValue, field, value);
  assert.equal(await plain.actions.saveModal(), true);
  assert.equal(plain.store.getState().modal, null);
  assert.equal(plain.calls.find((c) => c[0] === 'createModel')[1].download_now, undefined);
});

test('edit of a local model loads its download state into the modal', async () => {
  const env = setup({ getDownloadStatus: async () => ds({ download_status: 'canceled', job_state: 'canceled', bytes_done: 3_000_000, bytes_total: 4_000_000 }) }, { route: 'models' });
  await env.actions.loadModels();
  await env.actions.openEdit('l1');
  const state = env.store.getState();
  assert.equal(state.modal.id, 'l1');
  const d = S.selectDownload(state, state.modal.live);
  assert.deepEqual([d.status, d.startLabel, d.percent], ['canceled', 'resume', 75]);
  await env.actions.openEdit('nope');
  assert.equal(env.store.getState().modal.id, 'l1');
});

test('delete with "also delete the downloaded file"', async () => {
  const env = setup({}, { route: 'models' });
  await env.actions.loadModels();
  env.actions.openDelete('l1');
  env.store.dispatch(S.setConfirmDeleteFile, true);
  assert.equal(await env.actions.runConfirm(), true);
  assert.deepEqual(env.calls.find((c) => c[0] === 'deleteModel'), ['deleteModel', 'l1', { deleteLocalFile: true }]);
});

test('Jobs page: load, names of the target models, cancel', async () => {
  const env = setup({
    listJobs: async () => ({ items: [job('j1'), job('j2', { target: 'model:gone', state: 'failed' }), job('j3', { target: 'other' })] }),
    getModel: async (id) => (id === 'gone' ? http(404, 'model_not_found')() : local(id)),
    cancelJob: async (id) => job(id, { state: 'canceled', updated_at: '2025-11-26T10:09:00Z' }),
  }, { route: 'jobs' });
  await env.actions.loadRoute();
  let state = env.store.getState();
  assert.equal(state.jobs.status, 'ready');
  assert.deepEqual(env.calls.find((c) => c[0] === 'listJobs'), ['listJobs', { limit: 100 }]);
  assert.equal(state.modelNames.l1, 'Local l1');
  assert.deepEqual(env.calls.filter((c) => c[0] === 'getModel').map((c) => c[1]).sort(), ['gone', 'l1']);
  await env.actions.loadJobs();
  assert.equal(env.calls.filter((c) => c[0] === 'getModel' && c[1] === 'gone').length, 1, 'an unknown model is asked once');
  assert.equal(await env.actions.cancelJob('j1'), true);
  state = env.store.getState();
  assert.equal(S.selectJob(state, 'j1').state, 'canceled');
  assert.deepEqual(state.busy, {});

  const failing = setup({ listJobs: http(500, 'internal_error') }, { route: 'jobs' });
  await failing.actions.loadJobs();
  assert.equal(failing.store.getState().jobs.status, 'error');
  const refused = setup({ cancelJob: http(404, 'job_not_found') });
  assert.equal(await refused.actions.cancelJob('x'), false);
  assert.equal(refused.store.getState().toasts.at(-1).error.code, 'job_not_found');
});

test('events: models, providers and jobs reach the store; an ended download refreshes its model', async () => {
  const env = setup({ getModel: async (id) => local(id, { download_status: 'canceled' }) }, { route: 'models' });
  await env.actions.loadRoute();
  const { applyEvent } = await env.actions.live();
  applyEvent('model', { action: 'created', subject_id: 'l0', data: local('l0', { name: 'Alpha' }) });
  assert.ok(S.selectModel(env.store.getState(), 'l0'));
  applyEvent('model', { action: 'updated', subject_id: 'l0', data: local('l0', { name: 'Alpha 2' }) });
  assert.equal(S.selectModel(env.store.getState(), 'l0').name, 'Alpha 2');
  applyEvent('model', { action: 'deleted', subject_id: 'l0', data: null });
  assert.equal(S.selectModel(env.store.getState(), 'l0'), null);
  applyEvent('provider', { action: 'created', subject_id: 'o2', data: { id: 'o2', kind: 'ollama', name: 'Ollama 2', enabled: true } });
  assert.ok(S.selectProvider(env.store.getState(), 'o2'));
  applyEvent('provider', { action: 'deleted', subject_id: 'o2', data: null });
  assert.equal(S.selectProvider(env.store.getState(), 'o2'), null);

  applyEvent('job', { action: 'progress', subject_id: 'j1', data: job('j1') });
  assert.equal(S.selectDownload(env.store.getState(), S.selectModel(env.store.getState(), 'l1')).status, 'downloading');
  assert.ok(!env.calls.some((c) => c[0] === 'getModel'), 'progress needs no refetch');
  applyEvent('job', { action: 'status', subject_id: 'j1', data: job('j1', { state: 'canceled' }) });
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(env.calls.some((c) => c[0] === 'getModel' && c[1] === 'l1'), 'the model is fetched once the download ends');
  assert.equal(S.selectModel(env.store.getState(), 'l1').download_status, 'canceled');
  // Garbage is ignored.
  applyEvent('job', null);
  applyEvent('job', { action: 'status' });
  applyEvent('nope', { action: 'x', data: {} });
});

test('syncLive catches up after a reconnection; checkLive notices an ended session', async () => {
  const env = setup({ getSession: http(401, 'unauthorized') }, { route: 'models' });
  const events = await env.actions.live();
  assert.equal(await env.actions.live(), events, 'created once');
  await events.syncLive();
  assert.equal(env.calls.filter((c) => c[0] === 'listJobs').length, 2);
  await events.checkLive();
  assert.equal(env.store.getState().session, 'anonymous');
  assert.equal(env.store.getState().sessionExpired, true);
});

// --- live.js ----------------------------------------------------------------------------------

class FakeEventSource {
  static made = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.listeners = {};
    this.closed = false;
    FakeEventSource.made.push(this);
  }
  addEventListener(name, fn) { (this.listeners[name] ||= []).push(fn); }
  emit(name, event = {}) { for (const fn of this.listeners[name] || []) fn(event); }
  close() { this.closed = true; this.readyState = 2; }
}

function liveSetup(state = {}) {
  FakeEventSource.made = [];
  const seen = [];
  const timers = [];
  const page = new EventTarget();
  const store = S.createStore({ ...S.initialState(), ...state });
  const actions = {
    applyEvent: (name, payload) => seen.push(['event', name, payload]),
    syncLive: () => seen.push(['sync']),
    checkLive: () => seen.push(['check']),
  };
  const live = createLive({
    store, actions, EventSourceImpl: FakeEventSource, retryMs: 5000,
    setTimer: (fn, ms) => { timers.push({ fn, ms }); return timers.length; }, clearTimer: (id) => { timers[id - 1].cleared = true; }, page,
  });
  return { store, live, seen, timers, page };
}

test('live: one EventSource on /api/events while signed in and online; closed on logout and offline', () => {
  const env = liveSetup({ session: 'checking' });
  assert.equal(FakeEventSource.made.length, 0, 'nothing before the session is known');
  env.store.dispatch(S.sessionChecked, 'authenticated');
  assert.equal(FakeEventSource.made.length, 1);
  const first = FakeEventSource.made[0];
  assert.equal(first.url, '/api/events');
  env.store.dispatch(S.pushToast, { kind: 'info', key: 'x' });
  assert.equal(FakeEventSource.made.length, 1, 'other changes do not reopen it');

  first.emit('open');
  first.emit('model', { data: JSON.stringify({ action: 'updated', subject_id: 'm', data: { id: 'm' } }) });
  first.emit('job', { data: '{not json' });
  assert.deepEqual(env.seen, [['event', 'model', { action: 'updated', subject_id: 'm', data: { id: 'm' } }]], 'the first open needs no catch-up');
  first.emit('open'); // the browser reconnected by itself (Last-Event-ID)
  assert.deepEqual(env.seen.at(-1), ['sync']);

  env.store.dispatch(S.setOnline, false);
  assert.equal(first.closed, true);
  env.store.dispatch(S.setOnline, true);
  assert.equal(FakeEventSource.made.length, 2);
  env.store.dispatch(S.loggedOut);
  assert.equal(FakeEventSource.made[1].closed, true);
  assert.equal(env.live.source, null);
});

test('live: a refused stream checks the session and opens again later; a dropped one is left to the browser', () => {
  const env = liveSetup({ session: 'authenticated' });
  const first = FakeEventSource.made[0];
  first.readyState = 0; // CONNECTING: the browser retries by itself
  first.emit('error');
  assert.equal(env.timers.length, 0);
  first.readyState = 2; // CLOSED: refused (401, server restart)
  first.emit('error');
  assert.deepEqual(env.seen, [['check']]);
  assert.equal(env.timers.length, 1);
  assert.equal(env.timers[0].ms, 5000);
  env.timers[0].fn();
  assert.equal(FakeEventSource.made.length, 2, 'a new stream after the delay');
  // Events of a stream that was replaced are ignored.
  first.emit('job', { data: '{"action":"status"}' });
  assert.ok(!env.seen.some((entry) => entry[0] === 'event'));
  env.live.stop();
  assert.equal(FakeEventSource.made[1].closed, true);
});

test('live: a page left behind (pagehide) holds no connection; shown again, it reconnects and catches up', () => {
  const env = liveSetup({ session: 'authenticated' });
  const first = FakeEventSource.made[0];
  first.emit('open');
  env.page.dispatchEvent(new Event('pagehide'));
  assert.equal(first.closed, true);
  env.store.dispatch(S.setOnline, false);
  env.store.dispatch(S.setOnline, true);
  assert.equal(FakeEventSource.made.length, 1, 'no stream while the page is hidden');
  env.page.dispatchEvent(new Event('pageshow'));
  assert.equal(FakeEventSource.made.length, 2);
  FakeEventSource.made[1].emit('open');
  assert.deepEqual(env.seen.at(-1), ['sync'], 'back from the back-forward cache: catch up');
  env.live.stop();
  env.page.dispatchEvent(new Event('pageshow'));
  assert.equal(FakeEventSource.made.length, 2, 'stopped: the page events are gone too');
});

test('api wrapper: download and job routes', async () => {
  const seen = [];
  const api = createApi({ fetchImpl: async (url, init) => { seen.push([init.method, url]); return new Response('{}', { status: 202 }); } });
  await api.startDownload('a/b');
  await api.cancelDownload('m');
  await api.getDownloadStatus('m');
  await api.listJobs({ state: 'running' });
  await api.getJob('j');
  await api.cancelJob('j');
  await api.deleteModel('m', { deleteLocalFile: true });
  await api.deleteModel('m');
  assert.deepEqual(seen, [
    ['POST', '/api/models/a%2Fb/download'], ['POST', '/api/models/m/cancel-download'], ['GET', '/api/models/m/download-status'],
    ['GET', '/api/jobs?state=running'], ['GET', '/api/jobs/j'], ['POST', '/api/jobs/j/cancel'],
    ['DELETE', '/api/models/m?delete_local_file=true'], ['DELETE', '/api/models/m'],
  ]);
});
