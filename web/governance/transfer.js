// Export / import on the Settings page. Export saves GET /api/export as
// hangar-configuration-YYYY-MM-DD.json (the server's bytes). Import reads a chosen file, runs a
// dry run, shows the preview (counts, each entry's action and fields, warnings), then Apply
// imports it for real and shows what was done. A refused file shows the server's message and
// fields.

import { h, replace, setSelfDisabled, setText } from '../shared/dom.js';
import { t, describeError, formatNumber, describeFieldError, getLanguage, loadStrings } from '../shared/i18n.js';
import * as X from './transfer-store.js';

// The fields' labels of the preview are the forms' (connections and models).
await loadStrings('forms');

const ACTION_BADGES = { create: 'badge-ok', update: 'badge-accent', skip: 'badge-muted' };

// Saves text as a file through a temporary link (no page change).
function saveFile(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

export function mountTransfer(ctx, state) {
  const exportStatus = h('p', { class: 'hint', testid: 'export-status', role: 'status' });
  const exportButton = h('button', {
    type: 'button', class: 'btn btn-secondary', testid: 'export-button', 'data-net': '',
    onclick: async () => {
      const file = await ctx.governance('exportConfiguration');
      if (!file) return;
      saveFile(file.name, file.text);
      setText(exportStatus, t('transfer.exported', { name: file.name }));
    },
  }, t('transfer.export'));
  const fileInput = h('input', {
    type: 'file', id: 'import-file', class: 'input', testid: 'import-file', accept: '.json,application/json', 'data-net': '',
    'aria-describedby': 'import-file-hint',
    onchange: (event) => ctx.governance('chooseImportFile', event.target.files && event.target.files[0]),
  });
  const preview = h('div', { class: 'import-preview', testid: 'import-preview', 'aria-live': 'polite' });
  const el = h('section', { class: 'card transfer-card', testid: 'transfer', 'aria-labelledby': 'transfer-title' },
    h('h2', { id: 'transfer-title' }, t('transfer.title')),
    h('div', { class: 'transfer-grid' },
      h('div', { class: 'transfer-part' },
        h('h3', {}, t('transfer.exportTitle')),
        h('p', { class: 'hint' }, t('transfer.exportHint')),
        exportButton, exportStatus),
      h('div', { class: 'transfer-part' },
        h('h3', {}, t('transfer.importTitle')),
        h('label', { for: 'import-file' }, t('transfer.chooseFile')),
        fileInput,
        h('p', { id: 'import-file-hint', class: 'hint' }, t('transfer.importHint')))),
    preview);

  function clear() {
    fileInput.value = '';
    ctx.governance('clearImport');
  }

  function errorBox(error) {
    const message = error.code === 'client_validation' ? t(error.reason || 'transfer.notJSON') : describeError(error);
    const fields = X.selectImportFieldErrors(error);
    return h('div', { class: 'alert', role: 'alert', testid: 'import-error', dataset: { code: error.code || '' } },
      h('p', { testid: 'import-error-message' }, message),
      fields.length ? h('ul', { class: 'import-fields', testid: 'import-error-fields' },
        fields.map(([path, text]) => h('li', {}, h('code', {}, path), t('common.colon'), describeFieldError(text, { label: path })))) : null);
  }

  // "Name: Old → New" (a created entry: "Name: New"); the label alone when the values are not known.
  function changeLine(entity, change, values) {
    const lang = getLanguage();
    const field = X.importFieldLabel(entity, change.field, lang);
    const text = (value) => X.importValueText(entity, change.field, value, values, lang);
    let line = field;
    if (change.before !== undefined) line = t('transfer.change', { field, old: text(change.before), new: text(change.after) });
    else if (change.after !== undefined) line = t('transfer.set', { field, value: text(change.after) });
    return h('li', { testid: 'import-change', dataset: { field: change.field } }, line);
  }

  function itemRow(item, values) {
    const setting = item.entity === 'setting';
    const name = setting ? X.importFieldLabel('setting', item.id, getLanguage()) : item.name;
    return h('li', { class: 'import-item', testid: 'import-item', dataset: { entity: item.entity, action: item.action, id: item.id } },
      h('span', { class: `badge ${ACTION_BADGES[item.action]}`, testid: 'import-item-action' }, t(`transfer.action.${item.action}`)), ' ',
      h('span', { class: 'import-item-name', testid: 'import-item-name' }, name),
      !setting && item.name !== item.id ? h('span', { class: 'muted mono' }, ` (${item.id})`) : null,
      item.changes.length ? h('ul', { class: 'hint import-changes', testid: 'import-item-fields', dataset: { fields: item.fields.join(',') } },
        item.changes.map((change) => changeLine(item.entity, change, values))) : null,
      item.note ? h('p', { class: 'hint', testid: 'import-item-note' }, item.note) : null);
  }

  function report(tr, view, values) {
    const applied = tr.status === 'applied';
    const counts = [['created', view.counts.created], ['updated', view.counts.updated], ['unchanged', view.counts.unchanged]];
    return h('div', { class: `import-report ${applied ? 'is-applied' : ''}`, testid: applied ? 'import-result' : 'import-dry-run', dataset: { status: tr.status } },
      h('h3', {}, t(applied ? 'transfer.appliedTitle' : 'transfer.previewTitle', { name: tr.file ? tr.file.name : '' })),
      h('p', { class: 'import-counts' }, counts.map(([key, n], i) => [i ? ' · ' : '', h('span', { testid: `import-count-${key}`, dataset: { count: String(n) } },
        t(`transfer.${applied ? 'done' : 'count'}.${key}`, { count: formatNumber(n) }))])),
      view.empty && !applied ? h('p', { class: 'notice', testid: 'import-nothing' }, t('transfer.nothing')) : null,
      view.sections.map((section) => h('div', { class: 'import-section' },
        h('h4', {}, t(`transfer.entity.${section.entity}`)),
        h('ul', { class: 'import-items' }, section.items.map((item) => itemRow({ ...item, entity: section.entity }, values))))),
      view.warnings.length ? h('div', { class: 'alert alert-warn', testid: 'import-warnings' },
        h('p', {}, t('transfer.warnings')), h('ul', {}, view.warnings.map((w) => h('li', {}, w)))) : null);
  }

  function render(next) {
    const tr = X.selectTransfer(next);
    exportButton.setAttribute('aria-busy', tr.exporting ? 'true' : 'false');
    if (tr.exportError) setText(exportStatus, describeError(tr.exportError));
    if (tr.status === 'idle') {
      fileInput.value = '';
      return preview.replaceChildren();
    }
    if (tr.status === 'previewing') return replace(preview, h('p', { class: 'muted', role: 'status' }, t('transfer.checking', { name: tr.file.name })));
    const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'import-cancel', onclick: clear }, t(tr.status === 'applied' ? 'transfer.another' : 'common.cancel'));
    const values = X.selectImportValues(next);
    const view = X.selectImportView(tr.report, values);
    const parts = [view ? report(tr, view, values) : null, tr.error ? errorBox(tr.error) : null];
    const buttons = [cancel];
    if (tr.status === 'preview' || tr.status === 'applying') {
      const apply = h('button', {
        type: 'button', class: 'btn btn-primary', testid: 'import-apply', 'data-net': '', 'aria-busy': tr.status === 'applying' ? 'true' : 'false',
        onclick: () => ctx.governance('applyImport'),
      }, t(tr.status === 'applying' ? 'transfer.applying' : 'transfer.apply'));
      setSelfDisabled(apply, !!(view && view.empty));
      buttons.push(apply);
    }
    return replace(preview, parts, h('div', { class: 'dialog-actions' }, buttons));
  }

  function update(next, prev) {
    if (prev && X.selectTransfer(next) === X.selectTransfer(prev) && next.lang === prev.lang) return;
    const focused = document.activeElement && preview.contains(document.activeElement) ? document.activeElement.dataset.testid : null;
    render(next);
    if (focused) (preview.querySelector(`[data-testid="${focused}"]`) || preview.querySelector('button'))?.focus();
  }
  render(state);
  return { el, update };
}
