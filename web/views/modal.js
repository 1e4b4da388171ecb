// The fullscreen create/edit model modal and the provider "configure" modal. Both are built
// once when they open; later state changes only patch values, errors and the save button, so
// typing, focus and the person's input survive every async call.

import { h, replace, setSelfDisabled, setText, trapFocus } from '../dom.js';
import { t, describeError, translateMessage, formatNumber, fieldLabel, kindLabel } from '../i18n.js';
import { LIMITS } from '../rules.js';
import * as S from '../store.js';
import { renderTestResult } from './providers.js';

const MODEL_GROUPS = [
  ['modal.group.general', ['provider_id', 'name', 'api_name']],
  ['modal.group.huggingFace', ['hf_repo', 'hf_revision', 'model_file']],
  ['modal.group.limits', ['context_window', 'max_output_tokens', 'temperature_default']],
  ['modal.group.costs', ['cost_input_per_million', 'cost_output_per_million']],
];

function fieldHint(field) {
  switch (field) {
    case 'name': return t('hint.name', { max: formatNumber(LIMITS.nameMax) });
    case 'api_name': return t('hint.apiName');
    case 'context_window': return t('hint.range', { min: formatNumber(LIMITS.contextWindow[0]), max: formatNumber(LIMITS.contextWindow[1]) });
    case 'max_output_tokens': return t('hint.range', { min: formatNumber(LIMITS.maxOutputTokens[0]), max: formatNumber(LIMITS.maxOutputTokens[1]) });
    case 'temperature_default': return t('hint.temperature', { min: formatNumber(0), max: formatNumber(2) });
    case 'cost_input_per_million':
    case 'cost_output_per_million': return t('hint.cost');
    case 'hf_repo': return t('hint.hfRepo');
    case 'hf_revision': return t('hint.hfRevision');
    case 'model_file': return t('hint.modelFile');
    case 'base_url': return t('hint.baseURL');
    case 'default_model_id': return t('hint.defaultModel');
    case 'kind': return t('hint.kind');
    case 'api_version': return t('hint.apiVersion');
    case 'api_key': return t('hint.apiKey');
    default: return null;
  }
}

const PLACEHOLDERS = {
  api_name: 'placeholder.apiName', hf_repo: 'placeholder.hfRepo', hf_revision: 'placeholder.hfRevision',
  model_file: 'placeholder.modelFile', base_url: 'placeholder.baseURL', cost_input_per_million: 'placeholder.cost',
  cost_output_per_million: 'placeholder.cost', api_version: 'placeholder.apiVersion',
};
const INPUT_MODES = {
  context_window: 'numeric', max_output_tokens: 'numeric', temperature_default: 'decimal',
  cost_input_per_million: 'decimal', cost_output_per_million: 'decimal', base_url: 'url',
};
const NO_SPELL = new Set(['api_name', 'hf_repo', 'hf_revision', 'model_file', 'base_url', 'api_version', 'api_key']);

// One labelled control with its hint and its error message (`error-<field>`).
function buildField(prefix, field, { onInput, onBlur, select = false, type = null }) {
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
      placeholder: PLACEHOLDERS[field] ? t(PLACEHOLDERS[field]) : null,
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
  const wrapper = h('div', { class: 'field', dataset: { field } },
    h('label', { for: id }, fieldLabel(field)),
    control,
    hintText ? h('p', { id: hintId, class: 'hint' }, hintText) : null,
    error);
  return { field, wrapper, control, error };
}

function showFieldError(entry, message) {
  const text = message ? translateMessage(message) : '';
  setText(entry.error, text);
  entry.error.hidden = !text;
  if (text) entry.control.setAttribute('aria-invalid', 'true');
  else entry.control.removeAttribute('aria-invalid');
}

function generalMessage(error) {
  if (!error) return '';
  if (error.code === 'client_validation') return t('modal.fixFields');
  const extra = Object.entries(error.unplaced || {}).map(([field, message]) => `${fieldLabel(field)}${t('common.colon')}${translateMessage(message)}`);
  return [describeError(error), ...extra].join(' ');
}

function focusFirstError(entries, errors) {
  const first = entries.find((entry) => errors[entry.field] && !entry.wrapper.hidden && !entry.control.disabled);
  if (first) first.control.focus();
  return !!first;
}

function modalFrame({ testid, titleText, body, footer, onSubmit, onClose, closeLabel }) {
  const close = h('button', { type: 'button', class: 'icon-btn', testid: 'modal-close', 'aria-label': closeLabel, title: closeLabel, onclick: onClose }, '×');
  const form = h('form', { class: 'modal-panel', novalidate: true, onsubmit: (event) => { event.preventDefault(); onSubmit(); } },
    h('div', { class: 'modal-head' }, h('h2', { id: `${testid}-title`, class: 'modal-title' }, titleText), close),
    h('div', { class: 'modal-body' }, body),
    h('div', { class: 'modal-foot' }, footer));
  const el = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': `${testid}-title`, testid }, form);
  trapFocus(el);
  return { el, form };
}

export function mountModelModal(ctx, state) {
  const m = state.modal;
  const isCreate = m.mode === 'create';
  const onInput = (field, value) => ctx.dispatch(S.setModalValue, field, value);
  const onBlur = (field) => ctx.dispatch(S.touchModalField, field);
  const entries = [];
  const groups = MODEL_GROUPS.map(([legend, fields]) => {
    const items = fields.map((field) => {
      const entry = buildField('model', field, { onInput, onBlur, select: field === 'provider_id' });
      entries.push(entry);
      return entry.wrapper;
    });
    return { fields, el: h('fieldset', { class: 'group' }, h('legend', {}, t(legend)), h('div', { class: 'group-grid' }, items)) };
  });
  const byField = Object.fromEntries(entries.map((entry) => [entry.field, entry]));

  let typeSwitch = null;
  const radios = {};
  if (isCreate) {
    const radio = (type) => {
      radios[type] = h('input', { type: 'radio', name: 'model-type', value: type, id: `type-${type}`, testid: `type-${type}`,
        onchange: () => ctx.dispatch(S.setModalType, type) });
      return h('label', { class: 'type-option', for: `type-${type}` }, radios[type],
        h('span', { class: 'type-text' }, h('strong', {}, t(`type.${type}`)), h('span', { class: 'hint' }, t(`type.${type}Hint`))));
    };
    typeSwitch = h('fieldset', { class: 'type-switch' }, h('legend', {}, t('modal.type')), radio('hosted'), radio('local'));
  } else {
    typeSwitch = h('p', { class: 'type-fixed' }, t('modal.typeFixed', { type: t(`type.${m.type}`) }));
  }
  const builtinNote = m.builtin ? h('p', { class: 'notice' }, t('modal.builtinNote')) : null;

  const generalError = h('p', { class: 'form-error', testid: 'modal-error', role: 'alert', hidden: true });
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'modal-cancel', onclick: () => ctx.dispatch(S.closeModal) }, t('common.cancel'));
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'modal-save', 'data-net': '' }, t(isCreate ? 'modal.create' : 'modal.save'));

  const title = isCreate ? t('modal.createTitle') : t('modal.editTitle', { name: m.original.name });
  const { el, form } = modalFrame({
    testid: 'model-modal', titleText: title, closeLabel: t('common.close'),
    body: [typeSwitch, builtinNote, groups.map((group) => group.el)],
    footer: [generalError, h('div', { class: 'modal-buttons' }, cancel, save)],
    onClose: () => ctx.dispatch(S.closeModal),
    onSubmit: async () => {
      const ok = await ctx.actions.saveModal();
      const after = ctx.getState().modal;
      if (!ok && after && after.seq === m.seq) {
        if (!focusFirstError(entries, after.errors)) generalError.focus?.();
      }
    },
  });
  generalError.tabIndex = -1;

  function renderProviderOptions(next) {
    const select = byField.provider_id.control;
    const current = next.modal.values.provider_id;
    const providers = S.selectHostedProviders(next);
    const options = [h('option', { value: '' }, t('modal.chooseProvider'))];
    for (const provider of providers) {
      options.push(h('option', { value: provider.id }, provider.enabled ? provider.name : t('modal.providerDisabled', { name: provider.name })));
    }
    if (current && !providers.some((provider) => provider.id === current)) options.push(h('option', { value: current }, S.selectProviderName(next, current)));
    replace(select, options);
    select.value = current;
  }

  function update(next, prev) {
    const mm = next.modal;
    if (!mm) return;
    const pm = prev && prev.modal;
    if (!prev || next.providers.items !== prev.providers.items) renderProviderOptions(next);
    if (pm === mm) return;
    const shown = new Set(S.selectModalFields(next));
    const editable = new Set(S.selectModalEditable(next));
    for (const entry of entries) {
      const visible = shown.has(entry.field);
      entry.wrapper.hidden = !visible;
      entry.control.hidden = !visible;
      entry.control.disabled = !visible || !editable.has(entry.field);
      // The input owns what is typed; the store mirrors it. Values are written once, on mount.
      if (!prev && entry.control.value !== (mm.values[entry.field] ?? '')) entry.control.value = mm.values[entry.field] ?? '';
      showFieldError(entry, visible ? mm.errors[entry.field] : null);
    }
    for (const group of groups) group.el.hidden = !group.fields.some((field) => shown.has(field));
    if (isCreate) {
      radios.hosted.checked = mm.type === 'hosted';
      radios.local.checked = mm.type === 'local';
    }
    const message = generalMessage(mm.error);
    setText(generalError, message);
    generalError.hidden = !message;
    form.setAttribute('aria-busy', mm.saving ? 'true' : 'false');
    setSelfDisabled(save, mm.saving);
    setText(save, mm.saving ? t('modal.saving') : t(isCreate ? 'modal.create' : 'modal.save'));
  }
  update(state, null);

  function initialFocus() {
    const target = isCreate ? radios[state.modal.type] : entries.find((entry) => !entry.wrapper.hidden && !entry.control.disabled)?.control;
    (target || byField.name.control).focus();
  }
  return { el, update, initialFocus };
}

export function mountProviderModal(ctx, state) {
  const pm = state.providerModal;
  const isCreate = pm.mode === 'create';
  const onInput = (field, value) => {
    if (field === 'kind') ctx.dispatch(S.setProviderModalKind, value);
    else ctx.dispatch(S.setProviderModalValue, field, value);
  };
  const onBlur = (field) => ctx.dispatch(S.touchProviderField, field);
  const fields = ['kind', 'name', 'base_url', 'api_version', 'api_key', 'default_model_id'];
  const entries = fields.map((field) => buildField('provider', field, {
    onInput, onBlur, select: field === 'kind' || field === 'default_model_id', type: field === 'api_key' ? 'password' : null,
  }));
  const byField = Object.fromEntries(entries.map((entry) => [entry.field, entry]));
  if (isCreate) {
    replace(byField.kind.control, S.PROVIDER_KINDS.map((kind) => h('option', { value: kind }, kindLabel(kind))));
    byField.kind.control.value = pm.kind;
  }

  // The key: dots and Replace/Clear when one is stored, the password input otherwise.
  const keyStatus = h('span', { class: 'key-status mono', testid: 'key-status' });
  const keyReplace = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'key-replace', onclick: () => {
    ctx.dispatch(S.replaceProviderKey);
    byField.api_key.control.focus();
  } }, t('key.replace'));
  const keyClear = h('button', { type: 'button', class: 'btn btn-danger-ghost btn-small', testid: 'key-clear', onclick: () => {
    ctx.dispatch(S.clearProviderKey);
    keyKeep.focus();
  } }, t('key.clear'));
  const keyKeep = h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: 'key-keep', onclick: () => {
    ctx.dispatch(S.keepProviderKey);
    keyReplace.focus();
  } }, t('key.keep'));
  const keyRow = h('div', { class: 'key-row' }, keyStatus, keyReplace, keyClear, keyKeep);
  byField.api_key.control.before(keyRow);

  const testResult = h('div', { class: 'test-slot', role: 'status', 'aria-live': 'polite' });
  const testButton = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'modal-test', 'data-net': '',
    onclick: () => ctx.actions.testProviderForm() }, t('providerModal.test'));
  const canTest = pm.kind !== 'local';

  const generalError = h('p', { class: 'form-error', testid: 'modal-error', role: 'alert', hidden: true });
  generalError.tabIndex = -1;
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'modal-cancel', onclick: () => ctx.dispatch(S.closeProviderModal) }, t('common.cancel'));
  const saveLabel = () => t(isCreate ? 'providerModal.create' : 'modal.save');
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'modal-save', 'data-net': '' }, saveLabel());
  const intro = isCreate ? t('providerModal.createIntro') : t('providerModal.intro', { kind: kindLabel(pm.kind) });
  const { el, form } = modalFrame({
    testid: 'provider-modal', titleText: isCreate ? t('providerModal.createTitle') : t('providerModal.title', { name: pm.original.name }),
    closeLabel: t('common.close'),
    body: [
      h('p', { class: 'muted' }, intro),
      h('fieldset', { class: 'group' }, h('legend', {}, t('providerModal.legend')), h('div', { class: 'group-grid' }, entries.map((entry) => entry.wrapper))),
      canTest ? h('div', { class: 'test-box' }, h('p', { class: 'hint' }, t('providerModal.testHint')), testResult) : null,
    ],
    footer: [generalError, h('div', { class: 'modal-buttons' }, canTest ? testButton : null, cancel, save)],
    onClose: () => ctx.dispatch(S.closeProviderModal),
    onSubmit: async () => {
      const ok = await ctx.actions.saveProvider();
      const after = ctx.getState().providerModal;
      if (!ok && after && after.seq === pm.seq && !focusFirstError(entries, after.errors)) generalError.focus();
    },
  });

  function renderDefaultOptions(next) {
    const mm = next.providerModal;
    const select = byField.default_model_id.control;
    const current = mm.values.default_model_id;
    const options = [h('option', { value: '' }, t(mm.candidatesStatus === 'loading' ? 'common.loading' : 'providers.none'))];
    for (const candidate of mm.candidates) options.push(h('option', { value: candidate.id }, candidate.name));
    if (current && !mm.candidates.some((candidate) => candidate.id === current)) {
      options.push(h('option', { value: current }, next.modelNames[current] || current));
    }
    replace(select, options);
    select.value = current;
  }

  function renderKey(mm) {
    const local = mm.kind === 'local';
    const stored = ['set', 'replace', 'clear'].includes(mm.keyMode);
    byField.api_key.wrapper.hidden = local;
    keyRow.hidden = local || !stored;
    keyStatus.dataset.state = mm.keyMode;
    setText(keyStatus, mm.keyMode === 'clear' ? t('key.willClear') : '•••••');
    keyStatus.setAttribute('aria-label', mm.keyMode === 'clear' ? t('key.willClear') : t('key.stored'));
    keyReplace.hidden = mm.keyMode !== 'set';
    keyClear.hidden = !['set', 'replace'].includes(mm.keyMode);
    keyKeep.hidden = !['replace', 'clear'].includes(mm.keyMode);
    setText(keyKeep, t(mm.keyMode === 'clear' ? 'key.undoClear' : 'key.keep'));
  }

  function update(next, prev) {
    const mm = next.providerModal;
    if (!mm) return;
    const before = prev && prev.providerModal;
    if (before === mm) return;
    if (!isCreate && (!before || mm.candidates !== before.candidates || mm.candidatesStatus !== before.candidatesStatus)) renderDefaultOptions(next);
    const shown = new Set(S.selectProviderModalFields(next));
    for (const entry of entries) {
      const visible = shown.has(entry.field);
      if (entry.field !== 'api_key') entry.wrapper.hidden = !visible;
      entry.control.hidden = !visible;
      entry.control.disabled = !visible;
      // Values are written on mount, and when the store changes them itself (a kind's default
      // base URL, a key forgotten); what the person types is already in the input.
      const value = mm.values[entry.field] ?? '';
      if (entry.field === 'kind') {
        if (entry.control.value !== mm.kind) entry.control.value = mm.kind;
      } else if (entry.field !== 'default_model_id' && (!before || before.values[entry.field] !== value) && entry.control.value !== value) {
        entry.control.value = value;
      }
      showFieldError(entry, visible ? mm.errors[entry.field] : null);
    }
    renderKey(mm);
    if (!before || mm.test !== before.test) {
      const running = !!(mm.test && mm.test.running);
      testButton.setAttribute('aria-busy', running ? 'true' : 'false');
      replace(testButton, running ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, t(running ? 'providers.testing' : 'providerModal.test'));
      if (running) replace(testResult, h('p', { class: 'muted' }, t('providers.testRunning')));
      else if (mm.test && mm.test.result) replace(testResult, renderTestResult(mm.test.result, 'modal-test-result'));
      else testResult.replaceChildren();
    }
    const message = generalMessage(mm.error);
    setText(generalError, message);
    generalError.hidden = !message;
    form.setAttribute('aria-busy', mm.saving ? 'true' : 'false');
    setSelfDisabled(save, mm.saving);
    setText(save, mm.saving ? t('modal.saving') : saveLabel());
  }
  update(state, null);
  return { el, update, initialFocus: () => (isCreate ? byField.kind.control : byField.name.control).focus() };
}
