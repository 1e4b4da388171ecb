// What models run on Ollama servers, as the models list shows it: `state.runtime` (every known
// state, by `<provider_id>/<name>`, from GET /api/ollama/runtime, the answers of Start and Stop,
// and `runtime` events), the summary a row's chip says, and the Deploy / Start / Stop actions a
// row offers. Pure updaters and selectors, loaded with the models page (the state has no
// `runtime` key until then, so the first load does not carry this file). No DOM.

const EMPTY = Object.freeze({ items: {}, status: 'idle', error: null });
export const selectRuntime = (state) => state.runtime || EMPTY;

export const RUNTIME_STATUSES = Object.freeze(['running', 'loading', 'stopped', 'error']);

const keyOf = (item) => `${item.provider_id}/${item.name}`;
const union = (a = [], b = []) => [...new Set([...a, ...b])];

export const runtimeRequested = (state) => ({ ...state, runtime: { ...selectRuntime(state), status: 'loading', error: null } });

export const runtimeFailed = (state, error) => ({ ...state, runtime: { ...selectRuntime(state), status: 'error', error } });

// GET /api/ollama/runtime: every known state; what it does not list is no longer known.
export function runtimeLoaded(state, answer) {
  const items = {};
  for (const item of (answer && answer.items) || []) if (item && item.provider_id && item.name) items[keyOf(item)] = item;
  return { ...state, runtime: { items, status: 'ready', error: null } };
}

// One state (a `runtime` event, or a server of a Start / Stop answer). An event says which
// catalog models it belongs to; an answer does not, so the ids known before are kept.
export function runtimeItemReceived(state, item, modelIDs = []) {
  if (!item || !item.provider_id || !item.name) return state;
  const runtime = selectRuntime(state);
  const key = keyOf(item);
  const before = runtime.items[key];
  // An answer read before an event it crossed on the way is older than what that event said:
  // keep the newer state (ISO times in one format compare as text), and only learn its models.
  const stale = before && before.updated_at && (!item.updated_at || item.updated_at < before.updated_at);
  const newer = stale ? before : { ...before, ...item };
  const merged = { ...newer, model_ids: union(item.model_ids || (before && before.model_ids), modelIDs) };
  if (before && JSON.stringify(before) === JSON.stringify(merged)) return state;
  return { ...state, runtime: { ...runtime, items: { ...runtime.items, [key]: merged } } };
}

// GET /api/models/{id}/runtime, or the answer of Start / Stop: its servers belong to that model
// (and to the catalog model on each server).
export function modelRuntimeReceived(state, answer) {
  if (!answer || !Array.isArray(answer.servers)) return state;
  return answer.servers.reduce((next, server) => {
    const { provider_name: _name, model_id: serverModel, job_id: _job, ...item } = server;
    return runtimeItemReceived(next, item, [answer.model_id, serverModel].filter(Boolean));
  }, state);
}

// The states of one catalog model, by server name order (stable chips and dialogs).
export function selectModelServers(state, modelID) {
  return Object.values(selectRuntime(state).items).filter((item) => (item.model_ids || []).includes(modelID))
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

// What a row's chip says: null when the model runs on no known server; else its status
// (loading while any server loads, running while any runs, error when one failed and none
// runs, else stopped), how many of how many servers run it, and the servers' error messages.
export function summarizeRuntime(servers) {
  if (!servers.length) return null;
  const count = (status) => servers.filter((item) => item.status === status).length;
  const running = count('running');
  let status = 'stopped';
  if (count('loading')) status = 'loading';
  else if (running) status = 'running';
  else if (count('error')) status = 'error';
  const messages = servers.filter((item) => item.status === 'error' && item.message).map((item) => item.message);
  return { status, running, total: servers.length, message: [...new Set(messages)].join(' · ') };
}

export const selectRuntimeSummary = (state, modelID) => summarizeRuntime(selectModelServers(state, modelID));

// A downloaded local file deploys to Ollama; a model on an Ollama connection, or one deployed
// somewhere, starts while not every server runs it and stops while one runs or loads it.
export function selectRuntimeActions(state, model, providerKind = null) {
  const actions = [];
  if (model.kind === 'local' && model.downloaded === true) actions.push('deploy');
  const summary = selectRuntimeSummary(state, model.id);
  if (!summary && providerKind !== 'ollama') return actions;
  if (!summary || summary.running < summary.total) actions.push('start');
  if (summary && (summary.running > 0 || summary.status === 'loading')) actions.push('stop');
  return actions;
}
