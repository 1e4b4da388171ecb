// Issue 19, catalog sync, discovery: the Sync page's slice for a connection's proposal (the
// connections listed, the boxes and the apply body, late answers), its actions against a fake
// API (the exact requests, refusals), and its errors by code in both languages. The price sync,
// the dashboard's unpriced card, the deprecation warning and the settings: sync-prices.test.js.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as I from '../shared/i18n.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { discoverAnswer, listedModel, setup, syncConnections, syncServer } from './fixtures.js';
import * as Y from '../sync/store.js';
import * as X from '../sync/text.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
await Promise.all(['sync', 'unpriced', 'forms', 'models'].map((name) => I.loadStrings(name)));
I.setLanguage('en');

const proposed = () => {
  const s = Y.discoverRequested(syncConnections(), 'openai');
  return Y.discoverLoaded(s, Y.selectDiscover(s).seq, discoverAnswer('openai'));
};

// --- Discovery -------------------------------------------------------------------------------

test('discovery: every connection but the local one; the first enabled is chosen until one is picked', () => {
  let s = syncConnections();
  assert.deepEqual(Y.selectDiscoverable(s).map((p) => p.id), ['mistral', 'openai', 'lab']);
  assert.equal(Y.selectDiscoverProvider(s), 'openai', 'mistral is disabled');
  s = Y.chooseDiscoverProvider(s, 'mistral');
  assert.equal(Y.selectDiscoverProvider(s), 'mistral');
  s = Y.chooseDiscoverProvider(s, 'local');
  assert.equal(Y.selectDiscoverProvider(s), 'openai', 'the local connection is never listed');
});

test('discovery: a proposal, its boxes (none checked), select-all, and the apply body in the proposal’s order', () => {
  let s = proposed();
  const d = Y.selectDiscover(s);
  assert.equal(d.status, 'ready');
  assert.deepEqual(d.proposal.new.map((e) => e.api_name), ['gpt-4o-mini', 'my-finetune', 'gpt-5-nano']);
  assert.equal(Y.selectDiscoverApplyBody(s), null, 'nothing checked: nothing to send');
  assert.equal(Y.selectListChecked(s, 'new'), 'none');

  s = Y.setAddChecked(s, 'gpt-5-nano', true);
  s = Y.setAddChecked(s, 'gpt-4o-mini', true);
  assert.equal(Y.setAddChecked(s, 'not-listed', true), s, 'only listed entries');
  assert.equal(Y.setAddChecked(s, 'gpt-4o-mini', true), s, 'checking twice changes nothing');
  assert.equal(Y.selectListChecked(s, 'new'), 'some');
  assert.deepEqual(Y.selectDiscoverApplyBody(s), { add: ['gpt-4o-mini', 'gpt-5-nano'] }, 'the proposal’s order, not the clicks’');

  // A gone entry is sent by its model id.
  s = Y.setDeprecateChecked(s, 'openai-gpt-3.5-turbo', true);
  assert.deepEqual(Y.selectDiscoverApplyBody(s), { add: ['gpt-4o-mini', 'gpt-5-nano'], deprecate: ['openai-gpt-3.5-turbo'] });
  s = Y.setAddChecked(s, 'gpt-4o-mini', false);
  s = Y.setAddChecked(s, 'gpt-5-nano', false);
  assert.deepEqual(Y.selectDiscoverApplyBody(s), { deprecate: ['openai-gpt-3.5-turbo'] }, 'an empty list is left out');

  s = Y.setAllChecked(s, 'new', true);
  assert.equal(Y.selectListChecked(s, 'new'), 'all');
  assert.deepEqual(Y.selectDiscoverApplyBody(s).add, ['gpt-4o-mini', 'my-finetune', 'gpt-5-nano']);
  s = Y.setAllChecked(s, 'gone', false);
  s = Y.setAllChecked(s, 'new', false);
  assert.equal(Y.selectDiscoverApplyBody(s), null);
});

test('discovery: a late answer is dropped; another connection forgets the proposal', () => {
  let s = Y.discoverRequested(syncConnections(), 'openai');
  const first = Y.selectDiscover(s).seq;
  s = Y.discoverRequested(s, 'openai');
  assert.equal(Y.discoverLoaded(s, first, discoverAnswer()), s);
  assert.equal(Y.discoverFailed(s, first, { status: 502, code: 'timeout' }), s);
  s = Y.discoverLoaded(s, Y.selectDiscover(s).seq, discoverAnswer());
  s = Y.setAddChecked(s, 'my-finetune', true);
  s = Y.chooseDiscoverProvider(s, 'lab');
  assert.equal(Y.selectDiscover(s).proposal, null);
  assert.deepEqual(Y.selectDiscover(s).add, {});
  // An answer without lists reads as empty lists.
  s = Y.discoverRequested(s, 'lab');
  s = Y.discoverLoaded(s, Y.selectDiscover(s).seq, { provider_id: 'lab' });
  assert.deepEqual(Y.selectDiscover(s).proposal.new, []);
});

test('discovery: applied, the added join "present" with their ids, the deprecated leave "gone"', () => {
  let s = Y.setAllChecked(Y.setDeprecateChecked(proposed(), 'openai-gpt-3.5-turbo', true), 'new', true);
  s = Y.setAddChecked(s, 'my-finetune', false);
  s = Y.discoverApplyStarted(s);
  assert.equal(Y.selectDiscover(s).applying, true);
  s = Y.discoverApplied(s, Y.selectDiscover(s).seq, {
    added: [listedModel('openai-gpt-4o-mini', { api_name: 'gpt-4o-mini', name: 'gpt-4o-mini' }), listedModel('openai-gpt-5-nano', { api_name: 'gpt-5-nano', name: 'GPT-5 nano' })],
    deprecated: [listedModel('openai-gpt-3.5-turbo', { api_name: 'gpt-3.5-turbo', name: 'GPT-3.5 Turbo', status: 'deprecated' })],
  });
  const d = Y.selectDiscover(s);
  assert.equal(d.applying, false);
  assert.deepEqual(d.proposal.new.map((e) => e.api_name), ['my-finetune']);
  assert.deepEqual(d.proposal.gone, []);
  assert.deepEqual(d.proposal.present.map((e) => [e.api_name, e.model_id]), [['gpt-4o', 'openai-gpt-4o'], ['gpt-4o-mini', 'openai-gpt-4o-mini'], ['gpt-5-nano', 'openai-gpt-5-nano']]);
  assert.deepEqual(d.result.added.map((m) => m.name), ['gpt-4o-mini', 'GPT-5 nano']);
  assert.deepEqual(d.result.deprecated.map((m) => m.id), ['openai-gpt-3.5-turbo']);
  assert.equal(Y.selectDiscoverApplyBody(s), null, 'the boxes are cleared');
});

test('errors by code: a 502 is the connection’s, never this session’s; 16 MiB; not_applicable; client keys', () => {
  const upstream = { status: 502, code: 'unauthorized', message: 'The provider refused the key of “OpenAI”.' };
  assert.equal(X.syncErrorText(upstream, 'en'), upstream.message, 'English keeps the server’s sentence');
  assert.equal(X.syncErrorText(upstream, 'fr'), I.TABLES.fr['sync.upstream.unauthorized']);
  assert.notEqual(X.syncErrorText({ ...upstream, message: '' }, 'en'), I.TABLES.en['err.unauthorized']);
  assert.equal(X.syncErrorText({ status: 502, code: 'upstream_timeout', message: '' }, 'fr'), I.TABLES.fr['sync.upstream.timeout']);
  assert.equal(X.syncErrorText({ status: 502, code: 'something_new', message: '' }, 'fr'), I.TABLES.fr['sync.upstream.error']);
  assert.equal(X.syncErrorText({ status: 409, code: 'not_applicable', message: 'x' }, 'fr'), I.TABLES.fr['sync.err.not_applicable']);
  assert.match(X.syncErrorText({ status: 413, code: 'payload_too_large', message: '' }, 'en'), /16 MiB/);
  assert.equal(X.syncErrorText({ status: 404, code: 'provider_not_found', message: '' }, 'fr'), I.TABLES.fr['err.provider_not_found']);
  assert.equal(X.syncErrorText({ status: 0, code: 'client_validation', key: 'sync.prices.urlInvalid' }, 'fr'), I.TABLES.fr['sync.prices.urlInvalid']);
  // A refused apply names the entries it refused.
  const refused = { status: 422, code: 'validation_failed', fields: { 'add[1]': { code: 'duplicate', message: '' }, deprecate: 'At least one.' } };
  assert.deepEqual(X.applyFieldErrors(refused, { add: ['a', 'b'] }, 'en').map(([name]) => name), ['b', 'deprecate']);
});

// --- Actions ---------------------------------------------------------------------------------

test('actions: discover, check two new models, apply; the catalog learns them', async () => {
  const fake = syncServer();
  const { store, actions } = setup({ request: fake.request, listProviders: async () => ({ items: syncConnections().providers.items }) }, { session: 'authenticated', route: 'sync' });
  const sync = await actions.sync();
  await sync.loadPage();
  assert.equal(await sync.discover(), true);
  assert.deepEqual(fake.sent.at(-1), ['POST', '/api/providers/openai/discover', undefined]);
  store.dispatch(Y.setAddChecked, 'gpt-4o-mini', true);
  store.dispatch(Y.setAddChecked, 'my-finetune', true);
  assert.equal(await sync.applyDiscovery(), true);
  assert.deepEqual(fake.sent.at(-1), ['POST', '/api/providers/openai/discover/apply', { add: ['gpt-4o-mini', 'my-finetune'] }]);
  const d = Y.selectDiscover(store.getState());
  assert.deepEqual(d.result.added.map((m) => m.api_name), ['gpt-4o-mini', 'my-finetune']);
  assert.equal(store.getState().modelNames['openai-gpt-4o-mini'], 'gpt-4o-mini', 'the added models are known by name');
  assert.equal(await sync.applyDiscovery(), false, 'nothing checked any more');
});

test('actions: discovery refused (the local connection, an upstream failure) and an apply refused', async () => {
  const fake = syncServer({
    'POST /api/providers/openai/discover': () => { throw Object.assign(new Error('x'), { status: 502, code: 'refused', message: 'Nothing answers.', fields: {} }); },
    'POST /api/providers/openai/discover/apply': () => { throw Object.assign(new Error('x'), { status: 422, code: 'validation_failed', message: 'Bad.', fields: { 'add[0]': { code: 'duplicate' } } }); },
  });
  const { store, actions } = setup({ request: fake.request }, { ...syncConnections(), session: 'authenticated', route: 'sync' });
  const sync = await actions.sync();
  assert.equal(await sync.discover(), false);
  const d = Y.selectDiscover(store.getState());
  assert.equal(d.status, 'error');
  assert.equal(d.error.code, 'refused');
  assert.equal(store.getState().session, 'authenticated', 'an upstream failure never signs out');
  assert.equal(store.getState().online, true);
  // The proposal arrives another time; the apply is refused, the boxes stay for a retry.
  const seq = Y.selectDiscover(store.dispatch(Y.discoverRequested, 'openai')).seq;
  store.dispatch(Y.discoverLoaded, seq, discoverAnswer());
  store.dispatch(Y.setAddChecked, 'gpt-4o-mini', true);
  assert.equal(await sync.applyDiscovery(), false);
  assert.equal(Y.selectDiscover(store.getState()).applyError.code, 'validation_failed');
  assert.deepEqual(Y.selectDiscoverApplyBody(store.getState()), { add: ['gpt-4o-mini'] });
});
