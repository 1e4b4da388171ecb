// Costs as exact decimals (unknown is never $0), the usage chart's SVG, the test prompt
// dialog's slice, and the governance strings in both languages.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceFiles } from './files.js';
import * as D from '../shared/decimal.js';
import * as I from '../shared/i18n.js';
import * as Fmt from '../shared/format.js';
import * as G from '../governance/store.js';
import * as U from '../governance/usage-model.js';
import * as S from '../store.js';
import { setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';

setMeta(META);

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
await I.loadLanguage('en');
await I.loadLanguage('fr');
await Promise.all(['governance', 'usage', 'dashboard', 'models', 'forms'].map((name) => I.loadStrings(name)));
const norm = (text) => text.replace(/[\u00a0\u202f]/g, ' ');

// --- Decimals and costs -----------------------------------------------------------------------

test('decimals: parsed from the number’s digits, added and rounded exactly', () => {
  assert.equal(D.decimalString(D.addDecimals(0.1, 0.2)), '0.3', 'not 0.30000000000000004');
  assert.equal(D.decimalString(D.sumDecimals([0.1, 0.2, null, '0.0000001'])), '0.3000001');
  assert.equal(D.decimalString(1.25e-7), '0.000000125');
  assert.equal(D.decimalString(1e21), '1000000000000000000000');
  assert.equal(D.decimalString('-12.50'), '-12.5');
  assert.equal(D.decimalString(D.roundDecimal('0.123456785', 8)), '0.12345679', 'half away from zero');
  assert.equal(D.decimalString(D.roundDecimal('-0.000000005', 8)), '-0.00000001');
  assert.equal(D.sumDecimals([null, undefined]), null);
  for (const bad of [null, undefined, '', 'abc', NaN, Infinity, '1e999', {}]) assert.equal(D.parseDecimal(bad), null, String(bad));
  assert.ok(D.isZeroDecimal(0) && D.isZeroDecimal('0.000') && !D.isZeroDecimal('0.0001'));
  assert.equal(D.groupDigits('1234567', ','), '1,234,567');
});

test('costs: dollars with up to 8 decimals, never float artefacts; null is unknown, never $0', () => {
  assert.equal(Fmt.formatCost(2.5, 'en'), '$2.50');
  assert.equal(Fmt.formatCost(0.1 + 0.2, 'en'), '$0.30');
  assert.equal(Fmt.formatCost('0.30000000000000004', 'en'), '$0.30');
  assert.equal(Fmt.formatCost(0.0000028, 'en'), '$0.0000028');
  assert.equal(Fmt.formatCost(0.000000001, 'en'), '$0.00', 'below the 8th decimal');
  assert.equal(Fmt.formatCost(1234567.891, 'en'), '$1,234,567.891');
  assert.equal(norm(Fmt.formatCost(1234567.891, 'fr')), '1 234 567,891 $US');
  assert.equal(norm(Fmt.formatCost(0.00011, 'fr')), '0,00011 $US');
  assert.equal(Fmt.formatCost(0, 'en'), '$0.00', 'a known zero is $0.00');
  assert.equal(Fmt.formatCostOrUnknown(null, 'en'), 'unknown');
  assert.equal(Fmt.formatCostOrUnknown(undefined, 'fr'), 'inconnu');
  assert.equal(Fmt.formatCostOrUnknown(0.00003, 'en'), '$0.00003');
});

test('a model’s prices in its row: "$x / 1M in · $y / 1M out", unknown sides, or cost unknown', async () => {
  const { pricesText } = await import('../models/models.js');
  I.setLanguage('en');
  assert.equal(pricesText({ cost_input_per_million: 2.5, cost_output_per_million: 10 }), '$2.50 / 1M in · $10.00 / 1M out');
  assert.equal(pricesText({ cost_input_per_million: 0.15, cost_output_per_million: null }), '$0.15 / 1M in · unknown / 1M out');
  assert.equal(pricesText({ cost_input_per_million: null, cost_output_per_million: null }), 'cost unknown');
  I.setLanguage('fr');
  assert.equal(norm(pricesText({ cost_input_per_million: 0.1, cost_output_per_million: 0.2 })), '0,10 $US / 1M en entrée · 0,20 $US / 1M en sortie');
  assert.equal(pricesText({ cost_input_per_million: null, cost_output_per_million: null }), 'coût inconnu');
  I.setLanguage('en');
});

// --- Usage chart ---------------------------------------------------------------------------------

const row = (day, id, calls, cost, extra = {}) => ({
  day, model_id: id, model_name: `Model ${id}`, provider_id: 'openai', calls, input_tokens: calls * 10, output_tokens: calls * 5,
  cost_usd: cost, unpriced_calls: cost === null ? calls : 0, ...extra,
});
const report = (days, totals) => ({ from: '2025-11-01', to: '2025-11-30', days, totals });

test('usage chart: one group per day of the range, bars stacked by model, exact day costs in the title', () => {
  const r = report([row('2025-11-03', 'a', 2, 0.1), row('2025-11-03', 'b', 1, 0.2), row('2025-11-30', 'a', 4, 0.0000028)],
    { calls: 7, input_tokens: 70, output_tokens: 35, cost_usd: 0.3000028, unpriced_calls: 0 });
  const chart = U.usageChart(r, { width: 640, height: 180, lang: 'en' });
  assert.equal(chart.empty, false);
  assert.equal(chart.svg.tag, 'svg');
  assert.equal(chart.svg.attrs.role, 'img');
  assert.match(chart.svg.attrs['aria-label'], /from 11\/01 to 11\/30\. Total: 7; busiest day 11\/30 with 4\. Cost: \$0\.3000028\./);
  const days = chart.svg.children.filter((node) => node.tag === 'g');
  assert.equal(days.length, 30, 'every day, empty ones too');
  const third = days.find((g) => g.attrs['data-day'] === '2025-11-03');
  assert.equal(third.attrs['data-calls'], 3);
  assert.deepEqual(third.children.filter((n) => n.tag === 'rect').map((n) => n.attrs.class), ['usage-bar series-0', 'usage-bar series-1']);
  assert.equal(third.children[0].tag, 'title');
  assert.match(third.children[0].text, /^11\/03 · Calls: 3\nTokens: 30 in, 15 out\nCost: \$0\.30\nModel a: 2\nModel b: 1$/);
  const heights = third.children.filter((n) => n.tag === 'rect').map((n) => n.attrs.height);
  assert.ok(Math.abs(heights.reduce((a, b) => a + b, 0) - (3 / 5) * 148) < 0.5, `stacked to 3 of an axis of 5: ${heights}`);
  assert.equal(chart.max, 5);
  assert.deepEqual(chart.series.map((s) => s.name), ['Model a', 'Model b']);
  assert.deepEqual(chart.totals.parts.map(([testid]) => testid), ['usage-total-calls', 'usage-total-tokens', 'usage-total-cost']);
  assert.deepEqual(chart.totals.parts.map(([, text]) => text), ['Calls: 7', 'Tokens: 70 in, 35 out', 'Cost: $0.3000028']);
  for (const g of days) for (const rect of g.children.filter((n) => n.tag === 'rect')) {
    assert.ok(rect.attrs.x >= 34 && rect.attrs.x + rect.attrs.width <= 634 && rect.attrs.y >= 10 && rect.attrs.y + rect.attrs.height <= 158.1, JSON.stringify(rect.attrs));
  }
});

test('usage chart: cost unknown when nothing was priced, partial when some calls were not', () => {
  const unknown = U.usageChart(report([row('2025-11-05', 'a', 2, null)], { calls: 2, input_tokens: 20, output_tokens: 10, cost_usd: null, unpriced_calls: 2 }));
  assert.equal(unknown.totals.unknown, true);
  assert.equal(unknown.totals.parts[2][1], 'Cost: unknown');
  assert.match(unknown.svg.children.find((n) => n.attrs && n.attrs['data-day'] === '2025-11-05').children[0].text, /Cost: unknown/);
  const partial = U.usageChart(report([row('2025-11-05', 'a', 2, null), row('2025-11-05', 'b', 1, 0.25)],
    { calls: 3, input_tokens: 30, output_tokens: 15, cost_usd: 0.25, unpriced_calls: 2 }), { lang: 'fr' });
  assert.equal(partial.totals.partial, true);
  assert.equal(norm(partial.totals.parts[2][1]), 'Coût : 0,25 $US, partiel (2 sans prix)');
  assert.match(norm(partial.svg.children.find((n) => n.attrs && n.attrs['data-day'] === '2025-11-05').children[0].text), /Coût : 0,25 \$US, partiel \(2 sans prix\)/);
  assert.match(partial.label, /^Appels par jour du 01\/11 au 30\/11/);
});

test('usage chart: empty state, the busiest models named and the rest as "Other models"', () => {
  const empty = U.usageChart(report([], { calls: 0, input_tokens: 0, output_tokens: 0, cost_usd: null, unpriced_calls: 0 }));
  assert.equal(empty.empty, true);
  assert.equal(empty.totals.unknown, false, 'no call: nothing unknown');
  assert.match(empty.label, /none/);
  const many = U.usageChart(report(['a', 'b', 'c', 'd', 'e'].map((id, i) => row('2025-11-10', id, 5 - i, 1))));
  assert.deepEqual(many.series.map((s) => s.className), ['series-0', 'series-1', 'series-2', 'series-other']);
  assert.equal(many.series[3].name, 'Other models');
  const g = many.svg.children.find((n) => n.attrs && n.attrs['data-day'] === '2025-11-10');
  assert.equal(g.children.filter((n) => n.tag === 'rect').length, 4, 'd and e share the "other" segment');
  assert.deepEqual([U.axisMax(0), U.axisMax(1), U.axisMax(3), U.axisMax(7), U.axisMax(12), U.axisMax(101)], [1, 1, 5, 10, 20, 200]);
  assert.equal(U.daysBetween('2025-12-30', '2026-01-02').join(), '2025-12-30,2025-12-31,2026-01-01,2026-01-02');
  assert.deepEqual(U.daysBetween('2025-01-02', '2025-01-01'), []);
  assert.equal(U.daysBetween('2024-01-01', '2026-01-01').length, 366);
  assert.equal(U.shortDay('2025-11-26', 'fr'), '26/11');
  assert.equal(U.shortDay('2025-11-26', 'en'), '11/26');
});

// --- Test prompt dialog ---------------------------------------------------------------------------

const hosted = { id: 'gpt', name: 'GPT', provider_id: 'openai', status: 'deprecated', replacement_model_id: 'gpt2' };
const result = (extra = {}) => ({
  model_id: 'gpt', provider_id: 'openai', api_name: 'gpt', text: '<b>Yes</b>', finish_reason: 'stop', latency_ms: 1234,
  input_tokens: 12, output_tokens: 8, cost_input_per_million: 2.5, cost_output_per_million: 10, cost_usd: 0.00011,
  attempts: 1, waited_ms: 0, usage_id: 'u1', tested_at: '2025-11-26T10:00:00Z', warning: null, ...extra,
});

test('test prompt: default prompt, checked before sending, late answers dropped', () => {
  let state = G.openModelTest({ ...S.initialState(), sheet: { id: 'gpt' } }, hosted);
  const m = state.modelTest;
  assert.equal(m.prompt, G.DEFAULT_PROMPT);
  assert.equal(state.sheet, null, 'the action sheet closes');
  assert.equal(m.deprecated, true);
  state = G.setTestPrompt(state, '   ');
  state = G.modelTestStarted(state);
  assert.equal(state.modelTest.running, false);
  assert.equal(state.modelTest.promptError, G.PROMPT_ERRORS.empty);
  assert.equal(I.describeFieldError(state.modelTest.promptError, { field: 'prompt', lang: 'en' }), 'The prompt must not be empty.');
  assert.equal(I.describeFieldError(state.modelTest.promptError, { field: 'prompt', lang: 'fr' }), 'Le prompt ne doit pas être vide.');
  assert.equal(G.checkPrompt('x'.repeat(4001)), G.PROMPT_ERRORS.max);
  assert.equal(I.describeFieldError(G.checkPrompt('x'.repeat(4001)), { field: 'prompt', lang: 'en' }), 'The prompt must be at most 4,000 characters.');
  assert.equal(G.checkPrompt('é'.repeat(4000)), null, 'counted in characters, not bytes');
  state = G.setTestPrompt(state, 'Hello?');
  assert.equal(state.modelTest.promptError, null, 'fixed as typed');
  state = G.modelTestStarted(state);
  assert.equal(state.modelTest.running, true);
  assert.equal(G.modelTestStarted(state), state, 'one request at a time');
  const { seq, reqSeq } = state.modelTest;
  assert.equal(G.modelTestFinished(state, seq, reqSeq - 1, result()), state, 'an older request’s answer is dropped');
  const done = G.modelTestFinished(state, seq, reqSeq, result());
  assert.equal(done.modelTest.result.text, '<b>Yes</b>');
  const failed = G.modelTestFailed(G.modelTestStarted(done), seq, reqSeq + 1, { status: 422, code: 'validation_failed', message: 'x', fields: { prompt: 'The prompt must not be empty.' } });
  assert.equal(failed.modelTest.result, null);
  assert.equal(failed.modelTest.promptError, 'The prompt must not be empty.');
  assert.equal(G.closeModelTest(failed).modelTest, null);
});

test('test prompt: facts (latency, tokens, cost or unknown, attempts only after a retry) and advice per error', () => {
  I.setLanguage('en');
  const facts = (r) => Object.fromEntries(G.testFacts(r, 'en').map(([, testid, text]) => [testid, text]));
  assert.deepEqual(facts(result()), {
    'model-test-latency': '1,234 ms', 'model-test-tokens-in': '12', 'model-test-tokens-out': '8', 'model-test-cost': '$0.00011',
  });
  const unpriced = facts(result({ cost_usd: null, input_tokens: null, attempts: 3, waited_ms: 2100 }));
  assert.equal(unpriced['model-test-cost'], 'unknown');
  assert.equal(unpriced['model-test-tokens-in'], 'unknown');
  assert.equal(unpriced['model-test-attempts'], '3 (rate limited; waited 2.1 s)');
  assert.deepEqual(G.testErrorAdvice({ code: 'provider_disabled' }), { key: 'modelTest.next.provider_disabled', link: 'providers' });
  assert.deepEqual(G.testErrorAdvice({ code: 'rate_limited' }), { key: 'modelTest.next.rate_limited', link: null });
  assert.deepEqual(G.testErrorAdvice({ code: 'upstream_something_new' }), { key: 'modelTest.next.upstream_error', link: null });
  assert.deepEqual(G.testErrorAdvice({ code: 'teapot' }), { key: 'modelTest.next.other', link: null });
  for (const code of ['provider_disabled', 'provider_not_configured', 'model_not_testable', 'secret_unreadable', 'rate_limited', 'upstream_timeout',
    'upstream_unreachable', 'upstream_error', 'upstream_invalid_response', 'upstream_unauthorized', 'upstream_tls', 'upstream_model_not_found',
    'upstream_rejected', 'teapot']) {
    const { key } = G.testErrorAdvice({ code });
    for (const lang of ['en', 'fr']) assert.notEqual(I.translate(lang, key), key, `${lang} ${key}`);
    if (code !== 'teapot') assert.notEqual(I.describeError({ status: 409, code, message: '' }, 'fr'), I.translate('fr', 'err.generic', { status: 409 }), `err.${code} in French`);
  }
});

// --- Strings -----------------------------------------------------------------------------------

const TABLE_FILES = { 'governance.en': 'governance/strings.en', 'governance.fr': 'governance/strings.fr', 'ollama.en': 'ollama/strings.en', 'ollama.fr': 'ollama/strings.fr', en: 'shared/locales/en' };
const table = (name) => import(`../${TABLE_FILES[name]}.js`).then((module) => module.default);

test('governance strings: same keys and placeholders in English and French, out of the first load', async () => {
  const [en, fr, ollamaEn, ollamaFr, mainEn] = await Promise.all(['governance.en', 'governance.fr', 'ollama.en', 'ollama.fr', 'en'].map(table));
  assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  for (const key of Object.keys(en)) assert.equal(holes(fr[key]), holes(en[key]), key);
  for (const key of Object.keys(en)) assert.ok(!(key in mainEn), `${key} is also in en.js`);
  // Error sentences shared with the Ollama page say the same in both files.
  for (const key of Object.keys(en).filter((k) => k in ollamaEn)) {
    assert.equal(en[key], ollamaEn[key], key);
    assert.equal(fr[key], ollamaFr[key], key);
  }
  const same = Object.keys(en).filter((key) => en[key] === fr[key]);
  assert.deepEqual(same.sort(), ['modelTest.ms', 'modelTest.prompt', 'sessions.title', 'settings.purpose.code', 'settings.purpose.vision'].sort());
});

test('every key the governance code uses is in the tables', () => {
  const files = [...sourceFiles().filter((f) => f.startsWith('governance/') && !f.includes('strings.')), 'models/models.js', 'models/modal.js', 'models/providers.js'];
  const known = I.TABLES.en;
  const missing = [];
  for (const file of files) {
    for (const match of readFileSync(join(web, file), 'utf8').matchAll(/'((?:modelTest|usage|settings|transfer|common|models|action|providers|providerModal|hint|field|nav)\.[a-zA-Z_.-]+)'/g)) {
      if (!(match[1] in known) && !match[1].endsWith('.')) missing.push(`${file}: ${match[1]}`);
    }
  }
  // Keys built at run time.
  const built = [
    ...['download_concurrency', 'ollama_cache_seconds', 'hf_endpoint', 'job_retention_days', 'ollama_status_poll_seconds', 'ollama_keep_alive', 'ollama_update_check_hours'].flatMap((f) => [`settings.field.${f}`, `settings.help.${f}`]),
    ...['chat', 'code', 'embedding', 'vision'].flatMap((p) => [`settings.purpose.${p}`, `settings.help.${p}`]),
    ...['create', 'update', 'skip'].map((a) => `transfer.action.${a}`), ...['provider', 'model', 'setting'].map((e) => `transfer.entity.${e}`),
    ...['created', 'updated', 'unchanged'].map((c) => `transfer.count.${c}`), 'modelTest.goto.providers', 'modelTest.goto.models',
    ...['notJSON', 'notObject', 'notHangar', 'unreadable'].map((r) => `transfer.${r}`), 'nav.settings',
  ];
  for (const key of built) if (!(key in known)) missing.push(key);
  assert.deepEqual(missing, []);
});
