// Providers page: one card per connection.

import { append, h, loadStyles, reconcile, redrawKeepingFocus, replace, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, kindLabel, formatNumber, getLanguage, loadStrings } from '../shared/i18n.js';
import * as S from '../store.js';
import { selectProviderWarnings } from './first-run.js';

// The strings of what this shows load with its code, out of the first load.
await Promise.all([loadStrings('models'), loadStyles('/models/models.css'), loadStyles('/models/pages.css')]);

export function mountProviders(ctx, state) {
  const list = h('div', { class: 'provider-grid' });
  const status = h('div', { class: 'page-status' });
  const el = h('section', { class: 'page', testid: 'providers-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('providers.title')),
      h('button', { type: 'button', class: 'btn btn-primary', testid: 'provider-new', 'data-net': '', 'aria-haspopup': 'dialog',
        onclick: () => ctx.actions.openProviderCreate() }, t('providers.new'))),
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
    const test = S.selectProviderTest(next, provider.id);
    const actions = [toggle,
      h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', testid: 'provider-configure', 'data-net': '', 'aria-haspopup': 'dialog',
        'aria-label': t('providers.configureNamed', { name: provider.name }), onclick: () => ctx.actions.openProviderConfigure(provider.id),
      }, t('providers.configure'))];
    if (S.selectCanTestProvider(provider)) {
      actions.push(h('button', {
        type: 'button', class: 'btn btn-ghost btn-small', testid: 'provider-test', 'data-net': '',
        'aria-label': t('providers.testNamed', { name: provider.name }), 'aria-busy': test.running ? 'true' : 'false',
        'aria-describedby': `provider-test-${provider.id}`, onclick: () => ctx.actions.testProvider(provider.id),
      }, test.running ? h('span', { class: 'spinner', testid: 'provider-test-spinner', 'aria-hidden': 'true' }) : null,
      t(test.running ? 'providers.testing' : 'providers.test')));
    }
    if (S.selectCanDeleteProvider(provider)) {
      actions.push(h('button', {
        type: 'button', class: 'btn btn-danger-ghost btn-small', testid: 'provider-delete', 'data-net': '', 'aria-haspopup': 'dialog',
        'aria-label': t('providers.deleteNamed', { name: provider.name }), onclick: () => ctx.actions.openProviderDelete(provider.id),
      }, t('action.delete')));
    }
    const facts = [
      h('div', {}, h('dt', {}, t('providers.kind')), h('dd', { testid: 'provider-kind', dataset: { kind: provider.kind } }, kindLabel(provider.kind))),
      h('div', {}, h('dt', {}, t('providers.baseURL')), h('dd', { testid: 'provider-base-url', class: provider.base_url ? 'mono' : 'muted' }, baseURL)),
      h('div', {}, h('dt', {}, t('providers.defaultModel')), h('dd', { testid: 'provider-default-model', class: defaultName ? '' : 'muted' }, defaultName || t('providers.none'))),
    ];
    if (provider.kind !== 'local') {
      const limits = [['rpm_limit', 'providers.rpm'], ['tpm_limit', 'providers.tpm'], ['max_parallel', 'providers.parallel']]
        .filter(([field]) => provider[field] !== null && provider[field] !== undefined).map(([field, key]) => t(key, { n: formatNumber(provider[field]) }));
      facts.push(h('div', {}, h('dt', {}, t('providers.limits')),
        h('dd', { testid: 'provider-limits', class: limits.length ? '' : 'muted' }, limits.length ? limits.join(' · ') : t('providers.noLimits'))));
      facts.push(h('div', {}, h('dt', {}, t('providers.apiKey')), h('dd', {
        testid: 'provider-key', class: provider.api_key_configured ? 'mono' : 'muted', dataset: { configured: provider.api_key_configured ? 'true' : 'false' },
      }, provider.api_key_configured ? '•••••' : t('providers.keyNotSet'))));
    }
    return h('article', { class: 'card provider-card', testid: 'provider-card', dataset: { id: provider.id } },
      h('div', { class: 'card-head' },
        h('h2', { class: 'provider-name', testid: 'provider-name' }, provider.name),
        h('span', {
          class: `badge ${provider.enabled ? 'badge-ok' : 'badge-muted'}`, testid: 'provider-status', dataset: { status: provider.enabled ? 'enabled' : 'disabled' },
        }, t(provider.enabled ? 'providers.enabled' : 'providers.disabled')),
        selectProviderWarnings(provider).map((reason) => h('span', {
          class: 'badge badge-warn provider-warning', testid: 'provider-warning', title: t(`providers.warning.${reason}Hint`), dataset: { reason },
        }, t(`providers.warning.${reason}`)))),
      h('dl', { class: 'facts' }, facts),
      S.selectCanTestProvider(provider) ? testResult(provider.id, test) : null,
      h('div', { class: 'card-actions' }, actions));
  }

  // Where a connection test's outcome shows: stage, latency, message (also read out).
  function testResult(id, test) {
    const box = h('div', { id: `provider-test-${id}`, class: 'test-slot', role: 'status', 'aria-live': 'polite' });
    if (test.running) return append(box, [h('p', { class: 'muted' }, t('providers.testRunning'))]);
    if (!test.result) return box;
    return append(box, [renderTestResult(test.result, 'provider-test-result')]);
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
      (provider) => JSON.stringify([provider, S.selectDefaultModelName(next, provider), next.providerTests[provider.id] || null]),
      (provider) => card(next, provider));
    syncBusy(list, next.busy);
  }

  function update(next, prev) {
    const mine = (s) => [s.providers, s.busy, s.modelNames, s.online, s.providerTests];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(list, render, next);
  }
  render(state);
  return { el, update };
}

// One connection test result (a card's last test, or the modal's "test before saving"):
// passed/failed, the stage, the latency, and what to do next. `data-success` and
// `data-error-code` carry the outcome for scripts and tests.
export function renderTestResult(result, testid) {
  const ok = !!result.success;
  const stageKey = `stage.${result.stage}`;
  const details = [t(stageKey) === stageKey ? result.stage : t(stageKey)];
  if (result.latency_ms !== null && result.latency_ms !== undefined) details.push(t('test.latency', { ms: formatNumber(result.latency_ms) }));
  if (ok && result.models_found !== null && result.models_found !== undefined) details.push(t('test.modelsFound', { count: formatNumber(result.models_found) }));
  if (result.server_version) details.push(t('test.serverVersion', { version: result.server_version }));
  return h('div', {
    class: `test-result ${ok ? 'test-ok' : 'test-failed'}`, testid,
    dataset: { success: ok ? 'true' : 'false', errorCode: result.error_code || '', stage: result.stage || '' },
  },
  h('p', { class: 'test-head' },
    h('span', { class: `badge ${ok ? 'badge-ok' : 'badge-danger'}`, testid: 'test-outcome' }, t(ok ? 'test.passed' : 'test.failed')), ' ',
    h('span', { testid: 'test-details' }, details.join(' · '))),
  h('p', { class: 'test-message', testid: 'test-message' }, testMessage(result)));
}

// The server's English message; in French, the table's sentence for the error code.
function testMessage(result) {
  if (result.success) return result.model_tested ? t('test.okCompletion', { model: result.model_tested }) : t('test.ok');
  const code = result.error_code || '';
  const key = `testError.${code}`;
  if (getLanguage() !== 'en' && code && t(key) !== key) return t(key);
  return result.error_message || (code && t(key) !== key ? t(key) : t('test.failedGeneric'));
}
