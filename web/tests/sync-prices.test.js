// Issue 19, catalog sync, prices and limits: the Sync page's price sync slice (the source,
// the changes and the apply body), its actions against a fake API (the exact requests), its
// words in both languages (old → new values, plurals), the dashboard's unpriced usage card, the
// models list's deprecation warning (the window read from GET /api/meta), the model form's price
// source, and the Settings page's catalog sync group. Discovery: sync-discover.test.js.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as I from '../shared/i18n.js';
import * as C from '../governance/settings-store.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { discoverAnswer, listedModel, priceSyncAnswer, setup, syncServer, unpricedAnswer } from './fixtures.js';
import * as Y from '../sync/store.js';
import * as X from '../sync/text.js';
import * as D from '../models/catalog-info.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
await Promise.all(['sync', 'unpriced', 'forms', 'models'].map((name) => I.loadStrings(name)));
I.setLanguage('en');
const norm = (text) => text.replace(/[\u00a0\u202f]/g, ' ');

// --- Prices and limits -----------------------------------------------------------------------

test('price sync: the source’s body — the setting (empty body), a URL, a file’s JSON', () => {
  let s = S.initialState();
  assert.deepEqual(Y.selectPriceSourceBody(s), { body: {} });
  s = Y.setPriceSource(s, 'url');
  assert.deepEqual(Y.selectPriceSourceBody(s), { error: 'sync.prices.urlRequired' });
  s = Y.setPriceURL(s, 'ftp://prices');
  assert.deepEqual(Y.selectPriceSourceBody(s), { error: 'sync.prices.urlInvalid' });
  s = Y.setPriceURL(s, ' https://example.com/prices.json ');
  assert.deepEqual(Y.selectPriceSourceBody(s), { body: { url: 'https://example.com/prices.json' } });
  s = Y.setPriceSource(s, 'file');
  assert.deepEqual(Y.selectPriceSourceBody(s), { error: 'sync.prices.fileRequired' });
  const data = { 'gpt-4o': { input_cost_per_token: 0.0000025 } };
  s = Y.priceFileChosen(s, { name: 'prices.json', size: 120 }, data);
  assert.equal(Y.selectPriceSourceBody(s).body.data, data, 'the parsed JSON itself, sent as {"data": …}');
  s = Y.priceFileRefused(s, { name: 'x.json', size: 3 }, 'sync.prices.fileNotJSON');
  assert.deepEqual(Y.selectPriceSourceBody(s), { error: 'sync.prices.fileNotJSON' });
  assert.equal(Y.setPriceSource(s, 'nowhere'), s);

  assert.deepEqual(Y.parsePriceFile('{"a": {}}'), { data: { a: {} } });
  assert.deepEqual(Y.parsePriceFile('nope'), { error: 'sync.prices.fileNotJSON' });
  assert.deepEqual(Y.parsePriceFile('[1, 2]'), { error: 'sync.prices.fileNotObject' });
  assert.deepEqual(Y.parsePriceFile('null'), { error: 'sync.prices.fileNotObject' });
});

test('price sync: every change checked after the preview; select-all; apply sends the same source and the checked ids', () => {
  let s = Y.setPriceURL(Y.setPriceSource(S.initialState(), 'url'), 'https://example.com/p.json');
  s = Y.pricePreviewRequested(s, Y.selectPriceSourceBody(s).body);
  const seq = Y.selectPrices(s).seq;
  s = Y.pricePreviewLoaded(s, seq, priceSyncAnswer());
  const p = Y.selectPrices(s);
  assert.equal(p.status, 'ready');
  assert.equal(p.preview.entries, 4878);
  assert.deepEqual(p.preview.unmatched, ['ollama-phi3', 'local-qwen3-0.6b-q4_0']);
  assert.equal(Y.selectChangesChecked(s), 'all');
  assert.equal(Y.selectCheckedChangeCount(s), 3);
  assert.deepEqual(Y.selectPriceApplyBody(s), {
    url: 'https://example.com/p.json', model_ids: ['mistral-mistral-large-latest', 'openai-gpt-4o', 'openai-gpt-4o-mini'],
  });
  s = Y.setChangeChecked(s, 'openai-gpt-4o', false);
  assert.equal(Y.selectChangesChecked(s), 'some');
  assert.deepEqual(Y.selectPriceApplyBody(s).model_ids, ['mistral-mistral-large-latest', 'openai-gpt-4o-mini']);
  assert.equal(Y.setChangeChecked(s, 'unknown', true), s);
  s = Y.setAllChanges(s, false);
  assert.equal(Y.selectChangesChecked(s), 'none');
  assert.equal(Y.selectPriceApplyBody(s), null, 'nothing checked: nothing to apply');
  s = Y.setAllChanges(s, true);
  // The URL typed after the preview is not what apply sends: the preview is another file's, so it goes.
  const edited = Y.setPriceURL(s, 'https://example.com/other.json');
  assert.equal(Y.selectPrices(edited).preview, null);
  assert.equal(Y.selectPriceApplyBody(edited), null);
  assert.equal(Y.selectPrices(Y.setPriceSource(s, 'setting')).preview, null);

  s = Y.priceApplyStarted(s);
  s = Y.priceApplied(s, seq, { ...priceSyncAnswer(), dry_run: false, applied: 3 });
  assert.deepEqual(Y.selectPrices(s).result, { applied: 3, source: 'litellm:snapshot' });
  assert.equal(Y.selectPrices(s).preview, null, 'the preview is spent');
  // A late preview is dropped.
  assert.equal(Y.pricePreviewLoaded(s, seq - 1, priceSyncAnswer()), s);
});

test('price sync: the setting as source sends an empty body, then model_ids', () => {
  let s = S.initialState();
  s = Y.pricePreviewRequested(s, Y.selectPriceSourceBody(s).body);
  s = Y.pricePreviewLoaded(s, Y.selectPrices(s).seq, priceSyncAnswer({ changes: [priceSyncAnswer().changes[0]] }));
  assert.deepEqual(Y.selectPriceApplyBody(s), { model_ids: ['mistral-mistral-large-latest'] });
  s = Y.pricePreviewRefused(s, 'sync.prices.urlRequired');
  assert.equal(Y.selectPrices(s).error.key, 'sync.prices.urlRequired');
});

// --- Words --------------------------------------------------------------------------------------

test('a change’s values in the admin’s language: prices, tokens, dates, unknown and none', () => {
  assert.equal(X.fieldValueText('cost_input_per_million', 0.5, 'en'), '$0.50');
  assert.equal(norm(X.fieldValueText('cost_input_per_million', 0.5, 'fr')), '0,50 $US');
  assert.equal(X.fieldValueText('cost_input_per_million', 0.15, 'en'), '$0.15');
  assert.equal(X.fieldValueText('cost_output_per_million', null, 'en'), 'unknown', 'never $0');
  assert.equal(X.fieldValueText('cost_output_per_million', null, 'fr'), 'inconnu');
  assert.equal(X.fieldValueText('context_window', 262144, 'en'), '262,144');
  assert.equal(norm(X.fieldValueText('context_window', 262144, 'fr')), '262 144');
  assert.equal(X.fieldValueText('deprecation_date', '2027-01-14', 'en'), 'Jan 14, 2027');
  assert.equal(X.fieldValueText('deprecation_date', '2027-01-14', 'fr'), '14 janv. 2027');
  assert.equal(X.fieldValueText('deprecation_date', null, 'fr'), 'aucune');
  assert.equal(X.fieldText('cost_input_per_million', 'fr'), 'Coût en entrée (USD par million de jetons)');
  assert.equal(X.fieldText('deprecation_date', 'en'), 'Deprecation date');
  assert.equal(X.plural(1, 'sync.prices.applied.one', 'sync.prices.applied.other', 'en'), '1 model updated.');
  assert.equal(X.plural(3, 'sync.prices.applied.one', 'sync.prices.applied.other', 'en'), '3 models updated.');
  assert.equal(X.plural(0, 'sync.prices.applied.one', 'sync.prices.applied.other', 'fr'), '0 modèle mis à jour.', 'French: 0 is singular');
  assert.equal(norm(X.plural(4878, 'sync.prices.entries.one', 'sync.prices.entries.other', 'fr', { source: 'x' })), 'Données de prix : x, 4 878 entrées.');
  assert.equal(X.sourceText('litellm:snapshot', 'en'), 'LiteLLM’s snapshot shipped with Hangar');
  assert.equal(X.sourceText('litellm:upload', 'fr'), 'le fichier envoyé');
  assert.equal(X.sourceText('litellm:https://example.com/p.json', 'en'), 'https://example.com/p.json');
  const facts = X.discoveredFacts(discoverAnswer().new[1], 'en');
  assert.deepEqual(facts, [{ kind: 'limits', guessed: true, text: 'Context 8,192 tokens · max output 4,096' }]);
  assert.deepEqual(X.discoveredFacts(discoverAnswer().new[0], 'en').map((f) => f.text), ['Context 128,000 tokens · max output 16,384', '$0.15 / 1M in · $0.60 / 1M out']);
  assert.deepEqual(X.discoveredFacts({ api_name: 'd', upstream_model: 'gpt-4o', size_bytes: 4_200_000_000 }, 'en').map((f) => f.text), ['Deployment of gpt-4o', '4.2 GB']);
});

// --- Actions ---------------------------------------------------------------------------------

test('actions: price preview (dry run) then apply the checked models from the same file', async () => {
  const fake = syncServer();
  const { store, actions } = setup({ request: fake.request }, { session: 'authenticated', route: 'sync' });
  const sync = await actions.sync();
  const text = JSON.stringify({ 'mistral/mistral-large-latest': { input_cost_per_token: 0.0000005, litellm_provider: 'mistral' } });
  await sync.chooseFile({ name: 'prices.json', size: text.length, text: async () => text });
  assert.equal(Y.selectPrices(store.getState()).source, 'file');
  assert.equal(await sync.previewPrices(), true);
  const [method, path, body] = fake.sent.at(-1);
  assert.equal(`${method} ${path}`, 'POST /api/catalog/price-sync?dry_run=true');
  assert.deepEqual(body, { data: JSON.parse(text) });
  store.dispatch(Y.setChangeChecked, 'openai-gpt-4o', false);
  assert.equal(await sync.applyPrices(), true);
  assert.deepEqual(fake.sent.at(-1), ['POST', '/api/catalog/price-sync?dry_run=false', { data: JSON.parse(text), model_ids: ['mistral-mistral-large-latest', 'openai-gpt-4o-mini'] }]);
  assert.equal(Y.selectPrices(store.getState()).result.applied, 2);
  assert.equal(I.translate('en', 'sync.prices.applied.other', { count: 2 }), '2 models updated.');

  // A file too large, not JSON, or unreadable is refused here, before any request.
  const before = fake.sent.length;
  await sync.chooseFile({ name: 'big.json', size: Y.MAX_FILE_BYTES + 1, text: async () => '{}' });
  assert.equal(Y.selectPrices(store.getState()).fileError, 'sync.prices.fileTooLarge');
  await sync.chooseFile({ name: 'x.json', size: 3, text: async () => 'not json' });
  assert.equal(Y.selectPrices(store.getState()).fileError, 'sync.prices.fileNotJSON');
  await sync.chooseFile({ name: 'x.json', size: 3, text: async () => { throw new Error('gone'); } });
  assert.equal(Y.selectPrices(store.getState()).fileError, 'sync.prices.fileUnreadable');
  assert.equal(await sync.previewPrices(), false);
  assert.equal(Y.selectPrices(store.getState()).error.key, 'sync.prices.fileUnreadable');
  assert.equal(fake.sent.length, before);
  // The setting as source: an empty body.
  store.dispatch(Y.setPriceSource, 'setting');
  await sync.previewPrices();
  assert.deepEqual(fake.sent.at(-1), ['POST', '/api/catalog/price-sync?dry_run=true', {}]);
});

test('actions: a refused preview keeps its code (the 16 MiB limit)', async () => {
  const fake = syncServer({ 'POST /api/catalog/price-sync': () => { throw Object.assign(new Error('x'), { status: 413, code: 'payload_too_large', message: 'Too large.', fields: {} }); } });
  const { store, actions } = setup({ request: fake.request }, { session: 'authenticated', route: 'sync' });
  const sync = await actions.sync();
  assert.equal(await sync.previewPrices(), false);
  const error = Y.selectPrices(store.getState()).error;
  assert.equal(error.code, 'payload_too_large');
  assert.equal(X.syncErrorText(error, 'fr'), I.TABLES.fr['sync.err.payload_too_large']);
});

// --- The dashboard's unpriced usage ----------------------------------------------------------

test('unpriced usage: hidden until loaded, when empty and on failure; the link opens the model’s form', async () => {
  let s = S.initialState();
  assert.equal(Y.selectUnpricedCard(s), null, 'not loaded');
  s = Y.unpricedRequested(s);
  const seq = Y.selectUnpriced(s).seq;
  s = Y.unpricedLoaded(s, seq, { items: [] });
  assert.equal(Y.selectUnpricedCard(s), null, 'nothing unpriced: no card');
  s = Y.unpricedRequested(s);
  s = Y.unpricedLoaded(s, Y.selectUnpriced(s).seq, unpricedAnswer());
  assert.deepEqual(Y.selectUnpricedCard(s).map((i) => [i.name, i.calls]), [['Mistral Large', 42], ['GPT-4o', 1]]);
  const reloading = Y.unpricedRequested(s);
  assert.equal(Y.selectUnpricedCard(reloading).length, 2, 'the last list stays while it loads again');
  assert.equal(Y.unpricedLoaded(reloading, seq, { items: [] }), reloading, 'a late answer is dropped');
  assert.equal(Y.selectUnpricedCard(Y.unpricedFailed(reloading, Y.selectUnpriced(reloading).seq, { status: 500, code: 'internal' })), null);

  const fake = syncServer();
  const { store, actions } = setup({ request: fake.request }, { session: 'authenticated', route: 'dashboard' });
  const sync = await actions.sync();
  await sync.loadUnpriced();
  assert.deepEqual(fake.sent.at(-1), ['GET', '/api/usage/unpriced?days=30', undefined]);
  assert.equal(Y.selectUnpricedCard(store.getState()).length, 2);
  await sync.openModel('mistral-mistral-large-latest', 'Mistral Large');
  const state = store.getState();
  assert.equal(state.filters.text, 'Mistral Large', 'the list shows the model');
  assert.equal(state.modal.mode, 'edit');
  assert.equal(state.modal.id, 'mistral-mistral-large-latest', 'its form is open, to set a price');

  const failing = setup({ request: async () => { throw Object.assign(new Error('x'), { status: 500, code: 'internal', message: '', fields: {} }); } }, { session: 'authenticated' });
  await (await failing.actions.sync()).loadUnpriced();
  assert.equal(Y.selectUnpricedCard(failing.store.getState()), null);
  assert.equal(failing.store.getState().toasts.length, 0, 'a hint card never toasts');
});

test('unpriced usage: the dashboard asks only when the counts say there were calls', async () => {
  const { readFileSync } = await import('node:fs');
  const source = readFileSync(new URL('../models/dashboard.js', import.meta.url), 'utf8');
  assert.match(source, /d\.status !== 'ready' \|\| !\(d\.calls > 0\)/);
  assert.match(source, /import\('\.\.\/sync\/unpriced-card\.js'\)/, 'the card’s code loads on demand');
  const en = (await import('../sync/unpriced-strings.en.js')).default;
  assert.ok(JSON.stringify(en).length < 600, 'the card’s strings stay tiny');
});

// --- The models list's deprecation warning -----------------------------------------------------

test('deprecation warning: within meta.deprecation_warning_days (never a hard-coded 30), or passed while active', () => {
  const now = Date.UTC(2026, 11, 15, 23, 30); // 2026-12-15, late in the day (UTC)
  const m = (date, extra = {}) => listedModel('m', { deprecation_date: date, ...extra });
  assert.deepEqual(D.deprecationWarning(m('2027-01-14'), 30, now), { date: '2027-01-14', days: 30, when: 'soon' });
  assert.equal(D.deprecationWarning(m('2027-01-15'), 30, now), null, '31 days away');
  assert.deepEqual(D.deprecationWarning(m('2027-01-15'), 31, now).when, 'soon', 'the server’s number decides');
  assert.equal(D.deprecationWarning(m('2027-01-14'), 7, now), null);
  assert.equal(D.deprecationWarning(m('2026-12-15'), 30, now).when, 'soon', 'today');
  assert.deepEqual(D.deprecationWarning(m('2026-12-14'), 30, now), { date: '2026-12-14', days: -1, when: 'passed' });
  assert.equal(D.deprecationWarning(m('2026-12-14', { status: 'deprecated' }), 30, now), null, 'already deprecated: the badge says it');
  assert.equal(D.deprecationWarning(m(null), 30, now), null);
  assert.equal(D.deprecationWarning(m('soon'), 30, now), null);
  assert.equal(D.deprecationWarning(m('2027-01-01'), null, now), null, 'no window known: no early warning');
  assert.equal(D.deprecationWarning(m('2026-12-01'), null, now).when, 'passed', 'a passed date warns anyway');

  // From the state: the meta document the list loaded.
  let s = S.initialState();
  const soon = m('2027-01-01');
  assert.equal(D.needsWarningDays(s, [soon]), true);
  assert.equal(D.needsWarningDays(s, [listedModel('x')]), false);
  assert.equal(D.selectDeprecationWarning(s, soon, now), null);
  s = S.metaLoaded(s, META);
  assert.equal(D.warningDaysOf(s), 30);
  assert.equal(D.needsWarningDays(s, [soon]), false);
  assert.equal(D.selectDeprecationWarning(s, soon, now).when, 'soon');
  s = S.metaLoaded(s, { ...META, deprecation_warning_days: 10 });
  assert.equal(D.selectDeprecationWarning(s, soon, now), null);
  assert.deepEqual(S.metaLoaded(S.initialState(), null).meta, {}, 'an older server: nothing to read, asked once');

  I.setLanguage('en');
  assert.equal(D.deprecationText({ date: '2027-01-14', when: 'soon' }), 'Deprecated on Jan 14, 2027');
  assert.equal(D.deprecationText({ date: '2026-12-14', when: 'passed' }), 'Deprecated since Dec 14, 2026');
  I.setLanguage('fr');
  assert.equal(D.deprecationText({ date: '2027-01-14', when: 'soon' }), 'Obsolète le 14 janv. 2027');
  I.setLanguage('en');
});

test('the models list loads GET /api/meta once when an active row has a deprecation date', async () => {
  setMeta(null);
  const sent = [];
  const rows = [listedModel('a', { deprecation_date: '2027-01-14' }), listedModel('b')];
  const { store, actions } = setup({
    request: async (method, path) => { sent.push(`${method} ${path}`); return META; },
    listModels: async () => ({ items: rows, total: 2 }),
  }, { session: 'authenticated', route: 'models' });
  await actions.loadModels();
  assert.deepEqual(sent, ['GET /api/meta']);
  assert.equal(store.getState().meta.deprecation_warning_days, 30);
  await actions.loadModels();
  assert.deepEqual(sent, ['GET /api/meta'], 'once');

  const plain = setup({ request: async () => { throw new Error('not asked'); }, listModels: async () => ({ items: [listedModel('b')], total: 1 }) }, { session: 'authenticated', route: 'models' });
  await plain.actions.loadModels();
  assert.equal(plain.store.getState().meta, null, 'no date, no request');
  setMeta(META);
});

test('the model form: where prices came from, and the builtin rule from meta', async () => {
  I.setLanguage('en');
  assert.equal(D.priceSourceText({ price_source: 'litellm:snapshot', price_synced_at: '2026-12-07T17:00:00Z' }), 'From LiteLLM (the snapshot shipped with Hangar), Dec 7, 2026');
  assert.equal(D.priceSourceText({ price_source: 'manual', price_synced_at: null }), 'Set by an administrator');
  assert.equal(D.priceSourceText({ price_source: 'litellm:upload', price_synced_at: '2026-12-07T17:00:00Z' }), 'From LiteLLM (an uploaded file), Dec 7, 2026');
  assert.equal(D.priceSourceText({ price_source: null }), null);
  I.setLanguage('fr');
  assert.equal(D.priceSourceText({ price_source: 'litellm:snapshot', price_synced_at: '2026-12-07T17:00:00Z' }), 'Issus de LiteLLM (l’instantané livré avec Hangar), le 7 déc. 2026');
  I.setLanguage('en');
  const F = await import('../models/forms.js');
  assert.deepEqual(F.builtinEditable(META), META.builtin_editable);
  assert.deepEqual(F.builtinEditable(null), ['temperature_default'], 'an older server');
});

// --- Settings: the catalog sync group -----------------------------------------------------------

test('settings: price_data_url may be empty (the snapshot); discovery_interval_hours 0…8760', () => {
  assert.equal(C.checkSetting('price_data_url', ''), null);
  assert.equal(C.checkSetting('price_data_url', 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json'), null);
  assert.deepEqual(C.checkSetting('price_data_url', 'ftp://x'), { code: 'invalid_url', params: { reason: 'scheme' } });
  assert.equal(C.checkSetting('discovery_interval_hours', '0'), null);
  assert.equal(C.checkSetting('discovery_interval_hours', '8,760'), null);
  assert.ok(C.checkSetting('discovery_interval_hours', '8761'));
  assert.ok(C.checkSetting('discovery_interval_hours', ''));
  const data = {
    default_models: { chat: null, code: null, embedding: null, vision: null }, download_concurrency: 2, ollama_cache_seconds: 30, hf_endpoint: 'https://huggingface.co',
    job_retention_days: 30, ollama_status_poll_seconds: 10, ollama_keep_alive: '5m', ollama_update_check_hours: 0, price_data_url: '', discovery_interval_hours: 0,
  };
  let s = C.settingsLoaded(S.initialState(), data);
  s = C.setSettingValue(s, 'price_data_url', ' https://example.com/p.json ');
  s = C.setSettingValue(s, 'discovery_interval_hours', '24');
  assert.deepEqual(C.selectSettingsPatch(s), { price_data_url: 'https://example.com/p.json', discovery_interval_hours: 24 });
  assert.deepEqual(C.resetPatch('price_data_url'), { price_data_url: null });
  // A server without them (older than catalog sync): not shown, checked nor sent.
  const older = { ...data };
  delete older.price_data_url;
  delete older.discovery_interval_hours;
  s = C.settingsLoaded(S.initialState(), older);
  assert.equal(C.selectHasSetting(older, 'price_data_url'), false);
  assert.deepEqual(C.selectSettingsPatch(s), {});
  assert.deepEqual(Object.keys(C.selectSettings(C.validateSettings(s)).errors), []);
});