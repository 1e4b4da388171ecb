// The one store: the union of the features' slices (shared/app-store.js, models/providers-
// store.js, models/models-store.js, jobs/jobs-store.js; on demand: ollama/store.js,
// governance/*-store.js), each owning its state, pure updaters and selectors, re-exported
// here as one namespace; and the container that tells subscribers when the state changes.
// No DOM access: `node --test` imports this module.

import { appState } from './shared/app-store.js';
import { providersState } from './models/providers-store.js';
import { modelsState } from './models/models-store.js';
import { jobsState } from './jobs/jobs-store.js';

export * from './shared/app-store.js';
export * from './models/providers-store.js';
export * from './models/models-store.js';
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
