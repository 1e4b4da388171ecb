// What app.js reads from the browser: local storage (which may be missing or refuse access,
// as in private modes) and the route of a location hash.

// window.localStorage when it can be used, else null; `probeKey` is read once to find out.
export function browserStorage(probeKey) {
  try {
    const probe = globalThis.localStorage;
    probe.getItem(probeKey);
    return probe;
  } catch {
    return null;
  }
}

export function readStorage(storage, key) {
  try {
    return storage ? storage.getItem(key) : null;
  } catch {
    return null;
  }
}

// `#/providers` → { route: 'providers' }; `#/ollama/<id>` is the Ollama page of one connection
// (the id is URI-encoded); anything else is the dashboard.
export function routeOf(hash) {
  const path = (hash || '#/').replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/providers') return { route: 'providers' };
  if (path === '/models') return { route: 'models' };
  if (path === '/jobs') return { route: 'jobs' };
  if (path === '/settings') return { route: 'settings' };
  if (path === '/ollama') return { route: 'ollama' };
  const ollama = /^\/ollama\/([^/]+)$/.exec(path);
  if (ollama) {
    try {
      return { route: 'ollama', param: decodeURIComponent(ollama[1]) };
    } catch { /* a malformed escape: the dashboard */ }
  }
  return { route: 'dashboard' };
}
