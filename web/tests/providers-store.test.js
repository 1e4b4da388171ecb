// The connections' slice (models/providers-store.js) and the connection form (models/forms.js):
// create, key modes, tests, delete.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { listedModel as model, provider } from './fixtures.js';

setMeta(META);


// --- Connections: create, key, tests, delete ----------------------------------------------

const withKeyed = () => S.providersLoaded(S.initialState(), [
  provider('mistral', 'mistral', { default_model_id: 'a', api_key_configured: true, is_builtin: true }),
  provider('azure-openai', 'azure-openai', { base_url: 'https://x.openai.azure.com', api_version: '2024-10-21', is_builtin: true }),
  provider('custom', 'openai-compatible', { api_key_configured: false, is_builtin: false }),
  provider('local', 'local', { is_builtin: true }),
]);

test('create modal: kinds, default base URLs that follow the kind, payload', () => {
  let state = S.openProviderCreateModal(withKeyed());
  const modal = state.providerModal;
  assert.equal(modal.mode, 'create');
  assert.equal(modal.kind, 'mistral');
  assert.equal(modal.values.base_url, 'https://api.mistral.ai');
  assert.deepEqual(F.selectProviderModalFields(state), ['kind', 'name', 'base_url', 'api_key', 'rpm_limit', 'tpm_limit', 'max_parallel']);
  assert.deepEqual(S.PROVIDER_KINDS, ['mistral', 'openai', 'azure-openai', 'ollama', 'openai-compatible']);

  state = F.setProviderModalKind(state, 'openai');
  assert.equal(state.providerModal.values.base_url, 'https://api.openai.com', 'an untouched default follows the kind');
  state = F.setProviderModalKind(state, 'azure-openai');
  assert.equal(state.providerModal.values.base_url, '');
  assert.deepEqual(F.selectProviderModalFields(state), ['kind', 'name', 'base_url', 'api_version', 'api_key', 'rpm_limit', 'tpm_limit', 'max_parallel']);
  state = F.setProviderModalValue(state, 'base_url', 'https://me.openai.azure.com');
  state = F.setProviderModalKind(state, 'openai');
  assert.equal(state.providerModal.values.base_url, 'https://me.openai.azure.com', 'a typed URL stays');
  assert.equal(F.setProviderModalKind(state, 'local'), state, 'local is never created');
  assert.equal(F.setProviderModalKind(state, 'openai'), state);

  state = F.setProviderModalValue(state, 'name', 'Team');
  state = F.setProviderModalValue(state, 'api_key', 'sk-secret');
  assert.deepEqual(F.selectProviderPayload(state), { kind: 'openai', name: 'Team', base_url: 'https://me.openai.azure.com', api_key: 'sk-secret' });
  state = F.setProviderModalKind(state, 'azure-openai');
  state = F.setProviderModalValue(state, 'api_version', '2025-01-01-preview');
  assert.equal(F.selectProviderPayload(state).api_version, '2025-01-01-preview');
  state = F.setProviderModalKind(state, 'ollama');
  assert.ok(!('api_version' in F.selectProviderPayload(state)), 'api_version only for Azure');
  state = F.setProviderModalValue(state, 'api_key', '');
  assert.ok(!('api_key' in F.selectProviderPayload(state)), 'an empty key is left out');
});

test('create modal validation: base URL required, key and API version rules', () => {
  let state = S.openProviderCreateModal(withKeyed(), 'openai-compatible');
  state = F.validateProviderModal(state);
  assert.deepEqual(state.providerModal.errors, { name: { code: 'required', params: {} }, base_url: { code: 'required', params: {} } });
  state = F.setProviderModalValue(state, 'api_key', 'has space');
  assert.equal(say(state.providerModal.errors.api_key, 'api_key'), 'API key must be printable ASCII without spaces or line breaks.');
  state = F.setProviderModalKind(state, 'azure-openai');
  state = F.setProviderModalValue(state, 'api_version', '2024');
  assert.equal(say(state.providerModal.errors.api_version, 'api_version'), 'API version must look like 2024-10-21.');
  state = F.setProviderModalKind(state, 'openai');
  assert.ok(!('api_version' in state.providerModal.errors), 'hidden fields lose their errors');
  assert.equal(state.providerModal.values.base_url, 'https://api.openai.com');
  assert.ok(!('base_url' in state.providerModal.errors), 'the default fixed the base URL');
});

test('key modes: dots with Replace/Clear, payload api_key set, null or absent', () => {
  let state = S.openProviderModal(withKeyed(), S.selectProvider(withKeyed(), 'mistral'));
  assert.equal(state.providerModal.keyMode, 'set');
  assert.deepEqual(F.selectProviderModalFields(state), ['name', 'base_url', 'default_model_id', 'rpm_limit', 'tpm_limit', 'max_parallel'], 'a stored key shows as dots, not an input');
  assert.deepEqual(F.selectProviderPayload(state), {});
  assert.equal(F.keepProviderKey(state), state, 'nothing to keep yet');

  state = F.replaceProviderKey(state);
  assert.equal(state.providerModal.keyMode, 'replace');
  assert.ok(F.selectProviderModalFields(state).includes('api_key'));
  assert.deepEqual(F.selectProviderPayload(state), {}, 'Replace with nothing typed keeps the key');
  state = F.setProviderModalValue(state, 'api_key', 'sk-new');
  assert.deepEqual(F.selectProviderPayload(state), { api_key: 'sk-new' });

  state = F.keepProviderKey(state);
  assert.equal(state.providerModal.keyMode, 'set');
  assert.equal(state.providerModal.values.api_key, '', 'going back forgets the typed key');
  state = F.clearProviderKey(state);
  assert.equal(state.providerModal.keyMode, 'clear');
  assert.deepEqual(F.selectProviderPayload(state), { api_key: null });
  assert.equal(F.replaceProviderKey(state), state, 'Replace only from the stored state');
  state = F.keepProviderKey(state);
  assert.deepEqual(F.selectProviderPayload(state), {});

  const none = S.openProviderModal(withKeyed(), S.selectProvider(withKeyed(), 'custom'));
  assert.equal(none.providerModal.keyMode, 'none');
  assert.ok(F.selectProviderModalFields(none).includes('api_key'), 'no key: the input shows directly');
  assert.equal(F.clearProviderKey(none), none);
  assert.deepEqual(F.selectProviderPayload(F.setProviderModalValue(none, 'api_key', 'sk-1')), { api_key: 'sk-1' });

  const local = S.openProviderModal(withKeyed(), S.selectProvider(withKeyed(), 'local'));
  assert.deepEqual(F.selectProviderModalFields(local), ['name', 'default_model_id']);
  assert.equal(F.selectProviderTestPayload(local), null);
});

test('test payload: provider_id unless a new key was typed; results go stale on edits', () => {
  const base = withKeyed();
  let state = S.openProviderModal(base, S.selectProvider(base, 'mistral'));
  assert.deepEqual(F.selectProviderTestPayload(state), { kind: 'mistral', base_url: 'https://mistral.example', provider_id: 'mistral' });
  state = F.replaceProviderKey(state);
  assert.deepEqual(F.selectProviderTestPayload(state), { kind: 'mistral', base_url: 'https://mistral.example' });
  state = F.setProviderModalValue(state, 'api_key', 'sk-typed');
  assert.deepEqual(F.selectProviderTestPayload(state), { kind: 'mistral', base_url: 'https://mistral.example', api_key: 'sk-typed' });
  state = F.clearProviderKey(state);
  assert.deepEqual(F.selectProviderTestPayload(state), { kind: 'mistral', base_url: 'https://mistral.example' }, 'a cleared key is not used');

  const azure = S.openProviderModal(base, S.selectProvider(base, 'azure-openai'));
  assert.deepEqual(F.selectProviderTestPayload(azure), { kind: 'azure-openai', base_url: 'https://x.openai.azure.com', api_version: '2024-10-21' });

  state = F.providerFormTestStarted(S.openProviderCreateModal(base, 'openai'));
  const seq = state.providerModal.seq;
  assert.equal(state.providerModal.test.running, true);
  const result = { success: false, stage: 'authentication', error_code: 'unauthorized', latency_ms: 12 };
  assert.equal(F.providerFormTestFinished(state, seq + 99, result), state, 'an answer for another opening is ignored');
  state = F.providerFormTestFinished(state, seq, result);
  assert.deepEqual(state.providerModal.test, { running: false, result });
  assert.equal(F.setProviderModalValue(state, 'name', 'x').providerModal.test, state.providerModal.test, 'the name does not matter to a test');
  assert.equal(F.setProviderModalValue(state, 'api_key', 'sk-2').providerModal.test, null, 'a new key makes the result stale');

  state = F.providerFormTestStarted(state);
  state = F.providerFormTestFailed(state, seq, { status: 422, code: 'validation_failed', message: 'm', fields: { base_url: 'Base URL needs a host.', model: 'x' } });
  assert.equal(state.providerModal.test, null);
  assert.equal(say(state.providerModal.errors.base_url, 'base_url'), 'Base URL needs a host.');
  assert.deepEqual(state.providerModal.error.unplaced, { model: 'x' });

  let forTest = S.openProviderModal(base, S.selectProvider(base, 'azure-openai'));
  forTest = F.setProviderModalValue(forTest, 'base_url', '');
  forTest = F.validateProviderModal(forTest, { forTest: true });
  assert.equal(say(forTest.providerModal.errors.base_url, 'base_url'), 'Base URL is required.', 'a test needs a base URL even when editing');
  assert.equal(forTest.providerModal.submitted, false);
});

test('card tests, added and removed connections, delete confirm with cascade', () => {
  let state = withKeyed();
  state = S.providerTestStarted(state, 'custom');
  assert.deepEqual(S.selectProviderTest(state, 'custom'), { running: true, error: null, result: null });
  const result = { success: true, stage: 'model_listing', latency_ms: 40, models_found: 1, error_code: null };
  state = S.providerTestFinished(state, 'custom', result);
  assert.deepEqual(S.selectProviderTest(state, 'custom'), { running: false, error: null, result });
  assert.deepEqual(S.selectProvider(state, 'custom').last_test, result, 'the result is the last test');
  state = S.providerTestFailed(state, 'custom', { status: 0, code: 'network', message: 'x' });
  assert.equal(S.selectProviderTest(state, 'custom').error.code, 'network');
  assert.deepEqual(S.selectProviderTest(state, 'custom').result, result, 'a failed request keeps the last result');

  assert.equal(S.selectCanTestProvider(S.selectProvider(state, 'local')), false);
  assert.equal(S.selectCanDeleteProvider(S.selectProvider(state, 'mistral')), false);
  assert.equal(S.selectCanDeleteProvider(S.selectProvider(state, 'custom')), true);

  const added = provider('new', 'ollama', { is_builtin: false });
  state = S.providerAdded(state, added);
  assert.equal(state.providers.items.at(-1).id, 'new');
  assert.equal(S.providerAdded(state, { ...added, name: 'Renamed' }).providers.items.filter((p) => p.id === 'new').length, 1);

  state = S.setFilter(state, 'provider', 'custom');
  state = S.modelsLoaded(S.modelsRequested(state), state.models.seq + 1, { items: [model('x', { provider_id: 'custom' }), model('y')], total: 2 });
  state = S.openProviderConfirm(state, S.selectProvider(state, 'custom'));
  assert.equal(state.confirm.kind, 'deleteProvider');
  assert.equal(state.confirm.cascade, false);
  const seq = state.confirm.seq;
  state = S.confirmOfferCascade(state, seq, { status: 409, code: 'provider_has_models', message: 'm' });
  assert.equal(state.confirm.cascade, true);
  assert.equal(state.confirm.error.code, 'provider_has_models');
  state = S.providerRemoved(S.closeConfirm(state), 'custom');
  assert.equal(S.selectProvider(state, 'custom'), null);
  assert.equal(state.filters.provider, '', 'a filter on the deleted connection is cleared');
  assert.deepEqual(state.models.items.map((m) => m.id), ['y']);
  assert.ok(!('custom' in state.providerTests));
  assert.equal(S.providerRemoved(state, 'custom'), state);
});

test('saving or closing the provider modal drops the typed key from the store', () => {
  let state = S.openProviderCreateModal(withKeyed(), 'openai');
  state = F.setProviderModalValue(state, 'api_key', 'sk-very-secret');
  assert.ok(JSON.stringify(state).includes('sk-very-secret'));
  const saved = S.providerAdded(S.providerModalSaved(state, state.providerModal.seq), provider('t', 'openai', { api_key_configured: true }));
  assert.ok(!JSON.stringify(saved).includes('sk-very-secret'));
  assert.ok(!JSON.stringify(S.closeProviderModal(state)).includes('sk-very-secret'));
});
