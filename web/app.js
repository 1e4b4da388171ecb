// Bootstrap: builds the store, wires browser events (hash routes, online/offline, install,
// viewport width, Escape) and renders the state into the DOM.

import * as S from './store.js';
import { createApi } from './shared/api.js';
import { createActions, WAS_LOGGED_IN_KEY } from './actions.js';
import { detectLanguage, loadLanguage, setLanguage, t } from './shared/i18n.js';
import { browserStorage, h, readStorage, routeOf, syncNetwork } from './shared/dom.js';
import { mountBanner, mountHeader, mountLogin, mountSplash, mountToasts } from './shared/shell.js';

const LANG_KEY = 'hangar.lang';
const TOAST_MS = { success: 5000, info: 5000, error: 9000 };
const RETRY_MS = 15000;

const storage = browserStorage(LANG_KEY);
const read = (key) => readStorage(storage, key);
const routeFromHash = () => routeOf(location.hash);

const narrow = window.matchMedia('(max-width: 639.98px)');
const wanted = read(LANG_KEY) || detectLanguage(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
const lang = await loadLanguage(wanted).catch(() => 'en');
setLanguage(lang);

// Loads a language's strings, then switches to it.
async function switchLanguage(next) {
  const usable = await loadLanguage(next).catch(() => null);
  if (usable) dispatch(S.setLang, usable);
}

const store = S.createStore(S.initialState({
  lang,
  online: navigator.onLine !== false,
  wasLoggedIn: read(WAS_LOGGED_IN_KEY) === '1',
  layout: narrow.matches ? 'cards' : 'table',
  route: routeFromHash().route,
  routeParam: routeFromHash().param || null,
}));
const { getState, dispatch } = store;
const api = createApi();
const actions = createActions({ store, api, storage });

// --- Context handed to the views ---------------------------------------------------------

let installPrompt = null;
const scheduledToasts = new Set();

const ctx = {
  getState,
  dispatch,
  actions,
  setLanguage(next) {
    try {
      if (storage) storage.setItem(LANG_KEY, next);
    } catch { /* not remembered */ }
    switchLanguage(next);
  },
  async install() {
    if (!installPrompt) return;
    const prompt = installPrompt;
    installPrompt = null;
    dispatch(S.setInstallAvailable, false);
    try {
      await prompt.prompt();
      await prompt.userChoice;
    } catch { /* the browser refused to show it */ }
  },
  retryConnection() {
    const state = getState();
    if (state.session === 'authenticated') actions.loadRoute();
    else actions.checkSession();
  },
  scheduleToastDismiss(toast) {
    if (scheduledToasts.has(toast.id)) return;
    scheduledToasts.add(toast.id);
    setTimeout(() => {
      scheduledToasts.delete(toast.id);
      dispatch(S.dismissToast, toast.id);
    }, TOAST_MS[toast.kind] || 5000);
  },
  runRowAction(action, id) {
    if (action === 'edit') actions.openEdit(id);
    else if (action === 'download') actions.startDownload(id);
    else if (action === 'cancel-download') actions.cancelDownload(id);
    else if (action === 'set-default') actions.setDefault(id);
    else if (action === 'restore') actions.restore(id);
    else if (action === 'deprecate') actions.openDeprecate(id);
    else if (action === 'delete') actions.openDelete(id);
    else if (action === 'test') ctx.governance('openTest', id);
    else if (action === 'deploy') ctx.runtime('openDeploy', id);
    else if (action === 'start' || action === 'stop') ctx.runtime(action, id);
  },
  // The Ollama page's actions (ollama/actions.js, loaded on first use).
  ollama(name, ...args) {
    return actions.ollama().then((o) => o[name](...args), (error) => {
      dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
    });
  },
  // Test prompt, usage, settings, export / import (governance-actions.js, loaded on first use).
  governance(name, ...args) {
    return actions.governance().then((g) => g[name](...args), (error) => {
      dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
    });
  },
  // The models page's Ollama actions: deploy, start / stop, bulk (models/runtime-actions.js).
  runtime(name, ...args) {
    return actions.runtime().then((r) => r[name](...args), (error) => {
      dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
    });
  },
  // The Keys page's actions (keys/actions.js, loaded on first use).
  keys(name, ...args) {
    return actions.keys().then((k) => k[name](...args), (error) => {
      dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
    });
  },
  // Catalog sync (sync/actions.js, loaded on first use).
  sync(name, ...args) {
    return actions.sync().then((a) => a[name](...args), (error) => {
      dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
    });
  },
};

// --- Rendering ---------------------------------------------------------------------------

const root = document.getElementById('app');
const overlayRoot = document.getElementById('overlays');
// The overlays (dialogs, modals, the action sheet) are not needed to show a page: their
// manager, code and styles load with the first one opened (shared/overlays.js; the service
// worker keeps them for offline use), so the first load stays small.
let overlays = null;
let overlaysLoading = null;
const anyOverlay = (state) => !!(S.selectTopOverlay(state) || state.modelTest);
function syncOverlays(state, prev) {
  if (overlays) {
    overlays.sync(state, prev);
    return;
  }
  if (!anyOverlay(state)) return;
  overlaysLoading ||= import('./shared/overlays.js').then((module) => module.loadOverlays({ ctx, root, overlayRoot })).then((manager) => {
    overlays = manager;
    if (view.screen === 'shell') overlays.sync(getState(), null);
  }, (error) => {
    overlaysLoading = null;
    dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
  });
}

// The live region exists once, before any toast, so screen readers announce every toast.
const toasts = mountToasts(ctx, getState());
document.getElementById('toast-root').appendChild(toasts.el);

let view = { key: null };

// Pages load on first visit (kept by the service worker too), so the first load stays small.
const LAZY_PAGES = {
  dashboard: () => import('./models/dashboard.js').then((module) => module.mountDashboard),
  models: () => import('./models/models.js').then((module) => module.mountModels),
  providers: () => import('./models/providers.js').then((module) => module.mountProviders),
  jobs: () => import('./jobs/jobs.js').then((module) => module.mountJobs),
  ollama: () => import('./ollama/page.js').then((module) => module.mountOllama),
  settings: () => import('./governance/settings.js').then((module) => module.mountSettings),
  keys: () => import('./keys/page.js').then((module) => module.mountKeys),
  sync: () => import('./sync/page.js').then((module) => module.mountSync),
};
// A page is mounted again when its route or its argument (another Ollama server) changes.
const pageKey = (state) => `${state.route}/${state.routeParam || ''}`;
const lazyMounts = {};

function mountLazyPage(route, state) {
  const slot = h('div', { class: 'page-slot' }, h('p', { class: 'muted', role: 'status' }, t('common.loading')));
  let inner = null;
  const page = {
    el: slot,
    update(next, prev) {
      if (inner) inner.update(next, prev);
    },
  };
  const mount = (mountFn) => {
    if (view.page !== page) return;
    inner = mountFn(ctx, getState());
    slot.replaceChildren(inner.el);
    // Rendered after the state's last render: its server actions learn the network now.
    syncNetwork(slot, getState().online, t('offline.reason'));
    slot.querySelector('h1')?.focus();
  };
  if (lazyMounts[route]) {
    inner = lazyMounts[route](ctx, state);
    slot.replaceChildren(inner.el);
  } else {
    LAZY_PAGES[route]().then((mountFn) => {
      lazyMounts[route] = mountFn;
      mount(mountFn);
    }, (error) => {
      dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
    });
  }
  return page;
}

function mountPage(state) {
  return mountLazyPage(LAZY_PAGES[state.route] ? state.route : 'dashboard', state);
}

function mountScreen(state, screen, key) {
  const previous = view;
  overlays?.reset();
  const header = mountHeader(ctx, state);
  const banner = mountBanner(ctx, state);
  let main;
  let page = null;
  if (screen === 'splash') main = mountSplash();
  else if (screen === 'login') main = mountLogin(ctx, state);
  else {
    page = mountPage(state);
    main = { el: h('main', { id: 'main', class: 'main', tabindex: '-1' }, page.el), update() {} };
  }
  root.replaceChildren(header.el, banner.el, main.el);
  view = { key, screen, header, banner, main, page, route: pageKey(state) };
  if (screen === 'shell' && previous.screen !== 'shell') main.el.querySelector('h1')?.focus();
  if (screen === 'shell') syncOverlays(state, null);
  const langChanged = previous.key && previous.screen === screen && previous.key !== key;
  if (langChanged && !S.selectTopOverlay(state)) root.querySelector('[data-testid="lang-select"]')?.focus();
  else if (screen === 'login' && !langChanged) main.focus();
}

function render(state, prev) {
  setLanguage(state.lang);
  document.documentElement.lang = state.lang;
  const screen = state.session === 'checking' ? 'splash' : S.selectIsSignedIn(state) ? 'shell' : 'login';
  const key = `${screen}:${state.lang}`;
  toasts.update(state, prev);
  if (key !== view.key) {
    mountScreen(state, screen, key);
  } else {
    view.header.update(state, prev);
    view.banner.update(state, prev);
    if (screen === 'login') view.main.update(state, prev);
    if (screen === 'shell') {
      if (pageKey(state) !== view.route) {
        view.page = mountPage(state);
        view.route = pageKey(state);
        view.main.el.replaceChildren(view.page.el);
        view.main.el.querySelector('h1')?.focus();
      } else {
        view.page.update(state, prev);
      }
      syncOverlays(state, prev);
    }
  }
  syncNetwork(document.body, state.online, t('offline.reason'));
  const titleKey = screen === 'login' ? 'login.title' : `nav.${state.route}`;
  document.title = screen === 'splash' ? 'Hangar' : `${t(titleKey)} · Hangar`;
}

store.subscribe(render);
render(getState(), null);

// Live events (GET /api/events) while signed in and online; the code loads once signed in.
let live = null;
function startLive(state) {
  if (live || state.session !== 'authenticated') return;
  live = Promise.all([import('./shared/live.js'), actions.live()])
    .then(([module, events]) => module.createLive({ store, actions: events }), () => { live = null; });
}
store.subscribe(startLive);

// --- Browser events ----------------------------------------------------------------------

window.addEventListener('hashchange', () => {
  const before = getState();
  const { route, param } = routeFromHash();
  if (dispatch(S.setRoute, route, param) !== before) actions.loadRoute();
});

window.addEventListener('online', () => {
  dispatch(S.setOnline, true);
  ctx.retryConnection();
});
window.addEventListener('offline', () => dispatch(S.setOnline, false));

// The browser says online but the server did not answer: try again now and then.
setInterval(() => {
  const state = getState();
  if (!state.online && navigator.onLine !== false) ctx.retryConnection();
}, RETRY_MS);

narrow.addEventListener('change', (event) => {
  dispatch(S.setLayout, event.matches ? 'cards' : 'table');
  if (!event.matches) dispatch(S.closeSheet);
});

// The models page's Ollama dialog (models/runtime-dialogs.js) closes before its code loads.
const closeRuntimeDialog = (state) => (state.runtimeDialog ? { ...state, runtimeDialog: null } : state);

// The test prompt dialog (governance/test-dialog.js) sits above the model modal, below confirms.
const closeModelTest = (state) => (state.modelTest ? { ...state, modelTest: null } : state);

document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  if (getState().modelTest && !getState().confirm) {
    event.preventDefault();
    dispatch(closeModelTest);
    return;
  }
  const top = S.selectTopOverlay(getState());
  if (!top) return;
  event.preventDefault();
  if (top === 'confirm') dispatch(S.closeConfirm);
  else if (top === 'keyDialog') dispatch(S.closeKeyDialog);
  else if (top === 'providerModal') dispatch(S.closeProviderModal);
  else if (top === 'modal') dispatch(S.closeModal);
  else if (top === 'ollamaDialog') dispatch(S.closeOllamaDialog);
  else if (top === 'runtimeDialog' && !getState().runtimeDialog.busy) dispatch(closeRuntimeDialog);
  else if (top === 'sheet') dispatch(S.closeSheet);
});

window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  installPrompt = event;
  dispatch(S.setInstallAvailable, true);
});
window.addEventListener('appinstalled', () => {
  installPrompt = null;
  dispatch(S.setInstallAvailable, false);
  dispatch(S.pushToast, { kind: 'success', key: 'install.done' });
});

window.addEventListener('storage', (event) => {
  if (event.key === LANG_KEY && event.newValue) switchLanguage(event.newValue);
});

if ('serviceWorker' in navigator) {
  const register = () => navigator.serviceWorker.register('/sw.js').catch(() => { /* the shell still works online */ });
  // The top-level await above may have let the load event pass already.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
  // The worker keeps files as they are asked for; the ones this page loaded before it was in
  // control are handed over once it is ready. <html data-offline-ready> says the shell can
  // open offline.
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'adopted') document.documentElement.dataset.offlineReady = 'true';
  });
  navigator.serviceWorker.ready.then((registration) => {
    const urls = [location.pathname, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
    registration.active?.postMessage({ type: 'adopt', urls });
  }, () => { /* no worker: online only */ });
}

if (location.hash && routeFromHash().route === 'dashboard' && !['#/', '#', ''].includes(location.hash)) {
  history.replaceState(null, '', '#/');
}

actions.checkSession();
