// Dashboard: counts of providers and models, with links to their pages, and the usage of the
// last 30 days (views/usage-chart.js, loaded once the counts show), then "Connect an
// application" (keys/connect.js, loaded with it).

import { h, replace } from '../shared/dom.js';
import { t, describeError, formatNumber, loadStrings } from '../shared/i18n.js';
import * as S from '../store.js';

// The strings of what this shows load with its code, out of the first load.
await loadStrings('models');

export function mountDashboard(ctx, state) {
  const body = h('div', { class: 'stats' });
  const status = h('div', { class: 'page-status' });
  const el = h('section', { class: 'page', testid: 'dashboard-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('dashboard.title'))),
    status, body);

  const usageSlot = h('div', { class: 'usage-slot' });
  el.appendChild(usageSlot);
  let usage = null;
  import('../governance/usage-chart.js').then((module) => {
    usage = module.mountUsageChart(ctx, ctx.getState());
    usageSlot.replaceChildren(usage.el);
  }, () => { /* offline before it was cached: the counts still show */ });
  const connectSlot = h('div', { class: 'connect-slot' });
  el.appendChild(connectSlot);
  Promise.all([import('../keys/connect.js'), loadStrings('keys'), import('../shared/lazy-styles.js').then((m) => m.loadStyles('/keys/keys.css'))]).then(([module]) => {
    const panel = module.mountConnect({ origin: location.origin, testid: 'dashboard-connect' });
    panel.el.append(h('a', { href: '#/keys', class: 'btn btn-secondary', testid: 'dashboard-link-keys' }, t('dashboard.manageKeys')));
    connectSlot.replaceChildren(panel.el);
  }, () => { /* offline before it was cached */ });

  const count = (value) => (value === null || value === undefined ? '…' : formatNumber(value));

  function stat(testid, value, label) {
    return h('div', { class: 'stat' }, h('span', { class: 'stat-value', testid }, count(value)), h('span', { class: 'stat-label' }, label));
  }

  function render(next) {
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
    if (prev && next.dashboard === prev.dashboard && next.providers === prev.providers && next.online === prev.online) return;
    render(next);
  }
  render(state);
  return { el, update };
}
