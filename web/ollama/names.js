// Ollama model names: the server's rules, checked before any call, and the name a model is
// listed under. No DOM access: `node --test` imports this module.

import { checkField } from '../shared/forms.js';

// Ollama's name rules are the server's (GET /api/meta, `ollama.model`, the pattern Ollama's own
// parser states): a field error `{code, params}` before anything is sent, or null. Without the
// rules (an older server) nothing is checked here and the server answers with its reasons.
export const validateOllamaName = (text) => checkField('ollama', 'model', typeof text === 'string' ? text : '');

export const nameError = (key, params = {}) => ({ code: 'invalid', key: `ollama.name.${key}`, params });

// The name Ollama lists a model under: `llama3.2` is `llama3.2:latest`. Case-insensitive.
export function canonicalName(name) {
  const text = String(name || '').trim().toLowerCase();
  if (!text) return '';
  return text.lastIndexOf(':') > text.lastIndexOf('/') ? text : `${text}:latest`;
}
export const sameModel = (a, b) => !!a && canonicalName(a) === canonicalName(b);
