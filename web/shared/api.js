// Thin fetch wrapper for Hangar's JSON API. Same-origin credentials (the HttpOnly session
// cookie), JSON in and out, and one error shape for everything that goes wrong:
// { status, code, message, fields } — status 0 means the server could not be reached.

export class ApiError extends Error {
  constructor({ status = 0, code = 'unknown', message = '', fields = {} } = {}) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields || {};
  }

  get offline() {
    return this.status === 0;
  }
}

const enc = encodeURIComponent;

export function queryString(params = {}) {
  const parts = Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${enc(key)}=${enc(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export function createApi({ fetchImpl = (...args) => globalThis.fetch(...args), timeoutMs = 20000 } = {}) {
  // A string body is JSON text already and goes as it is (exact bytes). asText: the answer
  // is returned as text; wait: how long to wait for it (a test prompt may wait out limits).
  async function request(method, path, body, { asText = false, wait = timeoutMs } = {}) {
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    let timedOut = false;
    const timer = controller ? setTimeout(() => { timedOut = true; controller.abort(); }, wait) : null;
    if (controller) init.signal = controller.signal;
    let response;
    try {
      response = await fetchImpl(path, init);
    } catch (error) {
      if (timedOut) throw new ApiError({ status: 0, code: 'timeout', message: 'Hangar did not answer in time.' });
      throw new ApiError({ status: 0, code: 'network', message: String((error && error.message) || error) });
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (response.status === 204) return null;
    let data = null;
    const text = await response.text().catch(() => '');
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (asText && response.ok) return text;
    if (!response.ok) {
      const error = (data && data.error) || {};
      throw new ApiError({
        status: response.status,
        code: error.code || `http_${response.status}`,
        message: error.message || '',
        fields: error.fields || {},
      });
    }
    return data;
  }

  return {
    request,
    getSession: () => request('GET', '/api/session'),
    login: (token) => request('POST', '/api/session', { token }),
    // `everywhere` ends every session of every browser, this one included.
    logout: ({ everywhere = false } = {}) => request('DELETE', `/api/session${everywhere ? '?all=true' : ''}`),
    listProviders: () => request('GET', '/api/providers'),
    createProvider: (body) => request('POST', '/api/providers', body),
    updateProvider: (id, patch) => request('PATCH', `/api/providers/${enc(id)}`, patch),
    deleteProvider: (id, { cascade = false } = {}) => request('DELETE', `/api/providers/${enc(id)}${cascade ? '?cascade=true' : ''}`),
    testProvider: (id, options = {}) => request('POST', `/api/providers/${enc(id)}/test`, options),
    testProviderForm: (body) => request('POST', '/api/providers/test', body),
    listModels: (query) => request('GET', `/api/models${queryString(query)}`),
    getModel: (id) => request('GET', `/api/models/${enc(id)}`),
    createModel: (body) => request('POST', '/api/models', body),
    updateModel: (id, patch) => request('PATCH', `/api/models/${enc(id)}`, patch),
    deleteModel: (id, { deleteLocalFile = false } = {}) => request('DELETE', `/api/models/${enc(id)}${deleteLocalFile ? '?delete_local_file=true' : ''}`),
    deprecateModel: (id, replacementID) =>
      request('POST', `/api/models/${enc(id)}/deprecate`, replacementID ? { replacement_model_id: replacementID } : {}),
    restoreModel: (id) => request('POST', `/api/models/${enc(id)}/restore`),
    setDefaultModel: (id) => request('POST', `/api/models/${enc(id)}/set-default`),
    startDownload: (id) => request('POST', `/api/models/${enc(id)}/download`),
    cancelDownload: (id) => request('POST', `/api/models/${enc(id)}/cancel-download`),
    getDownloadStatus: (id) => request('GET', `/api/models/${enc(id)}/download-status`),
    // The dashboard's usage card; the chart (governance/actions.js) reads it too.
    getUsage: (query = {}) => request('GET', `/api/usage${queryString(query)}`),
    listJobs: (query) => request('GET', `/api/jobs${queryString(query)}`),
    getJob: (id) => request('GET', `/api/jobs/${enc(id)}`),
    cancelJob: (id) => request('POST', `/api/jobs/${enc(id)}/cancel`),
  };
}
