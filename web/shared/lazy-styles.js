// Style sheets of pages and dialogs that load on demand: added once, resolved when loaded (or
// failed, so a missing sheet never blocks the view). The service worker keeps them offline.

import { h } from './dom.js';

export function loadStyles(href) {
  if (typeof document === 'undefined' || document.querySelector(`link[href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve) => {
    document.head.appendChild(h('link', { rel: 'stylesheet', href, onload: resolve, onerror: resolve }));
  });
}
