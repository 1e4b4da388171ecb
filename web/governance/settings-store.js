// The Settings page's slice of the store: `state.settings` (the settings in effect, the form
// editing them, the active models a default can be) and `state.transfer` (export and import).
// Pure updaters and selectors, as in store.js; loaded with the page. No DOM: node --test
// imports it. Field keys are the server's `fields` keys: `download_concurrency`,
// `ollama_cache_seconds`, `job_retention_days`, `hf_endpoint`, `default_models.<purpose>`, and
// the Ollama servers' `ollama_status_poll_seconds`, `ollama_keep_alive`, `ollama_update_check_hours`,
// and catalog sync's `price_data_url`, `discovery_interval_hours`.

import { plainError } from '../store.js';
import { checkField, parseNumber } from '../shared/forms.js';
import { describeFieldError, t } from '../shared/i18n.js';
import { ruleOf } from '../shared/meta.js';

export const PURPOSES = Object.freeze(['chat', 'code', 'embedding', 'vision']);
// Settings sent as integers (the PUT body), whatever grouping the person typed.
export const NUMBER_SETTINGS = Object.freeze(['download_concurrency', 'ollama_cache_seconds', 'job_retention_days', 'ollama_status_poll_seconds', 'ollama_update_check_hours',
  'discovery_interval_hours']);
// Settings sent as the text typed, trimmed.
export const TEXT_SETTINGS = Object.freeze(['hf_endpoint', 'ollama_keep_alive', 'price_data_url']);
// Catalog sync's settings (their own group): where price data comes from, how often connections
// are listed for new models.
export const CATALOG_SETTINGS = Object.freeze(['price_data_url', 'discovery_interval_hours']);
// Settings that may be empty (price_data_url: the snapshot shipped with Hangar).
const OPTIONAL_SETTINGS = new Set(['price_data_url']);
// The Ollama servers' settings (their own group on the page).
export const OLLAMA_SETTINGS = Object.freeze(['ollama_cache_seconds', 'ollama_status_poll_seconds', 'ollama_keep_alive', 'ollama_update_check_hours']);
// Settings chosen from the server's list (GET /api/meta's `kinds` under the same name).
export const CHOICE_SETTINGS = Object.freeze(['deprecated_model_policy']);
export const SETTING_FIELDS = Object.freeze(['download_concurrency', 'ollama_cache_seconds', 'hf_endpoint', 'job_retention_days', ...CHOICE_SETTINGS,
  'ollama_status_poll_seconds', 'ollama_keep_alive', 'ollama_update_check_hours', ...CATALOG_SETTINGS, ...PURPOSES.map((p) => `default_models.${p}`)]);

// A setting the server did not send (a server older than it) is neither shown nor checked nor sent.
export const selectHasSetting = (data, field) => !data || field.startsWith('default_models.') || data[field] !== undefined;


const EMPTY_SETTINGS = Object.freeze({
  status: 'idle', error: null, data: null, values: {}, errors: {}, touched: {}, submitted: false,
  saving: false, resetting: {}, saveError: null, savedSeq: 0,
  candidates: { status: 'idle', items: [], error: null },
});
export const selectSettings = (state) => state.settings || EMPTY_SETTINGS;
const patch = (state, change) => ({ ...state, settings: { ...selectSettings(state), ...change } });
const omit = (object, key) => {
  if (!(key in object)) return object;
  const copy = { ...object };
  delete copy[key];
  return copy;
};
const text = (value) => (value === null || value === undefined ? '' : String(value));

// The form's text of one field in `data` (a Settings answer).
export function valueOf(data, field) {
  if (!data) return '';
  if (field.startsWith('default_models.')) return text((data.default_models || {})[field.slice(15)]);
  return text(data[field]);
}
const valuesOf = (data) => Object.fromEntries(SETTING_FIELDS.map((field) => [field, valueOf(data, field)]));

// --- Checks (the server's rules, GET /api/meta) -----------------------------------------

// A FieldError, or null. Every setting has a value (Reset sends null); a default model is
// picked from a list.
export function checkSetting(field, value, lang = 'en') {
  // Picked from a list, like a default model: nothing to type wrong.
  if (field.startsWith('default_models.') || CHOICE_SETTINGS.includes(field)) return null;
  return checkField('settings', field, text(value).trim(), { required: !OPTIONAL_SETTINGS.has(field), lang });
}

export function checkSettings(values, lang = 'en') {
  const errors = {};
  for (const field of SETTING_FIELDS) {
    const message = checkSetting(field, values[field], lang);
    if (message) errors[field] = message;
  }
  return errors;
}

// --- Loading -------------------------------------------------------------------------------

export const settingsRequested = (state) => patch(state, { status: 'loading', error: null });
export const settingsFailed = (state, error) => patch(state, { status: 'error', error: plainError(error) });

// The settings in effect; the form shows them (what was typed and not saved is replaced).
export function settingsLoaded(state, data) {
  return patch(state, {
    status: 'ready', error: null, data, values: valuesOf(data), errors: {}, touched: {}, submitted: false, saveError: null,
  });
}

export const candidatesRequested = (state) => patch(state, { candidates: { ...selectSettings(state).candidates, status: 'loading', error: null } });
export const candidatesFailed = (state, error) => patch(state, { candidates: { ...selectSettings(state).candidates, status: 'error', error: plainError(error) } });
export function candidatesLoaded(state, models) {
  const items = models.filter((model) => model.status === 'active')
    .map((model) => ({ id: model.id, name: model.name, provider_id: model.provider_id, capability: modelCapability(model) }));
  return patch(state, { candidates: { status: 'ready', items, error: null } });
}

// --- Editing -------------------------------------------------------------------------------

export function setSettingValue(state, field, value, lang = state.lang) {
  const s = selectSettings(state);
  if (!SETTING_FIELDS.includes(field) || s.values[field] === value) return state;
  const values = { ...s.values, [field]: value };
  let errors = s.errors;
  if (s.touched[field] || s.submitted || field in errors) {
    const message = checkSetting(field, value, lang);
    errors = message ? { ...errors, [field]: message } : omit(errors, field);
  }
  return patch(state, { values, errors, saveError: null });
}

export function touchSetting(state, field, lang = state.lang) {
  const s = selectSettings(state);
  if (!SETTING_FIELDS.includes(field)) return state;
  const message = checkSetting(field, s.values[field], lang);
  const errors = message ? { ...s.errors, [field]: message } : omit(s.errors, field);
  return patch(state, { touched: { ...s.touched, [field]: true }, errors });
}

export function validateSettings(state, lang = state.lang) {
  const s = selectSettings(state);
  const errors = checkSettings(s.values, lang);
  for (const field of Object.keys(errors)) if (!selectHasSetting(s.data, field)) delete errors[field];
  return patch(state, { errors, submitted: true, saveError: Object.keys(errors).length ? { code: 'client_validation' } : null });
}

// The body of PUT /api/settings: only what differs from the settings in effect. An emptied
// default model is sent as null (no default for that purpose).
export function selectSettingsPatch(state, lang = state.lang) {
  const s = selectSettings(state);
  const body = {};
  if (!s.data) return body;
  for (const field of NUMBER_SETTINGS.filter((f) => selectHasSetting(s.data, f))) {
    const n = parseNumber(s.values[field], { integer: true, lang });
    if (n !== s.data[field]) body[field] = n;
  }
  for (const field of CHOICE_SETTINGS) {
    if (s.values[field] && s.values[field] !== s.data[field]) body[field] = s.values[field];
  }
  for (const field of TEXT_SETTINGS.filter((f) => selectHasSetting(s.data, f))) {
    const value = text(s.values[field]).trim();
    if (value !== s.data[field]) body[field] = value;
  }
  for (const purpose of PURPOSES) {
    const value = s.values[`default_models.${purpose}`] || null;
    if (value !== ((s.data.default_models || {})[purpose] ?? null)) body.default_models = { ...body.default_models, [purpose]: value };
  }
  return body;
}

// Reset one field to the server's default: `null` for it (a default model: no default).
export function resetPatch(field) {
  if (field.startsWith('default_models.')) return { default_models: { [field.slice(15)]: null } };
  return { [field]: null };
}

export const selectIsDirty = (state) => Object.keys(selectSettingsPatch(state)).length > 0;

export const settingsSaveStarted = (state) => patch(state, { saving: true, saveError: null });

// Saved: the answer is the settings in effect; the form shows them.
export function settingsSaved(state, data) {
  return patch(settingsLoaded(state, data), { saving: false, savedSeq: selectSettings(state).savedSeq + 1 });
}

// Server field messages go under their fields; the others join the general message.
export function settingsSaveFailed(state, error) {
  const s = selectSettings(state);
  const errors = { ...s.errors };
  const unplaced = {};
  for (const [field, message] of Object.entries((error && error.fields) || {})) {
    if (SETTING_FIELDS.includes(field)) errors[field] = message;
    else unplaced[field] = message;
  }
  return patch(state, { saving: false, errors, saveError: { ...plainError(error), unplaced } });
}

export const resetStarted = (state, field) => patch(state, { resetting: { ...selectSettings(state).resetting, [field]: true } });

// A field was reset: the new settings in effect; only that field's input follows them, other
// fields keep what was typed.
export function resetDone(state, field, data) {
  const s = selectSettings(state);
  return patch(state, {
    data, values: { ...s.values, [field]: valueOf(data, field) }, errors: omit(s.errors, field),
    resetting: omit(s.resetting, field), saveError: null,
  });
}

export function resetFailed(state, field, error) {
  const s = selectSettings(state);
  const message = (error && error.fields && (error.fields[field] || Object.values(error.fields)[0])) || null;
  return patch(state, {
    resetting: omit(s.resetting, field), errors: message ? { ...s.errors, [field]: message } : s.errors,
    saveError: message ? null : { ...plainError(error), unplaced: {} },
  });
}

// What a model does, where something tells: 'embedding', 'generation', or null (unknown). The
// catalog has no capability field, so the signs are, in this order:
// - "embed" in the API name or the name: providers name their embedding models so
//   (mistral-embed, text-embedding-3-small, nomic-embed-text, mxbai-embed-large);
// - a downloaded file's GGUF architecture: the encoders (the BERT family: bert, nomic-bert,
//   jina-bert-v2, xlm-roberta; t5encoder) make embeddings, every other architecture (llama,
//   qwen3…) generates text;
// - the builtin catalog (seeds 000 and 001) holds only chat and code models.
// Anything else stays unknown: a name alone cannot tell that bge-m3 or all-minilm embed.
const EMBEDDING_ARCHITECTURE = /bert|t5encoder/i;
export function modelCapability(model) {
  if (/embed/i.test(`${model.api_name || ''} ${model.name || ''}`)) return 'embedding';
  const architecture = model.gguf && typeof model.gguf.architecture === 'string' ? model.gguf.architecture : '';
  if (architecture) return EMBEDDING_ARCHITECTURE.test(architecture) ? 'embedding' : 'generation';
  if (model.is_builtin) return 'generation';
  return null;
}

// The selects of default models: active models grouped by connection (in the providers' order,
// then by name); a current default that is no longer listed stays as an option of its own.
// The Embeddings select leaves out the models known to generate text (modelCapability): the
// embedding models and those of unknown kind stay, and so does the current default, whatever
// it is, so that saving never changes it unasked.
export function selectDefaultModelGroups(state, purpose) {
  const s = selectSettings(state);
  const providers = state.providers ? state.providers.items : [];
  const byProvider = new Map();
  const current = s.values[`default_models.${purpose}`];
  const fits = (model) => purpose !== 'embedding' || model.capability !== 'generation' || model.id === current;
  for (const model of s.candidates.items.filter(fits)) {
    if (!byProvider.has(model.provider_id)) byProvider.set(model.provider_id, []);
    byProvider.get(model.provider_id).push(model);
  }
  const order = [...providers.map((p) => p.id), ...[...byProvider.keys()].filter((id) => !providers.some((p) => p.id === id))];
  const groups = [];
  for (const id of order) {
    const models = byProvider.get(id);
    if (!models) continue;
    const provider = providers.find((p) => p.id === id);
    groups.push({ providerID: id, label: provider ? provider.name : id, models: [...models].sort((a, b) => a.name.localeCompare(b.name)) });
  }
  const missing = current && !s.candidates.items.some((model) => model.id === current) ? current : null;
  return { groups, missing };
}

export const settingLabel = (field) => {
  const key = field.startsWith('default_models.') ? `settings.purpose.${field.slice(15)}` : `settings.field.${field}`;
  return t(key) === key ? field : t(key);
};

// A setting's error names it by the label this page shows (the server's sentence names it its
// own way): the sentence of the error's code, the server's words only for a code the tables
// do not word.
export function settingError(error, field) {
  const options = { label: settingLabel(field), rule: ruleOf('settings', field) };
  if (error && typeof error === 'object' && error.code && error.message && !error.key) {
    const worded = describeFieldError({ ...error, message: '' }, options);
    if (error.code !== 'invalid' && worded !== t('fe.invalid', { label: options.label })) return worded;
  }
  return describeFieldError(error, options);
}
