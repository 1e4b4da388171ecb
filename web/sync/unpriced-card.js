// The dashboard's "Unpriced usage" card (issue 19): models with calls in the last 30 days but
// no price, busiest first, each with its calls and a link to its form (to set a price), and a
// link to the Sync page. Hidden while the list is empty. Its code and strings load only when
// the dashboard counts calls (models/dashboard.js), so a first visit never fetches them.

import { h, replace } from '../shared/dom.js';
import { formatNumber, getLanguage, loadStrings, t } from '../shared/i18n.js';
import { selectUnpricedCard } from './store.js';

await loadStrings('unpriced');

const calls = (count) => t(new Intl.PluralRules(getLanguage() === 'fr' ? 'fr-FR' : 'en-US').select(count) === 'one' ? 'unpriced.call' : 'unpriced.calls',
  { count: formatNumber(count) });

export function mountUnpricedCard(ctx, state) {
  const el = h('div', { class: 'unpriced-slot' });
  let shown;
  function update(next) {
    const items = selectUnpricedCard(next);
    // The same list loaded again keeps its elements.
    const signature = JSON.stringify(items);
    if (signature === shown) return;
    shown = signature;
    if (!items) {
      el.replaceChildren();
      return;
    }
    replace(el, h('section', { class: 'card unpriced-card', testid: 'unpriced-card', 'aria-labelledby': 'unpriced-title', dataset: { count: String(items.length) } },
      h('h2', { id: 'unpriced-title' }, t('unpriced.title')),
      h('p', { class: 'muted' }, t('unpriced.intro')),
      h('ul', { class: 'unpriced-list', testid: 'unpriced-list' }, items.map((item) => h('li', { testid: 'unpriced-row', dataset: { modelId: item.model_id } },
        h('a', { href: '#/models', testid: 'unpriced-model', title: t('unpriced.setPrice', { name: item.name }),
          onclick: () => ctx.sync('openModel', item.model_id, item.name) }, item.name || item.model_id),
        h('span', { class: 'muted', testid: 'unpriced-calls', dataset: { calls: String(item.calls) } }, calls(item.calls))))),
      h('a', { href: '#/sync', class: 'btn btn-secondary', testid: 'unpriced-sync' }, t('unpriced.sync'))));
  }
  update(state);
  return { el, update };
}
