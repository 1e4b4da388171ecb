// The one store of the web UI: a state object, pure updaters `(state, ...args) => state` that
// never mutate their input, selectors `(state, ...args) => value`, and a tiny container that
// holds the current state and tells subscribers when it changes. Async work that talks to the
// API lives in actions.js. No DOM access here: `node --test` imports this module.

import { checkModelField, checkModelForm, checkProviderField, checkProviderForm, fieldsFor, parseNumber, INTEGER_FIELDS, NUMBER_FIELDS } from './rules.js';

export const PAGE_SIZE = 50;
export const ROUTES = Object.freeze(['dashboard', 'providers', 'models']);
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

export function initialState({ lang = 'en', online = true, wasLoggedIn = false, layout = 'table', route = 'dashboard' } = {}) {
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
    layout,
    installAvailable: false,
    providers: { items: [], status: 'idle', error: null },
    providerTests: {},
    dashboard: { status: 'idle', total: null, deprecated: null, local: null, error: null },
    models: { items: [], total: 0, nextCursor: null, status: 'idle', loadingMore: false, error: null, seq: 0 },
    filters: { provider: '', status: '', text: '' },
    modelNames: {},
    busy: {},
    modal: null,
    providerModal: null,
    confirm: null,
    sheet: null,
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
export const setRoute = (state, route) => set(state, 'route', ROUTES.includes(route) ? route : 'dashboard');

export function setBusy(state, key, busy) {
  if (!!state.busy[key] === !!busy) return state;
  return { ...state, busy: busy ? { ...state.busy, [key]: true } : omit(state.busy, key) };
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
  const fresh = initialState({ lang: state.lang, online: state.online, layout: state.layout, route: state.route });
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

// --- Bottom sheet ------------------------------------------------------------------------

export const openSheet = (state, id) => ({ ...state, sheet: { id } });
export const closeSheet = (state) => set(state, 'sheet', null);

// --- Confirm dialog (delete, deprecate) ----------------------------------------------------

export function openConfirm(state, kind, model) {
  return {
    ...state,
    sheet: null,
    confirm: {
      seq: state.nextId, kind, id: model.id, name: model.name, providerID: model.provider_id,
      isDefault: !!model.is_default, replacement: '', candidates: [], candidatesStatus: kind === 'deprecate' ? 'loading' : 'idle',
      busy: false, error: null,
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
        hf_repo: '', hf_revision: 'main', model_file: '',
      },
      errors: {}, touched: {}, submitted: false, saving: false, error: null,
    },
    nextId: state.nextId + 1,
  };
}

export function openEditModal(state, model) {
  const values = {};
  for (const field of MODEL_FIELDS) values[field] = stringOf(model[field]);
  return {
    ...state,
    sheet: null,
    modal: {
      seq: state.nextId, mode: 'edit', id: model.id, builtin: !!model.is_builtin, type: model.kind === 'local' ? 'local' : 'hosted',
      original: model, values, errors: {}, touched: {}, submitted: false, saving: false, error: null,
    },
    nextId: state.nextId + 1,
  };
}

export const closeModal = (state) => set(state, 'modal', null);

const modalOptions = (state) => ({ type: state.modal.type, mode: state.modal.mode, lang: state.lang });

export function setModalType(state, type) {
  const modal = state.modal;
  if (!modal || modal.mode !== 'create' || modal.type === type || !['hosted', 'local'].includes(type)) return state;
  const shown = new Set(fieldsFor(type));
  const errors = Object.fromEntries(Object.entries(modal.errors).filter(([field]) => shown.has(field)));
  return { ...state, modal: { ...modal, type, errors, error: null } };
}

export function setModalValue(state, field, value) {
  const modal = state.modal;
  if (!modal || modal.values[field] === value) return state;
  const values = { ...modal.values, [field]: value };
  let errors = modal.errors;
  if (modal.touched[field] || modal.submitted || field in errors) {
    const message = checkModelField(field, values, modalOptions(state));
    errors = message ? { ...errors, [field]: message } : omit(errors, field);
  }
  return { ...state, modal: { ...modal, values, errors } };
}

export function touchModalField(state, field) {
  const modal = state.modal;
  if (!modal || !selectModalEditable(state).includes(field)) return state;
  const message = checkModelField(field, modal.values, modalOptions(state));
  const errors = message ? { ...modal.errors, [field]: message } : omit(modal.errors, field);
  return { ...state, modal: { ...modal, touched: { ...modal.touched, [field]: true }, errors } };
}

// Checks the whole form before saving; the action saves only when no error is left.
export function validateModal(state) {
  const modal = state.modal;
  if (!modal) return state;
  const errors = checkModelForm(modal.values, { ...modalOptions(state), editable: selectModalEditable(state) });
  const error = Object.keys(errors).length ? { code: 'client_validation' } : null;
  return { ...state, modal: { ...modal, errors, submitted: true, error } };
}

export function modalSaveStarted(state) {
  return state.modal ? { ...state, modal: { ...state.modal, saving: true, error: null } } : state;
}

// Server errors go back onto their fields; what no shown field can hold goes to the general
// message. Values are untouched, so the person fixes and retries.
export function modalSaveFailed(state, seq, error) {
  const modal = state.modal;
  if (!modal || modal.seq !== seq) return state;
  const shown = new Set(selectModalFields(state));
  const errors = { ...modal.errors };
  const unplaced = {};
  for (const [field, message] of Object.entries(error.fields || {})) {
    if (shown.has(field)) errors[field] = message;
    else unplaced[field] = message;
  }
  return { ...state, modal: { ...modal, saving: false, errors, error: { ...plainError(error), unplaced } } };
}

export function modalSaved(state, seq) {
  return state.modal && state.modal.seq === seq ? { ...state, modal: null } : state;
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
        default_model_id: stringOf(provider.default_model_id),
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
      values: { name: '', base_url: DEFAULT_BASE_URLS[chosen], api_version: '', api_key: '', default_model_id: '' },
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

const providerRuleOptions = (modal) => ({ kind: modal.kind, mode: modal.mode });

// A change of what would be tested makes an earlier test result stale.
const TESTED_FIELDS = new Set(['base_url', 'api_version', 'api_key']);

export function setProviderModalValue(state, field, value) {
  const modal = state.providerModal;
  if (!modal || modal.values[field] === value) return state;
  const values = { ...modal.values, [field]: value };
  let errors = modal.errors;
  if (modal.touched[field] || modal.submitted || field in errors) {
    const message = checkProviderField(field, values, providerRuleOptions(modal));
    errors = message ? { ...errors, [field]: message } : omit(errors, field);
  }
  const test = TESTED_FIELDS.has(field) && modal.test && !modal.test.running ? null : modal.test;
  return { ...state, providerModal: { ...modal, values, errors, test } };
}

// Create mode only. The base URL follows the kind while it is empty or still the previous
// kind's default; fields the new kind does not show lose their errors.
export function setProviderModalKind(state, kind) {
  const modal = state.providerModal;
  if (!modal || modal.mode !== 'create' || modal.kind === kind || !PROVIDER_KINDS.includes(kind)) return state;
  const previousDefault = DEFAULT_BASE_URLS[modal.kind] || '';
  const values = { ...modal.values };
  if (values.base_url === '' || values.base_url === previousDefault) values.base_url = DEFAULT_BASE_URLS[kind];
  if (kind !== 'azure-openai') values.api_version = '';
  const next = { ...modal, kind, values, test: null, error: null };
  const shown = new Set(selectProviderModalFields({ providerModal: next }));
  const errors = {};
  for (const [field, message] of Object.entries(modal.errors)) {
    if (!shown.has(field)) continue;
    const again = field === 'base_url' ? checkProviderField(field, values, { kind, mode: modal.mode }) : message;
    if (again) errors[field] = again;
  }
  return { ...state, providerModal: { ...next, errors } };
}

export function touchProviderField(state, field) {
  const modal = state.providerModal;
  if (!modal) return state;
  const message = checkProviderField(field, modal.values, providerRuleOptions(modal));
  const errors = message ? { ...modal.errors, [field]: message } : omit(modal.errors, field);
  return { ...state, providerModal: { ...modal, touched: { ...modal.touched, [field]: true }, errors } };
}

// Key controls of a connection that has a key: type a new one, mark it for clearing, or go
// back to keeping it. Each forgets whatever was typed.
function setKeyMode(state, keyMode, allowed) {
  const modal = state.providerModal;
  if (!modal || !allowed.includes(modal.keyMode) || modal.keyMode === keyMode) return state;
  return {
    ...state,
    providerModal: { ...modal, keyMode, values: { ...modal.values, api_key: '' }, errors: omit(modal.errors, 'api_key'), test: null },
  };
}
export const replaceProviderKey = (state) => setKeyMode(state, 'replace', ['set']);
export const clearProviderKey = (state) => setKeyMode(state, 'clear', ['set', 'replace']);
export const keepProviderKey = (state) => setKeyMode(state, 'set', ['replace', 'clear']);

// Checks the form before saving; with forTest, only what a connection test needs (and then
// the base URL is required even when editing).
export function validateProviderModal(state, { forTest = false } = {}) {
  const modal = state.providerModal;
  if (!modal) return state;
  if (!forTest) {
    const errors = checkProviderForm(modal.values, providerRuleOptions(modal), selectProviderModalFields(state));
    const error = Object.keys(errors).length ? { code: 'client_validation' } : null;
    return { ...state, providerModal: { ...modal, errors, submitted: true, error } };
  }
  const fields = selectProviderTestFields(state);
  const found = checkProviderForm(modal.values, { kind: modal.kind, mode: 'create' }, fields);
  const errors = { ...modal.errors };
  for (const field of fields) {
    if (found[field]) errors[field] = found[field];
    else delete errors[field];
  }
  const error = Object.keys(found).length ? { code: 'client_validation' } : null;
  return { ...state, providerModal: { ...modal, errors, error } };
}

export const providerSaveStarted = (state) =>
  state.providerModal ? { ...state, providerModal: { ...state.providerModal, saving: true, error: null } } : state;

// Server field messages go under the fields the form shows; the rest joins the general message.
function placeProviderErrors(state, modal, error) {
  const shown = new Set(selectProviderModalFields(state));
  const errors = { ...modal.errors };
  const unplaced = {};
  for (const [field, message] of Object.entries(error.fields || {})) {
    if (shown.has(field)) errors[field] = message;
    else unplaced[field] = message;
  }
  return { errors, error: { ...plainError(error), unplaced } };
}

export function providerSaveFailed(state, seq, error) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  return { ...state, providerModal: { ...modal, saving: false, ...placeProviderErrors(state, modal, error) } };
}

export const providerModalSaved = (state, seq) =>
  state.providerModal && state.providerModal.seq === seq ? { ...state, providerModal: null } : state;
export const closeProviderModal = (state) => set(state, 'providerModal', null);

// "Test before saving": test = { running, result } while the form is open.
export function providerFormTestStarted(state) {
  const modal = state.providerModal;
  if (!modal) return state;
  return { ...state, providerModal: { ...modal, test: { running: true, result: null }, error: null } };
}

export function providerFormTestFinished(state, seq, result) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  return { ...state, providerModal: { ...modal, test: { running: false, result } } };
}

// The test request itself failed (invalid form, network): no result; the errors go where a
// save's would.
export function providerFormTestFailed(state, seq, error) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  return { ...state, providerModal: { ...modal, test: null, ...placeProviderErrors(state, modal, error) } };
}

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
export function selectModelActions(model) {
  const actions = ['edit'];
  const deprecated = model.status === 'deprecated';
  if (!deprecated && !model.is_default) actions.push('set-default');
  if (deprecated) actions.push('restore');
  else actions.push('deprecate');
  if (!model.is_builtin && !model.is_default) actions.push('delete');
  return actions;
}

export function selectModalFields(state) {
  const modal = state.modal;
  if (!modal) return [];
  return [...fieldsFor(modal.type)];
}

// Fields the person may change: every shown field on create; on edit not the provider, and
// on a builtin model only temperature_default.
export function selectModalEditable(state) {
  const modal = state.modal;
  if (!modal) return [];
  if (modal.builtin) return [...BUILTIN_EDITABLE];
  const fields = selectModalFields(state);
  return modal.mode === 'edit' ? fields.filter((field) => field !== 'provider_id') : fields;
}

function parsedValue(field, text, lang) {
  if (NUMBER_FIELDS.has(field)) return parseNumber(text, { integer: INTEGER_FIELDS.has(field), lang });
  return text;
}

// The JSON body the modal sends: all shown fields on create (empty optional ones left out),
// only the changed editable fields on edit (an emptied cost is sent as null: it clears).
export function selectModalPayload(state) {
  const modal = state.modal;
  if (!modal) return null;
  const body = {};
  if (modal.mode === 'create') {
    for (const field of selectModalFields(state)) {
      const value = parsedValue(field, modal.values[field], state.lang);
      if (value === null || value === '') continue;
      body[field] = value;
    }
    if (modal.type === 'local') body.provider_id = (selectLocalProvider(state) || { id: 'local' }).id;
    return body;
  }
  for (const field of selectModalEditable(state)) {
    let value = parsedValue(field, modal.values[field], state.lang);
    if (value === '' && field.startsWith('cost_')) value = null;
    const original = modal.original ? modal.original[field] ?? null : null;
    if (value !== original) body[field] = value;
  }
  return body;
}

// Fields the connection form shows, in order.
export function selectProviderModalFields(state) {
  const modal = state.providerModal;
  if (!modal) return [];
  const fields = [];
  if (modal.mode === 'create') fields.push('kind');
  fields.push('name');
  if (modal.kind !== 'local') fields.push('base_url');
  if (modal.kind === 'azure-openai') fields.push('api_version');
  if (modal.kind !== 'local' && ['none', 'replace'].includes(modal.keyMode)) fields.push('api_key');
  if (modal.mode === 'edit') fields.push('default_model_id');
  return fields;
}

// The body of POST /api/providers (create) or PATCH /api/providers/{id} (only what changed;
// api_key: a string sets it, null clears it, absent keeps it).
export function selectProviderPayload(state) {
  const modal = state.providerModal;
  if (!modal) return null;
  const v = modal.values;
  const azure = modal.kind === 'azure-openai';
  if (modal.mode === 'create') {
    const body = { kind: modal.kind, name: v.name, base_url: v.base_url };
    if (azure && v.api_version !== '') body.api_version = v.api_version;
    if (v.api_key !== '') body.api_key = v.api_key;
    return body;
  }
  const original = modal.original;
  const body = {};
  if (v.name !== original.name) body.name = v.name;
  if (modal.kind !== 'local') {
    const baseURL = v.base_url === '' ? null : v.base_url;
    if (baseURL !== (original.base_url ?? null)) body.base_url = baseURL;
  }
  if (azure && v.api_version !== '' && v.api_version !== (original.api_version ?? '')) body.api_version = v.api_version;
  if (modal.keyMode === 'clear') body.api_key = null;
  else if (['none', 'replace'].includes(modal.keyMode) && v.api_key !== '') body.api_key = v.api_key;
  const defaultID = v.default_model_id === '' ? null : v.default_model_id;
  if (defaultID !== (original.default_model_id ?? null)) body.default_model_id = defaultID;
  return body;
}

// The body of POST /api/providers/test for the open form. Editing without a new key sends
// provider_id, so the server tests with the stored key.
export function selectProviderTestPayload(state) {
  const modal = state.providerModal;
  if (!modal || modal.kind === 'local') return null;
  const v = modal.values;
  const body = { kind: modal.kind, base_url: v.base_url };
  if (modal.kind === 'azure-openai' && v.api_version !== '') body.api_version = v.api_version;
  const typed = ['none', 'replace'].includes(modal.keyMode) && v.api_key !== '';
  if (typed) body.api_key = v.api_key;
  else if (modal.mode === 'edit' && modal.keyMode === 'set') body.provider_id = modal.id;
  return body;
}

// Fields the form test needs valid before it can run.
export function selectProviderTestFields(state) {
  return selectProviderModalFields(state).filter((field) => ['base_url', 'api_version', 'api_key'].includes(field));
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
  if (state.sheet) return 'sheet';
  return null;
}
