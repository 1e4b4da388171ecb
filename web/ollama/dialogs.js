// The Ollama page's overlays (state.ollamaDialog): a model's details (Ollama's /api/show), the
// copy (retag) form, and a model's action sheet on phones. Loaded with the other dialogs.

import { h, replace, setSelfDisabled, setText, syncBusy, trapFocus } from '../shared/dom.js';
import { t, describeError, formatNumber, describeFieldError, getLanguage } from '../shared/i18n.js';
import { formatDate } from '../shared/format.js';
import { capabilityText } from './text.js';
import * as S from '../store.js';
import * as O from './store.js';
import { actionButton, fact } from '../shared/widgets.js';

const DASH = '–';
const ACTION_LABELS = {
  details: ['ollama.action.details', 'ollama.action.detailsNamed'],
  load: ['ollama.action.load', 'ollama.action.loadNamed'],
  copy: ['ollama.action.copy', 'ollama.action.copyNamed'],
  update: ['ollama.action.update', 'ollama.action.updateNamed'],
  delete: ['action.delete', 'action.deleteNamed'],
};

// The buttons of a local model: its row on wide screens, its action sheet on phones.
export function modelActionButtons(ctx, state, id, model, { block = false } = {}) {
  return O.selectModelActions(state, id, model).map((action) => {
    const [label, named] = ACTION_LABELS[action];
    let busyKey = null;
    if (action === 'load') busyKey = `ollama-load:${id}:${model.name}`;
    else if (action === 'update') busyKey = `ollama-pull:${id}:${O.canonicalName(model.name)}`;
    return actionButton({
      label: t(label), ariaLabel: t(named, { name: model.name }), testid: `ollama-action-${action}`, block, busyKey,
      style: action === 'delete' ? 'danger' : action === 'update' ? 'secondary' : 'ghost', dialog: ['details', 'copy', 'delete'].includes(action),
      onClick: () => {
        if (action === 'details') ctx.ollama('openDetails', id, model.name);
        else if (action === 'load') ctx.ollama('load', id, model.name);
        else if (action === 'copy') ctx.ollama('openCopy', id, model.name);
        else if (action === 'update') ctx.ollama('pull', id, model.name);
        else ctx.ollama('openDelete', id, model.name);
      },
    });
  });
}

export function mountOllamaDialog(ctx, state) {
  const kind = state.ollamaDialog.kind;
  if (kind === 'details') return mountDetails(ctx, state);
  if (kind === 'copy') return mountCopy(ctx, state);
  return mountSheet(ctx, state);
}

const close = (ctx) => ctx.dispatch(S.closeOllamaDialog);

// --- Details ----------------------------------------------------------------------------------

const shown = (value) => (value === null || value === undefined || value === '' ? DASH : value);

function block(titleKey, value, testid, open = false) {
  if (!value) return null;
  return h('details', { class: 'details-block', open }, h('summary', {}, t(titleKey)), h('pre', { class: 'code', testid }, value));
}

// Ollama's model_info: the scalar GGUF keys (tokenizer arrays are empty or huge).
function modelInfo(info) {
  const rows = Object.entries(info || {}).filter(([, value]) => value === null || ['string', 'number', 'boolean'].includes(typeof value)).slice(0, 80);
  if (!rows.length) return null;
  return h('details', { class: 'details-block' }, h('summary', {}, t('ollama.details.modelInfo')),
    h('dl', { class: 'facts info-list', testid: 'ollama-details-info' }, rows.map(([key, value]) => h('div', {}, h('dt', { class: 'mono' }, key), h('dd', { class: 'mono' }, String(value))))));
}

function detailsBody(dialog) {
  if (dialog.status === 'loading') return h('p', { class: 'muted', role: 'status' }, t('common.loading'));
  if (dialog.status === 'error') return h('div', { class: 'alert', role: 'alert', testid: 'ollama-details-error' }, h('p', {}, t('ollama.details.failed'), ' ', describeError(dialog.error)));
  const d = dialog.details || {};
  const capabilities = d.capabilities || [];
  return [
    h('dl', { class: 'facts facts-grid' },
      fact(t('ollama.col.family'), shown(d.family), 'ollama-details-family'),
      fact(t('ollama.col.parameters'), shown(d.parameter_size), 'ollama-details-parameter-size'),
      fact(t('ollama.col.quantization'), shown(d.quantization_level), 'ollama-details-quantization'),
      fact(t('ollama.details.format'), shown(d.format), 'ollama-details-format'),
      fact(t('ollama.details.context'), shown(d.context_length ? t('models.contextTokens', { count: formatNumber(d.context_length) }) : null), 'ollama-details-context'),
      fact(t('ollama.col.modified'), shown(d.modified_at ? formatDate(d.modified_at) : null), 'ollama-details-modified')),
    h('div', { class: 'details-capabilities' }, h('h3', {}, t('ollama.details.capabilities')),
      capabilities.length
        ? h('p', { class: 'badges badges-start' }, capabilities.map((capability) => h('span', { class: 'badge badge-accent', testid: 'ollama-details-capability', dataset: { capability } }, capabilityText(capability, getLanguage()))))
        : h('p', { class: 'muted' }, DASH)),
    block('ollama.details.parameters', d.parameters, 'ollama-details-parameters', true),
    block('ollama.details.template', d.template, 'ollama-details-template'),
    block('ollama.details.system', d.system, 'ollama-details-system'),
    block('ollama.details.modelfile', d.modelfile, 'ollama-details-modelfile'),
    block('ollama.details.license', d.license, 'ollama-details-license'),
    modelInfo(d.model_info),
  ];
}

function mountDetails(ctx, state) {
  const dialog = state.ollamaDialog;
  const closeButton = h('button', { type: 'button', class: 'icon-btn', testid: 'modal-close', 'aria-label': t('common.close'), title: t('common.close'), onclick: () => close(ctx) }, '×');
  const body = h('div', { class: 'modal-body', 'aria-live': 'polite' });
  const done = h('button', { type: 'button', class: 'btn btn-primary', testid: 'ollama-details-close', onclick: () => close(ctx) }, t('common.close'));
  const panel = h('div', { class: 'modal-panel' },
    h('div', { class: 'modal-head' }, h('h2', { id: 'ollama-details-title', class: 'modal-title mono' }, dialog.name), closeButton),
    body,
    h('div', { class: 'modal-foot' }, h('div', { class: 'modal-buttons' }, done)));
  const el = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'ollama-details-title', testid: 'ollama-details' }, panel);
  trapFocus(el);
  let shown = null;
  function update(next) {
    const current = next.ollamaDialog;
    if (!current || current.kind !== 'details' || current === shown) return;
    shown = current;
    replace(body, detailsBody(current));
    el.dataset.status = current.status;
  }
  update(state);
  return { el, update, initialFocus: () => closeButton.focus() };
}

// --- Copy (retag) -------------------------------------------------------------------------------

function mountCopy(ctx, state) {
  const dialog = state.ollamaDialog;
  const input = h('input', {
    id: 'ollama-copy-destination', class: 'input mono', testid: 'ollama-copy-destination', type: 'text', autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', maxlength: '600', placeholder: t('ollama.copy.placeholder'), 'aria-describedby': 'ollama-copy-hint ollama-copy-error',
    oninput: (event) => ctx.dispatch(O.setCopyDestination, event.target.value),
    onchange: (event) => ctx.dispatch(O.setCopyDestination, event.target.value),
  });
  const error = h('p', { id: 'ollama-copy-error', class: 'field-error', testid: 'ollama-copy-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'ollama-copy-submit', 'data-net': '' }, t('ollama.copy.submit'));
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'ollama-copy-cancel', onclick: () => close(ctx) }, t('common.cancel'));
  const panel = h('form', {
    class: 'dialog-panel', novalidate: true, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'ollama-copy-title', testid: 'ollama-copy-dialog',
    onsubmit: (event) => {
      event.preventDefault();
      ctx.dispatch(O.setCopyDestination, input.value);
      ctx.ollama('copy');
    },
  },
  h('h2', { id: 'ollama-copy-title' }, t('ollama.copy.title')),
  h('p', {}, t('ollama.copy.intro', { name: dialog.name })),
  h('div', { class: 'field' }, h('label', { for: 'ollama-copy-destination' }, t('ollama.copy.destination')), input,
    h('p', { id: 'ollama-copy-hint', class: 'hint' }, t('ollama.copy.hint')), error),
  h('div', { class: 'dialog-actions' }, cancel, submit));
  const el = h('div', { class: 'overlay overlay-center', onclick: (event) => { if (event.target === el && !ctx.getState().ollamaDialog?.busy) close(ctx); } }, panel);
  trapFocus(el);

  function update(next) {
    const current = next.ollamaDialog;
    if (!current || current.kind !== 'copy') return;
    if (document.activeElement !== input && input.value !== current.destination) input.value = current.destination;
    const e = current.error;
    const message = e ? (e.fields && (e.fields.destination || e.fields.model) ? describeFieldError(e.fields.destination || e.fields.model, { field: 'destination' }) : describeError(e)) : '';
    setText(error, message);
    error.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    setSelfDisabled(submit, current.busy);
    setText(submit, t(current.busy ? 'ollama.copy.copying' : 'ollama.copy.submit'));
  }
  update(state);
  return { el, update, initialFocus: () => input.focus() };
}

// --- Action sheet (phones) --------------------------------------------------------------------------

function mountSheet(ctx, state) {
  const dialog = state.ollamaDialog;
  const buttons = h('div', { class: 'sheet-actions' });
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost btn-block', testid: 'sheet-cancel', onclick: () => close(ctx) }, t('common.cancel'));
  const panel = h('div', { class: 'sheet-panel', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'sheet-title', testid: 'action-sheet' },
    h('div', { class: 'sheet-grip', 'aria-hidden': 'true' }), h('h2', { id: 'sheet-title', class: 'sheet-title mono' }, dialog.name), buttons, cancel);
  const el = h('div', { class: 'overlay overlay-bottom', onclick: (event) => { if (event.target === el) close(ctx); } }, panel);
  trapFocus(el);
  let shownSignature = null;
  function update(next) {
    const current = next.ollamaDialog;
    if (!current || current.kind !== 'actions') return;
    const model = O.selectServer(next, current.providerID).models.items.find((item) => O.sameModel(item.name, current.name)) || null;
    const signature = model ? JSON.stringify(O.selectModelActions(next, current.providerID, model)) : '';
    if (signature !== shownSignature) {
      shownSignature = signature;
      replace(buttons, model ? modelActionButtons(ctx, next, current.providerID, model, { block: true }) : h('p', { class: 'muted' }, t('ollama.gone')));
    }
    syncBusy(buttons, next.busy);
  }
  update(state);
  return { el, update, initialFocus: () => (buttons.querySelector('button:not([disabled])') || cancel).focus() };
}
