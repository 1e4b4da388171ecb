// The model form's Hub picker: search the Hub's GGUF repositories (debounced, or at once on
// Enter), open one, choose a quantization; modal.js then fills the form's repository, revision
// and file as typing would. Loaded on the first press of "Browse the Hub" with its strings,
// styles and actions (hub-actions.js), out of the first load; its state is `state.modal.hub`
// (hub-store.js). It sits inside the modal's form: Enter never submits the form from here (and
// modal.js makes Escape close the panel, not the modal). When the Hub cannot be reached it
// says so; the fields stay there for entry by hand.

import { h, loadStyles, nextId, reconcile, redrawKeepingFocus, replace, setText } from '../shared/dom.js';
import { t, describeError, describeFieldError, formatNumber, getLanguage, loadStrings } from '../shared/i18n.js';
import { formatBytes } from '../shared/format.js';
import * as H from './hub-store.js';

await Promise.all([loadStrings('hub'), loadStyles('/models/hub.css')]);

// Typing searches once the keys rest this long; Enter or Search does at once.
const DEBOUNCE_MS = 400;
// The Hub's refusals the tables word in languages other than English.
const WORDED = new Set(['hf_not_found', 'hf_unauthorized', 'hf_gated']);

function errorText(error) {
  if (!error) return '';
  if (getLanguage() !== 'en' && WORDED.has(error.code)) return t(`hub.error.${error.code}`);
  const fields = Object.entries(error.fields || {}).map(([field, message]) => describeFieldError(message, { field }));
  return [describeError(error), ...fields].join(' ');
}

// Status of a request: searching / reading, unreachable Hub, an error, or `ready` (null: the
// caller words it).
function requestStatus(part, loadingKey) {
  if (part.status === 'loading') return h('p', { class: 'muted', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t(loadingKey));
  if (part.status === 'unavailable') return h('p', { class: 'notice hub-notice', role: 'alert', testid: 'hub-unavailable' }, t('hub.unavailable'));
  if (part.status === 'error') return h('p', { class: 'field-error', role: 'alert', testid: 'hub-error' }, errorText(part.error));
  return null;
}

export function mountHubPicker(ctx, hubActions, state, { onPick, onClose }) {
  const titleID = nextId('hub-title');
  const inputID = nextId('hub-input');
  let timer = null;

  const searchNow = () => {
    clearTimeout(timer);
    timer = null;
    ctx.dispatch(H.setHubQuery, input.value);
    hubActions.search();
  };

  const input = h('input', {
    id: inputID, class: 'input', type: 'search', testid: 'hub-search-input', maxlength: '100', autocomplete: 'off',
    spellcheck: 'false', autocapitalize: 'off', enterkeyhint: 'search', placeholder: t('hub.searchPlaceholder'),
    oninput: (event) => {
      ctx.dispatch(H.setHubQuery, event.target.value);
      clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        const hub = H.selectHub(ctx.getState());
        // The same words as the results shown: nothing to ask again.
        if (hub && (H.searchText(hub.query) !== hub.search.submitted || hub.search.status === 'idle')) hubActions.search();
      }, DEBOUNCE_MS);
    },
    onkeydown: (event) => {
      // Enter searches; it must not submit the model form around the picker.
      if (event.key !== 'Enter') return;
      event.preventDefault();
      searchNow();
    },
  });
  const submit = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'hub-search-submit', 'data-net': '', onclick: searchNow }, t('hub.search'));
  const close = h('button', { type: 'button', class: 'icon-btn', testid: 'hub-close', 'aria-label': t('hub.close'), title: t('hub.close'), onclick: onClose }, '×');

  const searchStatus = h('div', { class: 'hub-status', 'aria-live': 'polite' });
  const results = h('ul', { class: 'hub-list', testid: 'hub-results', 'aria-label': t('hub.results') });
  const searchView = h('div', { class: 'hub-view' },
    h('div', { class: 'hub-search', role: 'search' },
      h('label', { for: inputID }, t('hub.searchLabel')),
      h('div', { class: 'hub-search-row' }, input, submit)),
    searchStatus, results);

  const back = h('button', { type: 'button', class: 'btn btn-ghost btn-small', testid: 'hub-back', onclick: () => goBack() }, t('hub.back'));
  const repoTitle = h('h4', { class: 'hub-repo mono', testid: 'hub-repo', tabindex: '-1' });
  const revision = h('p', { class: 'hint', testid: 'hub-revision' });
  const filesStatus = h('div', { class: 'hub-status', 'aria-live': 'polite' });
  const choices = h('ul', { class: 'hub-list', testid: 'hub-choices', 'aria-label': t('hub.choices') });
  const filesView = h('div', { class: 'hub-view', testid: 'hub-files', hidden: true }, h('div', {}, back), repoTitle, revision, filesStatus, choices);

  const el = h('section', { class: 'hub-panel', testid: 'hub-picker', 'aria-labelledby': titleID },
    h('div', { class: 'hub-head' }, h('h3', { id: titleID, class: 'hub-title' }, t('hub.title')), close),
    h('p', { class: 'hint' }, t('hub.intro')),
    searchView, filesView);

  function goBack() {
    const repo = H.selectHub(ctx.getState())?.repo;
    ctx.dispatch(H.hubBack);
    const again = repo && [...results.querySelectorAll('[data-testid="hub-result"]')].find((button) => button.dataset.repo === repo);
    (again || input).focus();
  }

  function openRepo(repo) {
    hubActions.openRepo(repo);
    // The files' view shows at once (loading); its heading takes focus so it is announced.
    repoTitle.focus();
  }

  function choose(choice) {
    const hub = H.selectHub(ctx.getState());
    if (!hub || !hub.repo || choice.complete === false) return;
    const pick = { repo: hub.repo, revision: hub.files.revision, file: choice.file, quantization: choice.quantization || null };
    const values = H.pickValues(ctx.getState().modal.values, pick);
    ctx.dispatch(H.hubPicked, pick);
    onPick(values);
  }

  function resultItem(item) {
    const badges = [
      item.gated ? h('span', { class: 'badge badge-warn', testid: 'hub-badge-gated' }, t('hub.gated')) : null,
      item.private ? h('span', { class: 'badge badge-muted', testid: 'hub-badge-private' }, t('hub.private')) : null,
    ];
    return h('li', { dataset: { id: item.repo } },
      h('button', { type: 'button', class: 'hub-option', testid: 'hub-result', 'data-net': '', dataset: { repo: item.repo }, onclick: () => openRepo(item.repo) },
        h('span', { class: 'hub-option-main' }, h('span', { class: 'mono hub-name', testid: 'hub-result-repo' }, item.repo), badges),
        h('span', { class: 'hub-option-meta', testid: 'hub-result-downloads' }, t('hub.downloads', { count: formatNumber(item.downloads ?? 0) }))));
  }

  function choiceItem(choice, files) {
    const d = H.describeChoice(choice, files);
    const noteID = d.complete ? null : nextId('hub-incomplete');
    return h('li', { dataset: { id: choice.file } },
      h('button', {
        type: 'button', class: 'hub-option', testid: 'hub-choice', disabled: !d.complete, 'aria-describedby': noteID,
        dataset: { file: choice.file, quantization: choice.quantization || '', complete: String(d.complete) },
        onclick: () => choose(choice),
      },
      h('span', { class: 'hub-option-main' },
        h('strong', { testid: 'hub-choice-label' }, d.label),
        d.parts > 1 ? h('span', { class: 'badge badge-muted', testid: 'hub-choice-parts' }, t('hub.parts', { count: formatNumber(d.parts) })) : null),
      h('span', { class: 'hub-option-meta' },
        h('span', { class: 'num', testid: 'hub-choice-size' }, formatBytes(d.size)), ' · ', h('span', { class: 'mono' }, choice.file))),
      d.complete ? null : h('p', { id: noteID, class: 'hint', testid: 'hub-choice-incomplete' }, t('hub.incomplete', { found: formatNumber(d.found), parts: formatNumber(d.parts) })));
  }

  function renderSearch(search) {
    let status = requestStatus(search, 'hub.searching');
    if (!status && search.status === 'ready') {
      status = search.items.length
        ? h('p', { class: 'muted list-count', testid: 'hub-count' }, t('hub.count', { count: formatNumber(search.items.length) }))
        : h('p', { class: 'muted', testid: 'hub-empty' }, search.submitted ? t('hub.empty', { query: search.submitted }) : t('hub.emptyAll'));
    }
    replace(searchStatus, status);
    results.setAttribute('aria-busy', search.status === 'loading' ? 'true' : 'false');
    // The last results stay while a new search runs; an error or an unreachable Hub clears them.
    const items = search.status === 'ready' || search.status === 'loading' ? search.items : [];
    reconcile(results, items, (item) => item.repo, (item) => JSON.stringify(item), resultItem);
  }

  function renderFiles(hub) {
    const files = hub.files;
    setText(repoTitle, hub.repo || '');
    setText(revision, t('hub.revision', { revision: files.revision }));
    let status = requestStatus(files, 'hub.loadingFiles');
    if (!status && files.status === 'ready' && !files.choices.length) status = h('p', { class: 'muted', testid: 'hub-no-choices' }, t('hub.noChoices'));
    replace(filesStatus, status);
    const items = files.status === 'ready' ? files.choices : [];
    reconcile(choices, items, (choice) => choice.file, (choice) => JSON.stringify(choice), (choice) => choiceItem(choice, files.files));
  }

  function update(next, prev) {
    const hub = H.selectHub(next);
    if (!hub) return;
    const before = prev ? H.selectHub(prev) : null;
    if (hub === before) return;
    el.hidden = !hub.open;
    searchView.hidden = hub.repo !== null;
    filesView.hidden = hub.repo === null;
    if (!before || hub.search !== before.search) redrawKeepingFocus(results, () => renderSearch(hub.search), next);
    if (!before || hub.files !== before.files || hub.repo !== before.repo) redrawKeepingFocus(choices, () => renderFiles(hub), next);
    // The box owns what is typed; the state only mirrors it.
    if (document.activeElement !== input && input.value !== hub.query) input.value = hub.query;
  }
  update(state, null);

  // Reopened on a repository's files (after a choice, say): its heading takes focus.
  const focus = () => (filesView.hidden ? input : repoTitle).focus();
  return { el, update, focus, stop: () => clearTimeout(timer) };
}
