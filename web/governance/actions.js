// Governance actions (loaded on first use, through actions.governance()): the test prompt of
// a model and the usage chart's data; the Settings page's (settings, defaults per purpose,
// export / import) load from settings-actions.js when first called. They call
// api.js and dispatch the updaters of store.js.

import * as S from '../store.js';
import * as G from './store.js';
import { loadStrings } from '../shared/i18n.js';
import { createGovernanceApi } from './api.js';

// The strings of the dialog, the chart and the page load with their code.
await loadStrings('governance');

export function createGovernanceActions({ store, api: core, shared }) {
  const { getState, dispatch } = store;
  const api = createGovernanceApi(core.request);
  const { call, noteError, toastError } = shared;
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
      dispatch(G.usageLoaded, seq, await call(() => core.getUsage()));
    } catch (error) {
      noteError(error);
      dispatch(G.usageFailed, seq, error);
    }
  }

  // The Settings page's actions (settings-actions.js) load with it: a dashboard or a test
  // prompt never loads the settings and import code.
  let settingsActions = null;
  const settings = () => (settingsActions ||= import('./settings-actions.js').then(
    (module) => module.createSettingsActions({ store, api, shared }),
    (error) => {
      settingsActions = null;
      throw error;
    }));
  const later = (name) => async (...args) => (await settings())[name](...args);

  // --- Import: values and counts ----------------------------------------------------------

  // The dry run's report names the fields an entry changes; the values come from the file and
  // from an export of the configuration in effect, asked for alongside.
  async function chooseImportFile(file) {
    const X = await import('./transfer-store.js');
    dispatch(X.importValuesCleared);
    const current = file ? call(() => api.exportConfiguration()).then((text) => JSON.parse(text), (error) => {
      noteError(error);
      return null;
    }) : null;
    const result = await later('chooseImportFile')(file);
    const transfer = X.selectTransfer(getState());
    if (file && transfer.text) {
      const parsed = X.parseImportFile(transfer.text);
      dispatch(X.importValuesLoaded, transfer.seq, { current: await current, file: parsed.document || null });
    }
    return result;
  }

  // After Apply, what other pages count follows: the dashboard's counts (when they were
  // shown) and the names of the models the file set.
  async function applyImport() {
    const X = await import('./transfer-store.js');
    const values = X.selectImportValues(getState());
    const done = await later('applyImport')();
    if (!done) return done;
    const models = ((values && values.file && values.file.models) || []).filter((m) => m && m.id && m.name);
    if (models.length) dispatch(S.rememberModelNames, models);
    if (getState().dashboard.status !== 'idle' && shared.loadDashboard) await shared.loadDashboard();
    return done;
  }

  return {
    openTest, runTest, loadUsage, chooseImportFile, applyImport,
    ...Object.fromEntries(['loadSettingsPage', 'loadSettings', 'loadCandidates', 'saveSettings', 'resetSetting',
      'exportConfiguration', 'clearImport'].map((name) => [name, later(name)])),
  };
}
