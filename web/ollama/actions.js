// The Ollama pages' actions (loaded with the page, through actions.ollama()): they call the
// API's /api/providers/{id}/ollama/* routes and dispatch the updaters of ollama/store.js.
// Every section of a server loads on its own, so one failing (Ollama down, the library
// unreachable) never keeps the others, or another server's page, from working.

import * as S from '../store.js';
import * as O from './store.js';
import * as R from './runtime.js';
import { runBusy } from '../shared/app-store.js';
import { loadStrings } from '../shared/i18n.js';
import { createOllamaApi } from './api.js';

// The page's strings load with its code.
await loadStrings('ollama');

export function createOllamaActions({ store, api: core, shared }) {
  const { getState, dispatch } = store;
  const api = { ...createOllamaApi(core.request), cancelJob: core.cancelJob };
  const { call, noteError, toast, toastError, loadProviders, loadActiveJobs } = shared;

  const fail = (error) => {
    if (!noteError(error)) toastError(error);
    return false;
  };
  const serverName = (id) => S.selectProviderName(getState(), id);
  const shown = (id) => {
    const state = getState();
    return state.route === 'ollama' && O.selectOllamaView(state).id === id;
  };

  // --- Loading ---------------------------------------------------------------------------

  async function loadPage() {
    const providers = loadProviders();
    const jobs = loadActiveJobs();
    // #/ollama/<id> names its server; #/ollama needs the connections to know which to show.
    let id = getState().routeParam || O.selectOllamaView(getState()).id;
    if (!id) {
      await providers;
      id = O.selectOllamaView(getState()).id;
    }
    await Promise.all([providers, jobs, id ? loadServer(id) : null]);
  }

  // refresh: the model list is asked of Ollama again, not taken from Hangar's short cache.
  async function loadServer(id, { refresh = false } = {}) {
    // The page and the route may both ask as it opens: one request per section is enough.
    const server = O.selectServer(getState(), id);
    if (!refresh && O.SECTIONS.every((key) => server[key].status === 'loading')) return;
    await Promise.all([loadModels(id, { refresh }), loadRunning(id), loadCatalog(id)]);
  }

  async function loadSection(id, key, fetch) {
    const seq = O.selectServer(dispatch(O.sectionRequested, id, key), id)[key].seq;
    try {
      dispatch(O.sectionLoaded, id, key, seq, await call(fetch));
    } catch (error) {
      noteError(error);
      dispatch(O.sectionFailed, id, key, seq, error);
    }
  }
  const loadModels = (id, { refresh = false } = {}) => loadSection(id, 'models', () => api.listOllamaModels(id, { refresh }));
  const loadRunning = (id) => loadSection(id, 'running', () => api.listOllamaRunning(id));
  const loadCatalog = (id) => loadSection(id, 'catalog', () => api.listOllamaCatalog(id));
  const refresh = (id) => loadServer(id, { refresh: true });

  // --- Pull --------------------------------------------------------------------------------

  // From the pull box (no name: what is typed), or one click on a catalog entry, a library
  // model or variant, or an Update badge (a name). Checked with Ollama's rules before sending.
  async function pull(id, name = null) {
    const fromBox = name === null;
    const server = O.selectServer(getState(), id);
    if (fromBox && server.pull.submitting) return false;
    const model = (fromBox ? server.pull.value : name).trim();
    const rule = O.validateOllamaName(model);
    if (rule) {
      if (fromBox) dispatch(O.pullRefused, id, rule);
      else toast('error', 'ollama.toast.invalidName', { name: model });
      return false;
    }
    dispatch(S.closeOllamaDialog);
    if (fromBox) dispatch(O.pullStarted, id);
    return runBusy(store, `ollama-pull:${id}:${O.canonicalName(model)}`, async () => {
      const job = await call(() => api.pullOllamaModel(id, model));
      dispatch(O.pullAnswered, id, job, { fromBox });
      toast('info', 'ollama.toast.pullStarted', { name: model, server: serverName(id) });
      return true;
    }, {
      onError: (error) => {
        noteError(error);
        if (fromBox) dispatch(O.pullRefused, id, error);
        else if (error.status !== 401) toastError(error);
        return false;
      },
    });
  }

  function cancelPull(jobID) {
    return runBusy(store, `job:${jobID}`, async () => {
      dispatch(S.activeJobsLoaded, [await call(() => api.cancelJob(jobID))]);
      return true;
    }, { onError: fail });
  }

  // A pull or update check ended (a job event): tell, and refresh what it changed.
  async function jobEnded(job) {
    const state = getState();
    const server = O.selectOllamaServers(state).find((provider) => provider.id === S.jobProviderId(job));
    if (!server) return;
    const id = server.id;
    if (job.kind === 'pull') {
      const name = O.pullName(job, id);
      const before = O.selectServer(state, id).models.items.find((model) => O.sameModel(model.name, name));
      if (job.state === 'succeeded' && before) dispatch(R.updatePulled, id, before.name, before.update);
      if (job.state === 'succeeded') toast('success', 'ollama.toast.pulled', { name, server: server.name });
      else if (job.state === 'failed') toast('error', 'ollama.toast.pullFailed', { name, server: server.name });
      if (shown(id)) await Promise.all([loadModels(id, { refresh: true }), loadCatalog(id)]);
    } else if (job.kind === 'check_updates') {
      if (shown(id)) await loadModels(id);
      if (job.state === 'succeeded') {
        const counts = O.selectUpdateCounts(getState(), id);
        toast('success', 'ollama.toast.checked', { server: server.name, count: counts.update_available });
      } else if (job.state === 'failed') {
        toast('error', 'ollama.toast.checkFailed', { server: server.name });
      }
    }
  }

  // --- Update check -----------------------------------------------------------------------

  async function checkUpdates(id) {
    if (S.isJobActive(O.selectCheckJob(getState(), id))) return false;
    return runBusy(store, `ollama-check:${id}`, async () => {
      dispatch(O.checkAnswered, await call(() => api.checkOllamaUpdates(id)));
      return true;
    }, { onError: fail });
  }

  // --- Local models: details, copy, delete, load ---------------------------------------------

  async function openDetails(id, name) {
    const seq = dispatch(O.openDetails, id, name).ollamaDialog.seq;
    try {
      dispatch(O.detailsLoaded, seq, await call(() => api.showOllamaModel(id, name)));
    } catch (error) {
      noteError(error);
      dispatch(O.detailsFailed, seq, error);
    }
  }

  function openCopy(id, name) {
    dispatch(O.openCopy, id, name);
  }

  async function copy() {
    const dialog = dispatch(O.copyValidated).ollamaDialog;
    if (!dialog || dialog.kind !== 'copy' || dialog.busy || dialog.error) return false;
    const destination = dialog.destination.trim();
    dispatch(O.copyStarted);
    try {
      await call(() => api.copyOllamaModel(dialog.providerID, dialog.name, destination));
    } catch (error) {
      noteError(error);
      dispatch(O.copyFailed, dialog.seq, error);
      return false;
    }
    dispatch(O.dialogDone, dialog.seq);
    toast('success', 'ollama.toast.copied', { name: dialog.name, destination });
    await Promise.all([loadModels(dialog.providerID, { refresh: true }), loadCatalog(dialog.providerID)]);
    return true;
  }

  function openDelete(id, name) {
    dispatch(O.openDeleteConfirm, id, name, serverName(id));
  }

  // The confirm dialog's OK (actions.runConfirm, which already marked it busy).
  async function deleteModel(confirm) {
    try {
      await call(() => api.deleteOllamaModel(confirm.providerID, confirm.name));
    } catch (error) {
      noteError(error);
      dispatch(S.confirmFailed, confirm.seq, error);
      return false;
    }
    dispatch(S.closeConfirm);
    dispatch(O.ollamaModelRemoved, confirm.providerID, confirm.name);
    toast('success', 'ollama.toast.deleted', { name: confirm.name, server: confirm.server });
    await Promise.all([loadModels(confirm.providerID, { refresh: true }), loadCatalog(confirm.providerID)]);
    return true;
  }

  async function load(id, name) {
    const key = `ollama-load:${id}:${name}`;
    if (getState().busy[key]) return false;
    dispatch(S.closeOllamaDialog);
    return runBusy(store, key, async () => {
      await call(() => api.loadOllamaModel(id, name));
      toast('success', 'ollama.toast.loaded', { name });
      await loadRunning(id);
      return true;
    }, { onError: fail });
  }

  // --- Running models: eject ---------------------------------------------------------------

  async function eject(id, name, { force = false } = {}) {
    if (O.selectEject(getState(), id, name).busy) return false;
    dispatch(O.ejectStarted, id, name, force);
    try {
      const result = await call(() => api.ejectOllamaModel(id, name, { force }));
      dispatch(O.ejectFinished, id, name, result);
      toast('success', force ? 'ollama.toast.ejectedForced' : 'ollama.toast.ejected', { name });
    } catch (error) {
      noteError(error);
      dispatch(O.ejectFailed, id, name, error);
      if (error.status !== 401) toastError(error);
      return false;
    }
    // Ollama unloads a model once idle: the list is asked again until it is gone, for a while.
    dispatch(R.ejectWatching, id, name, true);
    await R.watchUntil(async () => {
      await loadRunning(id);
      const running = O.selectServer(getState(), id).running;
      return running.status === 'error' || !R.selectLoaded(getState(), id, name);
    }, R.EJECT_WATCH);
    dispatch(R.ejectWatching, id, name, false);
    return true;
  }

  // --- Library ---------------------------------------------------------------------------

  async function search(id) {
    const seq = O.selectServer(dispatch(O.librarySearchStarted, id), id).library.seq;
    const query = O.selectServer(getState(), id).library.submitted;
    try {
      dispatch(O.libraryLoaded, id, seq, await call(() => api.searchOllamaLibrary(id, query)));
    } catch (error) {
      noteError(error);
      dispatch(O.libraryFailed, id, seq, error);
    }
  }

  // Opens (loading them the first time) or closes a library model's variants.
  async function toggleVariants(id, model) {
    const current = O.selectServer(getState(), id).library.variants[model];
    if (current && current.open) return dispatch(O.variantsClosed, id, model);
    if (current && current.status === 'ready') return dispatch(O.variantsReopened, id, model);
    dispatch(O.variantsRequested, id, model);
    try {
      dispatch(O.variantsLoaded, id, model, await call(() => api.listOllamaVariants(id, model)));
    } catch (error) {
      noteError(error);
      dispatch(O.variantsFailed, id, model, error);
    }
    return getState();
  }

  return {
    loadPage, loadServer, loadModels, loadRunning, loadCatalog, refresh, pull, cancelPull, jobEnded, checkUpdates,
    openDetails, openCopy, copy, openDelete, deleteModel, load, eject, search, toggleVariants,
  };
}
