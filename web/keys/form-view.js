// The key form in its modal (New key, Edit): name, models (every active model, or a chosen
// list with a filter), scopes, limits, budget with its period, expiry. Built once when it
// opens; state changes patch values, errors and the save button.

import { h, replace, setSelfDisabled, setText } from '../shared/dom.js';
import { t, describeFieldError, fieldLabel } from '../shared/i18n.js';
import { buildField, focusFirstError, generalMessage, modalFrame } from '../models/form-view.js';
import * as F from './form.js';
import * as K from './store.js';

function showError(entry, error) {
  const text = error ? describeFieldError(error, { field: entry.field, rule: F.keyRule(entry.field) }) : '';
  setText(entry.error, text);
  entry.error.hidden = !text;
  if (text) entry.control.setAttribute('aria-invalid', 'true');
  else entry.control.removeAttribute('aria-invalid');
}

// A fieldset of check boxes or radios with its error slot (`error-<field>`).
function choiceGroup(field, legend, hint, items) {
  const error = h('p', { id: `key-${field}-error`, class: 'field-error', testid: `error-${field}`, hidden: true });
  const control = h('fieldset', { class: 'group key-choices', 'aria-describedby': `key-${field}-error` }, h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null, items, error);
  return { field, wrapper: control, control, error };
}

export function mountKeyForm(ctx, state) {
  const d = state.keyDialog;
  const isCreate = d.kind === 'create';
  const onInput = (field, value) => ctx.dispatch(F.setKeyValue, field, value);
  const onBlur = (field) => ctx.dispatch(F.touchKeyField, field);
  const inputs = ['name', ...F.LIMITS, 'budget_usd', 'budget_period', 'expires_at'].map((field) => buildField('key', field, {
    onInput, onBlur, select: field === 'budget_period', type: field === 'expires_at' ? 'date' : null,
  }));
  const byField = Object.fromEntries(inputs.map((entry) => [entry.field, entry]));
  byField.budget_usd.control.setAttribute('inputmode', 'decimal');
  for (const field of F.LIMITS) byField[field].control.setAttribute('placeholder', t('keys.noLimitPlaceholder'));
  replace(byField.budget_period.control, h('option', { value: '' }, t('keys.period.none')),
    F.PERIODS.map((period) => h('option', { value: period }, t(`keys.period.${period}`))));
  byField.expires_at.wrapper.append(h('p', { class: 'hint' }, t('keys.expiryHint')));

  const scopeBoxes = F.SCOPES.map((scope) => h('input', { type: 'checkbox', id: `key-scope-${scope}`, testid: `field-scope-${scope.split(':')[0]}`, value: scope,
    onchange: (event) => ctx.dispatch(F.toggleKeyItem, 'scopes', scope, event.target.checked) }));
  const scopes = choiceGroup('scopes', fieldLabel('scopes'), null, F.SCOPES.map((scope, i) => h('label', { class: 'check', for: `key-scope-${scope}` },
    scopeBoxes[i], h('span', {}, h('strong', {}, t(`keys.scope.${scope}`)), ' — ', t(`keys.scopeHint.${scope}`)))));

  const radio = (value, testid, label) => h('input', { type: 'radio', name: 'key-models-mode', id: `key-models-${value}`, value, testid,
    onchange: () => ctx.dispatch(F.setKeyValue, 'allModels', value === 'all') });
  const allRadio = radio('all', 'field-models-all');
  const someRadio = radio('some', 'field-models-some');
  const filter = h('input', { type: 'search', class: 'input', testid: 'key-models-filter', 'aria-label': t('keys.modelsFilter'), placeholder: t('keys.modelsFilter'),
    oninput: () => renderModels(ctx.getState()) });
  const modelList = h('div', { class: 'key-model-list', testid: 'key-model-list', role: 'group', 'aria-label': t('keys.models') });
  const picker = h('div', { class: 'key-model-picker' }, filter, modelList);
  const models = choiceGroup('models', fieldLabel('models'), t('keys.modelsHint'), [
    h('label', { class: 'check', for: 'key-models-all' }, allRadio, h('span', {}, t('keys.allModels'))),
    h('label', { class: 'check', for: 'key-models-some' }, someRadio, h('span', {}, t('keys.someModels'))), picker]);
  // A group's error focuses its first choice (a fieldset takes no focus).
  models.control = someRadio;
  scopes.control = scopeBoxes[0];
  const entries = [byField.name, models, scopes, ...F.LIMITS.map((f) => byField[f]), byField.budget_usd, byField.budget_period, byField.expires_at];

  const generalError = h('p', { class: 'form-error', testid: 'modal-error', role: 'alert', hidden: true, tabindex: '-1' });
  const close = () => ctx.dispatch(K.closeKeyDialog);
  const saveLabel = () => t(isCreate ? 'keys.create' : 'keys.save');
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'modal-save', 'data-net': '' }, saveLabel());
  const { el, form } = modalFrame({
    testid: 'key-modal', titleText: isCreate ? t('keys.createTitle') : t('keys.editTitle', { name: d.name }), closeLabel: t('common.close'),
    body: [
      h('p', { class: 'muted' }, t(isCreate ? 'keys.createIntro' : 'keys.editIntro')),
      h('div', { class: 'group-grid' }, byField.name.wrapper),
      models.wrapper, scopes.wrapper,
      h('fieldset', { class: 'group' }, h('legend', {}, t('keys.limits')), h('p', { class: 'hint' }, t('keys.limitsHint')),
        h('div', { class: 'group-grid' }, F.LIMITS.map((f) => byField[f].wrapper))),
      h('fieldset', { class: 'group' }, h('legend', {}, t('keys.budget')), h('p', { class: 'hint' }, t('keys.budgetHint')),
        h('div', { class: 'group-grid' }, byField.budget_usd.wrapper, byField.budget_period.wrapper, byField.expires_at.wrapper)),
    ],
    footer: [generalError, h('div', { class: 'modal-buttons' },
      h('button', { type: 'button', class: 'btn btn-ghost', testid: 'modal-cancel', onclick: close }, t('modal.discard')), save)],
    onClose: close,
    onSubmit: async () => {
      const ok = await ctx.keys('saveKey');
      const after = ctx.getState().keyDialog;
      if (!ok && after && after.seq === d.seq && after.values && !focusFirstError(entries, after.errors)) generalError.focus();
    },
  });
  el.classList.add('key-modal');

  let modelsShown = null;
  function renderModels(next) {
    const dd = next.keyDialog;
    const k = K.selectKeys(next).models;
    const chosen = new Set(dd.values.models);
    const query = filter.value.trim().toLowerCase();
    // Chosen ids the catalog no longer lists stay visible, so they can be removed.
    const known = new Set(k.items.map((m) => m.id));
    const items = [...k.items, ...dd.values.models.filter((id) => !known.has(id)).map((id) => ({ id, name: next.modelNames?.[id] || id, provider_id: '' }))]
      .filter((m) => !query || `${m.name} ${m.provider_id} ${m.id}`.toLowerCase().includes(query));
    const signature = JSON.stringify([items.map((m) => m.id), [...chosen], k.status]);
    if (signature === modelsShown) return;
    modelsShown = signature;
    const focused = document.activeElement && modelList.contains(document.activeElement) ? document.activeElement.value : null;
    replace(modelList, k.status === 'loading' && !k.items.length ? h('p', { class: 'muted' }, t('common.loading')) : null,
      k.status === 'ready' && !items.length ? h('p', { class: 'muted' }, t('keys.noModels')) : null,
      items.map((m) => h('label', { class: 'check key-model-option' },
        h('input', { type: 'checkbox', value: m.id, testid: 'key-model-option', checked: chosen.has(m.id), dataset: { id: m.id },
          onchange: (event) => ctx.dispatch(F.toggleKeyItem, 'models', m.id, event.target.checked) }),
        h('span', {}, m.name, m.provider_id ? h('span', { class: 'muted small' }, ` · ${m.provider_id}`) : null))));
    if (focused) modelList.querySelector(`input[value="${CSS.escape(focused)}"]`)?.focus();
  }

  function update(next, prev) {
    const dd = next.keyDialog;
    if (!dd || !dd.values) return;
    const before = prev && prev.keyDialog;
    if (before === dd && K.selectKeys(next).models === K.selectKeys(prev).models) return;
    for (const entry of inputs) {
      const value = dd.values[entry.field] ?? '';
      if ((!before || before.values[entry.field] !== value) && entry.control.value !== value) entry.control.value = value;
    }
    scopeBoxes.forEach((box) => { box.checked = dd.values.scopes.includes(box.value); });
    allRadio.checked = dd.values.allModels;
    someRadio.checked = !dd.values.allModels;
    picker.hidden = dd.values.allModels;
    if (!dd.values.allModels) renderModels(next);
    for (const entry of entries) showError(entry, dd.errors[entry.field]);
    const message = generalMessage(dd.error);
    setText(generalError, message);
    generalError.hidden = !message;
    form.setAttribute('aria-busy', dd.saving ? 'true' : 'false');
    setSelfDisabled(save, dd.saving);
    setText(save, dd.saving ? t('keys.saving') : saveLabel());
  }
  update(state, null);
  return { el, update, initialFocus: () => byField.name.control.focus() };
}
