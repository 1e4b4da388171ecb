// The models list's selection and what bulk actions report: `state.bulk` (the ids checked, the
// bulk action under way with its progress, and the page's notice: a bulk action's summary, or
// the jobs a deploy started). Pure updaters and selectors, loaded with the models page. No DOM.

import { plainError } from '../shared/app-store.js';

const EMPTY = Object.freeze({ selected: {}, running: null, notice: null });
export const selectBulk = (state) => state.bulk || EMPTY;
const patch = (state, change) => ({ ...state, bulk: { ...selectBulk(state), ...change } });

export const BULK_ACTIONS = Object.freeze(['start', 'stop', 'delete']);

// The checked ids among the rows shown: a model deleted or filtered out is no longer selected.
export function selectSelectedIds(state) {
  const selected = selectBulk(state).selected;
  return state.models.items.filter((model) => selected[model.id]).map((model) => model.id);
}

export function setSelected(state, id, on) {
  const selected = selectBulk(state).selected;
  if (!!selected[id] === !!on) return state;
  const next = { ...selected };
  if (on) next[id] = true;
  else delete next[id];
  return patch(state, { selected: next });
}

// The select-all box: every row shown, or none.
export function selectAllShown(state, on) {
  const selected = on ? Object.fromEntries(state.models.items.map((model) => [model.id, true])) : {};
  return patch(state, { selected });
}

// 'none', 'some' or 'all' of the rows shown are checked (the select-all box's look).
export function selectSelectionLevel(state) {
  const count = selectSelectedIds(state).length;
  if (!count) return 'none';
  return count === state.models.items.length ? 'all' : 'some';
}

// Delete asks first, in the shared confirm dialog (kind `bulkDelete`, shared/dialogs.js).
export const openBulkDeleteConfirm = (state, ids) => ({
  ...state, sheet: null, confirm: { seq: state.nextId, kind: 'bulkDelete', ids, count: ids.length, busy: false, error: null }, nextId: state.nextId + 1,
});

export const bulkStarted = (state, action, total) => patch(state, { running: { action, total, done: 0 }, notice: null });

export function bulkStepped(state) {
  const running = selectBulk(state).running;
  return running ? patch(state, { running: { ...running, done: running.done + 1 } }) : state;
}

// The summary of a bulk action: `done` and `failed` ({id, name, error}); what succeeded is no
// longer selected, what failed stays checked to try again.
export function bulkFinished(state, action, done, failed) {
  const selected = { ...selectBulk(state).selected };
  for (const item of done) delete selected[item.id];
  const notice = { kind: 'bulk', action, done, failed: failed.map((item) => ({ ...item, error: plainError(item.error) })) };
  return patch(state, { running: null, selected, notice });
}

// A deploy started one job per server (the notice links to the Jobs page).
export const deployStarted = (state, name, servers) => patch(state, { notice: { kind: 'deploy', name, servers } });

export const dismissNotice = (state) => (selectBulk(state).notice ? patch(state, { notice: null }) : state);
