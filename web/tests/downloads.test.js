// Local-model downloads and jobs: the store's updaters and selectors (issue 5).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';

setMeta(META);

const provider = (id, kind = id) => ({ id, kind, name: id[0].toUpperCase() + id.slice(1), base_url: kind === 'local' ? null : `https://${id}.example`, enabled: true, default_model_id: null });
const model = (id, extra = {}) => ({
  id, provider_id: 'mistral', provider_kind: 'mistral', kind: 'hosted', name: `Model ${id}`, api_name: id, context_window: 32000,
  max_output_tokens: 4096, temperature_default: 0.7, is_builtin: false, is_default: false, status: 'active', replacement_model_id: null,
  cost_input_per_million: null, cost_output_per_million: null, hf_repo: null, hf_revision: null, model_file: null,
  download_status: null, downloaded: null, hf_token_configured: null, download_error: null, file_size_bytes: null, updated_at: '2025-11-26T10:00:00Z', ...extra,
});
const local = (id, extra = {}) => model(id, {
  provider_id: 'local', provider_kind: 'local', kind: 'local', hf_repo: 'owner/repo', hf_revision: 'main', model_file: `${id}.gguf`,
  download_status: 'pending', downloaded: false, hf_token_configured: false, ...extra,
});
const job = (id, extra = {}) => ({
  id, kind: 'download', target: 'model:l1', state: 'running', attempts: 1, error_code: null, error_message: null,
  progress: { bytes_done: 1_000_000, bytes_total: 4_000_000, percent: 25, bytes_per_second: 500_000, eta_seconds: 6, phase: 'download', message: null },
  created_at: '2025-11-26T10:00:00Z', started_at: '2025-11-26T10:00:01Z', finished_at: null, updated_at: '2025-11-26T10:00:02Z', ...extra,
});
const ds = (extra = {}) => ({
  model_id: 'l1', download_status: 'downloading', downloaded: false, job_id: 'j1', job_state: 'running', bytes_done: 1_000_000, bytes_total: 4_000_000,
  percent: 25, bytes_per_second: 500_000, eta_seconds: 6, error_code: null, error_message: null, local_path: null, checksum: null, ...extra,
});

function withModels(items, state = S.initialState({ route: 'models' })) {
  const withProviders = S.providersLoaded(state, [provider('mistral'), provider('local')]);
  const requested = S.modelsRequested(withProviders);
  return S.modelsLoaded(requested, requested.models.seq, { items, total: items.length });
}

test('jobs: newest first, events replace, fetched copies never roll back newer ones', () => {
  let state = S.initialState();
  state = S.jobsLoaded(state, [job('old', { created_at: '2025-11-25T00:00:00Z', state: 'succeeded' }), job('new', { created_at: '2025-11-26T12:00:00Z' })]);
  assert.deepEqual(state.jobs.items.map((j) => j.id), ['new', 'old']);
  assert.equal(state.jobs.status, 'ready');
  // An event (in order, always taken).
  state = S.jobReceived(state, job('new', { created_at: '2025-11-26T12:00:00Z', progress: { bytes_done: 3_000_000, bytes_total: 4_000_000 } }));
  assert.equal(S.selectJob(state, 'new').progress.bytes_done, 3_000_000);
  // A fetched copy with the same timestamp and fewer bytes is older: ignored.
  const before = state;
  state = S.activeJobsLoaded(state, [job('new', { created_at: '2025-11-26T12:00:00Z' })]);
  assert.equal(state, before, 'no change, same state object');
  // A fetched copy that ended (same timestamp) wins over an active one.
  state = S.activeJobsLoaded(state, [job('new', { created_at: '2025-11-26T12:00:00Z', state: 'canceled' })]);
  assert.equal(S.selectJob(state, 'new').state, 'canceled');
  // A later updated_at always wins; an older one never does.
  state = S.jobsLoaded(state, [job('new', { created_at: '2025-11-26T12:00:00Z', state: 'running', updated_at: '2025-11-26T10:00:01Z' })]);
  assert.equal(S.selectJob(state, 'new').state, 'canceled');
  state = S.jobReceived(state, null);
  assert.equal(S.jobsFailed(state, { status: 500, code: 'internal_error', message: 'x' }).jobs.status, 'error');
  assert.equal(S.jobsRequested(state).jobs.status, 'loading');
  assert.equal(S.jobModelId(job('x')), 'l1');
  assert.equal(S.jobModelId(job('x', { target: 'ollama:x' })), null);
});

test('updaters of this issue never mutate their input', () => {
  const state = S.openEditModal(withModels([local('l1')]), local('l1'));
  const frozen = JSON.stringify(state);
  S.jobReceived(state, job('j1'));
  S.downloadStateReceived(state, ds());
  S.modelEvent(state, 'updated', local('l1', { download_status: 'downloaded' }));
  S.modelEvent(state, 'created', local('l0'));
  F.replaceModelToken(state);
  S.modalCreated(state, state.modal.seq, local('l2'));
  assert.equal(JSON.stringify(state), frozen);
});

test('selectDownload: the five statuses, progress, and the Start / Retry / Resume / Cancel choice', () => {
  let state = withModels([local('l1'), model('h1')]);
  assert.equal(S.selectDownload(state, S.selectModel(state, 'h1')), null, 'hosted models have no download');
  let d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.equal(d.status, 'pending');
  assert.deepEqual([d.canStart, d.canCancel, d.startLabel, d.downloaded], [true, false, 'start', false]);
  assert.deepEqual(S.selectModelActions(S.selectModel(state, 'l1'), d).slice(0, 2), ['edit', 'download']);

  // A running job (fetched on load or from an event): downloading, with its numbers.
  state = S.activeJobsLoaded(state, [job('j1')]);
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.equal(d.status, 'downloading', 'an active job means downloading, whatever the model says yet');
  assert.deepEqual([d.active, d.canStart, d.canCancel], [true, false, true]);
  assert.equal(d.percent, 25);
  assert.deepEqual([d.bytesDone, d.bytesTotal, d.speed, d.eta], [1_000_000, 4_000_000, 500_000, 6]);
  assert.deepEqual(S.selectModelActions(S.selectModel(state, 'l1'), d).slice(0, 2), ['edit', 'cancel-download']);

  // The job was canceled; the model event has not come yet: canceled, Resume (bytes kept).
  state = S.jobReceived(state, job('j1', { state: 'canceled', updated_at: '2025-11-26T10:00:05Z' }));
  state = S.modelEvent(state, 'updated', local('l1', { download_status: 'downloading' }));
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.startLabel, d.canStart, d.canCancel, d.speed], ['canceled', 'resume', true, false, null]);

  // Failed: Retry, with the model's download_error.
  state = S.modelEvent(state, 'updated', local('l1', { download_status: 'failed', download_error: 'The Hub answered 404.' }));
  state = S.jobReceived(state, job('j1', { state: 'failed', error_code: 'hf_not_found', error_message: 'job message' }));
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.startLabel, d.error, d.errorCode], ['failed', 'retry', 'The Hub answered 404.', 'hf_not_found']);

  // Downloaded: 100 %, Yes, nothing to start or cancel.
  state = S.modelEvent(state, 'updated', local('l1', { download_status: 'downloaded', downloaded: true, file_size_bytes: 4_000_000 }));
  state = S.jobReceived(state, job('j1', { state: 'succeeded', progress: { bytes_done: 4_000_000, bytes_total: 4_000_000 } }));
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.percent, d.downloaded, d.canStart, d.canCancel, d.error], ['downloaded', 100, true, false, false, null]);

  // Canceled without bytes: Start, not Resume. Percent from the server when bytes are unknown.
  state = withModels([local('l1', { download_status: 'canceled' })]);
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.equal(d.startLabel, 'start');
  state = S.activeJobsLoaded(state, [job('j2', { progress: { bytes_done: null, bytes_total: null, percent: 40 } })]);
  assert.equal(S.selectDownload(state, S.selectModel(state, 'l1')).percent, 40);
});

test('selectModelJob: the active job of the model, else its newest', () => {
  let state = S.jobsLoaded(S.initialState(), [
    job('a', { state: 'canceled', created_at: '2025-11-26T09:00:00Z' }),
    job('b', { state: 'failed', created_at: '2025-11-26T11:00:00Z' }),
    job('c', { target: 'model:other', created_at: '2025-11-26T12:00:00Z' }),
  ]);
  assert.equal(S.selectModelJob(state, 'l1').id, 'b');
  state = S.jobReceived(state, job('a', { state: 'running', created_at: '2025-11-26T09:00:00Z' }));
  assert.equal(S.selectModelJob(state, 'l1').id, 'a');
  assert.equal(S.selectModelJob(state, 'none'), null);
});

test('downloadStateReceived: the model follows at once; a job not seen yet stands in from the answer', () => {
  let state = withModels([local('l1', { download_status: 'canceled' })]);
  state = S.openEditModal(state, S.selectModel(state, 'l1'));
  // Start answered 202 with a queued job no event has shown yet.
  state = S.downloadStateReceived(state, ds({ job_state: 'queued', bytes_done: 1_500_000, bytes_per_second: null, eta_seconds: null }));
  assert.equal(S.selectModel(state, 'l1').download_status, 'downloading');
  assert.equal(state.modal.live.download_status, 'downloading', 'the open modal follows');
  let d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.queued, d.canCancel, d.bytesDone], ['downloading', true, true, 1_500_000]);
  // Its first event arrives: the job takes over.
  state = S.jobReceived(state, job('j1', { progress: { bytes_done: 2_000_000, bytes_total: 4_000_000, bytes_per_second: 1e6, eta_seconds: 2 } }));
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.queued, d.percent, d.speed], [false, 50, 1e6]);
  // Cancel answered: the known job is canceled at once, before its status event.
  state = S.downloadStateReceived(state, ds({ download_status: 'canceled', job_state: 'canceled', bytes_done: 2_100_000, bytes_per_second: null, eta_seconds: null }));
  assert.equal(S.selectJob(state, 'j1').state, 'canceled');
  d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.startLabel, d.bytesDone], ['canceled', 'resume', 2_100_000]);
  // Failed: the error lands on the model.
  state = S.downloadStateReceived(state, ds({ download_status: 'failed', job_state: 'failed', error_message: 'Gated repository.' }));
  assert.equal(S.selectModel(state, 'l1').download_error, 'Gated repository.');
  assert.equal(S.downloadStateReceived(state, null), state);
});

test('downloadStateReceived: an answer older than the events that ended its job changes nothing', () => {
  let state = withModels([local('l1', { download_status: 'failed' })]);
  // The job ran and ended (events) before the start request's 202 was read.
  state = S.jobReceived(state, job('j1', { state: 'succeeded', progress: { bytes_done: 4_000_000, bytes_total: 4_000_000 } }));
  state = S.modelEvent(state, 'updated', local('l1', { download_status: 'downloaded', downloaded: true }));
  const before = state;
  state = S.downloadStateReceived(state, ds({ job_state: 'queued', bytes_done: 0 }));
  assert.equal(state, before);
  const d = S.selectDownload(state, S.selectModel(state, 'l1'));
  assert.deepEqual([d.status, d.downloaded, d.canCancel], ['downloaded', true, false]);
  // An answer that ends the job still applies (cancel after the last event).
  state = S.downloadStateReceived(S.jobReceived(state, job('j2')), ds({ job_id: 'j2', download_status: 'canceled', job_state: 'canceled' }));
  assert.equal(S.selectJob(state, 'j2').state, 'canceled');
});

test('model events: updated replaces, created joins the list where a reload would show it, deleted removes', () => {
  let state = withModels([local('l1', { name: 'Beta' }), model('h1', { name: 'Delta' })]);
  state = S.modelEvent(state, 'created', local('l0', { name: 'alpha' }));
  assert.deepEqual(state.models.items.map((m) => m.id), ['l0', 'l1', 'h1'], 'sorted by name, case-insensitive');
  assert.equal(state.models.total, 3);
  assert.equal(state.modelNames.l0, 'alpha');
  // Again (the REST answer and the event both bring it): no duplicate.
  state = S.modelEvent(state, 'created', local('l0', { name: 'alpha' }));
  assert.equal(state.models.items.length, 3);
  // Filtered out: only its name is remembered.
  let filtered = S.setFilter(state, 'provider', 'mistral');
  filtered = S.modelEvent(filtered, 'created', local('l9', { name: 'Zeta' }));
  assert.equal(filtered.models.items.length, 3);
  assert.equal(filtered.modelNames.l9, 'Zeta');
  filtered = S.modelEvent(S.setFilter(state, 'text', 'ZET'), 'created', model('h9', { name: 'Zeta' }));
  assert.ok(S.selectModel(filtered, 'h9'), 'text filter matches case-insensitively');
  // Beyond the loaded pages: not inserted (the next page brings it).
  let paged = S.modelsLoaded(S.modelsRequested(state), state.models.seq + 1, { items: state.models.items, total: 10, next_cursor: 'c' });
  paged = S.modelEvent(paged, 'created', model('zz', { name: 'Zulu' }));
  assert.equal(S.selectModel(paged, 'zz'), null);
  paged = S.modelEvent(paged, 'created', model('aa', { name: 'Aardvark' }));
  assert.equal(paged.models.items[0].id, 'aa');
  // Updated.
  state = S.modelEvent(state, 'updated', local('l1', { name: 'Beta', download_status: 'downloaded', downloaded: true }));
  assert.equal(S.selectModel(state, 'l1').downloaded, true);
  assert.equal(S.modelEvent(state, 'updated', null), state);
  assert.equal(S.modelRemoved(state, 'l1').models.items.length, 2);
});

test('create modal: Download now and the token go into the body', () => {
  let state = withModels([]);
  state = S.openCreateModal(state);
  state = F.setModalType(state, 'local');
  assert.ok(F.selectModalFields(state).includes('hf_token'), 'a new local model can take a token');
  for (const [field, value] of [['name', 'Qwen'], ['api_name', 'qwen'], ['hf_repo', 'owner/repo'], ['model_file', 'q.gguf'], ['hf_token', 'hf_secret']]) {
    state = F.setModalValue(state, field, value);
  }
  assert.equal(F.selectModalPayload(state).download_now, undefined);
  state = F.setModalDownloadNow(state, true);
  const body = F.selectModalPayload(state);
  assert.equal(body.download_now, true);
  assert.equal(body.hf_token, 'hf_secret');
  assert.equal(body.provider_id, 'local');
  assert.equal(F.setModalDownloadNow(state, true), state);
  // A bad token is caught before sending, with the server's message.
  state = F.validateModal(F.setModalValue(state, 'hf_token', 'has space'));
  assert.equal(say(state.modal.errors.hf_token, 'hf_token'), 'Hugging Face token must be printable ASCII without spaces or line breaks.');
  // Hosted: neither.
  const hosted = F.setModalType(state, 'hosted');
  assert.ok(!F.selectModalFields(hosted).includes('hf_token'));
});

test('created with Download now: the modal stays open, editing the new model', () => {
  let state = S.openCreateModal(withModels([]));
  const seq = state.modal.seq;
  const created = local('l1', { download_status: 'downloading', hf_token_configured: true });
  assert.equal(S.modalCreated(state, seq + 99, created), state, 'a stale answer changes nothing');
  state = S.modalCreated(state, seq, created);
  assert.equal(state.modal.mode, 'edit');
  assert.equal(state.modal.id, 'l1');
  assert.notEqual(state.modal.seq, seq, 'a new opening: the form is rebuilt for editing');
  assert.equal(state.modal.justCreated, true);
  assert.equal(state.modal.tokenMode, 'set');
  assert.equal(state.modal.values.hf_repo, 'owner/repo');
  assert.equal(state.modal.live, created);
  // Events follow into the modal even when the list (filtered) does not show the model.
  state = S.modelEvent(state, 'updated', local('l1', { download_status: 'downloaded', downloaded: true }));
  assert.equal(state.modal.live.download_status, 'downloaded');
});

test('edit modal: the stored token shows as set; Replace, Clear and Keep as for connection keys', () => {
  const stored = local('l1', { hf_token_configured: true });
  let state = S.openEditModal(withModels([stored]), stored);
  assert.equal(state.modal.tokenMode, 'set');
  assert.ok(!F.selectModalFields(state).includes('hf_token'), 'no input while the token is kept');
  assert.deepEqual(F.selectModalPayload(state), {}, 'nothing changes: no hf_token key');
  state = F.replaceModelToken(state);
  assert.ok(F.selectModalFields(state).includes('hf_token'));
  assert.deepEqual(F.selectModalPayload(state), {}, 'an empty replacement sends nothing');
  state = F.setModalValue(state, 'hf_token', 'hf_new');
  assert.deepEqual(F.selectModalPayload(state), { hf_token: 'hf_new' });
  state = F.clearModelToken(state);
  assert.equal(state.modal.values.hf_token, '', 'the typed token is forgotten');
  assert.deepEqual(F.selectModalPayload(state), { hf_token: null });
  state = F.keepModelToken(state);
  assert.deepEqual(F.selectModalPayload(state), {});
  assert.equal(F.keepModelToken(state), state);
  // Without a stored token: the input shows; typing sets one.
  let none = S.openEditModal(withModels([local('l2')]), local('l2'));
  assert.equal(none.modal.tokenMode, 'none');
  assert.equal(F.replaceModelToken(none), none);
  none = F.setModalValue(none, 'hf_token', 'hf_first');
  assert.deepEqual(F.selectModalPayload(none), { hf_token: 'hf_first' });
  // Builtin local models: no token field.
  const builtin = S.openEditModal(withModels([]), local('b', { is_builtin: true }));
  assert.ok(!F.selectModalFields(builtin).includes('hf_token'));
});

test('delete of a local model: the "also delete the file" box', () => {
  let state = withModels([local('l1'), model('h1')]);
  state = S.openConfirm(state, 'delete', S.selectModel(state, 'l1'));
  assert.deepEqual([state.confirm.local, state.confirm.deleteFile], [true, false]);
  state = S.setConfirmDeleteFile(state, true);
  assert.equal(state.confirm.deleteFile, true);
  let hosted = S.openConfirm(state, 'delete', S.selectModel(state, 'h1'));
  assert.equal(S.setConfirmDeleteFile(hosted, true), hosted, 'hosted models have no file');
  hosted = S.closeConfirm(hosted);
  assert.equal(S.setConfirmDeleteFile(hosted, true), hosted);
});

test('routes: the Jobs page exists', () => {
  assert.equal(S.setRoute(S.initialState(), 'jobs').route, 'jobs');
  assert.equal(S.initialState({ route: 'jobs' }).route, 'jobs');
  assert.deepEqual(S.initialState().jobs, { items: [], status: 'idle', error: null });
});
