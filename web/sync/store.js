// Catalog sync's slice (issue 19): `state.sync.discover` (a connection's proposal — new, gone,
// present — and the entries checked to add or deprecate), `state.sync.prices` (the price and
// limit sync: its source, the dry run's changes and the models checked to apply) and
// `state.unpriced` (the dashboard's card: models with calls but no price). Pure updaters and
// selectors, as in store.js; loaded with the Sync page or the dashboard's card. No DOM:
// node --test imports it.

import { plainError } from '../shared/app-store.js';

export const SOURCES = Object.freeze(['setting', 'url', 'file']);
// The price sync route takes up to 16 MiB; a bigger file is refused before it is sent.
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
// The fields a price sync may change, in the order a change lists them.
export const CHANGE_FIELDS = Object.freeze(['cost_input_per_million', 'cost_output_per_million', 'context_window', 'max_output_tokens', 'deprecation_date']);

const EMPTY_DISCOVER = Object.freeze({
  providerId: '', status: 'idle', seq: 0, proposal: null, add: {}, deprecate: {}, error: null, applying: false, result: null, applyError: null,
});
const EMPTY_PRICES = Object.freeze({
  source: 'setting', url: '', file: null, fileData: null, fileError: null,
  status: 'idle', seq: 0, sent: null, preview: null, selected: {}, error: null, applying: false, result: null, applyError: null,
});
const EMPTY_UNPRICED = Object.freeze({ status: 'idle', seq: 0, items: [], error: null });

export const selectDiscover = (state) => (state.sync && state.sync.discover) || EMPTY_DISCOVER;
export const selectPrices = (state) => (state.sync && state.sync.prices) || EMPTY_PRICES;
export const selectUnpriced = (state) => state.unpriced || EMPTY_UNPRICED;

const patchDiscover = (state, change) => ({ ...state, sync: { ...state.sync, prices: selectPrices(state), discover: { ...selectDiscover(state), ...change } } });
const patchPrices = (state, change) => ({ ...state, sync: { ...state.sync, discover: selectDiscover(state), prices: { ...selectPrices(state), ...change } } });
const list = (value) => (Array.isArray(value) ? value.filter((item) => item && typeof item === 'object') : []);

// --- Discovery -------------------------------------------------------------------------------

// The connections discovery can list: every one but the local files' (409 not_applicable).
export const selectDiscoverable = (state) => (state.providers ? state.providers.items : []).filter((provider) => provider.kind !== 'local');

// The connection chosen, or the first one (enabled first) when none is chosen yet.
export function selectDiscoverProvider(state) {
  const providers = selectDiscoverable(state);
  const chosen = selectDiscover(state).providerId;
  if (chosen && providers.some((p) => p.id === chosen)) return chosen;
  return (providers.find((p) => p.enabled) || providers[0] || { id: '' }).id;
}

// Another connection: the proposal shown was another's, so it goes.
export function chooseDiscoverProvider(state, id) {
  const d = selectDiscover(state);
  if (d.providerId === id) return state;
  return patchDiscover(state, { providerId: id, status: 'idle', proposal: null, add: {}, deprecate: {}, error: null, result: null, applyError: null });
}

export function discoverRequested(state, providerID) {
  const d = selectDiscover(state);
  return patchDiscover(state, {
    providerId: providerID, status: 'loading', seq: d.seq + 1, proposal: null, add: {}, deprecate: {}, error: null, result: null, applyError: null,
  });
}

// A gone entry is known by its model id (the server takes an API name or a model id).
export const goneKey = (entry) => entry.model_id || entry.api_name;

export function discoverLoaded(state, seq, proposal) {
  const d = selectDiscover(state);
  if (d.seq !== seq) return state;
  const answer = proposal || {};
  const normalized = {
    provider_id: answer.provider_id || d.providerId, listed_at: answer.listed_at || null,
    new: list(answer.new), gone: list(answer.gone), present: list(answer.present),
  };
  return patchDiscover(state, { status: 'ready', proposal: normalized, add: {}, deprecate: {}, error: null });
}

export function discoverFailed(state, seq, error) {
  if (selectDiscover(state).seq !== seq) return state;
  return patchDiscover(state, { status: 'error', error: plainError(error) });
}

const toggled = (map, key, checked) => {
  if (!!map[key] === !!checked) return map;
  const next = { ...map };
  if (checked) next[key] = true;
  else delete next[key];
  return next;
};

export function setAddChecked(state, apiName, checked) {
  const d = selectDiscover(state);
  if (!d.proposal || !d.proposal.new.some((entry) => entry.api_name === apiName)) return state;
  const add = toggled(d.add, apiName, checked);
  return add === d.add ? state : patchDiscover(state, { add, applyError: null });
}

export function setDeprecateChecked(state, key, checked) {
  const d = selectDiscover(state);
  if (!d.proposal || !d.proposal.gone.some((entry) => goneKey(entry) === key)) return state;
  const deprecate = toggled(d.deprecate, key, checked);
  return deprecate === d.deprecate ? state : patchDiscover(state, { deprecate, applyError: null });
}

// Check or clear every entry of a list ('new' or 'gone').
export function setAllChecked(state, which, checked) {
  const d = selectDiscover(state);
  if (!d.proposal) return state;
  if (which === 'new') return patchDiscover(state, { add: checked ? Object.fromEntries(d.proposal.new.map((e) => [e.api_name, true])) : {}, applyError: null });
  if (which === 'gone') return patchDiscover(state, { deprecate: checked ? Object.fromEntries(d.proposal.gone.map((e) => [goneKey(e), true])) : {}, applyError: null });
  return state;
}

// 'all', 'some' or 'none' of a list checked (the select-all box: checked, mixed, clear).
export function selectListChecked(state, which) {
  const d = selectDiscover(state);
  const entries = d.proposal ? d.proposal[which] || [] : [];
  const map = which === 'new' ? d.add : d.deprecate;
  const key = which === 'new' ? (e) => e.api_name : goneKey;
  const count = entries.filter((e) => map[key(e)]).length;
  return count === 0 ? 'none' : count === entries.length ? 'all' : 'some';
}

// The body of POST /api/providers/{id}/discover/apply, in the proposal's order; null when
// nothing is checked (the server wants at least one entry).
export function selectDiscoverApplyBody(state) {
  const d = selectDiscover(state);
  if (!d.proposal) return null;
  const add = d.proposal.new.filter((e) => d.add[e.api_name]).map((e) => e.api_name);
  const deprecate = d.proposal.gone.filter((e) => d.deprecate[goneKey(e)]).map(goneKey);
  if (!add.length && !deprecate.length) return null;
  const body = {};
  if (add.length) body.add = add;
  if (deprecate.length) body.deprecate = deprecate;
  return body;
}

export const discoverApplyStarted = (state) => patchDiscover(state, { applying: true, applyError: null, result: null });

// Applied: the added models join "present" (with their ids), the deprecated leave "gone", and
// the result names both. `seq`: the proposal applied (another one since: only the result).
export function discoverApplied(state, seq, answer) {
  const d = selectDiscover(state);
  const added = list(answer && answer.added);
  const deprecated = list(answer && answer.deprecated);
  const result = {
    added: added.map((m) => ({ id: m.id, name: m.name, api_name: m.api_name })),
    deprecated: deprecated.map((m) => ({ id: m.id, name: m.name, api_name: m.api_name })),
  };
  if (d.seq !== seq || !d.proposal) return patchDiscover(state, { applying: false, result });
  const addedByName = new Map(added.map((m) => [m.api_name, m]));
  const gone = new Set(deprecated.flatMap((m) => [m.id, m.api_name]));
  const joined = d.proposal.new.filter((e) => addedByName.has(e.api_name))
    .map((e) => ({ ...e, model_id: addedByName.get(e.api_name).id, name: addedByName.get(e.api_name).name || e.name }));
  const proposal = {
    ...d.proposal,
    new: d.proposal.new.filter((e) => !addedByName.has(e.api_name)),
    gone: d.proposal.gone.filter((e) => !gone.has(e.model_id) && !gone.has(e.api_name)),
    present: [...d.proposal.present, ...joined],
  };
  return patchDiscover(state, { applying: false, result, proposal, add: {}, deprecate: {}, applyError: null });
}

export const discoverApplyFailed = (state, error) => patchDiscover(state, { applying: false, applyError: plainError(error) });

// --- Prices and limits ---------------------------------------------------------------------

// A change of source makes the preview (and what it would apply) another file's: it goes.
const sourceChanged = { status: 'idle', sent: null, preview: null, selected: {}, error: null, result: null, applyError: null };

export function setPriceSource(state, source) {
  const p = selectPrices(state);
  if (!SOURCES.includes(source) || p.source === source) return state;
  return patchPrices(state, { source, ...sourceChanged });
}

export function setPriceURL(state, url) {
  const p = selectPrices(state);
  if (p.url === url) return state;
  return patchPrices(state, { url, ...(p.source === 'url' ? sourceChanged : {}) });
}

// A file read in the browser: its name and size, and its JSON (sent as {"data": …}).
export const priceFileChosen = (state, file, data) => patchPrices(state, { file, fileData: data, fileError: null, ...sourceChanged });
// A file that cannot be used: `reason` is a key of the page's strings.
export const priceFileRefused = (state, file, reason) => patchPrices(state, { file, fileData: null, fileError: reason, ...sourceChanged });
export const priceFileCleared = (state) => patchPrices(state, { file: null, fileData: null, fileError: null, ...sourceChanged });

// What a chosen file holds: LiteLLM's file is one JSON object, model names to entries.
export function parsePriceFile(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: 'sync.prices.fileNotJSON' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: 'sync.prices.fileNotObject' };
  return { data };
}

// The body the chosen source sends (without model_ids): {} (the price_data_url setting, else
// the shipped snapshot), {url} or {data}; or {error} (a key of the page's strings) when the
// source is not usable yet.
export function selectPriceSourceBody(state) {
  const p = selectPrices(state);
  if (p.source === 'url') {
    const url = String(p.url || '').trim();
    if (!url) return { error: 'sync.prices.urlRequired' };
    if (!/^https?:\/\/[^\s/]+/i.test(url) || /\s/.test(url)) return { error: 'sync.prices.urlInvalid' };
    return { body: { url } };
  }
  if (p.source === 'file') {
    if (p.fileError) return { error: p.fileError };
    if (!p.fileData) return { error: 'sync.prices.fileRequired' };
    return { body: { data: p.fileData } };
  }
  return { body: {} };
}

// The source cannot be used: the preview's place says why (a key of the page's strings).
export const pricePreviewRefused = (state, key) => patchPrices(state, { status: 'error', preview: null, error: { status: 0, code: 'client_validation', key, message: '', fields: {} } });

export function pricePreviewRequested(state, body) {
  const p = selectPrices(state);
  return patchPrices(state, { status: 'loading', seq: p.seq + 1, sent: body, preview: null, selected: {}, error: null, result: null, applyError: null });
}

const changeList = (answer) => list(answer && answer.changes).filter((c) => c.model_id)
  .map((c) => ({ ...c, fields: list(c.fields).filter((f) => typeof f.field === 'string') }));

// The dry run's answer: every change checked, as the issue asks (apply all, or a chosen subset).
export function pricePreviewLoaded(state, seq, answer) {
  const p = selectPrices(state);
  if (p.seq !== seq) return state;
  const changes = changeList(answer);
  const preview = {
    source: (answer && answer.source) || null, entries: (answer && typeof answer.entries === 'number') ? answer.entries : null,
    changes, unmatched: Array.isArray(answer && answer.unmatched) ? answer.unmatched.filter((id) => typeof id === 'string') : [],
  };
  return patchPrices(state, { status: 'ready', preview, selected: Object.fromEntries(changes.map((c) => [c.model_id, true])), error: null });
}

export function pricePreviewFailed(state, seq, error) {
  if (selectPrices(state).seq !== seq) return state;
  return patchPrices(state, { status: 'error', error: plainError(error) });
}

export function setChangeChecked(state, id, checked) {
  const p = selectPrices(state);
  if (!p.preview || !p.preview.changes.some((c) => c.model_id === id)) return state;
  const selected = toggled(p.selected, id, checked);
  return selected === p.selected ? state : patchPrices(state, { selected, applyError: null });
}

export function setAllChanges(state, checked) {
  const p = selectPrices(state);
  if (!p.preview) return state;
  return patchPrices(state, { selected: checked ? Object.fromEntries(p.preview.changes.map((c) => [c.model_id, true])) : {}, applyError: null });
}

export function selectChangesChecked(state) {
  const p = selectPrices(state);
  const changes = p.preview ? p.preview.changes : [];
  const count = changes.filter((c) => p.selected[c.model_id]).length;
  return count === 0 ? 'none' : count === changes.length ? 'all' : 'some';
}

export const selectCheckedChangeCount = (state) => {
  const p = selectPrices(state);
  return p.preview ? p.preview.changes.filter((c) => p.selected[c.model_id]).length : 0;
};

// The body of POST /api/catalog/price-sync (no dry run): the source the preview used, and the
// checked models by id, in the preview's order (always named, so a file that changed since
// the preview writes no model that was not shown); null when nothing is checked.
export function selectPriceApplyBody(state) {
  const p = selectPrices(state);
  if (!p.preview || !p.sent) return null;
  const ids = p.preview.changes.filter((c) => p.selected[c.model_id]).map((c) => c.model_id);
  if (!ids.length) return null;
  return { ...p.sent, model_ids: ids };
}

export const priceApplyStarted = (state) => patchPrices(state, { applying: true, applyError: null, result: null });

// Written: the count the server applied; the preview is spent (its rows changed).
export function priceApplied(state, seq, answer) {
  const p = selectPrices(state);
  const result = { applied: answer && typeof answer.applied === 'number' ? answer.applied : 0, source: (answer && answer.source) || null };
  if (p.seq !== seq) return patchPrices(state, { applying: false, result });
  return patchPrices(state, { applying: false, result, status: 'idle', preview: null, selected: {}, sent: null });
}

export const priceApplyFailed = (state, error) => patchPrices(state, { applying: false, applyError: plainError(error) });

// --- Unpriced usage (the dashboard's card) ---------------------------------------------------

export function unpricedRequested(state) {
  const u = selectUnpriced(state);
  return { ...state, unpriced: { ...u, status: 'loading', seq: u.seq + 1, error: null } };
}

export function unpricedLoaded(state, seq, answer) {
  const u = selectUnpriced(state);
  if (u.seq !== seq) return state;
  const items = list(answer && answer.items).filter((item) => item.model_id && (item.calls || 0) > 0);
  return { ...state, unpriced: { ...u, status: 'ready', items, error: null } };
}

export function unpricedFailed(state, seq, error) {
  const u = selectUnpriced(state);
  if (u.seq !== seq) return state;
  return { ...state, unpriced: { ...u, status: 'error', error: plainError(error) } };
}

// What the card lists, or null when it is hidden: nothing loaded yet, a failure (the card is a
// hint, not a report: the usage card says the rest), or no model without a price. While it
// loads again, the last list stays.
export function selectUnpricedCard(state) {
  const u = selectUnpriced(state);
  return u.status !== 'error' && u.items.length ? u.items : null;
}
