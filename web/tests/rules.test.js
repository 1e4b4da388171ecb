// The client rules must give the server's exact messages (Sources/Catalog/FieldRules.swift,
// URLRule.swift, Patterns.swift, ModelValidation.swift) for the same inputs.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as R from '../shared/rules.js';

test('display name', () => {
  assert.equal(R.displayName('Mistral Large'), null);
  assert.equal(R.displayName(''), 'Name is required.');
  assert.equal(R.displayName('x'.repeat(64)), null);
  assert.equal(R.displayName('x'.repeat(65)), 'Name must be at most 64 characters.');
  assert.equal(R.displayName('é'.repeat(64)), null, 'counted in code points');
  assert.equal(R.displayName('😀'.repeat(64)), null, 'astral characters count once');
  assert.equal(R.displayName('a\u0007b'), 'Name must not contain control characters.');
  assert.equal(R.displayName('a\u0085b'), 'Name must not contain control characters.');
  assert.equal(R.displayName('   '), 'Name must not be blank.');
  assert.equal(R.displayName('\u00a0\u3000'), 'Name must not be blank.');
  assert.equal(R.displayName('\t'), 'Name must not contain control characters.', 'controls are checked before blank');
  assert.equal(R.displayName(' a '), null);
  assert.equal(R.displayName('<img src=x onerror=alert(1)>'), null);
  assert.equal(R.displayName('', 'Label'), 'Label is required.');
});

test('api name', () => {
  assert.equal(R.apiName('mistral-large-latest'), null);
  assert.equal(R.apiName(''), 'API name is required.');
  assert.equal(R.apiName('a'.repeat(128)), null);
  assert.equal(R.apiName('a'.repeat(129)), 'API name must be at most 128 characters.');
  assert.equal(R.apiName('a b'), 'API name must not contain spaces or control characters.');
  assert.equal(R.apiName('a\u2003b'), 'API name must not contain spaces or control characters.');
  assert.equal(R.apiName('a\u001cb'), 'API name must not contain spaces or control characters.');
  assert.equal(R.apiName('llama3.2:latest'), null);
});

test('numeric ranges', () => {
  assert.equal(R.contextWindow(1024), null);
  assert.equal(R.contextWindow(2000000), null);
  assert.equal(R.contextWindow(1023), 'Context window must be between 1,024 and 2,000,000 tokens.');
  assert.equal(R.contextWindow(2000001), 'Context window must be between 1,024 and 2,000,000 tokens.');
  assert.equal(R.contextWindow(4096.5), 'Context window must be between 1,024 and 2,000,000 tokens.');
  assert.equal(R.contextWindow(NaN), 'Context window must be between 1,024 and 2,000,000 tokens.');
  assert.equal(R.maxOutputTokens(256), null);
  assert.equal(R.maxOutputTokens(128000), null);
  assert.equal(R.maxOutputTokens(255), 'Max output tokens must be between 256 and 128,000.');
  assert.equal(R.temperature(0), null);
  assert.equal(R.temperature(2), null);
  assert.equal(R.temperature(0.7), null);
  assert.equal(R.temperature(2.01), 'Temperature must be between 0 and 2.');
  assert.equal(R.temperature(-0.1), 'Temperature must be between 0 and 2.');
  assert.equal(R.cost(0), null);
  assert.equal(R.cost(1000000), null);
  assert.equal(R.cost(1000000.01), 'Cost must be between 0 and 1,000,000 USD per million tokens.');
  assert.equal(R.cost(-1), 'Cost must be between 0 and 1,000,000 USD per million tokens.');
  for (const fine of [0.000001, 2.5, 999999.999999, 0.30000000000000004]) assert.equal(R.cost(fine), null, String(fine));
  for (const finer of [0.0000001, 2.0000005, 1e-300]) assert.equal(R.cost(finer), 'Cost must have at most 6 decimal places.', String(finer));
});

test('base URL, message by message', () => {
  const ok = ['https://api.mistral.ai', 'http://localhost:11434', 'http://127.0.0.1:8080/v1', 'https://[::1]:8443/path', 'https://x.example.com/openai/'];
  for (const url of ok) assert.equal(R.baseURL(url), null, url);
  const cases = [
    ['', 'Base URL must start with http:// or https://.'],
    ['https://exa mple.com', 'Base URL must not contain spaces or non-ASCII characters.'],
    ['https://exämple.com', 'Base URL must not contain spaces or non-ASCII characters.'],
    [`https://a.com/${'x'.repeat(2048)}`, 'Base URL must not contain spaces or non-ASCII characters.'],
    ['ftp://example.com', 'Base URL must start with http:// or https://.'],
    ['example.com', 'Base URL must start with http:// or https://.'],
    ['https://example.com/#top', 'Base URL must not have a #fragment.'],
    ['https://example.com/?a=1', 'Base URL must not have a ?query.'],
    ['https://user:pw@example.com', 'Base URL must not contain a user name or password.'],
    ['https://', 'Base URL needs a host.'],
    ['https:///v1', 'Base URL needs a host.'],
    ['https://-bad.com', 'Base URL needs a valid host name.'],
    ['https://bad_host.com', 'Base URL needs a valid host name.'],
    ['https://:80', 'Base URL needs a valid host name.'],
    ['https://[zz::1]', 'Base URL has an invalid IPv6 host.'],
    ['https://[]', 'Base URL has an invalid IPv6 host.'],
    ['https://[::1', 'Base URL must be an http:// or https:// URL with a host, like https://api.example.com.'],
    ['https://[::1]x', 'Base URL must be an http:// or https:// URL with a host, like https://api.example.com.'],
    ['https://example.com:0', 'Base URL port must be between 1 and 65535.'],
    ['https://example.com:65536', 'Base URL port must be between 1 and 65535.'],
    ['https://example.com:080', 'Base URL port must be between 1 and 65535.'],
    ['https://example.com:', 'Base URL port must be between 1 and 65535.'],
    ['https://example.com:8a', 'Base URL port must be between 1 and 65535.'],
  ];
  for (const [url, message] of cases) assert.equal(R.baseURL(url), message, url);
  assert.equal(R.baseURL('https://example.com:65535'), null);
});

test('Hugging Face repository, revision and file', () => {
  assert.equal(R.hfRepo('unsloth/Qwen3-0.6B-GGUF'), null);
  const repoMessage = 'Hugging Face repository must look like owner/name (letters, digits, . _ -).';
  for (const bad of ['', 'noslash', 'a/b/c', '/name', 'owner/', '-owner/name', 'owner/name-', 'own er/name', `${'a'.repeat(97)}/b`]) {
    assert.equal(R.hfRepo(bad), repoMessage, bad);
  }
  assert.equal(R.hfRepo(`${'a'.repeat(96)}/${'b'.repeat(96)}`), null);

  for (const good of ['main', 'v1.0', 'refs/pr/1', '_x', 'a'.repeat(128)]) assert.equal(R.hfRevision(good), null, good);
  const revMessage = 'Revision must be a branch, tag or commit (letters, digits, . _ / -).';
  for (const bad of ['', '.hidden', '-x', 'a b', 'a'.repeat(129)]) assert.equal(R.hfRevision(bad), revMessage, bad);

  for (const good of ['Qwen3-0.6B-Q4_0.gguf', 'sub/dir/model.gguf', '_a.gguf']) assert.equal(R.modelFile(good), null, good);
  const fileMessage = 'Model file must be the path of a .gguf file in the repository, without . or .. parts.';
  for (const bad of ['', 'model.bin', '.gguf', '../model.gguf', './model.gguf', 'a//b.gguf', '.hidden.gguf', 'a b.gguf', `${'d/'.repeat(9)}m.gguf`, `${'a'.repeat(252)}.gguf`]) {
    assert.equal(R.modelFile(bad), fileMessage, bad);
  }
  assert.equal(R.modelFile(`${'d/'.repeat(8)}m.gguf`), null);
  assert.equal(R.modelFile(`${'a'.repeat(251)}.gguf`), null);
});

test('parseNumber reads what people type', () => {
  assert.equal(R.parseNumber(''), null);
  assert.equal(R.parseNumber('  '), null);
  assert.equal(R.parseNumber('0.7'), 0.7);
  assert.equal(R.parseNumber('0,7'), 0.7);
  assert.equal(R.parseNumber('1,000', { lang: 'en' }), 1000);
  assert.equal(R.parseNumber('1,5', { lang: 'fr' }), 1.5);
  assert.equal(R.parseNumber('1 000,25', { lang: 'fr' }), 1000.25);
  assert.ok(Number.isNaN(R.parseNumber('abc')));
  assert.equal(R.parseNumber('128000', { integer: true }), 128000);
  assert.equal(R.parseNumber('128,000', { integer: true }), 128000);
  assert.equal(R.parseNumber('128\u202f000', { integer: true }), 128000);
  assert.ok(Number.isNaN(R.parseNumber('12.5', { integer: true })));
  assert.ok(Number.isNaN(R.parseNumber('-5', { integer: true })));
});

test('model form: fields by type and messages by field', () => {
  assert.deepEqual([...R.fieldsFor('hosted')].sort(), ['api_name', 'context_window', 'cost_input_per_million', 'cost_output_per_million', 'max_output_tokens', 'name', 'provider_id', 'temperature_default']);
  assert.deepEqual([...R.fieldsFor('local')].sort(), ['api_name', 'context_window', 'hf_repo', 'hf_revision', 'max_output_tokens', 'model_file', 'name', 'temperature_default']);
  const values = { provider_id: '', name: '', api_name: 'a b', context_window: '12', max_output_tokens: '4096', temperature_default: '3', cost_input_per_million: '', cost_output_per_million: '-1', hf_repo: '', hf_revision: '', model_file: '' };
  assert.deepEqual(R.checkModelForm(values, { type: 'hosted' }), {
    provider_id: 'Provider is required.',
    name: 'Name is required.',
    api_name: 'API name must not contain spaces or control characters.',
    context_window: 'Context window must be between 1,024 and 2,000,000 tokens.',
    temperature_default: 'Temperature must be between 0 and 2.',
    cost_output_per_million: 'Cost must be between 0 and 1,000,000 USD per million tokens.',
  });
  const local = R.checkModelForm({ ...values, name: 'Qwen', api_name: 'qwen', context_window: '32000', temperature_default: '0.7' }, { type: 'local' });
  assert.deepEqual(local, {
    hf_repo: 'Hugging Face repository is required for a local model.',
    model_file: 'Model file is required for a local model.',
  });
  assert.deepEqual(R.checkModelForm(values, { type: 'hosted', mode: 'edit', editable: ['temperature_default'] }), { temperature_default: 'Temperature must be between 0 and 2.' });
});

test('provider form', () => {
  assert.deepEqual(R.checkProviderForm({ name: 'Ollama', base_url: 'http://localhost:11434' }), {});
  assert.deepEqual(R.checkProviderForm({ name: '', base_url: 'ftp://x' }), { name: 'Name is required.', base_url: 'Base URL must start with http:// or https://.' });
  assert.deepEqual(R.checkProviderForm({ name: 'Local', base_url: 'nonsense' }, { kind: 'local' }), {});
  assert.deepEqual(R.checkProviderForm({ name: 'Azure', base_url: '' }), {}, 'an empty base URL clears it');
});

test('API key and API version, as FieldRules.apiKey / Patterns.apiVersion', () => {
  assert.equal(R.apiKey('sk-abc_DEF.123~!'), null);
  assert.equal(R.apiKey('x'.repeat(4096)), null);
  assert.equal(R.apiKey(''), 'API key must be 1 to 4,096 characters.');
  assert.equal(R.apiKey('x'.repeat(4097)), 'API key must be 1 to 4,096 characters.');
  for (const bad of ['sk abc', 'sk\nabc', 'sk\tabc', 'clé', 'sk\u007f']) {
    assert.equal(R.apiKey(bad), 'API key must be printable ASCII without spaces or line breaks.', JSON.stringify(bad));
  }
  for (const good of ['2024-10-21', '2025-01-01-preview']) assert.equal(R.apiVersion(good), null);
  for (const bad of ['2024-1-21', '2024-10-21-beta', 'v1', '', '2024/10/21']) {
    assert.equal(R.apiVersion(bad), 'API version must look like 2024-10-21 or 2025-01-01-preview.', bad);
  }
});

test('connection form: required base URL on create, optional key and version', () => {
  const create = { kind: 'openai', mode: 'create' };
  assert.deepEqual(R.checkProviderForm({ name: 'A', base_url: '' }, create), { base_url: 'Base URL is required.' });
  assert.deepEqual(R.checkProviderForm({ name: 'A', base_url: 'https://x', api_key: '', api_version: 'bad' }, create), {}, 'the version is Azure only');
  assert.deepEqual(R.checkProviderForm({ name: 'A', base_url: 'https://x', api_key: 'a b', api_version: 'bad' }, { kind: 'azure-openai', mode: 'create' }), {
    api_key: 'API key must be printable ASCII without spaces or line breaks.',
    api_version: 'API version must look like 2024-10-21 or 2025-01-01-preview.',
  });
  assert.deepEqual(R.checkProviderForm({ name: 'A', base_url: 'https://x', api_key: 'a b' }, { kind: 'openai' }, ['name']), {}, 'only the given fields');
  assert.equal(R.checkProviderField('api_key', { api_key: 'a b' }, { kind: 'local' }), null);
});
