// Dashboard: counts of providers and models, with links to their pages, the models called
// without a price (sync/unpriced-card.js) and the usage of the last 30 days
// (governance/usage-chart.js, loaded once the counts say there were calls; until
// then the card's frame says there are none), then "Connect an application" (keys/connect.js).

import { h, loadStyles, replace } from '../shared/dom.js';
import { t, describeError, formatNumber, loadStrings } from '../shared/i18n.js';
import * as S from '../store.js';
import { selectFirstRun } from './first-run.js';

// The strings of what this shows load with its code, out of the first load.
await Promise.all([loadStrings('dashboard'), loadStyles('/models/pages.css')]);

export function mountDashboard(ctx, state) {
  const body = h('div', { class: 'stats' });
  const status = h('div', { class: 'page-status' });
  const firstRun = h('div', { class: 'first-run-slot' });
  const el = h('section', { class: 'page', testid: 'dashboard-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('dashboard.title'))),
    status, firstRun, body);

  // Calls without a price: loaded only when there were calls.
  let unpricedSlot = h('div', { class: 'unpriced-slot' });
  let unpriced = null;
  let unpricedFor = null;
  function loadUnpriced(next) {
    const d = next.dashboard;
    if (d.status !== 'ready' || !(d.calls > 0) || unpricedFor === d) return;
    unpricedFor = d;
    import('../sync/unpriced-card.js').then((module) => {
      unpriced ||= module.mountUnpricedCard(ctx, ctx.getState());
      if (unpricedSlot !== unpriced.el) unpricedSlot.replaceWith(unpriced.el);
      unpricedSlot = unpriced.el;
      ctx.sync('loadUnpriced');
    }, () => { /* offline before it was cached */ });
  }
  const usageSlot = h('div', { class: 'usage-slot' });
  el.append(unpricedSlot, usageSlot);
  let usage = null;
  let chartWanted = false;
  function loadChart() {
    chartWanted = true;
    import('../governance/usage-chart.js').then((module) => {
      usage = module.mountUsageChart(ctx, ctx.getState());
      usageSlot.replaceChildren(usage.el);
    }, () => { /* offline before it was cached: the counts still show */ });
  }
  // No call in the window: the card without the chart's code (a third of a first visit).
  function renderUsage(next) {
    const calls = next.dashboard.calls;
    if (chartWanted) return;
    if (calls === null || calls === undefined) {
      if (next.dashboard.status === 'ready' || next.dashboard.status === 'error') loadChart();
      return;
    }
    if (calls > 0) return loadChart();
    replace(usageSlot, h('section', { class: 'card usage-card', testid: 'usage-chart', 'aria-labelledby': 'usage-title', dataset: { status: 'ready', calls: '0' } },
      h('div', { class: 'card-head' }, h('h2', { id: 'usage-title' }, t('usage.title')),
        h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: 'usage-refresh', 'data-net': '', onclick: () => ctx.actions.loadDashboard() }, t('usage.refresh'))),
      h('p', { class: 'muted usage-intro' }, t('usage.intro')),
      h('div', { class: 'empty-state usage-empty', testid: 'usage-empty' },
        h('p', {}, t('usage.empty')),
        h('a', { href: '#/models', class: 'btn btn-secondary btn-small' }, t('usage.toModels')))));
  }
  const connectSlot = h('div', { class: 'connect-slot' });
  el.appendChild(connectSlot);
  Promise.all([import('../keys/connect.js'), loadStrings('connect')]).then(([module]) => {
    const panel = module.mountConnect({ origin: location.origin, testid: 'dashboard-connect' });
    panel.el.append(h('a', { href: '#/keys', class: 'btn btn-secondary', testid: 'dashboard-link-keys' }, t('dashboard.manageKeys')));
    connectSlot.replaceChildren(panel.el);
  }, () => { /* offline before it was cached */ });

  // The checklist of an install nobody has set up yet; each step links to where it is done
  // and ticks itself from the data the pages load.
  function renderFirstRun(next) {
    const list = selectFirstRun(next, { ollamaVisited: ctx.actions.flag('ollamaVisited'), hidden: ctx.actions.flag('firstRunHidden') });
    if (!list) {
      firstRun.replaceChildren();
      return;
    }
    const hide = h('button', {
      type: 'button', class: 'btn btn-ghost btn-small', testid: 'first-run-hide',
      onclick: () => {
        ctx.actions.setFlag('firstRunHidden');
        renderFirstRun(ctx.getState());
      },
    }, t('firstRun.hide'));
    replace(firstRun, h('article', { class: 'card first-run', testid: 'first-run', 'aria-labelledby': 'first-run-title', dataset: { done: String(list.done) } },
      h('div', { class: 'card-head' },
        h('h2', { id: 'first-run-title' }, t('firstRun.title')),
        h('span', { class: 'muted', testid: 'first-run-progress' }, t('firstRun.progress', { done: formatNumber(list.done), total: formatNumber(list.total) }))),
      h('ol', { class: 'first-run-steps' }, list.steps.map((step) => h('li', {
        class: `first-run-step${step.done ? ' is-done' : ''}`, testid: 'first-run-step', dataset: { step: step.id, done: String(step.done) },
      },
      h('span', { class: 'first-run-mark', 'aria-hidden': 'true' }, step.done ? '✓' : ''),
      h('a', { href: step.href, testid: 'first-run-link', class: 'first-run-link' },
        t(`firstRun.${step.id}`),
        h('span', { class: 'visually-hidden' }, ` (${t(step.done ? 'firstRun.stepDone' : 'firstRun.stepTodo')})`)),
      h('span', { class: 'muted first-run-hint' }, t(`firstRun.${step.id}Hint`))))),
      h('div', { class: 'card-actions' }, hide)));
  }

  const count = (value) => (value === null || value === undefined ? '…' : formatNumber(value));

  function stat(testid, value, label) {
    return h('div', { class: 'stat' }, h('span', { class: 'stat-value', testid }, count(value)), h('span', { class: 'stat-label' }, label));
  }

  function render(next) {
    renderFirstRun(next);
    renderUsage(next);
    loadUnpriced(next);
    const c = S.selectDashboardCounts(next);
    replace(body,
      h('article', { class: 'card stat-card' },
        h('h2', {}, t('dashboard.providers')),
        h('div', { class: 'stat-row' },
          stat('dashboard-providers-count', c.providers, t('dashboard.connections')),
          stat('dashboard-providers-enabled', c.enabledProviders, t('dashboard.enabled'))),
        h('a', { href: '#/providers', class: 'btn btn-secondary', testid: 'dashboard-link-providers' }, t('dashboard.manageProviders'))),
      h('article', { class: 'card stat-card' },
        h('h2', {}, t('dashboard.models')),
        h('div', { class: 'stat-row' },
          stat('dashboard-models-count', c.models, t('dashboard.inCatalog')),
          stat('dashboard-models-local', c.local, t('dashboard.local')),
          stat('dashboard-models-deprecated', c.deprecated, t('dashboard.deprecated'))),
        h('a', { href: '#/models', class: 'btn btn-secondary', testid: 'dashboard-link-models' }, t('dashboard.manageModels'))));

    const error = next.dashboard.error || next.providers.error;
    if (!next.online && next.dashboard.status !== 'ready') {
      replace(status, h('p', { class: 'notice' }, t('offline.noData')));
    } else if (error) {
      replace(status, h('div', { class: 'alert', role: 'alert' },
        h('p', {}, t('dashboard.loadFailed'), ' ', describeError(error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.actions.loadDashboard() }, t('action.retry'))));
    } else {
      status.replaceChildren();
    }
  }

  function update(next, prev) {
    if (usage) usage.update(next, prev);
    if (unpriced) unpriced.update(next, prev);
    if (prev && next.dashboard === prev.dashboard && next.providers === prev.providers && next.online === prev.online && next.jobs === prev.jobs) return;
    render(next);
  }
  render(state);
  return { el, update };
}
