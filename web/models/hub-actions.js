// The Hub picker's actions (loaded with it, through actions.hub()): search the Hub's GGUF
// repositories, open one's files. GET /api/hub/search and /api/hub/files through api.js's
// request(), so their errors have the one shape; answers to an older request are dropped by
// seq (hub-store.js).

import { queryString } from '../shared/api.js';
import * as H from './hub-store.js';

export function createHubActions({ store, api, shared }) {
  const { dispatch } = store;
  const { call, noteError } = shared;

  async function search() {
    const started = dispatch(H.hubSearchStarted);
    const hub = H.selectHub(started);
    if (!hub) return;
    const seq = hub.search.seq;
    try {
      const answer = await call(() => api.request('GET', `/api/hub/search${queryString(H.selectSearchQuery(started))}`));
      dispatch(H.hubSearchLoaded, seq, answer);
    } catch (error) {
      noteError(error);
      dispatch(H.hubSearchFailed, seq, error);
    }
  }

  // The revision browsed is the form's own (main when empty).
  async function openRepo(repo) {
    const before = store.getState();
    const started = dispatch(H.hubFilesStarted, repo, H.selectRevision(before));
    const hub = H.selectHub(started);
    if (!hub) return;
    const seq = hub.files.seq;
    try {
      const answer = await call(() => api.request('GET', `/api/hub/files${queryString(H.selectFilesQuery(started))}`));
      dispatch(H.hubFilesLoaded, seq, answer);
    } catch (error) {
      noteError(error);
      dispatch(H.hubFilesFailed, seq, error);
    }
  }

  return { search, openRepo };
}
