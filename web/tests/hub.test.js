// The model form's Hub picker: its slice (searches and files by seq, the unreachable Hub),
// a choice's line (quantization, size, parts, a split with parts missing), what a chosen file
// writes into the form (name and API name only while empty), the API name's suggestion, the
// requests it sends (an edited model lends its token by model_id), and its strings.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as I from '../shared/i18n.js';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import * as H from '../models/hub-store.js';
import { formatBytes } from '../shared/format.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { ApiError } from '../shared/api.js';
import { listedModel, setup, withProviders } from './fixtures.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
I.setLanguage('en');
await Promise.all(['forms', 'models', 'hub'].map((name) => I.loadStrings(name)));
const norm = (text) => text.replace(/[\u00a0\u202f]/g, ' ');

const createLocal = () => F.setModalType(S.openCreateModal(withProviders()), 'local');

const SEARCH = {
  query: 'tiny', source: 'https://huggingface.co',
  models: [
    { repo: 'acme/Tiny-GGUF', downloads: 12345, likes: 3, gated: false, private: false, updated_at: null },
    { repo: 'acme/Gated-GGUF', downloads: 7, likes: 0, gated: true, private: false, updated_at: null },
  ],
};

const FILES = {
  repo: 'acme/Tiny-GGUF', revision: 'main', commit: 'c0ffee', source: 'https://huggingface.co',
  files: [
    { path: 'tiny-Q4_K_M.gguf', size: 4194304, sha256: 'a', quantization: 'Q4_K_M', part: null, parts: null },
    { path: 'tiny-Q8_0-00001-of-00002.gguf', size: 1000000, sha256: 'b', quantization: 'Q8_0', part: 1, parts: 2 },
    { path: 'tiny-Q8_0-00002-of-00002.gguf', size: 1000000, sha256: 'c', quantization: 'Q8_0', part: 2, parts: 2 },
    { path: 'big/big-F16-00001-of-00003.gguf', size: 5000, sha256: 'd', quantization: 'F16', part: 1, parts: 3 },
  ],
  choices: [
    { file: 'tiny-Q4_K_M.gguf', files: ['tiny-Q4_K_M.gguf'], quantization: 'Q4_K_M', size: 4194304, complete: true },
    { file: 'tiny-Q8_0-00001-of-00002.gguf', files: ['tiny-Q8_0-00001-of-00002.gguf', 'tiny-Q8_0-00002-of-00002.gguf'], quantization: 'Q8_0', size: 2000000, complete: true },
    { file: 'big/big-F16-00001-of-00003.gguf', files: ['big/big-F16-00001-of-00003.gguf'], quantization: 'F16', size: 5000, complete: false },
  ],
};

test('searches: the box is mirrored, a newer search wins, an unreachable Hub has its own status', () => {
  let s = H.openHub(createLocal());
  assert.equal(H.selectHub(s).open, true);
  assert.equal(H.openHub(s), s, 'opening twice changes nothing');
  s = H.setHubQuery(s, '  tiny  ');
  s = H.hubSearchStarted(s);
  const first = H.selectHub(s).search.seq;
  assert.equal(H.selectHub(s).search.submitted, 'tiny', 'the query is trimmed');
  assert.equal(H.selectHub(s).search.status, 'loading');
  s = H.hubSearchStarted(s);
  const second = H.selectHub(s).search.seq;
  assert.notEqual(first, second);
  assert.equal(H.hubSearchLoaded(s, first, SEARCH), s, 'an older answer is dropped');
  s = H.hubSearchLoaded(s, second, SEARCH);
  assert.equal(H.selectHub(s).search.status, 'ready');
  assert.deepEqual(H.selectHub(s).search.items.map((item) => item.repo), ['acme/Tiny-GGUF', 'acme/Gated-GGUF']);

  const down = H.hubSearchFailed(H.hubSearchStarted(s), H.selectHub(H.hubSearchStarted(s)).search.seq,
    new ApiError({ status: 502, code: 'hub_unavailable', message: 'The Hugging Face Hub at … is unavailable' }));
  assert.equal(H.selectHub(down).search.status, 'unavailable');
  assert.deepEqual(H.selectHub(down).search.items, []);
  const refused = H.hubSearchFailed(H.hubSearchStarted(s), H.selectHub(H.hubSearchStarted(s)).search.seq,
    new ApiError({ status: 422, code: 'validation_failed', message: 'Some fields are invalid (q)' }));
  assert.equal(H.selectHub(refused).search.status, 'error');
  assert.equal(H.selectHub(refused).search.error.message, 'Some fields are invalid (q)');

  // A query longer than the server takes is cut to 100 characters.
  assert.equal(H.searchText('x'.repeat(150)).length, 100);
  // Closing keeps the results (reopening shows them); closing the modal forgets everything.
  const closed = H.closeHub(s);
  assert.equal(H.selectHub(closed).open, false);
  assert.equal(H.selectHub(closed).search.items.length, 2);
  assert.equal(H.selectHub(S.closeModal(closed)), null);
});

test('files: a repository opens at a revision, Back returns to the results, stale answers are dropped', () => {
  let s = H.openHub(createLocal());
  s = H.hubFilesStarted(s, 'acme/Tiny-GGUF', 'main');
  const seq = H.selectHub(s).files.seq;
  assert.equal(H.selectHub(s).repo, 'acme/Tiny-GGUF');
  assert.equal(H.selectHub(s).files.status, 'loading');
  s = H.hubFilesLoaded(s, seq, FILES);
  assert.equal(H.selectHub(s).files.choices.length, 3);
  assert.equal(H.selectHub(s).files.revision, 'main');
  const back = H.hubBack(s);
  assert.equal(H.selectHub(back).repo, null);
  assert.equal(H.hubFilesLoaded(back, seq, FILES), back, 'the files of a repository left are dropped');
  const gated = H.hubFilesFailed(H.hubFilesStarted(s, 'acme/Gated-GGUF', 'main'), H.selectHub(H.hubFilesStarted(s, 'acme/Gated-GGUF', 'main')).files.seq,
    new ApiError({ status: 403, code: 'hf_gated', message: 'gated' }));
  assert.equal(H.selectHub(gated).files.status, 'error');
  assert.equal(H.selectHub(gated).files.error.code, 'hf_gated');
});

test('a choice says its quantization, size and parts; a split with parts missing says how many are there', () => {
  const [single, split, broken] = FILES.choices.map((choice) => H.describeChoice(choice, FILES.files));
  assert.deepEqual(single, { label: 'Q4_K_M', size: 4194304, parts: 1, found: 1, complete: true });
  assert.deepEqual(split, { label: 'Q8_0', size: 2000000, parts: 2, found: 2, complete: true });
  assert.deepEqual(broken, { label: 'F16', size: 5000, parts: 3, found: 1, complete: false });
  // No quantization in the name: the file's name, without the split suffix, says what it is.
  assert.equal(H.describeChoice({ file: 'dir/model-00001-of-00002.gguf', files: ['dir/model-00001-of-00002.gguf', 'dir/model-00002-of-00002.gguf'], quantization: null, size: 1, complete: true }).label, 'model');
  // The words and sizes, in both languages.
  assert.equal(norm(formatBytes(single.size, 'en')), '4.2 MB');
  assert.equal(norm(formatBytes(single.size, 'fr')), '4,2 Mo');
  assert.equal(I.translate('en', 'hub.parts', { count: 2 }), '2 parts');
  assert.equal(I.translate('fr', 'hub.parts', { count: 2 }), '2 parties');
  assert.match(I.translate('en', 'hub.incomplete', { found: 1, parts: 3 }), /1 of 3/);
  assert.match(I.translate('fr', 'hub.incomplete', { found: 1, parts: 3 }), /1 sur 3/);
  assert.equal(norm(I.translate('fr', 'hub.downloads', { count: I.formatNumber(12345, 'fr') })), 'Téléchargements : 12 345');
});

test('names a chosen file suggests: the repository without -GGUF, with its quantization; the API name without spaces', () => {
  assert.deepEqual(H.suggestNames('bartowski/Qwen2.5-0.5B-Instruct-GGUF', 'Q4_K_M', 'Qwen2.5-0.5B-Instruct-Q4_K_M.gguf'),
    { name: 'Qwen2.5-0.5B-Instruct Q4_K_M', api_name: 'qwen2.5-0.5b-instruct-q4_k_m' });
  assert.deepEqual(H.suggestNames('acme/tiny_gguf', null, 'tiny.gguf'), { name: 'tiny', api_name: 'tiny' });
  assert.deepEqual(H.suggestNames('acme/Model-Q8_0-GGUF', 'Q8_0', 'model-q8_0.gguf'), { name: 'Model-Q8_0', api_name: 'model-q8_0' },
    'a repository named after its quantization does not say it twice');
  assert.deepEqual(H.suggestNames('acme/My Model (v2)-GGUF', 'IQ2_XS', 'm.gguf').api_name, 'my-model-v2-iq2_xs');
  const long = H.suggestNames(`acme/${'A'.repeat(90)}`, 'Q4_0', 'a.gguf');
  assert.equal(long.name.length, 64, 'the name rule\'s length');
  assert.equal(long.api_name, `${'a'.repeat(90)}-q4_0`);
});

test('a chosen file fills the repository, revision and file, and the names only while they are empty', () => {
  const pick = { repo: 'acme/Tiny-GGUF', revision: 'main', file: 'tiny-Q4_K_M.gguf', quantization: 'Q4_K_M' };
  assert.deepEqual(H.pickValues({ name: '', api_name: ' ' }, pick),
    { name: 'Tiny Q4_K_M', api_name: 'tiny-q4_k_m', hf_repo: 'acme/Tiny-GGUF', hf_revision: 'main', model_file: 'tiny-Q4_K_M.gguf' });
  assert.deepEqual(H.pickValues({ name: 'Mine', api_name: 'mine' }, { ...pick, revision: 'v2' }),
    { hf_repo: 'acme/Tiny-GGUF', hf_revision: 'v2', model_file: 'tiny-Q4_K_M.gguf' }, 'what the admin typed stays');

  // Through the form's own updaters (what modal.js dispatches for each field): the local
  // form's required fields are then satisfied and the body carries them.
  let s = H.openHub(F.validateModal(createLocal()));
  assert.ok(s.modal.errors.hf_repo && s.modal.errors.model_file, 'the empty form wants a repository and a file');
  s = H.hubPicked(s, pick);
  for (const [field, value] of Object.entries(H.pickValues(s.modal.values, pick))) s = F.touchModalField(F.setModalValue(s, field, value), field);
  assert.deepEqual(s.modal.errors, {});
  assert.equal(H.selectHub(s).open, false, 'the panel closes');
  const body = F.selectModalPayload(s);
  assert.equal(body.hf_repo, 'acme/Tiny-GGUF');
  assert.equal(body.model_file, 'tiny-Q4_K_M.gguf');
  assert.equal(body.api_name, 'tiny-q4_k_m');
  // The API name's suggestion (the same <datalist> the hosted form's connection test fills).
  assert.deepEqual(F.selectAPINameSuggestions(s), ['tiny-q4_k_m']);
  assert.deepEqual(F.selectAPINameSuggestions(createLocal()), [], 'nothing before a file is chosen');
  assert.ok(I.translate('en', 'hint.localApiNameSuggested').includes('Hub'));
});

test('the requests: search with a limit, files at the form\'s revision; an edited model lends its token by model_id', async () => {
  let { store, actions, calls } = setup({ request: (method, path) => (path.startsWith('/api/hub/search') ? SEARCH : FILES) }, withProviders());
  store.dispatch(S.openCreateModal);
  store.dispatch(F.setModalType, 'local');
  store.dispatch(F.setModalValue, 'hf_revision', '');
  store.dispatch(H.openHub);
  store.dispatch(H.setHubQuery, 'qwen 2.5');
  const hub = await actions.hub();
  await hub.search();
  await hub.openRepo('acme/Tiny-GGUF');
  assert.deepEqual(calls.map((call) => call.slice(0, 3)), [
    ['request', 'GET', '/api/hub/search?q=qwen%202.5&limit=20'],
    ['request', 'GET', '/api/hub/files?repo=acme%2FTiny-GGUF&revision=main'],
  ]);
  assert.equal(H.selectHub(store.getState()).files.choices.length, 3);

  ({ store, actions, calls } = setup({ request: () => { throw new ApiError({ status: 502, code: 'hub_unavailable', message: 'down' }); } }, withProviders()));
  store.dispatch(S.openEditModal, listedModel('l1', { kind: 'local', provider_id: 'local', hf_repo: 'o/r', hf_revision: 'v1', model_file: 'f.gguf' }));
  store.dispatch(H.openHub);
  const edit = await actions.hub();
  await edit.search();
  await edit.openRepo('o/r');
  assert.deepEqual(calls.map((call) => call[2]), ['/api/hub/search?limit=20&model_id=l1', '/api/hub/files?repo=o%2Fr&revision=v1&model_id=l1']);
  assert.equal(H.selectHub(store.getState()).files.status, 'unavailable');
  assert.equal(store.getState().online, true, 'an unreachable Hub is not an unreachable Hangar');
});

test('the picker speaks both languages: the unreachable Hub, the button, the Hub\'s refusals', () => {
  assert.equal(I.translate('en', 'hub.unavailable'), 'The Hub cannot be reached right now. Enter the repository and file by hand.');
  assert.match(I.translate('fr', 'hub.unavailable'), /^Le Hub est injoignable/);
  assert.equal(I.translate('en', 'hub.browse'), 'Browse the Hub');
  assert.equal(I.translate('fr', 'hub.browse'), 'Parcourir le Hub');
  assert.match(I.translate('en', 'hub.empty', { query: 'zzz' }), /No GGUF model matches “zzz”/);
  for (const code of ['hf_not_found', 'hf_unauthorized', 'hf_gated']) assert.notEqual(I.translate('fr', `hub.error.${code}`), `hub.error.${code}`);
});
