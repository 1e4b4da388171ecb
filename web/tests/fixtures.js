// What the action and store tests share: catalog records, a fake API that records its calls,
// storage in memory, and the errors the API client throws. Not a test file itself.
import * as S from '../store.js';
import { createActions } from '../actions.js';
import { ApiError } from '../shared/api.js';

export const model = (id, extra = {}) => ({
  id, provider_id: 'mistral', kind: 'hosted', name: `Model ${id}`, api_name: id, context_window: 32000, max_output_tokens: 4096,
  temperature_default: 0.7, is_builtin: false, is_default: false, status: 'active', cost_input_per_million: null, cost_output_per_million: null,
  hf_repo: null, hf_revision: null, model_file: null, download_status: null, downloaded: null, updated_at: '2025-11-26T10:00:00Z',
  // Issue 19 (catalog sync): the deprecation date, where prices and limits came from.
  deprecation_date: null, successor_api_name: null, price_source: null, price_synced_at: null, limits_guessed: false, ...extra,
});

// Issue 19: a discovery proposal (POST /api/providers/{id}/discover), as the contract shapes it.
export const discovered = (api_name, extra = {}) => ({
  api_name, model_id: null, name: api_name, context_window: 8192, max_output_tokens: 4096, limits_guessed: true,
  cost_input_per_million: null, cost_output_per_million: null, upstream_model: null, size_bytes: null, status: null, ...extra,
});
export const discoverAnswer = (providerID = 'openai') => ({
  provider_id: providerID, listed_at: '2026-12-07T17:00:00Z',
  new: [
    discovered('gpt-4o-mini', { context_window: 128000, max_output_tokens: 16384, limits_guessed: false, cost_input_per_million: 0.15, cost_output_per_million: 0.6 }),
    discovered('my-finetune'),
    discovered('gpt-5-nano', { name: 'GPT-5 nano', context_window: 400000, max_output_tokens: 128000, limits_guessed: false, cost_input_per_million: 0.05, cost_output_per_million: 0.4 }),
  ],
  gone: [discovered('gpt-3.5-turbo', { model_id: 'openai-gpt-3.5-turbo', name: 'GPT-3.5 Turbo', limits_guessed: false, status: 'active' })],
  present: [discovered('gpt-4o', { model_id: 'openai-gpt-4o', name: 'GPT-4o', limits_guessed: false, status: 'active' })],
});

// Issue 19: a price sync's answer (POST /api/catalog/price-sync?dry_run=true).
export const priceSyncAnswer = (extra = {}) => ({
  source: 'litellm:snapshot', dry_run: true, entries: 4878,
  changes: [
    { model_id: 'mistral-mistral-large-latest', name: 'Mistral Large', provider_id: 'mistral', api_name: 'mistral-large-latest', entry: 'mistral/mistral-large-latest',
      fields: [{ field: 'cost_input_per_million', old: null, new: 0.5 }, { field: 'context_window', old: 128000, new: 262144 }] },
    { model_id: 'openai-gpt-4o', name: 'GPT-4o', provider_id: 'openai', api_name: 'gpt-4o', entry: 'gpt-4o',
      fields: [{ field: 'cost_output_per_million', old: 15, new: 10 }, { field: 'deprecation_date', old: null, new: '2027-01-14' }] },
    { model_id: 'openai-gpt-4o-mini', name: 'GPT-4o mini', provider_id: 'openai', api_name: 'gpt-4o-mini', entry: 'gpt-4o-mini',
      fields: [{ field: 'max_output_tokens', old: 4096, new: 16384 }] },
  ],
  unmatched: ['ollama-phi3', 'local-qwen3-0.6b-q4_0'],
  applied: 0,
  ...extra,
});

// Issue 19: GET /api/usage/unpriced?days=30.
export const unpricedAnswer = () => ({
  items: [
    { model_id: 'mistral-mistral-large-latest', name: 'Mistral Large', provider_id: 'mistral', calls: 42, last_call_at: '2026-12-07T16:00:00Z' },
    { model_id: 'openai-gpt-4o', name: 'GPT-4o', provider_id: 'openai', calls: 1, last_call_at: '2026-12-06T10:00:00Z' },
  ],
});

// A model as the list sends it, with the fields the store's selectors read.
export const listedModel = (id, extra = {}) => model(id, { provider_kind: 'mistral', replacement_model_id: null, ...extra });

export const provider = (id, kind = id, extra = {}) => ({
  id, kind, name: id[0].toUpperCase() + id.slice(1), base_url: kind === 'local' ? null : `https://${id}.example`, enabled: true,
  default_model_id: null, ...extra,
});

// Issue 19: the Sync page's connections (every kind, one disabled), and a fake of api.request
// for catalog sync's routes that records every call and answers like the contract; a route in
// `overrides` answers with overrides[route](body, path) instead.
export const syncConnections = (state = S.initialState({ route: 'sync' })) => S.providersLoaded(state, [
  provider('local', 'local'), provider('mistral', 'mistral', { enabled: false }), provider('openai', 'openai'), provider('lab', 'openai-compatible'),
]);
export function syncServer(overrides = {}) {
  const sent = [];
  const request = async (method, path, body) => {
    sent.push([method, path, body]);
    const route = `${method} ${path.split('?')[0]}`;
    if (overrides[route]) return overrides[route](body, path);
    if (route === 'GET /api/providers') return { items: syncConnections().providers.items };
    if (route === 'POST /api/providers/openai/discover') return discoverAnswer('openai');
    if (route === 'POST /api/providers/openai/discover/apply') {
      return { added: (body.add || []).map((name) => listedModel(`openai-${name}`, { api_name: name, name, provider_id: 'openai' })), deprecated: [] };
    }
    if (route === 'POST /api/catalog/price-sync') return { ...priceSyncAnswer(), dry_run: path.includes('dry_run=true'), applied: path.includes('dry_run=true') ? 0 : (body.model_ids || []).length };
    if (route === 'GET /api/usage/unpriced') return unpricedAnswer();
    if (route.startsWith('GET /api/models/')) return listedModel(decodeURIComponent(path.slice(12)), { name: 'Mistral Large' });
    return null;
  };
  return { request, sent };
}

export const withProviders = (state = S.initialState()) =>
  S.providersLoaded(state, [provider('mistral', 'mistral', { default_model_id: 'a' }), provider('ollama'), provider('local')]);

export const catalogProviders = [
  { id: 'mistral', kind: 'mistral', name: 'Mistral', base_url: 'https://api.mistral.ai', enabled: true, default_model_id: 'm1' },
  { id: 'local', kind: 'local', name: 'Local', base_url: null, enabled: true, default_model_id: null },
];

export function memoryStorage() {
  const data = new Map();
  return { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
}

// Actions over an API whose every method records its call, answers with `overrides[name]`
// when given, else with `answers[name]` (a function of the call's arguments), else null.
export function setup(overrides = {}, state = {}, answers = defaultAnswers) {
  const calls = [];
  const api = new Proxy({}, {
    get(target, name) {
      return async (...args) => {
        calls.push([name, ...args]);
        if (overrides[name]) return overrides[name](...args);
        if (answers[name]) return answers[name](...args);
        return null;
      };
    },
  });
  const store = S.createStore({ ...S.initialState(), ...state });
  const storage = memoryStorage();
  const actions = createActions({ store, api, storage });
  return { store, actions, calls, storage };
}

const defaultAnswers = {
  listProviders: () => ({ items: catalogProviders }),
  listModels: () => ({ items: [model('m1', { is_default: true }), model('m2')], total: 2, limit: 50 }),
  getModel: (id) => model(id),
};

export const network = () => { throw new ApiError({ status: 0, code: 'network', message: 'Failed to fetch' }); };
export const http = (status, code, fields = {}) => () => { throw new ApiError({ status, code, message: `${code} message`, fields }); };
