// The Jobs page for people: what a job works on by name, with the pages that show it, and
// what an active job is doing in the admin's language (Ollama's pull statuses among them).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import { loadLanguage, setLanguage, t } from '../shared/i18n.js';
import { setup } from './fixtures.js';
import { isJobModelMissing, jobModelsMissing, jobStatus } from '../jobs/job-labels.js';

await loadLanguage('en');
setLanguage('en');

const job = (fields) => ({ id: 'j1', kind: 'download', state: 'running', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', ...fields });
const pull = (message, extra = {}) => job({ kind: 'pull', provider_id: 'o1', ollama_model: 'qwen', model_id: null, progress: { message }, ...extra });
const connections = [
  { id: 'o1', kind: 'ollama', name: 'Lab Ollama', enabled: true },
  { id: 'local', kind: 'local', name: 'Local models', enabled: true },
];

test('a pull names its model and its server, both leading to the server\'s page; never the uuid', async () => {
  const { jobTarget } = await import('../jobs/jobs.js');
  const uuid = '3f2b8c1e-6a0d-4c8e-9b1a-2f7d5e4c3b21';
  const state = S.providersLoaded(S.initialState(), [{ ...connections[0], id: uuid }]);
  const target = jobTarget(state, pull('x', { provider_id: uuid, target: `ollama:${uuid}:qwen` }));
  assert.deepEqual(target.model, { name: 'qwen', href: `#/ollama/${uuid}`, filter: null });
  assert.deepEqual(target.server, { name: 'Lab Ollama', href: `#/ollama/${uuid}` });
  assert.ok(!target.text.includes(uuid), target.text);
  // while the connections load: no name yet, never the id
  const loading = jobTarget(S.initialState(), pull('x', { provider_id: uuid }));
  assert.equal(loading.server.name, null);
  assert.equal(loading.text, 'qwen · …');
});

test('a download names its model (the models list, filtered to it) and the local connection', async () => {
  const { jobTarget } = await import('../jobs/jobs.js');
  let state = S.providersLoaded(S.initialState(), connections);
  const download = job({ model_id: 'm1', provider_id: null, ollama_model: null, target: 'model:m1' });
  assert.equal(jobTarget(state, download).model.name, null, 'unknown until fetched');
  state = S.rememberModelNames(state, [{ id: 'm1', name: 'Qwen3 0.6B' }]);
  const target = jobTarget(state, download);
  assert.deepEqual(target.model, { name: 'Qwen3 0.6B', href: '#/models', filter: 'Qwen3 0.6B' });
  assert.deepEqual(target.server, { name: 'Local models', href: '#/providers' });
  assert.equal(target.text, 'Qwen3 0.6B · Local models');
  const gone = jobModelsMissing(S.providersLoaded(S.initialState(), connections), ['m2']);
  assert.equal(jobTarget(gone, { ...download, model_id: 'm2' }).model.name, 'Deleted model');
  assert.equal(jobTarget(gone, { ...download, model_id: 'm2' }).model.href, null);
});

test('a model the server no longer has is remembered as deleted', async () => {
  const missing = Object.assign(new Error('gone'), { status: 404, code: 'not_found' });
  const env = setup({
    listJobs: async () => ({ items: [job({ model_id: 'm9', provider_id: null, ollama_model: null, state: 'failed' })] }),
    getModel: async () => { throw missing; },
  }, { route: 'jobs', session: 'authenticated' });
  await env.actions.loadRoute();
  assert.equal(isJobModelMissing(env.store.getState(), 'm9'), true);
  assert.ok(env.calls.some((c) => c[0] === 'listProviders'), 'the local connection\'s name is fetched');
});

test('Ollama\'s pull statuses are known words; unknown ones stay as sent', () => {
  assert.deepEqual(jobStatus(pull('pulling manifest')), { key: 'jobStatus.manifest', params: {} });
  assert.deepEqual(jobStatus(pull('pulling 6a0746a1ec1a')), { key: 'jobStatus.layer', params: { digest: '6a0746a1ec1a' } });
  assert.deepEqual(jobStatus(pull('verifying sha256 digest')), { key: 'jobStatus.verifying', params: {} });
  assert.deepEqual(jobStatus(pull('writing manifest')), { key: 'jobStatus.writing', params: {} });
  assert.deepEqual(jobStatus(pull('removing any unused layers')), { key: 'jobStatus.removing', params: {} });
  assert.deepEqual(jobStatus(pull('success')), { key: 'jobStatus.success', params: {} });
  assert.deepEqual(jobStatus(pull('Pulling Manifest')), { key: 'jobStatus.manifest', params: {} }, 'case does not matter');
  assert.deepEqual(jobStatus(pull('retrying in 5s')), { text: 'retrying in 5s' });
  assert.equal(jobStatus(pull('')), null);
  assert.equal(jobStatus(pull('pulling manifest', { state: 'succeeded' })), null, 'an ended job says its state instead');
  assert.deepEqual(jobStatus(job({ kind: 'check_updates', progress: { message: '3/5' } })), { key: 'jobStatus.checked', params: { done: 3, total: 5 } });
  assert.deepEqual(jobStatus(job({ progress: { message: 'Reading the GGUF header' } })), { key: 'jobStatus.gguf', params: {} });
  assert.deepEqual(jobStatus(job({ progress: { message: 'Attempt 2' } })), { key: 'jobStatus.attempt', params: { n: 2 } });
  assert.deepEqual(jobStatus(job({ progress: { message: 'Part 2 of 3' } })), { key: 'jobStatus.part', params: { part: 2, parts: 3 } });
  const deploy = (message) => job({ kind: 'deploy', progress: { message } });
  assert.deepEqual(jobStatus(deploy('parsing GGUF')), { key: 'jobStatus.parsing', params: {} });
  assert.deepEqual(jobStatus(deploy(`using existing layer sha256:${'ab'.repeat(32)}`)), { key: 'jobStatus.existingLayer', params: { digest: 'ab'.repeat(6) } });
  assert.deepEqual(jobStatus(deploy('writing manifest')), { key: 'jobStatus.writing', params: {} });
  assert.deepEqual(jobStatus(job({ progress: { message: 'Part 2 of 3 · Attempt 4' } })),
    { key: 'jobStatus.partAttempt', params: { part: 2, parts: 3, n: 4 } });
});

test('every status has its words in English and French', async () => {
  await import('../jobs/jobs.js');
  const keys = ['manifest', 'layer', 'verifying', 'writing', 'removing', 'success', 'checked', 'gguf', 'attempt'].map((k) => `jobStatus.${k}`);
  const english = keys.map((key) => t(key, { digest: 'abc', done: 1, total: 2, n: 3 }));
  await loadLanguage('fr');
  setLanguage('fr');
  const { loadStrings } = await import('../shared/i18n.js');
  await loadStrings('jobs');
  try {
    const french = keys.map((key) => t(key, { digest: 'abc', done: 1, total: 2, n: 3 }));
    keys.forEach((key, i) => {
      assert.notEqual(french[i], key, `${key} has no French`);
      assert.notEqual(french[i], english[i], `${key} is English in French`);
    });
    assert.equal(t('jobStatus.layer', { digest: '6a0746a1ec1a' }), 'Téléchargement de la couche 6a0746a1ec1a…');
  } finally {
    setLanguage('en');
  }
});
