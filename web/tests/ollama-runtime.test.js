// Issue 16 on the Ollama pages: Ollama's English said again in French (library dates, sizes,
// counts, capabilities, Ollama's sentences, a server's error detail), the eject watch against a
// fake API, loaded and installed marks, Up to date after an Update, and Retry of a failed pull.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as O from '../ollama/store.js';
import * as R from '../ollama/runtime.js';
import * as T from '../ollama/text.js';
import * as I from '../shared/i18n.js';
import * as G from '../governance/store.js';
import { createActions } from '../actions.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { base, list, pullJob, providers, serverDown, tag } from './ollama-fixtures.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
await I.loadStrings('ollama');
await I.loadStrings('governance');

const norm = (text) => text.replace(/[\u00a0\u202f]/g, ' ');

test('library text: relative dates, sizes and counts in French; English as it came', () => {
  assert.equal(norm(T.relativeAge('1 year ago', 'fr')), 'il y a 1 an');
  assert.equal(norm(T.relativeAge('10 months ago', 'fr')), 'il y a 10 mois');
  assert.equal(norm(T.relativeAge('2 weeks ago', 'fr')), 'il y a 2 semaines');
  assert.equal(norm(T.relativeAge('an hour ago', 'fr')), 'il y a 1 heure');
  assert.equal(T.relativeAge('yesterday', 'fr'), 'hier');
  assert.equal(T.relativeAge('1 year ago', 'en'), '1 year ago');
  assert.equal(T.relativeAge('Nov 1, 2024', 'fr'), 'Nov 1, 2024', 'what cannot be parsed stays');
  assert.equal(norm(T.sizeText('4.7GB', 'fr')), '4,7 Go');
  assert.equal(norm(T.sizeText('5MB', 'fr')), '5,0 Mo');
  assert.equal(T.sizeText('5MB', 'en'), '5MB');
  assert.equal(T.sizeText('7b', 'fr'), '7b', 'a parameter count is a tag, not bytes');
  assert.equal(norm(T.countText('42.1M', 'fr')), '42,1 M');
  assert.equal(norm(T.countText('128K', 'fr')), '128 k');
  assert.equal(norm(T.countText('1,234', 'fr')), '1,2 k');
  assert.equal(T.countText('42.1M', 'en'), '42.1M');
  assert.equal(T.countText('lots', 'fr'), 'lots');
});

test('capabilities and Ollama’s own sentences in the table’s words', () => {
  assert.equal(T.capabilityText('tools', 'fr'), 'outils');
  assert.equal(T.capabilityText('embedding', 'fr'), 'plongements');
  assert.equal(T.capabilityText('tools', 'en'), 'tools');
  assert.equal(T.capabilityText('telepathy', 'fr'), 'telepathy', 'an unknown capability keeps its name');
  assert.equal(T.ollamaSaid('Ollama: pull model manifest: file does not exist', 'fr'), I.translate('fr', 'ollama.said.manifestMissing'));
  assert.equal(T.ollamaSaid('pull model manifest: 500', 'fr'), I.translate('fr', 'ollama.said.manifestFailed'));
  assert.equal(T.ollamaSaid('something new', 'fr'), 'something new');
  assert.equal(T.ollamaSaid('pull model manifest: file does not exist', 'en'), 'pull model manifest: file does not exist');
});

test('a server’s error detail: English keeps the sentence; French says what it can parse', () => {
  assert.equal(T.errorDetail(serverDown(), 'en'), serverDown().message);
  assert.equal(norm(T.errorDetail(serverDown(), 'fr')), 'Rien ne répond à ollama.lan:11434 (connexion refusée).');
  assert.equal(T.errorDetail({ message: 'The Ollama server at http://x answered HTTP 500: boom. Check its log.' }, 'fr'), 'Il a répondu HTTP 500.');
  assert.equal(norm(T.errorDetail({ message: 'The host name "nope.lan" could not be resolved. Check…' }, 'fr')), 'Le nom d’hôte « nope.lan » est introuvable.');
  assert.equal(T.errorDetail({ message: 'Some sentence Hangar does not know.' }, 'fr'), '', 'nothing English is shown');
});

test('language: French unless an English variant comes first; the default test prompt follows it', () => {
  assert.equal(I.detectLanguage(['es-ES', 'de']), 'fr');
  assert.equal(I.detectLanguage(['es-ES', 'en']), 'en');
  assert.equal(I.detectLanguage(['en-CA', 'fr-CA']), 'en');
  assert.equal(I.detectLanguage(['fr-CA', 'en-CA']), 'fr');
  const hosted = { id: 'gpt', name: 'GPT', provider_id: 'openai', status: 'active' };
  assert.equal(G.openModelTest(S.initialState({ lang: 'fr' }), hosted).modelTest.prompt, 'Réponds en une courte phrase : es-tu là ?');
  assert.equal(G.openModelTest(S.initialState({ lang: 'en' }), hosted).modelTest.prompt, G.DEFAULT_PROMPT);
});

test('watchUntil: asks until gone, or until the window ends, on a fake clock', async () => {
  let clock = 0;
  const waits = [];
  const timing = { intervalMs: 1000, windowMs: 10000, now: () => clock, wait: async (ms) => { waits.push(ms); clock += ms; } };
  let asks = 0;
  assert.equal(await R.watchUntil(async () => ++asks === 3, timing), true);
  assert.deepEqual([asks, waits.length], [3, 2]);
  asks = 0;
  clock = 0;
  waits.length = 0;
  assert.equal(await R.watchUntil(async () => { asks += 1; return false; }, timing), false);
  assert.equal(asks, 11, 'asked at 0 s, then every second up to the 10 s window');
});

function setup(overrides) {
  const calls = [];
  const api = new Proxy({}, {
    get(target, key) {
      return async (...args) => {
        const name = key === 'request' ? `${args[0]} ${new URL(args[1], 'http://h').pathname.replace(/^\/api\/providers\/[^/]+\/ollama\//, '')}` : key;
        calls.push(name);
        if (overrides[name]) return overrides[name](...args);
        if (name === 'listProviders') return { items: providers };
        if (name === 'listJobs') return { items: [] };
        if (name === 'GET models') return list([tag('a:1')]);
        if (name === 'GET catalog') return { provider_id: 'ollama', models: [] };
        return null;
      };
    },
  });
  const store = S.createStore({ ...S.initialState({ route: 'ollama' }), session: 'authenticated' });
  return { store, actions: createActions({ store, api }), calls };
}

test('eject: the running list is asked again until the model is gone; the row says it waits', async () => {
  let answers = 0;
  const running = { name: 'a:1', size: 1, size_vram: 1, digest: 'd', expires_at: null };
  const seen = [];
  const env = setup({
    'POST eject': async () => ({ model: 'a:1', forced: false, verified: false, attempts: 1 }),
    'GET running': async () => ({ provider_id: 'ollama', models: ++answers <= 3 ? [running] : [] }),
  });
  const o = await env.actions.ollama();
  await o.loadRunning('ollama');
  answers = 0;
  Object.assign(R.EJECT_WATCH, { wait: async () => { seen.push(O.selectEject(env.store.getState(), 'ollama', 'a:1').waiting); } });
  assert.equal(R.selectLoaded(env.store.getState(), 'ollama', 'a:1'), true, 'loaded before the eject');
  await o.eject('ollama', 'a:1');
  assert.equal(env.calls.filter((name) => name === 'GET running').length, 1 + 4, 'asked until the fourth answer had it gone');
  assert.ok(seen.every(Boolean) && seen.length === 3, 'the row says it waits while watched');
  const state = env.store.getState();
  assert.deepEqual(O.selectServer(state, 'ollama').running.items, []);
  assert.equal(O.selectEject(state, 'ollama', 'a:1').stillLoaded, false);

  // Never gone within the window: the note offers Force eject.
  let clock = 0;
  Object.assign(R.EJECT_WATCH, { now: () => clock, wait: async (ms) => { clock += ms; } });
  const env2 = setup({
    'POST eject': async () => ({ model: 'a:1', forced: false, verified: false, attempts: 1 }),
    'GET running': async () => ({ provider_id: 'ollama', models: [running] }),
  });
  const o2 = await env2.actions.ollama();
  await o2.loadRunning('ollama');
  await o2.eject('ollama', 'a:1');
  assert.equal(env2.calls.filter((name) => name === 'GET running').length, 1 + 11);
  assert.deepEqual(O.selectEject(env2.store.getState(), 'ollama', 'a:1'), { busy: false, stillLoaded: true, waiting: false, error: null });
  assert.equal(R.selectLoaded(env2.store.getState(), 'ollama', 'a:1'), true);
  Object.assign(R.EJECT_WATCH, { now: () => Date.now(), wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
});

test('installed marks: a library model when any tag is installed, a variant for its own tag', () => {
  const state = O.sectionLoaded(O.sectionRequested(base(), 'ollama', 'models'), 'ollama', 'models', 1, list([tag('qwen2.5:0.5b'), tag('llama3.2:latest'), tag('me/tiny:v1')]));
  assert.equal(R.selectInstalled(state, 'ollama', 'qwen2.5'), true);
  assert.equal(R.selectInstalled(state, 'ollama', 'qwen2.5:0.5b'), true);
  assert.equal(R.selectInstalled(state, 'ollama', 'qwen2.5:1.5b'), false);
  assert.equal(R.selectInstalled(state, 'ollama', 'llama3.2'), true);
  assert.equal(R.selectInstalled(state, 'ollama', 'mistral'), false);
  assert.equal(R.selectInstalled(state, 'ollama', 'me/tiny'), true);
  assert.equal(R.selectInstalled(state, 'ollama', 'qwen'), false);
});

test('after an Update the badge says Up to date: the model now has the digest the check saw', async () => {
  const check = { status: 'update_available', reason: null, local_digest: 'a'.repeat(64), remote_digest: 'b'.repeat(64), checked_at: '2025-11-26T10:00:00Z' };
  let updated = false;
  const env = setup({ 'GET models': async () => list([updated ? tag('a:1', { digest: 'b'.repeat(64) }) : tag('a:1', { update: check })]) });
  const o = await env.actions.ollama();
  await o.loadModels('ollama');
  const model = () => O.selectServer(env.store.getState(), 'ollama').models.items[0];
  assert.equal(R.selectModelUpdate(env.store.getState(), 'ollama', model(), O.selectUpdate).status, 'update_available');
  env.store.dispatch(S.providersLoaded, providers);
  updated = true;
  await o.jobEnded(pullJob('p1', 'a:1', { state: 'succeeded' }));
  assert.equal(model().update, null, 'the server dropped the check made for the old digest');
  assert.equal(R.selectModelUpdate(env.store.getState(), 'ollama', model(), O.selectUpdate).status, 'up_to_date');
  assert.equal(R.selectModelUpdate(env.store.getState(), 'ollama', { ...model(), digest: 'c'.repeat(64) }, O.selectUpdate), null, 'another digest is not known');
});

test('an update check’s reason in French by its shape; English as the server said it', () => {
  const said = 'The registry does not know library/mine:v1 (a local or renamed model).';
  assert.equal(T.updateReason(said, 'en'), said);
  assert.equal(norm(T.updateReason(said, 'fr')), 'Le registre ne connaît pas library/mine:v1 (un modèle local ou renommé).');
  assert.equal(T.updateReason('The registry answered HTTP 503.', 'fr'), 'Le registre a répondu HTTP 503.');
  assert.equal(norm(T.updateReason('Nothing answers at reg.lan:443 (connection refused). Check…', 'fr')), 'Rien ne répond à reg.lan:443 (connexion refusée).');
  assert.equal(T.updateReason('A sentence nobody knows.', 'fr'), I.translate('fr', 'ollama.reason.generic'));
});
