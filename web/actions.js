// Async actions: the only code that calls the API. Each one dispatches pure updaters from the
// store's slices before and after its request, so the UI is always a function of the state.
// This module holds what every action shares (the call wrapper, error side effects, toasts,
// the lazily loaded Ollama, governance, keys, catalog sync and Hub picker actions), the session's actions
// (sign in and out, load what the route shows), and merges the features' actions: models/provider-actions.js,
// models/model-actions.js, jobs/job-actions.js; shared/live.js's createLiveActions loads with the event
// stream (`live()`).

import * as S from './store.js';
import { runBusy } from './shared/app-store.js';
import { readStorage } from './shared/dom.js';
import { createProviderActions } from './models/provider-actions.js';
import { createModelActions } from './models/model-actions.js';
import { createJobActions } from './jobs/job-actions.js';

// The forms' updaters and rules load with the first form that is saved or tested.
const loadForms = () => import('./models/forms.js');
// The Ollama pages' actions load with the first of them; so do the governance actions
// (test prompt, usage, settings, export / import).
const loadOllama = () => import('./ollama/actions.js');
const loadGovernance = () => import('./governance/actions.js');
// The Keys page's actions load with it (keys/actions.js).
const loadKeys = () => import('./keys/actions.js');
// Catalog sync's actions load on first use (sync/actions.js).
const loadSync = () => import('./sync/actions.js');
// The model form's Hub picker: its actions load when it first opens (models/hub-actions.js).
const loadHub = () => import('./models/hub-actions.js');
// The models page's Ollama actions (runtime states, deploy, start / stop, bulk actions) load
// with the page's data (models/runtime-actions.js).
const loadRuntime = () => import('./models/runtime-actions.js');

export const WAS_LOGGED_IN_KEY = 'hangar.wasLoggedIn';

export function createActions({ store, api, storage = null }) {
  const { getState, dispatch } = store;
  // Every feature's actions, filled below; features reach each other through it when called.
  const actions = {};

  const remember = (signedIn) => {
    try {
      if (!storage) return;
      if (signedIn) storage.setItem(WAS_LOGGED_IN_KEY, '1');
      else storage.removeItem(WAS_LOGGED_IN_KEY);
    } catch { /* storage may be unavailable (private mode) */ }
  };

  // Kept by the browser: the Ollama page was opened, the first-run list hidden.
  const flag = (name) => readStorage(storage, `hangar.flag.${name}`) === '1';
  const setFlag = (name) => {
    try {
      storage.setItem(`hangar.flag.${name}`, '1');
    } catch { /* not remembered */ }
  };

  const toast = (kind, key, params) => dispatch(S.pushToast, { kind, key, params });

  const toastError = (error) => dispatch(S.pushToast, { kind: 'error', error });

  // A failure the person should see: a toast, unless it signed them out or took the network.
  const fail = (error) => {
    if (!noteError(error)) toastError(error);
    return false;
  };

  // Side effects every failed call shares: unreachable server → offline; 401 → sign in again.
  function noteError(error) {
    if (error && error.status === 0 && error.code === 'network') dispatch(S.setOnline, false);
    if (error && error.status === 401 && S.selectIsSignedIn(getState())) {
      remember(false);
      dispatch(S.sessionExpired);
      return true;
    }
    return false;
  }

  // A call succeeded: the network is back, whatever navigator.onLine said.
  function noteSuccess() {
    if (!getState().online) dispatch(S.setOnline, true);
  }

  async function call(fn) {
    const result = await fn();
    noteSuccess();
    return result;
  }

  // The Ollama actions (ollama-actions.js), created once, on first use.
  let ollamaActions = null;

  function ollama() {
    ollamaActions ||= loadOllama().then(
      (module) => module.createOllamaActions({ store, api, shared: { call, noteError, toast, toastError, loadProviders: actions.loadProviders, loadActiveJobs: actions.loadActiveJobs } }),
      (error) => {
        ollamaActions = null;
        throw error;
      });
    return ollamaActions;
  }

  let governanceActions = null;

  function governance() {
    governanceActions ||= loadGovernance().then(
      (module) => module.createGovernanceActions({ store, api, shared: { call, noteError, toast, toastError, loadProviders: actions.loadProviders, loadDashboard: actions.loadDashboard } }),
      (error) => {
        governanceActions = null;
        throw error;
      });
    return governanceActions;
  }

  let keysActions = null;

  function keys() {
    keysActions ||= loadKeys().then(
      (module) => module.createKeysActions({ store, api, shared: { call, noteError, toast, toastError } }),
      (error) => {
        keysActions = null;
        throw error;
      });
    return keysActions;
  }

  let syncActions = null;

  function sync() {
    syncActions ||= loadSync().then(
      (module) => module.createSyncActions({ store, api, shared: { call, noteError, toast, toastError, loadProviders: actions.loadProviders, refreshModels: actions.refreshModels } }),
      (error) => {
        syncActions = null;
        throw error;
      });
    return syncActions;
  }

  let hubActions = null;

  function hub() {
    hubActions ||= loadHub().then((module) => module.createHubActions({ store, api, shared: { call, noteError } }), (error) => {
      hubActions = null;
      throw error;
    });
    return hubActions;
  }

  let runtimeActions = null;

  function runtime() {
    runtimeActions ||= loadRuntime().then((module) => module.createRuntimeActions(ctx), (error) => {
      runtimeActions = null;
      throw error;
    });
    return runtimeActions;
  }

  // --- Session -------------------------------------------------------------------------

  const loadActiveJobs = (...args) => actions.loadActiveJobs(...args);
  const loadDashboard = (...args) => actions.loadDashboard(...args);
  const loadJobs = (...args) => actions.loadJobs(...args);
  const loadModels = (...args) => actions.loadModels(...args);
  const loadProviders = (...args) => actions.loadProviders(...args);

  async function checkSession() {
    try {
      await call(() => api.getSession());
      remember(true);
      dispatch(S.sessionChecked, 'authenticated');
      await loadRoute();
    } catch (error) {
      if (error.status === 0) {
        dispatch(S.sessionChecked, 'unreachable');
      } else {
        if (error.status === 401) remember(false);
        dispatch(S.sessionChecked, 'anonymous');
        if (error.status !== 401) dispatch(S.loginFailed, error);
      }
    }
  }

  async function login(token) {
    if (getState().login.submitting) return;
    if (!token) {
      dispatch(S.loginFailed, { status: 0, code: 'client_validation', message: '', fields: { token: { code: 'required', key: 'login.enterToken', params: {} } } });
      return;
    }
    dispatch(S.loginStarted);
    try {
      await call(() => api.login(token));
      remember(true);
      dispatch(S.loginSucceeded);
      toast('success', 'toast.signedIn');
      await loadRoute();
    } catch (error) {
      if (error.status === 0 && error.code === 'network') dispatch(S.setOnline, false);
      dispatch(S.loginFailed, error);
    }
  }

  async function logout({ everywhere = false } = {}) {
    try {
      await call(() => api.logout({ everywhere }));
    } catch (error) {
      noteError(error);
      if (error.status === 0) {
        toastError(error);
        return;
      }
    }
    remember(false);
    dispatch(S.loggedOut);
    toast('info', everywhere ? 'toast.signedOutEverywhere' : 'toast.signedOut');
  }

  async function loadRoute() {
    const state = getState();
    if (state.session !== 'authenticated') return;
    if (state.route === 'dashboard') await loadDashboard();
    else if (state.route === 'providers') await loadProviders();
    else if (state.route === 'models') await Promise.all([loadProviders(), loadModels(), loadActiveJobs(), runtime().then((r) => r.loadRuntime(), () => undefined)]);
    else if (state.route === 'jobs') await loadJobs();
    else if (state.route === 'ollama') {
      setFlag('ollamaVisited');
      await (await ollama()).loadPage();
    }
    else if (state.route === 'settings') await (await governance()).loadSettingsPage();
    else if (state.route === 'keys') await (await keys()).loadPage();
    else if (state.route === 'sync') await (await sync()).loadPage();
  }

  // What live events change loads with the event stream (shared/live.js), once signed in.
  let liveActions = null;
  function live() {
    liveActions ||= import('./shared/live.js').then((module) => module.createLiveActions(ctx), (error) => {
      liveActions = null;
      throw error;
    });
    return liveActions;
  }

  const ctx = {
    store, api, getState, dispatch, call, noteError, toast, toastError, fail, remember, loadForms, runBusy, ollama, governance, runtime, actions,
    ollamaLoaded: () => !!ollamaActions,
  };
  Object.assign(actions, { checkSession, login, logout, loadRoute }, createProviderActions(ctx), createModelActions(ctx), createJobActions(ctx),
    { ollama, governance, keys, sync, hub, runtime, live, flag, setFlag });
  return actions;
}
