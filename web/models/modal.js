// The fullscreen create/edit model modal (the connection's modal: provider-modal.js). Built
// once when it opens; later state changes only patch values, errors and the save button, so
// typing, focus and the person's input survive every async call.

import { h, replace, setSelfDisabled, setText } from '../shared/dom.js';
import { t, formatNumber } from '../shared/i18n.js';
import { formatBytes, formatDateTime } from '../shared/format.js';
import * as S from '../store.js';
import * as F from './forms.js';
import { applyModelType, buildField, focusFirstError, generalMessage, modalFrame, secretControls, showFieldError } from './form-view.js';
import { START_LABELS } from './models.js';
import { createProgress, downloadErrorText, fact } from '../shared/widgets.js';
import { priceSourceText } from './catalog-info.js';

const MODEL_GROUPS = [
  ['modal.group.general', ['provider_id', 'name', 'api_name']],
  ['modal.group.huggingFace', ['hf_repo', 'hf_revision', 'model_file', 'hf_token']],
  ['modal.group.limits', ['context_window', 'max_output_tokens', 'temperature_default']],
  ['modal.group.costs', ['cost_input_per_million', 'cost_output_per_million']],
  ['modal.group.lifecycle', ['deprecation_date']],
];
const INPUT_TYPES = { hf_token: 'password', deprecation_date: 'date' };

export function mountModelModal(ctx, state) {
  const m = state.modal;
  const isCreate = m.mode === 'create';
  const onInput = (field, value) => ctx.dispatch(F.setModalValue, field, value);
  const onBlur = (field) => ctx.dispatch(F.touchModalField, field);
  const entries = [];
  const groups = MODEL_GROUPS.map(([legend, fields]) => {
    const items = fields.map((field) => {
      const entry = buildField('model', field, { onInput, onBlur, select: field === 'provider_id', type: INPUT_TYPES[field] || null, modelType: m.type });
      entries.push(entry);
      return entry.wrapper;
    });
    return { fields, el: h('fieldset', { class: 'group' }, h('legend', {}, t(legend)), h('div', { class: 'group-grid' }, items)) };
  });
  const byField = Object.fromEntries(entries.map((entry) => [entry.field, entry]));
  const suggestions = apiNameSuggestions(byField.api_name);
  const contextOffer = ggufContextOffer(byField.context_window, onInput);
  // What the Hub picker chose goes in as typing would: the input's value, then its input and
  // blur (so the checks and the rest of the form react the same).
  const fill = (values) => {
    for (const [field, value] of Object.entries(values)) {
      const entry = byField[field];
      if (!entry || entry.control.disabled) continue;
      entry.control.value = value;
      onInput(field, value);
      onBlur(field);
    }
  };
  const token = secretControls({
    input: byField.hf_token.control, storedLabel: 'token.stored', keepLabel: 'token.keep',
    onReplace: () => ctx.dispatch(F.replaceModelToken),
    onClear: () => ctx.dispatch(F.clearModelToken),
    onKeep: () => ctx.dispatch(F.keepModelToken),
  });

  // Create: "Download now" (local models). Edit of a local model: the download, live.
  let downloadNow = null;
  let downloadNowField = null;
  if (isCreate) {
    downloadNow = h('input', { type: 'checkbox', id: 'model-download-now', testid: 'download-now', 'aria-describedby': 'model-download-now-hint',
      onchange: (event) => ctx.dispatch(F.setModalDownloadNow, event.target.checked) });
    downloadNowField = h('div', { class: 'field check-field' },
      h('label', { class: 'check', for: 'model-download-now' }, downloadNow, h('span', {}, t('modal.downloadNow'))),
      h('p', { id: 'model-download-now-hint', class: 'hint' }, t('hint.downloadNow')));
    groups[1].el.querySelector('.group-grid').appendChild(downloadNowField);
  }
  const download = !isCreate && m.type === 'local' ? downloadSection(ctx, m) : null;

  let typeSwitch = null;
  const radios = {};
  if (isCreate) {
    const radio = (type) => {
      radios[type] = h('input', { type: 'radio', name: 'model-type', value: type, id: `type-${type}`, testid: `type-${type}`,
        onchange: () => ctx.dispatch(F.setModalType, type) });
      return h('label', { class: 'type-option', for: `type-${type}` }, radios[type],
        h('span', { class: 'type-text' }, h('strong', {}, t(`type.${type}`)), h('span', { class: 'hint' }, t(`type.${type}Hint`))));
    };
    typeSwitch = h('fieldset', { class: 'type-switch' }, h('legend', {}, t('modal.type')), radio('hosted'), radio('local'));
  } else {
    typeSwitch = h('p', { class: 'type-fixed' }, t('modal.typeFixed', { type: t(`type.${m.type}`) }));
  }
  const builtinNote = m.builtin ? h('p', { class: 'notice' }, t('modal.builtinNote')) : null;
  // Catalog sync: where the prices and limits came from, and limits discovery only guessed.
  const source = isCreate ? null : priceSourceText(m.original);
  if (source) groups[3].el.appendChild(h('p', { class: 'hint', testid: 'model-price-source', dataset: { source: m.original.price_source } }, source));
  if (!isCreate && m.original.limits_guessed) {
    groups[2].el.insertBefore(h('p', { class: 'notice', testid: 'model-limits-guessed' }, t('modal.limitsGuessed')), groups[2].el.querySelector('.group-grid'));
  }

  const generalError = h('p', { class: 'form-error', testid: 'modal-error', role: 'alert', hidden: true });
  const cancel = h('button', { type: 'button', class: 'btn btn-ghost', testid: 'modal-cancel', onclick: () => ctx.dispatch(S.closeModal) }, t('modal.discard'));
  const save = h('button', { type: 'submit', class: 'btn btn-primary', testid: 'modal-save', 'data-net': '' }, t(isCreate ? 'modal.create' : 'modal.save'));

  // A saved hosted model takes a test prompt (its dialog opens above this one).
  const testPrompt = !isCreate && m.type === 'hosted'
    ? h('button', { type: 'button', class: 'btn btn-secondary', testid: 'modal-test-prompt', 'data-net': '', 'aria-haspopup': 'dialog',
      'aria-label': t('action.testNamed', { name: m.original.name }), onclick: () => ctx.governance('openTest', m.id) }, t('action.test'))
    : null;
  const title = isCreate ? t('modal.createTitle') : t('modal.editTitle', { name: m.original.name });
  const { el, form } = modalFrame({
    testid: 'model-modal', titleText: title, closeLabel: t('common.close'),
    body: [typeSwitch, builtinNote, download ? download.el : null, groups.map((group) => group.el)],
    footer: [generalError, h('div', { class: 'modal-buttons' }, testPrompt, cancel, save)],
    onClose: () => ctx.dispatch(S.closeModal),
    onSubmit: async () => {
      const ok = await ctx.actions.saveModal();
      const after = ctx.getState().modal;
      if (!ok && after && after.seq === m.seq) {
        if (!focusFirstError(entries, after.errors)) generalError.focus?.();
      }
    },
  });
  generalError.tabIndex = -1;
  const hub = hubBrowser(ctx, m.seq, el, groups[1].el, fill);

  function renderProviderOptions(next) {
    const select = byField.provider_id.control;
    const current = next.modal.values.provider_id;
    const providers = S.selectHostedProviders(next);
    const options = [h('option', { value: '' }, t('modal.chooseProvider'))];
    for (const provider of providers) {
      options.push(h('option', { value: provider.id }, provider.enabled ? provider.name : t('modal.providerDisabled', { name: provider.name })));
    }
    if (current && !providers.some((provider) => provider.id === current)) options.push(h('option', { value: current }, S.selectProviderName(next, current)));
    replace(select, options);
    select.value = current;
  }

  function update(next, prev) {
    const mm = next.modal;
    if (!mm) return;
    const pm = prev && prev.modal;
    if (!prev || next.providers.items !== prev.providers.items) renderProviderOptions(next);
    if (!prev || next.providers.items !== prev.providers.items || pm !== mm) suggestions.update(next);
    if (!prev || pm !== mm) contextOffer.update(next);
    if (download && (!prev || pm !== mm || next.jobs.items !== prev.jobs.items || next.downloads !== prev.downloads || next.busy !== prev.busy)) download.update(next);
    if (pm === mm) return;
    const shown = new Set(F.selectModalFields(next));
    const editable = new Set(F.selectModalEditable(next));
    const tokenPlace = mm.type === 'local' && !mm.builtin;
    for (const entry of entries) {
      const visible = shown.has(entry.field);
      // The token's field also holds its dots and buttons when a token is stored.
      entry.wrapper.hidden = entry.field === 'hf_token' ? !tokenPlace : !visible;
      entry.control.hidden = !visible;
      entry.control.disabled = !visible || !editable.has(entry.field);
      // The input owns what is typed; the store mirrors it. Values are written once, on mount
      // (and the token when the store forgets it: Replace, Clear, Keep).
      const value = mm.values[entry.field] ?? '';
      if ((!prev || (entry.field === 'hf_token' && pm && pm.values.hf_token !== value)) && entry.control.value !== value) entry.control.value = value;
      showFieldError(entry, visible ? mm.errors[entry.field] : null, 'model');
    }
    token.render(mm.tokenMode, !tokenPlace);
    hub.update(next, prev, mm.type === 'local' && editable.has('hf_repo'));
    for (const group of groups) group.el.hidden = !group.fields.some((field) => shown.has(field));
    if (isCreate) {
      radios.hosted.checked = mm.type === 'hosted';
      radios.local.checked = mm.type === 'local';
      downloadNowField.hidden = mm.type !== 'local';
      downloadNow.disabled = mm.type !== 'local';
      if (downloadNow.checked !== mm.downloadNow) downloadNow.checked = mm.downloadNow;
    }
    const message = generalMessage(mm.error);
    setText(generalError, message);
    generalError.hidden = !message;
    form.setAttribute('aria-busy', mm.saving ? 'true' : 'false');
    setSelfDisabled(save, mm.saving);
    setText(save, mm.saving ? t('modal.saving') : t(isCreate ? 'modal.create' : 'modal.save'));
  }
  update(state, null);

  function initialFocus() {
    // Just created with "Download now": the download's progress is what matters next.
    if (download && state.modal.justCreated) return download.focus();
    const target = isCreate ? radios[state.modal.type] : entries.find((entry) => !entry.wrapper.hidden && !entry.control.disabled)?.control;
    (target || byField.name.control).focus();
  }
  return { el, update, initialFocus };
}

// The download of a local model inside its edit modal: status, live progress (percent,
// bytes, speed, ETA), the error of a failed download, the file once downloaded, and the
// Start / Retry / Resume and Cancel buttons. Patched on every event; built once.
function downloadSection(ctx, m) {
  const id = m.id;
  const status = h('span', { class: 'badge dl-badge', testid: 'download-status', tabindex: '-1' });
  const downloaded = h('span', { class: 'muted', testid: 'download-downloaded' });
  const progress = createProgress({ label: t('download.progressNamed', { name: m.original.name }) });
  const error = h('p', { class: 'field-error', testid: 'download-error', role: 'alert', hidden: true });
  const file = h('dl', { class: 'facts dl-file', testid: 'download-file', hidden: true });
  const start = h('button', { type: 'button', class: 'btn btn-primary btn-small', testid: 'download-start', 'data-net': '',
    dataset: { busyKey: `download:${id}` }, onclick: () => ctx.actions.startDownload(id) });
  const cancel = h('button', { type: 'button', class: 'btn btn-danger-ghost btn-small', testid: 'download-cancel', 'data-net': '',
    dataset: { busyKey: `download:${id}` }, onclick: () => ctx.actions.cancelDownload(id) }, t('download.action.cancel'));
  const el = h('section', { class: 'group dl-section', testid: 'model-download', 'aria-labelledby': 'model-download-title' },
    h('h3', { id: 'model-download-title', class: 'dl-title' }, t('modal.group.download')),
    h('div', { class: 'dl-head', 'aria-live': 'polite' }, status, downloaded),
    progress.el, error, file,
    h('div', { class: 'dl-actions' }, start, cancel));

  function update(next) {
    const mm = next.modal;
    const model = (mm && mm.live) || m.original;
    const d = S.selectDownload(next, model);
    if (!d) return;
    const hadFocus = document.activeElement;
    status.dataset.status = d.status;
    status.className = `badge dl-badge dl-${d.status}`;
    setText(status, t(`download.${d.status}`));
    setText(downloaded, t('download.downloadedLine', { value: t(d.downloaded ? 'common.yes' : 'common.no') }));
    // The bar stays after a cancel or a failure: the bytes kept for a resume.
    const showProgress = d.status === 'downloading' || ((d.status === 'canceled' || d.status === 'failed') && d.bytesDone > 0);
    progress.el.hidden = !showProgress;
    if (showProgress) progress.update(d);
    setText(error, d.error ? downloadErrorText(d.errorCode, d.error) : '');
    error.hidden = !d.error;
    const done = d.status === 'downloaded';
    file.hidden = !done;
    if (done) {
      const gguf = model.gguf || {};
      const details = [gguf.architecture, gguf.quantization, gguf.context_length ? t('models.contextTokens', { count: formatNumber(gguf.context_length) }) : null].filter(Boolean);
      replace(file,
        fact(t('download.fileSize'), model.file_size_bytes !== null && model.file_size_bytes !== undefined ? formatBytes(model.file_size_bytes) : '–', 'download-file-size'),
        model.downloaded_at ? fact(t('download.downloadedAt'), formatDateTime(model.downloaded_at), 'download-file-date') : null,
        details.length ? fact(t('download.gguf'), details.join(' · '), 'download-file-gguf') : null);
    }
    const [label, named] = START_LABELS[d.startLabel];
    setText(start, t(label));
    start.setAttribute('aria-label', t(named, { name: model.name }));
    start.hidden = !d.canStart;
    cancel.hidden = !d.canCancel;
    cancel.setAttribute('aria-label', t('download.action.cancelNamed', { name: model.name }));
    const busy = !!next.busy[`download:${id}`];
    start.setAttribute('aria-busy', busy ? 'true' : 'false');
    cancel.setAttribute('aria-busy', busy ? 'true' : 'false');
    // The button pressed went away (Cancel → Resume): focus follows to the one now shown.
    if ((hadFocus === start && start.hidden) || (hadFocus === cancel && cancel.hidden)) {
      const other = hadFocus === start ? cancel : start;
      (other.hidden ? status : other).focus();
    }
  }
  return { el, update, focus: () => status.focus() };
}

// The hosted form's API name suggests the model ids the chosen connection's last test found,
// the local form's the one a file chosen on the Hub gives (a <datalist>: the person may still
// type any name); the hint says where they come from.
function apiNameSuggestions(entry) {
  const list = h('datalist', { id: 'model-api_name-suggestions', testid: 'api-name-suggestions' });
  entry.wrapper.appendChild(list);
  let shown = null;
  let type = null;
  function update(next) {
    const ids = F.selectAPINameSuggestions(next);
    const mm = next.modal;
    if (type !== mm.type || !shown || shown.join('\n') !== ids.join('\n')) {
      replace(list, ids.map((id) => h('option', { value: id })));
      if (ids.length) entry.control.setAttribute('list', list.id);
      else entry.control.removeAttribute('list');
      const hint = mm.type === 'local' ? t('hint.localApiNameSuggested') : t('hint.apiNameSuggested', { count: formatNumber(ids.length) });
      applyModelType(entry, mm.type, ids.length ? hint : null);
      shown = ids;
      type = mm.type;
    }
  }
  return { update };
}

// "Browse the Hub" (a local model whose repository may change): the picker, with its strings,
// styles and actions, loads on the first press (hub-picker.js, hub-store.js, hub-actions.js:
// out of the first load and of the modal's own). A file chosen there fills the fields through
// `fill`; the note under the button says from where. Escape closes the panel first, and the
// modal only on the next press.
function hubBrowser(ctx, seq, modalEl, group, fill) {
  const button = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'hub-browse', 'data-net': '', 'aria-expanded': 'false',
    onclick: () => toggle() }, t('hub.browse'));
  const note = h('p', { class: 'hint', testid: 'hub-filled', role: 'status', hidden: true });
  const bar = h('div', { class: 'hub-bar' }, button, note);
  const slot = h('div', { class: 'hub-slot' });
  group.querySelector('.group-grid').before(bar, slot);
  let picker = null;
  let loading = null;

  const load = () => {
    loading ||= Promise.all([import('./hub-store.js'), import('./hub-picker.js'), ctx.actions.hub()]).then(([H, view, actions]) => {
      const mounted = view.mountHubPicker(ctx, actions, ctx.getState(), { onPick, onClose: close });
      mounted.el.id = `hub-panel-${seq}`;
      button.setAttribute('aria-controls', mounted.el.id);
      slot.appendChild(mounted.el);
      picker = { H, actions, view: mounted };
      return picker;
    }, (error) => {
      loading = null;
      ctx.dispatch(S.pushToast, { kind: 'error', error: { status: 0, code: 'network', message: String(error) } });
      return null;
    });
    return loading;
  };
  const isOpen = () => !!picker && !!picker.H.selectHub(ctx.getState())?.open && !slot.closest('[hidden]');

  async function toggle() {
    if (isOpen()) return close();
    button.setAttribute('aria-busy', 'true');
    const loaded = await load();
    button.setAttribute('aria-busy', 'false');
    // The modal may have closed (or become another one) meanwhile.
    if (!loaded || !ctx.getState().modal || ctx.getState().modal.seq !== seq) return;
    const hub = loaded.H.selectHub(ctx.dispatch(loaded.H.openHub));
    // The most downloaded ones show at once, before anything is typed.
    if (hub.search.status === 'idle') loaded.actions.search();
    loaded.view.focus();
  }

  function close() {
    if (!picker) return;
    picker.view.stop();
    ctx.dispatch(picker.H.closeHub);
    button.focus();
  }

  function onPick(values) {
    fill(values);
    button.focus();
  }

  modalEl.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || !isOpen()) return;
    // Before app.js's document listener, which would close the modal.
    event.preventDefault();
    event.stopPropagation();
    close();
  });

  function update(next, prev, shown) {
    bar.hidden = !shown;
    slot.hidden = !shown;
    if (!picker) return;
    picker.view.update(next, prev);
    const hub = picker.H.selectHub(next);
    button.setAttribute('aria-expanded', hub && hub.open ? 'true' : 'false');
    const picked = hub && hub.picked;
    note.hidden = !picked;
    setText(note, picked ? t('hub.filled', { repo: picked.repo, label: picked.quantization || picked.file }) : '');
  }
  return { update };
}

// A local model whose GGUF header gives another context length: the edit form says so under
// the field and offers the file's number in one click (filled in, not saved).
function ggufContextOffer(entry, onInput) {
  const text = h('span', {});
  const use = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'gguf-context-use' });
  const el = h('p', { class: 'hint gguf-offer', testid: 'gguf-context-offer', hidden: true }, text, ' ', use);
  entry.error.before(el);
  let offered = null;
  use.addEventListener('click', () => {
    if (!offered) return;
    const value = String(offered.contextLength);
    entry.control.value = value;
    onInput('context_window', value);
    entry.control.focus();
  });
  function update(next) {
    offered = F.selectGGUFContextOffer(next);
    el.hidden = !offered;
    if (!offered) return;
    const count = formatNumber(offered.contextLength);
    setText(text, t('gguf.contextDiffers', { count }));
    setText(use, t('gguf.useContext', { count }));
  }
  return { update };
}
