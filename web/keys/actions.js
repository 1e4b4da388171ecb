// The Keys page's actions (loaded on first use, through actions.keys()): the list, the active
// models a key may be limited to, create (then the secret, shown once), edit, revoke. They call
// api.js and dispatch the updaters of store.js and form.js.

import * as K from './store.js';
import * as F from './form.js';
import { loadStrings } from '../shared/i18n.js';
import { createKeysApi } from './api.js';

await loadStrings('keys');

const MODEL_PAGES = 4;

export function createKeysActions({ store, api: core, shared }) {
  const { getState, dispatch } = store;
  const api = createKeysApi(core.request);
  const { call, noteError, toast } = shared;

  async function loadPage() {
    await Promise.all([loadKeys(), K.selectKeys(getState()).models.status === 'ready' ? null : loadModels()]);
  }

  async function loadKeys() {
    const seq = K.selectKeys(dispatch(K.keysRequested)).seq;
    try {
      const data = await call(() => api.listKeys());
      dispatch(K.keysLoaded, seq, (data && data.items) || []);
    } catch (error) {
      noteError(error);
      dispatch(K.keysFailed, seq, error);
    }
  }

  // The active models (a few pages of 500 at most), for the form's list.
  async function loadModels() {
    dispatch(K.modelsRequested);
    try {
      const items = [];
      let cursor = null;
      for (let page = 0; page < MODEL_PAGES; page += 1) {
        const data = await call(() => api.listModels({ status: 'active', limit: 1000, cursor }));
        items.push(...((data && data.items) || []));
        cursor = data && data.next_cursor;
        if (!cursor) break;
      }
      dispatch(K.modelsLoaded, items);
    } catch (error) {
      noteError(error);
      dispatch(K.modelsFailed, error);
    }
  }

  const openCreate = () => dispatch(K.openKeyCreate);
  const openEdit = (id) => dispatch(K.openKeyEdit, id);
  const openRevoke = (id) => dispatch(K.openKeyRevoke, id);
  const closeDialog = () => dispatch(K.closeKeyDialog);

  // Create or edit, from the open form. A new key's answer holds its secret: the dialog shows
  // it, once; the list keeps the key without it.
  async function saveKey() {
    const d = getState().keyDialog;
    if (!d || !d.values || d.saving) return false;
    const checked = dispatch(F.validateKeyForm).keyDialog;
    if (Object.keys(checked.errors).length) return false;
    const lang = getState().lang;
    const body = d.kind === 'create' ? F.createBody(d.values, lang) : F.patchBody(d.original, d.values, lang);
    if (d.kind === 'edit' && !Object.keys(body).length) {
      dispatch(K.closeKeyDialog);
      toast('info', 'toast.noChanges');
      return true;
    }
    dispatch(K.keySaveStarted);
    try {
      const key = await call(() => (d.kind === 'create' ? api.createKey(body) : api.updateKey(d.id, body)));
      dispatch(K.keyReceived, key);
      if (d.kind === 'create') dispatch(K.showKeySecret, key);
      else {
        dispatch(K.closeKeyDialog);
        toast('success', 'keys.saved', { name: key.name });
      }
      return true;
    } catch (error) {
      noteError(error);
      dispatch(K.keySaveFailed, d.seq, error, F.FIELDS);
      return false;
    }
  }

  async function revoke() {
    const d = getState().keyDialog;
    if (!d || d.kind !== 'revoke' || d.busy) return false;
    dispatch(K.revokeStarted);
    try {
      const key = await call(() => api.revokeKey(d.id));
      dispatch(K.keyReceived, key);
      dispatch(K.closeKeyDialog);
      toast('success', 'keys.revoked', { name: key.name || d.name });
      return true;
    } catch (error) {
      noteError(error);
      dispatch(K.revokeFailed, d.seq, error);
      return false;
    }
  }

  return { loadPage, loadKeys, loadModels, openCreate, openEdit, openRevoke, closeDialog, saveKey, revoke };
}
