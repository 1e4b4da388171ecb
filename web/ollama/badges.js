// Badges of a local model on the Ollama page: loaded in memory now, and what the last update
// check said (up to date after an Update, too).

import { h } from '../shared/dom.js';
import { t, getLanguage } from '../shared/i18n.js';
import { formatDateTime } from '../shared/format.js';
import { updateReason } from './text.js';
import * as O from './store.js';
import { selectLoaded, selectModelUpdate } from './runtime.js';

const DASH = '–';
const UPDATE_BADGES = { up_to_date: 'badge-ok', update_available: 'badge-warn', unknown: 'badge-muted' };

export function loadedBadge(state, id, model) {
  if (!selectLoaded(state, id, model.name)) return null;
  return h('span', { class: 'badge badge-accent', testid: 'ollama-model-loaded', title: t('ollama.local.loadedTitle') }, t('ollama.local.loaded'));
}

export function updateBadge(state, id, model) {
  const pulling = O.selectActivePull(state, id, model.name);
  if (pulling) return h('span', { class: 'badge badge-accent', testid: 'ollama-model-pulling' }, t('ollama.update.pulling'));
  const update = selectModelUpdate(state, id, model, O.selectUpdate);
  if (!update) return h('span', { class: 'muted', testid: 'ollama-update-badge', dataset: { status: '' } }, DASH);
  const said = update.reason ? updateReason(update.reason, getLanguage()) : '';
  const reason = said ? h('span', { class: 'update-reason', testid: 'ollama-update-reason' }, said) : null;
  return h('span', { class: 'update-cell' },
    h('span', {
      class: `badge ${UPDATE_BADGES[update.status]}`, testid: 'ollama-update-badge', dataset: { status: update.status },
      title: said || (update.checkedAt ? t('ollama.update.checkedOn', { date: formatDateTime(update.checkedAt) }) : null),
    }, t(`ollama.update.${update.status === 'up_to_date' ? 'upToDate' : update.status === 'update_available' ? 'available' : 'unknown'}`)),
    reason);
}
