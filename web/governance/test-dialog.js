// The test prompt dialog of a model (row action "Test", the action sheet, the edit modal): the
// prompt (the server's default text, editable), Send, and the answer inline — its text (as
// text, never HTML), latency, tokens, estimated cost or "unknown", attempts after a 429, the
// deprecation warning with the replacement, or the error with what to do next.

import { h, loadStyles, replace, setText, trapFocus } from '../shared/dom.js';
import { t, describeError, getLanguage, loadStrings, describeFieldError } from '../shared/i18n.js';
import * as G from './store.js';

await Promise.all([loadStrings('governance'), loadStrings('forms'), loadStyles('/governance/governance.css')]);

export function mountModelTest(ctx, state) {
  const m = state.modelTest;
  const close = () => ctx.dispatch(G.closeModelTest);
  const prompt = h('textarea', {
    id: 'model-test-prompt', class: 'input model-test-prompt', testid: 'model-test-prompt', rows: '3', maxlength: String(G.PROMPT_MAX),
    'aria-describedby': 'model-test-prompt-hint model-test-prompt-error', spellcheck: 'false',
    oninput: (event) => ctx.dispatch(G.setTestPrompt, event.target.value),
  });
  prompt.value = m.prompt;
  const promptError = h('p', { id: 'model-test-prompt-error', class: 'field-error', testid: 'model-test-prompt-error', hidden: true });
  const send = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'model-test-send', 'data-net': '' }, t('modelTest.send'));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'model-test-close', onclick: close }, t('common.close'));
  const output = h('div', { class: 'model-test-output', testid: 'model-test-output', role: 'status', 'aria-live': 'polite' });
  const panel = h('form', {
    class: 'dialog-panel model-test-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'model-test-title', testid: 'model-test-dialog',
    novalidate: true, dataset: { modelId: m.id },
    onsubmit: (event) => {
      event.preventDefault();
      ctx.governance('runTest');
    },
  },
  h('h2', { id: 'model-test-title' }, t('modelTest.title', { name: m.name })),
  h('p', { class: 'muted' }, t('modelTest.intro')),
  h('div', { class: 'field' },
    h('label', { for: 'model-test-prompt' }, t('modelTest.prompt')), prompt,
    h('p', { id: 'model-test-prompt-hint', class: 'hint' }, t('modelTest.promptHint')), promptError),
  output,
  h('div', { class: 'dialog-actions' }, cancel, send));
  const el = h('div', { class: 'overlay overlay-center', onclick: (event) => { if (event.target === el) close(); } }, panel);
  trapFocus(el);

  function replacementName(next, id) {
    return next.modelNames[id] || id;
  }

  function warning(next, w) {
    const id = w.replacement_model_id;
    const known = w.code === 'model_deprecated';
    let message;
    if (known) message = id ? t('modelTest.deprecated', { name: replacementName(next, id) }) : t('modelTest.deprecatedNoReplacement');
    else message = w.message;
    return h('div', { class: 'alert alert-warn', testid: 'model-test-warning', dataset: { code: w.code, replacementId: id || '' } },
      h('p', {}, message),
      id ? h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'model-test-replacement', 'data-net': '',
        onclick: () => ctx.governance('openTest', id) }, t('modelTest.testReplacement', { name: replacementName(next, id) })) : null);
  }

  function result(next, r) {
    const facts = G.testFacts(r, getLanguage());
    return h('div', { class: 'model-test-result', testid: 'model-test-result', dataset: { usageId: r.usage_id || '', attempts: String(r.attempts) } },
      r.warning ? warning(next, r.warning) : null,
      h('p', { class: 'model-test-label' }, t('modelTest.answer')),
      h('blockquote', { class: 'model-test-text', testid: 'model-test-text' }, r.text || t('modelTest.emptyAnswer')),
      r.finish_reason === 'length' ? h('p', { class: 'hint', testid: 'model-test-truncated' }, t('modelTest.truncated')) : null,
      h('dl', { class: 'facts facts-grid model-test-facts' }, facts.map(([key, testid, text]) => h('div', {}, h('dt', {}, t(key)), h('dd', { testid }, text)))));
  }

  function failure(error) {
    const advice = G.testErrorAdvice(error);
    const fields = Object.entries(error.fields || {}).filter(([field]) => field !== 'prompt').map(([field, message]) => describeFieldError(message, { field }));
    const link = advice.link ? h('a', { href: `#/${advice.link}`, class: 'btn btn-secondary btn-small', testid: 'model-test-fix', onclick: close },
      t(`modelTest.goto.${advice.link}`)) : null;
    return h('div', { class: 'alert', role: 'alert', testid: 'model-test-error', dataset: { code: error.code } },
      h('p', { testid: 'model-test-error-message' }, [describeError(error), ...fields].join(' ')),
      h('p', { class: 'hint', testid: 'model-test-advice' }, t(advice.key)),
      link);
  }

  let shown = null;
  function update(next) {
    const mm = next.modelTest;
    if (!mm) return;
    setText(promptError, mm.promptError ? describeFieldError(mm.promptError, { label: t('modelTest.prompt') }) : '');
    promptError.hidden = !mm.promptError;
    if (mm.promptError) prompt.setAttribute('aria-invalid', 'true');
    else prompt.removeAttribute('aria-invalid');
    panel.setAttribute('aria-busy', mm.running ? 'true' : 'false');
    send.setAttribute('aria-busy', mm.running ? 'true' : 'false');
    replace(send, mm.running ? h('span', { class: 'spinner', 'aria-hidden': 'true' }) : null, t(mm.running ? 'modelTest.sending' : (mm.result || mm.error ? 'modelTest.sendAgain' : 'modelTest.send')));
    const signature = [mm.running, mm.result, mm.error, next.modelNames];
    if (shown && signature.every((part, index) => part === shown[index])) return;
    shown = signature;
    if (mm.running) replace(output, h('p', { class: 'muted', testid: 'model-test-running' }, t('modelTest.running', { name: mm.name })));
    else if (mm.error) replace(output, failure(mm.error));
    else if (mm.result) replace(output, result(next, mm.result));
    else output.replaceChildren();
  }
  update(state);
  return { el, update, initialFocus: () => send.focus() };
}
