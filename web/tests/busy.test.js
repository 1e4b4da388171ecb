// runBusy: one request per key at a time, the key shown busy while it is out, cleared however
// it ends.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import { runBusy, setBusy } from '../shared/app-store.js';

const storeOf = () => S.createStore(S.initialState());

test('the key is busy while the work runs, then cleared; the result comes back', async () => {
  const store = storeOf();
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const running = runBusy(store, 'model:m1', async () => {
    await gate;
    return 'done';
  });
  assert.equal(store.getState().busy['model:m1'], true);
  release();
  assert.equal(await running, 'done');
  assert.deepEqual(store.getState().busy, {});
});

test('a second run of a busy key does nothing and returns idle', async () => {
  const store = storeOf();
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  let calls = 0;
  const first = runBusy(store, 'job:j1', async () => { calls += 1; await gate; return true; });
  assert.equal(await runBusy(store, 'job:j1', async () => { calls += 1; return true; }), false);
  assert.equal(await runBusy(store, 'job:j1', async () => true, { idle: 'skipped' }), 'skipped');
  assert.equal(await runBusy(store, 'job:j2', async () => { calls += 1; return 'other key'; }), 'other key');
  release();
  await first;
  assert.equal(calls, 2);
});

test('a failure clears the key before onError, whose answer is returned', async () => {
  const store = storeOf();
  const seen = [];
  const result = await runBusy(store, 'download:m1', async () => { throw Object.assign(new Error('no'), { status: 404 }); }, {
    onError: (error) => {
      seen.push([error.status, store.getState().busy['download:m1'] || false]);
      return 'handled';
    },
  });
  assert.equal(result, 'handled');
  assert.deepEqual(seen, [[404, false]]);
  assert.equal(await runBusy(store, 'k', async () => { throw new Error('x'); }), false, 'no onError: false');
  await assert.rejects(runBusy(store, 'k', async () => { throw new Error('x'); }, { onError: () => { throw new Error('rethrown'); } }), /rethrown/);
  assert.deepEqual(store.getState().busy, {});
});

test('setBusy never mutates and keeps the same state when nothing changes', () => {
  const state = S.initialState();
  const busy = setBusy(state, 'a', true);
  assert.deepEqual(state.busy, {});
  assert.equal(setBusy(busy, 'a', true), busy);
  assert.deepEqual(setBusy(busy, 'a', false).busy, {});
  assert.equal(setBusy(state, 'a', false), state);
});
