// A model's runtime chip on its row or card (`model-runtime`, `data-runtime-status`): the
// servers' error messages in its title. Loaded with the models page.

import { h } from '../shared/dom.js';
import { runtimeChipText } from './runtime-text.js';

const STYLES = { running: 'badge-ok', loading: 'badge-accent', stopped: 'badge-muted', error: 'badge-danger' };

export function runtimeChip(summary) {
  if (!summary) return null;
  return h('span', {
    class: `badge ${STYLES[summary.status]} runtime-chip`, testid: 'model-runtime', title: summary.message || null,
    dataset: { runtimeStatus: summary.status, running: String(summary.running), total: String(summary.total) },
  }, runtimeChipText(summary));
}
