// The jobs' slice: `jobs` (background jobs, newest first: the Jobs page's list, the active
// ones fetched on load, and every job event) and `downloads` (the last DownloadState an action
// got, by model id), with what a view shows of a local model's download. Pure updaters and
// selectors; no DOM access.

import { plainError } from '../shared/app-store.js';

// Background jobs, newest first: the Jobs page's list, the active ones fetched on load, and
// every job event. downloads: the last DownloadState an action got, by model id.
export const jobsState = () => ({ jobs: { items: [], status: 'idle', error: null }, downloads: {} });

export const isJobActive = (job) => !!job && (job.state === 'queued' || job.state === 'running');

// What a job works on comes as fields (`model_id`, `provider_id`, `ollama_model`, null when
// not applicable), never parsed from `target` by the views or the actions.
export const jobModelId = (job) => jobField(job, 'model_id');

// The Ollama connection of a pull, delete or update check.
export const jobProviderId = (job) => jobField(job, 'provider_id');

// The Ollama model name of a pull.
export const jobOllamaModel = (job) => jobField(job, 'ollama_model');

export const isOllamaJob = (job) => !!jobProviderId(job);

function jobField(job, name) {
  if (!job) return null;
  if (job[name] !== undefined) return job[name] || null;
  return legacyTargetFields(job.target)[name];
}

// A server older than the job fields sends only `target` (`model:<id>`, `ollama:<provider>`,
// `ollama:<provider>:<model>`): read once here, so nothing else parses it. Remove with the
// last such server.
function legacyTargetFields(target) {
  const fields = { model_id: null, provider_id: null, ollama_model: null };
  if (typeof target !== 'string') return fields;
  if (target.startsWith('model:')) fields.model_id = target.slice(6) || null;
  else if (target.startsWith('ollama:')) {
    const rest = target.slice(7);
    const colon = rest.indexOf(':');
    fields.provider_id = (colon === -1 ? rest : rest.slice(0, colon)) || null;
    fields.ollama_model = colon === -1 ? null : rest.slice(colon + 1) || null;
  }
  return fields;
}

const timeOf = (value) => Date.parse(value || '') || 0;

const bytesOf = (job) => (job.progress || {}).bytes_done ?? 0;

// Newest first: created_at, then id.
const compareJobs = (a, b) => timeOf(b.created_at) - timeOf(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

// A fetched copy may be older than what events already said: keep the newer one.
const isNewerJob = (job, old) => (timeOf(job.updated_at) - timeOf(old.updated_at)
  || (isJobActive(job) === isJobActive(old) ? bytesOf(job) - bytesOf(old) : isJobActive(job) ? -1 : 1)) >= 0;

// Upserts jobs (`force`: as they are, for events, which come in order); 500 at most.
function mergeJobs(state, incoming, force, extra = {}) {
  const byId = new Map(state.jobs.items.map((job) => [job.id, job]));
  let changed = false;
  for (const job of incoming || []) {
    const old = job && job.id ? byId.get(job.id) : job;
    if (!job || old === job || (old && !force && !isNewerJob(job, old))) continue;
    byId.set(job.id, job);
    changed = true;
  }
  const items = changed ? [...byId.values()].sort(compareJobs).slice(0, 500) : state.jobs.items;
  return items === state.jobs.items && !Object.keys(extra).length ? state : { ...state, jobs: { ...state.jobs, items, ...extra } };
}

export const jobsRequested = (state) => mergeJobs(state, [], false, { status: 'loading', error: null });

export const jobsLoaded = (state, items) => mergeJobs(state, items, false, { status: 'ready', error: null });

export const jobsFailed = (state, error) => mergeJobs(state, [], false, { status: 'error', error: plainError(error) });

// The running and queued jobs fetched on load, so progress shows before any event.
export const activeJobsLoaded = (state, items) => mergeJobs(state, items, false);

// A `job` event, or a job an action got back.
export const jobReceived = (state, job) => mergeJobs(state, [job], true);

// The DownloadState of start / cancel / download-status: the model's fields follow at once,
// and so does the job it names (whose events may come a moment later).
// An answer can arrive after the job's own events (a fast download ends before the start
// request's response is read): an active job state for a job the events already ended is
// stale and must not bring "Downloading" back.
export function downloadStateReceived(state, ds) {
  if (!ds || !ds.model_id) return state;
  const seen = selectJob(state, ds.job_id);
  if (seen && !isJobActive(seen) && isJobActive({ state: ds.job_state })) return state;
  const id = ds.model_id;
  const patch = (model) => (model.id !== id ? model : {
    ...model, download_status: ds.download_status ?? model.download_status, downloaded: ds.downloaded ?? model.downloaded,
    download_error: ds.download_status === 'failed' && ds.error_message ? ds.error_message : model.download_error,
  });
  let next = { ...state, downloads: { ...state.downloads, [id]: ds }, models: { ...state.models, items: state.models.items.map(patch) } };
  if (next.modal && next.modal.live) next = { ...next, modal: { ...next.modal, live: patch(next.modal.live) } };
  const job = selectJob(next, ds.job_id);
  if (!job || !ds.job_state) return next;
  const progress = { ...job.progress };
  for (const key of ['bytes_done', 'bytes_total', 'percent', 'bytes_per_second', 'eta_seconds']) if (ds[key] !== undefined) progress[key] = ds[key];
  return mergeJobs(next, [{ ...job, state: ds.job_state, progress, error_message: ds.error_message ?? job.error_message }], true);
}

export const selectJob = (state, id) => (id && state.jobs.items.find((job) => job.id === id)) || null;

// The download job of a model: the active one, else the newest.
export function selectModelJob(state, modelID) {
  const mine = state.jobs.items.filter((job) => jobModelId(job) === modelID && (!job.kind || job.kind === 'download'));
  return mine.find(isJobActive) || mine[0] || null;
}

const ENDED = { succeeded: 'downloaded', failed: 'failed', canceled: 'canceled' };

const known = (value) => value !== null && value !== undefined;

// What the UI shows of a local model's download (null for hosted models): status (the five
// download states), the active job, bytes, percent, speed, ETA, the error, and which of
// Start / Retry / Resume or Cancel applies.
export function selectDownload(state, model) {
  if (!model || model.kind !== 'local') return null;
  const ds = state.downloads[model.id] || null;
  let job = selectModelJob(state, model.id);
  const fromAction = ds && ds.job_id && !selectJob(state, ds.job_id);
  // A job an action just started is unknown until its first event: the answer stands in.
  if (fromAction) job = { id: ds.job_id, state: ds.job_state, error_message: ds.error_message, progress: ds };
  const jobState = job ? job.state : null;
  const active = isJobActive(job);
  let status = model.download_status || 'pending';
  if (active) status = 'downloading';
  else if (status === 'downloading' && ENDED[jobState]) status = ENDED[jobState];
  const p = (job && job.progress) || (ds && !job ? ds : {});
  const bytesDone = p.bytes_done ?? null;
  const bytesTotal = p.bytes_total ?? model.file_size_bytes ?? null;
  let percent = null;
  if (known(bytesDone) && bytesTotal > 0) percent = Math.min(100, (bytesDone / bytesTotal) * 100);
  else if (typeof p.percent === 'number') percent = Math.min(100, Math.max(0, p.percent));
  if (status === 'downloaded') percent = 100;
  const canCancel = status === 'downloading';
  let startLabel = 'start';
  if (status === 'failed') startLabel = 'retry';
  else if (status === 'canceled' && bytesDone > 0) startLabel = 'resume';
  return {
    status, active, queued: jobState === 'queued', downloaded: status === 'downloaded' || !!model.downloaded,
    bytesDone, bytesTotal, percent, speed: active ? p.bytes_per_second ?? null : null, eta: active ? p.eta_seconds ?? null : null,
    error: status === 'failed' ? model.download_error || (job && job.error_message) || null : null,
    errorCode: status === 'failed' ? (job && job.error_code) || (ds && ds.error_code) || null : null,
    canCancel, canStart: ['pending', 'failed', 'canceled'].includes(status), startLabel,
  };
}

