// Exact decimals for money. The server computes costs with exact decimal arithmetic and sends
// them as JSON numbers; a number read from JSON prints back as the same digits (String(n) is
// the shortest text that reads back to it), so costs are taken from that text and never added
// or rounded as floats: 0.1 + 0.2 is 0.3 here, not 0.30000000000000004.
// A decimal is { units: BigInt, scale } meaning units × 10^-scale. No DOM: node --test imports it.

const TEXT = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function normalize(units, scale) {
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

// A number, a numeric string or a decimal → a decimal; null for null, '' or anything else.
export function parseDecimal(value) {
  if (value && typeof value === 'object' && typeof value.units === 'bigint') return value;
  let text;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = TEXT.exec(text);
  if (!match || (!match[2] && !match[3])) return null;
  const exponent = Number(match[4] || 0);
  if (Math.abs(exponent) > 400) return null;
  const fraction = match[3] || '';
  let digits = (match[2] || '') + fraction;
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const units = BigInt(digits || '0');
  return normalize(match[1] === '-' ? -units : units, scale);
}

const pow10 = (n) => 10n ** BigInt(n);

// a + b, exactly; null when either is unknown.
export function addDecimals(a, b) {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) return null;
  const scale = Math.max(x.scale, y.scale);
  return normalize(x.units * pow10(scale - x.scale) + y.units * pow10(scale - y.scale), scale);
}

// Sum of a list; null items are skipped. Null when the list holds no known value.
export function sumDecimals(values) {
  let total = null;
  for (const value of values) {
    const d = parseDecimal(value);
    if (d) total = total ? addDecimals(total, d) : d;
  }
  return total;
}

// At most `places` digits after the point, half away from zero.
export function roundDecimal(value, places) {
  const d = parseDecimal(value);
  if (!d || d.scale <= places) return d;
  const factor = pow10(d.scale - places);
  let quotient = d.units / factor;
  const rest = d.units % factor;
  const abs = rest < 0n ? -rest : rest;
  if (abs * 2n >= factor) quotient += d.units < 0n ? -1n : 1n;
  return normalize(quotient, places);
}

// { negative, int: '1234', frac: '50' } with at least `minFraction` fraction digits.
export function decimalParts(value, minFraction = 0) {
  const d = parseDecimal(value);
  if (!d) return null;
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale).padEnd(minFraction, '0');
  return { negative: negative && (d.units !== 0n), int, frac };
}

// Plain text without exponent: "0.0000028", "-12.5", "3".
export function decimalString(value) {
  const parts = decimalParts(value);
  if (!parts) return null;
  return `${parts.negative ? '-' : ''}${parts.int}${parts.frac ? `.${parts.frac}` : ''}`;
}

export const isZeroDecimal = (value) => {
  const d = parseDecimal(value);
  return !!d && d.units === 0n;
};

// Digits of an integer part grouped by three with `separator`.
export function groupDigits(int, separator) {
  if (!separator) return int;
  let out = '';
  for (let end = int.length; end > 0; end -= 3) out = (end - 3 > 0 ? separator : '') + int.slice(Math.max(0, end - 3), end) + out;
  return out;
}
