// Calls the Order Service API with the operator's token (kept in sessionStorage only, so it goes
// with the browser tab) and turns problem+json answers into errors a person can read.
const TOKEN = 'order-service-console-token';
const BASE = new URL('../api/v1', document.baseURI).pathname;

export const token = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (value) => sessionStorage.setItem(TOKEN, value.trim()),
  clear: () => sessionStorage.removeItem(TOKEN),
};

/** The token's claims (not verified here: the server checks every call). */
export function claims(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return null;
  }
}

/** An API answer that was not 2xx; `status` and the problem's `detail` say why. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The service answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

/** fetch() against /api/v1 with the token; answers {status, headers, body}. */
export async function call(path, { method = 'GET', body, type, accept = 'application/json', headers = {} } = {}) {
  const init = { method, headers: { Accept: accept, ...headers } };
  if (token.get()) init.headers.Authorization = `Bearer ${token.get()}`;
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
    init.headers['Content-Type'] = type || 'application/json';
  }
  const response = await fetch(path.startsWith('/') ? path : `${BASE}/${path}`, init);
  const text = await response.text();
  const isJson = (response.headers.get('Content-Type') || '').includes('json');
  const parsed = isJson && text ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, isJson ? parsed : null);
  return { status: response.status, headers: response.headers, body: parsed };
}

/** The `rel` targets of an RFC 8288 Link header. */
export function links(header) {
  const found = {};
  for (const part of (header || '').split(',')) {
    const match = part.match(/<([^>]*)>\s*;\s*rel="([^"]+)"/);
    if (match) found[match[2]] = match[1];
  }
  return found;
}
