// The model and connection forms: the updaters and selectors that edit an open modal, check
// its fields (form-fields.js, from the server's rules) and build the bodies sent to the API.
// Pure like store.js (node --test imports it), but only needed once a form opens: modal.js
// and the save actions load it on demand, so it does not weigh on the first load. Opening and
// closing the modals stays in the store's slices.

import { checkModelField, checkModelForm, checkProviderField, checkProviderForm, fieldsFor, parseNumber, INTEGER_FIELDS, LIMIT_FIELDS, NUMBER_FIELDS } from './form-fields.js';
import { BUILTIN_EDITABLE, DEFAULT_BASE_URLS, PROVIDER_KINDS, plainError, selectLocalProvider } from '../store.js';
import { settledError } from '../shared/forms.js';
import { getMeta, ruleOf } from '../shared/meta.js';

const omit = (object, key) => {
  if (!(key in object)) return object;
  const copy = { ...object };
  delete copy[key];
  return copy;
};

// --- Model modal ---------------------------------------------------------------------------

const modalOptions = (state) => ({ type: state.modal.type, mode: state.modal.mode, lang: state.lang });

export function setModalType(state, type) {
  const modal = state.modal;
  if (!modal || modal.mode !== 'create' || modal.type === type || !['hosted', 'local'].includes(type)) return state;
  const shown = new Set(fieldsFor(type));
  const errors = Object.fromEntries(Object.entries(modal.errors).filter(([field]) => shown.has(field)));
  return { ...state, modal: { ...modal, type, errors, error: null } };
}

export function setModalValue(state, field, value) {
  const modal = state.modal;
  if (!modal || modal.values[field] === value) return state;
  const values = { ...modal.values, [field]: value };
  let errors = modal.errors;
  if (modal.touched[field] || modal.submitted || field in errors) {
    const message = checkModelField(field, values, modalOptions(state));
    errors = message ? { ...errors, [field]: message } : omit(errors, field);
  }
  return { ...state, modal: { ...modal, values, errors, error: settledError(modal.error, errors) } };
}

export function touchModalField(state, field) {
  const modal = state.modal;
  if (!modal || !selectModalEditable(state).includes(field)) return state;
  const message = checkModelField(field, modal.values, modalOptions(state));
  const errors = message ? { ...modal.errors, [field]: message } : omit(modal.errors, field);
  return { ...state, modal: { ...modal, touched: { ...modal.touched, [field]: true }, errors, error: settledError(modal.error, errors) } };
}

// Checks the whole form before saving; the action saves only when no error is left.
export function validateModal(state) {
  const modal = state.modal;
  if (!modal) return state;
  const errors = checkModelForm(modal.values, { ...modalOptions(state), editable: selectModalEditable(state) });
  if (selectModalEditable(state).includes('hf_token')) {
    const message = checkModelField('hf_token', modal.values, modalOptions(state));
    if (message) errors.hf_token = message;
  }
  const error = Object.keys(errors).length ? { code: 'client_validation' } : null;
  return { ...state, modal: { ...modal, errors, submitted: true, error } };
}

export function modalSaveStarted(state) {
  return state.modal ? { ...state, modal: { ...state.modal, saving: true, error: null } } : state;
}

// Server errors go back onto their fields; what no shown field can hold goes to the general
// message. Values are untouched, so the person fixes and retries.
export function modalSaveFailed(state, seq, error) {
  const modal = state.modal;
  if (!modal || modal.seq !== seq) return state;
  const shown = new Set(selectModalFields(state));
  const errors = { ...modal.errors };
  const unplaced = {};
  for (const [field, message] of Object.entries(error.fields || {})) {
    if (shown.has(field)) errors[field] = message;
    else unplaced[field] = message;
  }
  return { ...state, modal: { ...modal, saving: false, errors, error: { ...plainError(error), unplaced } } };
}

export function setModalDownloadNow(state, downloadNow) {
  const modal = state.modal;
  if (!modal || modal.mode !== 'create' || modal.downloadNow === !!downloadNow) return state;
  return { ...state, modal: { ...modal, downloadNow: !!downloadNow } };
}

// The Hugging Face token of a local model: the same controls as a connection's key.
function setTokenMode(state, tokenMode, allowed) {
  const modal = state.modal;
  if (!modal || !allowed.includes(modal.tokenMode) || modal.tokenMode === tokenMode) return state;
  return { ...state, modal: { ...modal, tokenMode, values: { ...modal.values, hf_token: '' }, errors: omit(modal.errors, 'hf_token') } };
}

export const replaceModelToken = (state) => setTokenMode(state, 'replace', ['set']);
export const clearModelToken = (state) => setTokenMode(state, 'clear', ['set', 'replace']);
export const keepModelToken = (state) => setTokenMode(state, 'set', ['replace', 'clear']);

// --- Connection modal ----------------------------------------------------------------------

const providerRuleOptions = (modal) => ({ kind: modal.kind, mode: modal.mode });

// A change of what would be tested makes an earlier test result stale.
const TESTED_FIELDS = new Set(['base_url', 'api_version', 'api_key']);

export function setProviderModalValue(state, field, value) {
  const modal = state.providerModal;
  if (!modal || modal.values[field] === value) return state;
  const values = { ...modal.values, [field]: value };
  let errors = modal.errors;
  if (modal.touched[field] || modal.submitted || field in errors) {
    const message = checkProviderField(field, values, providerRuleOptions(modal));
    errors = message ? { ...errors, [field]: message } : omit(errors, field);
  }
  const test = TESTED_FIELDS.has(field) && modal.test && !modal.test.running ? null : modal.test;
  return { ...state, providerModal: { ...modal, values, errors, test, error: settledError(modal.error, errors) } };
}

// Create mode only. The base URL follows the kind while it is empty or still the previous
// kind's default; fields the new kind does not show lose their errors.
export function setProviderModalKind(state, kind) {
  const modal = state.providerModal;
  if (!modal || modal.mode !== 'create' || modal.kind === kind || !PROVIDER_KINDS.includes(kind)) return state;
  const previousDefault = DEFAULT_BASE_URLS[modal.kind] || '';
  const values = { ...modal.values };
  if (values.base_url === '' || values.base_url === previousDefault) values.base_url = DEFAULT_BASE_URLS[kind];
  if (kind !== 'azure-openai') values.api_version = '';
  const next = { ...modal, kind, values, test: null, error: null };
  const shown = new Set(selectProviderModalFields({ providerModal: next }));
  const errors = {};
  for (const [field, message] of Object.entries(modal.errors)) {
    if (!shown.has(field)) continue;
    const again = field === 'base_url' ? checkProviderField(field, values, { kind, mode: modal.mode }) : message;
    if (again) errors[field] = again;
  }
  return { ...state, providerModal: { ...next, errors } };
}

export function touchProviderField(state, field) {
  const modal = state.providerModal;
  if (!modal) return state;
  const message = checkProviderField(field, modal.values, providerRuleOptions(modal));
  const errors = message ? { ...modal.errors, [field]: message } : omit(modal.errors, field);
  return { ...state, providerModal: { ...modal, touched: { ...modal.touched, [field]: true }, errors, error: settledError(modal.error, errors) } };
}

// Key controls of a connection that has a key: type a new one, mark it for clearing, or go
// back to keeping it. Each forgets whatever was typed.
function setKeyMode(state, keyMode, allowed) {
  const modal = state.providerModal;
  if (!modal || !allowed.includes(modal.keyMode) || modal.keyMode === keyMode) return state;
  return {
    ...state,
    providerModal: { ...modal, keyMode, values: { ...modal.values, api_key: '' }, errors: omit(modal.errors, 'api_key'), test: null },
  };
}

export const replaceProviderKey = (state) => setKeyMode(state, 'replace', ['set']);
export const clearProviderKey = (state) => setKeyMode(state, 'clear', ['set', 'replace']);
export const keepProviderKey = (state) => setKeyMode(state, 'set', ['replace', 'clear']);

// Checks the form before saving; with forTest, only what a connection test needs (and then
// the base URL is required even when editing).
export function validateProviderModal(state, { forTest = false } = {}) {
  const modal = state.providerModal;
  if (!modal) return state;
  if (!forTest) {
    const errors = checkProviderForm(modal.values, providerRuleOptions(modal), selectProviderModalFields(state));
    const error = Object.keys(errors).length ? { code: 'client_validation' } : null;
    return { ...state, providerModal: { ...modal, errors, submitted: true, error } };
  }
  const fields = selectProviderTestFields(state);
  const found = checkProviderForm(modal.values, { kind: modal.kind, mode: 'create' }, fields);
  const errors = { ...modal.errors };
  for (const field of fields) {
    if (found[field]) errors[field] = found[field];
    else delete errors[field];
  }
  const error = Object.keys(found).length ? { code: 'client_validation' } : null;
  return { ...state, providerModal: { ...modal, errors, error } };
}

export const providerSaveStarted = (state) =>
  state.providerModal ? { ...state, providerModal: { ...state.providerModal, saving: true, error: null } } : state;

// Server field messages go under the fields the form shows; the rest joins the general message.
function placeProviderErrors(state, modal, error) {
  const shown = new Set(selectProviderModalFields(state));
  const errors = { ...modal.errors };
  const unplaced = {};
  for (const [field, message] of Object.entries(error.fields || {})) {
    if (shown.has(field)) errors[field] = message;
    else unplaced[field] = message;
  }
  return { errors, error: { ...plainError(error), unplaced } };
}

export function providerSaveFailed(state, seq, error) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  return { ...state, providerModal: { ...modal, saving: false, ...placeProviderErrors(state, modal, error) } };
}

// "Test before saving": test = { running, result } while the form is open.
export function providerFormTestStarted(state) {
  const modal = state.providerModal;
  if (!modal) return state;
  return { ...state, providerModal: { ...modal, test: { running: true, result: null }, error: null } };
}

export function providerFormTestFinished(state, seq, result) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  return { ...state, providerModal: { ...modal, test: { running: false, result } } };
}

// The test request itself failed (invalid form, network): no result; the errors go where a
// save's would.
export function providerFormTestFailed(state, seq, error) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  return { ...state, providerModal: { ...modal, test: null, ...placeProviderErrors(state, modal, error) } };
}

// --- Selectors -----------------------------------------------------------------------------

export function selectModalFields(state) {
  const modal = state.modal;
  if (!modal) return [];
  const fields = [...fieldsFor(modal.type)];
  if (modal.type === 'local' && !modal.builtin && ['none', 'replace'].includes(modal.tokenMode)) fields.push('hf_token');
  return fields;
}

// What a builtin model may change: GET /api/meta's `builtin_editable`, else temperature only.
export function builtinEditable(meta = getMeta()) {
  const list = meta && Array.isArray(meta.builtin_editable) ? meta.builtin_editable : BUILTIN_EDITABLE;
  return list.filter((field) => typeof field === 'string');
}

// Fields the person may change: every shown field on create; on edit not the provider, and
// on a builtin model the shown ones of builtinEditable() (never its name nor API name).
export function selectModalEditable(state) {
  const modal = state.modal;
  if (!modal) return [];
  const fields = selectModalFields(state);
  if (modal.builtin) {
    const allowed = new Set(builtinEditable());
    return fields.filter((field) => allowed.has(field) && !['provider_id', 'name', 'api_name', 'hf_token'].includes(field));
  }
  return modal.mode === 'edit' ? fields.filter((field) => field !== 'provider_id') : fields;
}

// A downloaded file's GGUF header gives the context length the model was built for; when the
// form's context window says otherwise, the edit form offers that number (the admin decides
// and saves). Null when there is nothing to offer: not a local model being edited, the field
// not editable (a builtin model), no header, the same number, or one the server would refuse.
export function selectGGUFContextOffer(state) {
  const modal = state.modal;
  if (!modal || modal.mode !== 'edit' || modal.type !== 'local' || !selectModalEditable(state).includes('context_window')) return null;
  const model = modal.live || modal.original;
  const length = model && model.gguf ? model.gguf.context_length : null;
  if (!Number.isInteger(length) || length <= 0) return null;
  if (parseNumber(modal.values.context_window, { integer: true, lang: state.lang }) === length) return null;
  const rule = ruleOf('model', 'context_window');
  if (rule && ((typeof rule.min === 'number' && length < rule.min) || (typeof rule.max === 'number' && length > rule.max))) return null;
  return { contextLength: length };
}

// The API names to suggest on the hosted form: the model ids the chosen connection's last
// test listed (GET /api/providers keeps it as `last_test.model_ids`; a test that stopped
// before the listing, or one from before the server kept ids, has none). On the local form:
// the one the file last chosen in the Hub picker suggests (`modal.hub.suggested`, hub-store.js).
export function selectAPINameSuggestions(state) {
  const modal = state.modal;
  if (!modal) return [];
  if (modal.type === 'local') {
    const suggested = modal.hub && modal.hub.suggested;
    return suggested && suggested.api_name ? [suggested.api_name] : [];
  }
  if (modal.type !== 'hosted') return [];
  const provider = (state.providers.items || []).find((item) => item.id === modal.values.provider_id);
  const ids = provider && provider.last_test ? provider.last_test.model_ids : null;
  return Array.isArray(ids) ? ids.filter((id) => typeof id === 'string' && id !== '') : [];
}

function parsedValue(field, text, lang) {
  if (NUMBER_FIELDS.has(field)) return parseNumber(text, { integer: INTEGER_FIELDS.has(field), lang });
  return text;
}

// The JSON body the modal sends: all shown fields on create (empty optional ones left out),
// only the changed editable fields on edit (an emptied cost is sent as null: it clears).
export function selectModalPayload(state) {
  const modal = state.modal;
  if (!modal) return null;
  const body = {};
  if (modal.mode === 'create') {
    for (const field of selectModalFields(state)) {
      const value = parsedValue(field, modal.values[field], state.lang);
      if (value === null || value === '') continue;
      body[field] = value;
    }
    if (modal.type === 'local') {
      body.provider_id = (selectLocalProvider(state) || { id: 'local' }).id;
      if (modal.downloadNow) body.download_now = true;
    }
    return body;
  }
  for (const field of selectModalEditable(state)) {
    if (field === 'hf_token') continue;
    let value = parsedValue(field, modal.values[field], state.lang);
    if (value === '' && (field.startsWith('cost_') || field === 'deprecation_date')) value = null;
    const original = modal.original ? modal.original[field] ?? null : null;
    if (value !== original) body[field] = value;
  }
  // hf_token: a string replaces the stored token, null clears it, absent keeps it.
  if (modal.type === 'local' && !modal.builtin) {
    if (modal.tokenMode === 'clear') body.hf_token = null;
    else if (['none', 'replace'].includes(modal.tokenMode) && modal.values.hf_token !== '') body.hf_token = modal.values.hf_token;
  }
  return body;
}

// Fields the connection form shows, in order.
export function selectProviderModalFields(state) {
  const modal = state.providerModal;
  if (!modal) return [];
  const fields = [];
  if (modal.mode === 'create') fields.push('kind');
  fields.push('name');
  if (modal.kind !== 'local') fields.push('base_url');
  if (modal.kind === 'azure-openai') fields.push('api_version');
  if (modal.kind !== 'local' && ['none', 'replace'].includes(modal.keyMode)) fields.push('api_key');
  if (modal.mode === 'edit') fields.push('default_model_id');
  // Rate limits and parallel calls: every outbound model call of the connection obeys them.
  if (modal.kind !== 'local') fields.push(...LIMIT_FIELDS);
  return fields;
}

// The body of POST /api/providers (create) or PATCH /api/providers/{id} (only what changed;
// api_key: a string sets it, null clears it, absent keeps it).
export function selectProviderPayload(state) {
  const modal = state.providerModal;
  if (!modal) return null;
  const v = modal.values;
  const azure = modal.kind === 'azure-openai';
  if (modal.mode === 'create') {
    const body = { kind: modal.kind, name: v.name, base_url: v.base_url };
    if (azure && v.api_version !== '') body.api_version = v.api_version;
    if (v.api_key !== '') body.api_key = v.api_key;
    for (const field of LIMIT_FIELDS) {
      const value = limitValue(v[field]);
      if (value !== null && modal.kind !== 'local') body[field] = value;
    }
    return body;
  }
  const original = modal.original;
  const body = {};
  if (v.name !== original.name) body.name = v.name;
  if (modal.kind !== 'local') {
    const baseURL = v.base_url === '' ? null : v.base_url;
    if (baseURL !== (original.base_url ?? null)) body.base_url = baseURL;
  }
  if (azure && v.api_version !== '' && v.api_version !== (original.api_version ?? '')) body.api_version = v.api_version;
  if (modal.keyMode === 'clear') body.api_key = null;
  else if (['none', 'replace'].includes(modal.keyMode) && v.api_key !== '') body.api_key = v.api_key;
  const defaultID = v.default_model_id === '' ? null : v.default_model_id;
  if (defaultID !== (original.default_model_id ?? null)) body.default_model_id = defaultID;
  // An emptied limit is sent as null: no limit.
  if (modal.kind !== 'local') {
    for (const field of LIMIT_FIELDS) {
      const value = limitValue(v[field]);
      if (value !== (original[field] ?? null)) body[field] = value;
    }
  }
  return body;
}

const limitValue = (text) => (String(text ?? '').trim() === '' ? null : parseNumber(text, { integer: true }));

// The body of POST /api/providers/test for the open form. Editing without a new key sends
// provider_id, so the server tests with the stored key.
export function selectProviderTestPayload(state) {
  const modal = state.providerModal;
  if (!modal || modal.kind === 'local') return null;
  const v = modal.values;
  const body = { kind: modal.kind, base_url: v.base_url };
  if (modal.kind === 'azure-openai' && v.api_version !== '') body.api_version = v.api_version;
  const typed = ['none', 'replace'].includes(modal.keyMode) && v.api_key !== '';
  if (typed) body.api_key = v.api_key;
  else if (modal.mode === 'edit' && modal.keyMode === 'set') body.provider_id = modal.id;
  return body;
}

// Fields the form test needs valid before it can run.
export function selectProviderTestFields(state) {
  return selectProviderModalFields(state).filter((field) => ['base_url', 'api_version', 'api_key'].includes(field));
}
