// What the model and connection forms share: a field (label, input, hint, error wired with
// aria-describedby), its error under it (translated by code, shared/i18n.js), the general
// message, the stored-secret controls and the modal frame.

import { h, setText, trapFocus } from '../shared/dom.js';
import { t, describeError, describeFieldError, formatNumber, fieldLabel } from '../shared/i18n.js';
import { ruleOf } from '../shared/meta.js';
import { placeholderKey, typeHintKey } from './form-fields.js';

// The rules' numbers come from the server (GET /api/meta); a server without it shows no
// range hint.
function rangeHint(key, field) {
  const rule = ruleOf('model', field);
  return rule && typeof rule.min === 'number' && typeof rule.max === 'number' ? t(key, { min: formatNumber(rule.min), max: formatNumber(rule.max) }) : null;
}

function fieldHint(field) {
  switch (field) {
    case 'name': {
      const rule = ruleOf('model', 'name');
      return rule && rule.max_length ? t('hint.name', { max: formatNumber(rule.max_length) }) : null;
    }
    case 'api_name': return t('hint.apiName');
    case 'context_window':
    case 'max_output_tokens': return rangeHint('hint.range', field);
    case 'temperature_default': return rangeHint('hint.temperature', field);
    case 'cost_input_per_million':
    case 'cost_output_per_million': return t('hint.cost');
    case 'deprecation_date': return t('hint.deprecationDate');
    case 'hf_repo': return t('hint.hfRepo');
    case 'hf_revision': return t('hint.hfRevision');
    case 'model_file': return t('hint.modelFile');
    case 'base_url': return t('hint.baseURL');
    case 'default_model_id': return t('hint.defaultModel');
    case 'kind': return t('hint.kind');
    case 'api_version': return t('hint.apiVersion');
    case 'api_key': return t('hint.apiKey');
    case 'hf_token': return t('hint.hfToken');
    case 'rpm_limit':
    case 'tpm_limit': return t('hint.rateLimit');
    case 'max_parallel': return t('hint.maxParallel');
    default: return null;
  }
}

const INPUT_MODES = {
  context_window: 'numeric', max_output_tokens: 'numeric', temperature_default: 'decimal',
  cost_input_per_million: 'decimal', cost_output_per_million: 'decimal', base_url: 'url',
  rpm_limit: 'numeric', tpm_limit: 'numeric', max_parallel: 'numeric',
};
const NO_SPELL = new Set(['api_name', 'hf_repo', 'hf_revision', 'model_file', 'base_url', 'api_version', 'api_key', 'hf_token']);

// One labelled control with its hint and its error message (`error-<field>`).
export function buildField(prefix, field, { onInput, onBlur, select = false, type = null, modelType = 'hosted' }) {
  const id = `${prefix}-${field}`;
  const hintText = fieldHint(field);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const control = select
    ? h('select', { id, class: 'input', testid: `field-${field}`, name: field, 'aria-describedby': [hintText ? hintId : null, errorId].filter(Boolean).join(' '),
      onchange: (event) => onInput(field, event.target.value) })
    : h('input', {
      id, class: 'input', testid: `field-${field}`, name: field, type: type || (field === 'base_url' ? 'url' : 'text'),
      autocomplete: type === 'password' ? 'new-password' : 'off',
      inputmode: INPUT_MODES[field] || null, spellcheck: NO_SPELL.has(field) ? 'false' : null, autocapitalize: NO_SPELL.has(field) ? 'off' : null,
      placeholder: placeholderKey(field, modelType) ? t(placeholderKey(field, modelType)) : null,
      'aria-describedby': [hintText ? hintId : null, errorId].filter(Boolean).join(' '),
      oninput: (event) => onInput(field, event.target.value),
      // `change` too: some ways of emptying a field (WebDriver's clear()) fire no `input`.
      onchange: (event) => onInput(field, event.target.value),
      onblur: (event) => {
        onInput(field, event.target.value);
        onBlur(field);
      },
    });
  const error = h('p', { id: errorId, class: 'field-error', testid: `error-${field}`, hidden: true });
  const hint = hintText ? h('p', { id: hintId, class: 'hint', testid: `hint-${field}` }, hintText) : null;
  const wrapper = h('div', { class: 'field', dataset: { field } },
    h('label', { for: id }, fieldLabel(field)),
    control,
    hint,
    error);
  return { field, wrapper, control, hint, error };
}

// The model form's type changes in place (create): the fields that word a local model their
// own way follow. `hintText` (optional) words the hint for what the form knows more.
export function applyModelType(entry, type, hintText = null) {
  const key = placeholderKey(entry.field, type);
  if (key && entry.control.tagName === 'INPUT') entry.control.placeholder = t(key);
  if (!entry.hint) return;
  const typeKey = typeHintKey(entry.field, type);
  const text = hintText || (typeKey ? t(typeKey) : fieldHint(entry.field));
  if (text) setText(entry.hint, text);
}

export function showFieldError(entry, error, entity) {
  const text = error ? describeFieldError(error, { field: entry.field, rule: ruleOf(entity, entry.field) }) : '';
  setText(entry.error, text);
  entry.error.hidden = !text;
  if (text) entry.control.setAttribute('aria-invalid', 'true');
  else entry.control.removeAttribute('aria-invalid');
}

export function generalMessage(error) {
  if (!error) return '';
  if (error.code === 'client_validation') return t('modal.fixFields');
  const extra = Object.entries(error.unplaced || {}).map(([field, message]) => `${fieldLabel(field)}${t('common.colon')}${describeFieldError(message, { field, label: fieldLabel(field) })}`);
  return [describeError(error), ...extra].join(' ');
}

export function focusFirstError(entries, errors) {
  const first = entries.find((entry) => errors[entry.field] && !entry.wrapper.hidden && !entry.control.disabled);
  if (first) first.control.focus();
  return !!first;
}

// A stored secret (a connection's API key, a model's Hugging Face token) shows as dots with
// Replace and Clear; Replace shows the password input, Clear marks it for removal on save,
// Keep / Undo go back. `modes`: none | set | replace | clear.
export function secretControls({ input, onReplace, onClear, onKeep, storedLabel, keepLabel }) {
  const status = h('span', { class: 'key-status mono', testid: 'key-status' });
  const keep = h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: 'key-keep' }, t(keepLabel));
  const replaceButton = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'key-replace', onclick: () => {
    onReplace();
    input.focus();
  } }, t('key.replace'));
  const clear = h('button', { type: 'button', class: 'btn btn-danger-ghost btn-small', testid: 'key-clear', onclick: () => {
    onClear();
    keep.focus();
  } }, t('key.clear'));
  keep.addEventListener('click', () => {
    onKeep();
    replaceButton.focus();
  });
  const row = h('div', { class: 'key-row' }, status, replaceButton, clear, keep);
  input.before(row);
  function render(mode, hidden) {
    const stored = ['set', 'replace', 'clear'].includes(mode);
    row.hidden = hidden || !stored;
    status.dataset.state = mode;
    setText(status, mode === 'clear' ? t('key.willClear') : '•••••');
    status.setAttribute('aria-label', mode === 'clear' ? t('key.willClear') : t(storedLabel));
    replaceButton.hidden = mode !== 'set';
    clear.hidden = !['set', 'replace'].includes(mode);
    keep.hidden = !['replace', 'clear'].includes(mode);
    setText(keep, t(mode === 'clear' ? 'key.undoClear' : keepLabel));
  }
  return { render };
}

export function modalFrame({ testid, titleText, body, footer, onSubmit, onClose, closeLabel }) {
  const close = h('button', { type: 'button', class: 'icon-btn', testid: 'modal-close', 'aria-label': closeLabel, title: closeLabel, onclick: onClose }, '×');
  const form = h('form', { class: 'modal-panel', novalidate: true, onsubmit: (event) => { event.preventDefault(); onSubmit(); } },
    h('div', { class: 'modal-head' }, h('h2', { id: `${testid}-title`, class: 'modal-title' }, titleText), close),
    h('div', { class: 'modal-body' }, body),
    h('div', { class: 'modal-foot' }, footer));
  // Create and edit forms fill the screen at every width (the seeds ask for it); their content
  // keeps a readable width (modal-full in styles.css).
  const el = h('div', { class: 'modal modal-full', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': `${testid}-title`, testid }, form);
  trapFocus(el);
  return { el, form };
}
