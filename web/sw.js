// Service worker: keeps the app shell (HTML, CSS, JS modules, manifest, icons) so Hangar opens
// offline, serving it stale-while-revalidate. Never touches /api/* (nor the other server
// documents): those always go to the network.
//
// It keeps what the browser uses, not the whole UI: a first visit would otherwise download
// every page and dialog it never opens. At install it takes the core (what every page needs)
// from the HTTP cache the first page just filled; after that it keeps each file as the page
// asks for it, and on the page's 'adopt' message it also keeps the files the page loaded
// before the worker controlled it (again from the HTTP cache, so nothing is downloaded twice).
// Bump VERSION when this file's rules change; old caches are deleted on activate.

const VERSION = 'v11';
const CACHE = `hangar-shell-${VERSION}`;
// index.html, its style sheets and the modules app.js imports statically.
const CORE = [
  '/',
  '/shared/styles.css',
  '/app.js',
  '/store.js',
  '/shared/app-store.js',
  '/models/providers-store.js',
  '/models/models-store.js',
  '/jobs/jobs-store.js',
  '/shared/api.js',
  '/actions.js',
  '/models/provider-actions.js',
  '/models/model-actions.js',
  '/jobs/job-actions.js',
  '/shared/i18n.js',
  '/shared/dom.js',
  '/shared/shell.js',
];
const NETWORK_ONLY = ['/api/', '/health', '/metrics', '/openapi.json'];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One missing file must not keep the others out of the cache.
    await Promise.all(CORE.map((path) => keep(cache, path).catch(() => undefined)));
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

// The cache key of a same-origin shell file, or null for what always goes to the network.
function shellKey(url, navigate) {
  if (url.origin !== self.location.origin || isNetworkOnly(url)) return null;
  return navigate || url.pathname === '/index.html' ? '/' : url.pathname;
}

// Keeps one file from the HTTP cache when it is there (fresh or not: the page fetched it a
// moment ago), from the network otherwise.
async function keep(cache, key) {
  if (await cache.match(key)) return;
  const response = await fetch(key, { cache: 'force-cache' });
  if (response.ok && response.type === 'basic') await cache.put(key, response);
}

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'adopt' || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const keys = new Set(data.urls.map((href) => {
      try {
        return shellKey(new URL(href, self.location.origin), false);
      } catch {
        return null;
      }
    }).filter(Boolean));
    await Promise.all([...keys].map((key) => keep(cache, key).catch(() => undefined)));
    if (event.source) event.source.postMessage({ type: 'adopted', count: keys.size });
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const key = shellKey(new URL(request.url), request.mode === 'navigate');
  if (!key) return; // the browser fetches it, uncached
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
