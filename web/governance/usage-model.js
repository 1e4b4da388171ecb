// The dashboard's usage chart as data: calls per UTC day (every day of the report, empty
// ones too), stacked by model (the busiest models, the rest as "other"), exact costs added
// with decimal.js, and the SVG to draw as a plain tree ({tag, attrs, children}) that
// usage-chart.js turns into elements. Pure: node --test checks the geometry and texts.

import { addDecimals, sumDecimals } from '../shared/decimal.js';
import { formatNumber, translate } from '../shared/i18n.js';
import { formatCostOrUnknown } from '../shared/format.js';

// Strings in the chart's language (the one asked for, not the page's).
const tr = (lang) => (key, params) => translate(lang, key, params);

export const MAX_SERIES = 4;
const MAX_DAYS = 366;

// 'YYYY-MM-DD' (UTC day) → a local Date of that calendar day, for display only.
export function dayDate(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

// Every day from `from` to `to` (inclusive), as 'YYYY-MM-DD'.
export function daysBetween(from, to) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const out = [];
  for (let time = start; time <= end && out.length < MAX_DAYS; time += 86400000) out.push(new Date(time).toISOString().slice(0, 10));
  return out;
}

// "12/31" in English, "31/12" in French: the axis labels.
export function shortDay(day, lang) {
  const date = dayDate(day);
  if (!date) return day;
  const dd = String(date.getDate()).padStart(2, '0');
  const mm = String(date.getMonth() + 1).padStart(2, '0');
  return lang === 'fr' ? `${dd}/${mm}` : `${mm}/${dd}`;
}

// The totals line: calls, tokens, and the cost — "unknown" when no call was priced, and
// marked partial when some were not.
export function usageTotals(totals, lang) {
  const t = tr(lang);
  const tt = totals || {};
  const unpriced = tt.unpriced_calls || 0;
  const known = tt.cost_usd !== null && tt.cost_usd !== undefined;
  let cost = formatCostOrUnknown(known ? tt.cost_usd : null, lang);
  if (known && unpriced > 0) cost = t('usage.partial', { cost, count: formatNumber(unpriced, lang) });
  return {
    calls: tt.calls || 0, unpriced, partial: known && unpriced > 0, unknown: !known && (tt.calls || 0) > 0, costText: cost,
    parts: [
      ['usage-total-calls', t('usage.calls', { count: formatNumber(tt.calls || 0, lang) })],
      ['usage-total-tokens', t('usage.tokens', { input: formatNumber(tt.input_tokens || 0, lang), output: formatNumber(tt.output_tokens || 0, lang) })],
      ['usage-total-cost', t('usage.cost', { cost })],
    ],
  };
}

// The report's usage by application key (`keys`, absent from older servers): one row per key,
// busiest first, with the totals line's texts (an unpriced cost stays unknown, never $0).
export function usageByKey(report, lang) {
  const keys = report && Array.isArray(report.keys) ? report.keys : [];
  return keys.map((entry) => {
    const totals = usageTotals(entry.totals, lang);
    return { id: entry.key_id, name: entry.key_name || entry.key_prefix || entry.key_id, prefix: entry.key_prefix || '', calls: totals.calls,
      partial: totals.partial, unknown: totals.unknown, parts: totals.parts.map(([testid, text]) => [testid.replace('usage-total-', 'usage-key-'), text]) };
  }).sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
}

// Per-day rows of the report grouped by day; the busiest models become series.
export function usageSeries(report, maxSeries = MAX_SERIES, lang = 'en') {
  const t = tr(lang);
  const rows = (report && Array.isArray(report.days)) ? report.days : [];
  const byModel = new Map();
  for (const row of rows) {
    const entry = byModel.get(row.model_id) || { id: row.model_id, name: row.model_name || row.model_id, calls: 0 };
    entry.calls += row.calls || 0;
    byModel.set(row.model_id, entry);
  }
  const ranked = [...byModel.values()].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  const named = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const series = named.map((model, index) => ({ id: model.id, name: model.name, className: `series-${index}` }));
  if (ranked.length > named.length) series.push({ id: null, name: t('usage.other'), className: 'series-other' });
  const seriesOf = (id) => series.findIndex((s) => s.id === id) >= 0 ? series.findIndex((s) => s.id === id) : series.length - 1;

  const days = daysBetween(report && report.from, report && report.to).map((day) => ({
    day, calls: 0, inputTokens: 0, outputTokens: 0, cost: null, unpriced: 0, stack: series.map(() => 0), models: [],
  }));
  const index = new Map(days.map((d, i) => [d.day, i]));
  for (const row of rows) {
    if (!index.has(row.day)) continue;
    const d = days[index.get(row.day)];
    d.calls += row.calls || 0;
    d.inputTokens += row.input_tokens || 0;
    d.outputTokens += row.output_tokens || 0;
    d.unpriced += row.unpriced_calls || 0;
    if (row.cost_usd !== null && row.cost_usd !== undefined) d.cost = d.cost ? addDecimals(d.cost, row.cost_usd) : sumDecimals([row.cost_usd]);
    d.stack[seriesOf(row.model_id)] += row.calls || 0;
    d.models.push({ name: row.model_name || row.model_id, calls: row.calls || 0 });
  }
  return { series, days };
}

// One day's tooltip: date, calls, tokens, cost (partial or unknown) and the models.
export function dayTitle(d, lang) {
  const t = tr(lang);
  let cost = formatCostOrUnknown(d.cost, lang);
  if (d.cost && d.unpriced > 0) cost = t('usage.partial', { cost, count: formatNumber(d.unpriced, lang) });
  const models = d.models.map((m) => t('usage.modelCalls', { name: m.name, count: formatNumber(m.calls, lang) }));
  return [
    `${shortDay(d.day, lang)} · ${t('usage.calls', { count: formatNumber(d.calls, lang) })}`,
    t('usage.tokens', { input: formatNumber(d.inputTokens, lang), output: formatNumber(d.outputTokens, lang) }),
    d.calls ? t('usage.cost', { cost }) : null,
    ...models,
  ].filter(Boolean).join('\n');
}

// A "nice" top of the axis: 1, 2, 5 × 10^n at or above max.
export function axisMax(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((k) => k * power).find((top) => top >= max);
}

// The SVG tree: bars stacked per day (one <g> per day with its <title>), a baseline, the
// axis top and the first / last day. role="img" with the summary as its label.
export function usageChart(report, { width = 640, height = 180, lang = 'en', maxSeries = MAX_SERIES } = {}) {
  const t = tr(lang);
  const { series, days } = usageSeries(report, maxSeries, lang);
  const totals = usageTotals(report && report.totals, lang);
  const busiest = days.reduce((best, d) => (d.calls > (best ? best.calls : 0) ? d : best), null);
  const empty = !busiest;
  const left = 34;
  const right = 6;
  const top = 10;
  const bottom = 22;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = axisMax(busiest ? busiest.calls : 0);
  const band = days.length ? plotW / days.length : plotW;
  const barW = Math.max(1, Math.round(band * 0.72 * 10) / 10);
  const round = (n) => Math.round(n * 10) / 10;
  const label = empty
    ? t('usage.emptyLabel', { from: shortDay(report && report.from, lang), to: shortDay(report && report.to, lang) })
    : t('usage.summary', {
      from: shortDay(report.from, lang), to: shortDay(report.to, lang), calls: formatNumber(totals.calls, lang),
      day: shortDay(busiest.day, lang), busiest: formatNumber(busiest.calls, lang), cost: totals.costText,
    });
  const groups = days.map((d, i) => {
    let y = top + plotH;
    const rects = [];
    d.stack.forEach((calls, k) => {
      if (!calls) return;
      const h = round((calls / max) * plotH);
      y = round(y - h);
      rects.push({ tag: 'rect', attrs: { class: `usage-bar ${series[k].className}`, x: round(left + i * band + (band - barW) / 2), y, width: barW, height: h } });
    });
    return { tag: 'g', attrs: { class: 'usage-day', 'data-day': d.day, 'data-calls': d.calls }, children: [{ tag: 'title', text: dayTitle(d, lang) }, ...rects] };
  });
  const text = (x, y, anchor, content, className) => ({ tag: 'text', attrs: { x, y, 'text-anchor': anchor, class: className }, text: content });
  const svg = {
    tag: 'svg',
    attrs: { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'usage-svg', focusable: 'false' },
    children: [
      { tag: 'line', attrs: { class: 'usage-grid', x1: left, x2: width - right, y1: top, y2: top } },
      { tag: 'line', attrs: { class: 'usage-axis', x1: left, x2: width - right, y1: top + plotH, y2: top + plotH } },
      text(left - 4, top + 4, 'end', formatNumber(max, lang), 'usage-tick'),
      text(left - 4, top + plotH, 'end', formatNumber(0, lang), 'usage-tick'),
      days.length ? text(left, height - 6, 'start', shortDay(days[0].day, lang), 'usage-tick') : null,
      days.length > 1 ? text(width - right, height - 6, 'end', shortDay(days[days.length - 1].day, lang), 'usage-tick') : null,
      ...groups,
    ].filter(Boolean),
  };
  return { empty, label, series, days, totals, svg, max };
}
