// The models page's Ollama dialogs (state.runtimeDialog, models/runtime-dialog-store.js):
// Deploy a downloaded model (a box per enabled Ollama connection, an optional Ollama name and
// system prompt, errors under their fields) and the server choice of Start / Stop (a box per
// server, Force for Stop). Loaded with the other overlays (shared/overlays.js).

import { h, replace, setSelfDisabled, setText, trapFocus } from '../shared/dom.js';
import { t, describeFieldError } from '../shared/i18n.js';
import * as D from './runtime-dialog-store.js';
import { runtimeErrorText } from './runtime-text.js';

export function mountRuntimeDialog(ctx, state) {
  return state.runtimeDialog.kind === 'deploy' ? mountDeploy(ctx, state) : mountServers(ctx, state);
}

const close = (ctx) => {
  if (!ctx.getState().runtimeDialog?.busy) ctx.dispatch(D.closeRuntimeDialog);
};

// The overlay around a dialog's form; a click outside closes it unless a request is under way.
function overlay(ctx, panel) {
  const el = h('div', { class: 'overlay overlay-center', onclick: (event) => { if (event.target === el) close(ctx); } }, panel);
  trapFocus(el);
  return el;
}

const fieldError = (id, testid) => h('p', { id, class: 'field-error', testid, role: 'alert', hidden: true });

function showError(node, message, control = null) {
  setText(node, message);
  node.hidden = !message;
  if (!control) return;
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

// One box per server: `servers` [{id, name, note}], checked from `selected`.
function serverBoxes(ctx, servers, prefix, onChange) {
  return servers.map((server) => {
    const id = `${prefix}-server-${server.id}`;
    return h('label', { class: 'check server-check', for: id },
      h('input', { type: 'checkbox', id, testid: `${prefix}-server`, dataset: { id: server.id }, onchange: (event) => onChange(server.id, event.target.checked) }),
      h('span', {}, server.name, server.note ? h('span', { class: 'muted' }, ' · ', server.note) : null));
  });
}

const syncBoxes = (list, selected, disabled) => {
  for (const input of list.querySelectorAll('input[type="checkbox"]')) {
    input.checked = !!selected[input.dataset.id];
    input.disabled = disabled;
  }
};

// --- Deploy ----------------------------------------------------------------------------------

function mountDeploy(ctx, state) {
  const dialog = state.runtimeDialog;
  const servers = h('div', { class: 'server-list', role: 'group', 'aria-labelledby': 'deploy-servers-label', 'aria-describedby': 'deploy-servers-error' },
    serverBoxes(ctx, dialog.servers, 'deploy', (id, on) => ctx.dispatch(D.setDeployServer, id, on)));
  const serversError = fieldError('deploy-servers-error', 'error-provider_ids');
  const name = h('input', {
    id: 'deploy-name', class: 'input mono', testid: 'deploy-name', type: 'text', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off',
    placeholder: t('runtime.deploy.namePlaceholder'), 'aria-describedby': 'deploy-name-hint deploy-name-error',
    oninput: (event) => ctx.dispatch(D.setDeployValue, 'name', event.target.value),
  });
  const nameError = fieldError('deploy-name-error', 'error-name');
  const system = h('textarea', {
    id: 'deploy-system', class: 'input', testid: 'deploy-system', rows: '3', 'aria-describedby': 'deploy-system-hint deploy-system-error',
    oninput: (event) => ctx.dispatch(D.setDeployValue, 'system', event.target.value),
  });
  const systemError = fieldError('deploy-system-error', 'error-system');
  const error = h('p', { class: 'form-error', testid: 'deploy-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'deploy-submit', 'data-net': '' }, t('runtime.deploy.submit'));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'deploy-cancel', onclick: () => close(ctx) }, t('common.cancel'));
  const panel = h('form', {
    class: 'dialog-panel', novalidate: true, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'deploy-title', testid: 'deploy-dialog',
    dataset: { modelId: dialog.modelID },
    onsubmit: (event) => {
      event.preventDefault();
      ctx.runtime('submitDeploy');
    },
  },
  h('h2', { id: 'deploy-title' }, t('runtime.deploy.title', { name: dialog.modelName })),
  h('p', { class: 'hint' }, t('runtime.deploy.intro')),
  h('div', { class: 'field' }, h('span', { id: 'deploy-servers-label', class: 'field-label' }, t('runtime.deploy.servers')),
    dialog.servers.length ? servers : h('p', { class: 'notice', testid: 'deploy-no-servers' }, t('runtime.deploy.noServers')), serversError),
  h('div', { class: 'field' }, h('label', { for: 'deploy-name' }, t('runtime.deploy.name')), name,
    h('p', { id: 'deploy-name-hint', class: 'hint' }, t('runtime.deploy.nameHint')), nameError),
  h('div', { class: 'field' }, h('label', { for: 'deploy-system' }, t('runtime.deploy.system')), system,
    h('p', { id: 'deploy-system-hint', class: 'hint' }, t('runtime.deploy.systemHint')), systemError),
  error,
  h('div', { class: 'dialog-actions' }, cancel, submit));
  const el = overlay(ctx, panel);

  function update(next) {
    const d = next.runtimeDialog;
    if (!d || d.kind !== 'deploy') return;
    syncBoxes(servers, d.selected, d.busy);
    const say = (field) => (d.errors[field] ? describeFieldError(d.errors[field], { field, label: t(`runtime.deploy.field.${field}`) }) : '');
    showError(serversError, say('provider_ids'));
    showError(nameError, say('name'), name);
    showError(systemError, say('system'), system);
    const unplaced = d.error ? Object.entries(d.error.fields || {}).map(([field, e]) => describeFieldError(e, { field })) : [];
    showError(error, d.error ? [runtimeErrorText(d.error), ...unplaced].join(' ') : '');
    name.readOnly = d.busy;
    system.readOnly = d.busy;
    setSelfDisabled(submit, d.busy || !d.servers.length);
    setText(submit, t(d.busy ? 'runtime.deploy.submitting' : 'runtime.deploy.submit'));
  }
  update(state);
  return { el, update, initialFocus: () => (servers.querySelector('input') || name).focus() };
}

// --- Start / Stop on chosen servers ----------------------------------------------------------------

function mountServers(ctx, state) {
  const dialog = state.runtimeDialog;
  const kind = dialog.kind;
  const body = h('div', { class: 'server-list', role: 'group', 'aria-labelledby': 'servers-title', 'aria-live': 'polite' });
  const force = kind === 'stop' ? h('input', { type: 'checkbox', id: 'servers-force', testid: 'servers-force', 'aria-describedby': 'servers-force-hint',
    onchange: (event) => ctx.dispatch(D.setForce, event.target.checked) }) : null;
  const error = h('p', { class: 'form-error', testid: 'servers-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: `btn ${kind === 'stop' ? 'btn-danger' : 'btn-primary'}`, testid: 'servers-submit', 'data-net': '', dataset: { action: kind } },
    t(`runtime.servers.${kind}`));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'servers-cancel', onclick: () => close(ctx) }, t('common.cancel'));
  const panel = h('form', {
    class: 'dialog-panel', novalidate: true, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'servers-title', testid: 'servers-dialog',
    dataset: { action: kind, modelId: dialog.modelID },
    onsubmit: (event) => {
      event.preventDefault();
      ctx.runtime('submitServers');
    },
  },
  h('h2', { id: 'servers-title' }, t(`runtime.servers.${kind}Title`, { name: dialog.modelName })),
  body,
  force ? h('div', { class: 'check-field' }, h('label', { class: 'check', for: 'servers-force' }, force, h('span', {}, t('runtime.servers.force'))),
    h('p', { id: 'servers-force-hint', class: 'hint' }, t('runtime.servers.forceHint'))) : null,
  error,
  h('div', { class: 'dialog-actions' }, cancel, submit));
  const el = overlay(ctx, panel);

  let shownServers = null;
  function update(next) {
    const d = next.runtimeDialog;
    if (!d || d.kind !== kind) return;
    if (d.servers !== shownServers || d.status !== 'ready') {
      shownServers = d.servers;
      if (d.status === 'loading') replace(body, h('p', { class: 'muted', role: 'status' }, t('common.loading')));
      else if (d.status === 'ready' && !d.servers.length) replace(body, h('p', { class: 'muted', testid: 'servers-none' }, t('runtime.servers.none')));
      else if (d.status === 'ready') {
        replace(body, serverBoxes(ctx, d.servers.map((s) => ({ id: s.id, name: s.name, note: t(`runtime.status.${s.status}`) })), 'servers',
          (id, on) => ctx.dispatch(D.setServerChecked, id, on)));
      } else body.replaceChildren();
    }
    syncBoxes(body, d.selected, d.busy);
    if (force) {
      force.checked = d.force;
      force.disabled = d.busy;
    }
    const unplaced = d.error ? Object.values(d.error.fields || {}).map((e) => describeFieldError(e, { field: 'provider_ids' })) : [];
    const general = d.error && d.error.code !== 'client_validation' ? runtimeErrorText(d.error) : '';
    showError(error, [general, ...unplaced].filter(Boolean).join(' '));
    setSelfDisabled(submit, d.busy || d.status !== 'ready' || !d.servers.length);
    setText(submit, t(d.busy ? `runtime.servers.${kind}Busy` : `runtime.servers.${kind}`));
  }
  update(state);
  return { el, update, initialFocus: () => (body.querySelector('input') || cancel).focus() };
}
