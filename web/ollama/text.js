// The Ollama library and Ollama itself speak English, as text ("1 year ago", "4.7GB", "42.1M",
// "pull model manifest: file does not exist"). What can be parsed is said again in the UI's
// language through Intl and the tables; what cannot is shown as it came.
// No DOM: node --test imports it.

import { translate } from '../shared/i18n.js';
import { formatBytes } from '../shared/format.js';

const LOCALES = { en: 'en-US', fr: 'fr-FR' };
const locale = (lang) => LOCALES[lang] || LOCALES.en;

const UNITS = { second: 'second', minute: 'minute', hour: 'hour', day: 'day', week: 'week', month: 'month', year: 'year' };

// "2 weeks ago", "an hour ago", "yesterday" → "il y a 2 semaines", "il y a 1 heure", "hier".
export function relativeAge(text, lang) {
  const raw = String(text ?? '').trim();
  if (!raw || lang === 'en') return raw;
  const lower = raw.toLowerCase();
  const rtf = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  if (lower === 'yesterday') return rtf.format(-1, 'day');
  if (lower === 'today') return rtf.format(0, 'day');
  if (lower === 'just now') return rtf.format(0, 'second');
  const match = /^(\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s?\s+ago$/.exec(lower);
  if (!match) return raw;
  const count = /^\d+$/.test(match[1]) ? Number(match[1]) : 1;
  return new Intl.RelativeTimeFormat(locale(lang), { numeric: 'always' }).format(-count, UNITS[match[2]]);
}

const BYTE_FACTORS = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

// "4.7GB", "5MB", "812 kB" → "4,7 Go", "5,0 Mo"; anything else as it came ("7b" is a
// parameter count, a tag's name).
export function sizeText(text, lang) {
  const raw = String(text ?? '').trim();
  const match = /^(\d+(?:\.\d+)?)\s*([kKMGT]?B)$/.exec(raw);
  if (!match || lang === 'en') return raw;
  return formatBytes(Number(match[1]) * BYTE_FACTORS[match[2].toUpperCase()], lang);
}

const COUNT_FACTORS = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

// "42.1M", "128K", "1,234" → the locale's short form ("42,1 M", "128 k"); else as it came.
export function countText(text, lang) {
  const raw = String(text ?? '').trim();
  const match = /^(\d+(?:[.,]\d{3})*(?:\.\d+)?)\s*([kmb]?)$/i.exec(raw);
  if (!match || lang === 'en') return raw;
  const value = Number(match[1].replace(/,/g, '')) * COUNT_FACTORS[match[2].toLowerCase()];
  if (!Number.isFinite(value)) return raw;
  return new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

// A capability Ollama names ("tools", "vision") in the UI's words, or as it came.
export function capabilityText(name, lang) {
  const key = `ollama.capability.${String(name ?? '').toLowerCase()}`;
  const said = translate(lang, key);
  return said === key ? String(name ?? '') : said;
}

// Ollama's own error sentences that the tables know, by their shape.
const OLLAMA_ERRORS = [
  [/^pull model manifest: file does not exist$/i, 'ollama.said.manifestMissing'],
  [/^pull model manifest: /i, 'ollama.said.manifestFailed'],
  [/^model ['"]?[^'"]*['"]? not found/i, 'ollama.said.modelNotFound'],
  [/^(?:max retries exceeded|.*connection reset by peer)/i, 'ollama.said.network'],
  [/^digest mismatch/i, 'ollama.said.digestMismatch'],
  [/no space left on device/i, 'ollama.said.noSpace'],
];

// A sentence of Ollama's (a failed pull's message) in the UI's words when its shape is known.
export function ollamaSaid(message, lang) {
  const raw = String(message ?? '').trim();
  if (!raw || lang === 'en') return raw;
  const said = raw.replace(/^Ollama:\s*/i, '');
  for (const [pattern, key] of OLLAMA_ERRORS) {
    if (pattern.test(said)) return translate(lang, key);
  }
  return raw;
}

// Why an Ollama job (a pull, an update check) failed, for the Ollama and Jobs pages. English
// keeps the job's message (the table's sentence for its code when it has none); another
// language says what the tables know of Ollama's sentence (by its shape) or of the code, else
// a plain "failed": never the English. `error`: { code, message }.
export function ollamaFailure(error, lang) {
  if (!error || (!error.code && !error.message)) return '';
  const message = String(error.message || '');
  const known = (prefix) => {
    const key = `${prefix}.${error.code}`;
    const said = error.code ? translate(lang, key) : key;
    return said === key ? null : said;
  };
  if (lang === 'en') return message || known('downloadError') || error.code || translate(lang, 'ollama.pull.failedGeneric');
  const said = ollamaSaid(message, lang);
  if (said && said !== message) return said;
  return known('err') || known('downloadError') || translate(lang, 'ollama.pull.failedGeneric');
}

// The technical detail of a server's error (the line under its explanation): English keeps the
// server's sentence; another language says again what it can parse of it (the host that
// refused, the name that did not resolve, the HTTP status) and drops the rest, which the
// explanation by code already says.
const DETAILS = [
  [/Nothing answers at (\S+) \(connection refused\)/, 'ollama.detail.refused', (m) => ({ host: m[1] })],
  [/host name "([^"]+)" could not be resolved/, 'ollama.detail.dns', (m) => ({ host: m[1] })],
  [/\bHTTP (\d{3})\b/, 'ollama.detail.http', (m) => ({ status: m[1] })],
  [/^No answer from /, 'ollama.detail.timeout', () => ({})],
  [/^The secure connection to /, 'ollama.detail.tls', () => ({})],
  [/broke before a full answer arrived/, 'ollama.detail.connection', () => ({})],
];

export function errorDetail(error, lang) {
  const message = String((error && error.message) || '');
  if (lang === 'en') return message;
  for (const [pattern, key, params] of DETAILS) {
    const match = pattern.exec(message);
    if (match) return translate(lang, key, params(match));
  }
  return '';
}

// Why an update check could not decide (Sources/Ollama/RegistryCheck.swift's sentences), in
// the UI's words by their shape; a transport failure as errorDetail says it.
const REASONS = [
  [/no valid sha256 digest/, 'ollama.reason.noDigest', () => ({})],
  [/not a registry name/, 'ollama.reason.notRegistryName', () => ({})],
  [/^Pulled from (\S+), not from the Ollama registry/, 'ollama.reason.otherHost', (m) => ({ host: m[1] })],
  [/^The registry does not know (\S+)/, 'ollama.reason.unknownToRegistry', (m) => ({ name: m[1] })],
  [/asked to slow down/, 'ollama.reason.rateLimited', () => ({})],
  [/^The registry answered HTTP (\d{3})/, 'ollama.reason.http', (m) => ({ status: m[1] })],
];

export function updateReason(reason, lang) {
  const raw = String(reason ?? '');
  if (!raw || lang === 'en') return raw;
  for (const [pattern, key, params] of REASONS) {
    const match = pattern.exec(raw);
    if (match) return translate(lang, key, params(match));
  }
  return errorDetail({ message: raw }, lang) || translate(lang, 'ollama.reason.generic');
}
