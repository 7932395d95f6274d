// The API from the browser: token storage, fetch with problem+json errors, notices and the token
// prompt, the live stream, and which routes this server has.

import { h, $, fill } from './dom.js';

// ---------------------------------------------------------------- token + API
const TOKEN_KEY = 'sessiond.token';
function getToken() { try { return localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; } }
function setToken(t) { try { if (t) localStorage.setItem(TOKEN_KEY, t); else localStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage unavailable */ } }

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}
export const isAbort = (e) => e && (e.name === 'AbortError');

async function problemOf(res) {
  try {
    const body = await res.json();
    return { code: body.code || '', detail: body.detail || body.title || '' };
  } catch (e) {
    return { code: '', detail: res.statusText || '' };
  }
}

function authHeaders(extra) {
  const headers = Object.assign({ Accept: 'application/json' }, extra);
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

/** GET a JSON resource. Throws ApiError (status 0 when the server cannot be reached) or an AbortError. */
export async function api(path, signal) {
  // After a 401, ask nothing more until a token is entered (each refusal is a console line).
  if (auth.blocked) throw new ApiError(401, 'unauthorized', 'An API token is needed.');
  let res;
  try {
    res = await fetch(path, { headers: authHeaders(), signal, cache: 'no-store' });
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(0, 'network', 'Cannot reach sessiond.');
  }
  if (!res.ok) {
    const p = await problemOf(res);
    if (res.status === 401) auth.require(p.detail);
    throw new ApiError(res.status, p.code, p.detail || `HTTP ${res.status}`);
  }
  try {
    return await res.json();
  } catch (e) {
    if (isAbort(e)) throw e;
    throw new ApiError(res.status, 'invalid_json', 'The server sent an answer that is not JSON.');
  }
}

export const errText = (e) => {
  if (!e) return 'Unknown error';
  if (e.status === 401) return 'An API token is needed to read this.';
  if (e.status === 0) return 'Cannot reach sessiond. Is the server running?';
  return e.status ? `${e.message} (HTTP ${e.status}${e.code ? `, ${e.code}` : ''})` : e.message || String(e);
};

// ---------------------------------------------------------------- notices + auth
export const notice = {
  show(text) {
    const el = $('#notice');
    fill(el, h('span', null, text), h('button', { type: 'button', class: 'link', onclick: () => notice.clear() }, 'Dismiss'));
    el.hidden = false;
  },
  clear() { const el = $('#notice'); el.hidden = true; fill(el); },
};

export const auth = {
  blocked: false,
  require(detail) {
    auth.blocked = true;
    const sec = $('#auth');
    const had = getToken();
    $('#auth-reason').textContent = had
      ? `The saved token was refused${detail ? ` (${detail})` : ''}. Enter another one.`
      : 'This server requires an API token (create one with sessiond token create).';
    if (sec.hidden) {
      sec.hidden = false;
      const input = $('#auth-token');
      if (document.activeElement === document.body || !document.activeElement) input.focus();
    }
  },
  init(route) {
    $('#auth-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const value = $('#auth-token').value.trim();
      if (!value) return;
      setToken(value);
      auth.blocked = false;
      $('#auth-token').value = '';
      $('#auth').hidden = true;
      updateSignout();
      notice.clear();
      route();
    });
    $('#signout').addEventListener('click', () => {
      setToken('');
      auth.blocked = false;
      updateSignout();
      route();
    });
    updateSignout();
  },
};
function updateSignout() { $('#signout').hidden = !getToken(); }

// ---------------------------------------------------------------- live stream (fetch + SSE parser)
export const liveStatus = (state, text) => {
  const el = $('#live-status');
  el.dataset.state = state;
  el.textContent = text;
};

/**
 * Reads /v1/stream with fetch so it can send Authorization and Last-Event-ID, parses SSE,
 * reconnects after errors with a backoff of 1 s doubling to 30 s.
 */
export class LiveStream {
  constructor(params, after, onEvent) {
    this.params = params;
    this.lastId = after == null ? null : String(after);
    this.onEvent = onEvent;
    this.stopped = false;
    this.ctrl = null;
    this.wake = null;
  }

  start() { this.loop().catch(() => { /* loop handles its own errors */ }); return this; }

  stop() {
    this.stopped = true;
    if (this.ctrl) this.ctrl.abort();
    if (this.wake) this.wake();
  }

  sleep(ms) {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() { clearTimeout(t); resolve(); }
      this.wake = done;
    });
  }

  async loop() {
    let backoff = 1000;
    while (!this.stopped) {
      if (auth.blocked) { liveStatus('auth', 'stream needs a token'); return; }
      this.ctrl = new AbortController();
      liveStatus('connecting', 'connecting…');
      let refused = false;
      try {
        const q = new URLSearchParams(this.params);
        const extra = { Accept: 'text/event-stream' };
        if (this.lastId != null) extra['Last-Event-ID'] = this.lastId;
        const res = await fetch(`/v1/stream${q.toString() ? `?${q}` : ''}`, { headers: authHeaders(extra), signal: this.ctrl.signal, cache: 'no-store' });
        if (!res.ok || !res.body) {
          const p = await problemOf(res);
          if (res.status === 401) { refused = true; auth.require(p.detail); }
          throw new ApiError(res.status, p.code, p.detail);
        }
        liveStatus('live', 'live');
        await this.read(res.body, () => { backoff = 1000; });
      } catch (e) {
        if (this.stopped) return;
        if (refused) { liveStatus('auth', 'stream needs a token'); return; }
      }
      if (this.stopped) return;
      liveStatus('retry', `reconnecting in ${Math.round(backoff / 1000)} s`);
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, 30000);
    }
  }

  async read(body, onData) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    let data = [];
    let type = '';
    let id = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.stopped) return;
      onData();
      buf += value;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        let line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line === '') {
          if (id != null) this.lastId = id;
          if (data.length) this.dispatch(type, data.join('\n'));
          data = []; type = ''; id = null;
          continue;
        }
        if (line.startsWith(':')) continue;
        const c = line.indexOf(':');
        const field = c < 0 ? line : line.slice(0, c);
        let v = c < 0 ? '' : line.slice(c + 1);
        if (v.startsWith(' ')) v = v.slice(1);
        if (field === 'data') data.push(v);
        else if (field === 'event') type = v;
        else if (field === 'id') id = v;
      }
    }
  }

  dispatch(type, text) {
    let ev;
    try { ev = JSON.parse(text); } catch (e) { return; }
    if (!ev || typeof ev !== 'object') return;
    if (!ev.type && type) ev.type = type;
    try { this.onEvent(ev); } catch (e) { notice.show(`Live update failed: ${e.message}`); }
  }
}

/**
 * The routes this server serves, from its /openapi.yaml (which names exactly the router's
 * routes), so that routes an older server lacks are not asked for; null when unknown.
 */
let routeList = null;
function knownRoutes() {
  if (!routeList) {
    routeList = fetch('/openapi.yaml', { cache: 'no-store' })
      .then((r) => (r.ok ? r.text() : null))
      .then((t) => (t && /^paths:/m.test(t) ? new Set(Array.from(t.matchAll(/^ {2}(\/[^\s:]+):\s*$/gm), (m) => m[1])) : null))
      .catch(() => null);
  }
  return routeList;
}
export const hasRoute = async (path) => { const set = await knownRoutes(); return !set || set.has(path); };
