// Issue 16's paper cuts in the forms: the local form's own examples, a GGUF's context length
// offered to the edit form, the API names a connection test found, the Embeddings default
// limited to the models that can embed, and "all models" asked in one page of 1,000.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as S from '../store.js';
import * as F from '../models/forms.js';
import * as C from '../governance/settings-store.js';
import * as I from '../shared/i18n.js';
import { placeholderKey, typeHintKey, fieldsFor } from '../models/form-fields.js';
import { setMeta } from '../shared/meta.js';
import { META } from './meta-fixture.js';
import { listedModel, model, setup, withProviders, provider } from './fixtures.js';

setMeta(META);
await I.loadLanguage('en');
await I.loadLanguage('fr');
I.setLanguage('en');
await Promise.all([I.loadStrings('forms'), I.loadStrings('governance'), I.loadStrings('models')]);

test('the local form words its API name its own way, in English and French', () => {
  assert.equal(placeholderKey('api_name', 'hosted'), 'placeholder.apiName');
  assert.equal(placeholderKey('api_name', 'local'), 'placeholder.localApiName');
  assert.equal(typeHintKey('api_name', 'hosted'), null);
  assert.equal(typeHintKey('api_name', 'local'), 'hint.localApiName');
  // No field of the local form shows a hosted-only example.
  const hostedOnly = new Set(['placeholder.apiName', 'placeholder.cost', 'placeholder.baseURL', 'placeholder.apiVersion']);
  for (const field of fieldsFor('local')) assert.ok(!hostedOnly.has(placeholderKey(field, 'local')), field);
  assert.equal(placeholderKey('hf_revision', 'local'), 'placeholder.hfRevision');
  assert.equal(placeholderKey('name', 'local'), null);
  for (const lang of ['en', 'fr']) {
    for (const key of ['placeholder.localApiName', 'hint.localApiName', 'placeholder.hfRepo', 'placeholder.modelFile', 'placeholder.hfRevision']) {
      assert.ok(I.TABLES[lang][key], `${lang} ${key}`);
    }
  }
  assert.notEqual(I.TABLES.en['placeholder.localApiName'], I.TABLES.en['placeholder.apiName']);
  assert.notEqual(I.TABLES.fr['hint.localApiName'], I.TABLES.en['hint.localApiName']);
});

const local = (extra = {}) => listedModel('l1', {
  kind: 'local', provider_id: 'local', provider_kind: 'local', context_window: 32768, hf_repo: 'o/r', hf_revision: 'main', model_file: 'f.gguf',
  download_status: 'downloaded', downloaded: true, gguf: { architecture: 'qwen3', quantization: 'Q4_0', context_length: 40960, parameter_count: 1 }, ...extra,
});

test('a GGUF whose context length differs is offered to the edit form, which fills the field', () => {
  let state = S.openEditModal(withProviders(), local());
  assert.deepEqual(F.selectGGUFContextOffer(state), { contextLength: 40960 });
  state = F.setModalValue(state, 'context_window', '40960');
  assert.equal(F.selectGGUFContextOffer(state), null, 'once adopted the offer goes');
  assert.deepEqual(F.selectModalPayload(state), { context_window: 40960 }, 'adopting changes the field only; the admin saves');
  state = F.setModalValue(state, 'context_window', '32768');
  assert.deepEqual(F.selectGGUFContextOffer(state), { contextLength: 40960 });
  // French digit grouping is read as the same number.
  assert.equal(F.selectGGUFContextOffer({ ...F.setModalValue(state, 'context_window', '40 960'), lang: 'fr' }), null);
});

test('no GGUF offer without a header, with the same length, out of range, on a builtin or hosted model', () => {
  const none = (m) => F.selectGGUFContextOffer(S.openEditModal(withProviders(), m));
  assert.equal(none(local({ gguf: null })), null);
  assert.equal(none(local({ gguf: { context_length: null } })), null);
  assert.equal(none(local({ context_window: 40960 })), null);
  assert.equal(none(local({ gguf: { context_length: 512 } })), null, 'below the server\'s minimum');
  assert.equal(none(local({ gguf: { context_length: 4_000_000 } })), null, 'above the server\'s maximum');
  // A builtin model changes its context window when the server says so (meta.builtin_editable,
  // issue 19); an older server's meta without the list keeps it fixed.
  assert.deepEqual(none(local({ is_builtin: true })), { contextLength: 40960 });
  setMeta({ ...META, builtin_editable: undefined });
  assert.equal(none(local({ is_builtin: true })), null, 'a builtin model cannot change its context window');
  setMeta(META);
  assert.equal(none(model('h1', { gguf: { context_length: 40960 } })), null);
  // The live record (a download that just finished) is what counts.
  let state = S.openEditModal(withProviders(), local({ gguf: null, download_status: 'downloading' }));
  assert.equal(F.selectGGUFContextOffer(state), null);
  state = { ...state, modal: { ...state.modal, live: local() } };
  assert.deepEqual(F.selectGGUFContextOffer(state), { contextLength: 40960 });
  for (const lang of ['en', 'fr']) {
    I.setLanguage(lang);
    assert.match(I.t('gguf.useContext', { count: I.formatNumber(40960) }), /40[\s\u202f\u00a0,]?960/);
  }
  I.setLanguage('en');
});

test('the API name suggests the model ids of the chosen connection\'s last test', () => {
  const tested = (ids) => ({ success: true, stage: 'model_listing', models_found: ids ? ids.length : 2, model_ids: ids, tested_at: '2026-01-01T00:00:00Z' });
  let state = S.providersLoaded(S.initialState(), [
    provider('mistral', 'mistral', { last_test: tested(['mistral-large-latest', 'mistral-embed']) }),
    provider('openai', 'openai', { last_test: tested(null) }),
    provider('ollama', 'ollama', { last_test: null }),
    provider('local'),
  ]);
  state = S.openCreateModal(state);
  state = F.setModalValue(state, 'provider_id', 'mistral');
  assert.deepEqual(F.selectAPINameSuggestions(state), ['mistral-large-latest', 'mistral-embed']);
  assert.deepEqual(F.selectAPINameSuggestions(F.setModalValue(state, 'provider_id', 'openai')), [], 'a result without ids');
  assert.deepEqual(F.selectAPINameSuggestions(F.setModalValue(state, 'provider_id', 'ollama')), [], 'never tested');
  assert.deepEqual(F.selectAPINameSuggestions(F.setModalType(state, 'local')), [], 'not on the local form');
  // A card's test refreshes the list.
  state = S.providerTestFinished(state, 'openai', tested(['gpt-4o']));
  assert.deepEqual(F.selectAPINameSuggestions(F.setModalValue(state, 'provider_id', 'openai')), ['gpt-4o']);
  assert.match(I.t('hint.apiNameSuggested', { count: '2' }), /models found: 2/);
});

test('a model\'s capability: by name, by GGUF architecture, builtin chat models; else unknown', () => {
  assert.equal(C.modelCapability({ api_name: 'mistral-embed', name: 'Mistral Embed' }), 'embedding');
  assert.equal(C.modelCapability({ api_name: 'text-embedding-3-small', name: 'x' }), 'embedding');
  assert.equal(C.modelCapability({ api_name: 'my-vectors', name: 'Nomic Embed Text' }), 'embedding');
  assert.equal(C.modelCapability({ api_name: 'bge', name: 'BGE', gguf: { architecture: 'bert' } }), 'embedding');
  assert.equal(C.modelCapability({ api_name: 'n', name: 'N', gguf: { architecture: 'nomic-bert' } }), 'embedding');
  assert.equal(C.modelCapability({ api_name: 'q', name: 'Q', gguf: { architecture: 'qwen3' } }), 'generation');
  assert.equal(C.modelCapability({ api_name: 'mistral-large-latest', name: 'Mistral Large', is_builtin: true }), 'generation');
  assert.equal(C.modelCapability({ api_name: 'bge-m3', name: 'BGE M3', is_builtin: false, gguf: null }), null);
  assert.equal(C.modelCapability({ api_name: 'gpt-4o', name: 'GPT-4o' }), null, 'a hosted custom model: unknown');
});

test('the Embeddings default lists embedding and unknown models, never hides the current default; other purposes list all', () => {
  const settings = { default_models: { chat: null, code: null, embedding: 'builtin-chat', vision: null }, download_concurrency: 2,
    ollama_cache_seconds: 60, hf_endpoint: 'https://huggingface.co', job_retention_days: 30, deprecated_model_policy: 'warn' };
  let state = C.settingsLoaded({ ...S.initialState({ route: 'settings' }), session: 'authenticated' }, settings);
  state = S.providersLoaded(state, [provider('mistral'), provider('local')]);
  state = C.candidatesLoaded(state, [
    listedModel('builtin-chat', { name: 'Mistral Large', api_name: 'mistral-large-latest', is_builtin: true }),
    listedModel('builtin-small', { name: 'Mistral Small', api_name: 'mistral-small-latest', is_builtin: true }),
    listedModel('embed', { name: 'Mistral Embed', api_name: 'mistral-embed' }),
    listedModel('custom', { name: 'Custom', api_name: 'custom-1' }),
    listedModel('qwen', { name: 'Qwen', api_name: 'qwen', provider_id: 'local', gguf: { architecture: 'qwen3' } }),
    listedModel('bert', { name: 'Bert', api_name: 'b', provider_id: 'local', gguf: { architecture: 'bert' } }),
  ]);
  const ids = (purpose) => C.selectDefaultModelGroups(state, purpose).groups.flatMap((g) => g.models.map((m) => m.id));
  assert.deepEqual(ids('embedding'), ['custom', 'embed', 'builtin-chat', 'bert'], 'sorted by name in each connection');
  assert.equal(C.selectDefaultModelGroups(state, 'embedding').missing, null);
  assert.deepEqual(ids('chat'), ['custom', 'embed', 'builtin-chat', 'builtin-small', 'bert', 'qwen']);
  state = C.setSettingValue(state, 'default_models.embedding', 'embed');
  assert.deepEqual(ids('embedding'), ['custom', 'embed', 'bert'], 'the chat model goes once it is no longer the default');
});

test('"all models" is asked in one page of 1,000 (the server\'s maximum)', async () => {
  const env = setup({}, { session: 'authenticated', route: 'providers' });
  await env.actions.loadProviders();
  await env.actions.openProviderConfigure('mistral');
  await env.actions.loadModels();
  await env.actions.openDeprecate('m1');
  const limits = env.calls.filter((c) => c[0] === 'listModels' && c[1].status === 'active').map((c) => c[1].limit);
  assert.deepEqual(limits, [1000, 1000]);
  for (const file of ['governance/settings-actions.js', 'keys/actions.js', 'models/provider-actions.js', 'models/model-actions.js']) {
    const source = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    assert.ok(source.includes('limit: 1000') && !/limit: 500\b/.test(source), file);
  }
});
