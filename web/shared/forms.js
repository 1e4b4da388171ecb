// Form inputs checked against the server's Rules (GET /api/meta, shared/meta.js): one generic
// validator that answers the same FieldError codes and params as the server (`required`,
// `too_long {max}`, `blank`, `control_characters`, `contains_spaces`, `too_small {min}`,
// `too_large {max}`, `too_many_decimals {places}`, `not_printable_ascii`,
// `invalid_format {example}`, `invalid_url {reason}`), shown through the same translations
// (i18n.describeFieldError). Also what a person may type in a number field.
// No DOM access: `node --test` imports this module.

import { loadMeta, ruleOf } from './meta.js';
import { loadStrings } from './i18n.js';

// The rules, and the sentences of the codes, load with the checks that use them.
await Promise.all([loadMeta(), loadStrings('forms')]);

const fieldError = (code, params = {}) => ({ code, params });
export const REQUIRED = Object.freeze(fieldError('required'));

const codePoints = (value) => Array.from(value, (c) => c.codePointAt(0));
// C0 and C1 control characters and DEL.
export const isControl = (cp) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
// Unicode White_Space plus U+001C–U+001F (the server's "spaces").
const WHITE_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);
export const isSpace = (cp) => WHITE_SPACE.has(cp) || (cp >= 0x1c && cp <= 0x1f);

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

const isNumeric = (rule) => rule.type === 'integer' || rule.type === 'number';

// A number has at most `places` decimals, allowing a JSON number's binary noise.
function fitsPlaces(value, places) {
  const scaled = value * 10 ** places;
  const ulp = Math.max(Number.MIN_VALUE, Math.abs(scaled) * Number.EPSILON);
  return Math.abs(scaled - Math.round(scaled)) <= ulp * 4;
}

function matches(pattern, value) {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    try {
      return new RegExp(pattern).test(value);
    } catch {
      return true; // a pattern this browser cannot read: the server checks it
    }
  }
}

function checkNumber(rule, text, lang) {
  const value = typeof text === 'number' ? text : parseNumber(text, { integer: rule.type === 'integer', lang });
  if (value === null) return null;
  if (!Number.isFinite(value) || (rule.type === 'integer' && !Number.isInteger(value))) return fieldError('invalid');
  if (rule.min !== undefined && value < rule.min) return fieldError('too_small', { min: rule.min });
  if (rule.max !== undefined && value > rule.max) return fieldError('too_large', { max: rule.max });
  if (rule.decimal_places !== undefined && !fitsPlaces(value, rule.decimal_places)) return fieldError('too_many_decimals', { places: rule.decimal_places });
  return null;
}

function checkText(rule, value) {
  const cps = codePoints(value);
  if (rule.min_length !== undefined && cps.length < rule.min_length) return cps.length ? fieldError('invalid') : REQUIRED;
  if (rule.max_length !== undefined && cps.length > rule.max_length) return fieldError('too_long', { max: rule.max_length });
  if (rule.no_spaces && cps.some((cp) => isSpace(cp) || isControl(cp))) return fieldError('contains_spaces');
  if (rule.no_control && cps.some(isControl)) return fieldError('control_characters');
  if (rule.not_blank && cps.every(isSpace)) return fieldError('blank');
  if (rule.printable_ascii && !/^[\x21-\x7e]*$/.test(value)) return fieldError('not_printable_ascii');
  if (rule.type === 'url') {
    if (!/^[\x21-\x7e]*$/.test(value)) return fieldError('invalid_url', { reason: 'characters' });
    const schemes = rule.schemes || ['http', 'https'];
    if (!schemes.some((scheme) => value.toLowerCase().startsWith(`${scheme}://`))) return fieldError('invalid_url', { reason: 'scheme' });
  }
  if (rule.pattern && !matches(rule.pattern, value)) return fieldError('invalid_format', rule.example !== undefined ? { example: rule.example } : {});
  return null;
}

// Checks one value (what the input holds, or a number) against a Rule: a FieldError
// `{code, params}`, or null when the server would take it. `required` overrides the rule's
// own flag where a form knows better (a local model needs its repository).
export function validateValue(rule, value, { required = rule.required, lang = 'en' } = {}) {
  const empty = value === null || value === undefined || value === '' || (isNumeric(rule) && typeof value === 'string' && value.trim() === '');
  if (empty) return required ? REQUIRED : null;
  if (isNumeric(rule)) return checkNumber(rule, value, lang);
  return checkText(rule, String(value));
}

// Checks a field by name against the server's rules; nothing is checked (null) when the
// rules are unknown (a server without /api/meta): the server still checks on save.
export function checkField(entity, field, value, options = {}) {
  const rule = ruleOf(entity, field);
  return rule ? validateValue(rule, value, options) : null;
}

// A form's general message that only sent the person to its fields ("Some fields need a fix",
// or a refusal whose every field message sits under its field) goes once no field has an
// error left; any other message stays.
export function settledError(error, errors) {
  if (!error || Object.keys(errors).length) return error;
  if (error.code === 'client_validation') return null;
  const placed = error.fields && Object.keys(error.fields).length > 0 && !Object.keys(error.unplaced || {}).length;
  return placed ? null : error;
}
