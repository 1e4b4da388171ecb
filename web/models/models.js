// Models page: filters, the list (a table from 640 px, stacked cards below) and paging.

import { h, loadStyles, reconcile, redrawKeepingFocus, replace, setText, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, formatNumber, loadStrings } from '../shared/i18n.js';
import { formatDate, formatCostOrUnknown } from '../shared/format.js';
import * as S from '../store.js';
import { actionButton, createProgress, downloadErrorText, fact, keptText, refreshProgress } from '../shared/widgets.js';
import { selectRuntimeActions, selectRuntimeSummary } from './runtime-store.js';
import { selectBulk, setSelected } from './bulk-store.js';
import { runtimeChip } from './runtime-chip.js';
import { mountBulkBar } from './bulk-bar.js';
import { deprecationText, selectDeprecationWarning } from './catalog-info.js';

// The list's strings and styles load with it, out of the first load.
await Promise.all([loadStrings('models'), loadStyles('/models/models.css')]);

const DASH = '–';
const TEXT_DEBOUNCE_MS = 250;

const ACTION_LABELS = {
  edit: ['action.edit', 'action.editNamed'],
  test: ['action.test', 'action.testNamed'],
  'set-default': ['action.setDefault', 'action.setDefaultNamed'],
  deprecate: ['action.deprecate', 'action.deprecateNamed'],
  restore: ['action.restore', 'action.restoreNamed'],
  delete: ['action.delete', 'action.deleteNamed'],
  'cancel-download': ['download.action.cancel', 'download.action.cancelNamed'],
  deploy: ['runtime.action.deploy', 'runtime.action.deployNamed'],
  start: ['runtime.action.start', 'runtime.action.startNamed'],
  stop: ['runtime.action.stop', 'runtime.action.stopNamed'],
};
// Start download: Retry after a failure, Resume when a canceled download kept bytes.
export const START_LABELS = {
  start: ['download.action.start', 'download.action.startNamed'],
  retry: ['download.action.retry', 'download.action.retryNamed'],
  resume: ['download.action.resume', 'download.action.resumeNamed'],
};
const ACTION_TESTIDS = { download: 'download-start', 'cancel-download': 'download-cancel' };

function busyKeyOf(action, model) {
  if (action === 'set-default' || action === 'restore') return `model:${model.id}`;
  if (action === 'download' || action === 'cancel-download') return `download:${model.id}`;
  if (action === 'start' || action === 'stop') return `runtime:${model.id}`;
  return null;
}

const providerKindOf = (state, model) => model.provider_kind || (state.providers.items.find((p) => p.id === model.provider_id) || {}).kind || null;

// Hosted models take a test prompt (a local GGUF file is not served by a connection); a
// downloaded file deploys to Ollama, and a model on Ollama starts and stops there.
export function modelActions(state, model, download) {
  const actions = S.selectModelActions(model, download);
  const runtime = selectRuntimeActions(state, model, providerKindOf(state, model));
  return [actions[0], ...(model.kind === 'local' ? [] : ['test']), ...runtime, ...actions.slice(1)];
}

export function actionButtons(ctx, state, model, { block = false } = {}) {
  const download = S.selectDownload(state, model);
  return modelActions(state, model, download).map((action) => {
    const [label, named] = action === 'download' ? START_LABELS[download.startLabel] : ACTION_LABELS[action];
    return actionButton({
      label: t(label), ariaLabel: t(named, { name: model.name }), testid: ACTION_TESTIDS[action] || `action-${action}`,
      style: action === 'delete' || action === 'cancel-download' ? 'danger' : 'ghost', block,
      dialog: ['edit', 'test', 'delete', 'deprecate', 'deploy'].includes(action), busyKey: busyKeyOf(action, model), dataset: { action },
      onClick: () => ctx.runRowAction(action, model.id),
    });
  });
}

export function sourceOf(state, model) {
  if (model.kind === 'local') {
    return [h('span', { class: 'mono' }, model.hf_repo || DASH), h('span', { class: 'sep' }, ' · '), h('span', { class: 'mono' }, model.model_file || DASH)];
  }
  return S.selectProviderName(state, model.provider_id);
}

function downloadedText(model, download) {
  const downloaded = download ? download.downloaded : model.downloaded;
  return downloaded === true ? t('common.yes') : downloaded === false ? t('common.no') : DASH;
}

// The Download status cell: the status, then the progress while downloading, or the error.
function downloadStatus(ctx, model, download, { card = false } = {}) {
  if (!download) return h('span', { testid: 'model-download-status' }, DASH);
  const label = h('span', { class: `dl-status dl-${download.status}`, testid: 'model-download-status', dataset: { status: download.status } },
    t(`download.${download.status}`));
  const kept = download.status === 'canceled' ? keptText(download.bytesDone) : '';
  const status = kept ? [label, h('span', { class: 'sep' }, ' · '), h('span', { class: 'muted', testid: 'download-kept' }, kept)] : label;
  if (card) return status;
  return [status, downloadDetails(ctx, model, download, { card })];
}

function downloadDetails(ctx, model, download, { card = false } = {}) {
  const parts = [];
  if (download.status === 'downloading') {
    const progress = createProgress({ label: t('download.progressNamed', { name: model.name }) });
    progress.update(download);
    parts.push(progress.el);
    if (card && download.canCancel) {
      parts.push(h('button', {
        type: 'button', class: 'btn btn-small btn-danger-ghost', testid: 'download-cancel', 'data-net': '',
        'aria-label': t('download.action.cancelNamed', { name: model.name }), dataset: { busyKey: `download:${model.id}` },
        onclick: () => ctx.runRowAction('cancel-download', model.id),
      }, t('download.action.cancel')));
    }
  }
  if (download.error) parts.push(h('p', { class: 'dl-error', testid: 'download-error' }, downloadErrorText(download.errorCode, download.error)));
  return parts.length ? h('div', { class: card ? 'card-download' : 'cell-download' }, parts) : null;
}

function badges(state, model) {
  return [
    runtimeChip(selectRuntimeSummary(state, model.id)),
    model.is_default ? h('span', { class: 'badge badge-accent', testid: 'model-default-badge' }, t('badge.default')) : null,
    model.status === 'deprecated' ? h('span', { class: 'badge badge-warn', testid: 'model-deprecated-badge' }, t('badge.deprecated')) : null,
    deprecationChip(state, model),
    model.is_builtin ? h('span', { class: 'badge badge-muted' }, t('badge.builtin')) : null,
  ];
}

// An active model the provider retires soon (or already did: the daily job deprecates it).
function deprecationChip(state, model) {
  const warning = selectDeprecationWarning(state, model);
  if (!warning) return null;
  return h('span', { class: 'badge badge-warn', testid: 'model-deprecation-warning', title: t('models.deprecationHint'),
    dataset: { date: warning.date, when: warning.when } }, deprecationText(warning));
}

// "$2.50 / 1M in · $10.00 / 1M out" (exact decimals), a side "unknown" when not set, and
// "cost unknown" when neither is.
export function pricesText(model) {
  const input = model.cost_input_per_million ?? null;
  const output = model.cost_output_per_million ?? null;
  if (input === null && output === null) return t('models.costUnknown');
  return t('models.costs', { input: formatCostOrUnknown(input), output: formatCostOrUnknown(output) });
}

function meta(model, withDate = false) {
  const parts = [model.api_name, t('models.contextTokens', { count: formatNumber(model.context_window) })];
  return h('div', { class: 'row-meta' }, parts.join(' · '),
    model.limits_guessed ? [' ', h('span', { class: 'badge badge-muted', testid: 'model-limits-guessed', title: t('models.limitsGuessedHint') }, t('models.guess'))] : null,
    model.kind === 'local' ? null : [' · ', h('span', { testid: 'model-costs' }, pricesText(model))],
    withDate ? [' · ', t('models.updatedOn'), ' ', updated(model, 'model-updated')] : null,
    model.last_used_at ? [' · ', t('models.lastUsed'), ' ', h('time', { datetime: model.last_used_at, testid: 'model-last-used' }, formatDate(model.last_used_at))] : null);
}

// A deprecated model names the one to use instead, once its name is known.
function replacement(state, model) {
  const id = model.status === 'deprecated' ? model.replacement_model_id : null;
  const name = id ? S.selectModelName(state, id) : null;
  if (!name) return null;
  return h('p', { class: 'row-meta row-replacement', testid: 'model-replacement', dataset: { replacementId: id } }, t('models.replacedBy', { name }));
}

const updated = (model, testid = null) => h('time', { datetime: model.updated_at, testid }, formatDate(model.updated_at));

// The row's box for the bulk actions (its label is the model's name, for screen readers).
function selectBox(ctx, state, model) {
  const id = `select-${model.id}`;
  return h('label', { class: 'select-box', for: id, title: t('runtime.bulk.selectNamed', { name: model.name }) },
    h('input', { type: 'checkbox', id, testid: 'model-select', checked: !!selectBulk(state).selected[model.id],
      'aria-label': t('runtime.bulk.selectNamed', { name: model.name }), onchange: (event) => ctx.dispatch(setSelected, model.id, event.target.checked) }));
}

function tableRow(ctx, state, model) {
  const download = S.selectDownload(state, model);
  return h('tr', { testid: 'model-row', dataset: { id: model.id }, class: model.status === 'deprecated' ? 'is-deprecated' : null },
    h('td', { class: 'cell-select' }, selectBox(ctx, state, model)),
    h('td', { class: 'cell-name' },
      h('div', { class: 'name-line' }, h('span', { class: 'model-name', testid: 'model-name' }, model.name), badges(state, model)),
      meta(model, true), replacement(state, model)),
    h('td', { testid: 'model-type' }, t(`type.${model.kind}`)),
    h('td', { testid: 'model-source', class: 'cell-source' }, sourceOf(state, model)),
    h('td', { testid: 'model-downloaded' }, downloadedText(model, download)),
    h('td', { class: 'cell-status' }, downloadStatus(ctx, model, download)),
    h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, actionButtons(ctx, state, model))));
}

function table(tbody) {
  const heads = ['col.name', 'col.type', 'col.source', 'col.downloaded', 'col.downloadStatus', 'col.actions'];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
    h('caption', { class: 'visually-hidden' }, t('models.caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'cell-select' }, h('span', { class: 'visually-hidden' }, t('runtime.bulk.select'))),
      heads.map((key) => h('th', { scope: 'col' }, t(key))))),
    tbody));
}

// A row is rebuilt when what it shows changes, not on each progress event (refreshProgress).
function rowSignature(state, model) {
  const d = S.selectDownload(state, model);
  const shown = d && [d.status, d.downloaded, d.error, d.errorCode, d.canStart, d.canCancel, d.startLabel, d.status === 'canceled' ? d.bytesDone : null];
  return JSON.stringify([model, model.kind === 'local' ? '' : S.selectProviderName(state, model.provider_id), shown,
    model.replacement_model_id ? S.selectModelName(state, model.replacement_model_id) : null,
    selectRuntimeSummary(state, model.id), modelActions(state, model, d), !!selectBulk(state).selected[model.id], selectDeprecationWarning(state, model)]);
}

function card(ctx, state, model) {
  const download = S.selectDownload(state, model);
  return h('article', { class: `card model-card${model.status === 'deprecated' ? ' is-deprecated' : ''}`, testid: 'model-row', dataset: { id: model.id } },
    h('div', { class: 'card-head' },
      selectBox(ctx, state, model),
      h('h2', { class: 'model-name', testid: 'model-name' }, model.name),
      h('div', { class: 'badges' }, badges(state, model))),
    meta(model),
    replacement(state, model),
    h('dl', { class: 'facts facts-grid' },
      fact(t('col.type'), t(`type.${model.kind}`), 'model-type'),
      fact(t('col.source'), sourceOf(state, model), 'model-source'),
      fact(t('col.downloaded'), downloadedText(model, download), 'model-downloaded'),
      fact(t('col.downloadStatus'), downloadStatus(ctx, model, download, { card: true })),
      fact(t('col.updated'), updated(model), 'model-updated')),
    download ? downloadDetails(ctx, model, download, { card: true }) : null,
    h('div', { class: 'card-actions' },
      h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', testid: 'model-actions', 'aria-haspopup': 'dialog',
        'aria-label': t('models.actionsNamed', { name: model.name }), onclick: () => ctx.dispatch(S.openSheet, model.id),
      }, t('models.actions'))));
}

export function mountModels(ctx, state) {
  // Filters (built once, so typing never loses focus).
  const providerSelect = h('select', { id: 'filter-provider', class: 'input', testid: 'filter-provider', 'data-net': '',
    onchange: (event) => ctx.actions.changeFilter('provider', event.target.value) });
  const statusSelect = h('select', { id: 'filter-status', class: 'input', testid: 'filter-status', 'data-net': '',
    onchange: (event) => ctx.actions.changeFilter('status', event.target.value) },
  h('option', { value: '' }, t('filters.allStatuses')),
  h('option', { value: 'active' }, t('status.active')),
  h('option', { value: 'deprecated' }, t('status.deprecated')));
  let debounce = null;
  const textInput = h('input', {
    id: 'filter-text', type: 'search', class: 'input', testid: 'filter-text', 'data-net': '', maxlength: '200',
    placeholder: t('filters.textPlaceholder'), autocomplete: 'off', spellcheck: 'false',
    oninput: (event) => {
      clearTimeout(debounce);
      const value = event.target.value;
      debounce = setTimeout(() => ctx.actions.changeFilter('text', value), TEXT_DEBOUNCE_MS);
    },
    onchange: (event) => {
      clearTimeout(debounce);
      ctx.actions.changeFilter('text', event.target.value);
    },
  });
  providerSelect.value = state.filters.provider;
  statusSelect.value = state.filters.status;
  textInput.value = state.filters.text;

  const count = h('p', { class: 'muted list-count', testid: 'model-count', 'aria-live': 'polite' });
  const list = h('div', { class: 'model-list', testid: 'model-list' });
  const status = h('div', { class: 'page-status' });
  const footer = h('div', { class: 'list-footer' });
  const bulk = mountBulkBar(ctx, state);

  const el = h('section', { class: 'page', testid: 'models-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' },
      h('h1', { id: 'page-title', tabindex: '-1' }, t('models.title')),
      h('button', { type: 'button', class: 'btn btn-primary', testid: 'model-new', 'data-net': '', 'aria-haspopup': 'dialog',
        onclick: () => ctx.dispatch(S.openCreateModal) }, t('models.new'))),
    h('div', { class: 'filters', role: 'search', 'aria-label': t('filters.label') },
      h('div', { class: 'field' }, h('label', { for: 'filter-provider' }, t('filters.provider')), providerSelect),
      h('div', { class: 'field' }, h('label', { for: 'filter-status' }, t('filters.status')), statusSelect),
      h('div', { class: 'field field-grow' }, h('label', { for: 'filter-text' }, t('filters.text')), textInput)),
    count, bulk.el, status, list, footer);

  function renderProviderOptions(next) {
    replace(providerSelect,
      h('option', { value: '' }, t('filters.allProviders')),
      next.providers.items.map((provider) => h('option', { value: provider.id }, provider.name)));
    if (next.filters.provider && !next.providers.items.some((p) => p.id === next.filters.provider)) {
      providerSelect.appendChild(h('option', { value: next.filters.provider }, next.filters.provider));
    }
    providerSelect.value = next.filters.provider;
  }

  const more = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'load-more', 'data-net': '', onclick: () => ctx.actions.loadModels({ append: true }) }, t('models.loadMore'));

  // Rows are keyed by id: a row whose model did not change keeps its element.
  let tbody = null;
  function renderList(next) {
    const m = next.models;
    list.dataset.layout = next.layout;
    list.setAttribute('aria-busy', m.status === 'loading' ? 'true' : 'false');
    if (m.items.length === 0) {
      list.replaceChildren();
      tbody = null;
    } else if (next.layout === 'table') {
      if (!tbody || !list.contains(tbody)) {
        tbody = h('tbody');
        list.replaceChildren(table(tbody));
      }
      reconcile(tbody, m.items, (model) => model.id, (model) => rowSignature(next, model), (model) => tableRow(ctx, next, model));
    } else {
      tbody = null;
      reconcile(list, m.items, (model) => model.id, (model) => rowSignature(next, model), (model) => card(ctx, next, model));
    }
    refreshProgress(list, (id) => S.selectDownload(next, S.selectModel(next, id)));
    syncBusy(list, next.busy);

    if (m.status === 'error') {
      replace(status, h('div', { class: 'alert', role: 'alert' },
        h('p', {}, t('models.loadFailed'), ' ', describeError(m.error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.actions.loadModels() }, t('action.retry'))));
    } else if (!next.online && m.items.length === 0 && m.status !== 'ready') {
      replace(status, h('p', { class: 'notice' }, t('offline.noData')));
    } else if (m.status === 'loading' && m.items.length === 0) {
      replace(status, h('p', { class: 'muted', role: 'status' }, t('models.loading')));
    } else if (m.status === 'ready' && m.items.length === 0) {
      const filtered = S.selectFiltersActive(next);
      replace(status, h('div', { class: 'empty-state', testid: 'empty-state' },
        h('p', {}, t(filtered ? 'models.emptyFiltered' : 'models.empty')),
        filtered
          ? h('button', { type: 'button', class: 'btn btn-secondary', testid: 'clear-filters', 'data-net': '', onclick: () => ctx.actions.resetFilters() }, t('filters.clear'))
          : h('button', { type: 'button', class: 'btn btn-primary', 'data-net': '', onclick: () => ctx.dispatch(S.openCreateModal) }, t('models.new'))));
    } else {
      status.replaceChildren();
    }

    setText(count, m.status === 'ready' || m.items.length ? t('models.count', { shown: formatNumber(m.items.length), total: formatNumber(m.total) }) : '');

    if (m.nextCursor && m.items.length) {
      setText(more, t(m.loadingMore ? 'models.loadingMore' : 'models.loadMore'));
      more.setAttribute('aria-busy', m.loadingMore ? 'true' : 'false');
      if (!footer.contains(more)) footer.replaceChildren(more);
    } else {
      footer.replaceChildren();
    }
  }

  function update(next, prev) {
    if (!prev || next.providers.items !== prev.providers.items) renderProviderOptions(next);
    if (prev && next.filters !== prev.filters) {
      if (statusSelect.value !== next.filters.status) statusSelect.value = next.filters.status;
      if (providerSelect.value !== next.filters.provider) providerSelect.value = next.filters.provider;
      if (document.activeElement !== textInput && textInput.value !== next.filters.text) textInput.value = next.filters.text;
    }
    const listParts = (s) => [s.models, s.layout, s.busy, s.providers.items, s.online, s.jobs.items, s.downloads, s.modelNames, s.runtime, s.bulk, s.meta];
    if (!unchanged(listParts, next, prev)) redrawKeepingFocus(el, renderList, next);
    if (!unchanged((s) => [s.models.items, s.bulk], next, prev)) bulk.update(next);
  }
  update(state, null);
  return { el, update };
}
