// Keys page (#/keys): the application keys that open Hangar's gateway (`/v1`), one card each —
// name, prefix, state (active, expired, revoked), scopes, models, limits, last use, expiry,
// and the spend of the current period against the budget — with New key, Edit and Revoke
// (keys/dialogs.js); then "Connect an application" (connect.js). Loaded on first visit.

import { h, loadStyles, reconcile, redrawKeepingFocus, replace, unchanged } from '../shared/dom.js';
import { t, describeError, formatNumber, loadStrings } from '../shared/i18n.js';
import { formatCost, formatDate, formatDateTime } from '../shared/format.js';
import { fact } from '../shared/widgets.js';
import * as K from './store.js';
import { mountConnect } from './connect.js';

await Promise.all([loadStrings('keys'), loadStrings('connect'), loadStyles('/models/models.css'), loadStyles('/keys/keys.css'), loadStyles('/models/pages.css')]);

// "60 requests/min · 100,000 tokens/min · 4 at once", or null without limits.
export function limitsText(key) {
  const parts = [['rpm_limit', 'keys.rpm'], ['tpm_limit', 'keys.tpm'], ['max_parallel', 'keys.parallel']]
    .filter(([field]) => key[field] !== null && key[field] !== undefined).map(([field, name]) => t(name, { n: formatNumber(key[field]) }));
  return parts.length ? parts.join(' · ') : null;
}

// "$1.20 of $5.00 this month · resets on 01/01/2027", or the spend alone without a budget.
export function spendText(key) {
  const b = K.budgetOf(key);
  if (b.budget === null) return t('keys.spentNoBudget', { spent: formatCost(b.spent) });
  const main = t(`keys.spentOf.${b.period || 'total'}`, { spent: formatCost(b.spent), budget: formatCost(b.budget) });
  return b.endsAt ? `${main} · ${t('keys.resets', { date: formatDateTime(b.endsAt) })}` : main;
}

export function modelsText(state, key) {
  const names = K.keyModelNames(state, key);
  if (names === null) return t('keys.allModels');
  return t('keys.modelsList', { count: formatNumber(names.length), names: names.join(', ') });
}

const STATE_BADGE = { active: 'badge-ok', expired: 'badge-warn', revoked: 'badge-muted' };

function keyCard(ctx, state, key, now) {
  const status = K.keyState(key, now);
  const budget = K.budgetOf(key);
  const limits = limitsText(key);
  const scopes = (key.scopes || []).map((scope) => t(`keys.scope.${scope}`)).join(' · ');
  let expiry = key.expires_at ? formatDate(key.expires_at) : t('keys.never');
  if (key.revoked_at) expiry = t('keys.revokedOn', { date: formatDate(key.revoked_at) });
  const bar = budget.budget === null ? null
    : h('meter', { class: 'budget-bar', testid: 'key-budget-bar', min: '0', max: String(budget.budget), low: String(budget.budget * 0.8),
      high: String(budget.budget * 0.999), optimum: '0', value: String(Math.min(budget.spent, budget.budget)),
      'aria-label': t('keys.budgetLabel', { name: key.name }), dataset: { level: budget.level, percent: String(Math.floor(budget.percent)) } });
  const actions = status === 'revoked' ? [] : [
    h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'key-edit', 'data-net': '', 'aria-haspopup': 'dialog',
      'aria-label': t('keys.editNamed', { name: key.name }), onclick: () => ctx.keys('openEdit', key.id) }, t('keys.edit')),
    h('button', { type: 'button', class: 'btn btn-danger-ghost btn-small', testid: 'key-revoke', 'data-net': '', 'aria-haspopup': 'dialog',
      'aria-label': t('keys.revokeNamed', { name: key.name }), onclick: () => ctx.keys('openRevoke', key.id) }, t('keys.revoke')),
  ];
  return h('article', { class: `card key-card is-${status}`, testid: 'key-card', dataset: { id: key.id, state: status } },
    h('div', { class: 'card-head' },
      h('h2', { class: 'key-name', testid: 'key-name' }, key.name),
      h('span', { class: `badge ${STATE_BADGE[status]}`, testid: 'key-state', dataset: { state: status } }, t(`keys.state.${status}`))),
    h('p', { class: 'key-prefix mono', testid: 'key-prefix' }, `${key.prefix}…`),
    h('div', { class: `key-spend level-${budget.level}`, testid: 'key-spend', dataset: { level: budget.level } },
      h('p', { testid: 'key-spent' }, spendText(key)), bar),
    h('dl', { class: 'facts' },
      fact(t('keys.scopes'), scopes, 'key-scopes'),
      fact(t('keys.models'), modelsText(state, key), 'key-models'),
      fact(t('keys.limits'), limits || t('keys.noLimits'), 'key-limits'),
      fact(t('keys.lastUsed'), key.last_used_at ? formatDateTime(key.last_used_at) : t('keys.neverUsed'), 'key-last-used'),
      fact(t(key.revoked_at ? 'keys.revokedTitle' : 'keys.expires'), expiry, 'key-expires'),
      fact(t('keys.created'), formatDate(key.created_at), 'key-created')),
    actions.length ? h('div', { class: 'card-actions' }, actions) : null);
}

export function mountKeys(ctx, state) {
  const list = h('div', { class: 'key-grid', testid: 'key-list' });
  const status = h('div', { class: 'page-status' });
  const empty = h('div', { class: 'card empty-state', testid: 'keys-empty', hidden: true },
    h('p', {}, t('keys.empty')),
    h('button', { type: 'button', class: 'btn btn-primary', 'data-net': '', onclick: () => ctx.keys('openCreate') }, t('keys.new')));
  const connect = mountConnect({ origin: location.origin, secret: K.selectShownSecret(state) });
  const el = h('section', { class: 'page keys-page', testid: 'keys-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('keys.title')),
      h('button', { type: 'button', class: 'btn btn-primary', testid: 'key-new', 'data-net': '', 'aria-haspopup': 'dialog',
        onclick: () => ctx.keys('openCreate') }, t('keys.new'))),
    h('p', { class: 'muted page-intro' }, t('keys.intro')),
    status, empty, list, connect.el);

  function render(next) {
    const k = K.selectKeys(next);
    if (k.status === 'error') {
      replace(status, h('div', { class: 'alert', role: 'alert', testid: 'keys-error' },
        h('p', {}, t('keys.loadFailed'), ' ', describeError(k.error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.keys('loadKeys') }, t('action.retry'))));
    } else if (!next.online && k.status !== 'ready') {
      replace(status, h('p', { class: 'notice' }, t('offline.noData')));
    } else if (k.status !== 'ready' && !k.items.length) {
      replace(status, h('p', { class: 'muted', role: 'status' }, t('keys.loading')));
    } else {
      status.replaceChildren();
    }
    empty.hidden = !(k.status === 'ready' && !k.items.length);
    const now = Date.now();
    reconcile(list, K.selectKeyList(next), (key) => key.id, (key) => JSON.stringify([key, K.keyModelNames(next, key), next.lang]),
      (key) => keyCard(ctx, next, key, now));
  }

  function update(next, prev) {
    const secret = K.selectShownSecret(next);
    if (!prev || secret !== K.selectShownSecret(prev)) connect.update(secret);
    if (unchanged((s) => [K.selectKeys(s), s.online], next, prev)) return;
    redrawKeepingFocus(list, render, next);
  }
  render(state);
  return { el, update };
}
