// Ollama servers: the slice's updaters and selectors (ollama-store.js), name validation with
// the server's messages, and the actions (ollama-actions.js, through actions.ollama()) against
// a fake API.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as O from '../ollama/store.js';
import * as I from '../shared/i18n.js';
import { createActions } from '../actions.js';
import { ApiError, createApi } from '../shared/api.js';
import { createOllamaApi } from '../ollama/api.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';
import { ollamaProvider, providers, tag, list, pullJob, checkJob, base, serverDown } from './ollama-fixtures.js';

setMeta(META);

await I.loadLanguage('en');
await I.loadLanguage('fr');
await I.loadStrings('ollama');


// --- Names ----------------------------------------------------------------------------------

test('model names: the server’s rule from GET /api/meta, said in English and French', () => {
  for (const name of ['llama3.2', 'qwen2.5:0.5b', 'library/qwen2.5:latest', 'me/my-model:v1.2', 'registry.ollama.ai/library/llama3.2:latest',
    'localhost:5000/ns/model:tag', 'hf.co/bartowski/Llama-3.2-1B-GGUF:Q4_K_M', '_x', 'A_b-c.d']) {
    assert.equal(O.validateOllamaName(name), null, name);
  }
  assert.equal(O.validateOllamaName('').code, 'required');
  assert.deepEqual(O.validateOllamaName('x'.repeat(601)), { code: 'too_long', params: { max: 600 } });
  for (const name of ['a/b/c/d', 'llama3.2:', '/llama', 'ns/', 'm'.repeat(81), '-llama', 'llama 3', 'my.ns/model', 'model:v:1', 'modèle']) {
    const got = O.validateOllamaName(name);
    assert.equal(got && got.code, 'invalid_format', name);
    const en = I.describeFieldError(got, { field: 'model', lang: 'en' });
    const fr = I.describeFieldError(got, { field: 'model', lang: 'fr' });
    assert.match(en, /llama3\.2:1b/, name);
    assert.match(fr, /llama3\.2:1b/, name);
    assert.notEqual(en, fr);
  }
  assert.equal(O.canonicalName('Llama3.2'), 'llama3.2:latest');
  assert.equal(O.canonicalName('host:5000/ns/m'), 'host:5000/ns/m:latest');
  assert.ok(O.sameModel('qwen2.5', 'qwen2.5:latest'));
  assert.ok(!O.sameModel('qwen2.5:0.5b', 'qwen2.5'));
});

// --- Route ----------------------------------------------------------------------------------

test('route: #/ollama shows the only server, lets one of several be chosen, says when there is none', () => {
  let state = base();
  assert.deepEqual([O.selectOllamaView(state).kind, O.selectOllamaView(state).id], ['server', 'ollama']);
  state = S.providerAdded(state, ollamaProvider('gpu'));
  assert.equal(O.selectOllamaView(state).kind, 'choose');
  assert.equal(O.selectOllamaView(state).servers.length, 2);
  state = S.setRoute(state, 'ollama', 'gpu');
  assert.deepEqual([O.selectOllamaView(state).kind, O.selectOllamaView(state).id], ['server', 'gpu']);
  assert.equal(O.selectOllamaView(S.setRoute(state, 'ollama', 'mistral')).kind, 'missing', 'not an Ollama connection');
  assert.equal(O.selectOllamaView(S.providersLoaded(state, [providers[1]])).kind, 'missing');
  assert.equal(O.selectOllamaView(S.setRoute(S.providersLoaded(state, [providers[1]]), 'ollama')).kind, 'none');
  const loading = S.setRoute({ ...S.initialState(), session: 'authenticated' }, 'ollama', 'gpu');
  assert.equal(O.selectOllamaView(loading).kind, 'loading');
  assert.equal(S.setRoute(state, 'ollama', 'gpu'), state, 'same route: same state');
  assert.equal(S.setRoute(state, 'models', 'gpu').routeParam, 'gpu');
  assert.equal(S.setRoute(state, 'nowhere', 'gpu').routeParam, null);
  assert.equal(S.initialState({ route: 'ollama', routeParam: 'x' }).routeParam, 'x');
});

// --- Sections -------------------------------------------------------------------------------

test('sections: sorted by name, an older answer never replaces a newer one, errors kept per server', () => {
  let state = base();
  state = O.sectionRequested(state, 'ollama', 'models');
  const first = O.selectServer(state, 'ollama').models.seq;
  state = O.sectionRequested(state, 'ollama', 'models');
  const second = O.selectServer(state, 'ollama').models.seq;
  state = O.sectionLoaded(state, 'ollama', 'models', second, list([tag('qwen2.5:0.5b'), tag('Llama3.2:latest')], { cached: true }));
  const after = state;
  state = O.sectionLoaded(state, 'ollama', 'models', first, list([]));
  assert.equal(state, after, 'the stale answer is dropped');
  const models = O.selectServer(state, 'ollama').models;
  assert.deepEqual(models.items.map((m) => m.name), ['Llama3.2:latest', 'qwen2.5:0.5b']);
  assert.deepEqual([models.status, models.cached, models.fetchedAt], ['ready', true, '2025-11-26T10:00:00Z']);

  // Another server fails: this one is untouched; the failing one is "down" once.
  state = O.sectionRequested(state, 'gpu', 'models');
  state = O.sectionFailed(state, 'gpu', 'models', O.selectServer(state, 'gpu').models.seq, serverDown());
  assert.equal(O.selectServerDown(state, 'gpu').code, 'upstream_unreachable');
  assert.equal(O.selectServerDown(state, 'ollama'), null);
  assert.equal(O.selectServer(state, 'ollama').models.items.length, 2);
  // A catalog error is not the server being down.
  state = O.sectionFailed(O.sectionRequested(state, 'ollama', 'catalog'), 'ollama', 'catalog', 1, new ApiError({ status: 500, code: 'internal_error' }));
  assert.equal(O.selectServerDown(state, 'ollama'), null);
  // Deleted: gone at once, and the catalog says not installed.
  state = O.sectionLoaded(O.sectionRequested(state, 'ollama', 'catalog'), 'ollama', 'catalog', 2, { models: [
    { model_id: 'm1', name: 'Qwen', api_name: 'qwen2.5:0.5b', status: 'active', installed: true, installed_name: 'qwen2.5:0.5b' }] });
  state = O.ollamaModelRemoved(state, 'ollama', 'qwen2.5:0.5b');
  assert.deepEqual(O.selectServer(state, 'ollama').models.items.map((m) => m.name), ['Llama3.2:latest']);
  assert.equal(O.selectServer(state, 'ollama').catalog.items[0].installed, false);
  assert.equal(O.ollamaModelRemoved(state, 'ollama', 'nope'), state);
});

test('updaters never mutate their input', () => {
  let state = O.sectionLoaded(O.sectionRequested(base(), 'ollama', 'models'), 'ollama', 'models', 1, list([tag('a:1')]));
  state = O.sectionLoaded(O.sectionRequested(state, 'ollama', 'running'), 'ollama', 'running', 1, { models: [{ name: 'a:1', size: 1, size_vram: 1 }] });
  const frozen = JSON.stringify(state);
  O.setPullValue(state, 'ollama', 'x');
  O.pullAnswered(state, 'ollama', pullJob('p1', 'x'), { fromBox: true });
  O.ejectFinished(state, 'ollama', 'a:1', { verified: true, forced: true });
  O.ollamaModelRemoved(state, 'ollama', 'a:1');
  O.libraryLoaded(O.librarySearchStarted(state, 'ollama'), 'ollama', 1, { models: [] });
  O.openDeleteConfirm(O.openSheet(state, 'ollama', 'a:1'), 'ollama', 'a:1', 'Ollama');
  assert.equal(JSON.stringify(state), frozen);
});

// --- Pulls ----------------------------------------------------------------------------------

test('pulls: progress summed over layers, Ollama’s status in words, active pulls show after a reload', () => {
  let state = base();
  // After a reload: the running pull comes from GET /api/jobs; nothing is followed yet.
  state = S.activeJobsLoaded(state, [pullJob('p1', 'qwen2.5:0.5b'), pullJob('p9', 'x', { target: 'ollama:gpu:x' }), checkJob('c1')]);
  let pulls = O.selectPulls(state, 'ollama');
  assert.deepEqual(pulls.map((job) => job.id), ['p1'], 'only this server’s pulls');
  let view = O.selectPullView(state, 'ollama', pulls[0]);
  assert.deepEqual([view.name, view.percent, view.bytesDone, view.bytesTotal, view.speed, view.eta, view.active], ['qwen2.5:0.5b', 25, 100, 400, 50, 6, true]);
  assert.deepEqual(view.status, { key: 'ollama.status.layer', params: { digest: '6a0746a1ec1a' } });
  assert.equal(I.translate('fr', view.status.key, view.status.params), 'Téléchargement de la couche 6a0746a1ec1a…');
  assert.deepEqual(O.pullStatus('verifying sha256 digest'), { key: 'ollama.status.verifying', params: {} });
  assert.deepEqual(O.pullStatus('pulling manifest'), { key: 'ollama.status.manifest', params: {} });
  assert.deepEqual(O.pullStatus('something new'), { text: 'something new' });
  assert.equal(O.pullStatus(null), null);
  // Percent from the server when bytes are unknown (the manifest phase).
  view = O.selectJobView(pullJob('p2', 'y', { progress: { bytes_done: null, bytes_total: null, percent: 3, message: 'pulling manifest' } }));
  assert.equal(view.percent, 3);
  // Events: the bytes grow, then the pull ends; an ended pull that was not followed leaves the box.
  state = S.jobReceived(state, pullJob('p1', 'qwen2.5:0.5b', { progress: { bytes_done: 300, bytes_total: 400, message: 'pulling 6a0746a1ec1a' }, updated_at: '2025-11-26T10:00:03Z' }));
  assert.equal(O.selectPullView(state, 'ollama', O.selectPulls(state, 'ollama')[0]).percent, 75);
  assert.ok(O.selectActivePull(state, 'ollama', 'qwen2.5:0.5b'));
  state = S.jobReceived(state, pullJob('p1', 'qwen2.5:0.5b', { state: 'succeeded', progress: { bytes_done: 400, bytes_total: 400, message: 'success' }, updated_at: '2025-11-26T10:00:04Z' }));
  assert.deepEqual(O.selectPulls(state, 'ollama'), []);
  assert.equal(O.selectActivePull(state, 'ollama', 'qwen2.5:0.5b'), null);
  // A failed one keeps its error for the box, when followed.
  state = O.pullAnswered(state, 'ollama', pullJob('p3', 'nope', { state: 'queued' }));
  state = S.jobReceived(state, pullJob('p3', 'nope', { state: 'failed', error_code: 'pull_failed', error_message: 'pull model manifest: file does not exist', updated_at: '2025-11-26T10:00:09Z' }));
  view = O.selectPullView(state, 'ollama', O.selectPulls(state, 'ollama')[0]);
  assert.deepEqual([view.state, view.active, view.speed, view.status, view.error], ['failed', false, null, null, { code: 'pull_failed', message: 'pull model manifest: file does not exist' }]);
  state = O.dismissPull(state, 'ollama', 'p3');
  assert.deepEqual(O.selectPulls(state, 'ollama'), []);
  assert.equal(O.dismissPull(state, 'ollama', 'p3'), state);
});

test('pulls: the 202 answer read after the events that ended its job changes nothing', () => {
  let state = base();
  state = O.setPullValue(state, 'ollama', 'qwen2.5:0.5b');
  state = O.pullStarted(state, 'ollama');
  // The fast pull ran and ended (events) before the POST's answer was read.
  state = S.jobReceived(state, pullJob('p1', 'qwen2.5:0.5b', { state: 'running', updated_at: '2025-11-26T10:00:01Z' }));
  state = S.jobReceived(state, pullJob('p1', 'qwen2.5:0.5b', { state: 'succeeded', updated_at: '2025-11-26T10:00:02Z', progress: { bytes_done: 400, bytes_total: 400 } }));
  state = O.pullAnswered(state, 'ollama', pullJob('p1', 'qwen2.5:0.5b', { state: 'queued', updated_at: '2025-11-26T10:00:00Z', progress: {} }), { fromBox: true });
  assert.equal(S.selectJob(state, 'p1').state, 'succeeded', 'the newer event stands');
  const pull = O.selectServer(state, 'ollama').pull;
  assert.deepEqual([pull.value, pull.submitting, pull.follows], ['', false, ['p1']]);
  // Same timestamp: the ended copy wins over the active answer too.
  state = O.pullAnswered(state, 'ollama', pullJob('p1', 'qwen2.5:0.5b', { state: 'running', updated_at: '2025-11-26T10:00:02Z' }));
  assert.equal(S.selectJob(state, 'p1').state, 'succeeded');
  // The box follows five pulls at most, newest first.
  for (let i = 0; i < 7; i += 1) state = O.pullAnswered(state, 'ollama', pullJob(`q${i}`, `m${i}`));
  assert.deepEqual(O.selectServer(state, 'ollama').pull.follows, ['q6', 'q5', 'q4', 'q3', 'q2']);
});

test('pull box: typing clears the error; a refusal keeps what was typed', () => {
  let state = O.setPullValue(base(), 'ollama', 'bad name');
  state = O.pullRefused(state, 'ollama', O.validateOllamaName('bad name'));
  let pull = O.selectServer(state, 'ollama').pull;
  assert.equal(say(pull.error.fields.model, 'model'), 'Model name must look like llama3.2:1b.');
  assert.equal(pull.value, 'bad name');
  state = O.setPullValue(state, 'ollama', 'good');
  assert.equal(O.selectServer(state, 'ollama').pull.error, null);
  assert.equal(O.setPullValue(state, 'ollama', 'good'), state);
  state = O.pullRefused(O.pullStarted(state, 'ollama'), 'ollama', new ApiError({ status: 422, code: 'invalid_model_name', message: 'x', fields: { model: 'The tag part of the name is empty.' } }));
  pull = O.selectServer(state, 'ollama').pull;
  assert.deepEqual([pull.submitting, pull.error.code, pull.error.fields.model], [false, 'invalid_model_name', 'The tag part of the name is empty.']);
});

// --- Updates --------------------------------------------------------------------------------

test('update badges, the check job of a server, and the Update action', () => {
  const models = [
    tag('a:1', { update: { status: 'up_to_date', reason: null, local_digest: 'a', remote_digest: 'a', checked_at: '2025-11-26T10:00:00Z' } }),
    tag('b:1', { update: { status: 'update_available', reason: null, local_digest: 'a', remote_digest: 'b', checked_at: '2025-11-26T10:00:00Z' } }),
    tag('c:1', { update: { status: 'unknown', reason: 'The registry answered 404.', local_digest: 'a', remote_digest: null, checked_at: '2025-11-26T10:00:00Z' } }),
    tag('d:1'),
    tag('e:1', { update: { status: 'weird' } }),
  ];
  let state = O.sectionLoaded(O.sectionRequested(base(), 'ollama', 'models'), 'ollama', 'models', 1, list(models));
  const items = O.selectServer(state, 'ollama').models.items;
  assert.deepEqual(items.map((m) => O.selectUpdate(m) && O.selectUpdate(m).status), ['up_to_date', 'update_available', 'unknown', null, null]);
  assert.equal(O.selectUpdate(items[2]).reason, 'The registry answered 404.');
  assert.equal(O.selectUpdate(items[0]).reason, null);
  assert.deepEqual(O.selectUpdateCounts(state, 'ollama'), { up_to_date: 1, update_available: 1, unknown: 1 });
  assert.deepEqual(O.selectModelActions(state, 'ollama', items[0]), ['details', 'load', 'copy', 'delete']);
  assert.deepEqual(O.selectModelActions(state, 'ollama', items[1]), ['details', 'load', 'copy', 'update', 'delete']);
  // Its pull running: no Update (the badge says Pulling instead).
  state = S.jobReceived(state, pullJob('p1', 'b:1'));
  assert.ok(!O.selectModelActions(state, 'ollama', items[1]).includes('update'));

  assert.equal(O.selectCheckJob(state, 'ollama'), null);
  state = O.checkAnswered(state, checkJob('c1', { state: 'queued' }));
  state = O.checkAnswered(state, { ...checkJob('c9'), target: 'ollama:gpu' });
  assert.equal(O.selectCheckJob(state, 'ollama').id, 'c1');
  state = S.jobReceived(state, checkJob('c1', { state: 'succeeded', updated_at: '2025-11-26T10:01:00Z' }));
  assert.equal(O.selectCheckJob(state, 'ollama').state, 'succeeded');
  assert.equal(O.checkAnswered(state, null), state);
});

// --- Running models ---------------------------------------------------------------------------

test('eject: soft leaves the model with a note and Force eject; forced and verified removes it', () => {
  const running = (names) => ({ provider_id: 'ollama', models: names.map((name) => ({ name, size: 10, size_vram: 10, digest: 'd', expires_at: null })) });
  let state = O.sectionLoaded(O.sectionRequested(base(), 'ollama', 'running'), 'ollama', 'running', 1, running(['a:1', 'b:1']));
  state = O.ejectStarted(state, 'ollama', 'a:1', false);
  assert.equal(O.selectEject(state, 'ollama', 'a:1').busy, true);
  state = O.ejectFinished(state, 'ollama', 'a:1', { model: 'a:1', forced: false, verified: false, attempts: 1 });
  assert.deepEqual(O.selectEject(state, 'ollama', 'a:1'), { busy: false, stillLoaded: true, waiting: false, error: null });
  // The refreshed list still has it: the note stays; once gone, the note goes.
  state = O.sectionLoaded(O.sectionRequested(state, 'ollama', 'running'), 'ollama', 'running', 2, running(['a:1', 'b:1']));
  assert.equal(O.selectEject(state, 'ollama', 'a:1').stillLoaded, true);
  state = O.sectionLoaded(O.sectionRequested(state, 'ollama', 'running'), 'ollama', 'running', 3, running(['b:1']));
  assert.equal(O.selectEject(state, 'ollama', 'a:1').stillLoaded, false);
  // Forced: verified → gone at once.
  state = O.ejectFinished(O.ejectStarted(state, 'ollama', 'b:1', true), 'ollama', 'b:1', { model: 'b:1', forced: true, verified: true, attempts: 3 });
  assert.deepEqual(O.selectServer(state, 'ollama').running.items, []);
  assert.deepEqual(O.selectServer(state, 'ollama').ejects, {});
  // Refused (409 eject_incomplete): the error, no note.
  state = O.ejectFailed(O.ejectStarted(state, 'ollama', 'c:1', true), 'ollama', 'c:1', new ApiError({ status: 409, code: 'eject_incomplete', message: 'still loaded' }));
  assert.deepEqual([O.selectEject(state, 'ollama', 'c:1').stillLoaded, O.selectEject(state, 'ollama', 'c:1').error.code], [false, 'eject_incomplete']);
});

// --- Library --------------------------------------------------------------------------------

test('library: results, variants, and library_unavailable as its own state', () => {
  let state = O.setLibraryQuery(base(), 'ollama', ' qwen ');
  state = O.librarySearchStarted(state, 'ollama');
  const seq = O.selectServer(state, 'ollama').library.seq;
  assert.equal(O.selectServer(state, 'ollama').library.submitted, 'qwen');
  const model = { name: 'qwen2.5', description: 'Qwen', capabilities: ['tools'], sizes: ['0.5b', '7b'], pulls: '18.6M', tags: 133, updated: '10 months ago' };
  state = O.libraryLoaded(state, 'ollama', seq, { query: 'qwen', source: 'https://ollama.com', models: [model] });
  assert.equal(O.selectServer(state, 'ollama').library.status, 'ready');
  assert.equal(O.libraryLoaded(state, 'ollama', seq - 1, { models: [] }), state, 'a stale search is dropped');
  state = O.variantsRequested(state, 'ollama', 'qwen2.5');
  state = O.variantsLoaded(state, 'ollama', 'qwen2.5', { model: 'qwen2.5', source: 'x', variants: [{ name: 'qwen2.5:0.5b', tag: '0.5b', size: '398MB', context: '32K', updated: null }] });
  assert.deepEqual(O.selectServer(state, 'ollama').library.variants['qwen2.5'].items.map((v) => v.name), ['qwen2.5:0.5b']);
  state = O.variantsClosed(state, 'ollama', 'qwen2.5');
  assert.equal(O.selectServer(state, 'ollama').library.variants['qwen2.5'].open, false);
  assert.equal(O.variantsClosed(state, 'ollama', 'nope'), state);
  // The library is down: "unavailable", never an error of the server.
  state = O.librarySearchStarted(state, 'ollama');
  state = O.libraryFailed(state, 'ollama', seq + 1, new ApiError({ status: 502, code: 'library_unavailable', message: 'The library at https://ollama.com cannot be reached.' }));
  assert.equal(O.selectServer(state, 'ollama').library.status, 'unavailable');
  assert.equal(O.selectServerDown(state, 'ollama'), null);
  state = O.librarySearchStarted(state, 'ollama');
  state = O.libraryFailed(state, 'ollama', seq + 2, new ApiError({ status: 504, code: 'upstream_timeout' }));
  assert.equal(O.selectServer(state, 'ollama').library.status, 'error');
  state = O.variantsFailed(O.variantsRequested(state, 'ollama', 'm'), 'ollama', 'm', new ApiError({ status: 502, code: 'library_unavailable' }));
  assert.equal(O.selectServer(state, 'ollama').library.variants.m.status, 'unavailable');
});

// --- Overlays -------------------------------------------------------------------------------

test('overlays: details, the copy form’s rules, the sheet, and the delete confirmation', () => {
  let state = O.openDetails(base(), 'ollama', 'a:1');
  const seq = state.ollamaDialog.seq;
  assert.equal(S.selectTopOverlay(state), 'ollamaDialog');
  assert.equal(O.detailsLoaded(state, seq + 1, {}), state, 'another opening’s answer');
  state = O.detailsLoaded(state, seq, { name: 'a:1', capabilities: ['completion'] });
  assert.equal(state.ollamaDialog.status, 'ready');
  assert.equal(O.detailsFailed(S.closeOllamaDialog(state), seq, serverDown()).ollamaDialog, null);

  state = O.openCopy(state, 'ollama', 'a:1');
  state = O.setCopyDestination(state, 'bad name');
  assert.equal(state.ollamaDialog.error, null, 'no message before the first submit');
  state = O.copyValidated(state);
  assert.equal(say(state.ollamaDialog.error.fields.destination, 'destination'), 'New name must look like llama3.2:1b.');
  state = O.setCopyDestination(state, 'A:1');
  assert.equal(say(state.ollamaDialog.error.fields.destination, 'destination'), "Choose a name other than the source's.");
  assert.equal(I.describeFieldError(state.ollamaDialog.error.fields.destination, { field: 'destination', lang: 'fr' }), 'Le nouveau nom doit différer du nom d’origine.');
  state = O.copyValidated(O.setCopyDestination(state, 'a:backup'));
  assert.equal(state.ollamaDialog.error, null);
  state = O.copyStarted(state);
  assert.equal(state.ollamaDialog.busy, true);
  state = O.copyFailed(state, state.ollamaDialog.seq, new ApiError({ status: 404, code: 'ollama_model_not_found', message: 'gone' }));
  assert.deepEqual([state.ollamaDialog.busy, state.ollamaDialog.error.code], [false, 'ollama_model_not_found']);
  assert.equal(O.dialogDone(state, state.ollamaDialog.seq).ollamaDialog, null);

  state = O.openSheet(state, 'ollama', 'a:1');
  state = O.openDeleteConfirm(state, 'ollama', 'a:1', 'Ollama');
  assert.equal(state.ollamaDialog, null, 'the sheet closes');
  assert.deepEqual([state.confirm.kind, state.confirm.providerID, state.confirm.name, state.confirm.server], ['ollamaDelete', 'ollama', 'a:1', 'Ollama']);
  assert.equal(S.selectTopOverlay(state), 'confirm');
});
