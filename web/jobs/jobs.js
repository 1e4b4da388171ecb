// Jobs page: background jobs, newest first (a table from 640 px, cards below), live from the
// job events. Loaded on first visit.

import { h, loadStyles, reconcile, redrawKeepingFocus, replace, setText, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, formatNumber, getLanguage, loadStrings } from '../shared/i18n.js';
import { formatBytes, formatDateTime } from '../shared/format.js';
import * as S from '../store.js';
import { isJobModelMissing, jobStatus } from './job-labels.js';
import { ollamaFailure } from '../ollama/text.js';
import { actionButton, createProgress, downloadErrorText, fact, keptText, refreshProgress } from '../shared/widgets.js';

// The strings of what this shows load with its code, out of the first load (Ollama's, for
// what a failed pull says).
await Promise.all([loadStrings('jobs'), loadStrings('models'), loadStrings('ollama'), loadStyles('/models/models.css'), loadStyles('/models/pages.css')]);

const DASH = '–';
const JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

// What a job works on, for people: the model (a catalog model by its name, an Ollama model by
// its tag) and the server it lives on (the connection by its name), each with the page that
// shows it; `text` says both in one line (labels, the row's signature). A name not known yet
// is null (shown as "…"); a model or connection since deleted says so.
export function jobTarget(state, job) {
  const modelID = S.jobModelId(job);
  const providerID = S.jobProviderId(job);
  if (modelID) {
    const model = S.selectModel(state, modelID);
    const missing = isJobModelMissing(state, modelID);
    const name = (model && model.name) || state.modelNames[modelID] || null;
    const provider = model ? S.selectProvider(state, model.provider_id) : S.selectLocalProvider(state);
    return described({
      modelID, providerID: provider ? provider.id : null,
      model: { name: name || (missing ? t('jobs.modelRemoved') : null), href: name ? '#/models' : null, filter: name },
      server: provider ? { name: provider.name, href: '#/providers' } : null,
    });
  }
  if (providerID) {
    const provider = S.selectProvider(state, providerID);
    const href = `#/ollama/${encodeURIComponent(providerID)}`;
    let server = { name: null, href: null };
    if (provider) server = { name: provider.name, href };
    else if (state.providers.status === 'ready') server = { name: t('jobs.serverRemoved'), href: null };
    const tag = S.jobOllamaModel(job);
    return described({ modelID: null, providerID, model: tag ? { name: tag, href: provider ? href : null, filter: null } : null, server });
  }
  return { modelID: null, providerID: null, model: null, server: null, text: job.target || DASH };
}

// The one-line text of a target: "…" stands for a name still loading.
function described(target) {
  const parts = [target.model && (target.model.name || '…'), target.server && (target.server.name || '…')].filter(Boolean);
  return { ...target, text: parts.join(' · ') || DASH };
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

// A name that leads to its page; the models list opens filtered to the model.
function nameLink(ctx, item, testid, labelKey) {
  if (!item.name) return h('span', { class: 'muted', testid }, '…');
  if (!item.href) return h('span', { class: 'muted', testid }, item.name);
  const onclick = item.filter ? () => {
    ctx.dispatch(S.clearFilters);
    ctx.dispatch(S.setFilter, 'text', item.filter);
  } : null;
  return h('a', { href: item.href, testid, title: t(labelKey, { name: item.name }), onclick }, item.name);
}

// The model first (its name is the target), then "on <server>"; a check of a whole server
// names only the server.
function targetCell(ctx, state, job) {
  const target = jobTarget(state, job);
  const dataset = { modelId: target.modelID || '', providerId: target.providerID || '' };
  if (!target.model && !target.server) return h('span', { class: 'job-target' }, h('span', { class: 'mono', testid: 'job-target', dataset }, target.text));
  if (!target.model) return h('span', { class: 'job-target' }, h('span', { testid: 'job-target', dataset }, nameLink(ctx, target.server, 'job-server', 'jobs.showServer')));
  return h('span', { class: 'job-target' },
    h('span', { testid: 'job-target', dataset }, nameLink(ctx, target.model, 'job-model', 'jobs.showModel')),
    target.server ? h('span', { class: 'muted job-server-line' }, ` ${t('jobs.onServer')} `, nameLink(ctx, target.server, 'job-server', 'jobs.showServer')) : null);
}

// What an active job is doing, in the UI's words (patched in place with the bar).
function statusText(job) {
  const status = jobStatus(job);
  if (!status) return '';
  if (status.text) return status.text;
  const params = Object.fromEntries(Object.entries(status.params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v) : v]));
  return t(status.key, params);
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

// Active jobs: the live bar (patched in place). Finished ones: what was transferred; a
// canceled download, what it keeps for a resume.
function progressCell(job) {
  const p = job.progress || {};
  const kept = job.kind === 'download' && job.state === 'canceled' ? keptText(p.bytes_done) : '';
  if (kept) return h('span', { class: 'muted', testid: 'job-kept' }, kept);
  if (S.isJobActive(job)) {
    const progress = createProgress();
    progress.update(progressOf(job));
    const text = statusText(job);
    return h('div', {}, progress.el, h('p', { class: 'muted job-status', testid: 'job-status', hidden: !text }, text));
  }
  if (p.bytes_done !== null && p.bytes_done !== undefined && p.bytes_total) {
    return h('span', { class: 'muted', testid: 'job-bytes' }, t('download.bytes', { done: formatBytes(p.bytes_done), total: formatBytes(p.bytes_total) }));
  }
  if (p.bytes_done) return h('span', { class: 'muted', testid: 'job-bytes' }, formatBytes(p.bytes_done));
  return h('span', { class: 'muted' }, DASH);
}

// Why a job failed: a download's by its code; an Ollama job's (it names a server) as the
// Ollama page says it, never Ollama's English in another language.
export function jobErrorText(job) {
  if (!job.error_message && !job.error_code) return '';
  const error = { code: job.error_code, message: job.error_message };
  return S.isOllamaJob(job) ? ollamaFailure(error, getLanguage()) : downloadErrorText(error.code, error.message);
}

function errorLine(job) {
  const text = jobErrorText(job);
  return text ? h('p', { class: 'dl-error', testid: 'job-error', dataset: { code: job.error_code || '' } }, text) : null;
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
    h('td', { class: 'cell-source' }, targetCell(ctx, state, job)),
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
      h('h2', { class: 'job-title' }, h('span', { testid: 'job-kind' }, kindText(job)), h('span', { class: 'sep' }, ' · '), targetCell(ctx, state, job)),
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
    for (const line of list.querySelectorAll('[data-testid="job-status"]')) {
      const row = line.closest('[data-testid="job-row"]');
      const text = statusText(S.selectJob(next, row && row.dataset.id));
      setText(line, text);
      line.hidden = !text;
    }
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
    const mine = (s) => [s.jobs, s.layout, s.busy, s.online, s.modelNames, s.models, s.providers];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  render(state);
  return { el, update };
}
