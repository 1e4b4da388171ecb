// What the Jobs page says of a job for people, loaded with the page: the models a job names
// that the server no longer has, and what an active job is doing. Pure; node --test imports it.

import { isJobActive } from './jobs-store.js';

// Models a job names that the server no longer has (their lookup answered 404).
export function jobModelsMissing(state, ids) {
  const missing = [...new Set([...(state.jobs.missing || []), ...ids])];
  return missing.length === (state.jobs.missing || []).length ? state : { ...state, jobs: { ...state.jobs, missing } };
}

export const isJobModelMissing = (state, id) => (state.jobs.missing || []).includes(id);

// What an active job says it is doing, in the UI's words when the words are known:
// `{ key, params }` of the jobs' strings, or `{ text }` as the server sent it; null when silent.
// Ollama's pull stream says "pulling manifest", "pulling <digest>", "verifying sha256 digest",
// "writing manifest", "removing any unused layers", "success"; an update check counts "3/5";
// a download says when it reads the GGUF header, which part of a split model and which attempt it is on.
const PULL_STATUSES = {
  'pulling manifest': 'manifest', 'verifying sha256 digest': 'verifying', 'writing manifest': 'writing',
  'removing any unused layers': 'removing', 'removing unused layers': 'removing', success: 'success',
};
export function jobStatus(job) {
  if (!isJobActive(job)) return null;
  const message = String((job.progress || {}).message || '').trim();
  if (!message) return null;
  const lower = message.toLowerCase();
  if (job.kind === 'pull') {
    const layer = /^pulling ([0-9a-f]{6,64})$/.exec(lower);
    if (layer) return { key: 'jobStatus.layer', params: { digest: layer[1] } };
    if (PULL_STATUSES[lower]) return { key: `jobStatus.${PULL_STATUSES[lower]}`, params: {} };
  } else if (job.kind === 'deploy') {
    // A deploy checks the server's blobs, uploads the file when missing, then relays Ollama's create.
    if (lower === "checking the server's blobs") return { key: 'jobStatus.checkingBlobs', params: {} };
    if (lower === 'parsing gguf') return { key: 'jobStatus.parsing', params: {} };
    const layer = /^(using existing|creating new) layer sha256:([0-9a-f]{6,64})$/.exec(lower);
    if (layer) return { key: layer[1] === 'using existing' ? 'jobStatus.existingLayer' : 'jobStatus.newLayer', params: { digest: layer[2].slice(0, 12) } };
    if (PULL_STATUSES[lower]) return { key: `jobStatus.${PULL_STATUSES[lower]}`, params: {} };
  } else if (job.kind === 'check_updates') {
    const counted = /^(\d+)\/(\d+)$/.exec(lower);
    if (counted) return { key: 'jobStatus.checked', params: { done: Number(counted[1]), total: Number(counted[2]) } };
  } else if (job.kind === 'download') {
    if (lower === 'reading the gguf header') return { key: 'jobStatus.gguf', params: {} };
    const attempt = /^attempt (\d+)$/.exec(lower);
    if (attempt) return { key: 'jobStatus.attempt', params: { n: Number(attempt[1]) } };
    // A split model says which part it is on, and the attempt when it retries.
    const part = /^part (\d+) of (\d+)(?: · attempt (\d+))?$/.exec(lower);
    if (part && part[3]) return { key: 'jobStatus.partAttempt', params: { part: Number(part[1]), parts: Number(part[2]), n: Number(part[3]) } };
    if (part) return { key: 'jobStatus.part', params: { part: Number(part[1]), parts: Number(part[2]) } };
  }
  return { text: message };
}
