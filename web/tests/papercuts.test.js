// Issue 16's smaller paper cuts: a deprecated row names its replacement, the "Some fields need
// a fix" banner goes once the fields are fixed, closing a form is told apart from canceling a
// download, and a setting's error names the setting by its label.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import { settledError } from '../shared/forms.js';
import * as C from '../governance/settings-store.js';
import * as I from '../shared/i18n.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { listedModel, setup, withProviders } from './fixtures.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
I.setLanguage('en');
await Promise.all([I.loadStrings('forms'), I.loadStrings('governance'), I.loadStrings('jobs'), I.loadStrings('models')]);

test('a deprecated model names its replacement, fetched once when no list has shown it', async () => {
  const old = listedModel('old', { status: 'deprecated', replacement_model_id: 'new' });
  const env = setup({
    listModels: async () => ({ items: [old, listedModel('keep')], total: 2 }),
    getModel: async (id) => listedModel(id, { name: 'Newer model' }),
  }, { session: 'authenticated', route: 'models' });
  await env.actions.loadModels();
  assert.equal(S.selectModelName(env.store.getState(), 'new'), 'Newer model');
  await env.actions.loadModels();
  assert.equal(env.calls.filter((c) => c[0] === 'getModel').length, 1, 'asked once');
  assert.equal(I.t('models.replacedBy', { name: 'Newer model' }), 'Replaced by Newer model');
});

test('the "Some fields need a fix" banner goes once every field is fixed', () => {
  let state = S.openCreateModal(withProviders());
  state = F.validateModal(state);
  assert.equal(state.modal.error.code, 'client_validation');
  assert.ok(Object.keys(state.modal.errors).length > 0);
  state = F.setModalValue(state, 'name', 'A model');
  assert.equal(state.modal.error && state.modal.error.code, 'client_validation', 'still a field to fix');
  state = F.setModalValue(state, 'api_name', 'a-model');
  assert.deepEqual(state.modal.errors, {});
  assert.equal(state.modal.error, null);
  // a refusal whose fields all sit under their fields goes too; one with a general reason stays
  assert.equal(settledError({ code: 'validation_failed', fields: { name: 'x' }, unplaced: {} }, {}), null);
  assert.equal(settledError({ code: 'validation_failed', fields: { x: 'y' }, unplaced: { x: 'y' } }, {}).code, 'validation_failed');
  assert.equal(settledError({ code: 'network', fields: {} }, {}).code, 'network');
  assert.equal(settledError({ code: 'client_validation' }, { name: 'x' }).code, 'client_validation');
});

test('closing a form and canceling a download or a job are worded apart, in both languages', () => {
  for (const lang of ['en', 'fr']) {
    const close = I.translate(lang, 'modal.discard');
    const cancelDownload = I.translate(lang, 'download.action.cancel');
    const cancelJob = I.translate(lang, 'jobs.cancel');
    assert.equal(new Set([close, cancelDownload, cancelJob]).size, 3, `${lang}: ${close} / ${cancelDownload} / ${cancelJob}`);
    assert.notEqual(close, I.translate(lang, 'common.cancel'));
  }
  assert.equal(I.translate('en', 'modal.discard'), 'Close without saving');
});

test('a setting\'s error names the setting by the label the page shows, server errors too', () => {
  const server = { code: 'too_small', message: 'Download concurrency must be between 1 and 16.', params: { min: 1 } };
  const label = I.t('settings.field.download_concurrency');
  assert.equal(C.settingLabel('download_concurrency'), label);
  assert.ok(C.settingError(server, 'download_concurrency').startsWith(label), C.settingError(server, 'download_concurrency'));
  assert.ok(!C.settingError(server, 'download_concurrency').includes('Download concurrency'));
  const scheme = { code: 'invalid_url', message: 'Hub endpoint must start with http:// or https://.', params: { reason: 'scheme' } };
  assert.equal(C.settingError(scheme, 'hf_endpoint'), `${I.t('settings.field.hf_endpoint')} must start with http:// or https://.`);
  // a code the tables do not word keeps the server's sentence
  assert.equal(C.settingError({ code: 'mystery', message: 'The server says so.' }, 'hf_endpoint'), 'The server says so.');
  assert.equal(C.settingError({ code: 'invalid', message: 'Not a mirror.' }, 'hf_endpoint'), 'Not a mirror.');
  I.setLanguage('fr');
  try {
    assert.ok(C.settingError(server, 'download_concurrency').startsWith(I.t('settings.field.download_concurrency')));
  } finally {
    I.setLanguage('en');
  }
  assert.equal(C.settingLabel('default_models.chat'), I.t('settings.purpose.chat'));
});
