// A GET /api/meta document shaped like the issue-14 contract (§3), with the server's rules
// (Sources/Catalog/FieldRules.swift, openapi.yaml's patterns), for the tests of the generic
// validator and the forms. Not a test file itself.

import * as I from '../shared/i18n.js';

await I.loadLanguage('en');

const display = { type: 'string', required: true, min_length: 1, max_length: 64, not_blank: true, no_control: true };
const limit = { type: 'integer', required: false, min: 1, max: 1000000000 };
const cost = { type: 'number', required: false, min: 0, max: 1000000, decimal_places: 6 };
const secret = { type: 'secret', required: false, min_length: 1, max_length: 4096, printable_ascii: true };
const url = { type: 'url', required: false, max_length: 2048, schemes: ['http', 'https'] };

export const META = Object.freeze({
  fields: {
    provider: {
      name: display,
      base_url: url,
      api_key: secret,
      api_version: { type: 'string', required: false, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$', example: '2024-10-21' },
      rpm_limit: limit,
      tpm_limit: limit,
      max_parallel: { type: 'integer', required: false, min: 1, max: 1000 },
    },
    model: {
      name: display,
      api_name: { type: 'string', required: true, min_length: 1, max_length: 128, no_spaces: true },
      context_window: { type: 'integer', required: false, min: 1024, max: 2000000, default: 32000 },
      max_output_tokens: { type: 'integer', required: false, min: 256, max: 128000, default: 4096 },
      temperature_default: { type: 'number', required: false, min: 0, max: 2, default: 0.7 },
      cost_input_per_million: cost,
      cost_output_per_million: cost,
      hf_repo: { type: 'string', required: false, max_length: 193, pattern: '^[A-Za-z0-9]([A-Za-z0-9._-]{0,94}[A-Za-z0-9])?/[A-Za-z0-9]([A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$', example: 'owner/name' },
      hf_revision: { type: 'string', required: false, pattern: '^[A-Za-z0-9_][A-Za-z0-9._/-]{0,127}$', example: 'main', default: 'main' },
      model_file: { type: 'string', required: false, max_length: 512, pattern: '^([A-Za-z0-9_-][A-Za-z0-9._-]{0,127}/){0,8}[A-Za-z0-9_-][A-Za-z0-9._-]{0,250}\\.gguf$', example: 'model-Q4_K_M.gguf' },
      hf_token: secret,
      deprecation_date: { type: 'string', required: false, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', example: '2027-01-14' },
    },
    ollama: {
      model: {
        type: 'string', required: true, min_length: 1, max_length: 600, example: 'llama3.2:1b',
        pattern: '^(?:(?:[A-Za-z0-9_][A-Za-z0-9_.:-]{0,349}/)?[A-Za-z0-9_][A-Za-z0-9_-]{0,79}/)?[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,79})?$',
      },
    },
    settings: {
      download_concurrency: { type: 'integer', required: true, min: 1, max: 16, default: 2 },
      ollama_cache_seconds: { type: 'integer', required: true, min: 0, max: 3600, default: 30 },
      job_retention_days: { type: 'integer', required: true, min: 1, max: 3650, default: 30 },
      ollama_status_poll_seconds: { type: 'integer', required: true, min: 0, max: 3600, default: 10 },
      ollama_update_check_hours: { type: 'integer', required: true, min: 0, max: 720, default: 0 },
      ollama_keep_alive: { type: 'string', required: false, max_length: 8, pattern: '^(-1|[0-9]{1,6}(ms|s|m|h)?)$', example: '5m', default: '5m' },
      hf_endpoint: { ...url, required: true, default: 'https://huggingface.co' },
      // Issue 19 (catalog sync): empty = the snapshot shipped with Hangar; 0 = no discovery.
      price_data_url: { ...url, required: false, default: '' },
      discovery_interval_hours: { type: 'integer', required: true, min: 0, max: 8760, default: 0 },
    },
  },
  // Issue 19: the deprecation warning's window, and what a builtin model may change.
  deprecation_warning_days: 30,
  builtin_editable: ['temperature_default', 'status', 'is_default', 'replacement_model_id', 'cost_input_per_million', 'cost_output_per_million',
    'context_window', 'max_output_tokens', 'deprecation_date'],
  kinds: { provider: ['mistral', 'openai', 'azure_openai', 'ollama', 'openai_compatible', 'local'] },
  error_codes: ['validation_failed', 'not_found', 'conflict'],
  field_error_codes: ['required', 'too_long', 'blank', 'control_characters', 'contains_spaces', 'too_small', 'too_large', 'too_many_decimals',
    'not_printable_ascii', 'invalid_format', 'invalid_url', 'not_found', 'not_allowed', 'duplicate', 'deprecated', 'other_provider',
    'self_reference', 'not_active', 'needs_replacement', 'only_when_deprecated', 'invalid'],
});

// What a field error reads in English under a field (the rule gives a range its two bounds).
export function say(error, field) {
  const rule = ['model', 'provider', 'settings'].map((entity) => META.fields[entity][field]).find(Boolean) || null;
  return I.describeFieldError(error, { field, lang: 'en', rule });
}
