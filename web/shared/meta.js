// The server's field rules, kinds and codes (GET /api/meta, public), loaded once, with the
// first form (shared/forms.js waits for them), so they weigh nothing on the first load. Forms
// check their inputs from these rules instead of a copy of the server's code; a server without
// /api/meta (or not answering) leaves `ruleOf` empty, and then only the server checks.
// No DOM access: `node --test` imports this module.

let meta = null;
let loading = null;

const fetchMeta = async () => {
  const response = await globalThis.fetch('/api/meta', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET /api/meta: ${response.status}`);
  return response.json();
};

// Loads the document once (through `api`, shared/api.js, when given); resolves to it, or to
// null when the server has none.
export function loadMeta(api = null) {
  loading ||= (api ? api.request('GET', '/api/meta') : fetchMeta()).then((doc) => {
    if (doc && typeof doc === 'object' && doc.fields) meta = doc;
    return meta;
  }, () => null);
  return loading;
}

// For tests (and a document fetched another way): sets the rules in use; null forgets them.
export function setMeta(doc) {
  meta = doc && doc.fields ? doc : null;
  loading = null;
}

export const getMeta = () => meta;

// The Rule of one field (`entity`: provider, model, settings), or null when unknown.
export function ruleOf(entity, field) {
  const fields = meta && meta.fields && meta.fields[entity];
  return (fields && fields[field]) || null;
}
