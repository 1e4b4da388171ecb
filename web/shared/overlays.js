// The overlays above the page: the action sheet, the model and connection modals, the Ollama
// and key dialogs, the models page's Deploy and Start / Stop dialogs, the test prompt and confirmations. One at a time is usable (the page and
// lower ones are inert); focus goes to the new one and back to what opened it. Loaded by
// app.js with the first overlay, together with the views' code, strings and styles.

import { focusKey, loadStyles, restoreFocus } from './dom.js';
import { loadStrings } from './i18n.js';

const OVERLAYS = [
  // [state key, name of the mount function, identity of one opening]
  ['sheet', 'mountSheet', (state) => state.sheet.id],
  ['modal', 'mountModelModal', (state) => state.modal.seq],
  ['providerModal', 'mountProviderModal', (state) => state.providerModal.seq],
  ['ollamaDialog', 'mountOllamaDialog', (state) => state.ollamaDialog.seq],
  ['runtimeDialog', 'mountRuntimeDialog', (state) => state.runtimeDialog.seq],
  ['modelTest', 'mountModelTest', (state) => state.modelTest.seq],
  ['keyDialog', 'mountKeyDialog', (state) => state.keyDialog.seq],
  ['confirm', 'mountConfirm', (state) => state.confirm.seq],
];

export async function loadOverlays({ ctx, root, overlayRoot }) {
  const modules = await Promise.all([loadStyles('/models/models.css'), loadStyles('/shared/overlays.css'), loadStrings('models'),
    import('../models/modal.js'), import('../models/provider-modal.js'), import('./dialogs.js'), import('../ollama/dialogs.js'), import('../models/runtime-dialogs.js'),
    import('../governance/test-dialog.js'), import('../keys/dialogs.js')]);
  const views = Object.assign({}, ...modules);
  let mounted = {};
  let returnFocus = null;

  // A new screen (signed out, another language): whatever was open goes.
  function reset() {
    for (const entry of Object.values(mounted)) entry.view.el.remove();
    mounted = {};
    returnFocus = null;
    root.inert = false;
    document.body.classList.remove('has-overlay');
  }

  function sync(state, prev) {
    let opened = null;
    let closedOpener = null;
    for (const [key, mountName, identity] of OVERLAYS) {
      const current = mounted[key];
      if (!state[key]) {
        if (current) {
          current.view.el.remove();
          delete mounted[key];
          closedOpener = current.opener;
        }
        continue;
      }
      const id = identity(state);
      if (current && current.id === id) {
        current.view.update(state, prev);
        continue;
      }
      if (current) current.view.el.remove();
      if (!Object.keys(mounted).length && !returnFocus) {
        const active = document.activeElement;
        returnFocus = { el: active, key: focusKey(root) };
      }
      // opener: what had focus, to go back to when this overlay closes above another one.
      const entry = { id, view: views[mountName](ctx, state), opener: document.activeElement };
      mounted[key] = entry;
      overlayRoot.appendChild(entry.view.el);
      opened = entry;
    }
    // Only the top overlay is usable; the page and lower overlays are inert.
    const order = OVERLAYS.map(([key]) => mounted[key]).filter(Boolean);
    order.forEach((entry, index) => { entry.view.el.inert = index !== order.length - 1; });
    const anyOpen = order.length > 0;
    root.inert = anyOpen;
    document.body.classList.toggle('has-overlay', anyOpen);
    if (opened) opened.view.initialFocus();
    else if (anyOpen && prev && order.length < OVERLAYS.filter(([key]) => prev[key]).length) {
      // A higher overlay closed: focus goes back into the one now on top (to the control that
      // opened it when it is still there).
      const top = order[order.length - 1].view.el;
      if (closedOpener && closedOpener.isConnected && top.contains(closedOpener)) closedOpener.focus();
      else if (!top.contains(document.activeElement)) top.querySelector('button, input, select')?.focus();
    }
    if (!anyOpen && returnFocus) {
      const back = returnFocus;
      returnFocus = null;
      if (back.el && back.el.isConnected && !back.el.disabled) back.el.focus();
      else if (back.key) restoreFocus(root, back.key);
      if (!root.contains(document.activeElement)) document.getElementById('main')?.focus();
    }
  }

  return { sync, reset };
}
