// What app.js reads from the browser: routes of location hashes, storage that may refuse access.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readStorage, routeOf, unchanged } from '../shared/dom.js';

test('routes of location hashes', () => {
  assert.deepEqual(routeOf(''), { route: 'dashboard' });
  assert.deepEqual(routeOf('#/'), { route: 'dashboard' });
  assert.deepEqual(routeOf('#/models/'), { route: 'models' });
  assert.deepEqual(routeOf('#/providers'), { route: 'providers' });
  assert.deepEqual(routeOf('#/jobs'), { route: 'jobs' });
  assert.deepEqual(routeOf('#/settings'), { route: 'settings' });
  assert.deepEqual(routeOf('#/sync'), { route: 'sync' });
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

test('views redraw only when a part they read is another object', () => {
  const parts = (s) => [s.jobs, s.online];
  const jobs = { items: [] };
  assert.equal(unchanged(parts, { jobs, online: true, other: 1 }, { jobs, online: true, other: 2 }), true);
  assert.equal(unchanged(parts, { jobs: { items: [] }, online: true }, { jobs, online: true }), false);
  assert.equal(unchanged(parts, { jobs, online: false }, { jobs, online: true }), false);
  assert.equal(unchanged(parts, { jobs, online: true }, null), false, 'the first render always draws');
});
