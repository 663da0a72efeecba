// The JSON API client and the visible error box.
import { el, clear } from './dom.js';

/** An error answer of the API (`{status, code, message}`), or a network failure. */
export class ApiError extends Error {
  constructor(status, code, message, path) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

/** `/api/v1/<path>?<params>`, skipping empty parameters. */
export function apiUrl(path, params) {
  let url = '/api/v1/' + path;
  if (params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
    }
    const s = q.toString();
    if (s) url += '?' + s;
  }
  return url;
}

/** GETs an API path; resolves to the parsed JSON or rejects with an ApiError. */
export async function api(path, params) {
  const url = apiUrl(path, params);
  let res;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network', 'the server cannot be reached (' + e.message + ')', url);
  }
  let body = null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch (_) {
      body = null;
    }
  }
  if (!res.ok) {
    const code = body && body.code ? body.code : 'http_' + res.status;
    const message = body && body.message ? body.message : res.statusText || 'request failed';
    throw new ApiError(body && body.status ? body.status : res.status, code, message, url);
  }
  if (body === null) throw new ApiError(res.status, 'bad_answer', 'the answer is not JSON', url);
  return body;
}

/** Shows an error in `#error` (kept until the next page change); unknown exceptions are shown too. */
export function showError(err) {
  const box = document.getElementById('error');
  if (!box) return;
  // The same answer to several requests of one page is shown once.
  const key = err instanceof ApiError ? err.status + ' ' + err.code + ' ' + err.message : String(err && err.message ? err.message : err);
  for (const li of box.querySelectorAll('li')) if (li.vigilKey === key) return;
  let line;
  if (err instanceof ApiError) {
    line = el('li', { class: 'api-error', 'data-code': err.code, 'data-status': String(err.status) },
      el('strong', null, err.status ? String(err.status) + ' ' + err.code : err.code), ': ', err.message,
      err.path ? el('span', { class: 'error-path' }, ' (' + err.path + ')') : null);
  } else {
    line = el('li', { class: 'js-error' }, el('strong', null, 'error'), ': ', String(err && err.message ? err.message : err));
  }
  let list = box.querySelector('ul');
  if (!list) {
    list = el('ul');
    box.append(list);
  }
  line.vigilKey = key;
  list.append(line);
  box.hidden = false;
  if (!(err instanceof ApiError)) console.warn(err);
}

/** Empties and hides `#error`. */
export function clearErrors() {
  const box = document.getElementById('error');
  if (!box) return;
  clear(box);
  box.hidden = true;
}

/** The items of a list answer (`{items, …}`), tolerating a bare array. */
export function itemsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return answer && Array.isArray(answer.items) ? answer.items : [];
}
