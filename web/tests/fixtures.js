// What the action and store tests share: catalog records, a fake API that records its calls,
// storage in memory, and the errors the API client throws. Not a test file itself.
import * as S from '../store.js';
import { createActions } from '../actions.js';
import { ApiError } from '../shared/api.js';

export const model = (id, extra = {}) => ({
  id, provider_id: 'mistral', kind: 'hosted', name: `Model ${id}`, api_name: id, context_window: 32000, max_output_tokens: 4096,
  temperature_default: 0.7, is_builtin: false, is_default: false, status: 'active', cost_input_per_million: null, cost_output_per_million: null,
  hf_repo: null, hf_revision: null, model_file: null, download_status: null, downloaded: null, updated_at: '2025-11-26T10:00:00Z', ...extra,
});

// A model as the list sends it, with the fields the store's selectors read.
export const listedModel = (id, extra = {}) => model(id, { provider_kind: 'mistral', replacement_model_id: null, ...extra });

export const provider = (id, kind = id, extra = {}) => ({
  id, kind, name: id[0].toUpperCase() + id.slice(1), base_url: kind === 'local' ? null : `https://${id}.example`, enabled: true,
  default_model_id: null, ...extra,
});

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
