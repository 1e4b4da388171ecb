// What app.js reads from the browser: routes of location hashes, storage that may refuse access.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readStorage, routeOf } from '../shared/dom.js';

test('routes of location hashes', () => {
  assert.deepEqual(routeOf(''), { route: 'dashboard' });
  assert.deepEqual(routeOf('#/'), { route: 'dashboard' });
  assert.deepEqual(routeOf('#/models/'), { route: 'models' });
  assert.deepEqual(routeOf('#/providers'), { route: 'providers' });
  assert.deepEqual(routeOf('#/jobs'), { route: 'jobs' });
  assert.deepEqual(routeOf('#/settings'), { route: 'settings' });
  assert.deepEqual(routeOf('#/ollama'), { route: 'ollama' });
  assert.deepEqual(routeOf('#/ollama/lab%20box'), { route: 'ollama', param: 'lab box' });
  assert.deepEqual(routeOf('#/ollama/%E0%A4%A'), { route: 'dashboard' }, 'a malformed escape');
  assert.deepEqual(routeOf('#/nowhere'), { route: 'dashboard' });
});

test('storage: missing or refusing storage reads as nothing', () => {
  assert.equal(readStorage(null, 'k'), null);
  assert.equal(readStorage({ getItem: () => { throw new Error('denied'); } }, 'k'), null);
  assert.equal(readStorage({ getItem: (key) => `v:${key}` }, 'k'), 'v:k');
});
