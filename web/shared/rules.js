// Client-side field rules. They mirror Sources/Catalog/FieldRules.swift, URLRule.swift and
// Patterns.swift exactly, and return the server's English message (or null when the value is
// fine). Messages are translated at display time by i18n.translateMessage, the same path the
// server's `error.fields` messages take, so client and server read identically.
// No DOM access: this module is imported by `node --test`.

export const LIMITS = Object.freeze({
  nameMax: 64,
  apiNameMax: 128,
  contextWindow: [1024, 2000000],
  maxOutputTokens: [256, 128000],
  temperature: [0, 2],
  cost: [0, 1000000],
  rateLimit: [1, 1000000000],
  maxParallel: [1, 1000],
});

const codePoints = (value) => Array.from(value, (c) => c.codePointAt(0));
const utf8Length = (value) => new TextEncoder().encode(value).length;

// C0 and C1 control characters and DEL.
export const isControl = (cp) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);

// Unicode White_Space (what Swift's `properties.isWhitespace` reports) plus U+001C–U+001F.
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
export const isSpace = (cp) => WHITE_SPACE.has(cp) || (cp >= 0x1c && cp <= 0x1f);

export function displayName(value, label = 'Name') {
  const cps = codePoints(value);
  if (cps.length === 0) return `${label} is required.`;
  if (cps.length > LIMITS.nameMax) return `${label} must be at most ${LIMITS.nameMax} characters.`;
  if (cps.some(isControl)) return `${label} must not contain control characters.`;
  if (cps.every(isSpace)) return `${label} must not be blank.`;
  return null;
}

export function apiName(value) {
  const cps = codePoints(value);
  if (cps.length === 0) return 'API name is required.';
  if (cps.length > LIMITS.apiNameMax) return `API name must be at most ${LIMITS.apiNameMax} characters.`;
  if (cps.some((cp) => isControl(cp) || isSpace(cp))) return 'API name must not contain spaces or control characters.';
  return null;
}

const inRange = (value, [min, max]) => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const isInt = (value) => Number.isInteger(value);

export function contextWindow(value) {
  return isInt(value) && inRange(value, LIMITS.contextWindow) ? null : 'Context window must be between 1,024 and 2,000,000 tokens.';
}

export function maxOutputTokens(value) {
  return isInt(value) && inRange(value, LIMITS.maxOutputTokens) ? null : 'Max output tokens must be between 256 and 128,000.';
}

export function temperature(value) {
  return inRange(value, LIMITS.temperature) ? null : 'Temperature must be between 0 and 2.';
}

// PriceRule.fitsPlaces: a millionth of a dollar at most, allowing a JSON number's binary noise.
export function cost(value) {
  if (!inRange(value, LIMITS.cost)) return 'Cost must be between 0 and 1,000,000 USD per million tokens.';
  const scaled = Number(value) * 1e6;
  const ulp = Math.max(Number.MIN_VALUE, Math.abs(scaled) * Number.EPSILON);
  return Math.abs(scaled - Math.round(scaled)) <= ulp * 4 ? null : 'Cost must have at most 6 decimal places.';
}

// A connection's limits (FieldRules.limit and maxParallel).
export function rateLimit(value, label) {
  return isInt(value) && inRange(value, LIMITS.rateLimit) ? null : `${label} must be between 1 and 1,000,000,000.`;
}

export function maxParallel(value) {
  return isInt(value) && inRange(value, LIMITS.maxParallel) ? null : 'Max parallel calls must be between 1 and 1,000.';
}

const ALNUM = /^[A-Za-z0-9]$/;
const NAME_CHARS = /^[A-Za-z0-9._-]*$/;
const isAlnum = (ch) => ch !== undefined && ALNUM.test(ch);

export function baseURL(value) {
  const generic = 'Base URL must be an http:// or https:// URL with a host, like https://api.example.com.';
  // As in URLRule.swift, an empty value passes this guard and fails on the scheme below.
  if (utf8Length(value) > 2048 || !/^[\x21-\x7e]*$/.test(value)) {
    return value === '' ? 'Base URL is required.' : 'Base URL must not contain spaces or non-ASCII characters.';
  }
  let rest;
  if (value.startsWith('https://')) rest = value.slice(8);
  else if (value.startsWith('http://')) rest = value.slice(7);
  else return 'Base URL must start with http:// or https://.';
  if (rest.includes('#')) return 'Base URL must not have a #fragment.';
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  if (path.includes('?')) return 'Base URL must not have a ?query.';
  if (authority.includes('@')) return 'Base URL must not contain a user name or password.';
  if (authority === '') return 'Base URL needs a host.';

  let port = null;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return generic;
    const after = authority.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) return generic;
      port = after.slice(1);
    }
    const inner = authority.slice(1, close);
    if (inner === '' || !/^[0-9a-fA-F:.]+$/.test(inner)) return 'Base URL has an invalid IPv6 host.';
  } else {
    let host = authority;
    const colon = authority.indexOf(':');
    if (colon !== -1) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    }
    const hostOK = host.length > 0 && host.length <= 253 && isAlnum(host[0]) && isAlnum(host[host.length - 1]) && /^[A-Za-z0-9.-]+$/.test(host);
    if (!hostOK) return 'Base URL needs a valid host name.';
  }
  if (port !== null) {
    const ok = port !== '' && port.length <= 5 && /^[0-9]+$/.test(port) && port[0] !== '0' && Number(port) >= 1 && Number(port) <= 65535;
    if (!ok) return 'Base URL port must be between 1 and 65535.';
  }
  return null;
}

const isRepoPart = (part) =>
  part.length > 0 && part.length <= 96 && isAlnum(part[0]) && isAlnum(part[part.length - 1]) && NAME_CHARS.test(part);

export function hfRepo(value) {
  const parts = value.split('/');
  return utf8Length(value) <= 193 && parts.length === 2 && parts.every(isRepoPart)
    ? null
    : 'Hugging Face repository must look like owner/name (letters, digits, . _ -).';
}

export function hfRevision(value) {
  const ok = value.length > 0 && utf8Length(value) <= 128 && /^[A-Za-z0-9_]/.test(value) && /^[A-Za-z0-9._/-]*$/.test(value);
  return ok ? null : 'Revision must be a branch, tag or commit (letters, digits, . _ / -).';
}

export function modelFile(value) {
  const bad = 'Model file must be the path of a .gguf file in the repository, without . or .. parts.';
  if (utf8Length(value) > 512 || !value.endsWith('.gguf')) return bad;
  const segments = value.split('/');
  if (segments.length > 9) return bad;
  for (let i = 0; i < segments.length; i++) {
    const isFile = i === segments.length - 1;
    const stem = isFile ? segments[i].slice(0, -5) : segments[i];
    const limit = isFile ? 251 : 128;
    if (stem.length === 0 || stem.length > limit || stem[0] === '.' || !NAME_CHARS.test(stem)) return bad;
  }
  return null;
}

// --- Form-level helpers ---------------------------------------------------------------

// Parses what a person typed in a number field. Integers accept grouping separators
// ("128,000", "128 000"); decimals accept a comma as the decimal separator ("0,7"), except
// that in English "1,000" groups digits.
// Returns NaN when the text is not a number, null when it is empty.
export function parseNumber(text, { integer = false, lang = 'en' } = {}) {
  const raw = String(text ?? '').trim();
  if (raw === '') return null;
  let s = raw.replace(/[\s\u00a0\u202f']/g, '');
  if (integer) {
    if (/^\d{1,3}([.,]\d{3})+$/.test(s)) s = s.replace(/[.,]/g, '');
    return /^[+]?\d+$/.test(s) ? Number(s) : NaN;
  }
  if (lang === 'en' && /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, '');
  if (s.includes(',') && s.includes('.')) {
    // Both separators: the last one is the decimal separator, the other one groups digits.
    const decimal = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    s = s.split(decimal === ',' ? '.' : ',').join('');
  }
  if (/^[+-]?(\d+[.,]?\d*|[.,]\d+)$/.test(s)) return Number(s.replace(',', '.'));
  return NaN;
}

export const HOSTED_FIELDS = Object.freeze([
  'provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default',
  'cost_input_per_million', 'cost_output_per_million',
]);
export const LOCAL_FIELDS = Object.freeze([
  'name', 'api_name', 'hf_repo', 'hf_revision', 'model_file', 'context_window', 'max_output_tokens', 'temperature_default',
]);
export const INTEGER_FIELDS = new Set(['context_window', 'max_output_tokens']);
export const NUMBER_FIELDS = new Set(['context_window', 'max_output_tokens', 'temperature_default', 'cost_input_per_million', 'cost_output_per_million']);

export function fieldsFor(type) {
  return type === 'local' ? LOCAL_FIELDS : HOSTED_FIELDS;
}

// Checks one field of the model form (values are the raw strings of the inputs).
export function checkModelField(field, values, { type = 'hosted', mode = 'create', lang = 'en' } = {}) {
  const v = values[field] ?? '';
  switch (field) {
    case 'provider_id':
      if (v === '') return 'Provider is required.';
      if (codePoints(v).length > 128) return 'Provider id must be at most 128 characters.';
      return null;
    case 'name': return displayName(v);
    case 'api_name': return apiName(v);
    case 'context_window': return contextWindow(parseNumber(v, { integer: true, lang }));
    case 'max_output_tokens': return maxOutputTokens(parseNumber(v, { integer: true, lang }));
    case 'temperature_default': return temperature(parseNumber(v, { lang }));
    case 'cost_input_per_million':
    case 'cost_output_per_million': {
      const n = parseNumber(v, { lang });
      return n === null ? null : cost(n);
    }
    case 'hf_repo':
      if (v === '' && type === 'local' && mode === 'create') return 'Hugging Face repository is required for a local model.';
      return hfRepo(v);
    case 'hf_revision':
      return v === '' && mode === 'create' ? null : hfRevision(v);
    case 'model_file':
      if (v === '' && type === 'local' && mode === 'create') return 'Model file is required for a local model.';
      return modelFile(v);
    case 'hf_token':
      return v === '' ? null : hfToken(v);
    default: return null;
  }
}

// Checks every field shown for `type`; `editable` (optional) limits the check to fields the
// person may change (a builtin model only changes temperature_default).
export function checkModelForm(values, { type = 'hosted', mode = 'create', editable = null, lang = 'en' } = {}) {
  const errors = {};
  for (const field of fieldsFor(type)) {
    if (editable && !editable.includes(field)) continue;
    if (mode === 'edit' && field === 'provider_id') continue;
    const message = checkModelField(field, values, { type, mode, lang });
    if (message) errors[field] = message;
  }
  return errors;
}

// API keys: printable ASCII without spaces, 1–4096 characters (FieldRules.apiKey).
export function apiKey(value) {
  if (utf8Length(value) < 1 || utf8Length(value) > 4096) return 'API key must be 1 to 4,096 characters.';
  return /^[\x21-\x7e]+$/.test(value) ? null : 'API key must be printable ASCII without spaces or line breaks.';
}

// Hugging Face tokens: printable ASCII without spaces, 1–4096 characters (like API keys).
export function hfToken(value) {
  if (utf8Length(value) < 1 || utf8Length(value) > 4096) return 'Hugging Face token must be 1 to 4,096 characters.';
  return /^[\x21-\x7e]+$/.test(value) ? null : 'Hugging Face token must be printable ASCII without spaces or line breaks.';
}

// `^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$` (Patterns.apiVersion).
export function apiVersion(value) {
  return /^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$/.test(value) ? null : 'API version must look like 2024-10-21 or 2025-01-01-preview.';
}

// Checks one field of the connection form. An empty key or API version is fine (the key is
// optional, the server defaults the version); the base URL is required when creating.
export function checkProviderField(field, values, { kind = '', mode = 'edit' } = {}) {
  const v = values[field] ?? '';
  if (field === 'name') return displayName(v);
  if (field === 'base_url') {
    if (kind === 'local') return null;
    if (v === '') return mode === 'create' ? 'Base URL is required.' : null;
    return baseURL(v);
  }
  if (field === 'api_version') return kind !== 'azure-openai' || v === '' ? null : apiVersion(v);
  if (field === 'api_key') return kind === 'local' || v === '' ? null : apiKey(v);
  if (LIMIT_FIELDS.includes(field)) {
    // Empty: no limit. Integers accept grouping ("60,000", "60 000").
    if (kind === 'local' || String(v).trim() === '') return null;
    const n = parseNumber(v, { integer: true });
    if (field === 'max_parallel') return maxParallel(n);
    return rateLimit(n, field === 'rpm_limit' ? 'Requests per minute' : 'Tokens per minute');
  }
  return null;
}

export const LIMIT_FIELDS = Object.freeze(['rpm_limit', 'tpm_limit', 'max_parallel']);
export const PROVIDER_FORM_FIELDS = Object.freeze(['name', 'base_url', 'api_version', 'api_key', ...LIMIT_FIELDS]);

// `fields` limits the check to the fields the form shows.
export function checkProviderForm(values, options = {}, fields = PROVIDER_FORM_FIELDS) {
  const errors = {};
  for (const field of fields) {
    const message = checkProviderField(field, values, options);
    if (message) errors[field] = message;
  }
  return errors;
}
