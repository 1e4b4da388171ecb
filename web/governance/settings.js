// Settings page (#/settings): the system settings in effect with their help text — downloads
// at once, the Ollama servers' group (list cache, status polling, keep-alive, update checks), catalog sync's group
// (price data URL, discovery interval), the Hugging Face endpoint, how long finished jobs are kept
// (job history), a default model per purpose
// (active models, grouped by connection) — each with "Reset to default" (null), the server's
// messages under their fields; then export / import (views/transfer.js). Loaded on first visit.

import { h, loadStyles, replace, setSelfDisabled, setText } from '../shared/dom.js';
import { t, describeError, loadStrings } from '../shared/i18n.js';
import * as C from './settings-store.js';
import { mountTransfer } from './transfer.js';
import { getMeta } from '../shared/meta.js';

await Promise.all([loadStrings('governance'), loadStyles('/models/models.css'), loadStyles('/governance/governance.css'), loadStyles('/shared/overlays.css')]);

const SYSTEM_FIELDS = ['download_concurrency', 'hf_endpoint', 'job_retention_days', ...C.CHOICE_SETTINGS];
const INPUT_MODES = { hf_endpoint: 'url', ollama_keep_alive: 'text', price_data_url: 'url' };
const URL_SETTINGS = new Set(['hf_endpoint', 'price_data_url']);
const id = (field) => `setting-${field.replace('.', '-')}`;

const { settingLabel, settingError } = C;

export function mountSettings(ctx, state) {
  const set = (field, value) => ctx.dispatch(C.setSettingValue, field, value);
  const entries = C.SETTING_FIELDS.map((field) => buildEntry(ctx, field, set));
  const byField = Object.fromEntries(entries.map((entry) => [entry.field, entry]));
  const status = h('div', { class: 'page-status' });
  const generalError = h('p', { class: 'form-error', testid: 'settings-error', role: 'alert', hidden: true, tabindex: '-1' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'settings-save', 'data-net': '' }, t('settings.save'));
  const form = h('form', {
    class: 'card settings-form', testid: 'settings-form', novalidate: true, 'aria-labelledby': 'page-title',
    onsubmit: async (event) => {
      event.preventDefault();
      const ok = await ctx.governance('saveSettings');
      const s = C.selectSettings(ctx.getState());
      if (!ok) (entries.find((entry) => s.errors[entry.field])?.control || generalError).focus();
    },
  },
  h('fieldset', { class: 'group' }, h('legend', {}, t('settings.group.system')),
    h('div', { class: 'settings-grid' }, SYSTEM_FIELDS.map((field) => byField[field].wrapper))),
  h('fieldset', { class: 'group', testid: 'settings-ollama' }, h('legend', {}, t('settings.group.ollama')),
    h('div', { class: 'settings-grid' }, C.OLLAMA_SETTINGS.map((field) => byField[field].wrapper))),
  h('fieldset', { class: 'group', testid: 'settings-catalog' }, h('legend', {}, t('settings.group.catalog')),
    h('div', { class: 'settings-grid' }, C.CATALOG_SETTINGS.map((field) => byField[field].wrapper))),
  h('fieldset', { class: 'group' }, h('legend', {}, t('settings.group.defaults')),
    h('p', { class: 'hint' }, t('settings.defaultsHint')),
    h('div', { class: 'settings-grid' }, C.PURPOSES.map((purpose) => byField[`default_models.${purpose}`].wrapper))),
  generalError,
  h('div', { class: 'form-buttons' }, save));
  const transfer = mountTransfer(ctx, state);
  const sessions = h('section', { class: 'card', testid: 'sessions', 'aria-labelledby': 'sessions-title' },
    h('h2', { id: 'sessions-title' }, t('sessions.title')),
    h('p', { class: 'hint' }, t('sessions.hint')),
    h('button', { type: 'button', class: 'btn btn-secondary', testid: 'logout-everywhere', 'data-net': '',
      onclick: () => ctx.actions.logout({ everywhere: true }) }, t('sessions.signOutEverywhere')));
  const el = h('section', { class: 'page', testid: 'settings-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('settings.title'))),
    h('p', { class: 'muted page-intro' }, t('settings.intro')),
    status, form, transfer.el, sessions);

  function renderOptions(next) {
    for (const purpose of C.PURPOSES) {
      const entry = byField[`default_models.${purpose}`];
      const { groups, missing } = C.selectDefaultModelGroups(next, purpose);
      const candidates = C.selectSettings(next).candidates;
      replace(entry.control,
        h('option', { value: '' }, t(candidates.status === 'loading' && !groups.length ? 'common.loading' : 'settings.noDefault')),
        groups.map((group) => h('optgroup', { label: group.label }, group.models.map((model) => h('option', { value: model.id }, model.name)))),
        missing ? h('option', { value: missing }, next.modelNames[missing] || missing) : null);
      entry.control.value = C.selectSettings(next).values[entry.field] || '';
    }
  }

  function render(next, prev) {
    const s = C.selectSettings(next);
    const before = prev ? C.selectSettings(prev) : null;
    if (s.status === 'error' && !s.data) {
      replace(status, h('div', { class: 'alert', role: 'alert' }, h('p', {}, t('settings.loadFailed'), ' ', describeError(s.error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.governance('loadSettings') }, t('action.retry'))));
    } else if (!s.data) {
      replace(status, h('p', { class: 'muted', role: 'status' }, t(next.online ? 'settings.loading' : 'offline.noData')));
    } else {
      status.replaceChildren();
    }
    form.hidden = !s.data;
    if (!before || s.candidates !== before.candidates || next.providers.items !== prev.providers.items || next.modelNames !== prev.modelNames) renderOptions(next);
    for (const entry of entries) entry.update(s);
    const message = s.saveError ? generalMessage(s.saveError) : '';
    setText(generalError, message);
    generalError.hidden = !message;
    form.setAttribute('aria-busy', s.saving ? 'true' : 'false');
    setSelfDisabled(save, s.saving);
    setText(save, t(s.saving ? 'settings.saving' : 'settings.save'));
  }

  function update(next, prev) {
    if (!prev || C.selectSettings(next) !== C.selectSettings(prev) || next.providers !== prev.providers || next.modelNames !== prev.modelNames || next.online !== prev.online) render(next, prev);
    transfer.update(next, prev);
  }
  render(state, null);
  return { el, update };
}

function generalMessage(error) {
  if (error.code === 'client_validation') return t('modal.fixFields');
  const extra = Object.entries(error.unplaced || {}).map(([field, message]) => `${settingLabel(field)}${t('common.colon')}${settingError(message, field)}`);
  return [describeError(error), ...extra].join(' ');
}

// One setting: label, control (input or select of models), help, what is in effect, the
// error (`error-<field>`) and Reset to default (`reset-<field>`).
function buildEntry(ctx, field, set) {
  const purpose = field.startsWith('default_models.') ? field.slice(15) : null;
  const control = C.CHOICE_SETTINGS.includes(field)
    ? choiceControl(field, set)
    : purpose
    ? h('select', { id: id(field), class: 'input', testid: `field-${field}`, 'aria-describedby': `${id(field)}-hint ${id(field)}-error`,
      onchange: (event) => set(field, event.target.value) })
    : h('input', {
      id: id(field), class: 'input', testid: `field-${field}`, type: URL_SETTINGS.has(field) ? 'url' : 'text', autocomplete: 'off',
      inputmode: INPUT_MODES[field] || 'numeric', spellcheck: 'false', 'aria-describedby': `${id(field)}-hint ${id(field)}-current ${id(field)}-error`,
      oninput: (event) => set(field, event.target.value),
      onchange: (event) => set(field, event.target.value),
      onblur: () => ctx.dispatch(C.touchSetting, field),
    });
  const label = purpose ? t(`settings.purpose.${purpose}`) : t(`settings.field.${field}`);
  const current = h('p', { id: `${id(field)}-current`, class: 'hint setting-current', testid: `current-${field}` });
  const error = h('p', { id: `${id(field)}-error`, class: 'field-error', testid: `error-${field}`, hidden: true });
  const reset = h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: `reset-${field}`, 'data-net': '',
    'aria-label': t('settings.resetNamed', { name: label }), onclick: () => ctx.governance('resetSetting', field) }, t(purpose ? 'settings.clear' : 'settings.reset'));
  const wrapper = h('div', { class: 'field setting', dataset: { field } },
    h('div', { class: 'setting-head' }, h('label', { for: id(field) }, label), reset),
    control,
    h('p', { id: `${id(field)}-hint`, class: 'hint' }, t(purpose ? `settings.help.${purpose}` : `settings.help.${field}`)),
    purpose ? null : current,
    error);

  function update(s) {
    wrapper.hidden = !C.selectHasSetting(s.data, field);
    const value = s.values[field] ?? '';
    // Without the server's list (an older server), the value in effect is the one choice shown.
    if (control.tagName === 'SELECT' && !purpose && value && ![...control.options].some((option) => option.value === value)) {
      control.append(h('option', { value }, value));
    }
    // What is typed is already in the store; a value the store set itself (loaded, saved,
    // reset) is written into the control.
    if (control.value !== value) control.value = value;
    // An empty price data URL is the snapshot shipped with Hangar.
    const inEffect = C.valueOf(s.data, field) || (field === 'price_data_url' ? t('settings.snapshot') : '');
    if (!purpose) setText(current, s.data ? t('settings.inEffect', { value: inEffect }) : '');
    const message = s.errors[field] ? settingError(s.errors[field], field) : '';
    setText(error, message);
    error.hidden = !message;
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
    reset.setAttribute('aria-busy', s.resetting[field] ? 'true' : 'false');
  }
  return { field, wrapper, control, update };
}

// A setting picked from the server's list of values (GET /api/meta `kinds`), each with its label.
function choiceControl(field, set) {
  const choices = (getMeta()?.kinds || {})[field] || [];
  return h('select', { id: id(field), class: 'input', testid: `field-${field}`,
    'aria-describedby': `${id(field)}-hint ${id(field)}-current ${id(field)}-error`, onchange: (event) => set(field, event.target.value) },
  choices.map((value) => h('option', { value }, t(`settings.choice.${field}.${value}`))));
}
