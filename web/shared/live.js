// Live updates: one EventSource on GET /api/events (same origin, so the hangar_session
// cookie authenticates it) while the person is signed in and online. The browser reconnects
// by itself after a network error, sending Last-Event-ID, and the server replays what was
// missed. A stream the server refused (401, a restart) is closed by the browser: the session
// is checked and a new stream opens a few seconds later. The stream closes when the page is
// hidden for good or put in the back-forward cache (`pagehide`): a browser allows only a few
// connections per server, and a stream of a page left behind must not hold one (Chromium
// keeps it open otherwise), and it opens again on `pageshow`. A stream that drops while the
// browser retries asks /health (actions.checkHealth): no answer is offline at once.
// node --test imports this module.

export const EVENT_NAMES = Object.freeze(['model', 'provider', 'job']);
const CLOSED = 2; // EventSource.CLOSED

export function createLive({
  store, actions, EventSourceImpl = globalThis.EventSource, url = '/api/events', retryMs = 5000,
  setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = (id) => clearTimeout(id), page = globalThis,
}) {
  let source = null;
  let timer = null;
  let openedBefore = false; // a later `open` is a reconnection: catch up
  let hidden = false; // the page was left (pagehide) and not shown again

  const wanted = (state) => !hidden && state.session === 'authenticated' && state.online;

  function open() {
    if (source || typeof EventSourceImpl !== 'function') return;
    const es = new EventSourceImpl(url);
    source = es;
    es.addEventListener('open', () => {
      if (es !== source) return;
      if (openedBefore) actions.syncLive();
      openedBefore = true;
    });
    for (const name of EVENT_NAMES) {
      es.addEventListener(name, (event) => {
        if (es !== source) return;
        let payload = null;
        try {
          payload = JSON.parse(event.data);
        } catch {
          return;
        }
        actions.applyEvent(name, payload);
      });
    }
    es.addEventListener('error', () => {
      if (es !== source) return;
      // CONNECTING: the browser retries by itself, but the server may be gone.
      if (es.readyState !== CLOSED) {
        if (actions.checkHealth) actions.checkHealth();
        return;
      }
      source = null;
      actions.checkLive();
      schedule();
    });
  }

  function close() {
    if (timer !== null) {
      clearTimer(timer);
      timer = null;
    }
    if (source) {
      const es = source;
      source = null;
      es.close();
    }
  }

  function schedule() {
    if (timer !== null) return;
    timer = setTimer(() => {
      timer = null;
      sync(store.getState());
    }, retryMs);
  }

  function sync(state) {
    if (wanted(state)) {
      open();
    } else {
      close();
      if (state.session !== 'authenticated') openedBefore = false;
    }
  }

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.session !== prev.session || state.online !== prev.online) sync(state);
  });
  const onHide = () => {
    hidden = true;
    close();
  };
  const onShow = () => {
    hidden = false;
    sync(store.getState());
  };
  if (page && typeof page.addEventListener === 'function') {
    page.addEventListener('pagehide', onHide);
    page.addEventListener('pageshow', onShow);
  }
  sync(store.getState());

  return {
    sync: () => sync(store.getState()),
    stop() {
      unsubscribe();
      close();
      if (page && typeof page.removeEventListener === 'function') {
        page.removeEventListener('pagehide', onHide);
        page.removeEventListener('pageshow', onShow);
      }
    },
    get source() {
      return source;
    },
  };
}
