// Service worker: keeps the app shell (HTML, CSS, JS modules, manifest, icons) so Hangar opens
// offline, serving it stale-while-revalidate. Never touches /api/* (nor the other server
// documents): those always go to the network. Bump VERSION when the shell's file list changes;
// old caches are deleted on activate.

const VERSION = 'v8';
const CACHE = `hangar-shell-${VERSION}`;
const SHELL = [
  '/',
  '/shared/styles.css',
  '/models/models.css',
  '/models/pages.css',
  '/ollama/ollama.css',
  '/governance/governance.css',
  '/keys/keys.css',
  '/app.js',
  '/store.js',
  '/shared/app-store.js',
  '/models/providers-store.js',
  '/models/models-store.js',
  '/jobs/jobs-store.js',
  '/models/forms.js',
  '/shared/forms.js',
  '/shared/meta.js',
  '/models/form-fields.js',
  '/shared/api.js',
  '/actions.js',
  '/shared/live-actions.js',
  '/models/provider-actions.js',
  '/models/model-actions.js',
  '/jobs/job-actions.js',
  '/shared/i18n.js',
  '/shared/decimal.js',
  '/shared/locales/en.js',
  '/shared/locales/fr.js',
  '/shared/locales/forms.en.js',
  '/shared/locales/forms.fr.js',
  '/models/strings.en.js',
  '/models/strings.fr.js',
  '/jobs/strings.en.js',
  '/jobs/strings.fr.js',
  '/ollama/strings.en.js',
  '/ollama/strings.fr.js',
  '/governance/strings.en.js',
  '/governance/strings.fr.js',
  '/shared/dom.js',
  '/shared/live.js',
  '/ollama/store.js',
  '/ollama/names.js',
  '/ollama/list.js',
  '/ollama/actions.js',
  '/ollama/api.js',
  '/governance/actions.js',
  '/governance/api.js',
  '/governance/store.js',
  '/governance/settings-actions.js',
  '/governance/settings-store.js',
  '/governance/transfer-store.js',
  '/governance/usage-model.js',
  '/shared/shell.js',
  '/shared/widgets.js',
  '/models/dashboard.js',
  '/models/first-run.js',
  '/jobs/job-labels.js',
  '/models/providers.js',
  '/models/models.js',
  '/models/modal.js',
  '/models/provider-modal.js',
  '/models/form-view.js',
  '/shared/dialogs.js',
  '/jobs/jobs.js',
  '/ollama/page.js',
  '/ollama/pull.js',
  '/ollama/runtime.js',
  '/ollama/text.js',
  '/ollama/badges.js',
  '/ollama/library.js',
  '/ollama/dialogs.js',
  '/shared/lazy-styles.js',
  '/governance/test-dialog.js',
  '/governance/settings.js',
  '/governance/transfer.js',
  '/governance/usage-chart.js',
  '/keys/strings.en.js',
  '/keys/strings.fr.js',
  '/keys/store.js',
  '/keys/form.js',
  '/keys/api.js',
  '/keys/actions.js',
  '/keys/page.js',
  '/keys/form-view.js',
  '/keys/dialogs.js',
  '/keys/connect.js',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
];
const NETWORK_ONLY = ['/api/', '/health', '/metrics', '/openapi.json'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One missing file must not keep the others out of the cache. The default cache mode lets
    // the files the page just loaded come back as cheap 304 revalidations.
    await Promise.all(SHELL.map((path) => cache.add(path).catch(() => undefined)));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith('hangar-shell-') && name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

function isNetworkOnly(url) {
  return NETWORK_ONLY.some((prefix) => url.pathname === prefix.replace(/\/$/, '') || url.pathname.startsWith(prefix));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isNetworkOnly(url)) return; // the browser fetches it, uncached
  const key = request.mode === 'navigate' || url.pathname === '/index.html' ? '/' : url.pathname;
  event.respondWith(staleWhileRevalidate(event, key, request));
});

async function staleWhileRevalidate(event, key, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key, { ignoreSearch: true });
  const network = fetch(request.mode === 'navigate' ? key : request, { cache: 'no-cache' })
    .then((response) => {
      if (response.ok && response.type === 'basic') return cache.put(key, response.clone()).then(() => response);
      return response;
    });
  if (cached) {
    event.waitUntil(network.catch(() => undefined));
    return cached;
  }
  return network;
}
