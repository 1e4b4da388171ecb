// The models page's Ollama actions: the runtime states of every row (GET /api/ollama/runtime),
// Deploy, Start and Stop (one server at once, or the servers chosen in a dialog), and the bulk
// actions on the checked rows. Loaded with the models page through actions.runtime(), out of
// the first load; built with actions.js's shared helpers (`ctx`).

import * as S from '../store.js';
import * as R from './runtime-store.js';
import * as D from './runtime-dialog-store.js';
import * as B from './bulk-store.js';
import { createRuntimeApi } from './runtime-api.js';

export function createRuntimeActions(ctx) {
  const { store, getState, dispatch, call, noteError, toast, toastError, runBusy } = ctx;
  const api = createRuntimeApi(ctx.api.request);
  const fail = (error) => {
    if (!noteError(error)) toastError(error);
    return false;
  };
  const nameOf = (id) => S.selectModelName(getState(), id) || id;

  async function loadRuntime() {
    dispatch(R.runtimeRequested);
    try {
      dispatch(R.runtimeLoaded, await call(() => api.listOllamaRuntime()));
    } catch (error) {
      // The rows show no chip; Start and Stop still ask the server.
      noteError(error);
      dispatch(R.runtimeFailed, error);
    }
  }

  // --- Deploy ----------------------------------------------------------------------------

  function openDeploy(id) {
    const model = S.selectModel(getState(), id);
    if (model) dispatch(D.openDeployDialog, model);
  }

  async function submitDeploy() {
    // Ollama's name rules (from GET /api/meta) load with the first deploy sent.
    const { validateOllamaName } = await import('../ollama/names.js');
    const dialog = dispatch(D.validateDeploy, validateOllamaName).runtimeDialog;
    if (!dialog || dialog.kind !== 'deploy' || dialog.busy || Object.keys(dialog.errors).length) return false;
    dispatch(D.runtimeDialogBusy, dialog.seq);
    try {
      const answer = await call(() => api.deployModel(dialog.modelID, D.selectDeployBody(dialog)));
      const servers = ((answer && answer.jobs) || []).map((job) => S.selectProviderName(getState(), job.provider_id));
      dispatch(D.closeRuntimeDialog);
      dispatch(B.deployStarted, dialog.modelName, servers);
      toast('success', 'runtime.toast.deployStarted', { name: dialog.modelName, count: servers.length });
      await ctx.actions.loadActiveJobs();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(D.runtimeDialogFailed, dialog.seq, error);
      return false;
    }
  }

  // --- Start / Stop ------------------------------------------------------------------------

  const run = (kind, id, body) => (kind === 'start' ? api.startModel(id, body) : api.stopModel(id, body));

  // One known server (or none yet): at once, on every server the model is on. Several: the
  // dialog asks which.
  async function startOrStop(kind, id) {
    if (R.selectModelServers(getState(), id).length > 1) return openServers(kind, id);
    dispatch(S.closeSheet);
    return runBusy(store, `runtime:${id}`, async () => {
      dispatch(R.modelRuntimeReceived, await call(() => run(kind, id, {})));
      toast('success', `runtime.toast.${kind}`, { name: nameOf(id) });
      return true;
    }, { onError: fail });
  }

  async function openServers(kind, id) {
    const model = S.selectModel(getState(), id);
    if (!model) return false;
    const seq = dispatch(D.openServersDialog, kind, model).runtimeDialog.seq;
    try {
      const answer = await call(() => api.getModelRuntime(id));
      dispatch(R.modelRuntimeReceived, answer);
      dispatch(D.serversLoaded, seq, answer);
    } catch (error) {
      noteError(error);
      dispatch(D.serversFailed, seq, error);
    }
    return true;
  }

  async function submitServers() {
    const dialog = getState().runtimeDialog;
    if (!dialog || dialog.kind === 'deploy' || dialog.busy) return false;
    const body = D.selectServersBody(dialog);
    if (!body.provider_ids.length) {
      dispatch(D.runtimeDialogFailed, dialog.seq, { status: 0, code: 'client_validation', fields: { provider_ids: { code: 'required', key: 'runtime.servers.chooseOne', params: {} } } });
      return false;
    }
    dispatch(D.runtimeDialogBusy, dialog.seq);
    try {
      dispatch(R.modelRuntimeReceived, await call(() => run(dialog.kind, dialog.modelID, body)));
      dispatch(D.closeRuntimeDialog);
      toast('success', `runtime.toast.${dialog.kind}`, { name: dialog.modelName });
      return true;
    } catch (error) {
      noteError(error);
      dispatch(D.runtimeDialogFailed, dialog.seq, error);
      return false;
    }
  }

  // --- Bulk ----------------------------------------------------------------------------------

  // Start, Stop or Delete the checked rows (Delete asks first: the shared confirm dialog).
  function bulk(action) {
    const ids = B.selectSelectedIds(getState());
    if (!ids.length || B.selectBulk(getState()).running) return false;
    if (action === 'delete') return !!dispatch(B.openBulkDeleteConfirm, ids).confirm;
    return runBulk(action, ids);
  }

  async function runBulkDelete(confirm) {
    dispatch(S.closeConfirm);
    return runBulk('delete', confirm.ids);
  }

  // One request per model, one after the other (the server and Ollama see no burst); a failure
  // is kept with its reason and the others go on, unless the session or the network went.
  async function runBulk(action, ids) {
    dispatch(B.bulkStarted, action, ids.length);
    const done = [];
    const failed = [];
    for (const id of ids) {
      const name = nameOf(id);
      try {
        if (action === 'delete') {
          await call(() => ctx.api.deleteModel(id));
          dispatch(S.modelRemoved, id);
        } else {
          dispatch(R.modelRuntimeReceived, await call(() => run(action, id, {})));
        }
        done.push({ id, name });
      } catch (error) {
        failed.push({ id, name, error });
        if (noteError(error) || error.code === 'network') break;
      }
      dispatch(B.bulkStepped);
    }
    const skipped = ids.slice(done.length + failed.length).map((id) => ({ id, name: nameOf(id), error: { status: 0, code: 'network', message: '' } }));
    dispatch(B.bulkFinished, action, done, [...failed, ...skipped]);
    toast(failed.length + skipped.length ? 'error' : 'success', 'runtime.toast.bulkDone', { done: done.length, failed: failed.length + skipped.length });
    if (action === 'delete') await ctx.actions.refreshModels();
    return !failed.length && !skipped.length;
  }

  return { loadRuntime, openDeploy, submitDeploy, startOrStop, start: (id) => startOrStop('start', id), stop: (id) => startOrStop('stop', id), openServers, submitServers, bulk, runBulkDelete };
}
