// Ollama page (#/ollama[/<connection id>]): one server's pull box, local models (with the
// update check), running models, catalog entries and the library search; a switcher when
// there are several servers. Loaded on first visit. A server that is down shows its error
// here, with Retry; the other sections, servers and pages keep working.

import { h, loadStyles, redrawKeepingFocus, replace, setText, syncBusy, unchanged } from '../shared/dom.js';
import { t, describeError, formatNumber, getLanguage, loadStrings } from '../shared/i18n.js';
import { formatBytes, formatDate, formatDateTime } from '../shared/format.js';
import * as S from '../store.js';
import * as O from './store.js';
import { fact } from '../shared/widgets.js';
import { mountList } from './list.js';
import { mountPullBox, mountCheckStatus } from './pull.js';
import { mountLibrary } from './library.js';
import { modelActionButtons } from './dialogs.js';
import { loadedBadge, updateBadge } from './badges.js';
import { selectLoaded } from './runtime.js';
import { countText, errorDetail } from './text.js';

// The page's strings and styles load with its code, out of the first load.
await Promise.all([loadStrings('ollama'), loadStrings('models'), loadStrings('dashboard'), loadStrings('jobs'), loadStrings('forms'), loadStyles('/models/models.css'), loadStyles('/ollama/ollama.css')]);

const DASH = '–';

// Ollama's "494.03M", "3.2B" parameters in the locale's short form.
const params = (value) => (value ? countText(value, getLanguage()) : DASH);
const text = (value) => (value === null || value === undefined || value === '' ? DASH : String(value));
const time = (value, testid) => (value ? h('time', { datetime: value, testid }, formatDate(value)) : h('span', { testid }, DASH));

// A section's own state line: loading, or an error that is not the server being down (that one
// shows once, at the top of the page).
function sectionStatus(ctx, part, { down, loadingKey, failedKey, retry, empty }) {
  // Offline, a section that has nothing to show says nothing: the page says it once.
  if (!ctx.getState().online && part.status !== 'ready' && !part.items.length) return null;
  if (part.status === 'error' && !down) {
    return h('div', { class: 'alert', role: 'alert', testid: 'ollama-section-error', dataset: { code: part.error.code } },
      h('p', {}, t(failedKey), ' ', describeError(part.error)),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: retry }, t('action.retry')));
  }
  if (part.status === 'error') return h('p', { class: 'muted' }, t('ollama.unavailableWhileDown'));
  if (part.status === 'loading' && !part.items.length) return h('p', { class: 'muted', role: 'status' }, t(loadingKey));
  if (part.status === 'ready' && !part.items.length) return empty();
  return null;
}

function sectionHead(id, titleKey, ...extra) {
  return h('div', { class: 'section-head' }, h('h2', { id }, t(titleKey)), extra);
}

// --- Local models ---------------------------------------------------------------------------

const modelFacts = (model) => [model.family, model.parameter_size, model.quantization_level];

function modelRow(ctx, state, id, model) {
  return h('tr', { testid: 'ollama-model-row', dataset: { id: model.name, name: model.name } },
    h('td', { class: 'cell-name' }, h('span', { class: 'model-name mono', testid: 'ollama-model-name' }, model.name), loadedBadge(state, id, model)),
    h('td', { class: 'num', testid: 'ollama-model-size' }, formatBytes(model.size)),
    h('td', {}, time(model.modified_at, 'ollama-model-modified')),
    h('td', { testid: 'ollama-model-family' }, text(model.family)),
    h('td', { testid: 'ollama-model-parameters' }, params(model.parameter_size)),
    h('td', { testid: 'ollama-model-quantization' }, text(model.quantization_level)),
    h('td', {}, updateBadge(state, id, model)),
    h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, modelActionButtons(ctx, state, id, model))));
}

function modelCard(ctx, state, id, model) {
  return h('article', { class: 'card model-card', testid: 'ollama-model-row', dataset: { id: model.name, name: model.name } },
    h('div', { class: 'card-head' },
      h('h3', { class: 'card-title mono', testid: 'ollama-model-name' }, model.name),
      h('span', { class: 'badges' }, loadedBadge(state, id, model), updateBadge(state, id, model))),
    h('dl', { class: 'facts facts-grid' },
      fact(t('ollama.col.size'), formatBytes(model.size), 'ollama-model-size'),
      fact(t('ollama.col.modified'), time(model.modified_at, 'ollama-model-modified')),
      fact(t('ollama.col.family'), text(model.family), 'ollama-model-family'),
      fact(t('ollama.col.parameters'), params(model.parameter_size), 'ollama-model-parameters'),
      fact(t('ollama.col.quantization'), text(model.quantization_level), 'ollama-model-quantization')),
    h('div', { class: 'card-actions' },
      h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', testid: 'ollama-model-actions', 'aria-haspopup': 'dialog',
        'aria-label': t('models.actionsNamed', { name: model.name }), onclick: () => ctx.dispatch(O.openSheet, id, model.name),
      }, t('models.actions'))));
}

function mountLocalModels(ctx, state, id) {
  const list = mountList('ollama-model-list', t('ollama.local.caption'),
    ['col.name', 'ollama.col.size', 'ollama.col.modified', 'ollama.col.family', 'ollama.col.parameters', 'ollama.col.quantization', 'ollama.col.update', 'col.actions']);
  const status = h('div', { class: 'page-status' });
  const count = h('span', { class: 'muted list-count', testid: 'ollama-model-count' });
  const check = mountCheckStatus(ctx, state, id);
  const el = h('section', { class: 'ollama-section', testid: 'ollama-local', 'aria-labelledby': 'ollama-local-title' },
    sectionHead('ollama-local-title', 'ollama.local.title', count, check.button),
    check.el, status, list.el);

  function render(next) {
    const models = O.selectServer(next, id).models;
    const down = !!O.selectServerDown(next, id);
    list.el.setAttribute('aria-busy', models.status === 'loading' ? 'true' : 'false');
    const signature = (model) => JSON.stringify([model, O.selectModelActions(next, id, model), !!O.selectActivePull(next, id, model.name),
      selectLoaded(next, id, model.name), O.selectServer(next, id).pulledUpdates?.[O.canonicalName(model.name)] || null]);
    list.render(next.layout, models.items, (model) => model.name, signature,
      (model) => modelRow(ctx, next, id, model), (model) => modelCard(ctx, next, id, model));
    syncBusy(list.el, next.busy);
    replace(status, sectionStatus(ctx, models, {
      down, loadingKey: 'ollama.local.loading', failedKey: 'ollama.local.loadFailed', retry: () => ctx.ollama('loadModels', id, { refresh: true }),
      empty: () => h('div', { class: 'empty-state', testid: 'ollama-local-empty' }, h('p', {}, t('ollama.local.empty'))),
    }));
    setText(count, models.status === 'ready' || models.items.length ? t('ollama.local.count', { count: formatNumber(models.items.length) }) : '');
  }

  function update(next, prev) {
    check.update(next, prev);
    const mine = (s) => [O.selectServer(s, id).models, s.jobs.items, s.layout, s.busy, s.online, O.selectServer(s, id).running];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  render(state);
  return { el, update };
}

// --- Running models ---------------------------------------------------------------------------

// Far-future expiries are Ollama's way to say "kept loaded" (keep_alive -1).
function expires(value) {
  if (!value) return DASH;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 2000) return DASH;
  if (date.getUTCFullYear() > 2200) return t('ollama.running.never');
  return h('time', { datetime: value }, formatDateTime(value));
}

function vram(model) {
  if (!model.size_vram) return t('ollama.running.cpu');
  if (model.size && model.size_vram >= model.size) return t('ollama.running.gpu', { size: formatBytes(model.size_vram) });
  return t('ollama.running.partial', { size: formatBytes(model.size_vram), percent: formatNumber(Math.round((model.size_vram / model.size) * 100)) });
}

function ejectButtons(ctx, state, id, model) {
  const eject = O.selectEject(state, id, model.name);
  const soft = h('button', {
    type: 'button', class: 'btn btn-small btn-secondary', testid: 'ollama-eject', 'data-net': '', 'aria-busy': eject.busy ? 'true' : 'false',
    'aria-label': t('ollama.running.ejectNamed', { name: model.name }), onclick: () => ctx.ollama('eject', id, model.name),
  }, t('ollama.running.eject'));
  const force = h('button', {
    type: 'button', class: `btn btn-small ${eject.stillLoaded ? 'btn-danger' : 'btn-danger-ghost'}`, testid: 'ollama-force-eject', 'data-net': '',
    'aria-busy': eject.busy ? 'true' : 'false', 'aria-label': t('ollama.running.forceNamed', { name: model.name }),
    'aria-describedby': eject.stillLoaded ? `eject-note-${model.digest || model.name}` : null,
    onclick: () => ctx.ollama('eject', id, model.name, { force: true }),
  }, t('ollama.running.force'));
  return [soft, force];
}

function ejectNote(state, id, model) {
  const eject = O.selectEject(state, id, model.name);
  if (eject.stillLoaded) {
    return h('p', {
      class: 'notice small', testid: 'ollama-eject-pending', id: `eject-note-${model.digest || model.name}`, 'aria-busy': eject.waiting ? 'true' : 'false',
    }, t('ollama.running.stillLoaded'));
  }
  if (eject.error) return h('p', { class: 'dl-error', testid: 'ollama-eject-error' }, describeError(eject.error));
  return null;
}

function runningRow(ctx, state, id, model) {
  return h('tr', { testid: 'ollama-running-row', dataset: { id: model.name, name: model.name } },
    h('td', { class: 'cell-name' }, h('span', { class: 'model-name mono', testid: 'ollama-running-name' }, model.name), ejectNote(state, id, model)),
    h('td', { class: 'num' }, formatBytes(model.size)),
    h('td', { testid: 'ollama-running-vram' }, vram(model)),
    h('td', { testid: 'ollama-running-expires' }, expires(model.expires_at)),
    h('td', { class: 'cell-actions' }, h('div', { class: 'row-actions' }, ejectButtons(ctx, state, id, model))));
}

function runningCard(ctx, state, id, model) {
  return h('article', { class: 'card model-card', testid: 'ollama-running-row', dataset: { id: model.name, name: model.name } },
    h('h3', { class: 'card-title mono', testid: 'ollama-running-name' }, model.name),
    h('dl', { class: 'facts facts-grid' },
      fact(t('ollama.col.size'), formatBytes(model.size)),
      fact(t('ollama.col.vram'), vram(model), 'ollama-running-vram'),
      fact(t('ollama.col.expires'), expires(model.expires_at), 'ollama-running-expires')),
    ejectNote(state, id, model),
    h('div', { class: 'card-actions' }, ejectButtons(ctx, state, id, model)));
}

function mountRunning(ctx, state, id) {
  const list = mountList('ollama-running-list', t('ollama.running.caption'),
    ['col.name', 'ollama.col.size', 'ollama.col.vram', 'ollama.col.expires', 'col.actions']);
  const status = h('div', { class: 'page-status' });
  const el = h('section', { class: 'ollama-section', testid: 'ollama-running', 'aria-labelledby': 'ollama-running-title' },
    sectionHead('ollama-running-title', 'ollama.running.title'), h('p', { class: 'muted' }, t('ollama.running.intro')), status, list.el);

  function render(next) {
    const server = O.selectServer(next, id);
    const signature = (model) => JSON.stringify([model, O.selectEject(next, id, model.name)]);
    list.render(next.layout, server.running.items, (model) => model.name, signature,
      (model) => runningRow(ctx, next, id, model), (model) => runningCard(ctx, next, id, model));
    replace(status, sectionStatus(ctx, server.running, {
      down: !!O.selectServerDown(next, id), loadingKey: 'ollama.running.loading', failedKey: 'ollama.running.loadFailed',
      retry: () => ctx.ollama('loadRunning', id),
      empty: () => h('p', { class: 'muted', testid: 'ollama-running-empty' }, t('ollama.running.empty')),
    }));
  }
  function update(next, prev) {
    const mine = (s) => [O.selectServer(s, id).running, O.selectServer(s, id).ejects, O.selectServer(s, id).models, s.layout, s.online];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  render(state);
  return { el, update };
}

// --- Catalog entries ----------------------------------------------------------------------------

function catalogPull(ctx, state, id, entry) {
  if (entry.installed) return null;
  const pulling = !!O.selectActivePull(state, id, entry.api_name);
  return h('button', {
    type: 'button', class: 'btn btn-small btn-secondary', testid: 'ollama-catalog-pull', 'data-net': '',
    'aria-label': t('ollama.pull.buttonNamed', { name: entry.api_name }), disabled: pulling,
    dataset: { busyKey: `ollama-pull:${id}:${O.canonicalName(entry.api_name)}` }, onclick: () => ctx.ollama('pull', id, entry.api_name),
  }, t(pulling ? 'ollama.update.pulling' : 'ollama.pull.button'));
}

const installedText = (entry) => h('span', {
  class: entry.installed ? 'dl-downloaded' : 'muted', testid: 'ollama-catalog-installed', dataset: { installed: entry.installed ? 'true' : 'false' },
}, t(entry.installed ? 'common.yes' : 'common.no'));

function catalogRow(ctx, state, id, entry) {
  return h('tr', { testid: 'ollama-catalog-row', dataset: { id: entry.model_id, name: entry.api_name } },
    h('td', { class: 'cell-name' }, h('span', { class: 'model-name' }, entry.name),
      entry.status === 'deprecated' ? [' ', h('span', { class: 'badge badge-warn' }, t('badge.deprecated'))] : null),
    h('td', { class: 'mono' }, entry.api_name),
    h('td', {}, installedText(entry), entry.installed_name && entry.installed_name !== entry.api_name ? h('span', { class: 'muted mono' }, ` (${entry.installed_name})`) : null),
    h('td', { class: 'cell-actions' }, catalogPull(ctx, state, id, entry)));
}

function catalogCard(ctx, state, id, entry) {
  const pull = catalogPull(ctx, state, id, entry);
  return h('article', { class: 'card model-card', testid: 'ollama-catalog-row', dataset: { id: entry.model_id, name: entry.api_name } },
    h('div', { class: 'card-head' }, h('h3', { class: 'card-title' }, entry.name), installedText(entry)),
    h('p', { class: 'row-meta mono' }, entry.api_name),
    pull ? h('div', { class: 'card-actions' }, pull) : null);
}

function mountCatalog(ctx, state, id) {
  const list = mountList('ollama-catalog-list', t('ollama.catalog.caption'), ['col.name', 'field.api_name', 'ollama.col.installed', 'col.actions']);
  const status = h('div', { class: 'page-status' });
  const el = h('section', { class: 'ollama-section', testid: 'ollama-catalog', 'aria-labelledby': 'ollama-catalog-title' },
    sectionHead('ollama-catalog-title', 'ollama.catalog.title'), h('p', { class: 'muted' }, t('ollama.catalog.intro')), status, list.el);
  function render(next) {
    const catalog = O.selectServer(next, id).catalog;
    const signature = (entry) => JSON.stringify([entry, !!O.selectActivePull(next, id, entry.api_name)]);
    list.render(next.layout, catalog.items, (entry) => entry.model_id, signature,
      (entry) => catalogRow(ctx, next, id, entry), (entry) => catalogCard(ctx, next, id, entry));
    syncBusy(list.el, next.busy);
    replace(status, sectionStatus(ctx, catalog, {
      down: !!O.selectServerDown(next, id), loadingKey: 'ollama.catalog.loading', failedKey: 'ollama.catalog.loadFailed',
      retry: () => ctx.ollama('loadCatalog', id),
      empty: () => h('p', { class: 'muted', testid: 'ollama-catalog-empty' }, t('ollama.catalog.empty'), ' ',
        h('a', { href: '#/models' }, t('dashboard.manageModels'))),
    }));
  }
  function update(next, prev) {
    const mine = (s) => [O.selectServer(s, id).catalog, O.selectServer(s, id).models.status, s.jobs.items, s.layout, s.busy, s.online];
    if (unchanged(mine, next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  render(state);
  return { el, update };
}

// --- One server ---------------------------------------------------------------------------------

function switcher(ctx, view) {
  if (view.servers.length < 2) return null;
  return h('nav', { class: 'server-switch', testid: 'ollama-servers', 'aria-label': t('ollama.servers.label') },
    view.servers.map((provider) => h('a', {
      href: `#/ollama/${encodeURIComponent(provider.id)}`, class: 'chip', testid: 'ollama-server-link',
      dataset: { id: provider.id }, 'aria-current': provider.id === view.id ? 'page' : null,
    }, provider.name)));
}

function mountServer(ctx, state, view) {
  const id = view.id;
  const subtitle = h('p', { class: 'muted page-intro mono', testid: 'ollama-server-url' });
  const refresh = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'ollama-refresh', 'data-net': '', onclick: () => ctx.ollama('refresh', id) }, t('ollama.refresh'));
  const down = h('div', { class: 'page-status' });
  const parts = [mountPullBox(ctx, state, id), mountLocalModels(ctx, state, id), mountRunning(ctx, state, id), mountCatalog(ctx, state, id), mountLibrary(ctx, state, id)];
  const title = h('span', { testid: 'ollama-server-name' });
  const el = h('div', { class: 'page', testid: 'ollama-server', dataset: { id } },
    h('div', { class: 'page-head' },
      h('h1', { id: 'page-title', tabindex: '-1' }, t('ollama.title'), h('span', { class: 'sep' }, ' · '), title),
      refresh),
    subtitle, switcher(ctx, view), down, parts.map((part) => part.el));

  function render(next, prev) {
    const provider = S.selectProvider(next, id);
    setText(title, provider ? provider.name : id);
    setText(subtitle, provider ? provider.base_url || '' : '');
    const server = O.selectServer(next, id);
    refresh.setAttribute('aria-busy', O.SECTIONS.some((key) => server[key].status === 'loading') ? 'true' : 'false');
    const error = O.selectServerDown(next, id);
    const shown = down.firstChild ? down.firstChild.dataset.code : null;
    if (!next.online) {
      if (shown !== 'offline') replace(down, offlineNotice());
    } else if (!error) down.replaceChildren();
    else if (shown !== error.code || !prev || O.selectServerDown(prev, id) !== error) {
      replace(down, h('div', { class: 'alert', role: 'alert', testid: 'ollama-server-error', dataset: { code: error.code } },
        h('p', {}, h('strong', {}, t('ollama.down.title', { name: provider ? provider.name : id })), ' ', t(`ollama.down.${error.code}`)),
        h('p', { class: 'mono small', testid: 'ollama-server-error-message', hidden: !errorDetail(error, next.lang) }, errorDetail(error, next.lang)),
        h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'ollama-retry', 'data-net': '', onclick: () => ctx.ollama('refresh', id) }, t('action.retry'))));
    }
    for (const part of parts) part.update(next, prev);
  }
  render(state, null);
  // Shown without a route change (the only other server was deleted): its data never loaded.
  if (O.SECTIONS.every((key) => O.selectServer(state, id)[key].status === 'idle')) ctx.ollama('loadServer', id);
  return { el, update: render };
}

// --- The page: a server, the choice of one, or why there is none -----------------------------------

// Offline (the browser, or Hangar not answering): one notice instead of "Loading…" or errors.
const offlineNotice = () => h('div', { class: 'notice', role: 'status', testid: 'ollama-offline', dataset: { code: 'offline' } }, h('p', {}, t('ollama.offline')));

function chooser(ctx, view) {
  return h('div', { class: 'provider-grid', testid: 'ollama-choose' }, view.servers.map((provider) => h('article', { class: 'card provider-card', testid: 'ollama-server-card', dataset: { id: provider.id } },
    h('div', { class: 'card-head' }, h('h2', {}, provider.name),
      h('span', { class: `badge ${provider.enabled ? 'badge-ok' : 'badge-muted'}` }, t(provider.enabled ? 'providers.enabled' : 'providers.disabled'))),
    h('p', { class: 'mono muted' }, provider.base_url || t('providers.notSet')),
    h('div', { class: 'card-actions' }, h('a', { href: `#/ollama/${encodeURIComponent(provider.id)}`, class: 'btn btn-primary btn-small', testid: 'ollama-server-link', dataset: { id: provider.id } },
      t('ollama.servers.open'))))));
}

export function mountOllama(ctx, state) {
  const el = h('section', { class: 'page', testid: 'ollama-page', 'aria-labelledby': 'page-title' });
  let shown = null; // `${kind}:${id}` of what is mounted
  let server = null;

  function render(next, prev) {
    const view = O.selectOllamaView(next);
    const key = `${view.kind}:${view.id || ''}:${view.servers.map((p) => p.id).join(',')}:${view.kind === 'server' ? '' : `${next.providers.status}:${next.online}`}`;
    if (key === shown) {
      if (server) server.update(next, prev);
      return;
    }
    const hadFocus = el.contains(document.activeElement);
    shown = key;
    server = null;
    if (view.kind === 'server') {
      server = mountServer(ctx, next, view);
      el.replaceChildren(server.el);
    } else {
      const head = h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('ollama.title')));
      let body;
      if (view.kind === 'choose') body = [h('p', { class: 'muted page-intro' }, t('ollama.servers.intro')), chooser(ctx, view)];
      else if (view.kind === 'none') {
        body = h('div', { class: 'empty-state', testid: 'ollama-none' }, h('p', {}, t('ollama.none')),
          h('a', { href: '#/providers', class: 'btn btn-primary' }, t('dashboard.manageProviders')));
      } else if (view.kind === 'missing') {
        body = h('div', { class: 'alert', role: 'alert', testid: 'ollama-missing' }, h('p', {}, t('ollama.missing')),
          h('a', { href: '#/ollama', class: 'btn btn-secondary btn-small' }, t('ollama.servers.all')));
      } else if (!next.online) {
        body = offlineNotice();
      } else if (next.providers.status === 'error') {
        body = h('div', { class: 'alert', role: 'alert' }, h('p', {}, t('providers.loadFailed'), ' ', describeError(next.providers.error)),
          h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-net': '', onclick: () => ctx.actions.loadRoute() }, t('action.retry')));
      } else {
        body = h('p', { class: 'muted', role: 'status' }, t('common.loading'));
      }
      replace(el, head, body);
    }
    if (hadFocus) el.querySelector('h1')?.focus();
  }
  render(state, null);
  return { el, update: render };
}
