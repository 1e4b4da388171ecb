import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from './files.js';
import * as I from '../shared/i18n.js';
import * as Fmt from '../shared/format.js';
import { SERVER_DOWN_CODES } from '../ollama/store.js';
import * as R from '../models/form-fields.js';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
await I.loadLanguage('en');
const firstLoadKeys = new Set(Object.keys(I.TABLES.en));
await I.loadLanguage('fr');
await Promise.all(['ollama', 'models', 'jobs', 'forms', 'dashboard', 'usage', 'connect', 'keys', 'hub', 'sync', 'unpriced'].map((name) => I.loadStrings(name)));
const EN = I.TABLES.en;
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('English and French tables have exactly the same keys and placeholders', () => {
  const en = Object.keys(EN).sort();
  const fr = Object.keys(I.TABLES.fr).sort();
  assert.deepEqual(fr.filter((key) => !en.includes(key)), [], 'keys only in French');
  assert.deepEqual(en.filter((key) => !fr.includes(key)), [], 'keys only in English');
  for (const key of en) {
    assert.ok(EN[key].length > 0 && I.TABLES.fr[key].length > 0, `empty string for ${key}`);
    assert.deepEqual(placeholders(I.TABLES.fr[key]), placeholders(EN[key]), `placeholders of ${key}`);
  }
  assert.ok(Object.keys(I.TABLES.en).every((key) => !key.startsWith('msg.')), 'no reverse table of server sentences');
});

test('French is really translated (identical strings are only names and codes)', () => {
  const sameOnPurpose = new Set([
    'lang.en', 'lang.fr', 'kind.mistral', 'kind.openai', 'kind.azure-openai', 'kind.ollama', 'kind.local', 'models.actions', 'col.actions', 'col.type',
    'modal.type', 'type.local', 'modal.group.huggingFace', 'placeholder.apiName', 'placeholder.hfRevision', 'hint.range', 'hint.temperature',
    'test.latency', 'test.serverVersion', 'placeholder.apiVersion', 'placeholder.localApiName',
    'bytes.perSecond', 'duration.s', 'duration.ms', 'duration.hm',
    'nav.ollama', 'ollama.title', 'ollama.library.placeholder', 'ollama.details.format', 'ollama.details.modelfile',
    'ollama.capability.vision', 'ollama.capability.audio',
    'keys.state.active', 'field.budget_usd',
  ]);
  const same = Object.keys(EN).filter((key) => EN[key] === I.TABLES.fr[key] && !sameOnPurpose.has(key));
  assert.deepEqual(same, []);
});

// Every translation key written in the sources exists (100 % of visible strings go through t()).
test('every key used by the UI is in the tables', () => {
  const files = sourceFiles().filter((f) => !f.startsWith('governance/') && !/locales\/|strings\./.test(f) && f !== 'sw.js');
  const prefixes = new Set(Object.keys(EN).map((key) => key.split('.')[0]));
  const missing = [];
  for (const file of files) {
    const source = readFileSync(join(web, file), 'utf8');
    for (const match of source.matchAll(/'([a-zA-Z]+(?:\.[a-zA-Z-]+)+)'/g)) {
      const key = match[1];
      if (!prefixes.has(key.split('.')[0])) continue;
      if (!(key in EN)) missing.push(`${file}: ${key}`);
    }
  }
  // Keys built at run time.
  for (const kind of ['hosted', 'local']) for (const key of [`type.${kind}`, `type.${kind}Hint`]) if (!(key in EN)) missing.push(key);
  for (const status of ['pending', 'downloading', 'downloaded', 'failed', 'canceled']) if (!(`download.${status}` in EN)) missing.push(status);
  for (const route of ['dashboard', 'providers', 'models', 'keys', 'jobs', 'ollama', 'sync', 'settings']) if (!(`nav.${route}` in EN)) missing.push(route);
  // Ollama: the statuses of a pull, the update badges, why a server is down.
  for (const key of ['manifest', 'layer', 'verifying', 'writing', 'removing', 'success']) if (!(`ollama.status.${key}` in EN)) missing.push(`ollama.status.${key}`);
  for (const key of ['upToDate', 'available', 'unknown']) if (!(`ollama.update.${key}` in EN)) missing.push(`ollama.update.${key}`);
  for (const code of SERVER_DOWN_CODES) {
    for (const key of [`ollama.down.${code}`, `err.${code}`]) if (!(key in EN)) missing.push(key);
  }
  for (const code of ['library_unavailable', 'invalid_model_name', 'provider_not_ollama', 'eject_incomplete']) if (!(`err.${code}` in EN)) missing.push(`err.${code}`);
  // Jobs and downloads: every job state, the job kinds of PRODUCT.md §1.5, byte units, Start labels.
  for (const state of ['queued', 'running', 'succeeded', 'failed', 'canceled']) if (!(`jobState.${state}` in EN)) missing.push(`jobState.${state}`);
  for (const kind of ['download', 'pull', 'check_updates', 'eject']) if (!(`jobKind.${kind}` in EN)) missing.push(`jobKind.${kind}`);
  for (const unit of ['B', 'kB', 'MB', 'GB', 'TB']) if (!(`bytes.${unit}` in EN)) missing.push(`bytes.${unit}`);
  for (const label of ['start', 'retry', 'resume', 'cancel']) for (const key of [`download.action.${label}`, `download.action.${label}Named`]) if (!(key in EN)) missing.push(key);
  for (const kind of ['mistral', 'openai', 'azure-openai', 'ollama', 'openai-compatible', 'local']) if (!(`kind.${kind}` in EN)) missing.push(kind);
  for (const field of [...R.HOSTED_FIELDS, ...R.LOCAL_FIELDS, ...R.LIMIT_FIELDS, 'base_url', 'default_model_id', 'kind', 'api_version', 'api_key']) if (!(`field.${field}` in EN)) missing.push(field);
  // Connection tests: every stage and error code of the API (openapi.yaml's ConnectionTest).
  for (const stage of ['reachability', 'authentication', 'model_listing', 'completion']) if (!(`stage.${stage}` in EN)) missing.push(`stage.${stage}`);
  for (const code of ['dns', 'refused', 'timeout', 'tls', 'unauthorized', 'forbidden', 'not_found', 'rate_limited', 'server_error', 'bad_response', 'secret_unreadable']) {
    if (!(`testError.${code}` in EN)) missing.push(`testError.${code}`);
  }
  assert.deepEqual(missing, []);
});

test('t() fills parameters, falls back to English, then to the key', () => {
  assert.equal(I.translate('fr', 'toast.modelCreated', { name: '<b>x</b>' }), 'Modèle « <b>x</b> » créé.');
  assert.equal(I.translate('en', 'models.count', { shown: 50, total: 120 }), 'Showing 50 of 120');
  assert.equal(I.translate('de', 'common.yes'), 'Yes');
  assert.equal(I.translate('fr', 'no.such.key'), 'no.such.key');
  I.setLanguage('fr');
  assert.equal(I.t('common.no'), 'Non');
  I.setLanguage('xx');
  assert.equal(I.getLanguage(), 'en');
});

test('language detection from navigator.languages', () => {
  assert.equal(I.detectLanguage(['fr-FR', 'en-US']), 'fr');
  assert.equal(I.detectLanguage(['de-DE', 'en-GB', 'fr']), 'en');
  assert.equal(I.detectLanguage(['de-DE', 'fr-CA']), 'fr');
  assert.equal(I.detectLanguage(['FR_be']), 'fr');
  assert.equal(I.detectLanguage([]), 'en');
  assert.equal(I.detectLanguage([undefined]), 'en');
  // Issue 16: French unless an English variant comes first.
  assert.equal(I.detectLanguage(['es-ES']), 'fr');
  assert.equal(I.detectLanguage(['pt-BR', 'it']), 'fr');
  assert.equal(I.detectLanguage(['de-DE']), 'fr');
  assert.equal(I.detectLanguage(['es', 'en-US', 'fr']), 'en');
  assert.equal(I.detectLanguage(['en-GB']), 'en');
});

test('dates: DD/MM/YYYY in French, the English locale format otherwise', () => {
  const date = new Date(2025, 10, 26, 12, 0, 0);
  assert.equal(Fmt.formatDate(date, 'fr'), '26/11/2025');
  assert.equal(Fmt.formatDate(date, 'en'), '11/26/2025');
  assert.match(Fmt.formatDate('2025-03-04T12:00:00Z', 'fr'), /^0[34]\/03\/2025$/);
  assert.equal(Fmt.formatDate(null, 'fr'), '–');
  assert.equal(Fmt.formatDate('garbage', 'fr'), '–');
});

test('numbers and costs are localised', () => {
  const norm = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
  assert.equal(I.formatNumber(128000, 'en'), '128,000');
  assert.equal(norm(I.formatNumber(128000, 'fr')), '128 000');
  assert.equal(Fmt.formatCost(2.5, 'en'), '$2.50');
  assert.equal(norm(Fmt.formatCost(2.5, 'fr')), '2,50 $US');
  assert.equal(Fmt.formatCost(0.125, 'en'), '$0.125');
  assert.equal(I.formatNumber(null, 'en'), '–');
});

test('error descriptions: English keeps the server message, French uses the code table', () => {
  const error = { status: 409, code: 'duplicate_api_name', message: "The API name 'x' is already used by 'Y' on this provider; choose another one.", fields: {} };
  assert.equal(I.describeError(error, 'en'), error.message);
  assert.equal(I.describeError(error, 'fr'), I.TABLES.fr['err.duplicate_api_name']);
  assert.equal(I.describeError({ status: 0, code: 'network', message: 'Failed to fetch' }, 'en'), I.TABLES.en['err.network']);
  assert.equal(I.describeError({ status: 404, code: 'thing_not_found', message: '' }, 'fr'), I.TABLES.fr['err.not_found']);
  assert.equal(I.describeError({ status: 418, code: 'teapot', message: '' }, 'fr'), 'La requête a échoué (HTTP 418). Réessayez ; si l’échec persiste, consultez le journal du serveur.');
});

const sources = join(web, '..', 'Sources');

test('sizes, speeds, durations and percents in both languages', () => {
  const norm = (text) => text.replace(/[\u00a0\u202f]/g, ' ');
  assert.equal(Fmt.formatBytes(0, 'en'), '0 B');
  assert.equal(Fmt.formatBytes(999, 'en'), '999 B');
  assert.equal(Fmt.formatBytes(1200, 'en'), '1.2 kB');
  assert.equal(Fmt.formatBytes(1_234_567, 'en'), '1.2 MB');
  assert.equal(Fmt.formatBytes(3_400_000_000, 'en'), '3.4 GB');
  assert.equal(Fmt.formatBytes(123_456_789, 'en'), '123 MB');
  assert.equal(Fmt.formatBytes(999_960, 'en'), '1.0 MB', 'never "1000.0 kB"');
  assert.equal(norm(Fmt.formatBytes(3_400_000_000, 'fr')), '3,4 Go');
  assert.equal(norm(Fmt.formatBytes(512, 'fr')), '512 o');
  assert.equal(norm(Fmt.formatBytes(4_194_304, 'fr')), '4,2 Mo');
  assert.equal(Fmt.formatBytes(null, 'en'), '–');
  assert.equal(Fmt.formatBytes(-1, 'en'), '–');
  assert.equal(Fmt.formatSpeed(12_300_000, 'en'), '12.3 MB/s');
  assert.equal(norm(Fmt.formatSpeed(524_288, 'fr')), '524 ko/s');
  assert.equal(Fmt.formatSpeed(null, 'en'), '–');
  assert.equal(Fmt.formatDuration(45.4, 'en'), '45 s');
  assert.equal(Fmt.formatDuration(200, 'fr'), '3 min 20 s');
  assert.equal(Fmt.formatDuration(65, 'en'), '1 min 05 s');
  assert.equal(Fmt.formatDuration(3900, 'en'), '1 h 05 min');
  assert.equal(Fmt.formatDuration(null, 'en'), '–');
  assert.equal(I.translate('en', 'download.eta', { time: Fmt.formatDuration(200, 'en') }), 'about 3 min 20 s left');
  assert.equal(I.translate('fr', 'download.bytes', { done: norm(Fmt.formatBytes(1.2e9, 'fr')), total: norm(Fmt.formatBytes(3.4e9, 'fr')) }), '1,2 Go sur 3,4 Go');
  assert.equal(I.translate('en', 'download.bytes', { done: Fmt.formatBytes(1.2e9, 'en'), total: Fmt.formatBytes(3.4e9, 'en') }), '1.2 GB of 3.4 GB');
  assert.equal(Fmt.formatPercent(42.7, 'en'), '42%');
  assert.equal(norm(Fmt.formatPercent(42.7, 'fr')), '42 %');
  assert.equal(Fmt.formatPercent(99.9, 'en'), '99%', 'never 100 % before the end');
  assert.equal(Fmt.formatPercent(100, 'en'), '100%');
  assert.equal(Fmt.formatPercent(null, 'en'), '–');
});

test('date and time: DD/MM/YYYY HH:MM in French', () => {
  const date = new Date(2025, 10, 26, 14, 5, 0);
  assert.equal(Fmt.formatDateTime(date, 'fr'), '26/11/2025 14:05');
  assert.match(Fmt.formatDateTime(date, 'en'), /^11\/26\/2025, 0?2:05\s?PM$/);
  assert.equal(Fmt.formatDateTime(null, 'en'), '–');
});

// Every download failure code the server can store on a job has a sentence in both languages.
test('every download error code of the Swift server is in the table', { skip: !existsSync(join(sources, 'Downloads', 'DownloadError.swift')) }, () => {
  const codes = new Set();
  for (const match of readFileSync(join(sources, 'Downloads', 'DownloadError.swift'), 'utf8').matchAll(/case \w+ = "(\w+)"/g)) codes.add(match[1]);
  const handler = join(sources, 'LocalModels', 'DownloadJobHandler.swift');
  if (existsSync(handler)) for (const match of readFileSync(handler, 'utf8').matchAll(/JobFailure\(code: "(\w+)"/g)) codes.add(match[1]);
  assert.ok(codes.size >= 10, `only ${codes.size} codes found; did the sources move?`);
  assert.deepEqual([...codes].filter((code) => !(`downloadError.${code}` in EN)), []);
});

test('download errors: English keeps the server message, French uses the code table', async () => {
  const { downloadErrorText } = await import('../shared/widgets.js');
  I.setLanguage('en');
  assert.equal(downloadErrorText('hf_gated', 'Accept the terms of owner/repo.'), 'Accept the terms of owner/repo.');
  assert.equal(downloadErrorText('hf_gated', null), I.TABLES.en['downloadError.hf_gated']);
  I.setLanguage('fr');
  assert.equal(downloadErrorText('hf_gated', 'Accept the terms of owner/repo.'), I.TABLES.fr['downloadError.hf_gated']);
  assert.equal(downloadErrorText('something_new', 'As sent.'), 'As sent.');
  assert.equal(downloadErrorText(null, 'As sent.'), 'As sent.');
  I.setLanguage('en');
});

test('the Ollama page’s strings load with it, in every language, and stay out of the first load', async () => {
  assert.ok(firstLoadKeys.has('nav.ollama'), 'the nav link is in the first load');
  assert.ok(![...firstLoadKeys].some((key) => key.startsWith('ollama.')), 'ollama.* strings are in en.js');
  // So are the connections page's, the Jobs page's and the field errors' (they load with them).
  const { default: en } = await import('../shared/locales/en.js');
  for (const prefix of ['providers.', 'providerModal.', 'testError.', 'dashboard.', 'jobs.', 'jobState.', 'fe.', 'modal.', 'confirm.', 'hint.']) {
    assert.ok(!Object.keys(en).some((key) => key.startsWith(prefix)), `${prefix}* strings are in en.js`);
  }
  assert.equal(I.translate('fr', 'ollama.pull.button'), 'Télécharger');
  assert.equal(I.translate('en', 'ollama.pull.button'), 'Pull');
  await I.loadStrings('ollama');
  assert.equal(I.translate('en', 'ollama.pull.button'), 'Pull', 'loading twice changes nothing');
});
