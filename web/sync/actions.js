// Catalog sync's actions (issue 19; loaded on first use, through actions.sync()): discovery on
// a connection and applying the checked entries, the price and limit sync's preview (a dry run)
// and apply, a price file read in the browser, the dashboard's unpriced usage, and opening a
// model's form from that card. They call api.js and dispatch the updaters of store.js.

import * as S from '../store.js';
import * as Y from './store.js';
import { createSyncApi } from './api.js';

export function createSyncActions({ store, api: core, shared }) {
  const { getState, dispatch } = store;
  const api = createSyncApi(core.request);
  const { call, noteError } = shared;
  const refreshModels = () => (shared.refreshModels ? shared.refreshModels() : Promise.resolve());

  // The page lists the connections to discover on.
  async function loadPage() {
    if (shared.loadProviders) await shared.loadProviders();
  }

  // --- Discovery ---------------------------------------------------------------------------

  async function discover() {
    const id = Y.selectDiscoverProvider(getState());
    if (!id || Y.selectDiscover(getState()).status === 'loading') return false;
    const seq = Y.selectDiscover(dispatch(Y.discoverRequested, id)).seq;
    try {
      dispatch(Y.discoverLoaded, seq, await call(() => api.discover(id)));
      return true;
    } catch (error) {
      noteError(error);
      dispatch(Y.discoverFailed, seq, error);
      return false;
    }
  }

  // Adds the checked new entries and deprecates the checked gone ones, in one request (one
  // transaction on the server); the catalog's lists learn the models it answers with.
  async function applyDiscovery() {
    const d = Y.selectDiscover(getState());
    const body = Y.selectDiscoverApplyBody(getState());
    if (!body || d.applying || !d.proposal) return false;
    const id = d.proposal.provider_id || d.providerId;
    dispatch(Y.discoverApplyStarted);
    try {
      const answer = await call(() => api.applyDiscovery(id, body));
      dispatch(Y.discoverApplied, d.seq, answer);
      for (const model of (answer && answer.added) || []) dispatch(S.modelEvent, 'created', model);
      for (const model of (answer && answer.deprecated) || []) dispatch(S.modelEvent, 'updated', model);
      await refreshModels();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(Y.discoverApplyFailed, error);
      return false;
    }
  }

  // --- Prices and limits ---------------------------------------------------------------------

  // A file chosen for the price sync: read here, checked to be one JSON object, kept parsed
  // (sent as {"data": …}). Choosing it makes the file the source.
  async function chooseFile(file) {
    dispatch(Y.setPriceSource, 'file');
    if (!file) return dispatch(Y.priceFileCleared);
    const meta = { name: file.name, size: file.size };
    if (file.size > Y.MAX_FILE_BYTES) return dispatch(Y.priceFileRefused, meta, 'sync.prices.fileTooLarge');
    let text;
    try {
      text = await file.text();
    } catch {
      return dispatch(Y.priceFileRefused, meta, 'sync.prices.fileUnreadable');
    }
    const parsed = Y.parsePriceFile(text);
    if (parsed.error) return dispatch(Y.priceFileRefused, meta, parsed.error);
    return dispatch(Y.priceFileChosen, meta, parsed.data);
  }

  // The dry run: what the chosen source would change, model by model.
  async function previewPrices() {
    const p = Y.selectPrices(getState());
    if (p.status === 'loading' || p.applying) return false;
    const source = Y.selectPriceSourceBody(getState());
    if (source.error) {
      dispatch(Y.pricePreviewRefused, source.error);
      return false;
    }
    const seq = Y.selectPrices(dispatch(Y.pricePreviewRequested, source.body)).seq;
    try {
      dispatch(Y.pricePreviewLoaded, seq, await call(() => api.priceSync(source.body, { dryRun: true })));
      return true;
    } catch (error) {
      noteError(error);
      dispatch(Y.pricePreviewFailed, seq, error);
      return false;
    }
  }

  // Applies the checked models of the preview, from the same source.
  async function applyPrices() {
    const p = Y.selectPrices(getState());
    const body = Y.selectPriceApplyBody(getState());
    if (!body || p.applying) return false;
    dispatch(Y.priceApplyStarted);
    try {
      dispatch(Y.priceApplied, p.seq, await call(() => api.priceSync(body, { dryRun: false })));
      await refreshModels();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(Y.priceApplyFailed, error);
      return false;
    }
  }

  // --- The dashboard's unpriced usage ----------------------------------------------------------

  async function loadUnpriced(days = 30) {
    const seq = Y.selectUnpriced(dispatch(Y.unpricedRequested)).seq;
    try {
      dispatch(Y.unpricedLoaded, seq, await call(() => api.unpriced(days)));
    } catch (error) {
      noteError(error);
      dispatch(Y.unpricedFailed, seq, error);
    }
  }

  // A model of the card: the models list shows it (filtered to its name) with its form open,
  // where its price is set.
  async function openModel(id, name = '') {
    dispatch(S.clearFilters);
    if (name) dispatch(S.setFilter, 'text', name);
    try {
      const model = await call(() => api.getModel(id));
      if (model) dispatch(S.openEditModal, model);
      return true;
    } catch (error) {
      if (!noteError(error) && shared.toastError) shared.toastError(error);
      return false;
    }
  }

  return { loadPage, discover, applyDiscovery, chooseFile, previewPrices, applyPrices, loadUnpriced, openModel };
}
