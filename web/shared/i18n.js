// Translation (t), error sentences by code, and locale-aware formatting. Strings live in
// locales/: en.js or fr.js is loaded for the chosen language (only that one); the strings of
// what loads on demand (pages, field errors) come with it (loadStrings). Server errors are shown by their code: `error.code` for the
// request, `{code, params}` for each field (the same codes the client's checks produce).
// No DOM access: `node --test` imports this module.

import { decimalParts, groupDigits, parseDecimal, roundDecimal } from './decimal.js';

export const LANGUAGES = ['en', 'fr'];
export const TABLES = { en: null, fr: null };
const LOADERS = { en: () => import('./locales/en.js'), fr: () => import('./locales/fr.js') };

// Makes `lang`'s strings available; resolves to the language loaded.
export async function loadLanguage(lang) {
  if (!LANGUAGES.includes(lang)) lang = 'en';
  if (!TABLES[lang]) TABLES[lang] = (await LOADERS[lang]()).default;
  await Promise.all([...wantedSections].map((name) => loadSection(name, lang)));
  return lang;
}

// Strings of pages that load on demand live in files of their own (one per language), merged
// into the tables when such a page first needs them, and for every language loaded after.
const SECTION_LOADERS = {
  ollama: { en: () => import('../ollama/strings.en.js'), fr: () => import('../ollama/strings.fr.js') },
  models: { en: () => import('../models/strings.en.js'), fr: () => import('../models/strings.fr.js') },
  jobs: { en: () => import('../jobs/strings.en.js'), fr: () => import('../jobs/strings.fr.js') },
  forms: { en: () => import('./locales/forms.en.js'), fr: () => import('./locales/forms.fr.js') },
  governance: { en: () => import('../governance/strings.en.js'), fr: () => import('../governance/strings.fr.js') },
  keys: { en: () => import('../keys/strings.en.js'), fr: () => import('../keys/strings.fr.js') },
  // Pieces the dashboard shows, apart from their pages' tables so the first load stays small.
  dashboard: { en: () => import('../models/dashboard-strings.en.js'), fr: () => import('../models/dashboard-strings.fr.js') },
  usage: { en: () => import('../governance/usage-strings.en.js'), fr: () => import('../governance/usage-strings.fr.js') },
  connect: { en: () => import('../keys/connect-strings.en.js'), fr: () => import('../keys/connect-strings.fr.js') },
};
const wantedSections = new Set();
const loadedSections = new Set(); // `${name}:${lang}`

async function loadSection(name, lang) {
  const key = `${name}:${lang}`;
  if (loadedSections.has(key) || !TABLES[lang]) return;
  const strings = (await SECTION_LOADERS[name][lang]()).default;
  if (loadedSections.has(key)) return;
  TABLES[lang] = { ...TABLES[lang], ...strings };
  loadedSections.add(key);
}

export async function loadStrings(name) {
  wantedSections.add(name);
  await Promise.all(LANGUAGES.filter((lang) => TABLES[lang]).map((lang) => loadSection(name, lang)));
}

// --- Current language --------------------------------------------------------------------

let current = 'en';
export const setLanguage = (lang) => { current = LANGUAGES.includes(lang) && TABLES[lang] ? lang : 'en'; };
export const getLanguage = () => current;

// The browser's preferred languages, in order: English only when an English variant comes
// before any French one; a browser in any other language gets French, which Hangar holds
// closer to most of them (seed 002 asks for a French-first console). No language at all
// (an empty or unreadable list) is English.
export function detectLanguage(preferred = []) {
  let other = false;
  for (const tag of preferred) {
    const base = String(tag || '').toLowerCase().split(/[-_]/)[0];
    if (base === 'en' || base === 'fr') return base;
    if (/^[a-z]{2,3}$/.test(base)) other = true;
  }
  return other ? 'fr' : 'en';
}

const fill = (template, params) =>
  template.replace(/\{(\w+)\}/g, (match, name) => (params && params[name] !== undefined && params[name] !== null ? String(params[name]) : match));

export function translate(lang, key, params) {
  const table = TABLES[lang] || TABLES.en || {};
  const template = table[key];
  return template === undefined ? key : fill(template, params);
}

export const t = (key, params) => translate(current, key, params);

const has = (lang, key) => !!TABLES[lang] && TABLES[lang][key] !== undefined;
export const fieldLabel = (field, lang = current) => (has(lang, `field.${field}`) ? translate(lang, `field.${field}`) : field);
export const kindLabel = (kind, lang = current) => (has(lang, `kind.${kind}`) ? translate(lang, `kind.${kind}`) : kind);

// --- Errors ---------------------------------------------------------------------------

// Server messages written for API clients (they name JSON fields): the table says it better.
const API_WORDED = new Set(['unauthorized', 'base_url_required', 'local_fields_required', 'not_a_local_model', 'not_deprecated', 'not_applicable', 'invalid_cursor', 'bad_request']);

// One sentence for an API error (see api.js for its shape). English keeps the server's own
// message, which names the model or provider concerned; French uses the table by error code,
// and an unknown code falls back to the server's message.
export function describeError(error, lang = current) {
  if (!error) return '';
  const code = error.code || '';
  if (code === 'network' || code === 'timeout') return translate(lang, `err.${code}`);
  if (lang === 'en' && error.message && !API_WORDED.has(code)) return error.message;
  if (has(lang, `err.${code}`)) return translate(lang, `err.${code}`);
  if (/_not_found$/.test(code)) return translate(lang, 'err.not_found');
  // A code this table does not know yet: the server's own sentence says more than "failed".
  if (error.message) return error.message;
  return translate(lang, 'err.generic', { status: error.status || '?' });
}

const NUMERIC_PARAMS = new Set(['min', 'max', 'places']);
const RANGE_CODES = new Set(['too_small', 'too_large', 'invalid']);

// One sentence for a field error. `error` is a FieldError `{code, params, message}` (the
// server's, or a client check's without message), `{key, params}` (a client check worded by
// the UI's own table), or a plain string (a server older than FieldError codes), shown as it
// is. English keeps the server's own sentence when it sent one (the same words, sometimes
// naming the model or connection concerned); other languages use the table by code, with the
// field's label. A number rule with both bounds (from GET /api/meta) says "between". An
// unknown code falls back to the server's message.
export function describeFieldError(error, { field = '', label = null, rule = null, lang = current } = {}) {
  if (!error) return '';
  if (typeof error === 'string') return error;
  if (error.key && has(lang, error.key)) return translate(lang, error.key, error.params);
  const code = error.code || '';
  if (lang === 'en' && error.message) return error.message;
  const params = { label: label ?? fieldLabel(field, lang) };
  for (const [name, value] of Object.entries(error.params || {})) {
    params[name] = NUMERIC_PARAMS.has(name) && typeof value === 'number' ? formatNumber(value, lang) : value;
  }
  let key = `fe.${code}`;
  if (RANGE_CODES.has(code) && rule && typeof rule.min === 'number' && typeof rule.max === 'number') {
    key = 'fe.range';
    Object.assign(params, { min: formatNumber(rule.min, lang), max: formatNumber(rule.max, lang) });
  } else if (code === 'invalid_url') {
    key = `fe.invalid_url.${(error.params && error.params.reason) || 'shape'}`;
  } else if (code === 'invalid_format' && (!error.params || error.params.example === undefined)) {
    key = 'fe.invalid_format.plain';
  } else if (code === 'invalid' && error.message) {
    return error.message;
  }
  if (has(lang, key)) return translate(lang, key, params);
  return error.message || translate(lang, 'fe.invalid', params);
}

// --- Formatting --------------------------------------------------------------------------

const LOCALES = { en: 'en-US', fr: 'fr-FR' };
const cache = new Map();
function formatter(kind, lang, options) {
  const key = `${kind}|${lang}|${JSON.stringify(options)}`;
  if (!cache.has(key)) {
    const locale = LOCALES[lang] || LOCALES.en;
    cache.set(key, kind === 'date' ? new Intl.DateTimeFormat(locale, options) : new Intl.NumberFormat(locale, options));
  }
  return cache.get(key);
}

// DD/MM/YYYY in French, MM/DD/YYYY in English.
export function formatDate(value, lang = current) {
  if (!value) return '–';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '–';
  return formatter('date', lang, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

export function formatNumber(value, lang = current, options = {}) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return formatter('number', lang, options).format(Number(value));
}

// US dollars from the exact decimal digits (decimal.js), never float arithmetic: at least 2
// and at most `places` fraction digits, in the locale's pattern ("$0.0000028", "2,50 $US").
export function formatCost(value, lang = current, places = 8) {
  const parts = decimalParts(roundDecimal(parseDecimal(value), places), 2);
  if (!parts) return '–';
  const pattern = formatter('number', lang, { style: 'currency', currency: 'USD', minimumFractionDigits: 2 }).formatToParts(parts.negative ? -1000.5 : 1000.5);
  const group = (pattern.find((part) => part.type === 'group') || {}).value || '';
  let out = '';
  let integerDone = false;
  for (const part of pattern) {
    if (part.type === 'integer') {
      if (!integerDone) out += groupDigits(parts.int, group);
      integerDone = true;
    } else if (part.type === 'fraction') {
      out += parts.frac;
    } else if (part.type !== 'group') {
      out += part.value;
    }
  }
  return out;
}

// A cost, or "unknown" when the server could not price it: null is never $0.
export const formatCostOrUnknown = (value, lang = current) =>
  (value === null || value === undefined ? translate(lang, 'common.unknown') : formatCost(value, lang));

// Date and time of day: DD/MM/YYYY HH:MM in French, the English locale format otherwise.
export function formatDateTime(value, lang = current) {
  if (!value) return '–';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '–';
  return formatter('date', lang, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
}

// Sizes in decimal units (1 kB = 1,000 bytes), as download tools show them: "1.2 GB", "1,2 Go".
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
export function formatBytes(value, lang = current) {
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n) || n < 0) return '–';
  let unit = 0;
  let size = n;
  while (size >= 999.95 && unit < BYTE_UNITS.length - 1) {
    size /= 1000;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : size < 100 ? 1 : 0;
  const number = formatter('number', lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(size);
  return translate(lang, `bytes.${BYTE_UNITS[unit]}`, { n: number });
}

export function formatSpeed(bytesPerSecond, lang = current) {
  if (bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(Number(bytesPerSecond))) return '–';
  return translate(lang, 'bytes.perSecond', { size: formatBytes(Math.max(0, Number(bytesPerSecond)), lang) });
}

// A duration for an ETA: "45 s", "3 min 20 s", "1 h 05 min".
export function formatDuration(seconds, lang = current) {
  const n = Number(seconds);
  if (seconds === null || seconds === undefined || !Number.isFinite(n) || n < 0) return '–';
  const total = Math.round(n);
  if (total < 60) return translate(lang, 'duration.s', { s: total });
  if (total < 3600) return translate(lang, 'duration.ms', { m: Math.floor(total / 60), s: String(total % 60).padStart(2, '0') });
  const minutes = Math.round(total / 60);
  return translate(lang, 'duration.hm', { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
}

// 0–100 → "42%" / "42 %".
export function formatPercent(value, lang = current) {
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n)) return '–';
  const clamped = Math.min(100, Math.max(0, n));
  // Never show 100 % before the end: 99.6 % reads 99 %.
  const shown = clamped < 100 ? Math.floor(clamped) : 100;
  return formatter('number', lang, { style: 'percent', maximumFractionDigits: 0 }).format(shown / 100);
}
