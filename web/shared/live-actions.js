// What live events (GET /api/events) change: `model`, `provider` and `job` events dispatch
// the slices' updaters; a reconnection catches up; a refused stream checks the session.
// Built by actions.js with the shared helpers (`ctx`); other features' actions are reached
// through `ctx.actions` when called.

import * as S from '../store.js';

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
