// The words of the models page's Ollama runtime: a chip's status, and why a deploy, a start, a
// stop or a bulk action failed. No DOM: node --test imports it.

import { t, describeError } from '../shared/i18n.js';

// "Running", "Loading", "Stopped", "Error", or "Running on 1 of 2" on several servers, for a
// summary of models/runtime-store.js (summarizeRuntime).
export function runtimeChipText(summary) {
  if (summary.status === 'running' && summary.total > 1) return t('runtime.status.runningOf', { running: summary.running, total: summary.total });
  return t(`runtime.status.${summary.status}`);
}

// Codes whose general sentence speaks of something else (`not_applicable` is worded for a
// connection's settings) say it for these actions (`runtime.err.<code>`); the rest by their
// code as everywhere (describeError).
export function runtimeErrorText(error) {
  if (!error) return '';
  const key = `runtime.err.${error.code}`;
  return t(key) === key ? describeError(error) : t(key);
}
