// The Settings page's actions (loaded by governance/actions.js on first use): the settings in
// effect, saving what changed, Reset to default (null), the active models a default can be,
// and export / import (dry run, then apply). They dispatch the updaters of settings-store.js
// and transfer-store.js.

import * as S from '../store.js';
import * as C from './settings-store.js';
import * as X from './transfer-store.js';
import { t } from '../shared/i18n.js';

const CANDIDATE_PAGES = 4;

export function createSettingsActions({ store, api, shared }) {
  const { getState, dispatch } = store;
  const { call, noteError, toast, loadProviders } = shared;

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
        const data = await call(() => api.listModels({ status: 'active', limit: 1000, cursor }));
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
    const transfer = X.selectTransfer(getState());
    if (transfer.status !== 'preview' || !transfer.text) return false;
    dispatch(X.importApplying);
    try {
      const report = await call(() => api.importConfiguration(transfer.text, { dryRun: false }));
      dispatch(X.importApplied, transfer.seq, report);
      toast('success', 'transfer.appliedToast', { created: report.created, updated: report.updated });
      await Promise.all([loadProviders(), loadSettings(), loadCandidates()]);
      return true;
    } catch (error) {
      noteError(error);
      dispatch(X.importFailed, transfer.seq, error, { applying: true });
      return false;
    }
  }

  const clearImport = () => dispatch(X.importCleared);

  return {
    loadSettingsPage, loadSettings, loadCandidates, saveSettings, resetSetting,
    exportConfiguration, chooseImportFile, applyImport, clearImport,
  };
}
