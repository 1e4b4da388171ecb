// Export and import of the configuration (`state.transfer`): the file chosen, its dry run,
// the preview, then the real import. Pure updaters and selectors; loaded with the Settings
// page. No DOM: node --test imports it.

import { plainError } from '../store.js';
import { fieldLabel, formatNumber, kindLabel, translate } from '../shared/i18n.js';

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

// The report names the fields an entry changes, not their values: the values in effect come
// from an export made with the dry run, the new ones from the file itself (`values`: { seq,
// current, file }, both parsed; a value is null when not known).
export const importValuesCleared = (state) => patch(state, { values: null });
export function importValuesLoaded(state, seq, values) {
  return selectTransfer(state).seq === seq ? patch(state, { values: { seq, ...values } }) : state;
}
export function selectImportValues(state) {
  const t = selectTransfer(state);
  return t.values && t.values.seq === t.seq ? t.values : null;
}

const entryOf = (doc, entity, id) => ((doc && doc[`${entity}s`]) || []).find((entry) => entry && entry.id === id) || null;
const valueOf = (entry, field) => (entry && entry[field] !== undefined ? entry[field] : null);

// What an entry changes, field by field: { field, before, after } (before is undefined for a
// created entry; both are undefined when the values are not known). Default models are one
// setting; each purpose that changes is one line.
export function importChanges(item, values) {
  if (item.action === 'skip') return [];
  const known = !!(values && values.current && values.file);
  if (item.entity === 'setting') {
    if (!known) return item.fields.map((field) => ({ field, before: undefined, after: undefined }));
    const before = valueOf(values.current.settings, item.id);
    const after = valueOf(values.file.settings, item.id);
    if (item.id !== 'default_models') return [{ field: item.id, before, after }];
    const purposes = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])].sort();
    return purposes.map((purpose) => ({ field: `default_models.${purpose}`, before: valueOf(before, purpose), after: valueOf(after, purpose) }))
      .filter((change) => change.before !== change.after);
  }
  const old = known && item.action !== 'create' ? entryOf(values.current, item.entity, item.id) : null;
  const next = known ? entryOf(values.file, item.entity, item.id) : null;
  return item.fields.map((field) => ({
    field, before: old ? valueOf(old, field) : undefined, after: next ? valueOf(next, field) : undefined,
  }));
}

const MODEL_FIELDS = new Set(['replacement_model_id', 'default_model_id']);

// A field's label: a setting's as the Settings page says it, else the forms' label.
export function importFieldLabel(entity, field, lang) {
  if (field.startsWith('default_models.')) return translate(lang, 'transfer.defaultFor', { purpose: translate(lang, `settings.purpose.${field.slice(15)}`) });
  if (entity === 'setting') return translate(lang, field === 'default_models' ? 'settings.group.defaults' : `settings.field.${field}`);
  if (field === 'enabled') return translate(lang, 'transfer.field.enabled');
  return fieldLabel(field, lang);
}

// A value as people read it: names for the ids of connections and models (from the file, else
// the configuration in effect), the tables' words for kinds, statuses, choices and yes / no.
export function importValueText(entity, field, value, values, lang) {
  if (value === null || value === undefined) return translate(lang, entity === 'setting' ? 'transfer.default' : 'transfer.none');
  const docs = values ? [values.file, values.current] : [];
  const nameOf = (kind) => (docs.map((doc) => entryOf(doc, kind, value)).find(Boolean) || {}).name || String(value);
  if (field === 'provider_id') return nameOf('provider');
  if (MODEL_FIELDS.has(field) || field.startsWith('default_models.')) return nameOf('model');
  if (typeof value === 'boolean') return translate(lang, value ? 'common.yes' : 'common.no');
  if (field === 'kind') return kindLabel(value, lang);
  if (field === 'status') return translate(lang, `status.${value}`);
  if (field === 'deprecated_model_policy') return translate(lang, `settings.choice.deprecated_model_policy.${value}`);
  if (typeof value === 'number') return formatNumber(value, lang, { maximumFractionDigits: 10 });
  return String(value);
}

// What the preview (or the result) shows: the counts, the entries by kind (connections,
// models, settings) in the file's order, each with its action and the fields it sets or
// changes (with their values when known), and the warnings. `empty` when nothing would change.
export function selectImportView(report, values = null) {
  if (!report) return null;
  const items = Array.isArray(report.items) ? report.items : [];
  const sections = ENTITIES.map((entity) => ({
    entity,
    items: items.filter((item) => item.entity === entity).map((item) => ({
      key: `${item.entity}:${item.id}`, id: item.id, name: item.name || item.id,
      action: ACTIONS.includes(item.action) ? item.action : 'skip',
      fields: Array.isArray(item.fields) ? item.fields : [], note: item.note || null,
    })).map((item) => ({ ...item, changes: importChanges({ ...item, entity }, values) })),
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
