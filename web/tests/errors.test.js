// Errors shown by code: the request's `error.code`, each field's FieldError `{code, params}`,
// in English and French, with the field's label; unknown codes fall back to the message; a
// plain string (a server older than the codes) shows as it is.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as I from '../shared/i18n.js';
import { checkField } from '../shared/forms.js';
import { setMeta, ruleOf } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';

await I.loadLanguage('en');
await I.loadLanguage('fr');
setMeta(META);
const fe = (code, params = {}, message) => (message === undefined ? { code, params } : { code, params, message });

test('client field errors read like the server in English, with the label and the numbers', () => {
  const en = (error, field, extra = {}) => I.describeFieldError(error, { field, lang: 'en', ...extra });
  assert.equal(en(fe('required'), 'name'), 'Name is required.');
  assert.equal(en(fe('too_long', { max: 64 }), 'name'), 'Name must be at most 64 characters.');
  assert.equal(en(fe('blank'), 'name'), 'Name must not be blank.');
  assert.equal(en(fe('contains_spaces'), 'api_name'), 'API name must not contain spaces or control characters.');
  assert.equal(en(fe('too_small', { min: 1 }), 'rpm_limit'), 'Requests per minute must be at least 1.');
  assert.equal(en(fe('too_many_decimals', { places: 6 }), 'cost_input_per_million'), 'Input cost (USD per million tokens) must have at most 6 decimal places.');
  assert.equal(en(fe('invalid_url', { reason: 'scheme' }), 'hf_endpoint', { label: 'Hub endpoint' }), 'Hub endpoint must start with http:// or https://.');
  assert.equal(en(fe('invalid_url', { reason: 'port' }), 'base_url'), 'Base URL port must be between 1 and 65535.');
  assert.equal(en(fe('invalid_format', { example: '2024-10-21' }), 'api_version'), 'API version must look like 2024-10-21.');
  assert.equal(en(fe('invalid_format'), 'api_version'), 'API version is not in the expected format.');
  // A rule with both bounds says the range, whichever side was crossed.
  const rule = ruleOf('model', 'context_window');
  assert.equal(en(fe('too_small', { min: 1024 }), 'context_window', { rule }), 'Context window (tokens) must be between 1,024 and 2,000,000.');
  assert.equal(en(checkField('model', 'context_window', '1023'), 'context_window', { rule }), 'Context window (tokens) must be between 1,024 and 2,000,000.');
  assert.equal(en(fe('too_large', { max: 16 }), 'download_concurrency', { label: 'Downloads at once', rule: ruleOf('settings', 'download_concurrency') }),
    'Downloads at once must be between 1 and 16.');
});

test('French: by code and params, numbers in the French way', () => {
  const fr = (error, field, extra = {}) => I.describeFieldError(error, { field, lang: 'fr', ...extra });
  assert.equal(fr(fe('required', {}, 'Name is required.'), 'name'), 'Nom : ce champ est obligatoire.');
  assert.equal(fr(fe('too_long', { max: 64 }, 'Name must be at most 64 characters.'), 'name'), 'Nom : au plus 64 caractères.');
  assert.equal(fr(fe('too_small', { min: 1024 }), 'context_window', { rule: ruleOf('model', 'context_window') }),
    `${I.fieldLabel('context_window', 'fr')} : doit être compris entre 1\u202f024 et 2\u202f000\u202f000.`);
  assert.equal(fr(fe('too_large', { max: 1000000 }), 'cost_output_per_million'), `${I.fieldLabel('cost_output_per_million', 'fr')} : au plus 1\u202f000\u202f000.`);
  assert.equal(fr(fe('invalid_url', { reason: 'scheme' }), 'base_url'), 'URL de base : doit commencer par http:// ou https://.');
  assert.equal(fr(fe('duplicate', {}, 'This API name is already used by another model of this provider.'), 'api_name'), 'Nom d’API : déjà utilisé.');
  assert.equal(fr(fe('self_reference', {}, 'A model cannot replace itself.'), 'replacement_model_id'), 'Un modèle ne peut pas se remplacer lui-même.');
});

test('the server\'s English sentence is kept in English; unknown codes and plain strings fall back', () => {
  const server = fe('duplicate', {}, 'This API name is already used by another model of this provider.');
  assert.equal(I.describeFieldError(server, { field: 'api_name', lang: 'en' }), server.message);
  const unknown = fe('too_shiny', { level: 3 }, 'The value is too shiny.');
  assert.equal(I.describeFieldError(unknown, { field: 'name', lang: 'fr' }), 'The value is too shiny.');
  assert.equal(I.describeFieldError(fe('too_shiny'), { field: 'name', lang: 'fr' }), 'Nom : valeur non valide.');
  assert.equal(I.describeFieldError('Name must not be blank.', { field: 'name', lang: 'fr' }), 'Name must not be blank.', 'an old server\'s string as it is');
  assert.equal(I.describeFieldError(null, { field: 'name' }), '');
  // A check worded by the UI's own table (`key`), in either language.
  const token = { code: 'required', key: 'login.enterToken', params: {} };
  assert.equal(I.describeFieldError(token, { field: 'token', lang: 'en' }), 'Enter the admin token.');
  assert.equal(I.describeFieldError(token, { field: 'token', lang: 'fr' }), 'Saisissez le jeton d’administration.');
});

test('request errors by code; unknown codes fall back to the server\'s message', () => {
  const error = { status: 409, code: 'provider_has_models', message: 'Connection “Lab” has 3 models.' };
  assert.equal(I.describeError(error, 'en'), error.message);
  assert.equal(I.describeError(error, 'fr'), I.translate('fr', 'err.provider_has_models'));
  assert.equal(I.describeError({ status: 409, code: 'brand_new_code', message: 'Something new happened.' }, 'fr'), 'Something new happened.');
  assert.equal(I.describeError({ status: 418, code: 'brand_new_code', message: '' }, 'fr'), I.translate('fr', 'err.generic', { status: 418 }));
  assert.equal(I.describeError({ status: 404, code: 'widget_not_found', message: 'No widget.' }, 'fr'), I.translate('fr', 'err.not_found'));
  assert.equal(I.describeError({ status: 0, code: 'network', message: 'TypeError' }, 'en'), I.translate('en', 'err.network'));
});

test('every FieldError code of the contract has a sentence in both languages', () => {
  for (const code of META.field_error_codes) {
    for (const lang of ['en', 'fr']) {
      const key = code === 'invalid_url' ? 'fe.invalid_url.shape' : `fe.${code}`;
      assert.ok(I.TABLES[lang][key], `${key} in ${lang}`);
    }
  }
  for (const reason of ['characters', 'scheme', 'fragment', 'query', 'userinfo', 'host', 'host_name', 'ipv6', 'port', 'shape']) {
    for (const lang of ['en', 'fr']) assert.ok(I.TABLES[lang][`fe.invalid_url.${reason}`], `${reason} in ${lang}`);
  }
});
