// Locale-aware dates, costs, sizes, speeds, durations and percents, for the pages that show
// them: loaded with them, out of the first load (costs need decimal.js). The strings and
// the number formats come from i18n.js. No DOM access: `node --test` imports this module.

import { decimalParts, groupDigits, parseDecimal, roundDecimal } from './decimal.js';
import { formatter, getLanguage, translate } from './i18n.js';

// DD/MM/YYYY in French, MM/DD/YYYY in English.
export function formatDate(value, lang = getLanguage()) {
  if (!value) return '–';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '–';
  return formatter('date', lang, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}

// A day with the month's name: "Jan 14, 2027", "14 janv. 2027". A calendar date (YYYY-MM-DD,
// as deprecation dates are sent) is that day wherever the browser is; a date-time is the
// browser's day.
export function formatDay(value, lang = getLanguage()) {
  if (!value) return '–';
  const calendar = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = value instanceof Date ? value : new Date(calendar ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return '–';
  return formatter('date', lang, { day: 'numeric', month: 'short', year: 'numeric', ...(calendar ? { timeZone: 'UTC' } : {}) }).format(date);
}

// US dollars from the exact decimal digits (decimal.js), never float arithmetic: at least 2
// and at most `places` fraction digits, in the locale's pattern ("$0.0000028", "2,50 $US").
export function formatCost(value, lang = getLanguage(), places = 8) {
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
export const formatCostOrUnknown = (value, lang = getLanguage()) =>
  (value === null || value === undefined ? translate(lang, 'common.unknown') : formatCost(value, lang));

// Date and time of day: DD/MM/YYYY HH:MM in French, the English locale format otherwise.
export function formatDateTime(value, lang = getLanguage()) {
  if (!value) return '–';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '–';
  return formatter('date', lang, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
}

// Sizes in decimal units (1 kB = 1,000 bytes), as download tools show them: "1.2 GB", "1,2 Go".
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
export function formatBytes(value, lang = getLanguage()) {
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

export function formatSpeed(bytesPerSecond, lang = getLanguage()) {
  if (bytesPerSecond === null || bytesPerSecond === undefined || !Number.isFinite(Number(bytesPerSecond))) return '–';
  return translate(lang, 'bytes.perSecond', { size: formatBytes(Math.max(0, Number(bytesPerSecond)), lang) });
}

// A duration for an ETA: "45 s", "3 min 20 s", "1 h 05 min".
export function formatDuration(seconds, lang = getLanguage()) {
  const n = Number(seconds);
  if (seconds === null || seconds === undefined || !Number.isFinite(n) || n < 0) return '–';
  const total = Math.round(n);
  if (total < 60) return translate(lang, 'duration.s', { s: total });
  if (total < 3600) return translate(lang, 'duration.ms', { m: Math.floor(total / 60), s: String(total % 60).padStart(2, '0') });
  const minutes = Math.round(total / 60);
  return translate(lang, 'duration.hm', { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, '0') });
}

// 0–100 → "42%" / "42 %".
export function formatPercent(value, lang = getLanguage()) {
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n)) return '–';
  const clamped = Math.min(100, Math.max(0, n));
  // Never show 100 % before the end: 99.6 % reads 99 %.
  const shown = clamped < 100 ? Math.floor(clamped) : 100;
  return formatter('number', lang, { style: 'percent', maximumFractionDigits: 0 }).format(shown / 100);
}
