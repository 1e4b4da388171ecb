// First run: the dashboard's checklist (a key, a tested connection, a model of one's own, the
// Ollama page) and the warnings of a connection that cannot work yet. Pure: the state and what
// the browser remembers come in, what the views show goes out. No DOM access.

import { isJobActive } from '../jobs/jobs-store.js';

// The kinds whose service refuses every call without a key.
export const KEY_KINDS = Object.freeze(['mistral', 'openai', 'azure-openai']);

// The catalog holds a model someone added or downloaded: the `counts` of GET /api/models.
export const hasOwnModel = (counts) => !!counts && (counts.custom > 0 || counts.downloaded > 0);

const hosted = (provider) => provider.kind !== 'local';

// A pull or a download that succeeded (among the jobs this session has seen) counts too.
const fetchedModel = (state) => state.jobs.items.some((job) => !isJobActive(job) && job.state === 'succeeded' && (job.kind === 'download' || job.kind === 'pull'));

// The steps, in order: { id, done, href }. `remembered`: { ollamaVisited, hidden }.
// null while what it depends on is loading, when every step is done, or when hidden.
export function selectFirstRun(state, remembered = {}) {
  if (state.providers.status !== 'ready' || state.dashboard.status !== 'ready') return null;
  const providers = state.providers.items;
  const steps = [
    { id: 'key', href: '#/providers', done: providers.some((p) => hosted(p) && p.api_key_configured) },
    { id: 'test', href: '#/providers', done: providers.some((p) => hosted(p) && p.last_test && p.last_test.success) },
    { id: 'model', href: '#/models', done: state.dashboard.ownModels === true || fetchedModel(state) },
    { id: 'ollama', href: '#/ollama', done: !!remembered.ollamaVisited },
  ];
  const done = steps.filter((step) => step.done).length;
  if (done === steps.length || remembered.hidden) return null;
  return { steps, done, total: steps.length };
}

// Why an enabled connection cannot work yet: no key (for kinds that need one), never tested.
export function selectProviderWarnings(provider) {
  if (!provider || !provider.enabled || !hosted(provider)) return [];
  const warnings = [];
  if (KEY_KINDS.includes(provider.kind) && !provider.api_key_configured) warnings.push('no-key');
  if (!provider.last_test) warnings.push('untested');
  return warnings;
}
