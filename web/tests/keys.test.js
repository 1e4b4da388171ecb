// The Keys page: its slice (list, dialog, budget, state), the form's checks and bodies, the
// actions against a fake API (create → the secret once, server field errors, edit, revoke),
// the Connect snippets, the usage by key, and the keys strings in both languages.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFiles, web } from './files.js';
import * as I from '../shared/i18n.js';
import * as S from '../store.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { setup, http } from './fixtures.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
await Promise.all(['keys', 'connect', 'governance', 'usage', 'dashboard', 'forms', 'models'].map((name) => I.loadStrings(name)));
const K = await import('../keys/store.js');
const F = await import('../keys/form.js');
const C = await import('../keys/connect.js');
const P = await import('../keys/page.js');
const U = await import('../governance/usage-model.js');
const norm = (text) => text.replace(/[\u00a0\u202f]/g, ' ');

const key = (id, extra = {}) => ({
  id, name: `Key ${id}`, prefix: `hk_${id}abcd`, models: null, scopes: ['inference', 'catalog:read'], rpm_limit: null, tpm_limit: null,
  max_parallel: null, budget_usd: null, budget_period: null, expires_at: null, revoked_at: null, last_used_at: null,
  created_at: '2026-12-01T10:00:00Z', updated_at: '2026-12-01T10:00:00Z', ...extra,
});

test('the list: an older answer never replaces a newer one; a saved key replaces its copy, a new one comes first, never with its secret', () => {
  let s = S.initialState();
  s = K.keysRequested(s);
  const first = K.selectKeys(s).seq;
  s = K.keysRequested(s);
  assert.equal(K.keysLoaded(s, first, [key('a')]), s, 'a stale answer is dropped');
  s = K.keysLoaded(s, K.selectKeys(s).seq, [key('a'), key('b')]);
  assert.deepEqual(K.selectKeys(s).items.map((k) => k.id), ['a', 'b']);
  s = K.keyReceived(s, { ...key('c'), secret: 'hk_secret' });
  assert.deepEqual(K.selectKeys(s).items.map((k) => k.id), ['c', 'a', 'b']);
  assert.ok(!('secret' in K.selectKey(s, 'c')), 'the secret stays out of the list');
  s = K.keyReceived(s, key('a', { revoked_at: '2026-12-02T00:00:00Z' }));
  assert.equal(K.selectKey(s, 'a').revoked_at, '2026-12-02T00:00:00Z');
  assert.equal(K.selectKeys(s).items.length, 3);
  assert.deepEqual(K.selectKeyList(s).map((k) => k.id), ['c', 'b', 'a'], 'revoked keys come last');
});

test('a key is active, expired or revoked; its spend counts 0 when the server sends none', () => {
  const now = Date.parse('2026-12-07T00:00:00Z');
  assert.equal(K.keyState(key('a'), now), 'active');
  assert.equal(K.keyState(key('a', { expires_at: '2026-12-06T00:00:00Z' }), now), 'expired');
  assert.equal(K.keyState(key('a', { expires_at: '2026-12-06T00:00:00Z', revoked_at: '2026-12-01T00:00:00Z' }), now), 'revoked');
  assert.deepEqual(K.budgetOf(key('a', { budget_usd: 10, budget_period: 'month' })),
    { spent: 0, budget: 10, period: 'month', endsAt: null, percent: 0, level: 'ok' });
  const warn = K.budgetOf(key('a', { budget_usd: 10, budget_period: 'day', spent_usd: 8.5, period_ends_at: '2026-12-08T00:00:00Z' }));
  assert.equal(warn.level, 'warn');
  assert.equal(warn.percent, 85);
  assert.equal(warn.endsAt, '2026-12-08T00:00:00Z');
  assert.equal(K.budgetOf(key('a', { budget_usd: 10, budget_period: 'total', spent_usd: 12 })).level, 'over');
  assert.equal(K.budgetOf(key('a', { budget_usd: 10, budget_period: 'total', spent_usd: 12 })).percent, 100, 'the bar stops at full');
  assert.equal(K.budgetOf(key('a', { budget_usd: 0, budget_period: 'day' })).level, 'ok', 'a zero budget with nothing spent');
  assert.equal(K.budgetOf(key('a', { spent_usd: 3 })).budget, null);
});

test('what a card says: spend against the budget and its reset, limits, models, in both languages', () => {
  I.setLanguage('en');
  assert.equal(P.spendText(key('a', { budget_usd: 5, budget_period: 'month', spent_usd: 1.2 })), '$1.20 of $5.00 this month (UTC)');
  assert.match(P.spendText(key('a', { budget_usd: 5, budget_period: 'day', spent_usd: 0.0000028, period_ends_at: '2026-12-08T00:00:00Z' })),
    /^\$0\.0000028 of \$5\.00 today \(UTC\) · resets 12\/0[78]\/2026/);
  assert.equal(P.spendText(key('a')), '$0.00 spent, no budget', 'no spent_usd yet: nothing spent');
  assert.equal(P.limitsText(key('a', { rpm_limit: 60, tpm_limit: 100000, max_parallel: 4 })), '60 requests/min · 100,000 tokens/min · 4 at once');
  assert.equal(P.limitsText(key('a')), null);
  let s = K.modelsLoaded(S.initialState(), [{ id: 'm1', name: 'Mistral Small', provider_id: 'mistral', status: 'active' }]);
  assert.equal(P.modelsText(s, key('a')), 'All active models');
  assert.equal(P.modelsText(s, key('a', { models: ['m1', 'gone'] })), '2: Mistral Small, gone');
  I.setLanguage('fr');
  assert.equal(norm(P.spendText(key('a', { budget_usd: 5, budget_period: 'total', spent_usd: 1234.5 }))), '1 234,50 $US sur 5,00 $US au total');
  assert.equal(norm(P.limitsText(key('a', { rpm_limit: 1200 }))), '1 200 requêtes/min');
  s = K.modelsLoaded(s, []);
  assert.equal(P.modelsText(s, key('a')), 'Tous les modèles actifs');
  I.setLanguage('en');
});

test('the form checks the server’s rules: name, limits, budget with its period, scopes, models, expiry', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const values = { ...F.emptyValues(), name: 'Runs' };
  assert.deepEqual(F.checkKeyForm(values, { now }), {});
  const bad = F.checkKeyForm({ ...values, name: '  ', rpm_limit: '0', max_parallel: '1001', budget_usd: '5', scopes: [], allModels: false,
    expires_at: '2026-12-01' }, { now });
  assert.deepEqual(Object.keys(bad).sort(), ['budget_period', 'expires_at', 'max_parallel', 'models', 'name', 'rpm_limit', 'scopes']);
  assert.equal(bad.rpm_limit.code, 'too_small');
  assert.equal(bad.max_parallel.code, 'too_large');
  assert.equal(I.describeFieldError(bad.budget_period, { field: 'budget_period', lang: 'fr' }), 'Choisissez la période du budget.');
  assert.equal(F.checkKeyForm({ ...values, budget_period: 'day' }, { now }).budget_usd.key, 'keys.error.budgetNeeded');
  assert.equal(F.checkKeyForm({ ...values, budget_usd: '1.1234567', budget_period: 'day' }, { now }).budget_usd.code, 'too_many_decimals');
  assert.equal(F.checkKeyForm({ ...values, budget_usd: '-1', budget_period: 'day' }, { now }).budget_usd.code, 'too_small');
  assert.deepEqual(F.checkKeyForm({ ...values, budget_usd: '2,5', budget_period: 'day' }, { now, lang: 'fr' }), {});
  // An expiry that has passed is kept as it is when editing (only a new date is checked).
  const original = key('a', { expires_at: '2026-12-01T00:00:00Z' });
  assert.deepEqual(F.checkKeyForm(F.valuesOfKey(original), { now, original }), {});
});

test('the bodies: POST sends what was filled in; PATCH only what changed, null to clear, the budget with its period', () => {
  const created = F.createBody({ ...F.emptyValues(), name: ' Runs ', rpm_limit: '1,000', budget_usd: '2.5', budget_period: 'month', scopes: ['catalog:read', 'inference'],
    allModels: false, models: ['m1'], expires_at: '2027-01-31' });
  assert.deepEqual({ ...created, expires_at: undefined }, { name: 'Runs', scopes: ['inference', 'catalog:read'], models: ['m1'], rpm_limit: 1000,
    budget_usd: 2.5, budget_period: 'month', expires_at: undefined });
  assert.equal(Date.parse(created.expires_at), new Date(2027, 0, 31).getTime(), 'the start of that day, local time');
  assert.deepEqual(F.createBody({ ...F.emptyValues(), name: 'All' }), { name: 'All', scopes: ['inference', 'catalog:read'] });

  const original = key('a', { rpm_limit: 60, budget_usd: 5, budget_period: 'month', models: ['m1', 'm2'] });
  const same = F.valuesOfKey(original);
  assert.deepEqual(F.patchBody(original, same), {});
  assert.deepEqual(F.patchBody(original, { ...same, models: ['m2', 'm1'] }), {}, 'the order of models is no change');
  assert.deepEqual(F.patchBody(original, { ...same, rpm_limit: '', tpm_limit: '500' }), { rpm_limit: null, tpm_limit: 500 });
  assert.deepEqual(F.patchBody(original, { ...same, budget_period: 'day' }), { budget_usd: 5, budget_period: 'day' });
  assert.deepEqual(F.patchBody(original, { ...same, budget_usd: '', budget_period: '' }), { budget_usd: null, budget_period: null });
  assert.deepEqual(F.patchBody(original, { ...same, allModels: true }), { models: null });
  assert.deepEqual(F.patchBody(original, { ...same, scopes: ['inference'], name: 'New' }), { name: 'New', scopes: ['inference'] });
  assert.deepEqual(Object.keys(F.patchBody(original, { ...same, expires_at: '2027-03-01' })), ['expires_at']);
});

// A fake of api.request for the keys routes; records every call.
function keysApi({ fail = {} } = {}) {
  const keys = [key('a', { rpm_limit: 60 })];
  const sent = [];
  const request = async (method, path, body) => {
    sent.push([method, path, body]);
    const route = `${method} ${path.split('?')[0]}`;
    if (fail[route]) fail[route]();
    if (route === 'GET /api/keys') return { items: keys };
    if (route === 'GET /api/models') return { items: [{ id: 'm1', name: 'Mistral Small', provider_id: 'mistral', status: 'active' }] };
    if (route === 'POST /api/keys') return { ...key('new', body), secret: 'hk_0123456789abcdefghijklmnopqrstuv' };
    if (method === 'PATCH') return { ...keys[0], ...body };
    if (method === 'DELETE') return { ...keys[0], revoked_at: '2026-12-07T00:00:00Z' };
    throw new Error(`unexpected ${route}`);
  };
  return { request, sent };
}

test('actions: load, create shows the secret once (never in the list), server field errors go under their fields', async () => {
  const fake = keysApi({ fail: {} });
  const { store, actions } = setup({ request: fake.request });
  const k = await actions.keys();
  await k.loadPage();
  assert.deepEqual(K.selectKeys(store.getState()).items.map((x) => x.id), ['a']);
  assert.equal(K.selectKeys(store.getState()).models.items.length, 1);
  k.openCreate();
  assert.equal(await k.saveKey(), false, 'an empty name is refused before sending');
  assert.equal(store.getState().keyDialog.errors.name.code, 'required');
  store.dispatch(F.setKeyValue, 'name', 'Runs');
  store.dispatch(F.setKeyValue, 'max_parallel', '3');
  assert.equal(await k.saveKey(), true);
  assert.deepEqual(fake.sent.find(([m]) => m === 'POST'), ['POST', '/api/keys', { name: 'Runs', scopes: ['inference', 'catalog:read'], max_parallel: 3 }]);
  const dialog = store.getState().keyDialog;
  assert.equal(dialog.kind, 'secret');
  assert.equal(K.selectShownSecret(store.getState()), 'hk_0123456789abcdefghijklmnopqrstuv');
  assert.ok(!JSON.stringify(K.selectKeys(store.getState()).items).includes('hk_0123456789'), 'the list never holds the secret');
  k.closeDialog();
  assert.equal(K.selectShownSecret(store.getState()), null, 'closed: the secret is forgotten');
  assert.ok(!JSON.stringify(store.getState()).includes('hk_0123456789'));

  const refused = keysApi({ fail: { 'POST /api/keys': http(422, 'validation_failed', { name: { code: 'too_long', message: 'Name is too long.', params: { max: 64 } }, other: 'x' }) } });
  const second = setup({ request: refused.request });
  const k2 = await second.actions.keys();
  k2.openCreate();
  second.store.dispatch(F.setKeyValue, 'name', 'Runs');
  assert.equal(await k2.saveKey(), false);
  const d = second.store.getState().keyDialog;
  assert.equal(d.errors.name.code, 'too_long');
  assert.deepEqual(Object.keys(d.error.unplaced), ['other']);
  assert.equal(d.saving, false);
});

test('actions: edit sends only the change; revoke asks first, then marks the key revoked', async () => {
  const fake = keysApi();
  const { store, actions } = setup({ request: fake.request });
  const k = await actions.keys();
  await k.loadKeys();
  k.openEdit('a');
  store.dispatch(F.setKeyValue, 'rpm_limit', '');
  store.dispatch(F.setKeyValue, 'tpm_limit', '2000');
  assert.equal(await k.saveKey(), true);
  assert.deepEqual(fake.sent.find(([m]) => m === 'PATCH'), ['PATCH', '/api/keys/a', { rpm_limit: null, tpm_limit: 2000 }]);
  assert.equal(store.getState().keyDialog, null);
  assert.equal(K.selectKey(store.getState(), 'a').tpm_limit, 2000);
  k.openRevoke('a');
  assert.equal(store.getState().keyDialog.kind, 'revoke');
  assert.equal(S.selectTopOverlay(store.getState()), 'keyDialog', 'Escape closes it');
  assert.equal(await k.revoke(), true);
  assert.deepEqual(fake.sent.at(-1), ['DELETE', '/api/keys/a', undefined]);
  assert.equal(K.keyState(K.selectKey(store.getState(), 'a')), 'revoked');
  assert.equal(store.getState().keyDialog, null);
});

test('Connect an application: curl and both SDKs against <origin>/v1, with the secret or the placeholder', () => {
  const shown = C.snippets('https://hangar.example:8080', 'hk_abc');
  assert.equal(shown.base, 'https://hangar.example:8080/v1');
  assert.match(shown.curl, /^curl https:\/\/hangar\.example:8080\/v1\/chat\/completions \\\n {2}-H "Authorization: Bearer hk_abc"/);
  assert.match(shown.python, /OpenAI\(base_url="https:\/\/hangar\.example:8080\/v1", api_key="hk_abc"\)/);
  assert.match(shown.javascript, /new OpenAI\(\{ baseURL: "https:\/\/hangar\.example:8080\/v1", apiKey: "hk_abc" \}\)/);
  for (const kind of C.SNIPPET_KINDS) assert.ok(C.snippets('http://h').curl && C.snippets('http://h')[kind].includes('hk_…'), kind);
  assert.ok(JSON.parse(shown.curl.split("-d '")[1].slice(0, -1)).messages, 'the curl body is JSON');
});

test('usage by key: one row per key, busiest first; an unpriced cost is unknown, never $0; nothing without keys', () => {
  assert.deepEqual(U.usageByKey({ days: [] }, 'en'), []);
  const rows = U.usageByKey({ keys: [
    { key_id: 'k1', key_name: 'Probes', key_prefix: 'hk_aaa', totals: { calls: 2, input_tokens: 10, output_tokens: 5, cost_usd: null, unpriced_calls: 2 } },
    { key_id: 'k2', key_name: 'Runs', key_prefix: 'hk_bbb', totals: { calls: 5, input_tokens: 1200, output_tokens: 300, cost_usd: 0.0031, unpriced_calls: 1 } },
  ] }, 'en');
  assert.deepEqual(rows.map((r) => r.id), ['k2', 'k1']);
  assert.deepEqual(Object.fromEntries(rows[1].parts), { 'usage-key-calls': 'Calls: 2', 'usage-key-tokens': 'Tokens: 10 in, 5 out', 'usage-key-cost': 'Cost: unknown' });
  assert.equal(rows[1].unknown, true);
  assert.equal(Object.fromEntries(rows[0].parts)['usage-key-cost'], 'Cost: $0.0031, partial (1 unpriced)');
  const fr = U.usageByKey({ keys: [{ key_id: 'k1', key_name: 'Sondes', totals: { calls: 1, cost_usd: null } }] }, 'fr');
  assert.equal(Object.fromEntries(fr[0].parts)['usage-key-cost'], 'Coût : inconnu');
});

test('keys strings: the same keys and placeholders in English and French, every key used exists, French translated', async () => {
  const en = (await import('../keys/strings.en.js')).default;
  const fr = (await import('../keys/strings.fr.js')).default;
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const name of Object.keys(en)) assert.deepEqual(placeholders(fr[name]), placeholders(en[name]), name);
  const same = Object.keys(en).filter((name) => en[name] === fr[name]);
  assert.deepEqual(same, ['keys.state.active', 'field.budget_usd'], 'identical only where both languages say the same');
  const missing = [];
  for (const file of sourceFiles().filter((f) => f.startsWith('keys/') && !f.includes('strings.'))) {
    for (const match of readFileSync(join(web, file), 'utf8').matchAll(/'((?:keys|usage|common|action|offline|dashboard|toast)\.[a-zA-Z_.:-]+)'/g)) {
      if (!(match[1] in I.TABLES.en) || !(match[1] in I.TABLES.fr)) missing.push(`${file}: ${match[1]}`);
    }
  }
  for (const prefix of ['keys.state.', 'keys.period.', 'keys.spentOf.']) {
    for (const value of { 'keys.state.': ['active', 'expired', 'revoked'], 'keys.period.': [...F.PERIODS, 'none'], 'keys.spentOf.': F.PERIODS }[prefix]) {
      if (!(`${prefix}${value}` in en)) missing.push(`${prefix}${value}`);
    }
  }
  for (const scope of F.SCOPES) for (const name of [`keys.scope.${scope}`, `keys.scopeHint.${scope}`]) if (!(name in en)) missing.push(name);
  const connect = (await import('../keys/connect-strings.en.js')).default;
  for (const kind of C.SNIPPET_KINDS) if (!(`keys.connect.${kind}` in connect)) missing.push(kind);
  for (const field of F.FIELDS) if (!(I.fieldLabel(field, 'fr') !== field)) missing.push(`field.${field}`);
  assert.deepEqual(missing, []);
});
