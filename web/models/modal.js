// The fullscreen create/edit model modal and the provider "configure" modal. Both are built
// once when they open; later state changes only patch values, errors and the save button, so
// typing, focus and the person's input survive every async call.

import { h, replace, setSelfDisabled, setText, trapFocus } from '../shared/dom.js';
import { t, describeError, describeFieldError, formatNumber, fieldLabel, kindLabel, formatBytes, formatDateTime } from '../shared/i18n.js';
import { ruleOf } from '../shared/meta.js';
import * as S from '../store.js';
import * as F from './forms.js';
import { renderTestResult } from './providers.js';
import { START_LABELS } from './models.js';
import { createProgress, downloadErrorText, fact } from '../shared/widgets.js';

const MODEL_GROUPS = [
  ['modal.group.general', ['provider_id', 'name', 'api_name']],
  ['modal.group.huggingFace', ['hf_repo', 'hf_revision', 'model_file', 'hf_token']],
  ['modal.group.limits', ['context_window', 'max_output_tokens', 'temperature_default']],
  ['modal.group.costs', ['cost_input_per_million', 'cost_output_per_million']],
];

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

const PLACEHOLDERS = {
  api_name: 'placeholder.apiName', hf_repo: 'placeholder.hfRepo', hf_revision: 'placeholder.hfRevision',
  model_file: 'placeholder.modelFile', base_url: 'placeholder.baseURL', cost_input_per_million: 'placeholder.cost',
  cost_output_per_million: 'placeholder.cost', api_version: 'placeholder.apiVersion',
};
const INPUT_MODES = {
  context_window: 'numeric', max_output_tokens: 'numeric', temperature_default: 'decimal',
  cost_input_per_million: 'decimal', cost_output_per_million: 'decimal', base_url: 'url',
  rpm_limit: 'numeric', tpm_limit: 'numeric', max_parallel: 'numeric',
};
const NO_SPELL = new Set(['api_name', 'hf_repo', 'hf_revision', 'model_file', 'base_url', 'api_version', 'api_key', 'hf_token']);

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

function showFieldError(entry, error, entity) {
  const text = error ? describeFieldError(error, { field: entry.field, rule: ruleOf(entity, entry.field) }) : '';
  setText(entry.error, text);
  entry.error.hidden = !text;
  if (text) entry.control.setAttribute('aria-invalid', 'true');
  else entry.control.removeAttribute('aria-invalid');
}

function generalMessage(error) {
  if (!error) return '';
  if (error.code === 'client_validation') return t('modal.fixFields');
  const extra = Object.entries(error.unplaced || {}).map(([field, message]) => `${fieldLabel(field)}${t('common.colon')}${describeFieldError(message, { field, label: fieldLabel(field) })}`);
  return [describeError(error), ...extra].join(' ');
}

function focusFirstError(entries, errors) {
  const first = entries.find((entry) => errors[entry.field] && !entry.wrapper.hidden && !entry.control.disabled);
  if (first) first.control.focus();
  return !!first;
}

// A stored secret (a connection's API key, a model's Hugging Face token) shows as dots with
// Replace and Clear; Replace shows the password input, Clear marks it for removal on save,
// Keep / Undo go back. `modes`: none | set | replace | clear.
function secretControls({ input, onReplace, onClear, onKeep, storedLabel, keepLabel }) {
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
  const onInput = (field, value) => ctx.dispatch(F.setModalValue, field, value);
  const onBlur = (field) => ctx.dispatch(F.touchModalField, field);
  const entries = [];
  const groups = MODEL_GROUPS.map(([legend, fields]) => {
    const items = fields.map((field) => {
      const entry = buildField('model', field, { onInput, onBlur, select: field === 'provider_id', type: field === 'hf_token' ? 'password' : null });
      entries.push(entry);
      return entry.wrapper;
    });
    return { fields, el: h('fieldset', { class: 'group' }, h('legend', {}, t(legend)), h('div', { class: 'group-grid' }, items)) };
  });
  const byField = Object.fromEntries(entries.map((entry) => [entry.field, entry]));
  const token = secretControls({
    input: byField.hf_token.control, storedLabel: 'token.stored', keepLabel: 'token.keep',
    onReplace: () => ctx.dispatch(F.replaceModelToken),
    onClear: () => ctx.dispatch(F.clearModelToken),
    onKeep: () => ctx.dispatch(F.keepModelToken),
  });

  // Create: "Download now" (local models). Edit of a local model: the download, live.
  let downloadNow = null;
  let downloadNowField = null;
  if (isCreate) {
    downloadNow = h('input', { type: 'checkbox', id: 'model-download-now', testid: 'download-now', 'aria-describedby': 'model-download-now-hint',
      onchange: (event) => ctx.dispatch(F.setModalDownloadNow, event.target.checked) });
    downloadNowField = h('div', { class: 'field check-field' },
      h('label', { class: 'check', for: 'model-download-now' }, downloadNow, h('span', {}, t('modal.downloadNow'))),
      h('p', { id: 'model-download-now-hint', class: 'hint' }, t('hint.downloadNow')));
    groups[1].el.querySelector('.group-grid').appendChild(downloadNowField);
  }
  const download = !isCreate && m.type === 'local' ? downloadSection(ctx, m) : null;

  let typeSwitch = null;
  const radios = {};
  if (isCreate) {
    const radio = (type) => {
      radios[type] = h('input', { type: 'radio', name: 'model-type', value: type, id: `type-${type}`, testid: `type-${type}`,
        onchange: () => ctx.dispatch(F.setModalType, type) });
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

  // A saved hosted model takes a test prompt (its dialog opens above this one).
  const testPrompt = !isCreate && m.type === 'hosted'
    ? h('button', { type: 'button', class: 'btn btn-secondary', testid: 'modal-test-prompt', 'data-net': '', 'aria-haspopup': 'dialog',
      'aria-label': t('action.testNamed', { name: m.original.name }), onclick: () => ctx.governance('openTest', m.id) }, t('action.test'))
    : null;
  const title = isCreate ? t('modal.createTitle') : t('modal.editTitle', { name: m.original.name });
  const { el, form } = modalFrame({
    testid: 'model-modal', titleText: title, closeLabel: t('common.close'),
    body: [typeSwitch, builtinNote, download ? download.el : null, groups.map((group) => group.el)],
    footer: [generalError, h('div', { class: 'modal-buttons' }, testPrompt, cancel, save)],
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
    if (download && (!prev || pm !== mm || next.jobs.items !== prev.jobs.items || next.downloads !== prev.downloads || next.busy !== prev.busy)) download.update(next);
    if (pm === mm) return;
    const shown = new Set(F.selectModalFields(next));
    const editable = new Set(F.selectModalEditable(next));
    const tokenPlace = mm.type === 'local' && !mm.builtin;
    for (const entry of entries) {
      const visible = shown.has(entry.field);
      // The token's field also holds its dots and buttons when a token is stored.
      entry.wrapper.hidden = entry.field === 'hf_token' ? !tokenPlace : !visible;
      entry.control.hidden = !visible;
      entry.control.disabled = !visible || !editable.has(entry.field);
      // The input owns what is typed; the store mirrors it. Values are written once, on mount
      // (and the token when the store forgets it: Replace, Clear, Keep).
      const value = mm.values[entry.field] ?? '';
      if ((!prev || (entry.field === 'hf_token' && pm && pm.values.hf_token !== value)) && entry.control.value !== value) entry.control.value = value;
      showFieldError(entry, visible ? mm.errors[entry.field] : null, 'model');
    }
    token.render(mm.tokenMode, !tokenPlace);
    for (const group of groups) group.el.hidden = !group.fields.some((field) => shown.has(field));
    if (isCreate) {
      radios.hosted.checked = mm.type === 'hosted';
      radios.local.checked = mm.type === 'local';
      downloadNowField.hidden = mm.type !== 'local';
      downloadNow.disabled = mm.type !== 'local';
      if (downloadNow.checked !== mm.downloadNow) downloadNow.checked = mm.downloadNow;
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
    // Just created with "Download now": the download's progress is what matters next.
    if (download && state.modal.justCreated) return download.focus();
    const target = isCreate ? radios[state.modal.type] : entries.find((entry) => !entry.wrapper.hidden && !entry.control.disabled)?.control;
    (target || byField.name.control).focus();
  }
  return { el, update, initialFocus };
}

export function mountProviderModal(ctx, state) {
  const pm = state.providerModal;
  const isCreate = pm.mode === 'create';
  const onInput = (field, value) => {
    if (field === 'kind') ctx.dispatch(F.setProviderModalKind, value);
    else ctx.dispatch(F.setProviderModalValue, field, value);
  };
  const onBlur = (field) => ctx.dispatch(F.touchProviderField, field);
  const fields = ['kind', 'name', 'base_url', 'api_version', 'api_key', 'default_model_id', 'rpm_limit', 'tpm_limit', 'max_parallel'];
  const entries = fields.map((field) => buildField('provider', field, {
    onInput, onBlur, select: field === 'kind' || field === 'default_model_id', type: field === 'api_key' ? 'password' : null,
  }));
  const LIMITS = new Set(['rpm_limit', 'tpm_limit', 'max_parallel']);
  const limitsGroup = h('fieldset', { class: 'group', testid: 'provider-limits-group' }, h('legend', {}, t('providerModal.limits')),
    h('p', { class: 'hint' }, t('providerModal.limitsHint')),
    h('div', { class: 'group-grid' }, entries.filter((entry) => LIMITS.has(entry.field)).map((entry) => entry.wrapper)));
  const byField = Object.fromEntries(entries.map((entry) => [entry.field, entry]));
  if (isCreate) {
    replace(byField.kind.control, S.PROVIDER_KINDS.map((kind) => h('option', { value: kind }, kindLabel(kind))));
    byField.kind.control.value = pm.kind;
  }

  // The key: dots and Replace/Clear when one is stored, the password input otherwise.
  const key = secretControls({
    input: byField.api_key.control, storedLabel: 'key.stored', keepLabel: 'key.keep',
    onReplace: () => ctx.dispatch(F.replaceProviderKey),
    onClear: () => ctx.dispatch(F.clearProviderKey),
    onKeep: () => ctx.dispatch(F.keepProviderKey),
  });

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
      h('fieldset', { class: 'group' }, h('legend', {}, t('providerModal.legend')),
        h('div', { class: 'group-grid' }, entries.filter((entry) => !LIMITS.has(entry.field)).map((entry) => entry.wrapper))),
      limitsGroup,
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
    byField.api_key.wrapper.hidden = local;
    key.render(mm.keyMode, local);
  }

  function update(next, prev) {
    const mm = next.providerModal;
    if (!mm) return;
    const before = prev && prev.providerModal;
    if (before === mm) return;
    if (!isCreate && (!before || mm.candidates !== before.candidates || mm.candidatesStatus !== before.candidatesStatus)) renderDefaultOptions(next);
    const shown = new Set(F.selectProviderModalFields(next));
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
      showFieldError(entry, visible ? mm.errors[entry.field] : null, 'provider');
    }
    renderKey(mm);
    limitsGroup.hidden = !shown.has('rpm_limit');
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

// The download of a local model inside its edit modal: status, live progress (percent,
// bytes, speed, ETA), the error of a failed download, the file once downloaded, and the
// Start / Retry / Resume and Cancel buttons. Patched on every event; built once.
function downloadSection(ctx, m) {
  const id = m.id;
  const status = h('span', { class: 'badge dl-badge', testid: 'download-status', tabindex: '-1' });
  const downloaded = h('span', { class: 'muted', testid: 'download-downloaded' });
  const progress = createProgress({ label: t('download.progressNamed', { name: m.original.name }) });
  const error = h('p', { class: 'field-error', testid: 'download-error', role: 'alert', hidden: true });
  const file = h('dl', { class: 'facts dl-file', testid: 'download-file', hidden: true });
  const start = h('button', { type: 'button', class: 'btn btn-primary btn-small', testid: 'download-start', 'data-net': '',
    dataset: { busyKey: `download:${id}` }, onclick: () => ctx.actions.startDownload(id) });
  const cancel = h('button', { type: 'button', class: 'btn btn-danger-ghost btn-small', testid: 'download-cancel', 'data-net': '',
    dataset: { busyKey: `download:${id}` }, onclick: () => ctx.actions.cancelDownload(id) }, t('download.action.cancel'));
  const el = h('section', { class: 'group dl-section', testid: 'model-download', 'aria-labelledby': 'model-download-title' },
    h('h3', { id: 'model-download-title', class: 'dl-title' }, t('modal.group.download')),
    h('div', { class: 'dl-head', 'aria-live': 'polite' }, status, downloaded),
    progress.el, error, file,
    h('div', { class: 'dl-actions' }, start, cancel));

  function update(next) {
    const mm = next.modal;
    const model = (mm && mm.live) || m.original;
    const d = S.selectDownload(next, model);
    if (!d) return;
    const hadFocus = document.activeElement;
    status.dataset.status = d.status;
    status.className = `badge dl-badge dl-${d.status}`;
    setText(status, t(`download.${d.status}`));
    setText(downloaded, t('download.downloadedLine', { value: t(d.downloaded ? 'common.yes' : 'common.no') }));
    // The bar stays after a cancel or a failure: the bytes kept for a resume.
    const showProgress = d.status === 'downloading' || ((d.status === 'canceled' || d.status === 'failed') && d.bytesDone > 0);
    progress.el.hidden = !showProgress;
    if (showProgress) progress.update(d);
    setText(error, d.error ? downloadErrorText(d.errorCode, d.error) : '');
    error.hidden = !d.error;
    const done = d.status === 'downloaded';
    file.hidden = !done;
    if (done) {
      const gguf = model.gguf || {};
      const details = [gguf.architecture, gguf.quantization, gguf.context_length ? t('models.contextTokens', { count: formatNumber(gguf.context_length) }) : null].filter(Boolean);
      replace(file,
        fact(t('download.fileSize'), model.file_size_bytes !== null && model.file_size_bytes !== undefined ? formatBytes(model.file_size_bytes) : '–', 'download-file-size'),
        model.downloaded_at ? fact(t('download.downloadedAt'), formatDateTime(model.downloaded_at), 'download-file-date') : null,
        details.length ? fact(t('download.gguf'), details.join(' · '), 'download-file-gguf') : null);
    }
    const [label, named] = START_LABELS[d.startLabel];
    setText(start, t(label));
    start.setAttribute('aria-label', t(named, { name: model.name }));
    start.hidden = !d.canStart;
    cancel.hidden = !d.canCancel;
    cancel.setAttribute('aria-label', t('download.action.cancelNamed', { name: model.name }));
    const busy = !!next.busy[`download:${id}`];
    start.setAttribute('aria-busy', busy ? 'true' : 'false');
    cancel.setAttribute('aria-busy', busy ? 'true' : 'false');
    // The button pressed went away (Cancel → Resume): focus follows to the one now shown.
    if ((hadFocus === start && start.hidden) || (hadFocus === cancel && cancel.hidden)) {
      const other = hadFocus === start ? cancel : start;
      (other.hidden ? status : other).focus();
    }
  }
  return { el, update, focus: () => status.focus() };
}
