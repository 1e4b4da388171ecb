// Translation (t), error sentences by code, and locale-aware formatting. Strings live in
// locales/: en.js or fr.js is loaded for the chosen language (only that one); the strings of
// what loads on demand (pages, field errors) come with it (loadStrings). Server errors are shown by their code: `error.code` for the
// request, `{code, params}` for each field (the same codes the client's checks produce).
// No DOM access: `node --test` imports this module.

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
  // The model form's Hub picker (models/hub-picker.js), loaded when it first opens.
  hub: { en: () => import('../models/hub-strings.en.js'), fr: () => import('../models/hub-strings.fr.js') },
  // Pieces the dashboard shows, apart from their pages' tables so the first load stays small.
  dashboard: { en: () => import('../models/dashboard-strings.en.js'), fr: () => import('../models/dashboard-strings.fr.js') },
  usage: { en: () => import('../governance/usage-strings.en.js'), fr: () => import('../governance/usage-strings.fr.js') },
  connect: { en: () => import('../keys/connect-strings.en.js'), fr: () => import('../keys/connect-strings.fr.js') },
  unpriced: { en: () => import('../sync/unpriced-strings.en.js'), fr: () => import('../sync/unpriced-strings.fr.js') },
  // Catalog sync (sync/page.js).
  sync: { en: () => import('../sync/strings.en.js'), fr: () => import('../sync/strings.fr.js') },
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
export function formatter(kind, lang, options) {
  const key = `${kind}|${lang}|${JSON.stringify(options)}`;
  if (!cache.has(key)) {
    const locale = LOCALES[lang] || LOCALES.en;
    cache.set(key, kind === 'date' ? new Intl.DateTimeFormat(locale, options) : new Intl.NumberFormat(locale, options));
  }
  return cache.get(key);
}

export function formatNumber(value, lang = current, options = {}) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return formatter('number', lang, options).format(Number(value));
}
