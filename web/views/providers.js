// Providers page: one card per connection.

import { h, reconcile, replace, syncBusy } from '../dom.js';
import { t, describeError, kindLabel } from '../i18n.js';
import * as S from '../store.js';

export function mountProviders(ctx, state) {
  const list = h('div', { class: 'provider-grid' });
  const status = h('div', { class: 'page-status' });
  const el = h('section', { class: 'page', testid: 'providers-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('providers.title'))),
    h('p', { class: 'muted page-intro' }, t('providers.intro')),
    status, list);

  function card(next, provider) {
    const defaultName = S.selectDefaultModelName(next, provider);
    let baseURL = provider.base_url;
    if (!baseURL) baseURL = provider.kind === 'local' ? t('providers.localFiles') : t('providers.notSet');
    const toggle = h('button', {
      type: 'button', class: provider.enabled ? 'btn btn-secondary btn-small' : 'btn btn-primary btn-small', testid: 'provider-toggle', 'data-net': '',
      'aria-label': t(provider.enabled ? 'providers.disableNamed' : 'providers.enableNamed', { name: provider.name }),
      'aria-pressed': provider.enabled ? 'true' : 'false', dataset: { busyKey: `provider:${provider.id}` },
      onclick: () => ctx.actions.toggleProvider(provider.id),
    }, t(provider.enabled ? 'providers.disable' : 'providers.enable'));
    return h('article', { class: 'card provider-card', testid: 'provider-card', dataset: { id: provider.id } },
      h('div', { class: 'card-head' },
        h('h2', { class: 'provider-name', testid: 'provider-name' }, provider.name),
        h('span', {
          class: `badge ${provider.enabled ? 'badge-ok' : 'badge-muted'}`, testid: 'provider-status', dataset: { status: provider.enabled ? 'enabled' : 'disabled' },
        }, t(provider.enabled ? 'providers.enabled' : 'providers.disabled'))),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, t('providers.kind')), h('dd', { testid: 'provider-kind', dataset: { kind: provider.kind } }, kindLabel(provider.kind))),
        h('div', {}, h('dt', {}, t('providers.baseURL')), h('dd', { testid: 'provider-base-url', class: provider.base_url ? 'mono' : 'muted' }, baseURL)),
        h('div', {}, h('dt', {}, t('providers.defaultModel')), h('dd', { testid: 'provider-default-model', class: defaultName ? '' : 'muted' }, defaultName || t('providers.none')))),
      h('div', { class: 'card-actions' },
        toggle,
        h('button', {
          type: 'button', class: 'btn btn-ghost btn-small', testid: 'provider-configure', 'data-net': '', 'aria-haspopup': 'dialog',
          'aria-label': t('providers.configureNamed', { name: provider.name }), onclick: () => ctx.actions.openProviderConfigure(provider.id),
        }, t('providers.configure'))));
  }

  function render(next) {
    const p = next.providers;
    if (p.status === 'error') {
      replace(status, h('div', { class: 'alert', role: 'alert' },
        h('p', {}, t('providers.loadFailed'), ' ', describeError(p.error)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.actions.loadProviders() }, t('action.retry'))));
    } else if (!next.online && p.items.length === 0 && p.status !== 'ready') {
      replace(status, h('p', { class: 'notice' }, t('offline.noData')));
    } else if (p.status === 'loading' && p.items.length === 0) {
      replace(status, h('p', { class: 'muted', role: 'status' }, t('providers.loading')));
    } else {
      status.replaceChildren();
    }
    reconcile(list, p.items, (provider) => provider.id,
      (provider) => JSON.stringify([provider, S.selectDefaultModelName(next, provider)]), (provider) => card(next, provider));
    syncBusy(list, next.busy);
  }

  function update(next, prev) {
    if (prev && next.providers === prev.providers && next.busy === prev.busy && next.modelNames === prev.modelNames && next.online === prev.online) return;
    const focus = ctx.focusKey(list);
    render(next);
    ctx.restoreFocus(list, focus);
  }
  render(state);
  return { el, update };
}
