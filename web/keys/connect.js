// "Connect an application": how a program calls Hangar's OpenAI-compatible gateway (`/v1`)
// with an application key, as copyable snippets (curl, the OpenAI Python and JavaScript SDKs).
// The key is the secret just created while it is shown, else a placeholder. Also the copy
// button the secret dialog uses. `snippets` is pure (node --test); the rest builds DOM.

import { h, setText } from '../shared/dom.js';
import { t } from '../shared/i18n.js';

export const PLACEHOLDER_KEY = 'hk_…';
export const SNIPPET_KINDS = Object.freeze(['curl', 'python', 'javascript']);

// `origin`: the page's own (location.origin), where the gateway answers.
export function snippets(origin, key = null) {
  const base = `${origin}/v1`;
  const secret = key || PLACEHOLDER_KEY;
  return {
    base,
    curl: [
      `curl ${base}/chat/completions \\`,
      `  -H "Authorization: Bearer ${secret}" \\`,
      '  -H "Content-Type: application/json" \\',
      '  -d \'{"model": "default", "messages": [{"role": "user", "content": "Hello"}]}\'',
    ].join('\n'),
    python: [
      'from openai import OpenAI',
      '',
      `client = OpenAI(base_url="${base}", api_key="${secret}")`,
      'reply = client.chat.completions.create(',
      '    model="default",',
      '    messages=[{"role": "user", "content": "Hello"}],',
      ')',
      'print(reply.choices[0].message.content)',
    ].join('\n'),
    javascript: [
      'import OpenAI from "openai";',
      '',
      `const client = new OpenAI({ baseURL: "${base}", apiKey: "${secret}" });`,
      'const reply = await client.chat.completions.create({',
      '  model: "default",',
      '  messages: [{ role: "user", content: "Hello" }],',
      '});',
      'console.log(reply.choices[0].message.content);',
    ].join('\n'),
  };
}

// Puts text on the clipboard: the Clipboard API, else a selected text area and copy.
export async function copyText(text) {
  try {
    if (globalThis.navigator && navigator.clipboard && navigator.clipboard.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch { /* not allowed here: the older way below */ }
  const area = h('textarea', { readonly: true, class: 'visually-hidden', 'aria-hidden': 'true' });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch { /* nothing else to try */ }
  area.remove();
  return ok;
}

// A Copy button for the text `read()` gives; says "Copied" (data-copied) for a moment.
export function copyButton({ testid, label, read, named = null }) {
  let timer = null;
  const button = h('button', { type: 'button', class: 'btn btn-secondary btn-small key-copy', testid, 'aria-label': named, dataset: { copied: 'false' },
    onclick: async () => {
      const ok = await copyText(read());
      button.dataset.copied = ok ? 'true' : 'failed';
      setText(button, t(ok ? 'keys.copied' : 'keys.copyFailed'));
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.dataset.copied = 'false';
        setText(button, label);
      }, 4000);
    } }, label);
  return button;
}

// The panel: the base URL, then one snippet per SDK with its Copy button. `update(secret)`
// rewrites the snippets when a secret is shown or forgotten.
export function mountConnect({ origin, secret = null, headingLevel = 'h2', testid = 'connect-panel' }) {
  const id = `${testid}-title`;
  const baseCode = h('code', { class: 'mono', testid: 'connect-base-url' });
  const hint = h('p', { class: 'hint', testid: 'connect-key-hint' });
  const blocks = SNIPPET_KINDS.map((kind) => {
    const code = h('code', { testid: `connect-snippet-${kind}` });
    const title = t(`keys.connect.${kind}`);
    return {
      kind, code,
      el: h('div', { class: 'connect-snippet', dataset: { kind } },
        h('div', { class: 'connect-snippet-head' }, h('h3', {}, title),
          copyButton({ testid: `connect-copy-${kind}`, label: t('keys.copy'), named: t('keys.copyNamed', { name: title }), read: () => code.textContent })),
        h('pre', { class: 'connect-code', tabindex: '0', 'aria-label': title }, code)),
    };
  });
  const el = h('section', { class: 'card connect-card', testid, 'aria-labelledby': id },
    h(headingLevel, { id }, t('keys.connect.title')),
    h('p', { class: 'muted' }, t('keys.connect.intro')),
    h('p', { class: 'connect-base' }, t('keys.connect.base'), ' ', baseCode),
    hint,
    blocks.map((block) => block.el));

  function update(next) {
    const s = snippets(origin, next);
    setText(baseCode, s.base);
    setText(hint, t(next ? 'keys.connect.withSecret' : 'keys.connect.withPlaceholder', { placeholder: PLACEHOLDER_KEY }));
    el.dataset.key = next ? 'secret' : 'placeholder';
    for (const block of blocks) setText(block.code, s[block.kind]);
  }
  update(secret);
  return { el, update };
}
