// What the Ollama server runs now, as the page shows it: after an eject the running list is
// asked again until the model is gone or a window ends; local models are marked when loaded,
// library results and variants when installed. No DOM: node --test imports it.

import { canonicalName, patchServer, sameModel, selectServer } from './store.js';

// How long an eject is watched, and how often /running is asked meanwhile. Tests shorten it.
export const EJECT_WATCH = { intervalMs: 1000, windowMs: 10000, wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now: () => Date.now() };

// Asks `gone()` now, then every interval, until it says true (→ true) or the window ends
// (→ false). A failing ask ends the watch: the section shows its own error.
export async function watchUntil(gone, { intervalMs, windowMs, wait, now } = EJECT_WATCH) {
  const end = now() + windowMs;
  for (;;) {
    if (await gone()) return true;
    if (now() + intervalMs > end) return false;
    await wait(intervalMs);
  }
}

// The eject of `name` is being watched (the row says it waits for Ollama), or no longer.
export function ejectWatching(state, id, name, waiting) {
  return patchServer(state, id, (server) => {
    const eject = server.ejects[name];
    if (!eject || !!eject.waiting === waiting) return server;
    return { ...server, ejects: { ...server.ejects, [name]: { ...eject, waiting } } };
  });
}

export const selectLoaded = (state, id, name) => selectServer(state, id).running.items.some((item) => sameModel(item.name, name));

const baseName = (name) => {
  const text = canonicalName(name);
  return text.slice(0, text.lastIndexOf(':'));
};

// A library model ("qwen2.5", no tag) is installed when any of its tags is; a variant
// ("qwen2.5:0.5b") when that very tag is.
export function selectInstalled(state, id, name) {
  const items = selectServer(state, id).models.items;
  const tagged = String(name || '').lastIndexOf(':') > String(name || '').lastIndexOf('/');
  if (tagged) return items.some((item) => sameModel(item.name, name));
  return items.some((item) => baseName(item.name) === canonicalName(name).replace(/:latest$/, ''));
}

// An Update (a pull of a model a check found newer) replaces the model's digest, and the
// server drops a check made for the old one: the page remembers the digest the check saw, and
// a model that now has it is up to date.
const hex = (digest) => String(digest || '').toLowerCase().replace(/^sha256[:-]/, '');

export function updatePulled(state, id, name, update) {
  if (!update || update.status !== 'update_available' || !update.remote_digest) return state;
  return patchServer(state, id, (server) => ({ ...server, pulledUpdates: { ...(server.pulledUpdates || {}), [canonicalName(name)]: update } }));
}

export function selectModelUpdate(state, id, model, selectUpdate) {
  const found = selectUpdate(model);
  if (found) return found;
  const pulled = (selectServer(state, id).pulledUpdates || {})[canonicalName(model.name)];
  if (pulled && hex(model.digest) && hex(model.digest) === hex(pulled.remote_digest)) return { status: 'up_to_date', reason: null, checkedAt: pulled.checked_at || null };
  return null;
}
