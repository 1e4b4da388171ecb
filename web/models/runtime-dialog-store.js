// The models page's Ollama dialogs (`state.runtimeDialog`): Deploy (a downloaded local model to
// chosen Ollama connections, with an optional Ollama name and system prompt) and the server
// choice of Start / Stop for a model on several servers. Pure updaters, selectors and the
// request bodies; loaded with the models page. No DOM.

import { plainError } from '../shared/app-store.js';

export const DEPLOY_FIELDS = Object.freeze(['provider_ids', 'name', 'system']);

export const closeRuntimeDialog = (state) => (state.runtimeDialog ? { ...state, runtimeDialog: null } : state);

const opened = (state, dialog) => ({ ...state, sheet: null, runtimeDialog: { seq: state.nextId, busy: false, error: null, ...dialog }, nextId: state.nextId + 1 });

const change = (state, kind, fn) => {
  const dialog = state.runtimeDialog;
  return dialog && (!kind || dialog.kind === kind) ? { ...state, runtimeDialog: fn(dialog) } : state;
};

const toggled = (selected, id, on) => {
  const next = { ...selected };
  if (on) next[id] = true;
  else delete next[id];
  return next;
};

// The enabled Ollama connections a model can go to; the only one is checked already.
export function openDeployDialog(state, model) {
  const servers = state.providers.items.filter((p) => p.kind === 'ollama' && p.enabled).map((p) => ({ id: p.id, name: p.name }));
  const selected = servers.length === 1 ? { [servers[0].id]: true } : {};
  return opened(state, { kind: 'deploy', modelID: model.id, modelName: model.name, servers, selected, values: { name: '', system: '' }, errors: {}, submitted: false });
}

export const setDeployServer = (state, id, on) => change(state, 'deploy', (d) => {
  const selected = toggled(d.selected, id, on);
  const errors = { ...d.errors };
  if (Object.keys(selected).length) delete errors.provider_ids;
  return { ...d, selected, errors, error: null };
});

export const setDeployValue = (state, field, value) => change(state, 'deploy', (d) => {
  if (d.values[field] === value) return d;
  const errors = { ...d.errors };
  delete errors[field];
  return { ...d, values: { ...d.values, [field]: value }, errors, error: null };
});

// Client checks before sending: at least one server, and a typed name that Ollama would
// accept (`checkName`: ollama/names.js, from the server's rule; empty lets the server derive it).
export const validateDeploy = (state, checkName = () => null) => change(state, 'deploy', (d) => {
  const errors = {};
  if (!Object.keys(d.selected).length) errors.provider_ids = { code: 'required', key: 'runtime.deploy.chooseServer', params: {} };
  const name = d.values.name.trim();
  const nameError = name ? checkName(name) : null;
  if (nameError) errors.name = nameError;
  return { ...d, errors, submitted: true, error: null };
});

export function selectDeployBody(dialog) {
  const body = { provider_ids: dialog.servers.map((s) => s.id).filter((id) => dialog.selected[id]) };
  const name = dialog.values.name.trim();
  if (name) body.name = name;
  if (dialog.values.system.trim()) body.system = dialog.values.system;
  return body;
}

export const runtimeDialogBusy = (state, seq) => change(state, null, (d) => (d.seq === seq ? { ...d, busy: true, error: null } : d));

// A refused request: field errors go under their fields (an invalid name under the name),
// the rest above the buttons.
export const runtimeDialogFailed = (state, seq, error) => change(state, null, (d) => {
  if (d.seq !== seq) return d;
  const plain = plainError(error);
  const errors = { ...(d.errors || {}) };
  const unplaced = {};
  for (const [field, fieldError] of Object.entries(plain.fields)) {
    if (DEPLOY_FIELDS.includes(field) && d.kind === 'deploy') errors[field] = fieldError;
    else unplaced[field] = fieldError;
  }
  if (plain.code === 'invalid_model_name' && d.kind === 'deploy' && !errors.name) errors.name = { code: 'invalid', key: 'runtime.err.invalid_model_name', params: {} };
  const placed = plain.code === 'invalid_model_name' || (plain.code === 'validation_failed' && !Object.keys(unplaced).length && Object.keys(errors).length);
  return { ...d, busy: false, errors, error: placed ? null : { ...plain, fields: unplaced } };
});

// --- Start / Stop on chosen servers ------------------------------------------------------------

export const openServersDialog = (state, kind, model) =>
  opened(state, { kind, modelID: model.id, modelName: model.name, status: 'loading', servers: [], selected: {}, force: false });

// The servers of GET /api/models/{id}/runtime; checked already: those Start would start (not
// running) or Stop would stop (running or loading).
export const serversLoaded = (state, seq, answer) => change(state, null, (d) => {
  if (d.seq !== seq) return d;
  const servers = ((answer && answer.servers) || []).map((s) => ({ id: s.provider_id, name: s.provider_name || s.provider_id, model: s.name, status: s.status, message: s.message || '' }));
  const wanted = (s) => (d.kind === 'start' ? s.status !== 'running' : s.status === 'running' || s.status === 'loading');
  const selected = Object.fromEntries(servers.filter(wanted).map((s) => [s.id, true]));
  return { ...d, status: 'ready', servers, selected };
});

export const serversFailed = (state, seq, error) => change(state, null, (d) => (d.seq === seq ? { ...d, status: 'error', error: plainError(error) } : d));

export const setServerChecked = (state, id, on) => change(state, null, (d) => (d.kind === 'deploy' ? d : { ...d, selected: toggled(d.selected, id, on), error: null }));

export const setForce = (state, force) => change(state, 'stop', (d) => ({ ...d, force: !!force }));

export function selectServersBody(dialog) {
  const body = { provider_ids: dialog.servers.map((s) => s.id).filter((id) => dialog.selected[id]) };
  if (dialog.kind === 'stop' && dialog.force) body.force = true;
  return body;
}
