// The app's own slice: language, network, layout, install prompt, route, session, login
// form, toasts, requests under way (`busy`), and which overlay is on top. Pure updaters
// `(state, ...args) => state` and selectors; no DOM access (`node --test` imports it). Also
// the helpers every slice uses, and `runBusy`, which the actions use around a request a
// control waits on.

// Its part of the initial state.
export function appState({ lang = 'en', online = true, wasLoggedIn = false, layout = 'table', route = 'dashboard', routeParam = null } = {}) {
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
    // Requests under way that a control waits on (setBusy, runBusy below).
    busy: {},
    toasts: [],
    // Identities of overlay openings and toasts.
    nextId: 1,
  };
}

export const ROUTES = Object.freeze(['dashboard', 'providers', 'models', 'keys', 'jobs', 'ollama', 'sync', 'settings']);

export const setLang = (state, lang) => set(state, 'lang', lang === 'fr' ? 'fr' : 'en');

export const setOnline = (state, online) => set(state, 'online', !!online);

export const setLayout = (state, layout) => set(state, 'layout', layout === 'cards' ? 'cards' : 'table');

export const setInstallAvailable = (state, available) => set(state, 'installAvailable', !!available);

export function setRoute(state, route, param = null) {
  const next = ROUTES.includes(route) ? route : 'dashboard';
  const routeParam = next === route && param ? String(param) : null;
  return state.route === next && state.routeParam === routeParam ? state : { ...state, route: next, routeParam };
}

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
  return { ...state, session: 'anonymous', wasLoggedIn: false, sessionExpired: true, confirm: null, sheet: null, runtimeDialog: null };
}

// toast: { kind: 'success'|'error'|'info', key, params } or { kind, error } (an API error)
export function pushToast(state, toast) {
  const item = { ...toast, error: toast.error ? plainError(toast.error) : undefined, id: state.nextId };
  const toasts = [...state.toasts, item].slice(-4);
  return { ...state, toasts, nextId: state.nextId + 1 };
}

export const dismissToast = (state, id) =>
  state.toasts.some((toast) => toast.id === id) ? { ...state, toasts: state.toasts.filter((toast) => toast.id !== id) } : state;

export const selectIsSignedIn = (state) => state.session === 'authenticated' || state.session === 'offline';

// The overlay Escape closes first.
export function selectTopOverlay(state) {
  if (state.confirm) return 'confirm';
  if (state.keyDialog) return 'keyDialog';
  if (state.providerModal) return 'providerModal';
  if (state.modal) return 'modal';
  if (state.ollamaDialog) return 'ollamaDialog';
  if (state.runtimeDialog) return 'runtimeDialog';
  if (state.sheet) return 'sheet';
  return null;
}

// The Keys page's dialog (keys/store.js) closes with Escape before its code has to load.
export const closeKeyDialog = (state) => (state.keyDialog ? { ...state, keyDialog: null } : state);

// --- Helpers of the slices -------------------------------------------------------------

export const set = (state, key, value) => (state[key] === value ? state : { ...state, [key]: value });

export const omit = (object, key) => {
  if (!(key in object)) return object;
  const copy = { ...object };
  delete copy[key];
  return copy;
};

export const stringOf = (value) => (value === null || value === undefined ? '' : String(value));

// Errors are kept as plain data (an ApiError's message is not an enumerable property).
export const plainError = (error) => (error
  ? { status: error.status ?? 0, code: error.code || 'unknown', message: error.message || '', fields: { ...(error.fields || {}) } }
  : null);

export function setBusy(state, key, busy) {
  if (!!state.busy[key] === !!busy) return state;
  const next = { ...state.busy };
  if (busy) next[key] = true;
  else delete next[key];
  return { ...state, busy: next };
}

// Runs `run` with `key` marked busy; nothing happens (and `idle` is returned) while the key is
// already busy. A failure clears the key, then goes to `onError`, whose result is returned
// (false without one). The key is always cleared, whatever `run` or `onError` throw.
export async function runBusy({ getState, dispatch }, key, run, { onError = null, idle = false } = {}) {
  if (getState().busy[key]) return idle;
  dispatch(setBusy, key, true);
  let result;
  try {
    result = await run();
  } catch (error) {
    dispatch(setBusy, key, false);
    if (!onError) return false;
    return onError(error);
  } finally {
    dispatch(setBusy, key, false);
  }
  return result;
}
