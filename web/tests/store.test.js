import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';

setMeta(META);

const provider = (id, kind = id, extra = {}) => ({ id, kind, name: id[0].toUpperCase() + id.slice(1), base_url: kind === 'local' ? null : `https://${id}.example`, enabled: true, default_model_id: null, ...extra });
const model = (id, extra = {}) => ({
  id, provider_id: 'mistral', provider_kind: 'mistral', kind: 'hosted', name: `Model ${id}`, api_name: id, context_window: 32000,
  max_output_tokens: 4096, temperature_default: 0.7, is_builtin: false, is_default: false, status: 'active', replacement_model_id: null,
  cost_input_per_million: null, cost_output_per_million: null, hf_repo: null, hf_revision: null, model_file: null,
  download_status: null, downloaded: null, updated_at: '2025-11-26T10:00:00Z', ...extra,
});
const withProviders = (state = S.initialState()) =>
  S.providersLoaded(state, [provider('mistral', 'mistral', { default_model_id: 'a' }), provider('ollama'), provider('local')]);

test('initial state', () => {
  const state = S.initialState({ lang: 'fr', online: false, wasLoggedIn: true, layout: 'cards', route: 'models' });
  assert.equal(state.lang, 'fr');
  assert.equal(state.online, false);
  assert.equal(state.session, 'checking');
  assert.equal(state.layout, 'cards');
  assert.equal(state.route, 'models');
  assert.deepEqual(state.models.items, []);
  assert.equal(S.initialState({ route: 'nope' }).route, 'dashboard');
});

test('updaters never mutate their input', () => {
  const state = withProviders();
  const frozen = JSON.stringify(state);
  S.setFilter(state, 'text', 'x');
  S.modelsLoaded(S.modelsRequested(state), 1, { items: [model('a')], total: 1 });
  S.openCreateModal(state);
  S.pushToast(state, { kind: 'info', key: 'x' });
  S.modelUpdated(state, model('a', { is_default: true }));
  assert.equal(JSON.stringify(state), frozen);
  assert.equal(S.setOnline(state, true), state, 'no change keeps the same object');
});

test('store container notifies with the previous state', () => {
  const store = S.createStore(S.initialState());
  const seen = [];
  store.subscribe((next, prev) => seen.push([prev.online, next.online]));
  store.dispatch(S.setOnline, false);
  store.dispatch(S.setOnline, false);
  assert.deepEqual(seen, [[true, false]]);
});

test('session: unreachable server opens the shell only for a browser that was signed in', () => {
  const before = S.initialState({ wasLoggedIn: true });
  assert.equal(S.sessionChecked(before, 'unreachable').session, 'offline');
  assert.equal(S.sessionChecked(before, 'unreachable').online, false);
  assert.equal(S.sessionChecked(S.initialState(), 'unreachable').session, 'anonymous');
  assert.equal(S.sessionChecked(before, 'anonymous').wasLoggedIn, false);
  assert.ok(S.selectIsSignedIn(S.sessionChecked(before, 'unreachable')));
  assert.ok(S.selectIsSignedIn(S.sessionChecked(before, 'authenticated')));
});

test('session expiry keeps the open modal; logout clears everything but the language', () => {
  let state = S.sessionChecked(withProviders(S.initialState({ lang: 'fr' })), 'authenticated');
  state = S.openCreateModal(state);
  state = F.setModalValue(state, 'name', 'Kept');
  const expired = S.sessionExpired(state);
  assert.equal(expired.session, 'anonymous');
  assert.equal(expired.modal.values.name, 'Kept');
  const out = S.loggedOut(state);
  assert.equal(out.modal, null);
  assert.equal(out.lang, 'fr');
  assert.deepEqual(out.providers.items, []);
});

test('models paging: stale answers are ignored, pages append without duplicates', () => {
  let state = S.modelsRequested(S.initialState());
  const first = state.models.seq;
  state = S.modelsRequested(state); // filters changed: a newer request
  assert.equal(S.modelsLoaded(state, first, { items: [model('old')], total: 1 }), state);
  state = S.modelsLoaded(state, state.models.seq, { items: [model('a'), model('b')], total: 3, next_cursor: 'abc' });
  assert.equal(state.models.status, 'ready');
  assert.equal(state.models.nextCursor, 'abc');
  assert.ok(S.selectHasMore(state));
  state = S.modelsRequested(state, { append: true });
  assert.equal(state.models.loadingMore, true);
  assert.equal(state.models.items.length, 2, 'items stay while the next page loads');
  state = S.modelsLoaded(state, state.models.seq, { items: [model('b'), model('c')], total: 3 }, { append: true });
  assert.deepEqual(state.models.items.map((m) => m.id), ['a', 'b', 'c']);
  assert.equal(state.models.nextCursor, null);
  assert.equal(state.modelNames.c, 'Model c');
});

test('models failure keeps the rows already shown when loading more', () => {
  let state = S.modelsRequested(S.initialState());
  state = S.modelsLoaded(state, state.models.seq, { items: [model('a')], total: 2, next_cursor: 'x' });
  state = S.modelsRequested(state, { append: true });
  state = S.modelsFailed(state, state.models.seq, { status: 0, code: 'network' });
  assert.equal(state.models.status, 'ready');
  assert.equal(state.models.items.length, 1);
  assert.equal(state.models.error.code, 'network');
});

test('model query follows the filters', () => {
  let state = S.initialState();
  assert.deepEqual(S.selectModelQuery(state), { limit: 50 });
  state = S.setFilter(state, 'provider', 'ollama');
  state = S.setFilter(state, 'status', 'deprecated');
  state = S.setFilter(state, 'text', '  llama ');
  assert.deepEqual(S.selectModelQuery(state, { cursor: 'c1' }), { limit: 50, provider: 'ollama', status: 'deprecated', text: 'llama', cursor: 'c1' });
  assert.ok(S.selectFiltersActive(state));
  assert.equal(S.setFilter(state, 'bogus', 'x'), state);
  assert.ok(!S.selectFiltersActive(S.clearFilters(state)));
});

test('one default per provider after an update', () => {
  let state = withProviders();
  state = S.modelsLoaded(S.modelsRequested(state), 1, { items: [model('a', { is_default: true }), model('b'), model('o', { provider_id: 'ollama', is_default: true })], total: 3 });
  state = S.modelUpdated(state, model('b', { is_default: true }));
  assert.deepEqual(state.models.items.map((m) => m.is_default), [false, true, true]);
  assert.equal(S.selectProvider(state, 'mistral').default_model_id, 'b');
  assert.equal(S.selectDefaultModelName(state, S.selectProvider(state, 'mistral')), 'Model b');
  state = S.modelRemoved(state, 'a');
  assert.equal(state.models.total, 2);
});

test('row actions follow the lifecycle rules', () => {
  assert.deepEqual(S.selectModelActions(model('a')), ['edit', 'set-default', 'deprecate', 'delete']);
  assert.deepEqual(S.selectModelActions(model('a', { is_builtin: true })), ['edit', 'set-default', 'deprecate']);
  assert.deepEqual(S.selectModelActions(model('a', { is_default: true })), ['edit', 'deprecate']);
  assert.deepEqual(S.selectModelActions(model('a', { status: 'deprecated' })), ['edit', 'restore', 'delete']);
  assert.deepEqual(S.selectModelActions(model('a', { status: 'deprecated', is_builtin: true })), ['edit', 'restore']);
});

test('create modal: defaults, type switch and payload', () => {
  let state = S.openCreateModal(withProviders());
  assert.equal(state.modal.type, 'hosted');
  assert.equal(state.modal.values.provider_id, 'mistral');
  assert.deepEqual(F.selectModalFields(state), ['provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default', 'cost_input_per_million', 'cost_output_per_million']);
  state = F.setModalValue(state, 'name', 'My model');
  state = F.setModalValue(state, 'api_name', 'my-model');
  state = F.setModalValue(state, 'cost_input_per_million', '2,5');
  assert.deepEqual(F.selectModalPayload(state), {
    provider_id: 'mistral', name: 'My model', api_name: 'my-model', context_window: 32000, max_output_tokens: 4096, temperature_default: 0.7, cost_input_per_million: 2.5,
  });
  state = F.setModalType(state, 'local');
  assert.equal(state.modal.values.name, 'My model', 'values survive the type switch');
  state = F.setModalValue(state, 'hf_repo', 'unsloth/Qwen3-0.6B-GGUF');
  state = F.setModalValue(state, 'model_file', 'Qwen3-0.6B-Q4_0.gguf');
  assert.deepEqual(F.selectModalPayload(state), {
    provider_id: 'local', name: 'My model', api_name: 'my-model', hf_repo: 'unsloth/Qwen3-0.6B-GGUF', hf_revision: 'main', model_file: 'Qwen3-0.6B-Q4_0.gguf',
    context_window: 32000, max_output_tokens: 4096, temperature_default: 0.7,
  });
});

test('create modal follows the provider filter', () => {
  let state = S.setFilter(withProviders(), 'provider', 'local');
  assert.equal(S.openCreateModal(state).modal.type, 'local');
  state = S.setFilter(state, 'provider', 'ollama');
  assert.equal(S.openCreateModal(state).modal.values.provider_id, 'ollama');
});

test('modal validation: on blur, on save, and live once shown', () => {
  let state = S.openCreateModal(withProviders());
  state = F.setModalValue(state, 'name', '');
  assert.deepEqual(state.modal.errors, {}, 'no message before the field is left');
  state = F.touchModalField(state, 'name');
  assert.equal(say(state.modal.errors.name, 'name'), 'Name is required.');
  state = F.setModalValue(state, 'name', 'ok');
  assert.equal(state.modal.errors.name, undefined);
  state = F.validateModal(state);
  assert.equal(say(state.modal.errors.api_name, 'api_name'), 'API name is required.');
  assert.equal(state.modal.error.code, 'client_validation');
  state = F.setModalType(state, 'local');
  state = F.validateModal(state);
  assert.equal(say(state.modal.errors.hf_repo, 'hf_repo'), 'Hugging Face repository is required.');
  state = F.setModalType(state, 'hosted');
  assert.equal(state.modal.errors.hf_repo, undefined, 'errors of hidden fields go away');
});

test('server errors go back onto their fields, values survive', () => {
  let state = S.openCreateModal(withProviders());
  state = F.setModalValue(state, 'name', 'Dup');
  state = F.setModalValue(state, 'api_name', 'dup');
  const seq = state.modal.seq;
  state = F.modalSaveStarted(state);
  assert.equal(state.modal.saving, true);
  state = F.modalSaveFailed(state, seq, {
    status: 409, code: 'duplicate_api_name', message: 'The API name…',
    fields: { api_name: 'This API name is already used by another model of this provider.', is_default: 'x' },
  });
  assert.equal(state.modal.saving, false);
  assert.equal(state.modal.values.api_name, 'dup');
  assert.equal(say(state.modal.errors.api_name, 'api_name'), 'This API name is already used by another model of this provider.');
  assert.deepEqual(state.modal.error.unplaced, { is_default: 'x' });
  state = F.setModalValue(state, 'api_name', 'dup2');
  assert.equal(state.modal.errors.api_name, undefined, 'editing the field replaces the server message by the client check');
  assert.equal(F.modalSaveFailed(state, seq + 99, { fields: {} }), state, 'answers for another opening are ignored');
  assert.equal(S.modalSaved(state, seq).modal, null);
});

test('edit modal: only changed fields are sent; builtin models only change temperature', () => {
  const original = model('a', { cost_input_per_million: 2 });
  let state = S.openEditModal(withProviders(), original);
  assert.equal(state.modal.values.context_window, '32000');
  assert.deepEqual(F.selectModalPayload(state), {});
  state = F.setModalValue(state, 'name', 'Renamed');
  state = F.setModalValue(state, 'cost_input_per_million', '');
  assert.deepEqual(F.selectModalPayload(state), { name: 'Renamed', cost_input_per_million: null });
  assert.ok(!F.selectModalEditable(state).includes('provider_id'));

  let builtin = S.openEditModal(withProviders(), model('b', { is_builtin: true }));
  assert.deepEqual(F.selectModalEditable(builtin), ['temperature_default']);
  builtin = F.setModalValue(builtin, 'name', 'ignored');
  builtin = F.setModalValue(builtin, 'temperature_default', '1.2');
  assert.deepEqual(F.selectModalPayload(builtin), { temperature_default: 1.2 });
  assert.equal(F.touchModalField(builtin, 'name'), builtin);
});

test('confirm dialog: candidates exclude the model itself and deprecated ones', () => {
  let state = S.openConfirm(S.initialState(), 'deprecate', model('a', { is_default: true }));
  assert.equal(state.confirm.candidatesStatus, 'loading');
  state = S.confirmCandidates(state, state.confirm.seq, [model('a'), model('b'), model('c', { status: 'deprecated' })]);
  assert.deepEqual(state.confirm.candidates, [{ id: 'b', name: 'Model b' }]);
  state = S.setConfirmReplacement(state, 'b');
  state = S.confirmStarted(state);
  assert.ok(state.confirm.busy);
  state = S.confirmFailed(state, state.confirm.seq, { code: 'model_is_default' });
  assert.equal(state.confirm.busy, false);
  assert.equal(state.confirm.replacement, 'b');
  assert.equal(S.selectTopOverlay(state), 'confirm');
});

test('provider modal payload only carries changes', () => {
  let state = withProviders();
  state = S.openProviderModal(state, S.selectProvider(state, 'mistral'));
  assert.deepEqual(F.selectProviderPayload(state), {});
  state = F.setProviderModalValue(state, 'base_url', '');
  state = F.setProviderModalValue(state, 'default_model_id', '');
  assert.deepEqual(F.selectProviderPayload(state), { base_url: null, default_model_id: null });
  state = F.setProviderModalValue(state, 'name', '');
  state = F.validateProviderModal(state);
  assert.equal(say(state.providerModal.errors.name, 'name'), 'Name is required.');
  const local = S.openProviderModal(state, S.selectProvider(state, 'local'));
  assert.ok(!('base_url' in F.selectProviderPayload(local)));
});

test('toasts keep the last four; overlay order for Escape', () => {
  let state = S.initialState();
  for (let i = 0; i < 6; i++) state = S.pushToast(state, { kind: 'info', key: `k${i}` });
  assert.deepEqual(state.toasts.map((toast) => toast.key), ['k2', 'k3', 'k4', 'k5']);
  state = S.dismissToast(state, state.toasts[0].id);
  assert.equal(state.toasts.length, 3);
  state = S.openSheet(state, 'a');
  assert.equal(S.selectTopOverlay(state), 'sheet');
  state = S.openEditModal(state, model('a'));
  assert.equal(state.sheet, null, 'opening the modal from the sheet closes the sheet');
  assert.equal(S.selectTopOverlay(state), 'modal');
});

test('dashboard counts', () => {
  let state = withProviders();
  state = S.providerUpdated(state, { ...S.selectProvider(state, 'ollama'), enabled: false });
  state = S.dashboardLoaded(state, { total: 17, deprecated: 1, local: 1 });
  assert.deepEqual(S.selectDashboardCounts(state), { providers: 3, enabledProviders: 2, models: 17, deprecated: 1, local: 1 });
});

test('errors are stored as plain data, message included', async () => {
  const { ApiError } = await import('../shared/api.js');
  const error = new ApiError({ status: 409, code: 'duplicate_api_name', message: 'The API name is taken.', fields: { api_name: 'x' } });
  let state = S.openCreateModal(S.initialState());
  state = F.modalSaveFailed(state, state.modal.seq, error);
  assert.equal(state.modal.error.message, 'The API name is taken.');
  assert.equal(S.pushToast(state, { kind: 'error', error }).toasts[0].error.message, 'The API name is taken.');
  assert.equal(S.loginFailed(state, error).login.error.message, 'The API name is taken.');
});

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
