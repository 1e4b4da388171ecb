// The routes that deploy catalog models to Ollama and start or stop them there, built on
// api.js's request() (same error shape); loaded with the runtime actions, out of the first load.

const enc = encodeURIComponent;

export function createRuntimeApi(request) {
  return {
    deployModel: (id, body) => request('POST', `/api/models/${enc(id)}/deploy`, body),
    getModelRuntime: (id) => request('GET', `/api/models/${enc(id)}/runtime`),
    startModel: (id, body = {}) => request('POST', `/api/models/${enc(id)}/start`, body),
    stopModel: (id, body = {}) => request('POST', `/api/models/${enc(id)}/stop`, body),
    listOllamaRuntime: () => request('GET', '/api/ollama/runtime'),
  };
}
