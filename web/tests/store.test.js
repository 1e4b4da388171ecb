import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { listedModel as model, provider, withProviders } from './fixtures.js';

setMeta(META);


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
  assert.deepEqual(F.selectModalFields(state), ['provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default', 'cost_input_per_million', 'cost_output_per_million', 'deprecation_date']);
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

test('edit modal: only changed fields are sent; builtin models change what meta.builtin_editable lists', () => {
  const original = model('a', { cost_input_per_million: 2 });
  let state = S.openEditModal(withProviders(), original);
  assert.equal(state.modal.values.context_window, '32000');
  assert.deepEqual(F.selectModalPayload(state), {});
  state = F.setModalValue(state, 'name', 'Renamed');
  state = F.setModalValue(state, 'cost_input_per_million', '');
  assert.deepEqual(F.selectModalPayload(state), { name: 'Renamed', cost_input_per_million: null });
  assert.ok(!F.selectModalEditable(state).includes('provider_id'));

  // Issue 19: the server's list (GET /api/meta builtin_editable), limited to the form's fields;
  // name and API name stay fixed whatever it says.
  let builtin = S.openEditModal(withProviders(), model('b', { is_builtin: true }));
  assert.deepEqual(F.selectModalEditable(builtin),
    ['context_window', 'max_output_tokens', 'temperature_default', 'cost_input_per_million', 'cost_output_per_million', 'deprecation_date']);
  builtin = F.setModalValue(builtin, 'name', 'ignored');
  builtin = F.setModalValue(builtin, 'temperature_default', '1.2');
  builtin = F.setModalValue(builtin, 'cost_input_per_million', '0,15');
  builtin = F.setModalValue(builtin, 'cost_output_per_million', '0.6');
  builtin = F.setModalValue(builtin, 'context_window', '128 000');
  builtin = F.setModalValue(builtin, 'deprecation_date', '2027-01-14');
  assert.deepEqual(F.selectModalPayload(builtin), {
    temperature_default: 1.2, cost_input_per_million: 0.15, cost_output_per_million: 0.6, context_window: 128000, deprecation_date: '2027-01-14',
  });
  assert.equal(F.touchModalField(builtin, 'name'), builtin);
  assert.equal(F.touchModalField(builtin, 'api_name'), builtin);
  // An emptied date clears it (null); a date never set and left empty is not sent.
  const dated = S.openEditModal(withProviders(), model('d', { is_builtin: true, deprecation_date: '2027-01-14' }));
  assert.equal(dated.modal.values.deprecation_date, '2027-01-14');
  assert.deepEqual(F.selectModalPayload(F.setModalValue(dated, 'deprecation_date', '')), { deprecation_date: null });
  assert.deepEqual(F.selectModalPayload(S.openEditModal(withProviders(), model('e'))), {});
  // Even a list naming them never opens name or API name; an older server (no list): temperature.
  setMeta({ ...META, builtin_editable: ['name', 'api_name', 'temperature_default'] });
  assert.deepEqual(F.selectModalEditable(builtin), ['temperature_default']);
  setMeta({ ...META, builtin_editable: undefined });
  assert.deepEqual(F.selectModalEditable(builtin), ['temperature_default']);
  assert.deepEqual(F.builtinEditable({ fields: {} }), ['temperature_default']);
  setMeta(META);
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
