// The Keys page's slice: `state.keys` (the application keys, GET /api/keys, and the active
// models a key may be limited to) and `state.keyDialog` (the open form, the secret shown once
// after creating a key, or the revoke confirmation). Pure updaters and selectors, as in
// store.js; loaded with the page. No DOM: node --test imports it. The form's checks and bodies
// are in form.js.

import { plainError } from '../store.js';
import { emptyValues, valuesOfKey } from './form.js';

const EMPTY = Object.freeze({ status: 'idle', items: [], error: null, seq: 0, models: Object.freeze({ status: 'idle', items: [], error: null }) });
export const selectKeys = (state) => state.keys || EMPTY;
const patch = (state, change) => ({ ...state, keys: { ...selectKeys(state), ...change } });

// --- The list --------------------------------------------------------------------------------

export function keysRequested(state) {
  const k = selectKeys(state);
  return patch(state, { status: 'loading', error: null, seq: k.seq + 1 });
}

export function keysLoaded(state, seq, items) {
  if (selectKeys(state).seq !== seq) return state;
  return patch(state, { status: 'ready', items: Array.isArray(items) ? items : [], error: null });
}

export function keysFailed(state, seq, error) {
  if (selectKeys(state).seq !== seq) return state;
  return patch(state, { status: 'error', error: plainError(error) });
}

// A key the server answered with (created, changed, revoked) replaces its copy, or comes first
// (the list is newest first). The secret of a new key never goes into the list.
export function keyReceived(state, key) {
  if (!key || !key.id) return state;
  const { secret, ...stored } = key; // eslint-disable-line no-unused-vars
  const items = selectKeys(state).items;
  const index = items.findIndex((item) => item.id === stored.id);
  const next = index >= 0 ? items.map((item, i) => (i === index ? stored : item)) : [stored, ...items];
  return patch(state, { items: next });
}

// The cards' order: the server's (newest first), revoked keys after the others.
export const selectKeyList = (state) => {
  const items = selectKeys(state).items;
  return [...items.filter((key) => !key.revoked_at), ...items.filter((key) => key.revoked_at)];
};

export const selectKey = (state, id) => selectKeys(state).items.find((key) => key.id === id) || null;

// The models a key can be limited to: active models, by connection then name.
export const modelsRequested = (state) => patch(state, { models: { ...selectKeys(state).models, status: 'loading', error: null } });
export const modelsFailed = (state, error) => patch(state, { models: { ...selectKeys(state).models, status: 'error', error: plainError(error) } });
export function modelsLoaded(state, models) {
  const items = (models || []).filter((model) => model.status === 'active')
    .map((model) => ({ id: model.id, name: model.name, provider_id: model.provider_id }))
    .sort((a, b) => String(a.provider_id).localeCompare(String(b.provider_id)) || a.name.localeCompare(b.name));
  return patch(state, { models: { status: 'ready', items, error: null } });
}

// --- What a key's card shows -------------------------------------------------------------------

// active | expired | revoked, at `now` (ms).
export function keyState(key, now = Date.now()) {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && Date.parse(key.expires_at) <= now) return 'expired';
  return 'active';
}

// The spend of the current period against the budget. A server that does not send `spent_usd`
// yet counts as nothing spent. `level`: ok, warn (80 % or more), over (the budget is used up).
export function budgetOf(key) {
  const spent = typeof key.spent_usd === 'number' ? key.spent_usd : 0;
  const budget = typeof key.budget_usd === 'number' ? key.budget_usd : null;
  if (budget === null) return { spent, budget: null, period: null, endsAt: null, percent: null, level: 'ok' };
  const ratio = budget > 0 ? spent / budget : spent > 0 ? 1 : 0;
  const percent = Math.min(100, Math.max(0, ratio * 100));
  const level = ratio >= 1 ? 'over' : ratio >= 0.8 ? 'warn' : 'ok';
  return { spent, budget, period: key.budget_period || null, endsAt: key.period_ends_at || null, percent, level };
}

// The names of a key's models (null: every active model), from what the page knows.
export function keyModelNames(state, key) {
  if (!Array.isArray(key.models)) return null;
  const known = new Map(selectKeys(state).models.items.map((model) => [model.id, model.name]));
  return key.models.map((id) => known.get(id) || (state.modelNames && state.modelNames[id]) || id);
}

// --- The dialog ----------------------------------------------------------------------------------

const opened = (state, dialog) => ({ ...state, keyDialog: { ...dialog, seq: state.nextId }, nextId: state.nextId + 1 });
const form = (kind, values, extra = {}) => ({ kind, values, errors: {}, touched: {}, submitted: false, saving: false, error: null, ...extra });

export const openKeyCreate = (state) => opened(state, form('create', emptyValues()));

export function openKeyEdit(state, id) {
  const key = selectKey(state, id);
  return key ? opened(state, form('edit', valuesOfKey(key), { id, original: key, name: key.name })) : state;
}

export function openKeyRevoke(state, id) {
  const key = selectKey(state, id);
  return key ? opened(state, { kind: 'revoke', id, name: key.name, busy: false, error: null }) : state;
}

// After creating: the secret, shown in this dialog only. Closing it forgets the secret.
export const showKeySecret = (state, key) => opened(state, { kind: 'secret', id: key.id, name: key.name, prefix: key.prefix, secret: key.secret });

export const closeKeyDialog = (state) => (state.keyDialog ? { ...state, keyDialog: null } : state);

const dialogPatch = (state, seq, change) => {
  const d = state.keyDialog;
  if (!d || (seq !== undefined && d.seq !== seq)) return state;
  return { ...state, keyDialog: { ...d, ...change } };
};

export const keySaveStarted = (state) => dialogPatch(state, undefined, { saving: true, error: null });

// Server field errors go under their fields; the others join the general message.
export function keySaveFailed(state, seq, error, shown) {
  const d = state.keyDialog;
  if (!d || d.seq !== seq) return state;
  const errors = { ...d.errors };
  const unplaced = {};
  for (const [field, message] of Object.entries((error && error.fields) || {})) {
    if (shown.includes(field)) errors[field] = message;
    else unplaced[field] = message;
  }
  return dialogPatch(state, seq, { saving: false, errors, error: { ...plainError(error), unplaced } });
}

export const revokeStarted = (state) => dialogPatch(state, undefined, { busy: true, error: null });
export const revokeFailed = (state, seq, error) => dialogPatch(state, seq, { busy: false, error: plainError(error) });

// The secret the Connect panel uses: only while the dialog showing it is open.
export const selectShownSecret = (state) => (state.keyDialog && state.keyDialog.kind === 'secret' ? state.keyDialog.secret : null);
