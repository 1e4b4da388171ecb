// The models' slice: `models` (the paged list, its request seq), `filters`, `modelNames` (names
// of models seen anywhere, for references by id) and `dashboard` (the counts). Pure updaters
// and selectors; no DOM access.

import { plainError } from '../shared/state.js';

export const modelsState = () => ({
  dashboard: { status: 'idle', total: null, deprecated: null, local: null, error: null },
  models: { items: [], total: 0, nextCursor: null, status: 'idle', loadingMore: false, error: null, seq: 0 },
  filters: { provider: '', status: '', text: '' },
  modelNames: {},
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

export const dashboardLoading = (state) => ({ ...state, dashboard: { ...state.dashboard, status: 'loading', error: null } });

export const dashboardLoaded = (state, { total, deprecated, local }) => ({
  ...state, dashboard: { status: 'ready', total, deprecated, local, error: null },
});

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
