// The connections' actions: list, enable, configure, add, test, delete.
// Built by actions.js with the shared helpers (`ctx`); other features' actions are reached
// through `ctx.actions` when called.

import * as S from '../store.js';

export function createProviderActions(ctx) {
  const { store, api, getState, dispatch, call, noteError, toast, toastError, loadForms, runBusy } = ctx;

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
      items = (await call(() => api.listModels({ provider: id, status: 'active', limit: 1000 }))).items || [];
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

  return { loadProviders, toggleProvider, openProviderConfigure, openProviderCreate, saveProvider, testProviderForm, testProvider, openProviderDelete, deleteProvider };
}
