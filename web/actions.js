// Async actions: the only code that calls the API. Each one dispatches pure updaters from the
// store's slices before and after its request, so the UI is always a function of the state.
// This module holds what every action shares (the call wrapper, error side effects, toasts,
// the lazily loaded Ollama and governance actions) and merges the features' actions:
// shared/session-actions.js, models/provider-actions.js, models/model-actions.js,
// jobs/job-actions.js, shared/live-actions.js.

import * as S from './store.js';
import { runBusy } from './shared/busy.js';
import { createSessionActions } from './shared/session-actions.js';
import { createLiveActions } from './shared/live-actions.js';
import { createProviderActions } from './models/provider-actions.js';
import { createModelActions } from './models/model-actions.js';
import { createJobActions } from './jobs/job-actions.js';

// The forms' updaters and rules load with the first form that is saved or tested.
const loadForms = () => import('./models/forms.js');
// The Ollama pages' actions load with the first of them; so do the governance actions
// (test prompt, usage, settings, export / import).
const loadOllama = () => import('./ollama/actions.js');
const loadGovernance = () => import('./governance/actions.js');

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
      (module) => module.createGovernanceActions({ store, api, shared: { call, noteError, toast, toastError, loadProviders: actions.loadProviders } }),
      (error) => {
        governanceActions = null;
        throw error;
      });
    return governanceActions;
  }

  const ctx = {
    store, api, getState, dispatch, call, noteError, toast, toastError, fail, remember, loadForms, runBusy, ollama, governance, actions,
    ollamaLoaded: () => !!ollamaActions,
  };
  Object.assign(actions, createSessionActions(ctx), createProviderActions(ctx), createModelActions(ctx), createJobActions(ctx), createLiveActions(ctx),
    { ollama, governance });
  return actions;
}
