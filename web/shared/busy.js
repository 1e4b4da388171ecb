// state.busy: the keys of the requests under way that a control waits on ("model:<id>",
// "download:<id>", "job:<id>"...), so a button shows busy and a second click does nothing.
// No DOM access: `node --test` imports this module.

export function setBusy(state, key, busy) {
  if (!!state.busy[key] === !!busy) return state;
  const next = { ...state.busy };
  if (busy) next[key] = true;
  else delete next[key];
  return { ...state, busy: next };
}

// Runs `run` with `key` marked busy; nothing happens (and `idle` is returned) while the key is
// already busy. A failure clears the key, then goes to `onError`, whose result is returned
// (false without one). The key is always cleared, whatever `run` or `onError` throw.
export async function runBusy({ getState, dispatch }, key, run, { onError = null, idle = false } = {}) {
  if (getState().busy[key]) return idle;
  dispatch(setBusy, key, true);
  let result;
  try {
    result = await run();
  } catch (error) {
    dispatch(setBusy, key, false);
    if (!onError) return false;
    return onError(error);
  } finally {
    dispatch(setBusy, key, false);
  }
  return result;
}
