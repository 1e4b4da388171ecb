// Catalog sync's routes of Hangar's API (issue 19): discovery per connection, the price and
// limit sync, the usage no price covers, and one model (the dashboard's link opens its form).
// Built on api.js's request(), so errors have the same shape; loaded with sync/actions.js.

import { queryString } from '../shared/api.js';

const enc = encodeURIComponent;
// Price data may be large (LiteLLM's file is a few MB) and fetched from a URL by the server.
const PRICE_SYNC_WAIT_MS = 120000;
const DISCOVER_WAIT_MS = 60000;

export function createSyncApi(request) {
  return {
    discover: (providerID) => request('POST', `/api/providers/${enc(providerID)}/discover`, undefined, { wait: DISCOVER_WAIT_MS }),
    applyDiscovery: (providerID, body) => request('POST', `/api/providers/${enc(providerID)}/discover/apply`, body),
    // body: {} | {url} | {data}, with model_ids on apply; dryRun: the preview.
    priceSync: (body, { dryRun = false } = {}) => request('POST', `/api/catalog/price-sync${queryString({ dry_run: dryRun ? 'true' : 'false' })}`, body, { wait: PRICE_SYNC_WAIT_MS }),
    unpriced: (days = 30) => request('GET', `/api/usage/unpriced${queryString({ days })}`),
    getModel: (id) => request('GET', `/api/models/${enc(id)}`),
  };
}
