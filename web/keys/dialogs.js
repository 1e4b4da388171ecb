// The Keys page's overlay (`state.keyDialog`): the key form (form-view.js), the secret of a
// new key shown once — with its Copy button, the warning that it will not be shown again and
// the snippets that use it — and the revoke confirmation. Loaded with the other overlays.

import { h, loadStyles, setSelfDisabled, setText, trapFocus } from '../shared/dom.js';
import { t, describeError, loadStrings } from '../shared/i18n.js';
import * as K from './store.js';
import { copyButton, mountConnect } from './connect.js';
import { mountKeyForm } from './form-view.js';

await Promise.all([loadStrings('keys'), loadStrings('connect'), loadStyles('/keys/keys.css'), loadStyles('/models/pages.css')]);

export function mountKeyDialog(ctx, state) {
  const kind = state.keyDialog.kind;
  if (kind === 'secret') return mountSecret(ctx, state);
  if (kind === 'revoke') return mountRevoke(ctx, state);
  return mountKeyForm(ctx, state);
}

function mountSecret(ctx, state) {
  const d = state.keyDialog;
  const close = () => ctx.dispatch(K.closeKeyDialog);
  const secret = h('code', { class: 'key-secret mono', testid: 'key-secret', tabindex: '0', 'aria-label': t('keys.secretLabel') }, d.secret);
  const done = h('button', { type: 'button', class: 'btn btn-primary', testid: 'key-secret-done', onclick: close }, t('keys.secretDone'));
  const connect = mountConnect({ origin: location.origin, secret: d.secret, headingLevel: 'h3', testid: 'key-secret-connect' });
  const panel = h('div', { class: 'modal-panel key-secret-panel' },
    h('div', { class: 'modal-head' }, h('h2', { id: 'key-secret-title', class: 'modal-title' }, t('keys.secretTitle', { name: d.name })),
      h('button', { type: 'button', class: 'icon-btn', testid: 'modal-close', 'aria-label': t('common.close'), title: t('common.close'), onclick: close }, '×')),
    h('div', { class: 'modal-body' },
      h('p', { class: 'alert alert-warn key-secret-warning', testid: 'key-secret-warning', id: 'key-secret-warning' }, t('keys.secretWarning')),
      h('div', { class: 'key-secret-row' }, secret,
        copyButton({ testid: 'key-secret-copy', label: t('keys.copySecret'), read: () => d.secret })),
      connect.el),
    h('div', { class: 'modal-foot' }, h('div', { class: 'modal-buttons' }, done)));
  const el = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'key-secret-title', 'aria-describedby': 'key-secret-warning',
    testid: 'key-secret-dialog', dataset: { id: d.id } }, panel);
  trapFocus(el);
  return { el, update() {}, initialFocus: () => el.querySelector('[data-testid="key-secret-copy"]').focus() };
}

function mountRevoke(ctx, state) {
  const d = state.keyDialog;
  const error = h('p', { class: 'form-error', testid: 'key-revoke-error', role: 'alert', hidden: true });
  const ok = h('button', { type: 'button', class: 'btn btn-danger', testid: 'key-revoke-confirm', 'data-net': '',
    onclick: () => ctx.keys('revoke') }, t('keys.revokeConfirm'));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'key-revoke-cancel', onclick: () => ctx.dispatch(K.closeKeyDialog) }, t('common.cancel'));
  const panel = h('div', { class: 'dialog-panel', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'key-revoke-title',
    'aria-describedby': 'key-revoke-message', testid: 'key-revoke-dialog', dataset: { id: d.id } },
  h('h2', { id: 'key-revoke-title' }, t('keys.revokeTitle')),
  h('p', { id: 'key-revoke-message' }, t('keys.revokeMessage', { name: d.name })),
  error,
  h('div', { class: 'dialog-actions' }, cancel, ok));
  const el = h('div', { class: 'overlay overlay-center', onclick: (event) => { if (event.target === el && !ctx.getState().keyDialog?.busy) ctx.dispatch(K.closeKeyDialog); } }, panel);
  trapFocus(el);

  function update(next) {
    const dd = next.keyDialog;
    if (!dd || dd.kind !== 'revoke') return;
    const message = dd.error ? describeError(dd.error) : '';
    setText(error, message);
    error.hidden = !message;
    setSelfDisabled(ok, dd.busy);
    setText(ok, t(dd.busy ? 'keys.revoking' : 'keys.revokeConfirm'));
  }
  update(state);
  return { el, update, initialFocus: () => cancel.focus() };
}
