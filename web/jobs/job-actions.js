// The jobs' actions: the active jobs shown at once after a load, the Jobs page's list, the
// names of the models jobs work on, and Cancel.
// Built by actions.js with the shared helpers (`ctx`); other features' actions are reached
// through `ctx.actions` when called.

import * as S from '../store.js';

export function createJobActions(ctx) {
  const { store, api, getState, dispatch, call, noteError, fail, runBusy } = ctx;
  const loadProviders = (...args) => ctx.actions.loadProviders(...args);
  const refreshModel = (...args) => ctx.actions.refreshModel(...args);

  // The running and queued jobs, so that a (re)loaded page shows the progress at once. Jobs
  // the store still thinks active but the server no longer lists ended meanwhile: fetch them.
  async function loadActiveJobs() {
    try {
      const [running, queued] = await call(() => Promise.all([api.listJobs({ state: 'running' }), api.listJobs({ state: 'queued' })]));
      const fetched = [...((running && running.items) || []), ...((queued && queued.items) || [])];
      const seen = new Set(fetched.map((job) => job.id));
      const stale = getState().jobs.items.filter((job) => S.isJobActive(job) && !seen.has(job.id)).slice(0, 20);
      dispatch(S.activeJobsLoaded, fetched);
      const ended = await Promise.all(stale.map((job) => api.getJob(job.id).catch(() => null)));
      for (const job of ended) if (job) dispatch(S.jobReceived, job);
      for (const job of ended) if (job && S.jobModelId(job)) await refreshModel(S.jobModelId(job));
    } catch (error) {
      noteError(error);
    }
  }

  async function loadJobs() {
    dispatch(S.jobsRequested);
    try {
      const data = await call(() => api.listJobs({ limit: 100 }));
      dispatch(S.jobsLoaded, (data && data.items) || []);
      // Jobs show the connection they work on by name (a download, the local models').
      const { jobs, providers } = getState();
      const named = jobs.items.some((job) => S.isOllamaJob(job) || S.jobModelId(job));
      await Promise.all([resolveJobTargets(), named && providers.status !== 'ready' ? loadProviders() : null]);
    } catch (error) {
      noteError(error);
      dispatch(S.jobsFailed, error);
    }
  }

  // Models shown by name elsewhere (a job's, a deprecated model's replacement): fetch the ones
  // no list has shown yet, each once.
  const asked = new Set();
  const resolveJobTargets = () => resolveModelNames(getState().jobs.items.map(S.jobModelId));

  async function resolveModelNames(wanted) {
    const state = getState();
    const ids = [...new Set(wanted)].filter((id) => id && !state.modelNames[id] && !S.selectModel(state, id) && !asked.has(id)).slice(0, 20);
    if (!ids.length) return;
    ids.forEach((id) => asked.add(id));
    const missing = [];
    const models = await Promise.all(ids.map((id) => api.getModel(id).catch((error) => {
      if (error && error.status === 404) missing.push(id);
      return null;
    })));
    dispatch(S.rememberModelNames, models.filter(Boolean));
    if (missing.length) dispatch((await import('./job-labels.js')).jobModelsMissing, missing);
  }

  function cancelJob(id) {
    return runBusy(store, `job:${id}`, async () => {
      const job = await call(() => api.cancelJob(id));
      dispatch(S.jobReceived, job);
      if (S.jobModelId(job)) await refreshModel(S.jobModelId(job));
      return true;
    }, { onError: fail });
  }

  return { loadActiveJobs, loadJobs, resolveJobTargets, resolveModelNames, cancelJob };
}
