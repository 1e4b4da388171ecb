// Session actions: check the session, sign in and out, load what the route shows.
// Built by actions.js with the shared helpers (`ctx`); other features' actions are reached
// through `ctx.actions` when called.

import * as S from '../store.js';

export function createSessionActions(ctx) {
  const { api, getState, dispatch, call, noteError, toast, toastError, remember, ollama, governance } = ctx;
  const loadActiveJobs = (...args) => ctx.actions.loadActiveJobs(...args);
  const loadDashboard = (...args) => ctx.actions.loadDashboard(...args);
  const loadJobs = (...args) => ctx.actions.loadJobs(...args);
  const loadModels = (...args) => ctx.actions.loadModels(...args);
  const loadProviders = (...args) => ctx.actions.loadProviders(...args);

  async function checkSession() {
    try {
      await call(() => api.getSession());
      remember(true);
      dispatch(S.sessionChecked, 'authenticated');
      await loadRoute();
    } catch (error) {
      if (error.status === 0) {
        dispatch(S.sessionChecked, 'unreachable');
      } else {
        if (error.status === 401) remember(false);
        dispatch(S.sessionChecked, 'anonymous');
        if (error.status !== 401) dispatch(S.loginFailed, error);
      }
    }
  }

  async function login(token) {
    if (getState().login.submitting) return;
    if (!token) {
      dispatch(S.loginFailed, { status: 0, code: 'client_validation', message: '', fields: { token: { code: 'required', key: 'login.enterToken', params: {} } } });
      return;
    }
    dispatch(S.loginStarted);
    try {
      await call(() => api.login(token));
      remember(true);
      dispatch(S.loginSucceeded);
      toast('success', 'toast.signedIn');
      await loadRoute();
    } catch (error) {
      if (error.status === 0 && error.code === 'network') dispatch(S.setOnline, false);
      dispatch(S.loginFailed, error);
    }
  }

  async function logout({ everywhere = false } = {}) {
    try {
      await call(() => api.logout({ everywhere }));
    } catch (error) {
      noteError(error);
      if (error.status === 0) {
        toastError(error);
        return;
      }
    }
    remember(false);
    dispatch(S.loggedOut);
    toast('info', everywhere ? 'toast.signedOutEverywhere' : 'toast.signedOut');
  }

  async function loadRoute() {
    const state = getState();
    if (state.session !== 'authenticated') return;
    if (state.route === 'dashboard') await loadDashboard();
    else if (state.route === 'providers') await loadProviders();
    else if (state.route === 'models') await Promise.all([loadProviders(), loadModels(), loadActiveJobs()]);
    else if (state.route === 'jobs') await loadJobs();
    else if (state.route === 'ollama') await (await ollama()).loadPage();
    else if (state.route === 'settings') await (await governance()).loadSettingsPage();
  }

  return { checkSession, login, logout, loadRoute };
}
