// Ollama model names: Ollama's own rules, checked before any call, and the name a model is
// listed under. No DOM access: `node --test` imports this module.

// Ollama's own rules (types/model/name.go), worded as the server words them
// (Sources/Ollama/OllamaName.swift): `[host/][namespace/]model[:tag]`, each part starting with
// a letter, a digit or `_`; model, namespace and tag up to 80 bytes, host up to 350; no `.` in
// a namespace; `:` only in the host (a port). Returns null when the name is fine, else a
// field error `{code, key, params}` whose `key` (ollama.name.*) the page's strings translate.
const PART_MAX = { host: 350, namespace: 80, model: 80, tag: 80 };
const byteLength = (text) => new TextEncoder().encode(text).length;
const isWordByte = (c) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

export const nameError = (key, params = {}) => ({ code: 'invalid', key: `ollama.name.${key}`, params });
const KIND_KEYS = { host: 'Host', namespace: 'Namespace', model: 'Model', tag: 'Tag' };

function checkPart(part, kind) {
  if (part === null) return null;
  if (part === '') return nameError(`empty${KIND_KEYS[kind]}`);
  if (byteLength(part) > PART_MAX[kind]) return nameError(`long${KIND_KEYS[kind]}`);
  const bytes = new TextEncoder().encode(part);
  for (let index = 0; index < bytes.length; index += 1) {
    const c = bytes[index];
    let allowed;
    if (index === 0) allowed = isWordByte(c);
    else if (c === 0x2d || c === 0x5f) allowed = true;
    else if (c === 0x2e) allowed = kind !== 'namespace';
    else if (c === 0x3a) allowed = kind === 'host';
    else allowed = isWordByte(c);
    if (!allowed) return nameError(`${index === 0 ? 'start' : 'chars'}${KIND_KEYS[kind]}`, { value: Array.from(part).slice(0, 40).join('') });
  }
  return null;
}

export function validateOllamaName(text) {
  const raw = typeof text === 'string' ? text : '';
  if (!raw) return { ...nameError('required'), code: 'required' };
  if (byteLength(raw) > 600) return nameError('max');
  let rest = raw;
  let tag = null;
  // A colon after the last slash starts the tag; one before it is a host's port.
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && (colon > rest.lastIndexOf('/') || !rest.includes('/'))) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  if (parts.length > 3) return nameError('parts');
  const model = parts.pop();
  const namespace = parts.length ? parts.pop() : null;
  const host = parts.length ? parts.pop() : null;
  return checkPart(host, 'host') || checkPart(namespace, 'namespace') || checkPart(model, 'model') || checkPart(tag, 'tag');
}

// The name Ollama lists a model under: `llama3.2` is `llama3.2:latest`. Case-insensitive.
export function canonicalName(name) {
  const text = String(name || '').trim().toLowerCase();
  if (!text) return '';
  return text.lastIndexOf(':') > text.lastIndexOf('/') ? text : `${text}:latest`;
}
export const sameModel = (a, b) => !!a && canonicalName(a) === canonicalName(b);
