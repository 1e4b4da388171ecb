// The Ollama page's pull box (a name checked with Ollama's rules, then the pulls of the server
// with their live progress, status line and Cancel) and the update check's button and status.
// Progress events patch the bars in place; an item is rebuilt only when its state changes.

import { h, reconcile, replace, setSelfDisabled, setText, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, describeFieldError, getLanguage } from '../shared/i18n.js';
import { formatDateTime } from '../shared/format.js';
import { ollamaFailure } from './text.js';
import * as S from '../store.js';
import * as O from './store.js';
import { createProgress, refreshProgress } from '../shared/widgets.js';

const STATE_BADGES = { queued: 'badge-muted', running: 'badge-accent', succeeded: 'badge-ok', failed: 'badge-danger', canceled: 'badge-warn' };

// Ollama's status line ("pulling 6a0746a1ec1a"), in the UI's words when known.
export function statusText(status) {
  if (!status) return '';
  return status.key ? t(status.key, status.params) : status.text;
}

// A server that cannot be used: its pulls and checks wait for it (the page says why once, at
// the top; the buttons say it in their title and the box in its hint).
function syncDown(button, down, busy) {
  if (down) button.dataset.title = t('ollama.unavailableWhileDown');
  else delete button.dataset.title;
  setSelfDisabled(button, down || busy);
}

function pullItem(ctx, state, id, job) {
  const view = O.selectPullView(state, id, job);
  const followed = O.selectServer(state, id).pull.follows.includes(job.id);
  const parts = [];
  if (view.active) {
    const progress = createProgress({ label: t('ollama.pull.progressNamed', { name: view.name }) });
    progress.update(view);
    parts.push(progress.el, h('p', { class: 'pull-status muted', testid: 'ollama-pull-status', 'aria-live': 'off' }, statusText(view.status)));
  } else if (view.state === 'succeeded') {
    parts.push(h('p', { class: 'dl-downloaded', testid: 'ollama-pull-result' }, t('ollama.pull.done')));
  } else if (view.state === 'failed') {
    parts.push(h('p', { class: 'dl-error', testid: 'ollama-pull-error-message' }, ollamaFailure(view.error, getLanguage())));
  } else if (view.state === 'canceled') {
    parts.push(h('p', { class: 'muted', testid: 'ollama-pull-result' }, t('ollama.pull.canceled')));
  }
  const actions = [];
  if (view.active) {
    actions.push(h('button', {
      type: 'button', class: 'btn btn-small btn-danger-ghost', testid: 'ollama-pull-cancel', 'data-net': '', dataset: { busyKey: `job:${job.id}` },
      'aria-label': t('ollama.pull.cancelNamed', { name: view.name }), onclick: () => ctx.ollama('cancelPull', job.id),
    }, t('common.cancel')));
  } else if (view.state === 'failed') {
    actions.push(h('button', {
      type: 'button', class: 'btn btn-small btn-secondary', testid: 'ollama-pull-retry', 'data-net': '',
      dataset: { busyKey: `ollama-pull:${id}:${O.canonicalName(view.name)}` },
      'aria-label': t('ollama.pull.retryNamed', { name: view.name }),
      onclick: () => {
        ctx.dispatch(O.dismissPull, id, job.id);
        ctx.ollama('pull', id, view.name);
      },
    }, t('ollama.pull.retry')));
  }
  if (!view.active && followed) {
    actions.push(h('button', {
      type: 'button', class: 'btn btn-small btn-ghost', testid: 'ollama-pull-dismiss', 'aria-label': t('ollama.pull.dismissNamed', { name: view.name }),
      onclick: () => ctx.dispatch(O.dismissPull, id, job.id),
    }, t('common.close')));
  }
  return h('li', { class: 'pull-item', testid: 'ollama-pull-item', dataset: { id: job.id, state: job.state, name: view.name } },
    h('div', { class: 'pull-head' },
      h('span', { class: 'model-name mono', testid: 'ollama-pull-name' }, view.name),
      h('span', { class: `badge ${STATE_BADGES[job.state] || 'badge-muted'}`, testid: 'ollama-pull-state' }, t(`jobState.${job.state}`)),
      actions),
    parts);
}

export function mountPullBox(ctx, state, id) {
  const input = h('input', {
    id: 'ollama-pull-input', class: 'input', testid: 'ollama-pull-input', 'data-net': '', type: 'text', autocomplete: 'off',
    spellcheck: 'false', autocapitalize: 'off', maxlength: '600', placeholder: t('ollama.pull.placeholder'),
    'aria-describedby': 'ollama-pull-hint ollama-pull-down ollama-pull-error',
    oninput: (event) => ctx.dispatch(O.setPullValue, id, event.target.value),
    onchange: (event) => ctx.dispatch(O.setPullValue, id, event.target.value),
  });
  input.value = O.selectServer(state, id).pull.value;
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'ollama-pull-submit', 'data-net': '' }, t('ollama.pull.button'));
  const downNote = h('p', { id: 'ollama-pull-down', class: 'hint', testid: 'ollama-pull-down', hidden: true }, t('ollama.unavailableWhileDown'));
  const error = h('p', { id: 'ollama-pull-error', class: 'field-error', testid: 'ollama-pull-error', role: 'alert', hidden: true });
  const list = h('ul', { class: 'pull-list', testid: 'ollama-pull-list', 'aria-label': t('ollama.pull.listLabel') });
  const form = h('form', {
    class: 'pull-form', novalidate: true,
    onsubmit: (event) => {
      event.preventDefault();
      ctx.dispatch(O.setPullValue, id, input.value);
      ctx.ollama('pull', id);
    },
  },
  h('label', { for: 'ollama-pull-input' }, t('ollama.pull.label')),
  h('div', { class: 'input-row' }, input, submit),
  h('p', { id: 'ollama-pull-hint', class: 'hint' }, t('ollama.pull.hint')),
  downNote, error);
  const el = h('section', { class: 'ollama-section', testid: 'ollama-pull', 'aria-labelledby': 'ollama-pull-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'ollama-pull-title' }, t('ollama.pull.title'))), form, list);

  function render(next) {
    const pull = O.selectServer(next, id).pull;
    if (document.activeElement !== input && input.value !== pull.value) input.value = pull.value;
    const e = pull.error;
    const message = e ? (e.fields && e.fields.model ? describeFieldError(e.fields.model, { field: 'model' }) : describeError(e)) : '';
    setText(error, message);
    error.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const down = !!O.selectServerDown(next, id);
    syncDown(submit, down, pull.submitting);
    downNote.hidden = !down;
    submit.setAttribute('aria-busy', pull.submitting ? 'true' : 'false');
    const pulls = O.selectPulls(next, id);
    // Progress events patch the bars; an item is rebuilt when its state or its place changes.
    const signature = (job) => JSON.stringify([job.state, job.error_code, job.error_message, pull.follows.includes(job.id)]);
    reconcile(list, pulls, (job) => job.id, signature, (job) => pullItem(ctx, next, id, job));
    list.hidden = !pulls.length;
    refreshProgress(list, (jobID) => {
      const job = S.selectJob(next, jobID);
      return job && S.isJobActive(job) ? O.selectPullView(next, id, job) : null;
    });
    for (const item of list.children) {
      const job = S.selectJob(next, item.dataset.id);
      const line = item.querySelector('[data-testid="ollama-pull-status"]');
      if (job && line) setText(line, statusText(O.selectPullView(next, id, job).status));
    }
    syncBusy(list, next.busy);
  }

  function update(next, prev) {
    const mine = (s) => [O.selectServer(s, id).pull, O.selectServerDown(s, id), s.jobs.items, s.busy, s.online];
    if (unchanged(mine, next, prev)) return;
    const hadFocus = list.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    render(next);
    if (hadFocus && !list.contains(document.activeElement)) input.focus();
  }
  render(state);
  return { el, update };
}

// The update check: the button (busy while the job runs), its progress, and how it ended.
export function mountCheckStatus(ctx, state, id) {
  const button = h('button', {
    type: 'button', class: 'btn btn-secondary btn-small', testid: 'ollama-check-updates', 'data-net': '',
    dataset: { busyKey: `ollama-check:${id}` }, onclick: () => ctx.ollama('checkUpdates', id),
  }, t('ollama.check.button'));
  const el = h('div', { class: 'check-status', testid: 'ollama-check', 'aria-live': 'polite' });
  let progress = null;
  let shownState = null;

  function render(next) {
    const job = O.selectCheckJob(next, id);
    const active = S.isJobActive(job);
    button.setAttribute('aria-busy', active || next.busy[`ollama-check:${id}`] ? 'true' : 'false');
    syncDown(button, !!O.selectServerDown(next, id), false);
    setText(button, t(active ? 'ollama.check.running' : 'ollama.check.button'));
    const stateKey = job ? `${job.id}:${job.state}` : null;
    if (stateKey !== shownState) {
      shownState = stateKey;
      progress = null;
      if (!job) el.replaceChildren();
      else if (active) {
        progress = createProgress({ label: t('ollama.check.progressLabel') });
        replace(el, h('div', { testid: 'ollama-check-progress' }, progress.el, h('p', { class: 'pull-status muted', testid: 'ollama-check-message' })));
      } else if (job.state === 'failed') {
        replace(el, h('p', { class: 'dl-error', testid: 'ollama-check-error' }, t('ollama.check.failed'), ' ', ollamaFailure({ code: job.error_code, message: job.error_message }, getLanguage())));
      } else if (job.state === 'succeeded') {
        const counts = O.selectUpdateCounts(next, id);
        replace(el, h('p', { class: 'muted', testid: 'ollama-check-result' },
          t('ollama.check.done', { date: formatDateTime(job.finished_at || job.updated_at), count: counts.update_available })));
      } else {
        el.replaceChildren();
      }
    }
    if (progress && job) {
      const view = O.selectJobView(job);
      progress.update({ ...view, bytesDone: null, bytesTotal: null, speed: null, eta: null });
      setText(el.querySelector('[data-testid="ollama-check-message"]'), statusText(view.status));
    }
  }

  function update(next, prev) {
    if (prev && next.jobs.items === prev.jobs.items && next.busy === prev.busy && O.selectServer(next, id).models === O.selectServer(prev, id).models) return;
    if (prev && O.selectServer(next, id).models !== O.selectServer(prev, id).models) shownState = null;
    render(next);
  }
  render(state);
  return { button, el, update };
}
