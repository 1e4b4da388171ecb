// The models' actions: the dashboard's counts, the list and its filters, the model modal,
// the row actions (default, deprecate, restore, delete) and a local model's download.
// Built by actions.js with the shared helpers (`ctx`); other features' actions are reached
// through `ctx.actions` when called.

import * as S from '../store.js';

export function createModelActions(ctx) {
  const { store, api, getState, dispatch, call, noteError, toast, toastError, loadForms, ollama, runBusy } = ctx;
  const runtime = () => ctx.runtime();
  const deleteProvider = (...args) => ctx.actions.deleteProvider(...args);
  const loadProviders = (...args) => ctx.actions.loadProviders(...args);

  async function loadDashboard() {
    dispatch(S.dashboardLoading);
    const providers = loadProviders();
    try {
      // One row and the counts: the first-run checklist looks for a model of one's own.
      const { hasOwnModel } = await import('./first-run.js');
      const [page, usage] = await call(() => Promise.all([
        api.listModels({ limit: 1, counts: true }),
        // The count alone: a failure leaves the usage card to its chart (and its Retry).
        api.getUsage().then((report) => (report && report.totals ? report.totals.calls : null), () => null),
      ]));
      const counts = page.counts || {};
      dispatch(S.dashboardLoaded, { total: page.total, deprecated: counts.deprecated ?? null, local: counts.local ?? null, ownModels: hasOwnModel(page.counts), calls: usage });
    } catch (error) {
      noteError(error);
      dispatch(S.dashboardFailed, error);
    }
    await providers;
  }

  // Loads the first page for the current filters; `keep` reloads as many rows as are shown
  // (after a change), `append` loads the next page with next_cursor.
  async function loadModels({ append = false, keep = false } = {}) {
    const before = getState();
    if (append && (!before.models.nextCursor || before.models.loadingMore)) return;
    const cursor = append ? before.models.nextCursor : null;
    const limit = keep ? Math.min(500, Math.max(S.PAGE_SIZE, before.models.items.length)) : S.PAGE_SIZE;
    const requested = dispatch(S.modelsRequested, { append });
    const seq = requested.models.seq;
    try {
      const page = await call(() => api.listModels(S.selectModelQuery(requested, { cursor, limit })));
      dispatch(S.modelsLoaded, seq, page, { append });
      // Deprecated rows name their replacement; canceled downloads, the bytes they keep.
      await Promise.all([
        ctx.actions.resolveModelNames(getState().models.items.map((m) => m.status === 'deprecated' && m.replacement_model_id)),
        loadKeptBytes(), loadWarningDays()]);
    } catch (error) {
      noteError(error);
      if (append && error.code === 'invalid_cursor') return loadModels();
      dispatch(S.modelsFailed, seq, error);
    }
  }

  // A row's deprecation warning needs meta.deprecation_warning_days.
  async function loadWarningDays() {
    const state = getState();
    if (state.meta || !state.models.items.some((m) => m.status === 'active' && m.deprecation_date)) return;
    const { loadMeta } = await import('../shared/meta.js');
    dispatch(S.metaLoaded, await loadMeta(api));
  }

  const refreshModels = () => (getState().route === 'models' ? loadModels({ keep: true }) : Promise.resolve());

  async function changeFilter(key, value) {
    const before = getState();
    const after = dispatch(S.setFilter, key, value);
    if (after !== before) await loadModels();
  }

  async function resetFilters() {
    dispatch(S.clearFilters);
    await loadModels();
  }

  // Fetches one model again (its download ended); a 404 removes it.
  async function refreshModel(id) {
    try {
      const model = await call(() => api.getModel(id));
      dispatch(S.modelEvent, 'updated', model);
    } catch (error) {
      if (error.status === 404) dispatch(S.modelRemoved, id);
      else noteError(error);
    }
  }

  async function downloadAction(id, run, successKey) {
    const key = `download:${id}`;
    if (getState().busy[key]) return false;
    dispatch(S.closeSheet);
    return runBusy(store, key, async () => {
      const state = await call(run);
      dispatch(S.downloadStateReceived, state);
      if (successKey) {
        const model = S.selectModel(getState(), id) || (getState().modal && getState().modal.live) || null;
        toast('info', successKey, { name: model ? model.name : id });
      }
      return true;
    }, {
      onError: async (error) => {
        if (!noteError(error)) toastError(error);
        if (error.status === 404) await refreshModels();
        return false;
      },
    });
  }

  // Start, retry or resume (the server resumes from the partial file); idempotent.
  const startDownload = (id) => downloadAction(id, () => api.startDownload(id), null);

  const cancelDownload = (id) => downloadAction(id, () => api.cancelDownload(id), 'toast.downloadCanceled');

  // A canceled download's job is not among the active ones fetched on load: its download
  // status says how many bytes its partial file keeps (asked once per model).
  function loadKeptBytes() {
    const state = getState();
    const unknown = (m) => m.kind === 'local' && m.download_status === 'canceled' && !state.downloads[m.id] && !S.selectModelJob(state, m.id);
    return Promise.all(state.models.items.filter(unknown).map((m) => loadDownloadStatus(m.id)));
  }

  async function loadDownloadStatus(id) {
    try {
      dispatch(S.downloadStateReceived, await call(() => api.getDownloadStatus(id)));
    } catch (error) {
      noteError(error);
    }
  }

  // Edit: open the modal; a local model's download state loads into it.
  async function openEdit(id) {
    const model = S.selectModel(getState(), id);
    if (!model) return;
    dispatch(S.openEditModal, model);
    if (model.kind === 'local') await loadDownloadStatus(id);
  }

  async function saveModal() {
    const F = await loadForms();
    const validated = dispatch(F.validateModal);
    const modal = validated.modal;
    if (!modal || modal.saving || Object.keys(modal.errors).length) return false;
    const payload = F.selectModalPayload(validated);
    if (modal.mode === 'edit' && Object.keys(payload).length === 0) {
      dispatch(S.modalSaved, modal.seq);
      toast('info', 'toast.noChanges');
      return true;
    }
    dispatch(F.modalSaveStarted);
    try {
      const model = await call(() => (modal.mode === 'create' ? api.createModel(payload) : api.updateModel(modal.id, payload)));
      // Created with "Download now": the modal stays open on the new model, with its progress.
      if (payload.download_now) dispatch(S.modalCreated, modal.seq, model);
      else dispatch(S.modalSaved, modal.seq);
      dispatch(S.modelEvent, modal.mode === 'create' ? 'created' : 'updated', model);
      toast('success', modal.mode === 'create' ? (payload.download_now ? 'toast.modelCreatedDownloading' : 'toast.modelCreated') : 'toast.modelSaved', { name: model.name });
      await refreshModels();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(F.modalSaveFailed, modal.seq, error);
      return false;
    }
  }

  async function rowAction(id, run, successKey) {
    const key = `model:${id}`;
    if (getState().busy[key]) return;
    dispatch(S.closeSheet);
    await runBusy(store, key, async () => {
      const model = await call(run);
      dispatch(S.modelUpdated, model);
      const provider = S.selectProviderName(getState(), model.provider_id);
      toast('success', successKey, { name: model.name, provider });
      await refreshModels();
    }, {
      onError: async (error) => {
        if (!noteError(error)) toastError(error);
        if (error.status === 404) await refreshModels();
      },
    });
  }

  const setDefault = (id) => rowAction(id, () => api.setDefaultModel(id), 'toast.defaultSet');

  const restore = (id) => rowAction(id, () => api.restoreModel(id), 'toast.modelRestored');

  async function openDeprecate(id) {
    const model = S.selectModel(getState(), id);
    if (!model) return;
    const seq = dispatch(S.openConfirm, 'deprecate', model).confirm.seq;
    let items = [];
    try {
      items = (await call(() => api.listModels({ provider: model.provider_id, status: 'active', limit: 1000 }))).items || [];
    } catch (error) {
      noteError(error);
    }
    dispatch(S.confirmCandidates, seq, items);
  }

  function openDelete(id) {
    const model = S.selectModel(getState(), id);
    if (model) dispatch(S.openConfirm, 'delete', model);
  }

  async function runConfirm() {
    const confirm = getState().confirm;
    if (!confirm || confirm.busy) return false;
    dispatch(S.confirmStarted);
    if (confirm.kind === 'deleteProvider') return deleteProvider(confirm);
    if (confirm.kind === 'ollamaDelete') return (await ollama()).deleteModel(confirm);
    if (confirm.kind === 'bulkDelete') return (await runtime()).runBulkDelete(confirm);
    try {
      if (confirm.kind === 'delete') {
        await call(() => api.deleteModel(confirm.id, { deleteLocalFile: !!(confirm.local && confirm.deleteFile) }));
        dispatch(S.closeConfirm);
        dispatch(S.modelRemoved, confirm.id);
        toast('success', 'toast.modelDeleted', { name: confirm.name });
      } else {
        const model = await call(() => api.deprecateModel(confirm.id, confirm.replacement || null));
        dispatch(S.closeConfirm);
        dispatch(S.modelUpdated, model);
        toast('success', 'toast.modelDeprecated', { name: model.name });
        if (confirm.isDefault) await loadProviders();
      }
      await refreshModels();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(S.confirmFailed, confirm.seq, error);
      return false;
    }
  }

  return { loadDashboard, loadModels, refreshModels, changeFilter, resetFilters, refreshModel, startDownload, cancelDownload, loadDownloadStatus, openEdit, saveModal, setDefault, restore, openDeprecate, openDelete, runConfirm };
}
