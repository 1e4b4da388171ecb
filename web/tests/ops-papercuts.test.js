// Issue 16's smaller paper cuts of operations: a canceled download says the bytes it keeps
// (models list and Jobs page), the import's dry run says each change with labels and
// old → new values and Apply refreshes the counts, and a failed Ollama pull on the Jobs page
// is said in the admin's language.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as X from '../governance/transfer-store.js';
import * as I from '../shared/i18n.js';
import { createActions } from '../actions.js';
import { createApi } from '../shared/api.js';
import { keptText } from '../shared/widgets.js';
import { ollamaFailure } from '../ollama/text.js';
import { listedModel, setup } from './fixtures.js';

await I.loadLanguage('en');
await I.loadLanguage('fr');
I.setLanguage('en');
await Promise.all(['forms', 'governance', 'jobs', 'models', 'ollama'].map((name) => I.loadStrings(name)));
const { jobErrorText } = await import('../jobs/jobs.js');

const norm = (text) => text.replace(/[\u202f\u00a0]/g, ' ');
const local = (id, extra = {}) => listedModel(id, { provider_id: 'local', provider_kind: 'local', kind: 'local', download_status: 'pending', downloaded: false, ...extra });

// --- A canceled download keeps its bytes ---------------------------------------------------

test('a canceled download says the bytes it keeps, in English and French', () => {
  assert.equal(keptText(312_000_000), '312 MB kept');
  assert.equal(keptText(0), '', 'nothing kept, nothing said');
  assert.equal(keptText(null), '');
  I.setLanguage('fr');
  try {
    assert.equal(norm(keptText(312_000_000)), '312 Mo conservés');
    assert.equal(norm(keptText(1_540_000)), '1,5 Mo conservés');
  } finally {
    I.setLanguage('en');
  }
});

test('the models list asks the download status of canceled rows once: bytes kept, Resume', async () => {
  const rows = [local('c1', { download_status: 'canceled' }), local('p1'), listedModel('h1')];
  const env = setup({
    listModels: async () => ({ items: rows, total: rows.length }),
    getDownloadStatus: async (id) => ({
      model_id: id, download_status: 'canceled', downloaded: false, job_id: 'j-old', job_state: 'canceled', bytes_done: 1_540_000,
      bytes_total: 4_000_000, percent: 38.5, bytes_per_second: null, eta_seconds: null, error_code: null, error_message: null, local_path: null, checksum: null,
    }),
  }, { session: 'authenticated', route: 'models' });
  await env.actions.loadModels();
  const asked = () => env.calls.filter((c) => c[0] === 'getDownloadStatus').map((c) => c[1]);
  assert.deepEqual(asked(), ['c1'], 'only the canceled local model');
  const state = env.store.getState();
  const d = S.selectDownload(state, S.selectModel(state, 'c1'));
  assert.deepEqual([d.status, d.bytesDone, d.startLabel], ['canceled', 1_540_000, 'resume']);
  assert.equal(keptText(d.bytesDone), '1.5 MB kept');
  await env.actions.loadModels();
  assert.deepEqual(asked(), ['c1'], 'known since: not asked again');
});

// --- A failed Ollama pull on the Jobs page ---------------------------------------------------

const failedPull = { id: 'j1', kind: 'pull', state: 'failed', provider_id: 'o1', ollama_model: 'nothere:1', model_id: null,
  error_code: 'pull_failed', error_message: 'Ollama: pull model manifest: file does not exist', progress: {} };

test('a failed Ollama pull on the Jobs page: Ollama’s sentence in English, the tables’ in French', () => {
  assert.equal(jobErrorText(failedPull), 'Ollama: pull model manifest: file does not exist');
  I.setLanguage('fr');
  try {
    assert.equal(jobErrorText(failedPull), I.t('ollama.said.manifestMissing'));
    assert.match(jobErrorText(failedPull), /manifeste/);
    const unknown = jobErrorText({ ...failedPull, error_message: 'Ollama: something new broke' });
    assert.equal(unknown, I.t('ollama.pull.failedGeneric'), 'never the English');
    // a download keeps its own sentences, by code
    assert.equal(jobErrorText({ ...failedPull, kind: 'download', provider_id: null, model_id: 'm1', error_code: 'disk_full', error_message: 'Disk full.' }),
      I.t('downloadError.disk_full'));
  } finally {
    I.setLanguage('en');
  }
  assert.equal(jobErrorText({ ...failedPull, error_code: null, error_message: null }), '');
  assert.equal(ollamaFailure({ code: null, message: '' }, 'en'), '');
  assert.equal(ollamaFailure({ code: 'pull_failed', message: '' }, 'fr'), I.translate('fr', 'ollama.pull.failedGeneric'));
});

// --- Import: labels, old → new, counts after Apply -------------------------------------------

const current = {
  format: 'hangar-configuration', version: 1,
  providers: [{ id: 'p1', kind: 'openai-compatible', name: 'Lab', base_url: 'http://a', enabled: true }],
  models: [{ id: 'm1', provider_id: 'p1', name: 'Old name', api_name: 'm', context_window: 8000, status: 'active' }],
  settings: { download_concurrency: 2, default_models: { chat: 'm1' } },
};
const file = {
  format: 'hangar-configuration', version: 1,
  providers: [{ id: 'p1', kind: 'openai-compatible', name: 'Lab renamed', base_url: 'http://a', enabled: false }],
  models: [
    { id: 'm1', provider_id: 'p1', name: 'New name', api_name: 'm', context_window: 32000, status: 'active' },
    { id: 'm2', provider_id: 'p1', name: 'Fresh', api_name: 'f', context_window: 4096 },
  ],
  settings: { default_models: { chat: 'm2' } },
};
const report = (dryRun) => ({
  dry_run: dryRun, applied: !dryRun, created: 1, updated: 3, unchanged: 0, warnings: [],
  items: [
    { entity: 'provider', id: 'p1', name: 'Lab renamed', action: 'update', fields: ['name', 'enabled'], note: null },
    { entity: 'model', id: 'm1', name: 'New name', action: 'update', fields: ['name', 'context_window'], note: null },
    { entity: 'model', id: 'm2', name: 'Fresh', action: 'create', fields: ['provider_id', 'name', 'api_name'], note: null },
    { entity: 'setting', id: 'download_concurrency', name: 'download_concurrency', action: 'update', fields: ['download_concurrency'], note: null },
    { entity: 'setting', id: 'default_models', name: 'default_models', action: 'update', fields: ['default_models'], note: null },
  ],
});

// Each change as the preview words it.
function lines(view, values, lang) {
  return view.sections.flatMap((section) => section.items.flatMap((item) => item.changes.map((change) => {
    const field = X.importFieldLabel(section.entity, change.field, lang);
    const text = (value) => X.importValueText(section.entity, change.field, value, values, lang);
    if (change.before === undefined) return change.after === undefined ? field : I.translate(lang, 'transfer.set', { field, value: text(change.after) });
    return norm(I.translate(lang, 'transfer.change', { field, old: text(change.before), new: text(change.after) }));
  })));
}

test('the dry run says each change with its label and old → new values, in English and French', () => {
  const values = { seq: 1, current, file };
  const view = X.selectImportView(report(true), values);
  assert.deepEqual(lines(view, values, 'en'), [
    'Name: Lab → Lab renamed', 'Enabled: Yes → No',
    'Name: Old name → New name', 'Context window (tokens): 8,000 → 32,000',
    'Provider: Lab renamed', 'Name: Fresh', 'API name: f',
    'Downloads at once: 2 → default', 'Default model for Chat: New name → Fresh',
  ]);
  assert.deepEqual(lines(view, values, 'fr'), [
    `${I.fieldLabel('name', 'fr')} : Lab → Lab renamed`, 'Activée : Oui → Non',
    `${I.fieldLabel('name', 'fr')} : Old name → New name`, `${I.fieldLabel('context_window', 'fr')} : 8 000 → 32 000`,
    `${I.fieldLabel('provider_id', 'fr')} : Lab renamed`, `${I.fieldLabel('name', 'fr')} : Fresh`, `${I.fieldLabel('api_name', 'fr')} : f`,
    `${I.translate('fr', 'settings.field.download_concurrency')} : 2 → valeur par défaut`, `Modèle par défaut (${I.translate('fr', 'settings.purpose.chat')}) : New name → Fresh`,
  ].map(norm));
  assert.equal(X.importFieldLabel('setting', 'default_models', 'fr'), I.translate('fr', 'settings.group.defaults'));
  // Without the values (the export failed): the labels alone.
  const bare = X.selectImportView(report(true), null);
  assert.deepEqual(lines(bare, null, 'en').slice(0, 2), ['Name', 'Enabled']);
});

function fakeServer(routes, state = {}) {
  const seen = [];
  const fetchImpl = async (path, init) => {
    seen.push([init.method, path]);
    const handler = routes[`${init.method} ${path.split('?')[0]}`];
    const [status, body] = handler ? handler(path, init.body) : [404, { error: { code: 'not_found', message: 'Not found.' } }];
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return { status, ok: status < 300, text: async () => text };
  };
  const store = S.createStore({ ...S.initialState({ route: 'settings' }), session: 'authenticated', ...state });
  return { seen, store, actions: createActions({ store, api: createApi({ fetchImpl }) }) };
}

test('import: the values load with the dry run; after Apply the dashboard’s counts and the names are the server’s', async () => {
  let total = 1;
  const env = fakeServer({
    'GET /api/export': () => [200, JSON.stringify(current)],
    'POST /api/import': (path) => {
      if (path.endsWith('false')) total = 2;
      return [200, report(path.endsWith('true'))];
    },
    'GET /api/providers': () => [200, { items: [] }],
    'GET /api/settings': () => [200, { default_models: {}, download_concurrency: 2, ollama_cache_seconds: 30, hf_endpoint: 'https://huggingface.co', job_retention_days: 30, deprecated_model_policy: 'warn', defaults: {} }],
    'GET /api/models': () => [200, { items: [], total, limit: 1, counts: { deprecated: 0, local: 0 } }],
    'GET /api/usage': () => [200, { totals: { calls: 0 } }],
  });
  await env.actions.loadDashboard();
  assert.equal(env.store.getState().dashboard.total, 1);
  const g = await env.actions.governance();
  const text = JSON.stringify(file);
  await g.chooseImportFile({ name: 'c.json', size: text.length, text: async () => text });
  const values = X.selectImportValues(env.store.getState());
  assert.deepEqual([values.current, values.file], [current, file]);
  assert.ok(env.seen.some(([m, p]) => m === 'GET' && p === '/api/export'), 'the values in effect are asked for');
  assert.equal(await g.applyImport(), true);
  assert.equal(X.selectTransfer(env.store.getState()).status, 'applied');
  assert.ok(X.selectImportValues(env.store.getState()), 'the result keeps its values');
  assert.equal(env.store.getState().dashboard.total, 2, 'the dashboard counts what the import created');
  assert.equal(S.selectModelName(env.store.getState(), 'm1'), 'New name');
  // Another file: the values of the first are gone at once.
  await g.chooseImportFile(null);
  assert.equal(X.selectImportValues(env.store.getState()), null);
});
