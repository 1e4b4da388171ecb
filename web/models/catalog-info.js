// What catalog sync (issue 19) adds to a model's row and form, as pure functions: the
// deprecation warning (a `deprecation_date` within GET /api/meta's `deprecation_warning_days`,
// or past while the model is still active: the daily job has not deprecated it yet) and where
// its prices and limits came from (`price_source`, `price_synced_at`). Loaded with the models
// page and the model form. No DOM access: `node --test` imports this module.

import { t } from '../shared/i18n.js';
import { formatDay } from '../shared/format.js';

const DAY_MS = 86400000;
const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})$/;

// Days since 1970-01-01 of a YYYY-MM-DD date, or null.
function dayNumber(text) {
  const match = CALENDAR.exec(String(text || ''));
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(ms) ? null : Math.round(ms / DAY_MS);
}

// The warning a model's row shows, or null: `{ date, days, when }` where `when` is 'soon' (today
// or within `warningDays` days) or 'passed' (the date is behind us; the daily job deprecates it).
// `warningDays` is the server's (meta.deprecation_warning_days); without it (an older server)
// only a passed date warns. Days count in UTC, as the server's daily job does.
export function deprecationWarning(model, warningDays, now = Date.now()) {
  if (!model || model.status !== 'active' || !model.deprecation_date) return null;
  const date = dayNumber(model.deprecation_date);
  if (date === null) return null;
  const days = date - Math.floor(now / DAY_MS);
  if (days < 0) return { date: model.deprecation_date, days, when: 'passed' };
  if (typeof warningDays === 'number' && Number.isFinite(warningDays) && days <= warningDays) return { date: model.deprecation_date, days, when: 'soon' };
  return null;
}

// The window in days from the server's meta document the store holds (models-store.js `meta`).
export const warningDaysOf = (state) => {
  const days = state && state.meta ? state.meta.deprecation_warning_days : null;
  return typeof days === 'number' ? days : null;
};

export const selectDeprecationWarning = (state, model, now = Date.now()) => deprecationWarning(model, warningDaysOf(state), now);

// Whether the page needs the meta document to word its rows: an active model has a date and
// the window is not known yet.
export const needsWarningDays = (state, models) => !(state && state.meta) && models.some((m) => m && m.status === 'active' && m.deprecation_date);

// "Deprecated on Jan 14, 2027" (or "since" a passed date).
export function deprecationText(warning) {
  return t(warning.when === 'passed' ? 'models.deprecationPassed' : 'models.deprecationSoon', { date: formatDay(warning.date) });
}

// Where the prices and limits came from: manual, litellm:snapshot, litellm:upload,
// litellm:<url>; null when unknown.
export function priceSourceLabel(source) {
  if (!source) return null;
  if (source === 'manual') return t('modal.priceSource.manual');
  if (source === 'litellm:snapshot') return t('modal.priceSource.snapshot');
  if (source === 'litellm:upload') return t('modal.priceSource.upload');
  if (source.startsWith('litellm:')) return t('modal.priceSource.url', { url: source.slice(8) });
  return source;
}

// "From LiteLLM (snapshot), Dec 7, 2026", or null without a source.
export function priceSourceText(model) {
  const label = model ? priceSourceLabel(model.price_source) : null;
  if (!label) return null;
  return model.price_synced_at ? t('modal.priceSource.dated', { source: label, date: formatDay(model.price_synced_at) }) : label;
}
