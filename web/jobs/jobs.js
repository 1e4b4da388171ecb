// Jobs page: background jobs, newest first (a table from 640 px, cards below), live from the
// job events. Loaded on first visit.

import { h, reconcile, redrawKeepingFocus, replace, setText, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, formatBytes, formatDateTime, formatNumber, loadStrings } from '../shared/i18n.js';
import * as S from '../store.js';
import { actionButton, createProgress, downloadErrorText, fact, refreshProgress } from '../shared/widgets.js';

// The strings of what this shows load with its code, out of the first load.
await loadStrings('jobs');

const DASH = '–';
const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

// The model a job works on, by name when a list has shown it.
export function jobTarget(state, job) {
  const id = S.jobModelId(job);
  if (!id) return { modelID: null, name: null, text: ollamaTarget(state, job) || job.target || DASH };
  const model = S.selectModel(state, id);
  const name = (model && model.name) || state.modelNames[id] || null;
  return { modelID: id, name, text: name || id };
}
// A pull (a model of a connection) or an update check (a connection), by the connection's name
// once the providers are known.
function ollamaTarget(state, job) {
  const provider = S.selectProvider(state, S.jobProviderId(job));
  if (!provider) return null;
  const model = S.jobOllamaModel(job);
  return model ? `${model} · ${provider.name}` : provider.name;
}
const STATE_BADGES = { queued: 'badge-muted', running: 'badge-accent', succeeded: 'badge-ok', failed: 'badge-danger', canceled: 'badge-warn' };

const kindText = (job) => {
  const key = `jobKind.${job.kind}`;
  return t(key) === key ? job.kind : t(key);
};

function stateBadge(job) {
  return h('span', { class: `badge ${STATE_BADGES[job.state] || 'badge-muted'}`, testid: 'job-state', dataset: { state: job.state } },
    JOB_STATES.includes(job.state) ? t(`jobState.${job.state}`) : job.state);
}

function targetCell(state, job) {
  const target = jobTarget(state, job);
  if (!target.modelID) return h('span', { class: 'mono', testid: 'job-target' }, job.target || DASH);
  return h('span', { testid: 'job-target', dataset: { modelId: target.modelID } },
    target.name ? target.name : h('span', { class: 'mono' }, target.modelID));
}

// What the progress bar of an active job shows.
function progressOf(job) {
  if (!S.isJobActive(job)) return null;
  const p = job.progress || {};
  let percent = null;
  if (p.bytes_done !== null && p.bytes_done !== undefined && p.bytes_total > 0) percent = Math.min(100, (p.bytes_done / p.bytes_total) * 100);
  else if (typeof p.percent === 'number') percent = p.percent;
  return {
    percent, bytesDone: p.bytes_done ?? null, bytesTotal: p.bytes_total ?? null, speed: p.bytes_per_second ?? null,
    eta: p.eta_seconds ?? null, queued: job.state === 'queued',
  };
}

// Active jobs: the live bar (patched in place). Finished ones: what was transferred.
function progressCell(job) {
  const p = job.progress || {};
  if (S.isJobActive(job)) {
    const progress = createProgress();
    progress.update(progressOf(job));
    return progress.el;
  }
  if (p.bytes_done !== null && p.bytes_done !== undefined && p.bytes_total) {
    return h('span', { class: 'muted', testid: 'job-bytes' }, t('download.bytes', { done: formatBytes(p.bytes_done), total: formatBytes(p.bytes_total) }));
  }
  if (p.bytes_done) return h('span', { class: 'muted', testid: 'job-bytes' }, formatBytes(p.bytes_done));
  return h('span', { class: 'muted' }, DASH);
}

function errorLine(job) {
  if (!job.error_message && !job.error_code) return null;
  return h('p', { class: 'dl-error', testid: 'job-error', dataset: { code: job.error_code || '' } }, downloadErrorText(job.error_code, job.error_message));
}

function cancelButton(ctx, state, job) {
  if (!S.isJobActive(job)) return null;
  const target = jobTarget(state, job);
  return actionButton({
    label: t('jobs.cancel'), ariaLabel: t('jobs.cancelNamed', { kind: kindText(job), target: target.text }), testid: 'job-cancel', style: 'danger',
    busyKey: `job:${job.id}`, onClick: () => ctx.actions.cancelJob(job.id),
  });
}

const time = (value, testid) => (value ? h('time', { datetime: value, testid }, formatDateTime(value)) : h('span', { testid }, DASH));

function tableRow(ctx, state, job) {
  return h('tr', { testid: 'job-row', dataset: { id: job.id, state: job.state } },
    h('td', { testid: 'job-kind' }, kindText(job)),
    h('td', { class: 'cell-source' }, targetCell(state, job)),
    h('td', {}, stateBadge(job), errorLine(job)),
    h('td', { class: 'cell-status' }, progressCell(job)),
    h('td', { testid: 'job-attempts', class: 'num' }, formatNumber(job.attempts ?? 0)),
    h('td', {}, time(job.created_at, 'job-created')),
    h('td', {}, time(job.finished_at, 'job-finished')),
    h('td', { class: 'cell-actions' }, cancelButton(ctx, state, job)));
}

function card(ctx, state, job) {
  const cancel = cancelButton(ctx, state, job);
  return h('article', { class: 'card job-card', testid: 'job-row', dataset: { id: job.id, state: job.state } },
    h('div', { class: 'card-head' },
      h('h2', { class: 'job-title' }, h('span', { testid: 'job-kind' }, kindText(job)), h('span', { class: 'sep' }, ' · '), targetCell(state, job)),
      stateBadge(job)),
    errorLine(job),
    h('div', { class: 'job-progress' }, progressCell(job)),
    h('dl', { class: 'facts facts-grid' },
      fact(t('jobs.col.attempts'), h('span', { testid: 'job-attempts' }, formatNumber(job.attempts ?? 0))),
      fact(t('jobs.col.created'), time(job.created_at, 'job-created')),
      fact(t('jobs.col.finished'), time(job.finished_at, 'job-finished'))),
    cancel ? h('div', { class: 'card-actions' }, cancel) : null);
}

export function mountJobs(ctx, state) {
  const list = h('div', { class: 'model-list job-list', testid: 'job-list' });
  const status = h('div', { class: 'page-status' });
  const count = h('p', { class: 'muted list-count', testid: 'job-count', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'jobs-refresh', 'data-net': '', onclick: () => ctx.actions.loadJobs() }, t('jobs.refresh'));
  const el = h('section', { class: 'page', testid: 'jobs-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('jobs.title')), refresh),
    h('p', { class: 'muted page-intro' }, t('jobs.intro')),
    count, status, list);

  let tbody = null;
  function render(next) {
    const jobs = next.jobs;
    list.dataset.layout = next.layout;
    list.setAttribute('aria-busy', jobs.status === 'loading' ? 'true' : 'false');
    // Progress events of an active job patch its bar; they do not rebuild the row.
    const signature = (job) => JSON.stringify([S.isJobActive(job) ? { ...job, progress: null, updated_at: null } : job, jobTarget(next, job).text]);
    if (!jobs.items.length) {
      list.replaceChildren();
      tbody = null;
    } else if (next.layout === 'table') {
      if (!tbody || !list.contains(tbody)) {
        tbody = h('tbody');
        const heads = ['jobs.col.kind', 'jobs.col.target', 'jobs.col.state', 'jobs.col.progress', 'jobs.col.attempts', 'jobs.col.created', 'jobs.col.finished', 'col.actions'];
        list.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
          h('caption', { class: 'visually-hidden' }, t('jobs.caption')),
          h('thead', {}, h('tr', {}, heads.map((key) => h('th', { scope: 'col' }, t(key))))),
          tbody)));
      }
      reconcile(tbody, jobs.items, (job) => job.id, signature, (job) => tableRow(ctx, next, job));
    } else {
      tbody = null;
      reconcile(list, jobs.items, (job) => job.id, signature, (job) => card(ctx, next, job));
    }
    refreshProgress(list, (id) => progressOf(S.selectJob(next, id)));
    syncBusy(list, next.busy);

    if (jobs.status === 'error') {
      replace(status, h('div', { class: 'alert', role: 'alert' },
        h('p', {}, t('jobs.loadFailed'), ' ', describeError(jobs.error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.actions.loadJobs() }, t('action.retry'))));
    } else if (!next.online && !jobs.items.length && jobs.status !== 'ready') {
      replace(status, h('p', { class: 'notice' }, t('offline.noData')));
    } else if (jobs.status === 'loading' && !jobs.items.length) {
      replace(status, h('p', { class: 'muted', role: 'status' }, t('jobs.loading')));
    } else if (jobs.status === 'ready' && !jobs.items.length) {
      replace(status, h('div', { class: 'empty-state', testid: 'jobs-empty' }, h('p', {}, t('jobs.empty'))));
    } else {
      status.replaceChildren();
    }
    const active = jobs.items.filter(S.isJobActive).length;
    setText(count, jobs.items.length ? t('jobs.count', { total: formatNumber(jobs.items.length), active: formatNumber(active) }) : '');
    refresh.setAttribute('aria-busy', jobs.status === 'loading' ? 'true' : 'false');
  }

  function update(next, prev) {
    const mine = (s) => [s.jobs, s.layout, s.busy, s.online, s.modelNames, s.models, s.providers.items];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  render(state);
  return { el, update };
}
