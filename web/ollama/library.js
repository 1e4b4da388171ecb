// The Ollama page's library search (best effort, through Hangar): results with their
// capabilities, sizes and popularity; a model's variants on demand, each pulled in one click.
// When the library cannot be reached the search area says so; nothing else is affected.

import { h, reconcile, redrawKeepingFocus, replace, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, formatNumber, getLanguage } from '../shared/i18n.js';
import { capabilityText, countText, errorDetail, relativeAge, sizeText } from './text.js';
import { selectInstalled } from './runtime.js';
import * as O from './store.js';

// Disabled while the model is pulled, or while the server is down (its title says why).
const pullButton = (ctx, state, id, name, testid) => {
  const pulling = !!O.selectActivePull(state, id, name);
  const down = !!O.selectServerDown(state, id);
  const dataset = { busyKey: `ollama-pull:${id}:${O.canonicalName(name)}` };
  if (pulling || down) dataset.selfDisabled = '1';
  if (down) dataset.title = t('ollama.unavailableWhileDown');
  return h('button', {
    type: 'button', class: 'btn btn-small btn-secondary', testid, 'data-net': '', disabled: pulling || down, title: down ? dataset.title : null,
    'aria-label': t('ollama.pull.buttonNamed', { name }), dataset,
    onclick: () => ctx.ollama('pull', id, name),
  }, t(pulling ? 'ollama.update.pulling' : 'ollama.pull.button'));
};

const installedBadge = (state, id, name, testid) => (selectInstalled(state, id, name)
  ? h('span', { class: 'badge badge-ok', testid }, t('ollama.library.installed')) : null);

function variantsRegion(ctx, state, id, model, regionID) {
  const variants = O.selectServer(state, id).library.variants[model.name];
  if (!variants || !variants.open) return null;
  let body;
  if (variants.status === 'loading') body = h('p', { class: 'muted', role: 'status' }, t('ollama.library.variantsLoading'));
  else if (variants.status === 'unavailable') body = h('p', { class: 'notice small', testid: 'ollama-variants-unavailable' }, t('ollama.library.unavailable'));
  else if (variants.status === 'error') body = h('p', { class: 'dl-error', testid: 'ollama-variants-error' }, describeError(variants.error));
  else if (!variants.items.length) body = h('p', { class: 'muted' }, t('ollama.library.noVariants'));
  else {
    body = h('ul', { class: 'variant-list', testid: 'ollama-variants' }, variants.items.map((variant) => h('li', { class: 'variant', testid: 'ollama-variant', dataset: { id: variant.name, name: variant.name } },
      h('span', { class: 'mono variant-name', testid: 'ollama-variant-name' }, variant.name),
      installedBadge(state, id, variant.name, 'ollama-variant-installed'),
      h('span', { class: 'muted variant-meta' }, [
        variant.size ? sizeText(variant.size, getLanguage()) : null,
        variant.context ? t('ollama.library.context', { context: countText(variant.context, getLanguage()) }) : null,
        variant.updated ? relativeAge(variant.updated, getLanguage()) : null,
      ].filter(Boolean).join(' · ')),
      pullButton(ctx, state, id, variant.name, 'ollama-variant-pull'))));
  }
  return h('div', { id: regionID, class: 'variants', role: 'region', 'aria-label': t('ollama.library.variantsOf', { name: model.name }) }, body);
}

function result(ctx, state, id, model, index) {
  const variants = O.selectServer(state, id).library.variants[model.name];
  const open = !!(variants && variants.open);
  const regionID = `ollama-variants-${index}`;
  const meta = [
    model.pulls ? t('ollama.library.pulls', { count: countText(model.pulls, getLanguage()) }) : null,
    model.tags !== null && model.tags !== undefined ? t('ollama.library.tags', { count: formatNumber(model.tags) }) : null,
    model.updated ? t('ollama.library.updated', { when: relativeAge(model.updated, getLanguage()) }) : null,
  ].filter(Boolean);
  return h('li', { class: 'card library-card', testid: 'ollama-library-result', dataset: { id: model.name, name: model.name } },
    h('div', { class: 'card-head' },
      h('h3', { class: 'card-title mono', testid: 'ollama-library-name' }, model.name),
      h('span', { class: 'badges' }, installedBadge(state, id, model.name, 'ollama-library-installed'),
        model.capabilities.map((capability) => h('span', { class: 'badge badge-accent', testid: 'ollama-library-capability', dataset: { capability } }, capabilityText(capability, getLanguage()))))),
    // The library's own prose stays in its language, marked so (screen readers, translators).
    model.description ? h('p', { class: 'library-description', lang: 'en' }, model.description) : null,
    model.sizes.length ? h('p', { class: 'chips', 'aria-label': t('ollama.library.sizes') }, model.sizes.map((size) => h('span', { class: 'chip', testid: 'ollama-library-size' }, size))) : null,
    meta.length ? h('p', { class: 'row-meta', testid: 'ollama-library-meta' }, meta.join(' · ')) : null,
    h('div', { class: 'card-actions' },
      pullButton(ctx, state, id, model.name, 'ollama-library-pull'),
      h('button', {
        type: 'button', class: 'btn btn-small btn-ghost', testid: 'ollama-library-variants', 'data-net': '',
        'aria-expanded': open ? 'true' : 'false', 'aria-controls': regionID, onclick: () => ctx.ollama('toggleVariants', id, model.name),
      }, t(open ? 'ollama.library.hideVariants' : 'ollama.library.showVariants'))),
    variantsRegion(ctx, state, id, model, regionID));
}

export function mountLibrary(ctx, state, id) {
  const input = h('input', {
    id: 'ollama-library-input', class: 'input', type: 'search', testid: 'ollama-library-input', 'data-net': '', maxlength: '100',
    autocomplete: 'off', spellcheck: 'false', placeholder: t('ollama.library.placeholder'),
    oninput: (event) => ctx.dispatch(O.setLibraryQuery, id, event.target.value),
    onchange: (event) => ctx.dispatch(O.setLibraryQuery, id, event.target.value),
  });
  input.value = O.selectServer(state, id).library.query;
  const submit = h('button', { type: 'submit', class: 'btn btn-secondary', testid: 'ollama-library-submit', 'data-net': '' }, t('ollama.library.search'));
  const status = h('div', { class: 'page-status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'library-list', testid: 'ollama-library-results' });
  const el = h('section', { class: 'ollama-section', testid: 'ollama-library', 'aria-labelledby': 'ollama-library-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'ollama-library-title' }, t('ollama.library.title'))),
    h('p', { class: 'muted' }, t('ollama.library.intro')),
    h('form', {
      class: 'pull-form', role: 'search', novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        ctx.dispatch(O.setLibraryQuery, id, input.value);
        ctx.ollama('search', id);
      },
    },
    h('label', { for: 'ollama-library-input' }, t('ollama.library.label')),
    h('div', { class: 'input-row' }, input, submit)),
    status, list);

  function render(next) {
    const library = O.selectServer(next, id).library;
    submit.setAttribute('aria-busy', library.status === 'loading' ? 'true' : 'false');
    list.setAttribute('aria-busy', library.status === 'loading' ? 'true' : 'false');
    if (library.status === 'unavailable') {
      replace(status, h('div', { class: 'notice', testid: 'ollama-library-unavailable', role: 'status' },
        h('p', {}, t('ollama.library.unavailable')), h('p', { class: 'muted small' }, library.error ? errorDetail(library.error, getLanguage()) : '')));
    } else if (library.status === 'error') {
      replace(status, h('div', { class: 'alert', role: 'alert', testid: 'ollama-library-error' }, h('p', {}, t('ollama.library.failed'), ' ', describeError(library.error))));
    } else if (library.status === 'loading') {
      replace(status, h('p', { class: 'muted', role: 'status' }, t('ollama.library.searching')));
    } else if (library.status === 'ready' && !library.items.length) {
      replace(status, h('p', { class: 'muted', testid: 'ollama-library-empty' }, t('ollama.library.empty', { query: library.submitted })));
    } else if (library.status === 'ready') {
      replace(status, h('p', { class: 'muted list-count', testid: 'ollama-library-count' }, t('ollama.library.count', { count: formatNumber(library.items.length) })));
    } else {
      status.replaceChildren();
    }
    const signature = (model) => JSON.stringify([model, library.variants[model.name] || null, !!O.selectActivePull(next, id, model.name), !!O.selectServerDown(next, id),
      selectInstalled(next, id, model.name), ((library.variants[model.name] || {}).items || []).map((variant) => selectInstalled(next, id, variant.name)),
      ((library.variants[model.name] || {}).items || []).map((variant) => !!O.selectActivePull(next, id, variant.name))]);
    const items = library.status === 'ready' ? library.items : [];
    const indexOf = new Map(items.map((model, index) => [model.name, index]));
    reconcile(list, items, (model) => model.name, signature, (model) => result(ctx, next, id, model, indexOf.get(model.name)));
    syncBusy(list, next.busy);
  }

  function update(next, prev) {
    const mine = (s) => [O.selectServer(s, id).library, O.selectServer(s, id).models, s.jobs.items, s.busy, s.online];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(list, render, next);
  }
  render(state);
  return { el, update };
}
