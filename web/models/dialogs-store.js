// The model dialogs' slice: `sheet` (a row's action sheet on phones), `confirm` (delete,
// deprecate; the connection and Ollama confirmations reuse it) and `modal` (create / edit a
// model; editing its fields lives in forms.js, loaded with the modal). Pure updaters; no DOM.

import { plainError, set, stringOf } from '../shared/state.js';
import { selectHostedProviders } from './providers-store.js';

export const dialogsState = () => ({ modal: null, confirm: null, sheet: null });

export const BUILTIN_EDITABLE = Object.freeze(['temperature_default']);

export const MODEL_FIELDS = Object.freeze([
  'provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default',
  'cost_input_per_million', 'cost_output_per_million', 'hf_repo', 'hf_revision', 'model_file',
]);

export const openSheet = (state, id) => ({ ...state, sheet: { id } });

export const closeSheet = (state) => set(state, 'sheet', null);

export const closeOllamaDialog = (state) => set(state, 'ollamaDialog', null);

export function openConfirm(state, kind, model) {
  return {
    ...state,
    sheet: null,
    confirm: {
      seq: state.nextId, kind, id: model.id, name: model.name, providerID: model.provider_id,
      isDefault: !!model.is_default, replacement: '', candidates: [], candidatesStatus: kind === 'deprecate' ? 'loading' : 'idle',
      busy: false, error: null, local: model.kind === 'local', deleteFile: false,
    },
    nextId: state.nextId + 1,
  };
}

export function confirmCandidates(state, seq, models) {
  if (!state.confirm || state.confirm.seq !== seq) return state;
  const candidates = models.filter((model) => model.id !== state.confirm.id && model.status === 'active')
    .map((model) => ({ id: model.id, name: model.name }));
  return { ...state, confirm: { ...state.confirm, candidates, candidatesStatus: 'ready' } };
}

export const setConfirmReplacement = (state, id) =>
  state.confirm ? { ...state, confirm: { ...state.confirm, replacement: id, error: null } } : state;

// Deleting a local model: also delete its downloaded file (DELETE …?delete_local_file=true).
export function setConfirmDeleteFile(state, deleteFile) {
  const confirm = state.confirm;
  if (!confirm || !confirm.local || confirm.deleteFile === !!deleteFile) return state;
  return { ...state, confirm: { ...confirm, deleteFile: !!deleteFile } };
}

export const confirmStarted = (state) => (state.confirm ? { ...state, confirm: { ...state.confirm, busy: true, error: null } } : state);

export function confirmFailed(state, seq, error) {
  if (!state.confirm || state.confirm.seq !== seq) return state;
  return { ...state, confirm: { ...state.confirm, busy: false, error: plainError(error) } };
}

export const closeConfirm = (state) => set(state, 'confirm', null);

export function openCreateModal(state) {
  const hosted = selectHostedProviders(state);
  const filtered = state.providers.items.find((provider) => provider.id === state.filters.provider);
  const type = filtered && filtered.kind === 'local' ? 'local' : 'hosted';
  const providerID = filtered && filtered.kind !== 'local' ? filtered.id : (hosted.find((p) => p.enabled) || hosted[0] || { id: '' }).id;
  return {
    ...state,
    sheet: null,
    modal: {
      seq: state.nextId, mode: 'create', id: null, builtin: false, type, original: null,
      values: {
        provider_id: providerID, name: '', api_name: '', context_window: '32000', max_output_tokens: '4096',
        temperature_default: '0.7', cost_input_per_million: '', cost_output_per_million: '',
        hf_repo: '', hf_revision: 'main', model_file: '', hf_token: '',
      },
      // tokenMode: as the connection key (see openProviderModal); downloadNow: the create
      // form's "Download now" box; live: the model as events last showed it (edit).
      tokenMode: 'none', downloadNow: false, live: null, justCreated: false,
      errors: {}, touched: {}, submitted: false, saving: false, error: null,
    },
    nextId: state.nextId + 1,
  };
}

export function openEditModal(state, model) {
  const values = {};
  for (const field of MODEL_FIELDS) values[field] = stringOf(model[field]);
  values.hf_token = '';
  return {
    ...state,
    sheet: null,
    modal: {
      seq: state.nextId, mode: 'edit', id: model.id, builtin: !!model.is_builtin, type: model.kind === 'local' ? 'local' : 'hosted',
      original: model, values, tokenMode: model.hf_token_configured ? 'set' : 'none', downloadNow: false, live: model, justCreated: false,
      errors: {}, touched: {}, submitted: false, saving: false, error: null,
    },
    nextId: state.nextId + 1,
  };
}

export const closeModal = (state) => set(state, 'modal', null);

export function modalSaved(state, seq) {
  return state.modal && state.modal.seq === seq ? { ...state, modal: null } : state;
}

// Created with "Download now": the modal stays open, now editing the new model, to show the
// download's progress (a new opening: new seq, the form is rebuilt for editing).
export function modalCreated(state, seq, model) {
  if (!state.modal || state.modal.seq !== seq) return state;
  const opened = openEditModal(state, model);
  return { ...opened, modal: { ...opened.modal, justCreated: true } };
}
