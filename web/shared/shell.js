// The frame around the pages: header (brand, navigation, install, language, sign out),
// offline banner, toasts, the splash and the login screen.

import { h, replace, setSelfDisabled, setText } from './dom.js';
import { t, describeError, describeFieldError } from './i18n.js';
import * as S from '../store.js';

const ROUTE_LINKS = [
  ['dashboard', '#/', 'nav.dashboard'],
  ['providers', '#/providers', 'nav.providers'],
  ['models', '#/models', 'nav.models'],
  ['keys', '#/keys', 'nav.keys'],
  ['ollama', '#/ollama', 'nav.ollama'],
  ['jobs', '#/jobs', 'nav.jobs'],
  ['sync', '#/sync', 'nav.sync'],
  ['settings', '#/settings', 'nav.settings'],
];

export function mountHeader(ctx, state) {
  const signedIn = S.selectIsSignedIn(state);
  const links = ROUTE_LINKS.map(([route, href, key]) =>
    h('a', { href, class: 'nav-link', testid: `nav-${route}`, dataset: { route } }, t(key)));
  const nav = signedIn ? h('nav', { class: 'nav', 'aria-label': t('nav.label') }, links) : null;

  const langSelect = h('select', {
    id: 'lang-select', class: 'lang-select', testid: 'lang-select', 'aria-label': t('lang.label'), title: t('lang.label'),
    onchange: (event) => ctx.setLanguage(event.target.value),
  }, h('option', { value: 'en', lang: 'en' }, t('lang.en')), h('option', { value: 'fr', lang: 'fr' }, t('lang.fr')));
  langSelect.value = state.lang;

  const install = h('button', {
    type: 'button', class: 'btn btn-ghost btn-small', testid: 'install-button', hidden: !state.installAvailable,
    title: t('install.title'), onclick: () => ctx.install(),
  }, t('install.button'));

  const logout = signedIn
    ? h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: 'logout', 'data-net': '', onclick: () => ctx.actions.logout() }, t('logout'))
    : null;

  const el = h('header', { class: 'app-header' },
    h('div', { class: 'header-row' },
      h('a', { href: '#/', class: 'brand', 'aria-label': t('brand.home') },
        h('img', { src: '/icons/icon-192.png', alt: '', width: '28', height: '28' }),
        h('span', { class: 'brand-name' }, 'Hangar')),
      h('div', { class: 'header-tools' }, install, langSelect, logout)),
    nav);

  function update(next) {
    install.hidden = !next.installAvailable;
    for (const link of links) {
      if (link.dataset.route === next.route) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (langSelect.value !== next.lang) langSelect.value = next.lang;
  }
  update(state);
  return { el, update };
}

export function mountBanner(ctx, state) {
  const el = h('div', { class: 'banner-slot' });
  let shown = null;
  function update(next) {
    const offline = !next.online;
    if (offline === shown) return;
    shown = offline;
    if (!offline) {
      el.replaceChildren();
      return;
    }
    replace(el, h('div', { class: 'offline-banner', testid: 'offline-banner', role: 'status' },
      h('span', { class: 'offline-dot', 'aria-hidden': 'true' }),
      h('span', { class: 'offline-text' }, t('offline.banner')),
      h('button', { type: 'button', class: 'btn btn-small btn-ghost-inverse', testid: 'offline-retry', onclick: () => ctx.retryConnection() }, t('offline.retry'))));
  }
  update(state);
  return { el, update };
}

export function toastText(toast) {
  if (toast.error) return describeError(toast.error);
  return t(toast.key, toast.params);
}

export function mountToasts(ctx, state) {
  const el = h('div', { class: 'toasts', testid: 'toasts', 'aria-live': 'polite', role: 'status' });
  const nodes = new Map();
  function update(next) {
    const ids = new Set(next.toasts.map((toast) => toast.id));
    for (const [id, node] of nodes) {
      if (!ids.has(id)) {
        node.remove();
        nodes.delete(id);
      }
    }
    for (const toast of next.toasts) {
      if (nodes.has(toast.id)) continue;
      // Toasts never take clicks (they may float over buttons); they go away by themselves.
      const node = h('div', { class: `toast toast-${toast.kind}`, testid: 'toast', dataset: { kind: toast.kind } },
        h('span', { class: 'toast-text' }, toastText(toast)));
      nodes.set(toast.id, node);
      el.appendChild(node);
      ctx.scheduleToastDismiss(toast);
    }
  }
  update(state);
  return { el, update };
}

export function mountSplash() {
  const el = h('main', { class: 'splash', id: 'main', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('app.loading')));
  return { el, update() {} };
}

export function mountLogin(ctx, state) {
  const token = h('input', {
    id: 'login-token', type: 'password', testid: 'login-token', class: 'input', autocomplete: 'current-password',
    spellcheck: 'false', 'aria-describedby': 'login-help login-error', required: true,
  });
  const error = h('p', { id: 'login-error', class: 'form-error', testid: 'login-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', testid: 'login-submit', 'data-net': '' }, t('login.submit'));
  const expired = h('p', { class: 'notice', role: 'status' });

  const form = h('form', {
    class: 'login-card card', novalidate: true, 'aria-labelledby': 'login-title',
    onsubmit: (event) => {
      event.preventDefault();
      ctx.actions.login(token.value);
    },
  },
  h('img', { src: '/icons/icon-192.png', alt: '', width: '56', height: '56', class: 'login-logo' }),
  h('h1', { id: 'login-title' }, t('login.title')),
  h('p', { id: 'login-help', class: 'muted' }, t('login.help')),
  expired,
  h('div', { class: 'field' }, h('label', { for: 'login-token' }, t('login.token')), token),
  error,
  submit);

  const el = h('main', { class: 'login', id: 'main' }, form);

  function update(next, prev) {
    if (prev && next.login === prev.login && next.sessionExpired === prev.sessionExpired && next.online === prev.online) return;
    const e = next.login.error;
    let message = '';
    if (e) message = e.code === 'client_validation' ? describeFieldError(e.fields.token, { field: 'token' }) : describeError(e);
    setText(error, message);
    error.hidden = !message;
    if (message) token.setAttribute('aria-invalid', 'true');
    else token.removeAttribute('aria-invalid');
    setText(expired, next.sessionExpired ? t('login.expired') : '');
    expired.hidden = !next.sessionExpired;
    setSelfDisabled(submit, next.login.submitting);
    setText(submit, next.login.submitting ? t('login.submitting') : t('login.submit'));
    if (e && prev && prev.login.submitting) token.focus();
  }
  update(state, null);
  return { el, update, focus: () => token.focus() };
}
