// The generic validator (shared/forms.js) against a GET /api/meta document shaped like the
// contract: the same FieldError codes and params as the server, for the same inputs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkField, parseNumber, validateValue } from '../shared/forms.js';
import { getMeta, loadMeta, ruleOf, setMeta } from '../shared/meta.js';
import { META, say } from './meta-fixture.js';

setMeta(META);
const check = (entity, field, value, options) => checkField(entity, field, value, options);
const code = (entity, field, value, options) => (check(entity, field, value, options) || { code: null }).code;

test('display names: required, too long (code points), control characters before blank', () => {
  assert.equal(check('model', 'name', 'Mistral Large'), null);
  assert.deepEqual(check('model', 'name', ''), { code: 'required', params: {} });
  assert.equal(check('model', 'name', 'x'.repeat(64)), null);
  assert.deepEqual(check('model', 'name', 'x'.repeat(65)), { code: 'too_long', params: { max: 64 } });
  assert.equal(check('model', 'name', 'é'.repeat(64)), null, 'counted in code points');
  assert.equal(check('model', 'name', '😀'.repeat(64)), null, 'astral characters count once');
  assert.equal(code('model', 'name', 'a\u0007b'), 'control_characters');
  assert.equal(code('model', 'name', 'a\u0085b'), 'control_characters');
  assert.equal(code('model', 'name', '   '), 'blank');
  assert.equal(code('model', 'name', '\u00a0\u3000'), 'blank');
  assert.equal(code('model', 'name', '\t'), 'control_characters', 'controls are checked before blank');
  assert.equal(check('model', 'name', ' a '), null);
  assert.equal(check('model', 'name', '<img src=x onerror=alert(1)>'), null);
  assert.equal(code('provider', 'name', ''), 'required');
});

test('api name: no spaces nor control characters', () => {
  assert.equal(check('model', 'api_name', 'mistral-large-latest'), null);
  assert.equal(code('model', 'api_name', ''), 'required');
  assert.deepEqual(check('model', 'api_name', 'a'.repeat(129)), { code: 'too_long', params: { max: 128 } });
  for (const bad of ['a b', 'a\u2003b', 'a\u001cb', 'a\u0007b']) assert.equal(code('model', 'api_name', bad), 'contains_spaces', JSON.stringify(bad));
  assert.equal(check('model', 'api_name', 'llama3.2:latest'), null);
});

test('numbers: ranges, integers, decimals, what people type', () => {
  assert.equal(check('model', 'context_window', '1024'), null);
  assert.equal(check('model', 'context_window', '2,000,000'), null);
  assert.deepEqual(check('model', 'context_window', '1023'), { code: 'too_small', params: { min: 1024 } });
  assert.deepEqual(check('model', 'context_window', '2000001'), { code: 'too_large', params: { max: 2000000 } });
  assert.equal(code('model', 'context_window', '4096.5'), 'invalid');
  assert.equal(code('model', 'context_window', 'many'), 'invalid');
  assert.equal(check('model', 'context_window', ''), null, 'optional by the rule: the server default applies');
  assert.equal(code('model', 'context_window', '', { required: true }), 'required', 'a form may require it');
  assert.equal(code('model', 'context_window', '  ', { required: true }), 'required');
  assert.equal(check('model', 'temperature_default', '0,7', { lang: 'fr' }), null);
  assert.deepEqual(check('model', 'temperature_default', '2.01'), { code: 'too_large', params: { max: 2 } });
  assert.deepEqual(check('model', 'temperature_default', '-0.1'), { code: 'too_small', params: { min: 0 } });
  for (const fine of ['0.000001', '2.5', '999999.999999', '0.30000000000000004']) assert.equal(check('model', 'cost_input_per_million', fine), null, fine);
  for (const finer of ['0.0000001', '2.0000005']) assert.deepEqual(check('model', 'cost_input_per_million', finer), { code: 'too_many_decimals', params: { places: 6 } }, finer);
  assert.deepEqual(check('model', 'cost_output_per_million', '1000000.01'), { code: 'too_large', params: { max: 1000000 } });
  assert.deepEqual(check('provider', 'rpm_limit', '0'), { code: 'too_small', params: { min: 1 } });
  assert.equal(check('provider', 'tpm_limit', '200,000'), null);
  assert.deepEqual(check('settings', 'download_concurrency', '17'), { code: 'too_large', params: { max: 16 } });
  assert.equal(validateValue({ type: 'integer', required: true, min: 1 }, 5), null, 'a number as it is');
});

test('URLs: characters and scheme on the client, the rest on the server', () => {
  for (const url of ['https://api.mistral.ai', 'http://localhost:11434', 'https://[::1]:8443/path']) assert.equal(check('provider', 'base_url', url), null, url);
  assert.deepEqual(check('settings', 'hf_endpoint', 'ftp://mirror.example'), { code: 'invalid_url', params: { reason: 'scheme' } });
  assert.deepEqual(check('provider', 'base_url', 'example.com'), { code: 'invalid_url', params: { reason: 'scheme' } });
  assert.deepEqual(check('provider', 'base_url', 'https://exa mple.com'), { code: 'invalid_url', params: { reason: 'characters' } });
  assert.deepEqual(check('provider', 'base_url', 'https://exämple.com'), { code: 'invalid_url', params: { reason: 'characters' } });
  assert.deepEqual(check('provider', 'base_url', `https://a.com/${'x'.repeat(2048)}`), { code: 'too_long', params: { max: 2048 } });
  assert.equal(check('provider', 'base_url', ''), null);
  assert.equal(code('provider', 'base_url', '', { required: true }), 'required');
  assert.equal(code('settings', 'hf_endpoint', ''), 'required', 'the rule says required');
});

test('patterns and secrets', () => {
  assert.equal(check('provider', 'api_version', '2024-10-21'), null);
  assert.equal(check('provider', 'api_version', '2025-01-01-preview'), null);
  assert.deepEqual(check('provider', 'api_version', '2024-1-21'), { code: 'invalid_format', params: { example: '2024-10-21' } });
  assert.equal(check('model', 'hf_repo', 'Qwen/Qwen3-0.6B-GGUF'), null);
  for (const bad of ['Qwen', 'a/b/c', '-a/b', 'a/b-', 'a b/c']) assert.equal(code('model', 'hf_repo', bad), 'invalid_format', bad);
  assert.equal(check('model', 'hf_revision', 'refs/pr/1'), null);
  assert.equal(code('model', 'hf_revision', '.hidden'), 'invalid_format');
  assert.equal(check('model', 'model_file', 'sub/dir/model-Q4_0.gguf'), null);
  for (const bad of ['model.bin', '.gguf', '../model.gguf', './model.gguf', 'a//b.gguf', 'a b.gguf', `${'d/'.repeat(9)}m.gguf`]) {
    assert.equal(code('model', 'model_file', bad), 'invalid_format', bad);
  }
  assert.equal(check('provider', 'api_key', 'sk-abc_123'), null);
  assert.equal(code('provider', 'api_key', 'sk abc'), 'not_printable_ascii');
  assert.equal(code('model', 'hf_token', 'hf_é'), 'not_printable_ascii');
  assert.deepEqual(check('model', 'hf_token', 'x'.repeat(4097)), { code: 'too_long', params: { max: 4096 } });
  assert.equal(validateValue({ type: 'string', required: false, pattern: '[' }, 'x'), null, 'an unreadable pattern is left to the server');
});

test('parseNumber: grouping, decimal commas, empty and junk', () => {
  assert.equal(parseNumber('128,000', { integer: true }), 128000);
  assert.equal(parseNumber('128 000', { integer: true }), 128000);
  assert.equal(parseNumber('0,7', { lang: 'fr' }), 0.7);
  assert.equal(parseNumber('1,000.5', { lang: 'en' }), 1000.5);
  assert.equal(parseNumber('1.000,5', { lang: 'fr' }), 1000.5);
  assert.equal(parseNumber('', { integer: true }), null);
  assert.ok(Number.isNaN(parseNumber('12a', { integer: true })));
});

test('without rules (a server without /api/meta) nothing is checked on the client', async () => {
  setMeta(null);
  try {
    assert.equal(ruleOf('model', 'name'), null);
    assert.equal(check('model', 'name', ''), null);
    assert.equal(check('model', 'context_window', '1'), null);
    // loadMeta: a 404 leaves the rules empty; a document sets them, once.
    let calls = 0;
    const missing = { request: async () => { calls += 1; throw Object.assign(new Error('no'), { status: 404 }); } };
    assert.equal(await loadMeta(missing), null);
    assert.equal(await loadMeta(missing), null);
    assert.equal(calls, 1, 'asked once');
    setMeta(null);
    const served = { request: async (method, path) => { assert.deepEqual([method, path], ['GET', '/api/meta']); return META; } };
    assert.equal(await loadMeta(served), META);
    assert.equal(getMeta(), META);
    assert.equal(code('model', 'name', ''), 'required');
  } finally {
    setMeta(META);
  }
});
