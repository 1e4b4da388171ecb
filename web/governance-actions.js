// Governance actions (loaded on first use, through actions.governance()): the test prompt of
// a model, the usage chart's data, the Settings page (settings, defaults per purpose) and the
// export / import of the configuration. They call governance-api.js and dispatch the
// updaters of governance-store.js, settings-store.js and transfer-store.js.

import * as S from './store.js';
import * as G from './governance-store.js';
import * as C from './settings-store.js';
import * as X from './transfer-store.js';
import { loadStrings, t } from './i18n.js';
import { createGovernanceApi } from './governance-api.js';

// The strings of the dialog, the chart and the page load with their code.
await loadStrings('governance');

const CANDIDATE_PAGES = 4;

export function createGovernanceActions({ store, api: core, shared }) {
  const { getState, dispatch } = store;
  const api = createGovernanceApi(core.request);
  const { call, noteError, toast, toastError, loadProviders } = shared;
  const fail = (error) => {
    if (!noteError(error)) toastError(error);
  };

  // --- Test prompt ---------------------------------------------------------------------------

  // Opens the dialog for a model of the list (or fetched: a replacement the list does not show).
  async function openTest(id) {
    let model = S.selectModel(getState(), id) || (getState().modal && getState().modal.id === id ? getState().modal.live : null);
    if (!model) {
      try {
        model = await call(() => api.getModel(id));
        dispatch(S.rememberModelNames, [model]);
      } catch (error) {
        fail(error);
        return false;
      }
    }
    dispatch(G.openModelTest, model);
    return true;
  }

  async function runTest() {
    const started = dispatch(G.modelTestStarted).modelTest;
    if (!started || !started.running) return false;
    const { seq, reqSeq, id, prompt } = started;
    try {
      const result = await call(() => api.testModel(id, { prompt }));
      dispatch(G.modelTestFinished, seq, reqSeq, result);
      // The usage changed: a dashboard already showing it follows.
      if (getState().route === 'dashboard' && G.selectUsage(getState()).status !== 'idle') loadUsage();
      return true;
    } catch (error) {
      noteError(error);
      dispatch(G.modelTestFailed, seq, reqSeq, error);
      return false;
    }
  }

  // --- Usage -------------------------------------------------------------------------------

  async function loadUsage() {
    const seq = G.selectUsage(dispatch(G.usageRequested)).seq;
    try {
      dispatch(G.usageLoaded, seq, await call(() => api.getUsage()));
    } catch (error) {
      noteError(error);
      dispatch(G.usageFailed, seq, error);
    }
  }

  // --- Settings ----------------------------------------------------------------------------

  async function loadSettingsPage() {
    await Promise.all([loadSettings(), loadCandidates(), getState().providers.status === 'ready' ? null : loadProviders()]);
  }

  async function loadSettings() {
    dispatch(C.settingsRequested);
    try {
      dispatch(C.settingsLoaded, await call(() => api.getSettings()));
    } catch (error) {
      noteError(error);
      dispatch(C.settingsFailed, error);
    }
  }

  // The active models a default can be (a few pages of 500 at most).
  async function loadCandidates() {
    dispatch(C.candidatesRequested);
    try {
      const items = [];
      let cursor = null;
      for (let page = 0; page < CANDIDATE_PAGES; page += 1) {
        const data = await call(() => api.listModels({ status: 'active', limit: 500, cursor }));
        items.push(...((data && data.items) || []));
        cursor = data && data.next_cursor;
        if (!cursor) break;
      }
      dispatch(C.candidatesLoaded, items);
      dispatch(S.rememberModelNames, items);
    } catch (error) {
      noteError(error);
      dispatch(C.candidatesFailed, error);
    }
  }

  async function saveSettings() {
    const s = C.selectSettings(getState());
    if (s.saving || !s.data) return false;
    const validated = C.selectSettings(dispatch(C.validateSettings));
    if (Object.keys(validated.errors).length) return false;
    const body = C.selectSettingsPatch(getState());
    if (!Object.keys(body).length) {
      toast('info', 'toast.noChanges');
      return true;
    }
    dispatch(C.settingsSaveStarted);
    try {
      dispatch(C.settingsSaved, await call(() => api.updateSettings(body)));
      toast('success', 'settings.saved');
      return true;
    } catch (error) {
      noteError(error);
      dispatch(C.settingsSaveFailed, error);
      return false;
    }
  }

  async function resetSetting(field) {
    const s = C.selectSettings(getState());
    if (s.resetting[field] || s.saving || !s.data) return false;
    dispatch(C.resetStarted, field);
    try {
      dispatch(C.resetDone, field, await call(() => api.updateSettings(C.resetPatch(field))));
      toast('success', 'settings.resetDone', { name: settingName(field) });
      return true;
    } catch (error) {
      noteError(error);
      dispatch(C.resetFailed, field, error);
      return false;
    }
  }
  const settingName = (field) => (field.startsWith('default_models.') ? t(`settings.purpose.${field.slice(15)}`) : t(`settings.field.${field}`));

  // --- Export / import ------------------------------------------------------------------------

  // Resolves to { name, text } for the page to save as a file, or null.
  async function exportConfiguration() {
    if (X.selectTransfer(getState()).exporting) return null;
    dispatch(X.exportStarted);
    try {
      const text = await call(() => api.exportConfiguration());
      dispatch(X.exportDone);
      return { name: X.exportFileName(), text };
    } catch (error) {
      noteError(error);
      dispatch(X.exportFailed, error);
      return null;
    }
  }

  // A file was chosen: read it, check it is a Hangar export, then the dry run.
  async function chooseImportFile(file) {
    if (!file) return dispatch(X.importCleared);
    const meta = { name: file.name, size: file.size };
    let text;
    try {
      text = await file.text();
    } catch {
      return dispatch(X.importFileRefused, meta, { status: 0, code: 'client_validation', reason: 'transfer.unreadable', message: '', fields: {} });
    }
    const parsed = X.parseImportFile(text);
    if (parsed.error) return dispatch(X.importFileRefused, meta, parsed.error);
    const seq = X.selectTransfer(dispatch(X.importFileChosen, meta, text)).seq;
    try {
      dispatch(X.importPreviewed, seq, await call(() => api.importConfiguration(text, { dryRun: true })));
    } catch (error) {
      noteError(error);
      dispatch(X.importFailed, seq, error);
    }
    return getState();
  }

  async function applyImport() {
    const t = X.selectTransfer(getState());
    if (t.status !== 'preview' || !t.text) return false;
    dispatch(X.importApplying);
    try {
      const report = await call(() => api.importConfiguration(t.text, { dryRun: false }));
      dispatch(X.importApplied, t.seq, report);
      toast('success', 'transfer.appliedToast', { created: report.created, updated: report.updated });
      await Promise.all([loadProviders(), loadSettings(), loadCandidates()]);
      return true;
    } catch (error) {
      noteError(error);
      dispatch(X.importFailed, t.seq, error, { applying: true });
      return false;
    }
  }

  const clearImport = () => dispatch(X.importCleared);

  return {
    openTest, runTest, loadUsage, loadSettingsPage, loadSettings, loadCandidates, saveSettings, resetSetting,
    exportConfiguration, chooseImportFile, applyImport, clearImport,
  };
}
