// Sync page (#/sync, issue 19): keeps the catalog true with the admin deciding.
// - Discover models: a connection's upstream list against the catalog — new (to add, limits
//   marked when guessed, prices when known), gone (to deprecate), present — with a box per
//   entry, then Apply (one request, one transaction).
// - Prices and limits: a source (the price_data_url setting or the shipped snapshot, a URL, a
//   file read here), Preview (a dry run), each model's changes as old → new in the admin's
//   language with a box each (all checked), then Apply for the checked ones.
// Loaded on first visit, with its strings and styles.

import { h, loadStyles, redrawKeepingFocus, replace, setSelfDisabled, setText, unchanged } from '../shared/dom.js';
import { t, formatNumber, getLanguage, loadStrings } from '../shared/i18n.js';
import { formatBytes, formatDateTime } from '../shared/format.js';
import * as Y from './store.js';
import { applyFieldErrors, discoveredFacts, fieldText, fieldValueText, plural, sourceText, syncErrorText } from './text.js';

await Promise.all([loadStrings('sync'), loadStrings('forms'), loadStyles('/sync/sync.css')]);

// A checkbox with its label, a touch target of 44 px; `mixed` for a select-all box.
function checkBox({ id, testid, checked, mixed = false, label, dataset = null, onChange, labelTestid = null }) {
  const input = h('input', { type: 'checkbox', id, testid, checked: !!checked, dataset, onchange: (event) => onChange(event.target.checked) });
  input.indeterminate = !!mixed;
  return h('label', { class: 'sync-check', for: id, testid: labelTestid }, input, h('span', { class: 'sync-check-text' }, label));
}

// Boxes follow the state in place (no list is rebuilt for a click, so elements, focus and
// scroll stay): each box's `data-key` against `checkedOf(key)`; its item gets `is-checked`.
function syncBoxes(root, testid, checkedOf) {
  for (const input of root.querySelectorAll(`[data-testid="${testid}"]`)) {
    const checked = !!checkedOf(input.dataset.key);
    if (input.checked !== checked) input.checked = checked;
    input.closest('.sync-item')?.classList.toggle('is-checked', checked);
  }
}

function syncAllBox(root, testid, which) {
  const input = root.querySelector(`[data-testid="${testid}"]`);
  if (!input) return;
  input.checked = which === 'all';
  input.indeterminate = which === 'some';
}

const idOf = (prefix, key) => `${prefix}-${String(key).replace(/[^A-Za-z0-9_-]/g, '_')}`;

function errorBox(error, testid, extra = null) {
  return h('div', { class: 'alert', role: 'alert', testid, dataset: { code: error.code || '' } },
    h('p', { testid: `${testid}-message` }, syncErrorText(error)), extra);
}

// --- Discover models -------------------------------------------------------------------------

function discoveredItem(ctx, which, entry, checked) {
  const key = which === 'gone' ? Y.goneKey(entry) : entry.api_name;
  const facts = discoveredFacts(entry);
  const label = [
    h('span', { class: 'sync-item-name', testid: `sync-${which}-name` }, entry.name || entry.api_name),
    entry.name && entry.name !== entry.api_name ? h('span', { class: 'mono muted sync-item-api' }, entry.api_name) : null,
  ];
  const details = h('ul', { class: 'sync-facts' },
    facts.map((fact) => h('li', { testid: `sync-${which}-${fact.kind}` }, fact.text,
      fact.guessed ? [' ', h('span', { class: 'badge badge-warn', testid: 'sync-guess', title: t('sync.discover.guessHint') }, t('sync.discover.guess'))] : null)),
    which === 'gone' && entry.status ? h('li', {}, t('sync.discover.catalogStatus', { status: t(`sync.status.${entry.status === 'deprecated' ? 'deprecated' : 'active'}`) })) : null);
  // data-id: focus finds its box again when the list is redrawn.
  const dataset = { id: `${which}:${key}`, apiName: entry.api_name, modelId: entry.model_id || '' };
  if (which === 'present') {
    return h('li', { class: 'sync-item', testid: 'sync-present-item', dataset }, h('div', { class: 'sync-item-body' }, label, facts.length ? details : null));
  }
  const setChecked = which === 'new' ? Y.setAddChecked : Y.setDeprecateChecked;
  return h('li', { class: `sync-item${checked ? ' is-checked' : ''}`, testid: `sync-${which}-item`, dataset },
    checkBox({ id: idOf(`sync-${which}`, key), testid: `sync-${which}-check`, checked, label, dataset: { key },
      onChange: (value) => ctx.dispatch(setChecked, key, value) }),
    facts.length || which === 'gone' ? details : null);
}

function discoveredList(ctx, d, which, state) {
  const entries = d.proposal[which];
  const titleKey = { new: ['sync.discover.new.one', 'sync.discover.new.other'], gone: ['sync.discover.gone.one', 'sync.discover.gone.other'] }[which];
  const head = h('div', { class: 'sync-list-head' }, h('h3', { testid: `sync-${which}-title` }, plural(entries.length, titleKey[0], titleKey[1])));
  if (!entries.length) {
    return h('section', { class: 'sync-list', testid: `sync-${which}`, dataset: { count: '0' } }, head,
      h('p', { class: 'muted', testid: `sync-${which}-empty` }, t(`sync.discover.${which}Empty`)));
  }
  const map = which === 'new' ? d.add : d.deprecate;
  const keyOf = which === 'new' ? (e) => e.api_name : Y.goneKey;
  const all = Y.selectListChecked(state, which);
  if (entries.length > 1) {
    head.appendChild(checkBox({ id: `sync-${which}-all`, testid: `sync-${which}-all`, checked: all === 'all', mixed: all === 'some',
      label: t('sync.selectAll'), onChange: (value) => ctx.dispatch(Y.setAllChecked, which, value) }));
  }
  return h('section', { class: 'sync-list', testid: `sync-${which}`, dataset: { count: String(entries.length) } },
    head, h('p', { class: 'hint' }, t(`sync.discover.${which}Hint`)),
    h('ul', { class: 'sync-items', testid: `sync-${which}-list` }, entries.map((entry) => discoveredItem(ctx, which, entry, !!map[keyOf(entry)]))));
}

function presentList(d) {
  const entries = d.proposal.present;
  return h('details', { class: 'sync-list sync-present', testid: 'sync-present', dataset: { count: String(entries.length) } },
    h('summary', { testid: 'sync-present-title' }, plural(entries.length, 'sync.discover.present.one', 'sync.discover.present.other')),
    entries.length
      ? h('ul', { class: 'sync-items', testid: 'sync-present-list' }, entries.map((entry) => discoveredItem(null, 'present', entry, false)))
      : h('p', { class: 'muted' }, t('sync.discover.presentEmpty')));
}

function discoverResult(result) {
  const names = (models) => models.map((m) => m.name || m.api_name).join(', ');
  return h('div', { class: 'notice sync-result', role: 'status', testid: 'sync-discover-result',
    dataset: { added: String(result.added.length), deprecated: String(result.deprecated.length) } },
  result.added.length ? h('p', { testid: 'sync-discover-added' }, plural(result.added.length, 'sync.discover.added.one', 'sync.discover.added.other', undefined, { names: names(result.added) })) : null,
  result.deprecated.length ? h('p', { testid: 'sync-discover-deprecated' }, plural(result.deprecated.length, 'sync.discover.deprecated.one', 'sync.discover.deprecated.other', undefined, { names: names(result.deprecated) })) : null,
  h('p', {}, h('a', { href: '#/models', testid: 'sync-models-link' }, t('sync.toModels'))));
}

function mountDiscover(ctx, state) {
  const select = h('select', { id: 'sync-provider', class: 'input', testid: 'sync-provider', 'aria-describedby': 'sync-provider-hint',
    onchange: (event) => ctx.dispatch(Y.chooseDiscoverProvider, event.target.value) });
  const run = h('button', { type: 'button', class: 'btn btn-primary', testid: 'sync-discover-run', 'data-net': '', onclick: () => ctx.sync('discover') }, t('sync.discover.run'));
  const body = h('div', { class: 'sync-body', 'aria-live': 'polite' });
  const apply = h('button', { type: 'button', class: 'btn btn-primary', testid: 'sync-discover-apply', 'data-net': '', onclick: () => ctx.sync('applyDiscovery') }, t('sync.apply'));
  const selection = h('p', { class: 'muted sync-selection', testid: 'sync-discover-selection' });
  const applyError = h('div', { class: 'sync-apply-error' });
  const applyBar = h('div', { class: 'sync-apply-bar', hidden: true }, selection, apply);
  const result = h('div', { class: 'sync-result-slot' });
  const el = h('section', { class: 'card sync-card', testid: 'sync-discover', 'aria-labelledby': 'sync-discover-title' },
    h('h2', { id: 'sync-discover-title' }, t('sync.discover.title')),
    h('p', { class: 'muted' }, t('sync.discover.intro')),
    h('div', { class: 'sync-controls' },
      h('div', { class: 'field' }, h('label', { for: 'sync-provider' }, t('sync.discover.connection')), select,
        h('p', { id: 'sync-provider-hint', class: 'hint' }, t('sync.discover.connectionHint'))),
      run),
    body, applyError, applyBar, result);

  function renderOptions(next) {
    const providers = Y.selectDiscoverable(next);
    const value = Y.selectDiscoverProvider(next);
    replace(select, providers.length
      ? providers.map((p) => h('option', { value: p.id }, p.enabled ? p.name : t('sync.discover.disabled', { name: p.name })))
      : h('option', { value: '' }, t(next.providers.status === 'ready' ? 'sync.discover.noConnection' : 'common.loading')));
    select.value = value;
  }

  let drawn = null;
  function render(next) {
    const d = Y.selectDiscover(next);
    const providerID = Y.selectDiscoverProvider(next);
    setSelfDisabled(run, d.status === 'loading' || !providerID);
    run.setAttribute('aria-busy', d.status === 'loading' ? 'true' : 'false');
    setText(run, t(d.status === 'loading' ? 'sync.discover.running' : 'sync.discover.run'));
    const shown = [d.status, d.proposal, d.error];
    if (drawn && shown.every((part, i) => part === drawn[i])) {
      // Only boxes changed.
    } else if (d.status === 'loading') {
      replace(body, h('p', { class: 'muted', role: 'status', testid: 'sync-discover-loading' }, t('sync.discover.loading')));
    } else if (d.status === 'error') {
      replace(body, errorBox(d.error, 'sync-discover-error'));
    } else if (d.proposal) {
      const listed = d.proposal.listed_at ? t('sync.discover.listedAt', { time: formatDateTime(d.proposal.listed_at) }) : null;
      replace(body, h('div', { class: 'sync-proposal', testid: 'sync-proposal', dataset: { providerId: d.proposal.provider_id || '' } },
        listed ? h('p', { class: 'hint', testid: 'sync-listed-at' }, listed) : null,
        discoveredList(ctx, d, 'new', next), discoveredList(ctx, d, 'gone', next), presentList(d)));
    } else {
      replace(body, h('p', { class: 'muted', testid: 'sync-discover-idle' }, t('sync.discover.idle')));
    }
    drawn = shown;
    syncBoxes(body, 'sync-new-check', (key) => d.add[key]);
    syncBoxes(body, 'sync-gone-check', (key) => d.deprecate[key]);
    syncAllBox(body, 'sync-new-all', Y.selectListChecked(next, 'new'));
    syncAllBox(body, 'sync-gone-all', Y.selectListChecked(next, 'gone'));
    const actionable = d.proposal && (d.proposal.new.length || d.proposal.gone.length) && d.status === 'ready';
    applyBar.hidden = !actionable;
    const applyBody = Y.selectDiscoverApplyBody(next);
    const adds = applyBody && applyBody.add ? applyBody.add.length : 0;
    const deprecates = applyBody && applyBody.deprecate ? applyBody.deprecate.length : 0;
    setText(selection, applyBody ? t('sync.discover.selection', { add: formatNumber(adds), deprecate: formatNumber(deprecates) }) : t('sync.discover.nothingChecked'));
    selection.dataset.add = String(adds);
    selection.dataset.deprecate = String(deprecates);
    setSelfDisabled(apply, !applyBody || d.applying);
    apply.setAttribute('aria-busy', d.applying ? 'true' : 'false');
    setText(apply, t(d.applying ? 'sync.applying' : 'sync.apply'));
    if (d.applyError) {
      const fields = applyFieldErrors(d.applyError, applyBody);
      replace(applyError, errorBox(d.applyError, 'sync-discover-apply-error',
        fields.length ? h('ul', { class: 'sync-field-errors' }, fields.map(([name, text]) => h('li', {}, h('code', {}, name), t('common.colon'), text))) : null));
    } else {
      applyError.replaceChildren();
    }
    if (d.result) replace(result, discoverResult(d.result));
    else result.replaceChildren();
  }

  function update(next, prev) {
    if (!prev || next.providers !== prev.providers || Y.selectDiscover(next).providerId !== Y.selectDiscover(prev).providerId) renderOptions(next);
    if (unchanged((s) => [Y.selectDiscover(s), s.providers], next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  update(state, null);
  return { el, update };
}

// --- Prices and limits ---------------------------------------------------------------------

function changeItem(ctx, change, checked) {
  const id = change.model_id;
  const label = [
    h('span', { class: 'sync-item-name', testid: 'sync-change-name' }, change.name || change.api_name || id),
    h('span', { class: 'mono muted sync-item-api' }, [change.provider_id, change.api_name].filter(Boolean).join(' · ')),
  ];
  return h('li', { class: `sync-item${checked ? ' is-checked' : ''}`, testid: 'sync-change', dataset: { id, modelId: id, entry: change.entry || '' } },
    checkBox({ id: idOf('sync-change', id), testid: 'sync-change-check', checked, label, dataset: { key: id, modelId: id },
      onChange: (value) => ctx.dispatch(Y.setChangeChecked, id, value) }),
    change.entry ? h('p', { class: 'hint sync-entry' }, t('sync.prices.entry', { entry: change.entry })) : null,
    h('dl', { class: 'sync-fields' }, change.fields.map((f) => h('div', { class: 'sync-field', testid: 'sync-change-field', dataset: { field: f.field } },
      h('dt', {}, fieldText(f.field)),
      h('dd', {},
        h('span', { class: 'sync-old', testid: 'sync-change-old' }, fieldValueText(f.field, f.old)),
        h('span', { class: 'sync-arrow', 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'visually-hidden' }, ` ${t('sync.prices.becomes')} `),
        h('span', { class: 'sync-new', testid: 'sync-change-new' }, fieldValueText(f.field, f.new)))))));
}

function mountPrices(ctx, state) {
  const setSource = (source) => ctx.dispatch(Y.setPriceSource, source);
  const radio = (source) => h('input', { type: 'radio', name: 'sync-source', id: `sync-source-${source}`, value: source, testid: `sync-source-${source}`,
    onchange: () => setSource(source) });
  const radios = Object.fromEntries(Y.SOURCES.map((source) => [source, radio(source)]));
  const url = h('input', { type: 'url', id: 'sync-url', class: 'input', testid: 'sync-url', autocomplete: 'off', spellcheck: 'false', inputmode: 'url',
    placeholder: 'https://…', 'aria-describedby': 'sync-url-hint',
    oninput: (event) => {
      ctx.dispatch(Y.setPriceURL, event.target.value);
      setSource('url');
    },
    onchange: (event) => ctx.dispatch(Y.setPriceURL, event.target.value) });
  const file = h('input', { type: 'file', id: 'sync-file', class: 'input', testid: 'sync-file', accept: '.json,application/json', 'aria-describedby': 'sync-file-status',
    onchange: (event) => ctx.sync('chooseFile', event.target.files && event.target.files[0]) });
  const fileStatus = h('p', { id: 'sync-file-status', class: 'hint', testid: 'sync-file-status', 'aria-live': 'polite' });
  const option = (source, text, extra) => h('div', { class: 'sync-source' },
    h('label', { class: 'sync-check', for: `sync-source-${source}` }, radios[source], h('span', { class: 'sync-check-text' }, text)), extra);
  const preview = h('button', { type: 'button', class: 'btn btn-primary', testid: 'sync-preview', 'data-net': '', onclick: () => ctx.sync('previewPrices') }, t('sync.prices.preview'));
  const body = h('div', { class: 'sync-body', 'aria-live': 'polite' });
  const apply = h('button', { type: 'button', class: 'btn btn-primary', testid: 'sync-apply', 'data-net': '', onclick: () => ctx.sync('applyPrices') });
  const applyError = h('div', { class: 'sync-apply-error' });
  const applyBar = h('div', { class: 'sync-apply-bar', hidden: true }, apply);
  const result = h('div', { class: 'sync-result-slot' });
  const el = h('section', { class: 'card sync-card', testid: 'sync-prices', 'aria-labelledby': 'sync-prices-title' },
    h('h2', { id: 'sync-prices-title' }, t('sync.prices.title')),
    h('p', { class: 'muted' }, t('sync.prices.intro')),
    h('fieldset', { class: 'sync-sources', testid: 'sync-source' }, h('legend', {}, t('sync.prices.source')),
      option('setting', t('sync.prices.sourceSetting'), h('p', { class: 'hint' }, t('sync.prices.sourceSettingHint'), ' ',
        h('a', { href: '#/settings', testid: 'sync-settings-link' }, t('sync.prices.toSettings')))),
      option('url', t('sync.prices.sourceURL'), h('div', { class: 'field' }, h('label', { for: 'sync-url', class: 'visually-hidden' }, t('sync.prices.sourceURL')), url,
        h('p', { id: 'sync-url-hint', class: 'hint' }, t('sync.prices.urlHint')))),
      option('file', t('sync.prices.sourceFile'), h('div', { class: 'field' }, h('label', { for: 'sync-file', class: 'visually-hidden' }, t('sync.prices.sourceFile')), file, fileStatus))),
    h('div', { class: 'sync-controls' }, preview),
    body, applyError, applyBar, result);

  let drawn = null;
  function render(next) {
    const p = Y.selectPrices(next);
    for (const source of Y.SOURCES) radios[source].checked = p.source === source;
    if (document.activeElement !== url && url.value !== p.url) url.value = p.url;
    if (p.fileError) {
      setText(fileStatus, `${p.file ? `${p.file.name} · ` : ''}${t(p.fileError)}`);
      fileStatus.className = 'field-error';
      fileStatus.dataset.state = 'error';
    } else {
      setText(fileStatus, p.file ? t('sync.prices.fileChosen', { name: p.file.name, size: formatBytes(p.file.size) }) : t('sync.prices.fileHint'));
      fileStatus.className = 'hint';
      fileStatus.dataset.state = p.file ? 'ready' : 'empty';
    }
    if (!p.file && file.value) file.value = '';
    const loading = p.status === 'loading';
    setSelfDisabled(preview, loading || p.applying);
    preview.setAttribute('aria-busy', loading ? 'true' : 'false');
    setText(preview, t(loading ? 'sync.prices.previewing' : 'sync.prices.preview'));

    const shown = [p.status, p.preview, p.error];
    if (drawn && shown.every((part, i) => part === drawn[i])) {
      // Only boxes changed.
    } else if (loading) {
      replace(body, h('p', { class: 'muted', role: 'status', testid: 'sync-prices-loading' }, t('sync.prices.loading')));
    } else if (p.status === 'error') {
      replace(body, errorBox(p.error, 'sync-prices-error'));
    } else if (p.preview) {
      replace(body, previewView(ctx, next, p));
    } else {
      body.replaceChildren();
    }
    drawn = shown;
    syncBoxes(body, 'sync-change-check', (key) => p.selected[key]);
    syncAllBox(body, 'sync-changes-all', Y.selectChangesChecked(next));
    const count = Y.selectCheckedChangeCount(next);
    applyBar.hidden = !(p.preview && p.preview.changes.length);
    setSelfDisabled(apply, !count || p.applying);
    apply.setAttribute('aria-busy', p.applying ? 'true' : 'false');
    apply.dataset.count = String(count);
    setText(apply, p.applying ? t('sync.applying') : plural(count, 'sync.prices.apply.one', 'sync.prices.apply.other'));
    if (p.applyError) replace(applyError, errorBox(p.applyError, 'sync-apply-error'));
    else applyError.replaceChildren();
    if (p.result) {
      replace(result, h('div', { class: 'notice sync-result', role: 'status', testid: 'sync-result', dataset: { applied: String(p.result.applied) } },
        h('p', { testid: 'sync-result-message' }, plural(p.result.applied, 'sync.prices.applied.one', 'sync.prices.applied.other')),
        h('p', {}, h('a', { href: '#/models', testid: 'sync-result-models' }, t('sync.toModels')))));
    } else {
      result.replaceChildren();
    }
  }

  function update(next, prev) {
    if (unchanged((s) => [Y.selectPrices(s)], next, prev)) return;
    redrawKeepingFocus(el, render, next);
  }
  update(state, null);
  return { el, update };
}

function previewView(ctx, state, p) {
  const { changes, unmatched, entries, source } = p.preview;
  const lang = getLanguage();
  const summary = h('p', { testid: 'sync-summary', dataset: { changes: String(changes.length), unmatched: String(unmatched.length), entries: entries === null ? '' : String(entries) } },
    entries === null ? null : [plural(entries, 'sync.prices.entries.one', 'sync.prices.entries.other', lang, { source: sourceText(source) || t('sync.prices.theData') }), ' '],
    changes.length ? plural(changes.length, 'sync.prices.changes.one', 'sync.prices.changes.other', lang) : t('sync.prices.noChanges'));
  const all = Y.selectChangesChecked(state);
  const unmatchedList = unmatched.length
    ? h('details', { class: 'sync-unmatched', testid: 'sync-unmatched', dataset: { count: String(unmatched.length) } },
      h('summary', {}, plural(unmatched.length, 'sync.prices.unmatched.one', 'sync.prices.unmatched.other', lang)),
      h('p', { class: 'hint' }, t('sync.prices.unmatchedHint')),
      h('ul', { class: 'sync-unmatched-list' }, unmatched.map((id) => h('li', { class: 'mono', testid: 'sync-unmatched-item' }, id))))
    : null;
  if (!changes.length) return h('div', { class: 'sync-preview', testid: 'sync-changes', dataset: { count: '0' } }, summary, unmatchedList);
  return h('div', { class: 'sync-preview', testid: 'sync-changes', dataset: { count: String(changes.length) } },
    summary,
    h('div', { class: 'sync-list-head' },
      checkBox({ id: 'sync-changes-all', testid: 'sync-changes-all', checked: all === 'all', mixed: all === 'some', label: t('sync.selectAll'),
        onChange: (value) => ctx.dispatch(Y.setAllChanges, value) })),
    h('ul', { class: 'sync-items', testid: 'sync-change-list' }, changes.map((change) => changeItem(ctx, change, !!p.selected[change.model_id]))),
    unmatchedList);
}

export function mountSync(ctx, state) {
  const discover = mountDiscover(ctx, state);
  const prices = mountPrices(ctx, state);
  const el = h('section', { class: 'page sync-page', testid: 'sync-page', 'aria-labelledby': 'page-title' },
    h('div', { class: 'page-head' }, h('h1', { id: 'page-title', tabindex: '-1' }, t('sync.title'))),
    h('p', { class: 'muted page-intro' }, t('sync.intro')),
    discover.el, prices.el);
  return {
    el,
    update(next, prev) {
      discover.update(next, prev);
      prices.update(next, prev);
    },
  };
}
