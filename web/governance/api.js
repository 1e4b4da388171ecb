// Governance routes of Hangar's API: a model's test prompt, the system settings, usage, and
// export / import of the configuration. Built on api.js's request(), so errors have the same
// shape; loaded with the code that needs them (governance/actions.js).

import { queryString } from '../shared/api.js';

const enc = encodeURIComponent;

export function createGovernanceApi(request) {
  return {
    // Up to 30 s of waiting for rate limits, then the upstream's own time: wait longer.
    testModel: (id, body = {}) => request('POST', `/api/models/${enc(id)}/test`, body, { wait: 90000 }),
    getSettings: () => request('GET', '/api/settings'),
    updateSettings: (patch) => request('PUT', '/api/settings', patch),
    // The export as the server wrote it (text), and the file as chosen: exact bytes both ways.
    exportConfiguration: () => request('GET', '/api/export', undefined, { asText: true }),
    importConfiguration: (text, { dryRun }) => request('POST', `/api/import?dry_run=${dryRun ? 'true' : 'false'}`, text, { wait: 60000 }),
    listModels: (query) => request('GET', `/api/models${queryString(query)}`),
    getModel: (id) => request('GET', `/api/models/${enc(id)}`),
  };
}
