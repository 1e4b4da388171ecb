// The models list's bulk bar (select all, the count, Start / Stop / Delete on the checked rows,
// their progress) and the page's notice under it (a bulk action's summary with the reason of
// each failure, or the jobs a deploy started, linked to the Jobs page). Built once, patched on
// update; it wraps on phones. Loaded with the models page.

import { h, replace, setSelfDisabled, setText } from '../shared/dom.js';
import { t } from '../shared/i18n.js';
import * as B from './bulk-store.js';
import { runtimeErrorText } from './runtime-text.js';

export function mountBulkBar(ctx, state) {
  const all = h('input', { type: 'checkbox', id: 'bulk-select-all', testid: 'bulk-select-all',
    onchange: (event) => ctx.dispatch(B.selectAllShown, event.target.checked) });
  const count = h('span', { class: 'bulk-count', testid: 'bulk-count', 'aria-live': 'polite' });
  const buttons = B.BULK_ACTIONS.map((action) => h('button', {
    type: 'button', class: `btn btn-small ${action === 'delete' ? 'btn-danger-ghost' : 'btn-secondary'}`, 'data-net': '',
    testid: `bulk-${action}`, dataset: { action }, 'aria-haspopup': action === 'delete' ? 'dialog' : null,
    onclick: () => ctx.runtime('bulk', action),
  }, t(`runtime.bulk.${action}`)));
  const clear = h('button', { type: 'button', class: 'btn btn-small btn-ghost', testid: 'bulk-clear', onclick: () => ctx.dispatch(B.selectAllShown, false) }, t('runtime.bulk.clear'));
  const actions = h('div', { class: 'bulk-actions', role: 'group', 'aria-label': t('runtime.bulk.label') }, buttons, clear);
  const bar = h('div', { class: 'bulk-bar', testid: 'bulk-bar' },
    h('label', { class: 'check bulk-all', for: 'bulk-select-all' }, all, h('span', {}, t('runtime.bulk.selectAll'))), count, actions);
  const notice = h('div', { class: 'bulk-notice-slot' });
  const el = h('div', { class: 'bulk' }, bar, notice);

  let shownNotice;
  function update(next) {
    const ids = B.selectSelectedIds(next);
    const running = B.selectBulk(next).running;
    const level = B.selectSelectionLevel(next);
    bar.hidden = !next.models.items.length;
    bar.dataset.count = String(ids.length);
    all.checked = level === 'all';
    all.indeterminate = level === 'some';
    all.disabled = !!running;
    setText(count, running
      ? t(`runtime.bulk.running.${running.action}`, { done: running.done, total: running.total })
      : ids.length ? t('runtime.bulk.count', { count: ids.length }) : '');
    actions.hidden = !ids.length && !running;
    for (const button of [...buttons, clear]) setSelfDisabled(button, !!running);
    bar.setAttribute('aria-busy', running ? 'true' : 'false');
    const current = B.selectBulk(next).notice;
    if (current !== shownNotice) {
      shownNotice = current;
      replace(notice, current ? noticeView(ctx, current) : null);
    }
  }
  update(state);
  return { el, update };
}

const dismiss = (ctx) => h('button', { type: 'button', class: 'btn btn-small btn-ghost', testid: 'notice-dismiss', onclick: () => ctx.dispatch(B.dismissNotice) }, t('common.close'));

function noticeView(ctx, notice) {
  if (notice.kind === 'deploy') {
    return h('div', { class: 'notice bulk-notice', role: 'status', testid: 'deploy-started', dataset: { count: String(notice.servers.length) } },
      h('p', {}, t('runtime.deploy.started', { name: notice.name, servers: notice.servers.join(', '), count: notice.servers.length })),
      h('div', { class: 'bulk-notice-actions' }, h('a', { href: '#/jobs', class: 'btn btn-small btn-secondary', testid: 'deploy-jobs-link' }, t('runtime.deploy.seeJobs')), dismiss(ctx)));
  }
  const failed = notice.failed.length;
  return h('div', {
    class: `notice bulk-notice${failed ? ' bulk-notice-failed' : ''}`, role: failed ? 'alert' : 'status', testid: 'bulk-summary',
    dataset: { action: notice.action, done: String(notice.done.length), failed: String(failed) },
  },
  h('p', {}, t(`runtime.bulk.summary.${notice.action}`, { done: notice.done.length, failed })),
  failed ? h('ul', { class: 'bulk-failures' }, notice.failed.map((item) => h('li', { testid: 'bulk-failure', dataset: { id: item.id, code: item.error.code } },
    h('strong', {}, item.name), t('common.colon'), runtimeErrorText(item.error)))) : null,
  h('div', { class: 'bulk-notice-actions' }, dismiss(ctx)));
}
