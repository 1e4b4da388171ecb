// The one store of the web UI: a state object, pure updaters `(state, ...args) => state` that
// never mutate their input, selectors `(state, ...args) => value`, and a tiny container that
// holds the current state and tells subscribers when it changes. Async work that talks to the
// API lives in actions.js; editing an open form lives in forms.js (loaded with the modal). No
// DOM access here: `node --test` imports this module.

export { setBusy } from './shared/busy.js';

export const PAGE_SIZE = 50;
export const ROUTES = Object.freeze(['dashboard', 'providers', 'models', 'jobs', 'ollama', 'settings']);
export const PROVIDER_KINDS = Object.freeze(['mistral', 'openai', 'azure-openai', 'ollama', 'openai-compatible']);
export const DEFAULT_BASE_URLS = Object.freeze({
  mistral: 'https://api.mistral.ai', openai: 'https://api.openai.com', 'azure-openai': '', ollama: 'http://localhost:11434', 'openai-compatible': '',
});
export const DEFAULT_API_VERSION = '2024-10-21';
export const BUILTIN_EDITABLE = Object.freeze(['temperature_default']);
export const MODEL_FIELDS = Object.freeze([
  'provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default',
  'cost_input_per_million', 'cost_output_per_million', 'hf_repo', 'hf_revision', 'model_file',
]);

// --- Container ---------------------------------------------------------------------------

export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  return {
    getState: () => state,
    dispatch(updater, ...args) {
      const prev = state;
      const next = updater(prev, ...args);
      if (next !== prev) {
        state = next;
        for (const listener of listeners) listener(state, prev);
      }
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

// --- Initial state -----------------------------------------------------------------------

export function initialState({ lang = 'en', online = true, wasLoggedIn = false, layout = 'table', route = 'dashboard', routeParam = null } = {}) {
  return {
    lang,
    online,
    wasLoggedIn,
    // checking | anonymous | authenticated | offline (the API cannot be reached, but this
    // browser was signed in before, so the shell opens with the offline banner)
    session: 'checking',
    sessionExpired: false,
    login: { submitting: false, error: null },
    route: ROUTES.includes(route) ? route : 'dashboard',
    // The route's argument: the connection id of #/ollama/<id> (null for #/ollama).
    routeParam: ROUTES.includes(route) ? routeParam : null,
    layout,
    installAvailable: false,
    providers: { items: [], status: 'idle', error: null },
    providerTests: {},
    dashboard: { status: 'idle', total: null, deprecated: null, local: null, error: null },
    models: { items: [], total: 0, nextCursor: null, status: 'idle', loadingMore: false, error: null, seq: 0 },
    // Background jobs, newest first: the Jobs page's list, the active ones fetched on load,
    // and every job event. downloads: the last DownloadState an action got, by model id.
    jobs: { items: [], status: 'idle', error: null },
    downloads: {},
    // The Ollama pages (ollama-store.js): one entry per server, by connection id.
    ollama: { servers: {} },
    filters: { provider: '', status: '', text: '' },
    modelNames: {},
    busy: {},
    modal: null,
    providerModal: null,
    confirm: null,
    sheet: null,
    // An Ollama page's overlay: a model's details, the copy form, or its action sheet.
    ollamaDialog: null,
    toasts: [],
    nextId: 1,
  };
}

// --- Small helpers -----------------------------------------------------------------------

const set = (state, key, value) => (state[key] === value ? state : { ...state, [key]: value });
const omit = (object, key) => {
  if (!(key in object)) return object;
  const copy = { ...object };
  delete copy[key];
  return copy;
};
const stringOf = (value) => (value === null || value === undefined ? '' : String(value));

// Errors are kept as plain data (an ApiError's message is not an enumerable property).
export const plainError = (error) => (error
  ? { status: error.status ?? 0, code: error.code || 'unknown', message: error.message || '', fields: { ...(error.fields || {}) } }
  : null);

// --- Environment -------------------------------------------------------------------------

export const setLang = (state, lang) => set(state, 'lang', lang === 'fr' ? 'fr' : 'en');
export const setOnline = (state, online) => set(state, 'online', !!online);
export const setLayout = (state, layout) => set(state, 'layout', layout === 'cards' ? 'cards' : 'table');
export const setInstallAvailable = (state, available) => set(state, 'installAvailable', !!available);
export function setRoute(state, route, param = null) {
  const next = ROUTES.includes(route) ? route : 'dashboard';
  const routeParam = next === route && param ? String(param) : null;
  return state.route === next && state.routeParam === routeParam ? state : { ...state, route: next, routeParam };
}


// --- Session -----------------------------------------------------------------------------

// result: 'authenticated' | 'anonymous' | 'unreachable'
export function sessionChecked(state, result) {
  if (result === 'authenticated') return { ...state, session: 'authenticated', wasLoggedIn: true, sessionExpired: false };
  if (result === 'unreachable') return { ...state, session: state.wasLoggedIn ? 'offline' : 'anonymous', online: false };
  return { ...state, session: 'anonymous', wasLoggedIn: false };
}

export const loginStarted = (state) => ({ ...state, login: { submitting: true, error: null } });
export const loginFailed = (state, error) => ({ ...state, login: { submitting: false, error: plainError(error) } });
export function loginSucceeded(state) {
  // A form kept open across an expired session forgets the 401 it got.
  const clear = (modal) => (modal && modal.error && modal.error.status === 401 ? { ...modal, error: null } : modal);
  return {
    ...state, session: 'authenticated', wasLoggedIn: true, sessionExpired: false, login: { submitting: false, error: null },
    modal: clear(state.modal), providerModal: clear(state.providerModal),
  };
}

// The server said 401 to a signed-in browser: back to the login screen, but keep the open
// modal (its values survive; it reopens once signed in again).
export function sessionExpired(state) {
  if (state.session === 'anonymous') return state;
  return { ...state, session: 'anonymous', wasLoggedIn: false, sessionExpired: true, confirm: null, sheet: null };
}

export function loggedOut(state) {
  const fresh = initialState({ lang: state.lang, online: state.online, layout: state.layout, route: state.route, routeParam: state.routeParam });
  return { ...fresh, session: 'anonymous', installAvailable: state.installAvailable, nextId: state.nextId };
}

// --- Toasts ------------------------------------------------------------------------------

// toast: { kind: 'success'|'error'|'info', key, params } or { kind, error } (an API error)
export function pushToast(state, toast) {
  const item = { ...toast, error: toast.error ? plainError(toast.error) : undefined, id: state.nextId };
  const toasts = [...state.toasts, item].slice(-4);
  return { ...state, toasts, nextId: state.nextId + 1 };
}
export const dismissToast = (state, id) =>
  state.toasts.some((toast) => toast.id === id) ? { ...state, toasts: state.toasts.filter((toast) => toast.id !== id) } : state;

// --- Providers ---------------------------------------------------------------------------

export const providersLoading = (state) => ({ ...state, providers: { ...state.providers, status: 'loading', error: null } });
export const providersLoaded = (state, items) => ({ ...state, providers: { items, status: 'ready', error: null } });
export const providersFailed = (state, error) => ({ ...state, providers: { ...state.providers, status: 'error', error: plainError(error) } });

export function providerUpdated(state, provider) {
  const items = state.providers.items.map((item) => (item.id === provider.id ? provider : item));
  return { ...state, providers: { ...state.providers, items } };
}

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

// --- Dashboard ---------------------------------------------------------------------------

export const dashboardLoading = (state) => ({ ...state, dashboard: { ...state.dashboard, status: 'loading', error: null } });
export const dashboardLoaded = (state, { total, deprecated, local }) => ({
  ...state, dashboard: { status: 'ready', total, deprecated, local, error: null },
});
export const dashboardFailed = (state, error) => ({ ...state, dashboard: { ...state.dashboard, status: 'error', error: plainError(error) } });

// --- Models list -------------------------------------------------------------------------

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

// --- Bottom sheet ------------------------------------------------------------------------

export const openSheet = (state, id) => ({ ...state, sheet: { id } });
export const closeSheet = (state) => set(state, 'sheet', null);
export const closeOllamaDialog = (state) => set(state, 'ollamaDialog', null);

// --- Confirm dialog (delete, deprecate) ----------------------------------------------------

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

// --- Model modal (create / edit) -----------------------------------------------------------

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
        hf_repo: '', hf_revision: 'main', model_file: '', hf_token: '',
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

// --- Provider modal (configure / add a connection) ---------------------------------------

// keyMode: 'none' (no key stored: the input shows), 'set' (a key is stored: dots, Replace,
// Clear), 'replace' (a new key is being typed), 'clear' (the stored key goes on save).
// The typed key lives only in values.api_key while the form is open; closing or saving the
// modal drops it with the modal.
export function openProviderModal(state, provider) {
  const local = provider.kind === 'local';
  return {
    ...state,
    providerModal: {
      seq: state.nextId, mode: 'edit', id: provider.id, kind: provider.kind, original: provider,
      keyMode: local ? 'none' : provider.api_key_configured ? 'set' : 'none',
      values: {
        name: provider.name, base_url: stringOf(provider.base_url), api_version: stringOf(provider.api_version), api_key: '',
        default_model_id: stringOf(provider.default_model_id), rpm_limit: stringOf(provider.rpm_limit), tpm_limit: stringOf(provider.tpm_limit), max_parallel: stringOf(provider.max_parallel),
      },
      candidates: [], candidatesStatus: 'loading', errors: {}, touched: {}, submitted: false, saving: false, error: null, test: null,
    },
    nextId: state.nextId + 1,
  };
}

export function openProviderCreateModal(state, kind = PROVIDER_KINDS[0]) {
  const chosen = PROVIDER_KINDS.includes(kind) ? kind : PROVIDER_KINDS[0];
  return {
    ...state,
    providerModal: {
      seq: state.nextId, mode: 'create', id: null, kind: chosen, original: null, keyMode: 'none',
      values: { name: '', base_url: DEFAULT_BASE_URLS[chosen], api_version: '', api_key: '', default_model_id: '', rpm_limit: '', tpm_limit: '', max_parallel: '' },
      candidates: [], candidatesStatus: 'ready', errors: {}, touched: {}, submitted: false, saving: false, error: null, test: null,
    },
    nextId: state.nextId + 1,
  };
}

export function providerModalCandidates(state, seq, models) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  const candidates = models.filter((model) => model.status === 'active').map((model) => ({ id: model.id, name: model.name }));
  return rememberModelNames({ ...state, providerModal: { ...modal, candidates, candidatesStatus: 'ready' } }, models);
}

export const providerModalSaved = (state, seq) =>
  state.providerModal && state.providerModal.seq === seq ? { ...state, providerModal: null } : state;
export const closeProviderModal = (state) => set(state, 'providerModal', null);

// --- Connections: add, delete, test -----------------------------------------------------

export function providerAdded(state, provider) {
  if (state.providers.items.some((item) => item.id === provider.id)) return providerUpdated(state, provider);
  return { ...state, providers: { ...state.providers, items: [...state.providers.items, provider] } };
}

export function providerRemoved(state, id) {
  if (!state.providers.items.some((item) => item.id === id)) return state;
  const items = state.providers.items.filter((item) => item.id !== id);
  const filters = state.filters.provider === id ? { ...state.filters, provider: '' } : state.filters;
  const models = state.models.items.some((model) => model.provider_id === id)
    ? { ...state.models, items: state.models.items.filter((model) => model.provider_id !== id) }
    : state.models;
  return { ...state, providers: { ...state.providers, items }, filters, models, providerTests: omit(state.providerTests, id) };
}

// A card's Test button: running while the request is out; the result also becomes the
// connection's last_test (the server stores it there too).
export function providerTestStarted(state, id) {
  return { ...state, providerTests: { ...state.providerTests, [id]: { running: true, error: null } } };
}

export function providerTestFinished(state, id, result) {
  const items = state.providers.items.map((item) => (item.id === id ? { ...item, last_test: result } : item));
  return { ...state, providers: { ...state.providers, items }, providerTests: { ...state.providerTests, [id]: { running: false, error: null } } };
}

export function providerTestFailed(state, id, error) {
  return { ...state, providerTests: { ...state.providerTests, [id]: { running: false, error: plainError(error) } } };
}

export function openProviderConfirm(state, provider) {
  return {
    ...state,
    sheet: null,
    confirm: {
      seq: state.nextId, kind: 'deleteProvider', id: provider.id, name: provider.name, cascade: false,
      busy: false, error: null, candidates: [], candidatesStatus: 'idle', replacement: '',
    },
    nextId: state.nextId + 1,
  };
}

// The delete was refused because the connection has models: offer to delete them too.
export function confirmOfferCascade(state, seq, error) {
  if (!state.confirm || state.confirm.seq !== seq) return state;
  return { ...state, confirm: { ...state.confirm, busy: false, cascade: true, error: plainError(error) } };
}

// --- Jobs and downloads -------------------------------------------------------------------

export const isJobActive = (job) => !!job && (job.state === 'queued' || job.state === 'running');
// What a job works on comes as fields (`model_id`, `provider_id`, `ollama_model`, null when
// not applicable), never parsed from `target` by the views or the actions.
export const jobModelId = (job) => jobField(job, 'model_id');
// The Ollama connection of a pull, delete or update check.
export const jobProviderId = (job) => jobField(job, 'provider_id');
// The Ollama model name of a pull.
export const jobOllamaModel = (job) => jobField(job, 'ollama_model');
export const isOllamaJob = (job) => !!jobProviderId(job);

function jobField(job, name) {
  if (!job) return null;
  if (job[name] !== undefined) return job[name] || null;
  return legacyTargetFields(job.target)[name];
}

// A server older than the job fields sends only `target` (`model:<id>`, `ollama:<provider>`,
// `ollama:<provider>:<model>`): read once here, so nothing else parses it. Remove with the
// last such server.
function legacyTargetFields(target) {
  const fields = { model_id: null, provider_id: null, ollama_model: null };
  if (typeof target !== 'string') return fields;
  if (target.startsWith('model:')) fields.model_id = target.slice(6) || null;
  else if (target.startsWith('ollama:')) {
    const rest = target.slice(7);
    const colon = rest.indexOf(':');
    fields.provider_id = (colon === -1 ? rest : rest.slice(0, colon)) || null;
    fields.ollama_model = colon === -1 ? null : rest.slice(colon + 1) || null;
  }
  return fields;
}

const timeOf = (value) => Date.parse(value || '') || 0;
const bytesOf = (job) => (job.progress || {}).bytes_done ?? 0;
// Newest first: created_at, then id.
const compareJobs = (a, b) => timeOf(b.created_at) - timeOf(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
// A fetched copy may be older than what events already said: keep the newer one.
const isNewerJob = (job, old) => (timeOf(job.updated_at) - timeOf(old.updated_at)
  || (isJobActive(job) === isJobActive(old) ? bytesOf(job) - bytesOf(old) : isJobActive(job) ? -1 : 1)) >= 0;

// Upserts jobs (`force`: as they are, for events, which come in order); 500 at most.
function mergeJobs(state, incoming, force, extra = {}) {
  const byId = new Map(state.jobs.items.map((job) => [job.id, job]));
  let changed = false;
  for (const job of incoming || []) {
    const old = job && job.id ? byId.get(job.id) : job;
    if (!job || old === job || (old && !force && !isNewerJob(job, old))) continue;
    byId.set(job.id, job);
    changed = true;
  }
  const items = changed ? [...byId.values()].sort(compareJobs).slice(0, 500) : state.jobs.items;
  return items === state.jobs.items && !Object.keys(extra).length ? state : { ...state, jobs: { ...state.jobs, items, ...extra } };
}

export const jobsRequested = (state) => mergeJobs(state, [], false, { status: 'loading', error: null });
export const jobsLoaded = (state, items) => mergeJobs(state, items, false, { status: 'ready', error: null });
export const jobsFailed = (state, error) => mergeJobs(state, [], false, { status: 'error', error: plainError(error) });
// The running and queued jobs fetched on load, so progress shows before any event.
export const activeJobsLoaded = (state, items) => mergeJobs(state, items, false);
// A `job` event, or a job an action got back.
export const jobReceived = (state, job) => mergeJobs(state, [job], true);

// The DownloadState of start / cancel / download-status: the model's fields follow at once,
// and so does the job it names (whose events may come a moment later).
// An answer can arrive after the job's own events (a fast download ends before the start
// request's response is read): an active job state for a job the events already ended is
// stale and must not bring "Downloading" back.
export function downloadStateReceived(state, ds) {
  if (!ds || !ds.model_id) return state;
  const seen = selectJob(state, ds.job_id);
  if (seen && !isJobActive(seen) && isJobActive({ state: ds.job_state })) return state;
  const id = ds.model_id;
  const patch = (model) => (model.id !== id ? model : {
    ...model, download_status: ds.download_status ?? model.download_status, downloaded: ds.downloaded ?? model.downloaded,
    download_error: ds.download_status === 'failed' && ds.error_message ? ds.error_message : model.download_error,
  });
  let next = { ...state, downloads: { ...state.downloads, [id]: ds }, models: { ...state.models, items: state.models.items.map(patch) } };
  if (next.modal && next.modal.live) next = { ...next, modal: { ...next.modal, live: patch(next.modal.live) } };
  const job = selectJob(next, ds.job_id);
  if (!job || !ds.job_state) return next;
  const progress = { ...job.progress };
  for (const key of ['bytes_done', 'bytes_total', 'percent', 'bytes_per_second', 'eta_seconds']) if (ds[key] !== undefined) progress[key] = ds[key];
  return mergeJobs(next, [{ ...job, state: ds.job_state, progress, error_message: ds.error_message ?? job.error_message }], true);
}

// --- Selectors ---------------------------------------------------------------------------

export const selectIsSignedIn = (state) => state.session === 'authenticated' || state.session === 'offline';
export const selectProvider = (state, id) => state.providers.items.find((provider) => provider.id === id) || null;
export const selectProviderName = (state, id) => (selectProvider(state, id) || {}).name || id;
export const selectHostedProviders = (state) => state.providers.items.filter((provider) => provider.kind !== 'local');
export const selectLocalProvider = (state) => state.providers.items.find((provider) => provider.kind === 'local') || null;
export const selectModel = (state, id) => state.models.items.find((model) => model.id === id) || null;
export const selectHasMore = (state) => !!state.models.nextCursor;
export const selectFiltersActive = (state) => !!(state.filters.provider || state.filters.status || state.filters.text);

export function selectDefaultModelName(state, provider) {
  const id = provider && provider.default_model_id;
  if (!id) return null;
  return state.modelNames[id] || id;
}

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

export function selectProviderTest(state, id) {
  const provider = selectProvider(state, id);
  const session = state.providerTests[id] || null;
  return {
    running: !!(session && session.running),
    error: session ? session.error : null,
    result: provider ? provider.last_test || null : null,
  };
}

// Only custom connections can be deleted; the local provider (or one without a base URL)
// has nothing to test.
export const selectCanDeleteProvider = (provider) => !!provider && !provider.is_builtin;
export const selectCanTestProvider = (provider) => !!provider && provider.kind !== 'local' && !!provider.base_url;

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

// The overlay Escape closes first.
export function selectTopOverlay(state) {
  if (state.confirm) return 'confirm';
  if (state.providerModal) return 'providerModal';
  if (state.modal) return 'modal';
  if (state.ollamaDialog) return 'ollamaDialog';
  if (state.sheet) return 'sheet';
  return null;
}

// --- Jobs and downloads: selectors ---------------------------------------------------------

export const selectJob = (state, id) => (id && state.jobs.items.find((job) => job.id === id)) || null;

// The download job of a model: the active one, else the newest.
export function selectModelJob(state, modelID) {
  const mine = state.jobs.items.filter((job) => jobModelId(job) === modelID && (!job.kind || job.kind === 'download'));
  return mine.find(isJobActive) || mine[0] || null;
}

const ENDED = { succeeded: 'downloaded', failed: 'failed', canceled: 'canceled' };
const known = (value) => value !== null && value !== undefined;

// What the UI shows of a local model's download (null for hosted models): status (the five
// download states), the active job, bytes, percent, speed, ETA, the error, and which of
// Start / Retry / Resume or Cancel applies.
export function selectDownload(state, model) {
  if (!model || model.kind !== 'local') return null;
  const ds = state.downloads[model.id] || null;
  let job = selectModelJob(state, model.id);
  const fromAction = ds && ds.job_id && !selectJob(state, ds.job_id);
  // A job an action just started is unknown until its first event: the answer stands in.
  if (fromAction) job = { id: ds.job_id, state: ds.job_state, error_message: ds.error_message, progress: ds };
  const jobState = job ? job.state : null;
  const active = isJobActive(job);
  let status = model.download_status || 'pending';
  if (active) status = 'downloading';
  else if (status === 'downloading' && ENDED[jobState]) status = ENDED[jobState];
  const p = (job && job.progress) || (ds && !job ? ds : {});
  const bytesDone = p.bytes_done ?? null;
  const bytesTotal = p.bytes_total ?? model.file_size_bytes ?? null;
  let percent = null;
  if (known(bytesDone) && bytesTotal > 0) percent = Math.min(100, (bytesDone / bytesTotal) * 100);
  else if (typeof p.percent === 'number') percent = Math.min(100, Math.max(0, p.percent));
  if (status === 'downloaded') percent = 100;
  const canCancel = status === 'downloading';
  let startLabel = 'start';
  if (status === 'failed') startLabel = 'retry';
  else if (status === 'canceled' && bytesDone > 0) startLabel = 'resume';
  return {
    status, active, queued: jobState === 'queued', downloaded: status === 'downloaded' || !!model.downloaded,
    bytesDone, bytesTotal, percent, speed: active ? p.bytes_per_second ?? null : null, eta: active ? p.eta_seconds ?? null : null,
    error: status === 'failed' ? model.download_error || (job && job.error_message) || null : null,
    errorCode: status === 'failed' ? (job && job.error_code) || (ds && ds.error_code) || null : null,
    canCancel, canStart: ['pending', 'failed', 'canceled'].includes(status), startLabel,
  };
}
