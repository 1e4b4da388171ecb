// Export and import of the configuration (`state.transfer`): the file chosen, its dry run,
// the preview, then the real import. Pure updaters and selectors; loaded with the Settings
// page. No DOM: node --test imports it.

import { plainError } from '../store.js';

export const ENTITIES = Object.freeze(['provider', 'model', 'setting']);
export const ACTIONS = Object.freeze(['create', 'update', 'skip']);
const FORMAT = 'hangar-configuration';

const EMPTY = Object.freeze({ exporting: false, exportError: null, file: null, text: null, status: 'idle', report: null, error: null, seq: 0 });
export const selectTransfer = (state) => state.transfer || EMPTY;
const patch = (state, change) => ({ ...state, transfer: { ...selectTransfer(state), ...change } });

// hangar-configuration-YYYY-MM-DD.json, the date of this browser's day.
export function exportFileName(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `hangar-configuration-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.json`;
}

export const exportStarted = (state) => patch(state, { exporting: true, exportError: null });
export const exportDone = (state) => patch(state, { exporting: false });
export const exportFailed = (state, error) => patch(state, { exporting: false, exportError: plainError(error) });

// Reads the chosen file's text: JSON, an object. What is wrong with it before any request is
// said in the client_validation error's `reason` (a key of the strings table).
export function parseImportFile(textContent) {
  let document;
  try {
    document = JSON.parse(textContent);
  } catch {
    return { error: { status: 0, code: 'client_validation', reason: 'transfer.notJSON', message: '', fields: {} } };
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    return { error: { status: 0, code: 'client_validation', reason: 'transfer.notObject', message: '', fields: {} } };
  }
  if (document.format !== FORMAT) {
    return { error: { status: 0, code: 'client_validation', reason: 'transfer.notHangar', message: '', fields: {} } };
  }
  return { document };
}

// A new file (file: {name, size}; text: its JSON, sent as it is): the dry run starts (seq
// tells a late answer about an older file apart).
export function importFileChosen(state, file, text) {
  const t = selectTransfer(state);
  return patch(state, { file, text, status: 'previewing', report: null, error: null, seq: t.seq + 1 });
}

export function importFileRefused(state, file, error) {
  const t = selectTransfer(state);
  return patch(state, { file, text: null, status: 'error', report: null, error: { ...error }, seq: t.seq + 1 });
}

export function importPreviewed(state, seq, report) {
  if (selectTransfer(state).seq !== seq) return state;
  return patch(state, { status: 'preview', report, error: null });
}

export const importApplying = (state) => patch(state, { status: 'applying', error: null });

export function importApplied(state, seq, report) {
  if (selectTransfer(state).seq !== seq) return state;
  return patch(state, { status: 'applied', report, error: null, text: null });
}

// A refused dry run or import: the server's message and fields (the file stays chosen, so an
// import that failed for a passing reason can be applied again).
export function importFailed(state, seq, error, { applying = false } = {}) {
  const t = selectTransfer(state);
  if (t.seq !== seq) return state;
  return patch(state, { status: applying && t.report ? 'preview' : 'error', error: plainError(error) });
}

export const importCleared = (state) => patch(state, { file: null, text: null, status: 'idle', report: null, error: null, seq: selectTransfer(state).seq + 1 });

// What the preview (or the result) shows: the counts, the entries by kind (connections,
// models, settings) in the file's order, each with its action and the fields it sets or
// changes, and the warnings. `empty` when nothing would change.
export function selectImportView(report) {
  if (!report) return null;
  const items = Array.isArray(report.items) ? report.items : [];
  const sections = ENTITIES.map((entity) => ({
    entity,
    items: items.filter((item) => item.entity === entity).map((item) => ({
      key: `${item.entity}:${item.id}`, id: item.id, name: item.name || item.id,
      action: ACTIONS.includes(item.action) ? item.action : 'skip',
      fields: Array.isArray(item.fields) ? item.fields : [], note: item.note || null,
    })),
  })).filter((section) => section.items.length > 0);
  const counts = {
    created: report.created ?? 0, updated: report.updated ?? 0, unchanged: report.unchanged ?? 0,
    skipped: items.filter((item) => item.action === 'skip').length,
  };
  return {
    dryRun: !!report.dry_run, applied: !!report.applied, counts, sections,
    warnings: Array.isArray(report.warnings) ? report.warnings : [],
    empty: counts.created === 0 && counts.updated === 0,
  };
}

// The fields of a refused import, as [path, message] pairs in the server's order.
export const selectImportFieldErrors = (error) => Object.entries((error && error.fields) || {});
