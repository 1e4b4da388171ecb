// The model form's Hub picker (hub-picker.js): its state, `state.modal.hub`, so it goes with
// the modal that holds it; the queries it sends; and what a chosen file writes into the form.
// Pure like store.js (node --test imports it), loaded with the picker the first time it opens.
//
// modal.hub = {
//   open,                           the panel shows
//   query,                          what the search box holds
//   search: { status, submitted, items, error, seq },   status: idle | loading | ready | unavailable | error
//   repo,                           the repository whose files show; null: the search results
//   files: { status, revision, choices, files, error, seq },
//   suggested: { name, api_name },  from the last file chosen (the API name's suggestion)
//   picked: { repo, revision, file, quantization },    the last file chosen (the form's note)
// }

import { plainError } from '../shared/app-store.js';

export const SEARCH_LIMIT = 20;
// What the Hub's search and the server take (openapi.yaml: q is at most 100 characters).
const MAX_QUERY = 100;
// The model rules' lengths (GET /api/meta: name 64, api_name 128).
const MAX_NAME = 64;
const MAX_API_NAME = 128;

const emptySearch = () => ({ status: 'idle', submitted: '', items: [], error: null, seq: 0 });
const emptyFiles = () => ({ status: 'idle', revision: 'main', choices: [], files: [], error: null, seq: 0 });

export const hubState = () => ({ open: false, query: '', search: emptySearch(), repo: null, files: emptyFiles(), suggested: null, picked: null });

export const selectHub = (state) => (state.modal && state.modal.hub) || null;

function withHub(state, change) {
  const modal = state.modal;
  if (!modal) return state;
  const hub = modal.hub || hubState();
  const next = typeof change === 'function' ? change(hub) : { ...hub, ...change };
  return next === hub ? state : { ...state, modal: { ...modal, hub: next } };
}

export const openHub = (state) => withHub(state, (hub) => (hub.open ? hub : { ...hub, open: true }));

export const closeHub = (state) => (selectHub(state) && selectHub(state).open ? withHub(state, { open: false }) : state);

export function setHubQuery(state, query) {
  const text = String(query ?? '');
  return withHub(state, (hub) => (hub.query === text ? hub : { ...hub, query: text }));
}

// The query a search sends now: the box's text, trimmed and cut to what the server takes.
export const searchText = (query) => Array.from(String(query ?? '').trim()).slice(0, MAX_QUERY).join('');

// A search starts: the results show again (not a repository's files). Its seq comes from
// state.nextId, so an answer to a search of an earlier opening of the modal is never taken.
export function hubSearchStarted(state) {
  if (!state.modal) return state;
  const seq = state.nextId;
  const next = withHub(state, (hub) => ({ ...hub, repo: null, search: { ...hub.search, status: 'loading', submitted: searchText(hub.query), error: null, seq } }));
  return { ...next, nextId: state.nextId + 1 };
}

export function hubSearchLoaded(state, seq, answer) {
  const hub = selectHub(state);
  if (!hub || hub.search.seq !== seq) return state;
  const items = ((answer && answer.models) || []).filter((item) => item && typeof item.repo === 'string');
  return withHub(state, { search: { ...hub.search, status: 'ready', items, error: null } });
}

// hub_unavailable (the Hub cannot be reached) has its own message: entering the fields by
// hand still works. Anything else shows as the error it is.
const failedStatus = (error) => (error && error.code === 'hub_unavailable' ? 'unavailable' : 'error');

export function hubSearchFailed(state, seq, error) {
  const hub = selectHub(state);
  if (!hub || hub.search.seq !== seq) return state;
  return withHub(state, { search: { ...hub.search, status: failedStatus(error), items: [], error: plainError(error) } });
}

// A repository is opened: its files load at `revision`.
export function hubFilesStarted(state, repo, revision) {
  if (!state.modal) return state;
  const seq = state.nextId;
  const next = withHub(state, { repo, files: { ...emptyFiles(), status: 'loading', revision, seq } });
  return { ...next, nextId: state.nextId + 1 };
}

export function hubFilesLoaded(state, seq, answer) {
  const hub = selectHub(state);
  if (!hub || hub.files.seq !== seq) return state;
  const files = {
    ...hub.files, status: 'ready', error: null,
    revision: (answer && answer.revision) || hub.files.revision,
    choices: ((answer && answer.choices) || []).filter((choice) => choice && typeof choice.file === 'string'),
    files: (answer && answer.files) || [],
  };
  return withHub(state, { files });
}

export function hubFilesFailed(state, seq, error) {
  const hub = selectHub(state);
  if (!hub || hub.files.seq !== seq) return state;
  return withHub(state, { files: { ...hub.files, status: failedStatus(error), error: plainError(error) } });
}

// Back to the search results (the files' request, if any, is then ignored).
export const hubBack = (state) => withHub(state, (hub) => (hub.repo === null ? hub : { ...hub, repo: null, files: emptyFiles() }));

// A file was chosen: the panel closes; the form's note and the API name's suggestion follow it.
export function hubPicked(state, pick) {
  return withHub(state, (hub) => ({ ...hub, open: false, picked: pick, suggested: suggestNames(pick.repo, pick.quantization, pick.file) }));
}

// --- Requests --------------------------------------------------------------------------------

// An edited model lends its own token (model_id); a new one uses the server's.
const modelID = (state) => (state.modal && state.modal.mode === 'edit' && state.modal.id ? state.modal.id : null);

export function selectSearchQuery(state) {
  const hub = selectHub(state);
  return { q: hub ? hub.search.submitted : '', limit: SEARCH_LIMIT, model_id: modelID(state) };
}

export function selectFilesQuery(state) {
  const hub = selectHub(state);
  return { repo: hub ? hub.repo : '', revision: hub ? hub.files.revision : 'main', model_id: modelID(state) };
}

// The revision to browse: the form's, when one is typed; else main.
export const selectRevision = (state) => String((state.modal && state.modal.values.hf_revision) || '').trim() || 'main';

// --- Choices ---------------------------------------------------------------------------------

// What a choice's line says: its quantization (or the file's name when the name gives none),
// the total size, how many parts a split model has, and for a split with parts missing how
// many the repository holds of how many its names announce.
export function describeChoice(choice, files = []) {
  const paths = Array.isArray(choice.files) && choice.files.length ? choice.files : [choice.file];
  const found = paths.length;
  const announced = files.find((file) => paths.includes(file.path) && Number.isInteger(file.parts));
  return {
    label: choice.quantization || baseFileName(choice.file),
    size: Number.isFinite(choice.size) ? choice.size : null,
    parts: Math.max(found, announced ? announced.parts : found),
    found,
    complete: choice.complete !== false,
  };
}

// "dir/Model-Q8_0-00001-of-00002.gguf" → "Model-Q8_0".
function baseFileName(path) {
  const name = String(path || '').split('/').pop();
  return name.replace(/\.gguf$/i, '').replace(/-\d{5}-of-\d{5}$/, '');
}

// "bartowski/Qwen2.5-0.5B-Instruct-GGUF" → "Qwen2.5-0.5B-Instruct" (the Hub's GGUF repositories
// mostly say what they hold in their name).
function baseRepoName(repo) {
  const name = String(repo || '').split('/').pop();
  return name.replace(/[-_.]?gguf$/i, '') || name;
}

const cut = (text, max) => Array.from(text).slice(0, max).join('');

// The name and API name a chosen file suggests: "Qwen2.5-0.5B-Instruct Q4_K_M" and
// "qwen2.5-0.5b-instruct-q4_k_m" (no spaces, as the API name's rule wants).
export function suggestNames(repo, quantization, file) {
  const base = baseRepoName(repo) || baseFileName(file);
  // A repository named after one quantization already says it.
  const tail = quantization && !base.toLowerCase().includes(String(quantization).toLowerCase()) ? quantization : '';
  const name = tail ? `${base} ${tail}` : base;
  const api = (tail ? `${base}-${tail}` : base).toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return { name: cut(name, MAX_NAME).trim(), api_name: cut(api, MAX_API_NAME) };
}

// The form's values a chosen file writes, in the form's order: the name and API name only
// while they are empty (what the admin typed stays), then the repository, the revision
// browsed and the choice's first file.
export function pickValues(values, { repo, revision, file, quantization }) {
  const out = { hf_repo: repo, hf_revision: revision || 'main', model_file: file };
  const suggested = suggestNames(repo, quantization, file);
  const empty = (field) => String((values && values[field]) ?? '').trim() === '';
  const named = {};
  if (empty('name') && suggested.name) named.name = suggested.name;
  if (empty('api_name') && suggested.api_name) named.api_name = suggested.api_name;
  return { ...named, ...out };
}
