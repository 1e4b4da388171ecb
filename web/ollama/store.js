// The Ollama pages' slice of the store: `state.ollama.servers[<connection id>]` holds one
// server's local models, running models, catalog entries, library search and pull box, and
// `state.ollamaDialog` its overlay (details, copy form, action sheet). Pull and update-check
// jobs stay in `state.jobs` with the downloads: their events come through the same stream and
// the same merge (a fetched copy or an answer never replaces a newer event). Pure updaters and
// selectors, as in store.js; loaded with the Ollama page. No DOM access: `node --test` imports it.

import { activeJobsLoaded, isJobActive, jobOllamaModel, jobProviderId, plainError } from '../store.js';
import { canonicalName, nameError, sameModel, validateOllamaName } from './names.js';

export { canonicalName, sameModel, validateOllamaName };

export const SECTIONS = Object.freeze(['models', 'running', 'catalog']);
// Error codes that mean the Ollama server itself cannot be used right now.
export const SERVER_DOWN_CODES = Object.freeze([
  'upstream_unreachable', 'upstream_timeout', 'upstream_error', 'upstream_invalid_response', 'upstream_unauthorized',
  'provider_disabled', 'provider_not_configured', 'secret_unreadable',
]);
const FOLLOWED_MAX = 5;

const section = () => ({ items: [], status: 'idle', error: null, seq: 0 });
export function emptyServer() {
  return {
    models: { ...section(), cached: false, fetchedAt: null },
    running: section(),
    catalog: section(),
    library: { query: '', submitted: '', items: [], status: 'idle', error: null, seq: 0, source: null, variants: {} },
    // The pull box: what is typed, why it cannot be pulled, and the pulls it follows (job ids,
    // newest first; active pulls of the server show even when not followed, after a reload).
    pull: { value: '', error: null, submitting: false, follows: [] },
    // Model name → the last eject sent from this page ({busy, forced, verified, error}).
    ejects: {},
  };
}
const EMPTY = emptyServer();

export const selectServer = (state, id) => (state.ollama && state.ollama.servers[id]) || EMPTY;

export function patchServer(state, id, patch) {
  const server = selectServer(state, id);
  const next = typeof patch === 'function' ? patch(server) : { ...server, ...patch };
  if (next === server) return state;
  return { ...state, ollama: { ...state.ollama, servers: { ...state.ollama.servers, [id]: next } } };
}

// --- Servers and the route -----------------------------------------------------------------

export const selectOllamaServers = (state) => state.providers.items.filter((provider) => provider.kind === 'ollama');

// What #/ollama[/<id>] shows: { id, provider } for one server, `choose` to pick one of several,
// `none` when there is no Ollama connection, `missing` for an id that is not one.
export function selectOllamaView(state) {
  const servers = selectOllamaServers(state);
  const param = state.route === 'ollama' ? state.routeParam : null;
  if (param) {
    const provider = servers.find((item) => item.id === param) || null;
    if (provider) return { kind: 'server', id: provider.id, provider, servers };
    return { kind: state.providers.status === 'ready' ? 'missing' : 'loading', id: null, provider: null, servers };
  }
  if (state.providers.status !== 'ready' && !servers.length) return { kind: 'loading', id: null, provider: null, servers };
  if (servers.length === 1) return { kind: 'server', id: servers[0].id, provider: servers[0], servers };
  return { kind: servers.length ? 'choose' : 'none', id: null, provider: null, servers };
}

// --- Sections: local models, running models, catalog entries --------------------------

const nameKey = (item) => String(item.name || '').toLowerCase();
const byName = (a, b) => (nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : 0);

export function sectionRequested(state, id, key) {
  return patchServer(state, id, (server) => ({ ...server, [key]: { ...server[key], status: 'loading', error: null, seq: server[key].seq + 1 } }));
}

// An answer for an older request than the last one is dropped.
export function sectionLoaded(state, id, key, seq, data) {
  return patchServer(state, id, (server) => {
    const current = server[key];
    if (current.seq !== seq) return server;
    const items = [...((data && data.models) || [])].sort(byName);
    const next = { ...server, [key]: { ...current, items, status: 'ready', error: null } };
    if (key === 'models') next.models = { ...next.models, cached: !!data.cached, fetchedAt: data.fetched_at || null };
    // An eject's notice goes once the model is no longer loaded.
    if (key === 'running') next.ejects = pickEjects(server.ejects, items);
    return next;
  });
}

function pickEjects(ejects, items) {
  const names = Object.keys(ejects).filter((name) => ejects[name].busy || items.some((item) => sameModel(item.name, name)));
  if (names.length === Object.keys(ejects).length) return ejects;
  return Object.fromEntries(names.map((name) => [name, ejects[name]]));
}

export function sectionFailed(state, id, key, seq, error) {
  return patchServer(state, id, (server) => (server[key].seq !== seq ? server
    : { ...server, [key]: { ...server[key], status: 'error', error: plainError(error) } }));
}

// Deleted on the server: gone from the list at once (the refresh that follows confirms it).
export function ollamaModelRemoved(state, id, name) {
  return patchServer(state, id, (server) => {
    const items = server.models.items.filter((item) => !sameModel(item.name, name));
    if (items.length === server.models.items.length) return server;
    const catalog = server.catalog.items.map((entry) => (sameModel(entry.installed_name || entry.api_name, name) ? { ...entry, installed: false, installed_name: null } : entry));
    return { ...server, models: { ...server.models, items }, catalog: { ...server.catalog, items: catalog } };
  });
}

// The server cannot be used: the error of its model list (or of its running list), when it
// says Ollama is down, slow or broken. The page shows it once, with Retry.
export function selectServerDown(state, id) {
  const server = selectServer(state, id);
  for (const key of ['models', 'running']) {
    const error = server[key].status === 'error' ? server[key].error : null;
    if (error && SERVER_DOWN_CODES.includes(error.code)) return error;
  }
  return null;
}

// --- Pulls ------------------------------------------------------------------------------

export const isPullOf = (job, providerID) => !!job && job.kind === 'pull' && jobProviderId(job) === providerID;
export const pullName = (job, providerID) => (isPullOf(job, providerID) ? jobOllamaModel(job) : null);

export function setPullValue(state, id, value) {
  const pull = selectServer(state, id).pull;
  if (pull.value === value && !pull.error) return state;
  return patchServer(state, id, (server) => ({ ...server, pull: { ...server.pull, value, error: null } }));
}

// error: a field error of the name rule (client), or an API error (its `fields.model` when given).
export function pullRefused(state, id, error) {
  const plain = error && error.status === undefined && error.code ? { status: 0, code: 'invalid_model_name', message: '', fields: { model: error } } : plainError(error);
  return patchServer(state, id, (server) => ({ ...server, pull: { ...server.pull, submitting: false, error: plain } }));
}

export const pullStarted = (state, id) => patchServer(state, id, (server) => ({ ...server, pull: { ...server.pull, submitting: true, error: null } }));

// POST …/pull answered with its job: followed by the pull box; `fromBox` clears the input.
// The answer merges like a fetched copy: events that already moved the job on win.
export function pullAnswered(state, id, job, { fromBox = false } = {}) {
  const merged = job && job.id ? activeJobsLoaded(state, [job]) : state;
  return patchServer(merged, id, (server) => {
    const follows = job && job.id ? [job.id, ...server.pull.follows.filter((jobID) => jobID !== job.id)].slice(0, FOLLOWED_MAX) : server.pull.follows;
    return { ...server, pull: { ...server.pull, follows, submitting: false, error: null, value: fromBox ? '' : server.pull.value } };
  });
}

export function dismissPull(state, id, jobID) {
  const follows = selectServer(state, id).pull.follows;
  if (!follows.includes(jobID)) return state;
  return patchServer(state, id, (server) => ({ ...server, pull: { ...server.pull, follows: follows.filter((item) => item !== jobID) } }));
}

// The pulls the box shows: every active pull of the server, and the followed ones that ended.
export function selectPulls(state, id) {
  const follows = selectServer(state, id).pull.follows;
  return state.jobs.items.filter((job) => isPullOf(job, id) && (isJobActive(job) || follows.includes(job.id)));
}

// Ollama's status line, in the UI's words when known: { key, params } or { text } (as sent).
const STATUS_KEYS = {
  'pulling manifest': 'manifest', 'verifying sha256 digest': 'verifying', 'writing manifest': 'writing',
  'removing any unused layers': 'removing', 'removing unused layers': 'removing', success: 'success',
};
export function pullStatus(message) {
  if (!message) return null;
  const layer = /^pulling ([0-9a-f]{12})$/.exec(message);
  if (layer) return { key: 'ollama.status.layer', params: { digest: layer[1] } };
  if (STATUS_KEYS[message]) return { key: `ollama.status.${STATUS_KEYS[message]}`, params: {} };
  return { text: message };
}

const known = (value) => value !== null && value !== undefined;

// What a pull (or an update check) shows: its progress summed over the layers, and its end.
export function selectJobView(job) {
  const p = (job && job.progress) || {};
  const active = isJobActive(job);
  let percent = null;
  if (known(p.bytes_done) && p.bytes_total > 0) percent = Math.min(100, (p.bytes_done / p.bytes_total) * 100);
  else if (typeof p.percent === 'number') percent = Math.min(100, Math.max(0, p.percent));
  if (job && job.state === 'succeeded') percent = 100;
  return {
    id: job.id, state: job.state, active, queued: job.state === 'queued', percent,
    bytesDone: p.bytes_done ?? null, bytesTotal: p.bytes_total ?? null,
    speed: active ? p.bytes_per_second ?? null : null, eta: active ? p.eta_seconds ?? null : null,
    status: active ? pullStatus(p.message) : null,
    error: job.state === 'failed' ? { code: job.error_code || null, message: job.error_message || '' } : null,
  };
}

export function selectPullView(state, id, job) {
  return { ...selectJobView(job), name: pullName(job, id) };
}

// The active pull of one model on this server, if any.
export function selectActivePull(state, id, name) {
  return state.jobs.items.find((job) => isPullOf(job, id) && isJobActive(job) && sameModel(pullName(job, id), name)) || null;
}

// --- Update checks ------------------------------------------------------------------------

export const isCheckOf = (job, providerID) => !!job && job.kind === 'check_updates' && jobProviderId(job) === providerID;
export function selectCheckJob(state, id) {
  return state.jobs.items.find((job) => isCheckOf(job, id)) || null;
}
export const checkAnswered = (state, job) => (job && job.id ? activeJobsLoaded(state, [job]) : state);

export const UPDATE_STATUSES = Object.freeze(['up_to_date', 'update_available', 'unknown']);
// A model's badge after a check: null when never checked.
export function selectUpdate(model) {
  const update = model && model.update;
  if (!update || !UPDATE_STATUSES.includes(update.status)) return null;
  return { status: update.status, reason: update.status === 'unknown' ? update.reason || null : null, checkedAt: update.checked_at || null };
}

export function selectUpdateCounts(state, id) {
  const counts = { up_to_date: 0, update_available: 0, unknown: 0 };
  for (const model of selectServer(state, id).models.items) {
    const update = selectUpdate(model);
    if (update) counts[update.status] += 1;
  }
  return counts;
}

// --- Local models: actions ----------------------------------------------------------------

// The actions a local model offers; Update only when a check found a newer one and no pull of
// it runs.
export function selectModelActions(state, id, model) {
  const actions = ['details', 'load', 'copy'];
  const update = selectUpdate(model);
  if (update && update.status === 'update_available' && !selectActivePull(state, id, model.name)) actions.push('update');
  actions.push('delete');
  return actions;
}

// --- Running models: eject ------------------------------------------------------------------

export function ejectStarted(state, id, name, force) {
  return patchServer(state, id, (server) => ({ ...server, ejects: { ...server.ejects, [name]: { busy: true, forced: !!force, verified: false, error: null } } }));
}

// A verified (forced) eject removes the model at once; a soft one leaves it until Ollama lets
// it go, and the row then offers Force eject with a note.
export function ejectFinished(state, id, name, result) {
  return patchServer(state, id, (server) => {
    const verified = !!(result && result.verified);
    const running = verified ? { ...server.running, items: server.running.items.filter((item) => !sameModel(item.name, name)) } : server.running;
    const ejects = { ...server.ejects, [name]: { busy: false, forced: !!(result && result.forced), verified, error: null } };
    return { ...server, running, ejects: verified ? pickEjects(ejects, running.items) : ejects };
  });
}

export function ejectFailed(state, id, name, error) {
  return patchServer(state, id, (server) => ({ ...server, ejects: { ...server.ejects, [name]: { busy: false, forced: false, verified: false, error: plainError(error) } } }));
}

export function selectEject(state, id, name) {
  const eject = selectServer(state, id).ejects[name] || null;
  return {
    busy: !!(eject && eject.busy),
    // A soft eject was sent and the model is still listed: say so, and offer Force eject.
    stillLoaded: !!(eject && !eject.busy && !eject.forced && !eject.error),
    // The running list is being asked again until Ollama lets it go.
    waiting: !!(eject && eject.waiting),
    error: eject ? eject.error : null,
  };
}

// --- Library search ------------------------------------------------------------------------

export function setLibraryQuery(state, id, query) {
  if (selectServer(state, id).library.query === query) return state;
  return patchServer(state, id, (server) => ({ ...server, library: { ...server.library, query } }));
}

export function librarySearchStarted(state, id) {
  return patchServer(state, id, (server) => ({
    ...server, library: { ...server.library, status: 'loading', error: null, seq: server.library.seq + 1, submitted: server.library.query.trim() },
  }));
}

export function libraryLoaded(state, id, seq, data) {
  return patchServer(state, id, (server) => (server.library.seq !== seq ? server : {
    ...server, library: { ...server.library, status: 'ready', items: (data && data.models) || [], source: (data && data.source) || null, error: null, variants: {} },
  }));
}

// `library_unavailable` is its own state: the search area says so, nothing else is affected.
export function libraryFailed(state, id, seq, error) {
  return patchServer(state, id, (server) => (server.library.seq !== seq ? server : {
    ...server, library: { ...server.library, status: error && error.code === 'library_unavailable' ? 'unavailable' : 'error', items: [], error: plainError(error) },
  }));
}

export function variantsRequested(state, id, model) {
  return patchServer(state, id, (server) => ({
    ...server, library: { ...server.library, variants: { ...server.library.variants, [model]: { open: true, status: 'loading', items: [], error: null } } },
  }));
}

function patchVariants(state, id, model, patch) {
  return patchServer(state, id, (server) => {
    const current = server.library.variants[model];
    if (!current) return server;
    return { ...server, library: { ...server.library, variants: { ...server.library.variants, [model]: { ...current, ...patch } } } };
  });
}
export const variantsLoaded = (state, id, model, data) => patchVariants(state, id, model, { status: 'ready', items: (data && data.variants) || [], error: null });
export const variantsFailed = (state, id, model, error) => patchVariants(state, id, model, {
  status: error && error.code === 'library_unavailable' ? 'unavailable' : 'error', error: plainError(error),
});
export const variantsClosed = (state, id, model) => patchVariants(state, id, model, { open: false });
export const variantsReopened = (state, id, model) => patchVariants(state, id, model, { open: true });

// --- Overlays: details, copy form, action sheet, delete confirmation --------------------------

export function openDetails(state, id, name) {
  return { ...state, ollamaDialog: { seq: state.nextId, kind: 'details', providerID: id, name, status: 'loading', details: null, error: null }, nextId: state.nextId + 1 };
}
export function detailsLoaded(state, seq, details) {
  const dialog = state.ollamaDialog;
  if (!dialog || dialog.seq !== seq) return state;
  return { ...state, ollamaDialog: { ...dialog, status: 'ready', details, error: null } };
}
export function detailsFailed(state, seq, error) {
  const dialog = state.ollamaDialog;
  if (!dialog || dialog.seq !== seq) return state;
  return { ...state, ollamaDialog: { ...dialog, status: 'error', error: plainError(error) } };
}

export function openCopy(state, id, name) {
  return {
    ...state,
    ollamaDialog: { seq: state.nextId, kind: 'copy', providerID: id, name, destination: '', error: null, submitted: false, busy: false },
    nextId: state.nextId + 1,
  };
}
export function setCopyDestination(state, destination) {
  const dialog = state.ollamaDialog;
  if (!dialog || dialog.kind !== 'copy' || dialog.destination === destination) return state;
  const error = dialog.submitted ? plainRule(copyRule(dialog.name, destination)) : null;
  return { ...state, ollamaDialog: { ...dialog, destination, error } };
}
const plainRule = (rule) => (rule ? { status: 0, code: 'invalid_model_name', message: '', fields: { destination: rule } } : null);
// The destination: a valid name, other than the source.
export function copyRule(source, destination) {
  const rule = validateOllamaName(destination.trim());
  if (rule) return rule;
  return sameModel(source, destination.trim()) ? nameError('copySame') : null;
}
// Submit: the rules first (nothing is sent while they fail).
export function copyValidated(state) {
  const dialog = state.ollamaDialog;
  if (!dialog || dialog.kind !== 'copy') return state;
  return { ...state, ollamaDialog: { ...dialog, submitted: true, error: plainRule(copyRule(dialog.name, dialog.destination)) } };
}
export function copyStarted(state) {
  const dialog = state.ollamaDialog;
  return dialog && dialog.kind === 'copy' ? { ...state, ollamaDialog: { ...dialog, busy: true, error: null } } : state;
}
export function copyFailed(state, seq, error) {
  const dialog = state.ollamaDialog;
  if (!dialog || dialog.seq !== seq) return state;
  return { ...state, ollamaDialog: { ...dialog, busy: false, error: plainError(error) } };
}
export function dialogDone(state, seq) {
  return state.ollamaDialog && state.ollamaDialog.seq === seq ? { ...state, ollamaDialog: null } : state;
}

export function openSheet(state, id, name) {
  return { ...state, ollamaDialog: { seq: state.nextId, kind: 'actions', providerID: id, name }, nextId: state.nextId + 1 };
}

// Through the shared confirm dialog (shared/dialogs.js); an open sheet closes.
export function openDeleteConfirm(state, id, name, server) {
  return {
    ...state,
    ollamaDialog: state.ollamaDialog && state.ollamaDialog.kind === 'actions' ? null : state.ollamaDialog,
    confirm: { seq: state.nextId, kind: 'ollamaDelete', providerID: id, name, server, busy: false, error: null },
    nextId: state.nextId + 1,
  };
}
