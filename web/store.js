// The one store of the web UI: the state is the union of the features' slices, each owning
// its part and its pure updaters `(state, ...args) => state` (which never mutate their input)
// and selectors `(state, ...args) => value`; this module composes them and holds the current
// state in a tiny container that tells subscribers when it changes. Every slice's exports are
// re-exported here, so actions and views use one namespace. Async work that talks to the API
// lives in the actions; editing an open form lives in models/forms.js (loaded with the
// modal). No DOM access: `node --test` imports this module.
//
// Slices: shared/app-store.js (language, network, route, session, toasts), shared/busy.js,
// models/providers-store.js, models/models-store.js, models/dialogs-store.js,
// jobs/jobs-store.js; loaded on demand: ollama/store.js, governance/*-store.js.

import { appState } from './shared/app-store.js';
import { providersState } from './models/providers-store.js';
import { modelsState } from './models/models-store.js';
import { dialogsState } from './models/dialogs-store.js';
import { jobsState } from './jobs/jobs-store.js';

export * from './shared/app-store.js';
export { setBusy } from './shared/busy.js';
export { plainError } from './shared/state.js';
export * from './models/providers-store.js';
export * from './models/models-store.js';
export * from './models/dialogs-store.js';
export * from './jobs/jobs-store.js';

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

export function initialState(options = {}) {
  return {
    ...appState(options),
    ...providersState(),
    ...modelsState(),
    ...dialogsState(),
    ...jobsState(),
    // The Ollama pages' slice (ollama/store.js, loaded with the page): one entry per server,
    // by connection id, and the page's overlay (a model's details, the copy form, its sheet).
    ollama: { servers: {} },
    ollamaDialog: null,
  };
}

// Signed out: everything but the language, the network, the layout and the route is forgotten.
export function loggedOut(state) {
  const fresh = initialState({ lang: state.lang, online: state.online, layout: state.layout, route: state.route, routeParam: state.routeParam });
  return { ...fresh, session: 'anonymous', installAvailable: state.installAvailable, nextId: state.nextId };
}
