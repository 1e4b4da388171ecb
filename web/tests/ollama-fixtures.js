// What the Ollama tests share: connections, tags, lists and jobs as the API sends them. Not a
// test file itself.
import * as S from '../store.js';
import { ApiError } from '../shared/api.js';

export const ollamaProvider = (id, extra = {}) => ({ id, kind: 'ollama', name: `Ollama ${id}`, base_url: `http://${id}.lan:11434`, enabled: true, default_model_id: null, ...extra });
export const providers = [ollamaProvider('ollama'), { id: 'mistral', kind: 'mistral', name: 'Mistral', base_url: 'https://api.mistral.ai', enabled: true }];
export const tag = (name, extra = {}) => ({
  name, size: 397_821_319, modified_at: '2025-11-26T10:00:00Z', digest: 'a'.repeat(64), family: 'qwen2', families: ['qwen2'],
  parameter_size: '494.03M', quantization_level: 'Q4_K_M', format: 'gguf', update: null, ...extra,
});
export const list = (models, extra = {}) => ({ provider_id: 'ollama', models, cached: false, fetched_at: '2025-11-26T10:00:00Z', ...extra });
export const pullJob = (id, name, extra = {}) => ({
  id, kind: 'pull', target: `ollama:ollama:${name}`, state: 'running', attempts: 1, error_code: null, error_message: null,
  progress: { bytes_done: 100, bytes_total: 400, percent: 25, bytes_per_second: 50, eta_seconds: 6, phase: 'pull', message: 'pulling 6a0746a1ec1a' },
  created_at: '2025-11-26T10:00:00Z', started_at: '2025-11-26T10:00:01Z', finished_at: null, updated_at: '2025-11-26T10:00:02Z', ...extra,
});
export const checkJob = (id, extra = {}) => ({ ...pullJob(id, 'x', extra), kind: 'check_updates', target: 'ollama:ollama', ...extra });
export const base = (extra = {}) => S.providersLoaded({ ...S.initialState({ route: 'ollama' }), session: 'authenticated', ...extra }, providers);
export const serverDown = () => new ApiError({ status: 502, code: 'upstream_unreachable', message: 'Nothing answers at ollama.lan:11434 (connection refused). Check that the server is running and that the port in the address is right.' });
