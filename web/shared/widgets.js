// Small view pieces the pages share: the progress block of a download or a pull (built once,
// patched in place), a fact of a definition list, a row's action button, and the sentence of
// a job's failure. Their DOM (classes, data-testid names) is the contract of tests/e2e.

import { h, setText } from './dom.js';
import { t, getLanguage } from './i18n.js';
import { formatBytes, formatDuration, formatPercent, formatSpeed } from './format.js';

// A small button of a row, a card or an action sheet. `busyKey` names the request it waits
// on (state.busy, runBusy in app-store.js); `dialog` says it opens one; `style`: ghost, danger, secondary.
export function actionButton({ label, ariaLabel = null, testid, style = 'ghost', block = false, dialog = false, busyKey = null, onClick, dataset = null }) {
  const styles = { ghost: 'btn-ghost', danger: 'btn-danger-ghost', secondary: 'btn-secondary' };
  return h('button', {
    type: 'button', testid, 'data-net': '', class: `btn btn-small ${styles[style] || styles.ghost}${block ? ' btn-block' : ''}`,
    'aria-label': ariaLabel, 'aria-haspopup': dialog ? 'dialog' : null,
    dataset: busyKey ? { ...dataset, busyKey } : dataset,
    onclick: onClick,
  }, label);
}

// One fact of a `<dl class="facts">`: a term and its value (an element or text).
export const fact = (label, value, testid = null) => h('div', {}, h('dt', {}, label), h('dd', { testid }, value));

// Progress of a download or a pull: a <progress> bar, percent, bytes, speed and ETA. Built once
// and patched in place on each progress event (refreshProgress), so rows keep their elements.
const progressViews = new WeakMap();
export function createProgress({ label = '' } = {}) {
  const bar = h('progress', { class: 'progress-bar', max: '100', testid: 'download-bar', 'aria-label': label || t('download.progressLabel') });
  const percent = h('span', { class: 'progress-percent', testid: 'download-percent' });
  const bytes = h('span', { testid: 'download-bytes' });
  const speed = h('span', { testid: 'download-speed' });
  const eta = h('span', { testid: 'download-eta' });
  const note = h('span', { testid: 'download-queued' });
  const el = h('div', { class: 'progress', testid: 'download-progress' }, bar, h('div', { class: 'progress-text' }, percent, bytes, speed, eta, note));
  const show = (node, text) => {
    setText(node, text);
    node.hidden = !text;
  };
  function update(d) {
    const known = d.percent !== null && d.percent !== undefined;
    if (known) bar.value = Math.round(d.percent * 10) / 10;
    else bar.removeAttribute('value');
    el.dataset.percent = known ? String(Math.floor(d.percent)) : '';
    const pct = known ? formatPercent(d.percent) : '';
    show(percent, pct);
    let amount = '';
    if (d.bytesDone !== null && d.bytesDone !== undefined) {
      amount = d.bytesTotal ? t('download.bytes', { done: formatBytes(d.bytesDone), total: formatBytes(d.bytesTotal) }) : formatBytes(d.bytesDone);
    }
    show(bytes, amount);
    show(speed, d.speed !== null && d.speed !== undefined ? formatSpeed(d.speed) : '');
    show(eta, d.eta !== null && d.eta !== undefined && d.eta > 0 ? t('download.eta', { time: formatDuration(d.eta) }) : '');
    show(note, d.queued && !amount ? t('download.queued') : '');
    bar.setAttribute('aria-valuetext', [pct, amount].filter(Boolean).join(', ') || t('download.queued'));
  }
  const view = { el, update };
  progressViews.set(el, view);
  return view;
}

// What a canceled download keeps on disk (its partial file, which Start resumes from): "312 MB
// kept"; '' when nothing is known to be kept.
export const keptText = (bytes) => (Number(bytes) > 0 ? t('download.kept', { size: formatBytes(bytes) }) : '');

// Patches the progress bars under root: `find(id)` gives the data of the row (data-id) of each.
export function refreshProgress(root, find) {
  for (const el of root.querySelectorAll('[data-testid="download-progress"]')) {
    const row = el.closest('[data-id]');
    const data = row ? find(row.dataset.id) : null;
    if (data) progressViews.get(el)?.update(data);
  }
}

// Why a download failed: the server's English message; in French, the table's sentence for
// its code when there is one.
export function downloadErrorText(code, message) {
  const key = `downloadError.${code}`;
  const known = !!code && t(key) !== key;
  if (known && (getLanguage() !== 'en' || !message)) return t(key);
  return message || code || '';
}
