// The Ollama page's lists: a table from 640 px and cards below. A row keeps its element while
// its signature holds (dom.js reconcile), so focus and progress bars survive updates.

import { h, reconcile } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

export function mountList(testid, caption, heads) {
  const el = h('div', { class: 'model-list', testid });
  let tbody = null;
  function render(layout, items, keyOf, signatureOf, row, card) {
    el.dataset.layout = layout;
    if (!items.length) {
      el.replaceChildren();
      tbody = null;
    } else if (layout === 'table') {
      if (!tbody || !el.contains(tbody)) {
        tbody = h('tbody');
        el.replaceChildren(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
          h('caption', { class: 'visually-hidden' }, caption),
          h('thead', {}, h('tr', {}, heads.map((key) => h('th', { scope: 'col' }, t(key))))),
          tbody)));
      }
      reconcile(tbody, items, keyOf, signatureOf, row);
    } else {
      tbody = null;
      reconcile(el, items, keyOf, signatureOf, card);
    }
  }
  return { el, render };
}
