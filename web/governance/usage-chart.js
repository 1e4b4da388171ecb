// The dashboard's usage card: calls per day over the last 30 days as an SVG bar chart drawn
// from usage-model.js (stacked by model, each day's figures in its <title>), a legend, and the
// totals (calls, tokens, cost — unknown or partial when some calls had no price). Loaded by
// the dashboard after its counts show.

import { h, loadStyles, replace } from '../shared/dom.js';
import { t, describeError, loadStrings } from '../shared/i18n.js';
import { usageByKey, usageChart } from './usage-model.js';
import { selectUsage } from './store.js';

await Promise.all([loadStrings('usage'), loadStrings('dashboard'), loadStyles('/governance/usage.css')]);

const SVG_NS = 'http://www.w3.org/2000/svg';

// A tree of usage-model.js ({tag, attrs, text, children}) as SVG elements; text stays text.
export function svgElement(node) {
  const el = document.createElementNS(SVG_NS, node.tag);
  for (const [name, value] of Object.entries(node.attrs || {})) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  if (node.text !== undefined) el.textContent = node.text;
  for (const child of node.children || []) el.appendChild(svgElement(child));
  return el;
}

export function mountUsageChart(ctx, state) {
  const body = h('div', { class: 'usage-body', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: 'usage-refresh', 'data-net': '',
    onclick: () => ctx.governance('loadUsage') }, t('usage.refresh'));
  const el = h('section', { class: 'card usage-card', testid: 'usage-chart', 'aria-labelledby': 'usage-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'usage-title' }, t('usage.title')), refresh),
    h('p', { class: 'muted usage-intro' }, t('usage.intro')),
    body);

  function render(next) {
    const usage = selectUsage(next);
    el.dataset.status = usage.status;
    refresh.setAttribute('aria-busy', usage.status === 'loading' ? 'true' : 'false');
    if (usage.status === 'error' && !usage.report) {
      return replace(body, h('div', { class: 'alert', role: 'alert', testid: 'usage-error' },
        h('p', {}, t('usage.loadFailed'), ' ', describeError(usage.error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.governance('loadUsage') }, t('action.retry'))));
    }
    if (!usage.report) return replace(body, h('p', { class: 'muted', role: 'status' }, t('usage.loading')));
    const narrow = next.layout === 'cards';
    const chart = usageChart(usage.report, { width: narrow ? 360 : 720, height: narrow ? 190 : 200, lang: next.lang });
    el.dataset.calls = String(chart.totals.calls);
    if (chart.empty) {
      return replace(body, h('div', { class: 'empty-state usage-empty', testid: 'usage-empty' },
        h('p', {}, t('usage.empty')),
        h('a', { href: '#/models', class: 'btn btn-secondary btn-small' }, t('usage.toModels'))));
    }
    const svg = svgElement(chart.svg);
    svg.setAttribute('data-testid', 'usage-svg');
    const legend = h('ul', { class: 'usage-legend', testid: 'usage-legend', 'aria-label': t('usage.legend') },
      chart.series.map((series) => h('li', {}, h('span', { class: `usage-swatch ${series.className}`, 'aria-hidden': 'true' }), series.name)));
    const totals = h('p', { class: 'usage-totals', testid: 'usage-totals', dataset: { partial: chart.totals.partial ? 'true' : 'false', unknown: chart.totals.unknown ? 'true' : 'false' } },
      chart.totals.parts.map(([testid, text], index) => [index ? h('span', { class: 'sep', 'aria-hidden': 'true' }, ' · ') : null, h('span', { testid }, text)]));
    return replace(body, h('figure', { class: 'usage-figure' }, svg), legend, totals, byKey(usageByKey(usage.report, next.lang)));
  }

  // Usage by application key, under the totals; nothing when no key made a call.
  function byKey(rows) {
    if (!rows.length) return null;
    return h('section', { class: 'usage-keys', testid: 'usage-keys', 'aria-labelledby': 'usage-keys-title' },
      h('h3', { id: 'usage-keys-title' }, t('usage.byKey')),
      h('p', { class: 'muted usage-intro' }, t('usage.byKeyHint')),
      h('ul', { class: 'usage-key-list' }, rows.map((row) => h('li', {
        class: 'usage-key', testid: 'usage-key-row', dataset: { keyId: row.id, partial: row.partial ? 'true' : 'false', unknown: row.unknown ? 'true' : 'false' },
      }, h('span', { class: 'usage-key-name', testid: 'usage-key-name' }, row.name, row.prefix ? h('span', { class: 'muted mono' }, ` ${row.prefix}…`) : null),
      row.parts.map(([testid, text]) => h('span', { testid }, text))))),
      h('a', { href: '#/keys', class: 'btn btn-ghost btn-small' }, t('usage.toKeys')));
  }

  function update(next, prev) {
    if (prev && selectUsage(next) === selectUsage(prev) && next.layout === prev.layout && next.lang === prev.lang) return;
    render(next);
  }
  render(state);
  ctx.governance('loadUsage');
  return { el, update };
}
