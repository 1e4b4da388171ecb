// What a job works on comes from its fields (model_id, provider_id, ollama_model); `target`
// is read only for a server that does not send them yet.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as O from '../ollama/store.js';

const job = (fields) => ({ id: 'j1', kind: 'download', state: 'running', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', ...fields });

test('job fields name the model, the connection and the Ollama model', () => {
  const download = job({ target: 'model:m1', model_id: 'm1', provider_id: null, ollama_model: null });
  assert.equal(S.jobModelId(download), 'm1');
  assert.equal(S.jobProviderId(download), null);
  assert.equal(S.isOllamaJob(download), false);
  const pull = job({ kind: 'pull', target: 'ollama:o1:llama3.2:1b', model_id: null, provider_id: 'o1', ollama_model: 'llama3.2:1b' });
  assert.equal(S.jobModelId(pull), null);
  assert.equal(S.isOllamaJob(pull), true);
  assert.equal(O.isPullOf(pull, 'o1'), true);
  assert.equal(O.isPullOf(pull, 'o2'), false);
  assert.equal(O.pullName(pull, 'o1'), 'llama3.2:1b', 'a tag with a colon stays whole');
  const check = job({ kind: 'check_updates', target: 'ollama:o1', model_id: null, provider_id: 'o1', ollama_model: null });
  assert.equal(O.isCheckOf(check, 'o1'), true);
  assert.equal(O.pullName(check, 'o1'), null);
});

test('the fields win over the target string', () => {
  // The server's fields are the truth: a target that says otherwise is not parsed.
  const odd = job({ target: 'model:other', model_id: 'm1', provider_id: null, ollama_model: null });
  assert.equal(S.jobModelId(odd), 'm1');
  const pull = job({ kind: 'pull', target: 'ollama:x:y', model_id: null, provider_id: 'o1', ollama_model: 'qwen' });
  assert.equal(O.pullName(pull, 'o1'), 'qwen');
  assert.equal(O.isPullOf(pull, 'x'), false);
});

test('a server without the fields: the target stands in', () => {
  assert.equal(S.jobModelId(job({ target: 'model:m9' })), 'm9');
  const pull = job({ kind: 'pull', target: 'ollama:o1:qwen2.5:0.5b' });
  assert.equal(S.jobProviderId(pull), 'o1');
  assert.equal(S.jobOllamaModel(pull), 'qwen2.5:0.5b');
  assert.equal(S.jobProviderId(job({ kind: 'check_updates', target: 'ollama:o1' })), 'o1');
  assert.equal(S.jobModelId(job({ target: 'something' })), null);
});

test('the model\'s download job and the jobs page\'s target follow the fields', async () => {
  let state = S.initialState();
  state = S.jobsLoaded(state, [job({ target: 'model:m1', model_id: 'm1', provider_id: null, ollama_model: null })]);
  assert.equal(S.selectModelJob(state, 'm1').id, 'j1');
  const { jobTarget } = await import('../jobs/jobs.js');
  state = S.providersLoaded(state, [{ id: 'o1', name: 'Lab Ollama', kind: 'ollama' }]);
  const pull = job({ id: 'j2', kind: 'pull', target: 'ollama:o1:qwen', model_id: null, provider_id: 'o1', ollama_model: 'qwen' });
  assert.equal(jobTarget(state, pull).text, 'qwen · Lab Ollama');
  assert.equal(jobTarget(state, { ...pull, kind: 'check_updates', ollama_model: null }).text, 'Lab Ollama');
});
