// Async actions: the only code that calls the API. Each one dispatches pure updaters from
// store.js before and after its request, so the UI is always a function of the state.

import * as S from './store.js';
import { runBusy } from './shared/busy.js';

// The forms' updaters and rules load with the first form that is saved or tested.
const loadForms = () => import('./models/forms.js');
// The Ollama pages' actions load with the first of them; so do the governance actions
// (test prompt, usage, settings, export / import).
const loadOllama = () => import('./ollama/actions.js');
const loadGovernance = () => import('./governance/actions.js');

export const WAS_LOGGED_IN_KEY = 'hangar.wasLoggedIn';

export function createActions({ store, api, storage = null }) {
  const { getState, dispatch } = store;

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

  // --- Session ---------------------------------------------------------------------------

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

  // --- Pages -----------------------------------------------------------------------------

  async function loadRoute() {
    const state = getState();
    if (state.session !== 'authenticated') return;
    if (state.route === 'dashboard') await loadDashboard();
    else if (state.route === 'providers') await loadProviders();
    else if (state.route === 'models') await Promise.all([loadProviders(), loadModels(), loadActiveJobs()]);
    else if (state.route === 'jobs') await loadJobs();
    else if (state.route === 'ollama') await (await ollama()).loadPage();
    else if (state.route === 'settings') await (await governance()).loadSettingsPage();
  }

  // The Ollama actions (ollama-actions.js), created once, on first use.
  let ollamaActions = null;
  function ollama() {
    ollamaActions ||= loadOllama().then(
      (module) => module.createOllamaActions({ store, api, shared: { call, noteError, toast, toastError, loadProviders, loadActiveJobs } }),
      (error) => {
        ollamaActions = null;
        throw error;
      });
    return ollamaActions;
  }

  let governanceActions = null;
  function governance() {
    governanceActions ||= loadGovernance().then(
      (module) => module.createGovernanceActions({ store, api, shared: { call, noteError, toast, toastError, loadProviders } }),
      (error) => {
        governanceActions = null;
        throw error;
      });
    return governanceActions;
  }

  async function loadProviders() {
    dispatch(S.providersLoading);
    try {
      const data = await call(() => api.listProviders());
      dispatch(S.providersLoaded, data.items || []);
      if (getState().route === 'providers') await resolveDefaultNames();
    } catch (error) {
      noteError(error);
      dispatch(S.providersFailed, error);
    }
  }

  // Default models of the providers are shown by name; fetch the ones no list has shown yet.
  async function resolveDefaultNames() {
    const state = getState();
    const missing = state.providers.items.map((p) => p.default_model_id).filter((id) => id && !state.modelNames[id]);
    const models = await Promise.all(missing.map((id) => api.getModel(id).catch(() => null)));
    dispatch(S.rememberModelNames, models.filter(Boolean));
  }

  async function loadDashboard() {
    dispatch(S.dashboardLoading);
    const providers = loadProviders();
    try {
      const [all, deprecated, local] = await call(() => Promise.all([
        api.listModels({ limit: 1 }),
        api.listModels({ limit: 1, status: 'deprecated' }),
        api.listModels({ limit: 1, kind: 'local' }),
      ]));
      dispatch(S.dashboardLoaded, { total: all.total, deprecated: deprecated.total, local: local.total });
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
    } catch (error) {
      noteError(error);
      if (append && error.code === 'invalid_cursor') return loadModels();
      dispatch(S.modelsFailed, seq, error);
    }
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

  // --- Providers -------------------------------------------------------------------------

  async function toggleProvider(id) {
    const provider = S.selectProvider(getState(), id);
    if (!provider) return;
    await runBusy(store, `provider:${id}`, async () => {
      const updated = await call(() => api.updateProvider(id, { enabled: !provider.enabled }));
      dispatch(S.providerUpdated, updated);
      toast('success', updated.enabled ? 'toast.providerEnabled' : 'toast.providerDisabled', { name: updated.name });
    }, {
      onError: async (error) => {
        // Enabling needs a base URL first: open the form where it goes, with the reason.
        if (error.code === 'base_url_required') await openProviderConfigure(id, error);
        else if (!noteError(error)) toastError(error);
      },
    });
  }

  async function openProviderConfigure(id, reason = null) {
    const provider = S.selectProvider(getState(), id);
    if (!provider) return;
    const seq = dispatch(S.openProviderModal, provider).providerModal.seq;
    if (reason) dispatch((await loadForms()).providerSaveFailed, seq, reason);
    let items = [];
    try {
      items = (await call(() => api.listModels({ provider: id, status: 'active', limit: 500 }))).items || [];
    } catch (error) {
      noteError(error);
    }
    dispatch(S.providerModalCandidates, seq, items);
  }

  function openProviderCreate() {
    dispatch(S.openProviderCreateModal);
  }

  // Saves the provider modal: POST in create mode, PATCH of what changed in edit mode. The
  // modal (and the key typed in it) is dropped from the store once saved.
  async function saveProvider() {
    const F = await loadForms();
    const validated = dispatch(F.validateProviderModal);
    const modal = validated.providerModal;
    if (!modal || modal.saving || Object.keys(modal.errors).length) return false;
    const creating = modal.mode === 'create';
    const payload = F.selectProviderPayload(validated);
    if (!creating && Object.keys(payload).length === 0) {
      dispatch(S.providerModalSaved, modal.seq);
      toast('info', 'toast.noChanges');
      return true;
    }
    dispatch(F.providerSaveStarted);
    try {
      const saved = await call(() => (creating ? api.createProvider(payload) : api.updateProvider(modal.id, payload)));
      dispatch(S.providerModalSaved, modal.seq);
      dispatch(creating ? S.providerAdded : S.providerUpdated, saved);
      toast('success', creating ? 'toast.providerCreated' : 'toast.providerSaved', { name: saved.name });
      await resolveDefaultNames();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(F.providerSaveFailed, modal.seq, error);
      return false;
    }
  }

  // "Test before saving": tests the form as it stands; nothing is stored.
  async function testProviderForm() {
    const before = getState().providerModal;
    if (!before || before.saving || (before.test && before.test.running)) return false;
    const F = await loadForms();
    const validated = dispatch(F.validateProviderModal, { forTest: true });
    const modal = validated.providerModal;
    if (modal.error) return false;
    const payload = F.selectProviderTestPayload(validated);
    if (!payload) return false;
    dispatch(F.providerFormTestStarted);
    try {
      const result = await call(() => api.testProviderForm(payload));
      dispatch(F.providerFormTestFinished, modal.seq, result);
      return true;
    } catch (error) {
      noteError(error);
      dispatch(F.providerFormTestFailed, modal.seq, error);
      return false;
    }
  }

  // A card's Test button: the result shows in the card (and is the connection's last_test).
  async function testProvider(id) {
    const provider = S.selectProvider(getState(), id);
    if (!S.selectCanTestProvider(provider) || S.selectProviderTest(getState(), id).running) return;
    dispatch(S.providerTestStarted, id);
    try {
      const result = await call(() => api.testProvider(id));
      dispatch(S.providerTestFinished, id, result);
    } catch (error) {
      dispatch(S.providerTestFailed, id, error);
      if (!noteError(error)) toastError(error);
      if (error.status === 404) await loadProviders();
    }
  }

  function openProviderDelete(id) {
    const provider = S.selectProvider(getState(), id);
    if (S.selectCanDeleteProvider(provider)) dispatch(S.openProviderConfirm, provider);
  }

  async function deleteProvider(confirm) {
    try {
      await call(() => api.deleteProvider(confirm.id, { cascade: confirm.cascade }));
    } catch (error) {
      noteError(error);
      if (error.code === 'provider_has_models' && !confirm.cascade) dispatch(S.confirmOfferCascade, confirm.seq, error);
      else dispatch(S.confirmFailed, confirm.seq, error);
      if (error.status === 404) await loadProviders();
      return false;
    }
    dispatch(S.closeConfirm);
    dispatch(S.providerRemoved, confirm.id);
    toast('success', confirm.cascade ? 'toast.providerDeletedWithModels' : 'toast.providerDeleted', { name: confirm.name });
    return true;
  }

  // --- Jobs and downloads ----------------------------------------------------------------

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
      // Ollama jobs show their connection by name.
      const { jobs, providers } = getState();
      await Promise.all([resolveJobTargets(), jobs.items.some(S.isOllamaJob) && providers.status !== 'ready' ? loadProviders() : null]);
    } catch (error) {
      noteError(error);
      dispatch(S.jobsFailed, error);
    }
  }

  // Jobs show their model by name: fetch the models no list has shown yet (each once).
  const asked = new Set();
  async function resolveJobTargets() {
    const state = getState();
    const ids = [...new Set(state.jobs.items.map(S.jobModelId))]
      .filter((id) => id && !state.modelNames[id] && !S.selectModel(state, id) && !asked.has(id)).slice(0, 20);
    if (!ids.length) return;
    ids.forEach((id) => asked.add(id));
    const models = await Promise.all(ids.map((id) => api.getModel(id).catch(() => null)));
    dispatch(S.rememberModelNames, models.filter(Boolean));
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

  async function loadDownloadStatus(id) {
    try {
      dispatch(S.downloadStateReceived, await call(() => api.getDownloadStatus(id)));
    } catch (error) {
      noteError(error);
    }
  }

  function cancelJob(id) {
    return runBusy(store, `job:${id}`, async () => {
      const job = await call(() => api.cancelJob(id));
      dispatch(S.jobReceived, job);
      if (S.jobModelId(job)) await refreshModel(S.jobModelId(job));
      return true;
    }, { onError: fail });
  }

  // --- Live events (GET /api/events) ------------------------------------------------------

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
      if (ended && S.isOllamaJob(data) && (ollamaActions || getState().route === 'ollama')) {
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

  // Edit: open the modal; a local model's download state loads into it.
  async function openEdit(id) {
    const model = S.selectModel(getState(), id);
    if (!model) return;
    dispatch(S.openEditModal, model);
    if (model.kind === 'local') await loadDownloadStatus(id);
  }

  // --- Model modal -----------------------------------------------------------------------

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

  // --- Row actions -----------------------------------------------------------------------

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
      items = (await call(() => api.listModels({ provider: model.provider_id, status: 'active', limit: 500 }))).items || [];
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

  return {
    checkSession, login, logout, loadRoute, loadProviders, loadDashboard, loadModels, refreshModels,
    changeFilter, resetFilters, toggleProvider, openProviderConfigure, openProviderCreate, saveProvider, testProviderForm,
    testProvider, openProviderDelete, saveModal,
    setDefault, restore, openDeprecate, openDelete, runConfirm,
    loadActiveJobs, loadJobs, refreshModel, startDownload, cancelDownload, loadDownloadStatus, cancelJob,
    applyEvent, syncLive, checkLive, openEdit, ollama, governance,
  };
}
