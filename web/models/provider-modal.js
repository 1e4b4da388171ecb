// The connection's "configure" / "add" modal: built once when it opens; later state changes
// only patch values, errors, the key controls, the test result and the save button.

import { h, replace, setSelfDisabled, setText } from '../shared/dom.js';
import { t, kindLabel } from '../shared/i18n.js';
import * as S from '../store.js';
import * as F from './forms.js';
import { renderTestResult } from './providers.js';
import { buildField, focusFirstError, generalMessage, modalFrame, secretControls, showFieldError } from './form-view.js';

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
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'modal-cancel', onclick: () => ctx.dispatch(S.closeProviderModal) }, t('modal.discard'));
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
