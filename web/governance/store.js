// The test prompt dialog (`state.modelTest`) and the usage shown on the dashboard
// (`state.usage`): pure updaters and selectors, as in store.js, loaded with the code that
// needs them. No DOM: node --test imports it.

import { plainError } from '../store.js';
import { formatNumber, translate } from '../shared/i18n.js';
import { formatCostOrUnknown as costText } from '../shared/format.js';

// Sources/HangarCore/ModelTest.swift (defaultPrompt, promptMax) and the messages of
// Sources/Providers/Services/ModelTestService.swift.
export const DEFAULT_PROMPT = 'Reply with one short sentence: are you there?';
export const PROMPT_MAX = 4000;
export const PROMPT_ERRORS = Object.freeze({
  max: Object.freeze({ code: 'too_long', key: 'modelTest.promptMax', params: { max: 4000 } }),
  empty: Object.freeze({ code: 'blank', key: 'modelTest.promptEmpty', params: {} }),
});

// --- Test prompt -----------------------------------------------------------------------

// The server's default prompt is English; the dialog offers it in the admin's language.
export function defaultPrompt(lang) {
  const said = translate(lang, 'modelTest.defaultPrompt');
  return said === 'modelTest.defaultPrompt' ? DEFAULT_PROMPT : said;
}

// Unicode scalars, as the server counts; only white space is empty.
export function checkPrompt(prompt) {
  const text = String(prompt ?? '');
  if (Array.from(text).length > PROMPT_MAX) return PROMPT_ERRORS.max;
  return /^\s*$/u.test(text) ? PROMPT_ERRORS.empty : null;
}

// model: a Model of the API (or at least {id, name, provider_id, status, replacement_model_id}).
export function openModelTest(state, model) {
  return {
    ...state,
    sheet: null,
    modelTest: {
      seq: state.nextId, id: model.id, name: model.name, providerID: model.provider_id || null,
      deprecated: model.status === 'deprecated', prompt: defaultPrompt(state.lang), promptError: null,
      running: false, result: null, error: null, reqSeq: 0,
    },
    nextId: state.nextId + 1,
  };
}

export const closeModelTest = (state) => (state.modelTest ? { ...state, modelTest: null } : state);

export function setTestPrompt(state, prompt) {
  const m = state.modelTest;
  if (!m || m.prompt === prompt) return state;
  return { ...state, modelTest: { ...m, prompt, promptError: m.promptError ? checkPrompt(prompt) : null } };
}

// Checks the prompt; when it is fine the request starts (reqSeq names it).
export function modelTestStarted(state) {
  const m = state.modelTest;
  if (!m || m.running) return state;
  const promptError = checkPrompt(m.prompt);
  if (promptError) return { ...state, modelTest: { ...m, promptError } };
  return { ...state, modelTest: { ...m, promptError: null, running: true, error: null, reqSeq: m.reqSeq + 1 } };
}

export function modelTestFinished(state, seq, reqSeq, result) {
  const m = state.modelTest;
  if (!m || m.seq !== seq || m.reqSeq !== reqSeq) return state;
  return { ...state, modelTest: { ...m, running: false, result, error: null } };
}

export function modelTestFailed(state, seq, reqSeq, error) {
  const m = state.modelTest;
  if (!m || m.seq !== seq || m.reqSeq !== reqSeq) return state;
  const promptError = error && error.fields && error.fields.prompt ? error.fields.prompt : m.promptError;
  return { ...state, modelTest: { ...m, running: false, result: null, error: plainError(error), promptError } };
}

// What the result panel lists, as [key, testid, text]: latency, tokens, cost, attempts.
export function testFacts(result, lang) {
  const t = (key, params) => translate(lang, key, params);
  const tokens = (value) => (value === null || value === undefined ? t('common.unknown') : formatNumber(value, lang));
  const facts = [
    ['modelTest.latency', 'model-test-latency', t('modelTest.ms', { ms: formatNumber(result.latency_ms, lang) })],
    ['modelTest.tokensIn', 'model-test-tokens-in', tokens(result.input_tokens)],
    ['modelTest.tokensOut', 'model-test-tokens-out', tokens(result.output_tokens)],
    ['modelTest.cost', 'model-test-cost', costText(result.cost_usd, lang)],
  ];
  if (result.attempts > 1) {
    facts.push(['modelTest.attempts', 'model-test-attempts', t('modelTest.attemptsValue', {
      count: formatNumber(result.attempts, lang), seconds: formatNumber(Math.round((result.waited_ms || 0) / 100) / 10, lang),
    })]);
  }
  return facts;
}

// What to do about a failed test: the key of a sentence, and the page that fixes it.
const ADVICE = {
  provider_disabled: 'providers', provider_not_configured: 'providers', secret_unreadable: 'providers',
  model_not_testable: null, rate_limited: null, upstream_timeout: null, upstream_unreachable: 'providers',
  upstream_unauthorized: 'providers', upstream_error: null, upstream_invalid_response: 'providers', upstream_tls: 'providers',
  upstream_model_not_found: 'models', upstream_rejected: null,
  validation_failed: null, model_not_found: 'models', provider_not_found: 'providers', network: null, timeout: null,
};
export function testErrorAdvice(error) {
  const code = (error && error.code) || '';
  const known = code in ADVICE || /^upstream_/.test(code);
  return { key: known ? `modelTest.next.${code in ADVICE ? code : 'upstream_error'}` : 'modelTest.next.other', link: ADVICE[code] ?? null };
}

// --- Usage (dashboard) -------------------------------------------------------------------

const EMPTY_USAGE = Object.freeze({ status: 'idle', report: null, error: null, seq: 0 });
export const selectUsage = (state) => state.usage || EMPTY_USAGE;

export function usageRequested(state) {
  const usage = selectUsage(state);
  return { ...state, usage: { ...usage, status: 'loading', error: null, seq: usage.seq + 1 } };
}

export function usageLoaded(state, seq, report) {
  const usage = selectUsage(state);
  if (usage.seq !== seq) return state;
  return { ...state, usage: { ...usage, status: 'ready', report, error: null } };
}

export function usageFailed(state, seq, error) {
  const usage = selectUsage(state);
  if (usage.seq !== seq) return state;
  return { ...state, usage: { ...usage, status: 'error', error: plainError(error) } };
}
