// Confirm dialog (delete, deprecate) and the bottom sheet of row actions on small screens.

import { h, replace, setSelfDisabled, setText, syncBusy, trapFocus } from './dom.js';
import { t, describeError, describeFieldError, loadStrings } from './i18n.js';
import * as S from '../store.js';
import { actionButtons, modelActions } from '../models/models.js';

// The strings of what this shows load with its code, out of the first load.
await loadStrings('forms');

export function mountConfirm(ctx, state) {
  const c = state.confirm;
  const isProvider = c.kind === 'deleteProvider';
  const isOllama = c.kind === 'ollamaDelete';
  // The models list's checked rows (models/bulk-store.js).
  const isBulk = c.kind === 'bulkDelete';
  const isDelete = c.kind === 'delete' || isProvider || isOllama || isBulk;
  const okLabel = (cc, busy) => {
    if (isProvider && cc.cascade) return t(busy ? 'confirm.deleting' : 'confirm.deleteWithModels');
    if (isDelete) return t(busy ? 'confirm.deleting' : 'confirm.delete');
    return t(busy ? 'confirm.deprecating' : 'confirm.deprecate');
  };
  let titleKey = isProvider ? 'confirm.deleteProviderTitle' : isDelete ? 'confirm.deleteTitle' : 'confirm.deprecateTitle';
  let messageKey = isProvider ? 'confirm.deleteProviderMessage' : isDelete ? 'confirm.deleteMessage' : 'confirm.deprecateMessage';
  if (isOllama) [titleKey, messageKey] = ['ollama.confirm.deleteTitle', 'ollama.confirm.deleteMessage'];
  if (isBulk) [titleKey, messageKey] = ['runtime.bulk.deleteTitle', 'runtime.bulk.deleteMessage'];
  const error = h('p', { class: 'form-error', testid: 'confirm-error', role: 'alert', hidden: true });
  const ok = h('button', { type: 'button', class: `btn ${isDelete ? 'btn-danger' : 'btn-primary'}`, testid: 'confirm-ok', 'data-net': '',
    onclick: () => ctx.actions.runConfirm() }, okLabel(c, false));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'confirm-cancel', onclick: () => ctx.dispatch(S.closeConfirm) }, t('common.cancel'));

  let select = null;
  let hint = null;
  if (!isDelete) {
    select = h('select', { id: 'deprecate-replacement', class: 'input', testid: 'deprecate-replacement', 'aria-describedby': 'deprecate-hint',
      onchange: (event) => ctx.dispatch(S.setConfirmReplacement, event.target.value) });
    hint = h('p', { id: 'deprecate-hint', class: 'hint' }, t(c.isDefault ? 'confirm.replacementDefaultHint' : 'confirm.replacementHint'));
  }

  // Deleting a local model: its downloaded file stays on disk unless this box is checked.
  let deleteFile = null;
  if (c.kind === 'delete' && c.local) {
    deleteFile = h('input', { type: 'checkbox', id: 'confirm-delete-file', testid: 'model-delete-file', 'aria-describedby': 'confirm-delete-file-hint',
      onchange: (event) => ctx.dispatch(S.setConfirmDeleteFile, event.target.checked) });
  }
  const panel = h('div', { class: 'dialog-panel', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message', testid: 'confirm-dialog' },
    h('h2', { id: 'confirm-title' }, t(titleKey)),
    h('p', { id: 'confirm-message' }, t(messageKey, { name: c.name, server: c.server, count: c.count })),
    deleteFile ? h('div', { class: 'check-field' },
      h('label', { class: 'check', for: 'confirm-delete-file' }, deleteFile, h('span', {}, t('confirm.deleteFile'))),
      h('p', { id: 'confirm-delete-file-hint', class: 'hint' }, t('confirm.deleteFileHint'))) : null,
    select ? h('div', { class: 'field' }, h('label', { for: 'deprecate-replacement' }, t('confirm.replacement')), select, hint) : null,
    error,
    h('div', { class: 'dialog-actions' }, cancel, ok));
  const el = h('div', { class: 'overlay overlay-center', onclick: (event) => { if (event.target === el && !ctx.getState().confirm?.busy) ctx.dispatch(S.closeConfirm); } }, panel);
  trapFocus(el);

  function renderOptions(next) {
    const cc = next.confirm;
    const options = [h('option', { value: '' }, t(cc.candidatesStatus === 'loading' ? 'confirm.loadingCandidates' : 'confirm.noReplacement'))];
    for (const candidate of cc.candidates) options.push(h('option', { value: candidate.id }, candidate.name));
    replace(select, options);
    select.value = cc.replacement;
  }

  function update(next, prev) {
    const cc = next.confirm;
    if (!cc) return;
    if (select && (!prev || !prev.confirm || cc.candidates !== prev.confirm.candidates || cc.candidatesStatus !== prev.confirm.candidatesStatus)) renderOptions(next);
    if (select && select.value !== cc.replacement) select.value = cc.replacement;
    if (deleteFile) {
      if (deleteFile.checked !== cc.deleteFile) deleteFile.checked = cc.deleteFile;
      deleteFile.disabled = cc.busy;
    }
    let message = '';
    if (isProvider && cc.cascade && cc.error && cc.error.code === 'provider_has_models') {
      message = t('confirm.providerHasModels', { name: cc.name });
    } else if (cc.error) {
      const fieldMessages = Object.entries(cc.error.fields || {}).map(([field, error]) => describeFieldError(error, { field }));
      message = [describeError(cc.error), ...fieldMessages].join(' ');
    }
    setText(error, message);
    error.hidden = !message;
    if (select) {
      if (cc.error && cc.error.fields && Object.keys(cc.error.fields).length) select.setAttribute('aria-invalid', 'true');
      else select.removeAttribute('aria-invalid');
    }
    setSelfDisabled(ok, cc.busy);
    setText(ok, okLabel(cc, cc.busy));
    ok.dataset.cascade = cc.cascade ? 'true' : 'false';
  }
  update(state, null);
  return { el, update, initialFocus: () => (select || cancel).focus() };
}

export function mountSheet(ctx, state) {
  const model = S.selectModel(state, state.sheet.id);
  const buttons = h('div', { class: 'sheet-actions' });
  const title = h('h2', { id: 'sheet-title', class: 'sheet-title' }, model ? model.name : '');
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost btn-block', testid: 'sheet-cancel', onclick: () => ctx.dispatch(S.closeSheet) }, t('common.cancel'));
  const panel = h('div', { class: 'sheet-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'sheet-title', testid: 'action-sheet' },
    h('div', { class: 'sheet-grip', 'aria-hidden': 'true' }), title, buttons, cancel);
  const el = h('div', { class: 'overlay overlay-bottom', onclick: (event) => { if (event.target === el) ctx.dispatch(S.closeSheet); } }, panel);
  trapFocus(el);

  let shownSignature = null;
  function update(next, prev) {
    if (!next.sheet) return;
    const live = (state) => [state.models, state.jobs.items, state.downloads, state.runtime];
    if (prev && next.busy === prev.busy && next.sheet === prev.sheet && live(next).every((part, i) => part === live(prev)[i])) return;
    const current = S.selectModel(next, next.sheet.id);
    if (!current) {
      buttons.replaceChildren();
      return;
    }
    setText(title, current.name);
    // Rebuilt when the actions change (a download starts or ends), not on progress events.
    const download = S.selectDownload(next, current);
    const signature = JSON.stringify([current, download && [download.canStart, download.canCancel, download.startLabel], modelActions(next, current, download)]);
    if (signature !== shownSignature) {
      shownSignature = signature;
      const focus = document.activeElement && buttons.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
      replace(buttons, actionButtons(ctx, next, current, { block: true }));
      if (focus) (buttons.querySelector(`[data-testid="${focus}"]`) || buttons.querySelector('button'))?.focus();
    }
    syncBusy(buttons, next.busy);
  }
  update(state, null);
  return { el, update, initialFocus: () => (buttons.querySelector('button:not([disabled])') || cancel).focus() };
}
