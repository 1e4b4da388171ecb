// The models' slice: `models` (the paged list, its request seq), `filters`, `modelNames` (names
// of models seen anywhere, for references by id), `dashboard` (the counts) and the models'
// dialogs: `sheet` (a row's action sheet on phones), `confirm` (delete, deprecate; the
// connection and Ollama confirmations reuse it) and `modal` (create / edit a model; editing its
// fields lives in forms.js, loaded with the modal). Pure updaters and selectors; no DOM access.

import { plainError, set, stringOf } from '../shared/app-store.js';
import { selectHostedProviders } from './providers-store.js';

export const modelsState = () => ({
  dashboard: { status: 'idle', total: null, deprecated: null, local: null, ownModels: null, calls: null, error: null },
  models: { items: [], total: 0, nextCursor: null, status: 'idle', loadingMore: false, error: null, seq: 0 },
  filters: { provider: '', status: '', text: '' },
  modelNames: {},
  modal: null,
  confirm: null,
  sheet: null,
  // GET /api/meta, once rows need it (catalog-info.js)
  meta: null,
});

export const PAGE_SIZE = 50;

export function rememberModelNames(state, models) {
  let changed = false;
  const names = { ...state.modelNames };
  for (const model of models) {
    if (model && names[model.id] !== model.name) {
      names[model.id] = model.name;
      changed = true;
    }
  }
  return changed ? { ...state, modelNames: names } : state;
}

// A model's name, from the list or seen elsewhere; null when unknown.
export const selectModelName = (state, id) => (selectModel(state, id) || {}).name || state.modelNames[id] || null;

export const dashboardLoading = (state) => ({ ...state, dashboard: { ...state.dashboard, status: 'loading', error: null } });

// ownModels: the catalog holds a model someone added or downloaded (first-run.js); calls: the
// model calls of the usage window (the chart's code loads only when there are some).
export const dashboardLoaded = (state, { total, deprecated, local, ownModels = null, calls = null }) => ({
  ...state, dashboard: { status: 'ready', total, deprecated, local, ownModels, calls, error: null },
});

export const metaLoaded = (state, doc) => ({ ...state, meta: doc && typeof doc === 'object' ? doc : {} });

export const dashboardFailed = (state, error) => ({ ...state, dashboard: { ...state.dashboard, status: 'error', error: plainError(error) } });

export function setFilter(state, key, value) {
  if (!['provider', 'status', 'text'].includes(key) || state.filters[key] === value) return state;
  return { ...state, filters: { ...state.filters, [key]: value } };
}

export const clearFilters = (state) => ({ ...state, filters: { provider: '', status: '', text: '' } });

// Starts a request; the returned state's models.seq identifies it, so a late answer to an
// older request (filters changed meanwhile) is ignored.
export function modelsRequested(state, { append = false } = {}) {
  const models = state.models;
  return {
    ...state,
    models: append
      ? { ...models, loadingMore: true, error: null, seq: models.seq + 1 }
      : { ...models, status: 'loading', loadingMore: false, error: null, seq: models.seq + 1 },
  };
}

export function modelsLoaded(state, seq, page, { append = false } = {}) {
  if (seq !== state.models.seq) return state;
  const incoming = page.items || [];
  let items = incoming;
  if (append) {
    const known = new Set(state.models.items.map((model) => model.id));
    items = [...state.models.items, ...incoming.filter((model) => !known.has(model.id))];
  }
  const next = {
    ...state,
    models: {
      ...state.models, items, total: page.total ?? items.length, nextCursor: page.next_cursor || null,
      status: 'ready', loadingMore: false, error: null,
    },
  };
  return rememberModelNames(next, incoming);
}

export function modelsFailed(state, seq, error) {
  if (seq !== state.models.seq) return state;
  const models = state.models.loadingMore
    ? { ...state.models, loadingMore: false, error: plainError(error) }
    : { ...state.models, status: 'error', loadingMore: false, error: plainError(error) };
  return { ...state, models };
}

// A model came back from the API (PATCH, set-default, deprecate, restore): replace it, keep
// the one-default-per-provider rule true in the list and in the providers.
export function modelUpdated(state, model) {
  let items = state.models.items.map((item) => (item.id === model.id ? model : item));
  if (model.is_default) {
    items = items.map((item) =>
      item.id !== model.id && item.provider_id === model.provider_id && item.is_default ? { ...item, is_default: false } : item);
  }
  let providers = state.providers;
  const provider = providers.items.find((item) => item.id === model.provider_id);
  if (provider) {
    let defaultID = provider.default_model_id;
    if (model.is_default) defaultID = model.id;
    else if (defaultID === model.id) defaultID = null;
    if (defaultID !== provider.default_model_id) {
      providers = { ...providers, items: providers.items.map((item) => (item.id === provider.id ? { ...item, default_model_id: defaultID } : item)) };
    }
  }
  return rememberModelNames({ ...state, models: { ...state.models, items }, providers }, [model]);
}

export function modelRemoved(state, id) {
  if (!state.models.items.some((model) => model.id === id)) return state;
  return {
    ...state,
    models: { ...state.models, items: state.models.items.filter((model) => model.id !== id), total: Math.max(0, state.models.total - 1) },
  };
}

// Does a model match the list's filters (provider, status, text)? Mirrors the server's
// filter, so a model created elsewhere joins the list only where a reload would show it.
export function selectMatchesFilters(state, model) {
  const f = state.filters;
  if (f.provider && model.provider_id !== f.provider) return false;
  if (f.status && model.status !== f.status) return false;
  const text = f.text.trim().toLowerCase();
  if (text && ![model.name, model.api_name, model.hf_repo, model.model_file].some((v) => typeof v === 'string' && v.toLowerCase().includes(text))) return false;
  return true;
}

// The list's order: name (case-insensitive), then id.
const nameKey = (model) => String(model.name || '').toLowerCase();

const compareModels = (a, b) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// The modal editing this model follows its live record (download status, token flag).
function modalFollows(state, model) {
  const modal = state.modal;
  if (!modal || modal.id !== model.id || modal.live === model) return state;
  return { ...state, modal: { ...modal, live: model } };
}

// A `model` event (or a model fetched again): replace it where it is shown; a created model
// joins the list when it matches the filters and falls within the loaded pages.
export function modelEvent(state, action, model) {
  if (!model || !model.id) return state;
  let next;
  const items = state.models.items;
  if (items.some((item) => item.id === model.id)) {
    next = modelUpdated(state, model);
  } else if (action === 'created' && state.models.status === 'ready' && selectMatchesFilters(state, model)
    && (!state.models.nextCursor || (items.length && compareModels(model, items[items.length - 1]) < 0))) {
    const sorted = [...items, model].sort(compareModels);
    next = rememberModelNames({ ...state, models: { ...state.models, items: sorted, total: state.models.total + 1 } }, [model]);
  } else {
    next = rememberModelNames(state, [model]);
  }
  return modalFollows(next, model);
}

export const selectModel = (state, id) => state.models.items.find((model) => model.id === id) || null;

export const selectHasMore = (state) => !!state.models.nextCursor;

export const selectFiltersActive = (state) => !!(state.filters.provider || state.filters.status || state.filters.text);

// Query of GET /api/models for the current filters.
export function selectModelQuery(state, { cursor = null, limit = PAGE_SIZE } = {}) {
  const query = { limit };
  if (state.filters.provider) query.provider = state.filters.provider;
  if (state.filters.status) query.status = state.filters.status;
  const text = state.filters.text.trim();
  if (text) query.text = text.slice(0, 200);
  if (cursor) query.cursor = cursor;
  return query;
}

// The row actions a model offers (the UI never shows one the server would refuse).
export function selectModelActions(model, download = null) {
  const actions = ['edit'];
  if (download && download.canCancel) actions.push('cancel-download');
  else if (download && download.canStart) actions.push('download');
  const deprecated = model.status === 'deprecated';
  if (!deprecated && !model.is_default) actions.push('set-default');
  if (deprecated) actions.push('restore');
  else actions.push('deprecate');
  if (!model.is_builtin && !model.is_default) actions.push('delete');
  return actions;
}

export function selectDashboardCounts(state) {
  const providers = state.providers.items;
  return {
    providers: state.providers.status === 'ready' ? providers.length : null,
    enabledProviders: state.providers.status === 'ready' ? providers.filter((provider) => provider.enabled).length : null,
    models: state.dashboard.total,
    deprecated: state.dashboard.deprecated,
    local: state.dashboard.local,
  };
}

// --- Dialogs: the action sheet, the confirm dialog, the model modal ---------------------------

// Without meta.builtin_editable (models/forms.js)
export const BUILTIN_EDITABLE = Object.freeze(['temperature_default']);

export const MODEL_FIELDS = Object.freeze([
  'provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default',
  'cost_input_per_million', 'cost_output_per_million', 'hf_repo', 'hf_revision', 'model_file', 'deprecation_date',
]);

export const openSheet = (state, id) => ({ ...state, sheet: { id } });

export const closeSheet = (state) => set(state, 'sheet', null);

export const closeOllamaDialog = (state) => set(state, 'ollamaDialog', null);

export function openConfirm(state, kind, model) {
  return {
    ...state,
    sheet: null,
    confirm: {
      seq: state.nextId, kind, id: model.id, name: model.name, providerID: model.provider_id,
      isDefault: !!model.is_default, replacement: '', candidates: [], candidatesStatus: kind === 'deprecate' ? 'loading' : 'idle',
      busy: false, error: null, local: model.kind === 'local', deleteFile: false,
    },
    nextId: state.nextId + 1,
  };
}

export function confirmCandidates(state, seq, models) {
  if (!state.confirm || state.confirm.seq !== seq) return state;
  const candidates = models.filter((model) => model.id !== state.confirm.id && model.status === 'active')
    .map((model) => ({ id: model.id, name: model.name }));
  return { ...state, confirm: { ...state.confirm, candidates, candidatesStatus: 'ready' } };
}

export const setConfirmReplacement = (state, id) =>
  state.confirm ? { ...state, confirm: { ...state.confirm, replacement: id, error: null } } : state;

// Deleting a local model: also delete its downloaded file (DELETE …?delete_local_file=true).
export function setConfirmDeleteFile(state, deleteFile) {
  const confirm = state.confirm;
  if (!confirm || !confirm.local || confirm.deleteFile === !!deleteFile) return state;
  return { ...state, confirm: { ...confirm, deleteFile: !!deleteFile } };
}

export const confirmStarted = (state) => (state.confirm ? { ...state, confirm: { ...state.confirm, busy: true, error: null } } : state);

export function confirmFailed(state, seq, error) {
  if (!state.confirm || state.confirm.seq !== seq) return state;
  return { ...state, confirm: { ...state.confirm, busy: false, error: plainError(error) } };
}

export const closeConfirm = (state) => set(state, 'confirm', null);

export function openCreateModal(state) {
  const hosted = selectHostedProviders(state);
  const filtered = state.providers.items.find((provider) => provider.id === state.filters.provider);
  const type = filtered && filtered.kind === 'local' ? 'local' : 'hosted';
  const providerID = filtered && filtered.kind !== 'local' ? filtered.id : (hosted.find((p) => p.enabled) || hosted[0] || { id: '' }).id;
  return {
    ...state,
    sheet: null,
    modal: {
      seq: state.nextId, mode: 'create', id: null, builtin: false, type, original: null,
      values: {
        provider_id: providerID, name: '', api_name: '', context_window: '32000', max_output_tokens: '4096',
        temperature_default: '0.7', cost_input_per_million: '', cost_output_per_million: '',
        hf_repo: '', hf_revision: 'main', model_file: '', hf_token: '', deprecation_date: '',
      },
      // tokenMode: as the connection key (see openProviderModal); downloadNow: the create
      // form's "Download now" box; live: the model as events last showed it (edit).
      tokenMode: 'none', downloadNow: false, live: null, justCreated: false,
      errors: {}, touched: {}, submitted: false, saving: false, error: null,
    },
    nextId: state.nextId + 1,
  };
}

export function openEditModal(state, model) {
  const values = {};
  for (const field of MODEL_FIELDS) values[field] = stringOf(model[field]);
  values.hf_token = '';
  return {
    ...state,
    sheet: null,
    modal: {
      seq: state.nextId, mode: 'edit', id: model.id, builtin: !!model.is_builtin, type: model.kind === 'local' ? 'local' : 'hosted',
      original: model, values, tokenMode: model.hf_token_configured ? 'set' : 'none', downloadNow: false, live: model, justCreated: false,
      errors: {}, touched: {}, submitted: false, saving: false, error: null,
    },
    nextId: state.nextId + 1,
  };
}

export const closeModal = (state) => set(state, 'modal', null);

export function modalSaved(state, seq) {
  return state.modal && state.modal.seq === seq ? { ...state, modal: null } : state;
}

// Created with "Download now": the modal stays open, now editing the new model, to show the
// download's progress (a new opening: new seq, the form is rebuilt for editing).
export function modalCreated(state, seq, model) {
  if (!state.modal || state.modal.seq !== seq) return state;
  const opened = openEditModal(state, model);
  return { ...opened, modal: { ...opened.modal, justCreated: true } };
}
