// The Settings page's slice (checks, the PUT body, reset, server fields), export / import's
// preview model, a connection's limits in its form, and the governance actions against a fake
// server reached through api.js (so the exact requests are checked).
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import * as C from '../governance/settings-store.js';
import * as X from '../governance/transfer-store.js';
import * as G from '../governance/store.js';
import * as I from '../shared/i18n.js';
import { createActions } from '../actions.js';
import { createApi } from '../shared/api.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';

setMeta(META);

await I.loadLanguage('en');
await I.loadLanguage('fr');

const settings = (extra = {}) => ({
  default_models: { chat: 'gpt', code: null, embedding: null, vision: null },
  download_concurrency: 2, ollama_cache_seconds: 30, hf_endpoint: 'https://huggingface.co', job_retention_days: 30,
  deprecated_model_policy: 'warn', ollama_status_poll_seconds: 10, ollama_keep_alive: '5m', ollama_update_check_hours: 0,
  price_data_url: '', discovery_interval_hours: 0, ...extra,
});
const loaded = () => C.settingsLoaded({ ...S.initialState({ route: 'settings' }), session: 'authenticated' }, settings());

test('settings: the form shows what is in effect; checks mirror the server’s ranges', () => {
  const state = loaded();
  assert.deepEqual(C.selectSettings(state).values, {
    download_concurrency: '2', ollama_cache_seconds: '30', hf_endpoint: 'https://huggingface.co', job_retention_days: '30',
    deprecated_model_policy: 'warn', ollama_status_poll_seconds: '10', ollama_keep_alive: '5m', ollama_update_check_hours: '0', 'default_models.chat': 'gpt', 'default_models.code': '', 'default_models.embedding': '', 'default_models.vision': '',
    price_data_url: '', discovery_interval_hours: '0',
  });
  for (const [field, ok, bad] of [['download_concurrency', ['1', '16', ' 8 '], ['0', '17', '2.5', 'x', '']],
    ['ollama_cache_seconds', ['0', '3600', '3,600'], ['-1', '3601', '']],
    ['job_retention_days', ['1', '30', '3650', '3,650'], ['0', '3651', '7.5', '']],
    ['ollama_status_poll_seconds', ['0', '10', '3600'], ['-1', '3601', '']], ['ollama_update_check_hours', ['0', '720'], ['-1', '721', '']],
    ['ollama_keep_alive', ['5m', '1h', '-1', '30s', '0'], ['', '5 m', '-2', '1d', '1234567m']], ['hf_endpoint', ['https://hf-mirror.com', 'http://127.0.0.1:8080/hub'], ['', 'ftp://x', 'hf.co', 'https://exa mple.com']]]) {
    for (const value of ok) assert.equal(C.checkSetting(field, value), null, `${field}=${value}`);
    for (const value of bad) assert.ok(C.checkSetting(field, value), `${field}=${value}`);
  }
  // The codes of the server's rules (GET /api/meta), its bounds in the params.
  assert.deepEqual(C.checkSetting('download_concurrency', '17'), { code: 'too_large', params: { max: 16 } });
  assert.deepEqual(C.checkSetting('ollama_cache_seconds', '-1'), { code: 'invalid', params: {} });
  assert.deepEqual(C.checkSetting('job_retention_days', ''), { code: 'required', params: {} });
  assert.deepEqual(C.checkSetting('hf_endpoint', 'ftp://x'), { code: 'invalid_url', params: { reason: 'scheme' } });
  assert.equal(C.checkSetting('hf_endpoint', 'https://'), null, 'the host is the server\'s to check');
  assert.equal(C.checkSetting('default_models.chat', 'anything'), null);
  // Shown under the field with its label, in both languages.
  const error = C.checkSetting('download_concurrency', '0');
  const rule = META.fields.settings.download_concurrency;
  assert.equal(I.describeFieldError(error, { label: 'Downloads at once', rule, lang: 'en' }), 'Downloads at once must be between 1 and 16.');
  assert.equal(I.describeFieldError(error, { label: 'Téléchargements simultanés', rule, lang: 'fr' }), 'Téléchargements simultanés : doit être compris entre 1 et 16.');
});

test('settings: errors as typed once touched; the PUT body holds only what changed', () => {
  let state = C.setSettingValue(loaded(), 'download_concurrency', '20');
  assert.deepEqual(C.selectSettings(state).errors, {}, 'no error before the field is left');
  state = C.touchSetting(state, 'download_concurrency');
  assert.deepEqual(C.selectSettings(state).errors.download_concurrency, { code: 'too_large', params: { max: 16 } });
  state = C.setSettingValue(state, 'download_concurrency', '4');
  assert.deepEqual(C.selectSettings(state).errors, {}, 'fixed as typed');
  assert.deepEqual(C.selectSettingsPatch(state), { download_concurrency: 4 });
  state = C.setSettingValue(state, 'default_models.chat', '');
  state = C.setSettingValue(state, 'default_models.code', 'codestral');
  state = C.setSettingValue(state, 'hf_endpoint', ' https://hf-mirror.com ');
  assert.deepEqual(C.selectSettingsPatch(state), {
    download_concurrency: 4, hf_endpoint: 'https://hf-mirror.com', default_models: { chat: null, code: 'codestral' },
  });
  assert.ok(C.selectIsDirty(state));
  assert.deepEqual(C.selectSettingsPatch(loaded()), {}, 'nothing changed, nothing sent');
  assert.deepEqual(C.resetPatch('ollama_cache_seconds'), { ollama_cache_seconds: null });
  assert.deepEqual(C.selectSettingsPatch(C.setSettingValue(loaded(), 'job_retention_days', '365')), { job_retention_days: 365 });
  assert.deepEqual(C.resetPatch('job_retention_days'), { job_retention_days: null });
  // A policy is picked from the server's list; only a change is sent.
  assert.deepEqual(C.selectSettingsPatch(C.setSettingValue(loaded(), 'deprecated_model_policy', 'refuse')), { deprecated_model_policy: 'refuse' });
  assert.equal(C.checkSetting('deprecated_model_policy', 'refuse'), null);
  assert.deepEqual(C.resetPatch('deprecated_model_policy'), { deprecated_model_policy: null });
  assert.deepEqual(C.resetPatch('default_models.vision'), { default_models: { vision: null } });
  const invalid = C.validateSettings(C.setSettingValue(loaded(), 'ollama_cache_seconds', '9999'));
  assert.equal(C.selectSettings(invalid).saveError.code, 'client_validation');
  assert.ok(C.selectSettings(invalid).errors.ollama_cache_seconds);
});

test('settings: server fields go under their fields; a reset keeps what else was typed', () => {
  let state = C.setSettingValue(loaded(), 'hf_endpoint', 'https://bad.example');
  state = C.setSettingValue(state, 'download_concurrency', '3');
  state = C.settingsSaveFailed(C.settingsSaveStarted(state), {
    status: 422, code: 'validation_failed', message: 'x', fields: { hf_endpoint: 'Hub endpoint needs a valid host name.', other: 'Nope.' },
  });
  const s = C.selectSettings(state);
  assert.equal(s.saving, false);
  assert.equal(say(s.errors.hf_endpoint, 'hf_endpoint'), 'Hub endpoint needs a valid host name.');
  assert.deepEqual(s.saveError.unplaced, { other: 'Nope.' });
  state = C.resetDone(C.resetStarted(state, 'hf_endpoint'), 'hf_endpoint', settings({ hf_endpoint: 'https://huggingface.co' }));
  assert.equal(C.selectSettings(state).values.hf_endpoint, 'https://huggingface.co');
  assert.equal(C.selectSettings(state).values.download_concurrency, '3', 'the other typed value stays');
  assert.equal(C.selectSettings(state).errors.hf_endpoint, undefined);
  assert.deepEqual(C.selectSettings(state).resetting, {});
  state = C.settingsSaved(state, settings({ download_concurrency: 3 }));
  assert.equal(C.selectSettings(state).values.download_concurrency, '3');
  assert.equal(C.selectSettings(state).savedSeq, 1);
});

test('settings: default models are active models grouped by connection', () => {
  let state = S.providersLoaded(loaded(), [{ id: 'openai', name: 'OpenAI' }, { id: 'mistral', name: 'Mistral' }]);
  state = C.candidatesLoaded(state, [
    { id: 'm1', name: 'Mistral Small', provider_id: 'mistral', status: 'active' },
    { id: 'gpt2', name: 'GPT-4o mini', provider_id: 'openai', status: 'active' },
    { id: 'old', name: 'Old', provider_id: 'openai', status: 'deprecated' },
    { id: 'x', name: 'X', provider_id: 'elsewhere', status: 'active' },
  ]);
  const { groups, missing } = C.selectDefaultModelGroups(state, 'chat');
  assert.deepEqual(groups.map((g) => [g.label, g.models.map((m) => m.id)]), [['OpenAI', ['gpt2']], ['Mistral', ['m1']], ['elsewhere', ['x']]]);
  assert.equal(missing, 'gpt', 'the current default stays choosable even when not listed');
  assert.equal(C.selectDefaultModelGroups(state, 'code').missing, null);
});

test('import: the file is checked, then the preview lists counts, actions, fields and warnings', () => {
  assert.equal(X.parseImportFile('{').error.reason, 'transfer.notJSON');
  assert.equal(X.parseImportFile('[1]').error.reason, 'transfer.notObject');
  assert.equal(X.parseImportFile('{"format":"other"}').error.reason, 'transfer.notHangar');
  assert.ok(X.parseImportFile('{"format":"hangar-configuration","version":1}').document);
  assert.equal(X.exportFileName(new Date(2025, 0, 5)), 'hangar-configuration-2025-01-05.json');
  const report = {
    dry_run: true, applied: false, created: 1, updated: 1, unchanged: 7, warnings: ['Connection “Fake” has no API key: set it after the import.'],
    items: [
      { entity: 'model', id: 'm9', name: 'Model 9', action: 'create', fields: ['name', 'api_name'], note: null },
      { entity: 'provider', id: 'p1', name: 'Fake', action: 'update', fields: ['name'], note: null },
      { entity: 'setting', id: 'download_concurrency', name: 'download_concurrency', action: 'skip', fields: [], note: 'Out of range.' },
    ],
  };
  const view = X.selectImportView(report);
  assert.deepEqual(view.counts, { created: 1, updated: 1, unchanged: 7, skipped: 1 });
  assert.deepEqual(view.sections.map((s) => [s.entity, s.items.map((i) => `${i.action}:${i.id}:${i.fields.join('+')}`)]),
    [['provider', ['update:p1:name']], ['model', ['create:m9:name+api_name']], ['setting', ['skip:download_concurrency:']]]);
  assert.equal(view.sections[2].items[0].note, 'Out of range.');
  assert.equal(view.warnings.length, 1);
  assert.equal(view.empty, false);
  assert.equal(X.selectImportView({ created: 0, updated: 0, unchanged: 3, items: [], warnings: [] }).empty, true);
  assert.equal(X.selectImportView(null), null);

  let state = X.importFileChosen(S.initialState(), { name: 'a.json', size: 10 }, '{}');
  const seq = X.selectTransfer(state).seq;
  state = X.importFileChosen(state, { name: 'b.json', size: 10 }, '{}');
  assert.equal(X.importPreviewed(state, seq, report), state, 'the answer about an older file is dropped');
  state = X.importPreviewed(state, seq + 1, report);
  assert.equal(X.selectTransfer(state).status, 'preview');
  state = X.importFailed(X.importApplying(state), seq + 1, { status: 409, code: 'conflict', message: 'Busy.' }, { applying: true });
  assert.equal(X.selectTransfer(state).status, 'preview', 'a failed apply can be tried again');
  assert.deepEqual(X.selectImportFieldErrors({ fields: { 'models[0].api_name': 'API name is required.' } }), [['models[0].api_name', 'API name is required.']]);
});

test('connection limits: checked like the server, sent as integers, emptied to null', () => {
  let state = S.openProviderModal(S.initialState(), { id: 'p', kind: 'openai-compatible', name: 'P', base_url: 'http://x', api_key_configured: false, rpm_limit: 60, tpm_limit: null, max_parallel: 4 });
  assert.equal(state.providerModal.values.rpm_limit, '60');
  state = F.touchProviderField(F.setProviderModalValue(state, 'tpm_limit', '0'), 'tpm_limit');
  assert.equal(say(state.providerModal.errors.tpm_limit, 'tpm_limit'), 'Tokens per minute must be between 1 and 1,000,000,000.');
  state = F.touchProviderField(F.setProviderModalValue(state, 'max_parallel', '1001'), 'max_parallel');
  assert.equal(say(state.providerModal.errors.max_parallel, 'max_parallel'), 'Max parallel calls must be between 1 and 1,000.');
  assert.equal(I.describeFieldError(state.providerModal.errors.max_parallel, { field: 'max_parallel', rule: META.fields.provider.max_parallel, lang: 'fr' }),
    `${I.fieldLabel('max_parallel', 'fr')} : doit être compris entre 1 et 1\u202f000.`);
  state = F.setProviderModalValue(state, 'tpm_limit', '100,000');
  state = F.setProviderModalValue(state, 'max_parallel', '');
  state = F.setProviderModalValue(state, 'rpm_limit', '60');
  assert.deepEqual(state.providerModal.errors, {});
  assert.deepEqual(F.selectProviderPayload(state), { tpm_limit: 100000, max_parallel: null });
  let created = S.openProviderCreateModal(S.initialState(), 'openai');
  created = F.setProviderModalValue(F.setProviderModalValue(created, 'name', 'N'), 'rpm_limit', '30');
  assert.deepEqual(F.selectProviderPayload(created), { kind: 'openai', name: 'N', base_url: 'https://api.openai.com', rpm_limit: 30 });
});

// --- Actions against a fake server ---------------------------------------------------------------

function fakeServer(routes) {
  const seen = [];
  const fetchImpl = async (path, init) => {
    seen.push([init.method, path, init.body]);
    const handler = routes[`${init.method} ${path.split('?')[0]}`];
    const [status, body] = handler ? handler(path, init.body) : [404, { error: { code: 'not_found', message: 'Not found.' } }];
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return { status, ok: status < 300, text: async () => text };
  };
  const store = S.createStore({ ...S.initialState({ route: 'settings' }), session: 'authenticated' });
  const actions = createActions({ store, api: createApi({ fetchImpl }) });
  return { seen, store, actions };
}

test('actions: the settings page loads, saves only what changed, resets with null', async () => {
  const env = fakeServer({
    'GET /api/settings': () => [200, settings()],
    'PUT /api/settings': (path, body) => [200, settings(JSON.parse(body))],
    'GET /api/models': () => [200, { items: [{ id: 'gpt', name: 'GPT', provider_id: 'openai', status: 'active' }], total: 1 }],
    'GET /api/providers': () => [200, { items: [{ id: 'openai', name: 'OpenAI', kind: 'openai' }] }],
  });
  await env.actions.loadRoute();
  assert.equal(C.selectSettings(env.store.getState()).status, 'ready');
  assert.equal(C.selectSettings(env.store.getState()).candidates.items.length, 1);
  const g = await env.actions.governance();
  env.store.dispatch(C.setSettingValue, 'ollama_cache_seconds', '120');
  assert.equal(await g.saveSettings(), true);
  assert.deepEqual(env.seen.filter(([m]) => m === 'PUT').map(([, , body]) => JSON.parse(body)), [{ ollama_cache_seconds: 120 }]);
  assert.equal(C.selectSettings(env.store.getState()).data.ollama_cache_seconds, 120);
  assert.equal(await g.resetSetting('default_models.chat'), true);
  assert.deepEqual(JSON.parse(env.seen.at(-1)[2]), { default_models: { chat: null } });
});

test('actions: a test prompt, then export bytes and an import dry run sent as the file’s text', async () => {
  const file = '{"format":"hangar-configuration","version":1,"models":[{"cost_input_per_million":0.30000000000000004}]}';
  const env = fakeServer({
    'POST /api/models/gpt/test': (path, body) => [200, { ...JSON.parse(body), text: 'Yes.', latency_ms: 5, attempts: 2, cost_usd: null }],
    'GET /api/models/gpt': () => [200, { id: 'gpt', name: 'GPT', provider_id: 'openai', status: 'active' }],
    'GET /api/export': () => [200, '{\n  "format": "hangar-configuration",\n  "version": 1\n}'],
    'POST /api/import': (path) => [200, { dry_run: path.endsWith('true'), applied: !path.endsWith('true'), created: 1, updated: 0, unchanged: 0, items: [], warnings: [] }],
    'GET /api/providers': () => [200, { items: [] }],
    'GET /api/settings': () => [200, settings()],
    'GET /api/models': () => [200, { items: [] }],
  });
  const g = await env.actions.governance();
  assert.equal(await g.openTest('gpt'), true, 'a model the list does not hold is fetched');
  assert.equal(await g.runTest(), true);
  assert.deepEqual(JSON.parse(env.seen.find(([m, p]) => m === 'POST' && p.endsWith('/test'))[2]), { prompt: G.DEFAULT_PROMPT });
  assert.equal(env.store.getState().modelTest.result.attempts, 2);
  const exported = await g.exportConfiguration();
  assert.equal(exported.text, '{\n  "format": "hangar-configuration",\n  "version": 1\n}', 'the server’s bytes');
  assert.match(exported.name, /^hangar-configuration-\d{4}-\d{2}-\d{2}\.json$/);
  await g.chooseImportFile({ name: 'c.json', size: file.length, text: async () => file });
  assert.deepEqual(env.seen.at(-1), ['POST', '/api/import?dry_run=true', file], 'sent as chosen, decimals untouched');
  assert.equal(X.selectTransfer(env.store.getState()).status, 'preview');
  assert.deepEqual(X.selectImportView(X.selectTransfer(env.store.getState()).report).counts, { created: 1, updated: 0, unchanged: 0, skipped: 0 });
  assert.equal(await g.applyImport(), true);
  assert.ok(env.seen.some(([m, p, b]) => m === 'POST' && p === '/api/import?dry_run=false' && b === file));
  assert.equal(X.selectTransfer(env.store.getState()).status, 'applied');
  await g.chooseImportFile({ name: 'bad.json', size: 3, text: async () => 'nope' });
  assert.equal(X.selectTransfer(env.store.getState()).error.reason, 'transfer.notJSON');
  assert.equal(env.seen.filter(([, p]) => p.startsWith('/api/import')).length, 2, 'a file that is not JSON is not sent');
});

test('settings: the Ollama servers’ settings go as typed; a server without them is neither checked nor sent them', () => {
  let state = C.setSettingValue(loaded(), 'ollama_keep_alive', ' 1h ');
  state = C.setSettingValue(state, 'ollama_status_poll_seconds', '0');
  state = C.setSettingValue(state, 'ollama_update_check_hours', '24');
  assert.deepEqual(C.selectSettingsPatch(state), { ollama_status_poll_seconds: 0, ollama_update_check_hours: 24, ollama_keep_alive: '1h' });
  assert.deepEqual(C.resetPatch('ollama_keep_alive'), { ollama_keep_alive: null });

  const older = settings();
  for (const field of C.OLLAMA_SETTINGS.slice(1)) delete older[field];
  const olderState = C.validateSettings(C.settingsLoaded(S.initialState(), older));
  assert.deepEqual(C.selectSettings(olderState).errors, {});
  assert.deepEqual(C.selectSettingsPatch(olderState), {});
  assert.equal(C.selectHasSetting(older, 'ollama_keep_alive'), false);
  assert.equal(C.selectHasSetting(older, 'ollama_cache_seconds'), true);
});
