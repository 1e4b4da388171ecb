// Issue 16, point 6: a dropped event stream asks /health; no answer is offline at once (the
// stream closes, the banner and the disabled controls follow the state), an answer changes
// nothing. Against the real api wrapper over a fake fetch, and a fake EventSource.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as S from '../store.js';
import { createApi } from '../shared/api.js';
import { createActions } from '../actions.js';
import { createLive } from '../shared/live.js';

class FakeEventSource extends EventTarget {
  static made = [];
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    this.closed = false;
    FakeEventSource.made.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}

function setup(health) {
  const seen = [];
  const fetchImpl = async (url) => {
    seen.push(url);
    if (url === '/health') return health();
    return new Response('{}', { status: 200 });
  };
  const store = S.createStore({ ...S.initialState(), session: 'authenticated' });
  const actions = createActions({ store, api: createApi({ fetchImpl }) });
  return { store, actions, seen };
}

test('offline: a dropped stream whose /health fails is offline at once, and the stream closes', async () => {
  FakeEventSource.made.length = 0;
  const env = setup(() => { throw new TypeError('Failed to fetch'); });
  const events = await env.actions.live();
  const live = createLive({ store: env.store, actions: events, EventSourceImpl: FakeEventSource, setTimer: () => 0, clearTimer: () => {}, page: null });
  const stream = FakeEventSource.made[0];
  stream.dispatchEvent(new Event('error')); // CONNECTING: the browser retries by itself
  stream.dispatchEvent(new Event('error'));
  assert.deepEqual(env.seen, ['/health'], 'the drop asked /health, one probe at a time');
  for (let i = 0; i < 20 && env.store.getState().online; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(env.store.getState().online, false);
  assert.equal(stream.closed, true, 'no stream while offline');
  live.stop();
});

test('offline: a stream that drops while /health answers stays online', async () => {
  FakeEventSource.made.length = 0;
  const env = setup(() => new Response('{"status":"ok"}', { status: 200 }));
  const events = await env.actions.live();
  const live = createLive({ store: env.store, actions: events, EventSourceImpl: FakeEventSource, setTimer: () => 0, clearTimer: () => {}, page: null });
  FakeEventSource.made[0].dispatchEvent(new Event('error'));
  assert.deepEqual(env.seen, ['/health']);
  assert.equal(await events.checkHealth(), true);
  assert.equal(env.store.getState().online, true);
  assert.equal(FakeEventSource.made[0].closed, false);
  live.stop();
});
