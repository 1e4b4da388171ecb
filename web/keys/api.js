// The application keys' routes of Hangar's API (GET/POST /api/keys, GET/PATCH/DELETE
// /api/keys/{id}) and the active models a key may be limited to. Built on api.js's request(),
// so errors have the same shape; loaded with the Keys page's actions.

import { queryString } from '../shared/api.js';

const enc = encodeURIComponent;

export function createKeysApi(request) {
  return {
    listKeys: () => request('GET', '/api/keys'),
    createKey: (body) => request('POST', '/api/keys', body),
    updateKey: (id, body) => request('PATCH', `/api/keys/${enc(id)}`, body),
    revokeKey: (id) => request('DELETE', `/api/keys/${enc(id)}`),
    listModels: (query) => request('GET', `/api/models${queryString(query)}`),
  };
}
