// The Ollama routes of Hangar's API (/api/providers/{id}/ollama/…), loaded with the Ollama
// page and built on api.js's request(), so their errors have the same shape. Model names travel
// in the query or the body: they hold `/` and `:`.

import { queryString } from '../shared/api.js';

const enc = encodeURIComponent;
const ollama = (id, path) => `/api/providers/${enc(id)}/ollama/${path}`;

export function createOllamaApi(request) {
  return {
    listOllamaModels: (id, { refresh = false } = {}) => request('GET', ollama(id, `models${refresh ? '?refresh=true' : ''}`)),
    showOllamaModel: (id, model) => request('GET', ollama(id, `models/show${queryString({ model })}`)),
    deleteOllamaModel: (id, model) => request('DELETE', ollama(id, `models${queryString({ model })}`)),
    pullOllamaModel: (id, model) => request('POST', ollama(id, 'pull'), { model }),
    copyOllamaModel: (id, source, destination) => request('POST', ollama(id, 'copy'), { source, destination }),
    listOllamaRunning: (id) => request('GET', ollama(id, 'running')),
    loadOllamaModel: (id, model) => request('POST', ollama(id, 'load'), { model }),
    ejectOllamaModel: (id, model, { force = false } = {}) => request('POST', ollama(id, 'eject'), { model, force }),
    checkOllamaUpdates: (id) => request('POST', ollama(id, 'check-updates')),
    listOllamaCatalog: (id) => request('GET', ollama(id, 'catalog')),
    searchOllamaLibrary: (id, q) => request('GET', ollama(id, `library${queryString({ q })}`)),
    listOllamaVariants: (id, model) => request('GET', ollama(id, `library/variants${queryString({ model })}`)),
  };
}
