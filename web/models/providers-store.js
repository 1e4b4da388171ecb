// The connections' slice: `providers` (the list), `providerTests` (a card's Test button),
// `providerModal` (configure / add a connection) and the delete confirmation of a connection.
// Pure updaters and selectors; no DOM access.

import { omit, plainError, set, stringOf } from '../shared/app-store.js';
import { rememberModelNames } from './models-store.js';

export const providersState = () => ({
  providers: { items: [], status: 'idle', error: null },
  providerTests: {},
  providerModal: null,
});

export const PROVIDER_KINDS = Object.freeze(['mistral', 'openai', 'azure-openai', 'ollama', 'openai-compatible']);

export const DEFAULT_BASE_URLS = Object.freeze({
  mistral: 'https://api.mistral.ai', openai: 'https://api.openai.com', 'azure-openai': '', ollama: 'http://localhost:11434', 'openai-compatible': '',
});

export const DEFAULT_API_VERSION = '2024-10-21';

export const providersLoading = (state) => ({ ...state, providers: { ...state.providers, status: 'loading', error: null } });

export const providersLoaded = (state, items) => ({ ...state, providers: { items, status: 'ready', error: null } });

export const providersFailed = (state, error) => ({ ...state, providers: { ...state.providers, status: 'error', error: plainError(error) } });

export function providerUpdated(state, provider) {
  const items = state.providers.items.map((item) => (item.id === provider.id ? provider : item));
  return { ...state, providers: { ...state.providers, items } };
}

// keyMode: 'none' (no key stored: the input shows), 'set' (a key is stored: dots, Replace,
// Clear), 'replace' (a new key is being typed), 'clear' (the stored key goes on save).
// The typed key lives only in values.api_key while the form is open; closing or saving the
// modal drops it with the modal.
export function openProviderModal(state, provider) {
  const local = provider.kind === 'local';
  return {
    ...state,
    providerModal: {
      seq: state.nextId, mode: 'edit', id: provider.id, kind: provider.kind, original: provider,
      keyMode: local ? 'none' : provider.api_key_configured ? 'set' : 'none',
      values: {
        name: provider.name, base_url: stringOf(provider.base_url), api_version: stringOf(provider.api_version), api_key: '',
        default_model_id: stringOf(provider.default_model_id), rpm_limit: stringOf(provider.rpm_limit), tpm_limit: stringOf(provider.tpm_limit), max_parallel: stringOf(provider.max_parallel),
      },
      candidates: [], candidatesStatus: 'loading', errors: {}, touched: {}, submitted: false, saving: false, error: null, test: null,
    },
    nextId: state.nextId + 1,
  };
}

export function openProviderCreateModal(state, kind = PROVIDER_KINDS[0]) {
  const chosen = PROVIDER_KINDS.includes(kind) ? kind : PROVIDER_KINDS[0];
  return {
    ...state,
    providerModal: {
      seq: state.nextId, mode: 'create', id: null, kind: chosen, original: null, keyMode: 'none',
      values: { name: '', base_url: DEFAULT_BASE_URLS[chosen], api_version: '', api_key: '', default_model_id: '', rpm_limit: '', tpm_limit: '', max_parallel: '' },
      candidates: [], candidatesStatus: 'ready', errors: {}, touched: {}, submitted: false, saving: false, error: null, test: null,
    },
    nextId: state.nextId + 1,
  };
}

export function providerModalCandidates(state, seq, models) {
  const modal = state.providerModal;
  if (!modal || modal.seq !== seq) return state;
  const candidates = models.filter((model) => model.status === 'active').map((model) => ({ id: model.id, name: model.name }));
  return rememberModelNames({ ...state, providerModal: { ...modal, candidates, candidatesStatus: 'ready' } }, models);
}

export const providerModalSaved = (state, seq) =>
  state.providerModal && state.providerModal.seq === seq ? { ...state, providerModal: null } : state;

export const closeProviderModal = (state) => set(state, 'providerModal', null);

export function providerAdded(state, provider) {
  if (state.providers.items.some((item) => item.id === provider.id)) return providerUpdated(state, provider);
  return { ...state, providers: { ...state.providers, items: [...state.providers.items, provider] } };
}

export function providerRemoved(state, id) {
  if (!state.providers.items.some((item) => item.id === id)) return state;
  const items = state.providers.items.filter((item) => item.id !== id);
  const filters = state.filters.provider === id ? { ...state.filters, provider: '' } : state.filters;
  const models = state.models.items.some((model) => model.provider_id === id)
    ? { ...state.models, items: state.models.items.filter((model) => model.provider_id !== id) }
    : state.models;
  return { ...state, providers: { ...state.providers, items }, filters, models, providerTests: omit(state.providerTests, id) };
}

// A card's Test button: running while the request is out; the result also becomes the
// connection's last_test (the server stores it there too).
export function providerTestStarted(state, id) {
  return { ...state, providerTests: { ...state.providerTests, [id]: { running: true, error: null } } };
}

export function providerTestFinished(state, id, result) {
  const items = state.providers.items.map((item) => (item.id === id ? { ...item, last_test: result } : item));
  return { ...state, providers: { ...state.providers, items }, providerTests: { ...state.providerTests, [id]: { running: false, error: null } } };
}

export function providerTestFailed(state, id, error) {
  return { ...state, providerTests: { ...state.providerTests, [id]: { running: false, error: plainError(error) } } };
}

export function openProviderConfirm(state, provider) {
  return {
    ...state,
    sheet: null,
    confirm: {
      seq: state.nextId, kind: 'deleteProvider', id: provider.id, name: provider.name, cascade: false,
      busy: false, error: null, candidates: [], candidatesStatus: 'idle', replacement: '',
    },
    nextId: state.nextId + 1,
  };
}

// The delete was refused because the connection has models: offer to delete them too.
export function confirmOfferCascade(state, seq, error) {
  if (!state.confirm || state.confirm.seq !== seq) return state;
  return { ...state, confirm: { ...state.confirm, busy: false, cascade: true, error: plainError(error) } };
}

export const selectProvider = (state, id) => state.providers.items.find((provider) => provider.id === id) || null;

export const selectProviderName = (state, id) => (selectProvider(state, id) || {}).name || id;

export const selectHostedProviders = (state) => state.providers.items.filter((provider) => provider.kind !== 'local');

export const selectLocalProvider = (state) => state.providers.items.find((provider) => provider.kind === 'local') || null;

export function selectProviderTest(state, id) {
  const provider = selectProvider(state, id);
  const session = state.providerTests[id] || null;
  return {
    running: !!(session && session.running),
    error: session ? session.error : null,
    result: provider ? provider.last_test || null : null,
  };
}

// Only custom connections can be deleted; the local provider (or one without a base URL)
// has nothing to test.
export const selectCanDeleteProvider = (provider) => !!provider && !provider.is_builtin;

export const selectCanTestProvider = (provider) => !!provider && provider.kind !== 'local' && !!provider.base_url;

export function selectDefaultModelName(state, provider) {
  const id = provider && provider.default_model_id;
  if (!id) return null;
  return state.modelNames[id] || id;
}
