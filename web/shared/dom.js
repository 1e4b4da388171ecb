// DOM helpers. `h` builds elements; every string child becomes a text node, so names and
// descriptions coming from the API are always shown as text, never parsed as HTML. Also what
// app.js reads from the browser: local storage (which may be missing or refuse access, as in
// private modes) and the route of a location hash.

const BOOLEAN_PROPS = new Set(['hidden', 'disabled', 'checked', 'selected', 'readOnly', 'required', 'multiple', 'inert']);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'testid') el.setAttribute('data-testid', value);
      else if (key === 'class') el.className = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (BOOLEAN_PROPS.has(key)) el[key] = true;
      else if (key === 'value') el.value = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === true) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const byTestId = (root, id) => root.querySelector(`[data-testid="${id}"]`);

// Network-dependent controls carry `data-net`. Their own reason to be disabled (saving, busy)
// is `data-self-disabled`; offline adds the `disabled` attribute and a title saying why.
const net = { online: true, title: '' };

export function setSelfDisabled(el, disabled) {
  if (!el) return;
  if (disabled) el.dataset.selfDisabled = '1';
  else delete el.dataset.selfDisabled;
  syncNetControl(el);
}

function syncNetControl(el) {
  const networked = el.hasAttribute('data-net');
  const disabled = (networked && !net.online) || el.dataset.selfDisabled === '1';
  if (el.disabled !== disabled) el.disabled = disabled;
  if (!networked) return;
  const title = net.online ? el.dataset.title || null : net.title;
  if (title === null) {
    if (el.hasAttribute('title')) el.removeAttribute('title');
  } else if (el.getAttribute('title') !== title) {
    el.setAttribute('title', title);
  }
}

export function syncNetwork(root, online, offlineTitle) {
  net.online = online;
  net.title = offlineTitle;
  document.body.classList.toggle('is-offline', !online);
  for (const el of root.querySelectorAll('[data-net]')) syncNetControl(el);
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusables(container) {
  return [...container.querySelectorAll(FOCUSABLE)].filter((el) => !el.closest('[hidden]') && el.getClientRects().length > 0);
}

// Keeps Tab and Shift+Tab inside `container`.
export function trapFocus(container) {
  container.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const items = focusables(container);
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !container.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !container.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  });
}

// Where focus is, described so that it can be found again after a region is rebuilt.
export function focusKey(root) {
  const active = document.activeElement;
  if (!active || !root.contains(active) || !active.dataset.testid) return null;
  const row = active.closest('[data-id]');
  return { testid: active.dataset.testid, id: row ? row.dataset.id : null };
}

export function restoreFocus(root, key) {
  if (!key || root.contains(document.activeElement)) return;
  const row = key.id ? root.querySelector(`[data-id="${CSS.escape(key.id)}"]`) : null;
  let el = (row || root).querySelector(`[data-testid="${key.testid}"]`);
  // The same control is gone (a default model has no "set default"): stay on its row.
  if ((!el || el.disabled) && row) el = row.querySelector('button:not([disabled])');
  if (el && !el.disabled) el.focus();
}

// Whether the parts of the state a view reads (`parts(state)`, a list) are the same objects in
// `next` as in `prev`: then the view has nothing to redraw. The store replaces what changes, so
// identity is enough.
export const unchanged = (parts, next, prev) => !!prev && parts(next).every((part, index) => part === parts(prev)[index]);

// Rebuilds a region with `render(next)`, and puts focus back on the control that had it.
export function redrawKeepingFocus(root, render, next) {
  const key = focusKey(root);
  render(next);
  restoreFocus(root, key);
}

// Keyed list update: an item whose signature did not change keeps its DOM node (so focus and
// element references survive); changed items get a new node; nodes are moved only when the
// order changed.
export function reconcile(container, items, keyOf, signatureOf, render) {
  const previous = container.__keyed || new Map();
  const next = new Map();
  const nodes = items.map((item) => {
    const key = keyOf(item);
    const signature = signatureOf(item);
    const old = previous.get(key);
    const node = old && old.signature === signature ? old.node : render(item);
    next.set(key, { node, signature });
    return node;
  });
  const wanted = new Set(nodes);
  let cursor = container.firstChild;
  for (const node of nodes) {
    while (cursor && !wanted.has(cursor)) {
      const after = cursor.nextSibling;
      cursor.remove();
      cursor = after;
    }
    if (cursor === node) cursor = cursor.nextSibling;
    else container.insertBefore(node, cursor);
  }
  while (cursor) {
    const after = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
  container.__keyed = next;
}

// Buttons busy with a request say so (aria-busy) instead of being disabled, so focus stays.
export function syncBusy(root, busy) {
  for (const el of root.querySelectorAll('[data-busy-key]')) el.setAttribute('aria-busy', busy[el.dataset.busyKey] ? 'true' : 'false');
}

let uid = 0;
export const nextId = (prefix) => `${prefix}-${++uid}`;

// --- Storage and routes -----------------------------------------------------------------

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
  if (path === '/sync') return { route: 'sync' };
  if (path === '/keys') return { route: 'keys' };
  if (path === '/ollama') return { route: 'ollama' };
  const ollama = /^\/ollama\/([^/]+)$/.exec(path);
  if (ollama) {
    try {
      return { route: 'ollama', param: decodeURIComponent(ollama[1]) };
    } catch { /* a malformed escape: the dashboard */ }
  }
  return { route: 'dashboard' };
}

// Style sheets of pages and dialogs that load on demand: added once, resolved when loaded (or
// failed, so a missing sheet never blocks the view). The service worker keeps them offline.
export function loadStyles(href) {
  if (typeof document === 'undefined' || document.querySelector(`link[href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve) => {
    document.head.appendChild(h('link', { rel: 'stylesheet', href, onload: resolve, onerror: resolve }));
  });
}
