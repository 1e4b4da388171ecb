// The server's field rules, kinds and codes (GET /api/meta), loaded once at start. Forms check
// their inputs from these rules (shared/forms.js) instead of a copy of the server's code; a
// server without /api/meta (or not answering) leaves `ruleOf` empty, and then only the server
// checks. No DOM access: `node --test` imports this module.

let meta = null;
let loading = null;

// Loads the document once; resolves to it, or to null when the server has none.
export function loadMeta(api) {
  loading ||= api.request('GET', '/api/meta').then((doc) => {
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
