// The key form (create and edit): its values as typed, the checks (the server's rules from
// GET /api/meta, shared/forms.js), and the bodies of POST /api/keys and PATCH /api/keys/{id}.
// Pure: node --test imports it. The updaters edit `state.keyDialog` (store.js opens it).

import { checkField, parseNumber, settledError } from '../shared/forms.js';
import { ruleOf } from '../shared/meta.js';

export const SCOPES = Object.freeze(['inference', 'catalog:read']);
export const PERIODS = Object.freeze(['day', 'month', 'total']);
export const LIMITS = Object.freeze(['rpm_limit', 'tpm_limit', 'max_parallel']);
// Fields as the server names them in `error.fields` (and the form's error slots).
export const FIELDS = Object.freeze(['name', 'scopes', 'models', ...LIMITS, 'budget_usd', 'budget_period', 'expires_at']);

// A key's rules are the connection's (name, limits) and a price's (budget: 0 to 1,000,000 USD,
// 6 decimals), as the server checks them; a server that publishes `fields.key` wins.
const FALLBACK = { name: ['provider', 'name'], rpm_limit: ['provider', 'rpm_limit'], tpm_limit: ['provider', 'tpm_limit'],
  max_parallel: ['provider', 'max_parallel'], budget_usd: ['model', 'cost_input_per_million'] };
const entityOf = (field) => (ruleOf('key', field) ? ['key', field] : FALLBACK[field] || ['key', field]);
export const keyRule = (field) => ruleOf(...entityOf(field));

const text = (value) => (value === null || value === undefined ? '' : String(value));

export function emptyValues() {
  return {
    name: '', allModels: true, models: [], scopes: [...SCOPES], rpm_limit: '', tpm_limit: '', max_parallel: '',
    budget_usd: '', budget_period: '', expires_at: '',
  };
}

// 'YYYY-MM-DD' of a date in local time (what a date input holds), and back: a key set to
// expire on a day stops working when that day starts, local time.
export function localDay(iso) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
export function dayStart(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).toISOString() : null;
}

export function valuesOfKey(key) {
  return {
    name: text(key.name), allModels: !Array.isArray(key.models), models: Array.isArray(key.models) ? [...key.models] : [],
    scopes: [...(key.scopes || [])], rpm_limit: text(key.rpm_limit), tpm_limit: text(key.tpm_limit), max_parallel: text(key.max_parallel),
    budget_usd: text(key.budget_usd), budget_period: text(key.budget_period), expires_at: localDay(key.expires_at),
  };
}

// --- Checks ----------------------------------------------------------------------------------

// A FieldError for one field of `values`, or null. `now`: ms, for the expiry.
export function checkKeyField(field, values, { lang = 'en', now = Date.now(), editing = false } = {}) {
  switch (field) {
    case 'name': {
      const [entity, name] = entityOf('name');
      return checkField(entity, name, values.name, { required: true, lang });
    }
    case 'scopes': return values.scopes.length ? null : { code: 'required', key: 'keys.error.scopes', params: {} };
    case 'models': return values.allModels || values.models.length ? null : { code: 'required', key: 'keys.error.models', params: {} };
    case 'budget_usd': {
      if (!text(values.budget_usd).trim()) return values.budget_period ? { code: 'required', key: 'keys.error.budgetNeeded', params: {} } : null;
      const [entity, name] = entityOf('budget_usd');
      return checkField(entity, name, values.budget_usd, { required: false, lang });
    }
    case 'budget_period':
      return text(values.budget_usd).trim() && !values.budget_period ? { code: 'required', key: 'keys.error.periodNeeded', params: {} } : null;
    case 'expires_at': {
      if (!values.expires_at) return null;
      const start = dayStart(values.expires_at);
      if (!start) return { code: 'invalid', key: 'keys.error.expiryFormat', params: {} };
      // An unchanged expiry of a key being edited is not checked again (it may have passed).
      return !editing && Date.parse(start) <= now ? { code: 'invalid', key: 'keys.error.expiryPast', params: {} } : null;
    }
    default: {
      if (!LIMITS.includes(field)) return null;
      const [entity, name] = entityOf(field);
      return checkField(entity, name, values[field], { required: false, lang });
    }
  }
}

export function checkKeyForm(values, options = {}) {
  const errors = {};
  for (const field of FIELDS) {
    const editing = options.original && field === 'expires_at' && values.expires_at === localDay(options.original.expires_at);
    const message = checkKeyField(field, values, { ...options, editing });
    if (message) errors[field] = message;
  }
  return errors;
}

// --- Editing (state.keyDialog) ---------------------------------------------------------------

const omit = (object, key) => {
  if (!(key in object)) return object;
  const copy = { ...object };
  delete copy[key];
  return copy;
};
// Fields whose check reads another field too.
const LINKED = { budget_usd: ['budget_period'], budget_period: ['budget_usd'], allModels: ['models'], models: ['models'] };

function recheck(dialog, values, fields, lang) {
  let errors = dialog.errors;
  for (const field of fields) {
    if (!(dialog.touched[field] || dialog.submitted || field in errors)) continue;
    const editing = dialog.original && field === 'expires_at' && values.expires_at === localDay(dialog.original.expires_at);
    const message = checkKeyField(field, values, { lang, editing });
    errors = message ? { ...errors, [field]: message } : omit(errors, field);
  }
  return errors;
}

// `value`: text for inputs, a boolean for allModels, a list for models and scopes.
export function setKeyValue(state, field, value) {
  const d = state.keyDialog;
  if (!d || !d.values || d.values[field] === value) return state;
  const values = { ...d.values, [field]: value };
  const errors = recheck(d, values, [field, ...(LINKED[field] || [])].filter((f) => FIELDS.includes(f)), state.lang);
  return { ...state, keyDialog: { ...d, values, errors, error: settledError(d.error, errors) } };
}

// Adds or removes one item of a list field (a scope, a model).
export function toggleKeyItem(state, field, item, on) {
  const d = state.keyDialog;
  if (!d || !d.values) return state;
  const list = d.values[field].filter((x) => x !== item);
  return setKeyValue(state, field, on ? [...list, item] : list);
}

export function touchKeyField(state, field) {
  const d = state.keyDialog;
  if (!d || !d.values || !FIELDS.includes(field)) return state;
  const touched = { ...d.touched, [field]: true };
  const errors = recheck({ ...d, touched }, d.values, [field], state.lang);
  return { ...state, keyDialog: { ...d, touched, errors, error: settledError(d.error, errors) } };
}

export function validateKeyForm(state, now = Date.now()) {
  const d = state.keyDialog;
  if (!d || !d.values) return state;
  const errors = checkKeyForm(d.values, { lang: state.lang, now, original: d.original || null });
  return { ...state, keyDialog: { ...d, errors, submitted: true, error: Object.keys(errors).length ? { code: 'client_validation' } : null } };
}

// --- Bodies --------------------------------------------------------------------------------------

const integer = (value, lang) => parseNumber(value, { integer: true, lang });

// POST /api/keys: what was filled in; every active model when no list is chosen.
export function createBody(values, lang = 'en') {
  const body = { name: values.name.trim(), scopes: SCOPES.filter((scope) => values.scopes.includes(scope)) };
  if (!values.allModels) body.models = [...values.models];
  for (const field of LIMITS) {
    const n = integer(values[field], lang);
    if (n !== null) body[field] = n;
  }
  const budget = parseNumber(values.budget_usd, { lang });
  if (budget !== null) {
    body.budget_usd = budget;
    body.budget_period = values.budget_period;
  }
  if (values.expires_at) body.expires_at = dayStart(values.expires_at);
  return body;
}

// PATCH /api/keys/{id}: only what changed; an emptied field is sent as null (no limit, no
// budget, no expiry, every active model). The budget and its period go together.
export function patchBody(original, values, lang = 'en') {
  const body = {};
  const name = values.name.trim();
  if (name !== original.name) body.name = name;
  const scopes = SCOPES.filter((scope) => values.scopes.includes(scope));
  if (scopes.join() !== SCOPES.filter((scope) => (original.scopes || []).includes(scope)).join()) body.scopes = scopes;
  const models = values.allModels ? null : [...values.models];
  const before = Array.isArray(original.models) ? original.models : null;
  if ((models === null) !== (before === null) || (models && [...models].sort().join('\n') !== [...before].sort().join('\n'))) body.models = models;
  for (const field of LIMITS) {
    const n = integer(values[field], lang);
    if (n !== (original[field] ?? null)) body[field] = n;
  }
  const budget = parseNumber(values.budget_usd, { lang });
  const period = budget === null ? null : values.budget_period || null;
  if (budget !== (original.budget_usd ?? null) || period !== (original.budget_period ?? null)) {
    body.budget_usd = budget;
    body.budget_period = period;
  }
  if (values.expires_at !== localDay(original.expires_at)) body.expires_at = values.expires_at ? dayStart(values.expires_at) : null;
  return body;
}
