// Live updates: one EventSource on GET /api/events (same origin, so the hangar_session
// cookie authenticates it) while the person is signed in and online. The browser reconnects
// by itself after a network error, sending Last-Event-ID, and the server replays what was
// missed. A stream the server refused (401, a restart) is closed by the browser: the session
// is checked and a new stream opens a few seconds later. The stream closes when the page is
// hidden for good or put in the back-forward cache (`pagehide`): a browser allows only a few
// connections per server, and a stream of a page left behind must not hold one (Chromium
// keeps it open otherwise), and it opens again on `pageshow`. A stream that drops while the
// browser retries asks /health (actions.checkHealth): no answer is offline at once.
// node --test imports this module.

import * as S from '../store.js';
import { runtimeItemReceived } from '../models/runtime-store.js';

export const EVENT_NAMES = Object.freeze(['model', 'provider', 'job', 'runtime']);
const CLOSED = 2; // EventSource.CLOSED

export function createLive({
  store, actions, EventSourceImpl = globalThis.EventSource, url = '/api/events', retryMs = 5000,
  setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id), page = globalThis,
}) {
  let source = null;
  let timer = null;
  let openedBefore = false; // a later `open` is a reconnection: catch up
  let hidden = false; // the page was left (pagehide) and not shown again

  const wanted = (state) => !hidden && state.session === 'authenticated' && state.online;

  function open() {
    if (source || typeof EventSourceImpl !== 'function') return;
    const es = new EventSourceImpl(url);
    source = es;
    es.addEventListener('open', () => {
      if (es !== source) return;
      if (openedBefore) actions.syncLive();
      openedBefore = true;
    });
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        if (es !== source) return;
        let payload = null;
        try {
          payload = JSON.parse(event.data);
        } catch {
          return;
        }
        actions.applyEvent(name, payload);
      });
    }
    es.addEventListener('error', () => {
      if (es !== source) return;
      // CONNECTING: the browser retries by itself, but the server may be gone.
      if (es.readyState !== CLOSED) {
        if (actions.checkHealth) actions.checkHealth();
        return;
      }
      source = null;
      actions.checkLive();
      schedule();
    });
  }

  function close() {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (source) {
      const es = source;
      source = null;
      es.close();
    }
  }

  function schedule() {
    if (timer !== null) return;
    timer = setTimer(() => {
      timer = null;
      sync(store.getState());
    }, retryMs);
  }

  function sync(state) {
    if (wanted(state)) {
      open();
    } else {
      close();
      if (state.session !== 'authenticated') openedBefore = false;
    }
  }

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.session !== prev.session || state.online !== prev.online) sync(state);
  });
  const onHide = () => {
    hidden = true;
    close();
  };
  const onShow = () => {
    hidden = false;
    sync(store.getState());
  };
  if (page && typeof page.addEventListener === 'function') {
    page.addEventListener('pagehide', onHide);
    page.addEventListener('pageshow', onShow);
  }
  sync(store.getState());

  return {
    sync: () => sync(store.getState()),
    stop() {
      unsubscribe();
      close();
      if (page && typeof page.removeEventListener === 'function') {
        page.removeEventListener('pagehide', onHide);
        page.removeEventListener('pageshow', onShow);
      }
    },
    get source() {
      return source;
    },
  };
}

// --- What the events change --------------------------------------------------------------
// `model`, `provider` and `job` events dispatch the slices' updaters; a reconnection catches
// up; a refused stream checks the session. Built by actions.js (`live()`) with the shared
// helpers (`ctx`); other features' actions are reached through `ctx.actions` when called.
// One module with the stream: both load once signed in, in one request.

const HEALTH_WAIT_MS = 4000;

export function createLiveActions(ctx) {
  const { api, getState, dispatch, call, noteError, ollama } = ctx;
  const loadActiveJobs = (...args) => ctx.actions.loadActiveJobs(...args);
  const loadJobs = (...args) => ctx.actions.loadJobs(...args);
  const refreshModel = (...args) => ctx.actions.refreshModel(...args);
  const resolveJobTargets = (...args) => ctx.actions.resolveJobTargets(...args);

  // One event: `model`, `provider` or `job`, with {action, subject_id, data}.
  function applyEvent(name, payload) {
    if (!payload || typeof payload !== 'object') return;
    const { action, subject_id: subject, data } = payload;
    if (name === 'model') {
      if (action === 'deleted') dispatch(S.modelRemoved, subject || (data && data.id));
      else if (data) dispatch(S.modelEvent, action, data);
    } else if (name === 'provider') {
      if (action === 'deleted') dispatch(S.providerRemoved, subject || (data && data.id));
      else if (data && data.id) dispatch(S.providerAdded, data);
    } else if (name === 'runtime') {
      // A model started, loaded, stopped or failed on an Ollama server: its rows follow.
      if (data) dispatch(runtimeItemReceived, data);
    } else if (name === 'job' && data && data.id) {
      const before = S.selectJob(getState(), data.id);
      dispatch(S.jobReceived, data);
      const ended = !S.isJobActive(data) && (!before || S.isJobActive(before));
      // A pull or update check ended: the Ollama page (shown, or loaded before) follows.
      if (ended && S.isOllamaJob(data) && (ctx.ollamaLoaded() || getState().route === 'ollama')) {
        ollama().then((o) => o.jobEnded(data), () => undefined);
      }
      const modelID = S.jobModelId(data);
      if (!modelID) return;
      // The download ended: the model's status, file and checksum changed with it.
      if (ended) refreshModel(modelID);
      if (getState().route === 'jobs') resolveJobTargets();
    }
  }

  // The event stream (re)connected after a gap: catch up on what it may have missed.
  async function syncLive() {
    const state = getState();
    if (state.session !== 'authenticated') return;
    if (state.route === 'jobs') await loadJobs();
    else await loadActiveJobs();
    // The runtime events missed meanwhile are not replayed by state: ask again.
    if (state.route === 'models' && ctx.runtime) await ctx.runtime().then((r) => r.loadRuntime(), () => undefined);
  }

  // The event stream was refused: a 401 means the session ended.
  async function checkLive() {
    try {
      await call(() => api.getSession());
    } catch (error) {
      noteError(error);
    }
  }

  // The stream dropped and the browser keeps trying: is Hangar there at all? When /health does
  // not answer, the app is offline at once (banner, server actions disabled), not after a
  // failed save; the app's retry brings it back. One probe at a time.
  let probe = null;
  function checkHealth() {
    probe ||= api.request('GET', '/health', undefined, { wait: HEALTH_WAIT_MS })
      .then(() => true, (error) => {
        if (error && error.status === 0) dispatch(S.setOnline, false);
        return !(error && error.status === 0);
      })
      .finally(() => { probe = null; });
    return probe;
  }

  return { applyEvent, syncLive, checkLive, checkHealth };
}
