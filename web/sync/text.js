// The Sync page's words: a change's values in the admin's language (prices per million tokens,
// token counts, dates), counts with their plural, a discovered model's facts, and the errors of
// these routes by code. Pure (node --test imports it); the strings are the page's (`sync`) and
// the forms' field labels (`forms`).

import { describeError, describeFieldError, fieldLabel, formatNumber, getLanguage, translate } from '../shared/i18n.js';
import { formatBytes, formatCost, formatDay } from '../shared/format.js';

const LOCALES = { en: 'en-US', fr: 'fr-FR' };
const has = (lang, key) => translate(lang, key) !== key;

// `one` or `other` by the language's plural rules (French: 0 and 1 are singular), `{count}`
// in the locale's digits.
export function plural(count, one, other, lang = getLanguage(), params = {}) {
  const rule = new Intl.PluralRules(LOCALES[lang] || LOCALES.en).select(Number(count) || 0);
  return translate(lang, rule === 'one' ? one : other, { ...params, count: formatNumber(count, lang) });
}

const TOKEN_FIELDS = new Set(['context_window', 'max_output_tokens']);

// One value of a change: a price per million tokens ("$0.50", "0,50 $US"), a token count
// ("262,144"), a date ("Jan 14, 2027"); a missing price is unknown, never $0; a missing date
// is none.
export function fieldValueText(field, value, lang = getLanguage()) {
  if (value === null || value === undefined || value === '') return translate(lang, field === 'deprecation_date' ? 'sync.none' : 'common.unknown');
  if (field.startsWith('cost_')) return formatCost(value, lang);
  if (TOKEN_FIELDS.has(field)) return formatNumber(value, lang);
  if (field === 'deprecation_date') return formatDay(value, lang);
  return String(value);
}

// The field's label: the model form's ("Input cost (USD per million tokens)").
export const fieldText = (field, lang = getLanguage()) => fieldLabel(field, lang);

// Where a preview's data came from: the shipped snapshot, the uploaded file, or its URL.
export function sourceText(source, lang = getLanguage()) {
  if (source === 'litellm:snapshot') return translate(lang, 'sync.source.snapshot');
  if (source === 'litellm:upload') return translate(lang, 'sync.source.upload');
  if (typeof source === 'string' && source.startsWith('litellm:')) return source.slice(8);
  return source || '';
}

// A discovered model's facts: limits (marked when guessed), prices when known, Azure's model,
// Ollama's size.
export function discoveredFacts(entry, lang = getLanguage()) {
  const facts = [];
  if (entry.context_window || entry.max_output_tokens) {
    facts.push({
      kind: 'limits', guessed: !!entry.limits_guessed,
      text: translate(lang, 'sync.discover.limits', { context: formatNumber(entry.context_window, lang), output: formatNumber(entry.max_output_tokens, lang) }),
    });
  }
  const input = entry.cost_input_per_million ?? null;
  const output = entry.cost_output_per_million ?? null;
  if (input !== null || output !== null) {
    facts.push({ kind: 'prices', text: translate(lang, 'sync.discover.prices', { input: fieldValueText('cost_input_per_million', input, lang), output: fieldValueText('cost_output_per_million', output, lang) }) });
  }
  if (entry.upstream_model) facts.push({ kind: 'upstream', text: translate(lang, 'sync.discover.upstream', { model: entry.upstream_model }) });
  if (typeof entry.size_bytes === 'number') facts.push({ kind: 'size', text: formatBytes(entry.size_bytes, lang) });
  return facts;
}

// An error of these routes, in one sentence. A 502 is the upstream's failure with the
// connection test's code (dns, refused, unauthorized…): worded as the connection's
// (`sync.upstream.<code>`), never as this session's (a 502 `unauthorized` is the provider
// refusing the key, not a sign-out). The price sync's
// size limit is 16 MiB, not the usual 1 MiB; client checks carry a key of the page's strings.
export function syncErrorText(error, lang = getLanguage()) {
  if (!error) return '';
  if (error.key && has(lang, error.key)) return translate(lang, error.key);
  if (error.status === 502) {
    // English keeps the server's sentence (it names the connection); other languages the table.
    if (lang === 'en' && error.message) return error.message;
    const code = String(error.code || '').replace(/^upstream_/, '');
    return translate(lang, has(lang, `sync.upstream.${code}`) ? `sync.upstream.${code}` : 'sync.upstream.error');
  }
  if (has(lang, `sync.err.${error.code}`)) return translate(lang, `sync.err.${error.code}`);
  return describeError(error, lang);
}

// A refused apply's field errors ("add[1]" → the API name it was), as [name, sentence].
export function applyFieldErrors(error, body, lang = getLanguage()) {
  return Object.entries((error && error.fields) || {}).map(([path, message]) => {
    const match = /^(add|deprecate)\[(\d+)\]$/.exec(path);
    const name = match && body && Array.isArray(body[match[1]]) ? body[match[1]][Number(match[2])] ?? path : path;
    return [name, describeFieldError(message, { label: name, lang })];
  });
}
