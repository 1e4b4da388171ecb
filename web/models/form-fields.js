// Which fields the model and connection forms show, and how each is checked: the rules
// themselves come from the server (GET /api/meta through shared/forms.js); this file only says
// what a form requires that a rule alone cannot (a local model needs its repository and file,
// a new connection its base URL) and which fields hold numbers. Checks answer FieldErrors
// `{code, params}`, or null. No DOM access: `node --test` imports this module.

import { checkField, parseNumber, REQUIRED } from '../shared/forms.js';

export { parseNumber };

export const HOSTED_FIELDS = Object.freeze([
  'provider_id', 'name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default',
  'cost_input_per_million', 'cost_output_per_million', 'deprecation_date',
]);
export const LOCAL_FIELDS = Object.freeze([
  'name', 'api_name', 'hf_repo', 'hf_revision', 'model_file', 'context_window', 'max_output_tokens', 'temperature_default',
]);
// The inputs' examples (placeholder keys). A local model's API name is the name clients send
// for a file on this server, not an id of a provider's catalog, so the local form has its own
// example and hint for it; its Hugging Face fields only exist on the local form.
const PLACEHOLDERS = Object.freeze({
  api_name: 'placeholder.apiName', hf_repo: 'placeholder.hfRepo', hf_revision: 'placeholder.hfRevision',
  model_file: 'placeholder.modelFile', base_url: 'placeholder.baseURL', cost_input_per_million: 'placeholder.cost',
  cost_output_per_million: 'placeholder.cost', api_version: 'placeholder.apiVersion',
});
const LOCAL_PLACEHOLDERS = Object.freeze({ api_name: 'placeholder.localApiName' });
const LOCAL_HINTS = Object.freeze({ api_name: 'hint.localApiName' });

export const placeholderKey = (field, type = 'hosted') => (type === 'local' && LOCAL_PLACEHOLDERS[field]) || PLACEHOLDERS[field] || null;
// The hint key a model type words its own way (null: the field's usual hint).
export const typeHintKey = (field, type = 'hosted') => (type === 'local' && LOCAL_HINTS[field]) || null;

export const INTEGER_FIELDS = new Set(['context_window', 'max_output_tokens']);
export const NUMBER_FIELDS = new Set(['context_window', 'max_output_tokens', 'temperature_default', 'cost_input_per_million', 'cost_output_per_million']);
// The form always shows a value for these; emptied, it is an error, not "leave it out".
const MODEL_REQUIRED = new Set(['name', 'api_name', 'context_window', 'max_output_tokens', 'temperature_default']);

export const fieldsFor = (type) => (type === 'local' ? LOCAL_FIELDS : HOSTED_FIELDS);

// Checks one field of the model form (values are the raw strings of the inputs).
export function checkModelField(field, values, { type = 'hosted', mode = 'create', lang = 'en' } = {}) {
  const value = values[field] ?? '';
  if (field === 'provider_id') return value === '' ? REQUIRED : null;
  let required = MODEL_REQUIRED.has(field);
  if (field === 'hf_repo' || field === 'model_file') required = type === 'local';
  if (field === 'hf_revision') required = type === 'local' && mode === 'edit';
  if (field === 'hf_token' || field.startsWith('cost_') || field === 'deprecation_date') required = false;
  return checkField('model', field, value, { required, lang });
}

// Checks every field shown for `type`; `editable` (optional) limits the check to fields the
// person may change (a builtin model: GET /api/meta's `builtin_editable`).
export function checkModelForm(values, { type = 'hosted', mode = 'create', editable = null, lang = 'en' } = {}) {
  const errors = {};
  for (const field of fieldsFor(type)) {
    if (editable && !editable.includes(field)) continue;
    if (mode === 'edit' && field === 'provider_id') continue;
    const error = checkModelField(field, values, { type, mode, lang });
    if (error) errors[field] = error;
  }
  return errors;
}

export const LIMIT_FIELDS = Object.freeze(['rpm_limit', 'tpm_limit', 'max_parallel']);
export const PROVIDER_FORM_FIELDS = Object.freeze(['name', 'base_url', 'api_version', 'api_key', ...LIMIT_FIELDS]);

// Checks one field of the connection form. An empty key, API version or limit is fine (the
// key is optional, the server defaults the version, no limit); the base URL is required when
// creating. The local provider has none of these but its name.
export function checkProviderField(field, values, { kind = '', mode = 'edit' } = {}) {
  const value = values[field] ?? '';
  if (field === 'name') return checkField('provider', field, value, { required: true });
  if (kind === 'local') return null;
  if (field === 'base_url') return checkField('provider', field, value, { required: mode === 'create' });
  if (field === 'api_version') return kind === 'azure-openai' ? checkField('provider', field, value, { required: false }) : null;
  if (field === 'api_key') return checkField('provider', field, value, { required: false });
  if (LIMIT_FIELDS.includes(field)) return checkField('provider', field, String(value).trim(), { required: false });
  return null;
}

// `fields` limits the check to the fields the form shows.
export function checkProviderForm(values, options = {}, fields = PROVIDER_FORM_FIELDS) {
  const errors = {};
  for (const field of fields) {
    const error = checkProviderField(field, values, options);
    if (error) errors[field] = error;
  }
  return errors;
}
