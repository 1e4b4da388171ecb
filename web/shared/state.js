// Small helpers the store's slices share: updaters return the same state when nothing
// changes, never mutate, and keep errors as plain data.

export const set = (state, key, value) => (state[key] === value ? state : { ...state, [key]: value });

export const omit = (object, key) => {
  if (!(key in object)) return object;
  const copy = { ...object };
  delete copy[key];
  return copy;
};

export const stringOf = (value) => (value === null || value === undefined ? '' : String(value));

// Errors are kept as plain data (an ApiError's message is not an enumerable property).
export const plainError = (error) => (error
  ? { status: error.status ?? 0, code: error.code || 'unknown', message: error.message || '', fields: { ...(error.fields || {}) } }
  : null);
