// sessiond dashboard: a hash-routed single page, vanilla ES2020, no dependencies.
// Pages: #/ (overview), #/sessions?status=&application=&user=&project= (list), #/sessions/<id> (session + replay).
// Every fetch goes through api(); failures become visible messages, never uncaught rejections.
'use strict';
(() => {
  // ---------------------------------------------------------------- DOM helpers
  const SVGNS = 'http://www.w3.org/2000/svg';

  function append(el, kids) {
    for (const k of kids) {
      if (k == null || k === false) continue;
      if (Array.isArray(k)) append(el, k);
      else el.append(k instanceof Node ? k : String(k));
    }
    return el;
  }

  function setAttrs(el, attrs) {
    if (!attrs) return el;
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    return el;
  }

  /** An HTML element: h('a', {href: '#/'}, 'text', child, [more]). */
  const h = (tag, attrs, ...kids) => append(setAttrs(document.createElement(tag), attrs), kids);
  /** An SVG element. */
  const s = (tag, attrs, ...kids) => append(setAttrs(document.createElementNS(SVGNS, tag), attrs), kids);

  const $ = (sel, root = document) => root.querySelector(sel);
  /** Replaces el's children (skipping null/false, unlike replaceChildren). */
  const fill = (el, ...kids) => { el.textContent = ''; return append(el, kids); };
  let uid = 0;
  const nextId = (p) => `${p}-${++uid}`;

  // ---------------------------------------------------------------- formatting
  const nf = new Intl.NumberFormat();
  const fmtInt = (n) => (n == null || !isFinite(n) ? '—' : nf.format(Math.round(n)));
  const fmtNum = (n) => (n == null || !isFinite(n) ? '—' : nf.format(n));
  const fmtPct = (x) => (x == null || !isFinite(x) ? '—' : `${(x * 100).toFixed(x > 0 && x < 0.001 ? 2 : 1)}%`);
  const fmtUSD = (x) => (x == null || !isFinite(x) ? '—' : `$${x < 1 && x > 0 ? x.toFixed(4) : x.toFixed(2)}`);
  const pad2 = (n) => String(n).padStart(2, '0');

  function fmtDur(ms) {
    if (ms == null || !isFinite(ms)) return '—';
    ms = Math.max(0, ms);
    if (ms < 1000) return `${Math.round(ms)} ms`;
    const sec = ms / 1000;
    if (sec < 60) return `${sec < 10 ? sec.toFixed(1) : Math.floor(sec)} s`;
    const m = Math.floor(sec / 60);
    const join = (a, b, unit) => (b ? `${a} ${pad2(b)}${unit}` : a);
    if (m < 60) return join(`${m}m`, m < 10 ? Math.floor(sec % 60) : 0, 's');
    const hr = Math.floor(m / 60);
    if (hr < 48) return join(`${hr}h`, m % 60, 'm');
    const d = Math.floor(hr / 24);
    return hr % 24 ? `${d}d ${hr % 24}h` : `${d}d`;
  }

  /** Compact duration for axis labels: 1s, 10s, 5m, 1h, 2d. */
  function fmtDurShort(ms) {
    const units = [[86400000, 'd'], [3600000, 'h'], [60000, 'm'], [1000, 's']];
    for (const [u, name] of units) if (ms >= u && ms % u === 0) return `${ms / u}${name}`;
    return fmtDur(ms);
  }

  const parseTime = (iso) => (iso ? Date.parse(iso) : NaN);
  function fmtTime(iso, withMs) {
    const t = parseTime(iso);
    if (!isFinite(t)) return '—';
    const d = new Date(t);
    const base = d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: withMs === false ? undefined : '2-digit', hourCycle: 'h23' });
    return withMs ? `${base}.${String(d.getMilliseconds()).padStart(3, '0')}` : base;
  }
  const fmtClock = (t) => { const d = new Date(t); return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`; };

  const rtf = typeof Intl.RelativeTimeFormat === 'function' ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' }) : null;
  function fmtRel(iso) {
    const t = parseTime(iso);
    if (!isFinite(t)) return '—';
    const sec = (t - Date.now()) / 1000;
    const a = Math.abs(sec);
    if (!rtf) return fmtTime(iso);
    if (a < 45) return rtf.format(Math.round(sec), 'second');
    if (a < 2700) return rtf.format(Math.round(sec / 60), 'minute');
    if (a < 129600) return rtf.format(Math.round(sec / 3600), 'hour');
    if (a < 2592000) return rtf.format(Math.round(sec / 86400), 'day');
    return fmtTime(iso);
  }

  const timeEl = (iso, rel = true) => (iso ? h('time', { datetime: iso, title: fmtTime(iso, true) }, rel ? fmtRel(iso) : fmtTime(iso)) : '—');
  const shortId = (id) => (id ? String(id).slice(-8) : '—');
  const idLink = (id) => h('a', { href: `#/sessions/${id}`, class: 'mono', title: id }, shortId(id));
  const badge = (text, kind) => (text ? h('span', { class: `badge ${kind || ''} b-${String(text).replace(/[^a-z0-9_-]/gi, '')}` }, text) : '—');
  const isErrorType = (t) => t === 'error' || (typeof t === 'string' && t.endsWith('.error'));
  const LIVE = ['initializing', 'active', 'idle', 'suspended'];
  const STATUSES = [...LIVE, 'completed', 'failed', 'expired', 'terminated', 'archived'];
  const OUTCOMES = ['ok', 'errored', 'crashed', 'abandoned'];
  const empty = (text) => h('p', { class: 'empty' }, text);
  const json = (v) => JSON.stringify(v, null, 2);
  const sum = (xs) => xs.reduce((a, b) => a + (Number(b) || 0), 0);

  function durationOf(sess) {
    if (sess.metrics && isFinite(sess.metrics.duration_ms)) return sess.metrics.duration_ms;
    const a = parseTime(sess.created_at);
    const b = sess.ended_at ? parseTime(sess.ended_at) : Date.now();
    return isFinite(a) && isFinite(b) ? b - a : null;
  }

  // ---------------------------------------------------------------- token + API
  const TOKEN_KEY = 'sessiond.token';
  function getToken() { try { return localStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; } }
  function setToken(t) { try { if (t) localStorage.setItem(TOKEN_KEY, t); else localStorage.removeItem(TOKEN_KEY); } catch (e) { /* storage unavailable */ } }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message || code || `HTTP ${status}`);
      this.name = 'ApiError';
      this.status = status;
      this.code = code;
    }
  }
  const isAbort = (e) => e && (e.name === 'AbortError');

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
  async function api(path, signal) {
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

  const errText = (e) => {
    if (!e) return 'Unknown error';
    if (e.status === 401) return 'An API token is needed to read this.';
    if (e.status === 0) return 'Cannot reach sessiond. Is the server running?';
    return e.status ? `${e.message} (HTTP ${e.status}${e.code ? `, ${e.code}` : ''})` : e.message || String(e);
  };

  // ---------------------------------------------------------------- notices + auth
  const notice = {
    show(text) {
      const el = $('#notice');
      fill(el, h('span', null, text), h('button', { type: 'button', class: 'link', onclick: () => notice.clear() }, 'Dismiss'));
      el.hidden = false;
    },
    clear() { const el = $('#notice'); el.hidden = true; fill(el); },
  };

  const auth = {
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
    init() {
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
  const liveStatus = (state, text) => {
    const el = $('#live-status');
    el.dataset.state = state;
    el.textContent = text;
  };

  /**
   * Reads /v1/stream with fetch so it can send Authorization and Last-Event-ID, parses SSE,
   * reconnects after errors with a backoff of 1 s doubling to 30 s.
   */
  class LiveStream {
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
  const hasRoute = async (path) => { const set = await knownRoutes(); return !set || set.has(path); };

  // ---------------------------------------------------------------- page lifecycle
  let page = null;
  const charts = [];

  function startPage(name, title) {
    if (page) {
      page.ctrl.abort();
      for (const f of page.cleanups) { try { f(); } catch (e) { /* ignore */ } }
    }
    charts.length = 0;
    delete document.body.dataset.ready;
    page = { name, ctrl: new AbortController(), cleanups: [] };
    document.title = `${title || name} · sessiond`;
    page.signal = page.ctrl.signal;
    liveStatus('off', 'stream off');
    for (const a of document.querySelectorAll('[data-nav]')) {
      if (a.dataset.nav === name) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    return page;
  }
  const current = (p) => page === p && !p.signal.aborted;
  const ready = (p) => { if (current(p)) document.body.dataset.ready = p.name; };

  /** Runs an async task of page p; errors become a message in `where` (or the notice). */
  async function guard(p, task, where) {
    try {
      return await task();
    } catch (e) {
      if (isAbort(e) || !current(p)) return undefined;
      if (where) fill(where, h('p', { class: 'error' }, errText(e)));
      else notice.show(errText(e));
      return undefined;
    }
  }

  // ---------------------------------------------------------------- charts (inline SVG)
  function widthOf(el) { return Math.max(240, Math.floor(el.clientWidth || 600)); }

  /** Draws `draw(width)` into `el` and redraws it when the window is resized. */
  function mount(el, draw) {
    const entry = { el, draw, w: widthOf(el) };
    fill(el, draw(entry.w));
    const i = charts.findIndex((c) => c.el === el);
    if (i >= 0) charts[i] = entry;
    else charts.push(entry);
  }
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const c of charts) {
        if (!c.el.isConnected) continue;
        const w = widthOf(c.el);
        if (Math.abs(w - c.w) > 2) { c.w = w; fill(c.el, c.draw(w)); }
      }
    }, 150);
  });

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const e = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * e) return m * e;
    return 10 * e;
  }
  const svgRoot = (w, ht, label) => s('svg', { viewBox: `0 0 ${w} ${ht}`, width: w, height: ht, role: 'img', 'aria-label': label, class: 'chart' });

  function axisTimeFormat(bucketMs, spanMs) {
    if (spanMs <= 2 * 86400000 && bucketMs < 86400000) return (t) => { const d = new Date(t); return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`; };
    return (t) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  }

  /** Y grid + labels; returns y(v). */
  function yAxis(g, { top, bottom, left, right, max }) {
    const y = (v) => bottom - (v / max) * (bottom - top);
    for (const v of [0, max / 2, max]) {
      g.append(s('line', { x1: left, x2: right, y1: y(v), y2: y(v), class: 'grid' }));
      g.append(s('text', { x: left - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, fmtNum(Math.round(v * 10) / 10)));
    }
    return y;
  }

  function xLabels(g, times, x, { bottom, w, fmt }) {
    const n = times.length;
    const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(w / 90))));
    for (let i = 0; i < n; i += every) {
      g.append(s('text', { x: x(i), y: bottom + 16, class: 'tick', 'text-anchor': i === 0 ? 'start' : 'middle' }, fmt(times[i])));
    }
  }

  /** Area + line chart of one series over time. points: [{t, v}] */
  function lineChart(points, { label, bucketMs, cls = 'c-active', height = 190 }) {
    return (w) => {
      const svg = svgRoot(w, height, label);
      const m = { top: 12, bottom: height - 24, left: 44, right: w - 12 };
      const max = niceMax(Math.max(...points.map((p) => p.v), 0));
      const y = yAxis(svg, { ...m, max });
      const n = points.length;
      const x = (i) => (n <= 1 ? (m.left + m.right) / 2 : m.left + (i / (n - 1)) * (m.right - m.left));
      const span = n > 1 ? points[n - 1].t - points[0].t : 0;
      xLabels(svg, points.map((p) => p.t), x, { bottom: m.bottom, w, fmt: axisTimeFormat(bucketMs, span) });
      if (n === 1) {
        svg.append(s('circle', { cx: x(0), cy: y(points[0].v), r: 4, class: `${cls} dot` }));
      } else if (n > 1) {
        const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
        svg.append(s('path', { d: `${line}L${x(n - 1).toFixed(1)},${m.bottom}L${x(0).toFixed(1)},${m.bottom}Z`, class: `${cls} area` }));
        svg.append(s('path', { d: line, class: `${cls} line` }));
      }
      const colW = n > 1 ? (m.right - m.left) / (n - 1) : m.right - m.left;
      points.forEach((p, i) => {
        svg.append(s('rect', { x: x(i) - colW / 2, y: m.top, width: Math.max(1, colW), height: m.bottom - m.top, class: 'hit' },
          s('title', null, `${new Date(p.t).toLocaleString()}: ${fmtNum(p.v)}`)));
      });
      return svg;
    };
  }

  /** Grouped bars per bucket. rows: [{t, values: [..]}], series: [{name, cls}] */
  function barChart(rows, series, { label, bucketMs, height = 190 }) {
    return (w) => {
      const svg = svgRoot(w, height, label);
      const m = { top: 12, bottom: height - 24, left: 44, right: w - 12 };
      const max = niceMax(Math.max(0, ...rows.map((r) => Math.max(...r.values))));
      const y = yAxis(svg, { ...m, max });
      const n = Math.max(1, rows.length);
      const gw = (m.right - m.left) / n;
      const bw = Math.max(1, (gw * 0.8) / series.length);
      const x = (i) => m.left + i * gw + gw / 2;
      const span = rows.length > 1 ? rows[rows.length - 1].t - rows[0].t : 0;
      xLabels(svg, rows.map((r) => r.t), x, { bottom: m.bottom, w, fmt: axisTimeFormat(bucketMs, span) });
      rows.forEach((r, i) => {
        const g = s('g', null);
        r.values.forEach((v, k) => {
          const top = y(v);
          g.append(s('rect', { x: m.left + i * gw + gw * 0.1 + k * bw, y: top, width: Math.max(0.5, bw - 0.5), height: Math.max(0, m.bottom - top), class: series[k].cls }));
        });
        g.append(s('rect', { x: m.left + i * gw, y: m.top, width: gw, height: m.bottom - m.top, class: 'hit' },
          s('title', null, `${new Date(r.t).toLocaleString()}: ${series.map((se, k) => `${se.name} ${fmtNum(r.values[k])}`).join(', ')}`)));
        svg.append(g);
      });
      return svg;
    };
  }

  /** Vertical histogram with labelled buckets. bars: [{label, count, title}] */
  function histogram(bars, { label, height = 190 }) {
    return (w) => {
      const svg = svgRoot(w, height, label);
      const m = { top: 18, bottom: height - 24, left: 44, right: w - 12 };
      const max = niceMax(Math.max(0, ...bars.map((b) => b.count)));
      const y = yAxis(svg, { ...m, max });
      const n = Math.max(1, bars.length);
      const gw = (m.right - m.left) / n;
      const every = gw < 34 ? Math.ceil(34 / gw) : 1;
      bars.forEach((b, i) => {
        const top = y(b.count);
        const cx = m.left + i * gw + gw / 2;
        svg.append(s('rect', { x: m.left + i * gw + gw * 0.12, y: top, width: gw * 0.76, height: Math.max(0, m.bottom - top), class: 'c-hist' },
          s('title', null, `${b.title}: ${fmtInt(b.count)}`)));
        if (i % every === 0) {
          svg.append(s('text', { x: cx, y: m.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, b.label));
          if (b.count > 0 && gw >= 26) svg.append(s('text', { x: cx, y: top - 4, class: 'tick val', 'text-anchor': 'middle' }, fmtInt(b.count)));
        }
      });
      return svg;
    };
  }

  const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  /** 7 rows (Mon..Sun) × 24 columns (UTC hours). */
  function heatmap(grid) {
    return (w) => {
      const left = 40;
      const cs = Math.max(10, Math.min(34, Math.floor((w - left - 4) / 24)));
      const top = 16;
      const width = left + cs * 24 + 4;
      const height = top + cs * 7 + 4;
      let max = 0;
      let busiest = null;
      grid.forEach((row, d) => (row || []).forEach((v, hr) => { if (v > max) { max = v; busiest = [d, hr]; } }));
      const svg = svgRoot(width, height, busiest
        ? `Activity by weekday and hour (UTC); busiest ${DAYS[busiest[0]]} ${pad2(busiest[1])}:00 with ${max}`
        : 'Activity by weekday and hour (UTC): no activity');
      for (let hr = 0; hr < 24; hr += cs >= 22 ? 1 : 3) {
        svg.append(s('text', { x: left + hr * cs + cs / 2, y: 11, class: 'tick', 'text-anchor': 'middle' }, pad2(hr)));
      }
      for (let d = 0; d < 7; d++) {
        svg.append(s('text', { x: left - 6, y: top + d * cs + cs / 2 + 4, class: 'tick', 'text-anchor': 'end' }, DAYS[d]));
        for (let hr = 0; hr < 24; hr++) {
          const v = Number((grid[d] || [])[hr]) || 0;
          svg.append(s('rect', {
            x: left + hr * cs + 1, y: top + d * cs + 1, width: cs - 2, height: cs - 2, rx: 2,
            class: v ? 'hm' : 'hm zero', 'fill-opacity': v ? (0.15 + 0.85 * (v / max)).toFixed(3) : null,
          }, s('title', null, `${DAYS[d]} ${pad2(hr)}:00–${pad2(hr)}:59 UTC: ${fmtInt(v)}`)));
        }
      }
      return svg;
    };
  }

  /** Horizontal bars as a list: label (optionally a link), value, and an SVG bar. */
  function hbars(map, { href, limit = 10, badgeKind } = {}) {
    const entries = Object.entries(map || {}).filter(([, v]) => Number(v) > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (!entries.length) return empty('Nothing in this window.');
    const total = sum(entries.map((e) => e[1]));
    const max = entries[0][1];
    const shown = entries.slice(0, limit);
    const rest = entries.slice(limit);
    const ul = h('ul', { class: 'hbars' });
    for (const [k, v] of shown) {
      const name = badgeKind ? badge(k, badgeKind) : h('span', null, k || '(none)');
      ul.append(h('li', null,
        h('span', { class: 'hb-label' }, href ? h('a', { href: href(k), title: `Sessions with ${k}` }, name) : name),
        h('span', { class: 'hb-value' }, fmtInt(v), h('span', { class: 'muted' }, ` ${fmtPct(v / total)}`)),
        s('svg', { class: 'hb-bar', viewBox: '0 0 100 8', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
          s('rect', { x: 0, y: 0, width: 100, height: 8, class: 'track' }),
          s('rect', { x: 0, y: 0, width: Math.max(0.5, (v / max) * 100).toFixed(2), height: 8, class: `fill ${badgeKind ? `f-${k}` : ''}` }))));
    }
    if (rest.length) ul.append(h('li', { class: 'muted' }, `${rest.length} more: ${fmtInt(sum(rest.map((e) => e[1])))}`));
    return ul;
  }

  /** One stacked bar of outcome shares. */
  function stackBar(counts, keys) {
    const total = sum(keys.map((k) => counts[k]));
    const svg = s('svg', { class: 'stack', viewBox: '0 0 100 10', preserveAspectRatio: 'none', role: 'img',
      'aria-label': keys.map((k) => `${k} ${fmtPct(total ? (counts[k] || 0) / total : 0)}`).join(', ') });
    let x = 0;
    for (const k of keys) {
      const wv = total ? ((counts[k] || 0) / total) * 100 : 0;
      if (wv > 0) svg.append(s('rect', { x: x.toFixed(3), y: 0, width: wv.toFixed(3), height: 10, class: `f-${k}` }, s('title', null, `${k}: ${fmtInt(counts[k])}`)));
      x += wv;
    }
    if (!total) svg.append(s('rect', { x: 0, y: 0, width: 100, height: 10, class: 'track' }));
    return svg;
  }

  const legend = (series) => h('ul', { class: 'legend', 'aria-hidden': 'true' }, series.map((se) => h('li', null, h('span', { class: `swatch ${se.cls}` }), se.name)));

  // ---------------------------------------------------------------- layout helpers
  function panel(title, attrs, ...body) {
    const id = nextId('h');
    const cls = `panel ${(attrs && attrs.class) || ''}`;
    const sec = h('section', Object.assign({}, attrs, { class: cls, 'aria-labelledby': id }));
    const head = h('div', { class: 'panel-head' }, h('h2', { id }, title));
    return append(sec, [head, ...body]);
  }
  const card = (label, valueEl, sub, attrs) => h('div', Object.assign({ class: 'card' }, attrs), h('p', { class: 'card-label' }, label), valueEl, h('p', { class: 'card-sub' }, sub));
  const kv = (pairs) => h('dl', { class: 'kv' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v == null || v === '' ? '—' : v)]));

  function scrollTable(table, label) {
    return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);
  }

  function throttle(fn, ms) {
    let last = 0;
    let timer = 0;
    const run = () => { timer = 0; last = Date.now(); fn(); };
    const t = () => {
      if (timer) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) run();
      else timer = setTimeout(run, wait);
    };
    t.cancel = () => { clearTimeout(timer); timer = 0; };
    t.touch = () => { last = Date.now(); };
    return t;
  }

  // ---------------------------------------------------------------- overview
  const WINDOWS = ['1h', '24h', '7d', '30d'];
  const GROUP_BY = ['project', 'user', 'application', 'window', 'feature'];
  const missing = {}; // routes that answered 404 during this page load: not asked again
  const feed = { events: [], lastId: null };

  function overview(params) {
    const p = startPage('overview', 'Overview');
    const st = {
      window: WINDOWS.includes(params.get('window')) ? params.get('window') : '24h',
      by: GROUP_BY.includes(params.get('by')) ? params.get('by') : 'project',
      loadSeq: 0,
    };
    const syncHash = () => {
      const q = new URLSearchParams();
      if (st.window !== '24h') q.set('window', st.window);
      if (st.by !== 'project') q.set('by', st.by);
      history.replaceState(null, '', `#/${q.toString() ? `?${q}` : ''}`);
    };

    const winButtons = WINDOWS.map((wv) => h('button', {
      type: 'button', 'aria-pressed': String(wv === st.window), 'data-window': wv,
      onclick: () => {
        if (st.window === wv) return;
        st.window = wv;
        for (const b of winButtons) b.setAttribute('aria-pressed', String(b.dataset.window === wv));
        syncHash();
        refresh.touch();
        loadAll().catch(() => {});
      },
    }, wv));

    const el = {
      range: h('p', { class: 'muted range' }),
      stale: h('p', { class: 'small range', role: 'status' }),
      cards: h('div', { class: 'cards' }),
      timeline: h('div', { id: 'timeline-chart', class: 'chart-box' }),
      flow: h('div', { id: 'flow-chart', class: 'chart-box' }),
      byApp: h('div', { id: 'by-application' }),
      byStatus: h('div', { id: 'by-status' }),
      byUser: h('div', { id: 'by-user' }),
      outcomes: h('div', { id: 'outcomes' }),
      durations: h('div', { id: 'durations-chart', class: 'chart-box' }),
      heatmap: h('div', { id: 'heatmap', class: 'chart-box' }),
      alerts: h('div', { id: 'alerts' }),
      feed: h('ol', { id: 'event-feed', class: 'feed', 'aria-live': 'off' }),
      feedNote: h('p', { class: 'muted small' }),
      groups: h('div', { id: 'groups' }),
      groupsNote: h('p', { class: 'muted small' }),
    };
    const bySelect = h('select', { id: 'groups-by', onchange: (e) => { st.by = e.target.value; syncHash(); loadGroups().catch(() => {}); } },
      GROUP_BY.map((b) => h('option', { value: b, selected: b === st.by }, b)));

    const flowSeries = [{ name: 'started', cls: 'c-started' }, { name: 'ended', cls: 'c-ended' }, { name: 'failed', cls: 'c-failed' }];
    const root = h('section', { id: 'overview', 'aria-labelledby': 'overview-title' },
      h('div', { class: 'page-head' },
        h('h1', { id: 'overview-title' }, 'Overview'),
        h('div', { class: 'seg', role: 'group', 'aria-label': 'Time window' }, winButtons),
        el.range, el.stale),
      el.cards,
      h('div', { class: 'grid' },
        panel('Active sessions', { class: 'wide' }, el.timeline),
        panel('Alerts firing', null, el.alerts),
        panel('Started, ended and failed', { class: 'wide' }, legend(flowSeries), el.flow),
        panel('Live events', { class: 'feed-panel' }, el.feedNote, el.feed),
        panel('Activity by weekday and hour (UTC)', { class: 'wide' }, el.heatmap),
        panel('By application', null, el.byApp),
        panel('By status', null, el.byStatus),
        panel('By user', null, el.byUser),
        panel('Outcomes', null, el.outcomes),
        panel('Session duration', { class: 'wide' }, el.durations),
        panel('Analytics', { class: 'full', id: 'analytics' },
          h('div', { class: 'toolbar' }, h('label', { for: 'groups-by' }, 'Group by'), bySelect, el.groupsNote),
          el.groups)));
    fill($('#main'), root);

    // -- rendering
    function renderCards(ov, stats) {
      const live = ov ? ov.active_now : stats && stats.live;
      const byStatus = (ov && ov.by_status) || (stats && stats.by_status) || {};
      const liveParts = LIVE.filter((k) => byStatus[k]).map((k) => `${fmtInt(byStatus[k])} ${k}`).join(' · ');
      const inWindow = ov ? (ov.sessions != null ? ov.sessions : sum(Object.values(ov.by_status || {}))) : null;
      const outcomes = (ov && ov.outcomes) || (stats && stats.outcomes) || {};
      const ended = sum(OUTCOMES.map((k) => outcomes[k]));
      const errRate = ov ? ov.error_rate : (ended ? ((outcomes.errored || 0) + (outcomes.crashed || 0)) / ended : null);
      const d = ov ? ov.durations || {} : null;
      const p50 = d ? d.p50_ms : stats && stats.durations_ms && stats.durations_ms.p50;
      const p90 = d ? d.p90_ms : stats && stats.durations_ms && stats.durations_ms.p90;
      const p99 = d ? d.p99_ms : stats && stats.durations_ms && stats.durations_ms.p99;
      const n = d ? d.count : stats && stats.durations_ms && stats.durations_ms.sample;
      fill(el.cards, 
        card('Active now', h('p', { class: 'card-value', id: 'active-now' }, fmtInt(live)), liveParts || 'live sessions'),
        card('Sessions in window', h('p', { class: 'card-value', id: 'sessions-in-window' }, fmtInt(inWindow)),
          ov ? `last ${st.window}${ov.truncated ? ` · sample of ${fmtInt(ov.sample)}` : ''}` : 'needs /v1/analytics'),
        card('Error rate', h('p', { class: `card-value ${errRate > 0.1 ? 'bad' : ''}`, id: 'error-rate' }, fmtPct(errRate)),
          `${fmtInt(outcomes.errored || 0)} errored · ${fmtInt(outcomes.crashed || 0)} crashed of ${fmtInt(ended)} ended`),
        card('Duration p50 / p90', h('p', { class: 'card-value', id: 'duration-p50-p90' }, `${fmtDur(p50)} / ${fmtDur(p90)}`),
          `p99 ${fmtDur(p99)} · ${fmtInt(n)} sessions`));
    }

    function renderOverview(ov) {
      const w = ov.window || {};
      fill(el.range, w.from && w.until ? `${fmtTime(w.from, false)} – ${fmtTime(w.until, false)}${ov.truncated ? ` · sampled (${fmtInt(ov.sample)} sessions)` : ''}` : '');
      renderCards(ov, null);
      const tl = (ov.timeline || []).map((b) => ({ t: parseTime(b.time), active: +b.active || 0, started: +b.started || 0, ended: +b.ended || 0, failed: +b.failed || 0 })).filter((b) => isFinite(b.t));
      if (tl.length) {
        mount(el.timeline, lineChart(tl.map((b) => ({ t: b.t, v: b.active })), { label: `Active sessions over the last ${st.window}`, bucketMs: w.bucket_ms }));
        mount(el.flow, barChart(tl.map((b) => ({ t: b.t, values: [b.started, b.ended, b.failed] })), flowSeries,
          { label: `Sessions started, ended and failed per bucket over the last ${st.window}`, bucketMs: w.bucket_ms }));
      } else {
        fill(el.timeline, empty('No sessions in this window.'));
        fill(el.flow, empty('No sessions in this window.'));
      }
      fill(el.byApp, hbars(ov.by_application, { href: (k) => `#/sessions?application=${encodeURIComponent(k)}` }));
      fill(el.byStatus, hbars(ov.by_status, { href: (k) => `#/sessions?status=${encodeURIComponent(k)}`, badgeKind: 'status' }));
      // by_user is {top: [{key, sessions}], other}: the busiest users by name.
      const top = ov.by_user && Array.isArray(ov.by_user.top) ? ov.by_user.top : [];
      const users = Object.fromEntries(top.map((u) => [u.key, u.sessions]));
      fill(el.byUser, hbars(users, { href: (k) => `#/sessions?user=${encodeURIComponent(k)}` }));
      renderOutcomes(ov.outcomes || {});
      const buckets = (ov.durations && ov.durations.buckets) || [];
      if (buckets.length && sum(buckets.map((b) => b.count))) {
        let prev = 0;
        const bars = buckets.map((b) => {
          const lab = b.le_ms == null ? `>${fmtDurShort(prev)}` : `≤${fmtDurShort(b.le_ms)}`;
          const title = b.le_ms == null ? `longer than ${fmtDur(prev)}` : `${fmtDur(prev)} – ${fmtDur(b.le_ms)}`;
          if (b.le_ms != null) prev = b.le_ms;
          return { label: lab, count: +b.count || 0, title };
        });
        mount(el.durations, histogram(bars, { label: `Session durations: p50 ${fmtDur(ov.durations.p50_ms)}, p90 ${fmtDur(ov.durations.p90_ms)}` }));
      } else {
        fill(el.durations, empty('No ended sessions in this window.'));
      }
      if (Array.isArray(ov.heatmap) && ov.heatmap.length) mount(el.heatmap, heatmap(ov.heatmap));
      else fill(el.heatmap, empty('No activity in this window.'));
    }

    function renderOutcomes(o) {
      const total = sum(OUTCOMES.map((k) => o[k]));
      if (!total) { fill(el.outcomes, empty('No ended sessions in this window.')); return; }
      const t = h('table', { class: 'compact', id: 'outcomes-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Outcome'), h('th', { scope: 'col', class: 'num' }, 'Sessions'), h('th', { scope: 'col', class: 'num' }, 'Rate'))),
        h('tbody', null, OUTCOMES.map((k) => h('tr', null, h('td', null, badge(k, 'outcome')), h('td', { class: 'num' }, fmtInt(o[k] || 0)), h('td', { class: 'num' }, fmtPct((o[k] || 0) / total))))));
      fill(el.outcomes, stackBar(o, OUTCOMES), t);
    }

    function renderFallback(stats) {
      const note = 'Not available: this server has no /v1/analytics/overview.';
      fill(el.range, 'Totals from /v1/stats (this server has no windowed analytics).');
      renderCards(null, stats);
      for (const box of [el.timeline, el.flow, el.byUser, el.durations, el.heatmap]) fill(box, empty(note));
      if (stats) {
        fill(el.byApp, h('p', { class: 'muted small' }, 'Live sessions only'), hbars(stats.live_by_application, { href: (k) => `#/sessions?application=${encodeURIComponent(k)}&status=live` }));
        fill(el.byStatus, hbars(stats.by_status, { href: (k) => `#/sessions?status=${encodeURIComponent(k)}`, badgeKind: 'status' }));
        renderOutcomes(stats.outcomes || {});
      } else {
        for (const box of [el.byApp, el.byStatus, el.outcomes]) fill(box, empty(note));
      }
    }

    function renderAlerts(list) {
      const firing = (list || []).filter((a) => a.state !== 'resolved');
      if (!firing.length) { fill(el.alerts, h('p', { class: 'ok-note' }, 'No alerts firing.')); return; }
      fill(el.alerts, h('ul', { class: 'alerts' }, firing.map((a) => h('li', { class: `alert sev-${String(a.severity || 'info').replace(/[^a-z]/gi, '')}` },
        h('div', { class: 'alert-head' }, badge(a.severity || 'alert', 'severity'), h('strong', null, a.rule || a.id || 'alert'), h('span', { class: 'muted' }, ' since ', timeEl(a.started_at))),
        a.summary ? h('p', null, a.summary) : null,
        a.value != null || a.threshold != null ? h('p', { class: 'muted small' }, `value ${fmtNum(a.value)} · threshold ${fmtNum(a.threshold)}`) : null))));
    }

    // -- loading
    async function loadOverview(seq) {
      if (!(await hasRoute('/v1/analytics/overview'))) missing.overview = true;
      if (!missing.overview) {
        try {
          const ov = await api(`/v1/analytics/overview?window=${st.window}`, p.signal);
          if (current(p) && seq === st.loadSeq) renderOverview(ov);
          return;
        } catch (e) {
          if (isAbort(e) || !current(p)) return;
          if (e.status !== 404) throw e;
          missing.overview = true;
        }
      }
      let stats = null;
      try { stats = await api('/v1/stats', p.signal); } catch (e) { if (isAbort(e) || !current(p)) return; if (e.status !== 404) throw e; }
      if (current(p) && seq === st.loadSeq) renderFallback(stats);
    }

    async function loadAlerts() {
      if (!(await hasRoute('/v1/alerts'))) missing.alerts = true;
      if (missing.alerts) { fill(el.alerts, empty('Alerts are not available on this server.')); return; }
      try {
        const r = await api('/v1/alerts?state=firing', p.signal);
        if (current(p)) renderAlerts(r.alerts);
      } catch (e) {
        if (isAbort(e) || !current(p)) return;
        if (e.status === 404) { missing.alerts = true; fill(el.alerts, empty('Alerts are not available on this server.')); return; }
        throw e;
      }
    }

    async function loadGroups() {
      const by = st.by;
      const wnd = st.window;
      el.groups.setAttribute('aria-busy', 'true');
      await guard(p, async () => {
        if (!(await hasRoute('/v1/analytics/groups'))) missing.groups = true;
        if (missing.groups) { fill(el.groups, empty('Analytics groups are not available on this server.')); return; }
        let r;
        try {
          r = await api(`/v1/analytics/groups?by=${by}&window=${wnd}`, p.signal);
        } catch (e) {
          if (e.status === 404) { missing.groups = true; fill(el.groups, empty('Analytics groups are not available on this server.')); fill(el.groupsNote); return; }
          throw e;
        }
        if (!current(p) || by !== st.by || wnd !== st.window) return;
        renderGroups(r);
      }, el.groups);
      el.groups.removeAttribute('aria-busy');
    }

    function renderGroups(r) {
      const groups = r.groups || [];
      fill(el.groupsNote, `${r.truncated ? `Sampled: ${fmtInt(r.sample)} sessions. ` : ''}${r.other_sessions ? `${fmtInt(r.other_sessions)} sessions in smaller groups.` : ''}`);
      if (!groups.length) { fill(el.groups, empty('No sessions in this window.')); return; }
      const feature = r.by === 'feature';
      const cols = ['Group', 'Sessions', 'Live', 'Ended', 'Mean', 'p50', 'p90', 'Outcomes (ok)', 'Error rate', 'Events', 'Tokens', 'Cost'];
      if (feature) cols.push('Event types');
      const linkFor = { project: 'project', user: 'user', application: 'application' }[r.by];
      const rows = groups.map((g) => {
        const d = g.duration_ms || {};
        const o = g.outcome_rates || {};
        const name = g.label || g.key || '(none)';
        return h('tr', null,
          h('th', { scope: 'row' }, linkFor && g.key ? h('a', { href: `#/sessions?${linkFor}=${encodeURIComponent(g.key)}` }, name) : name),
          [g.sessions, g.live, g.ended].map((v) => h('td', { class: 'num' }, fmtInt(v))),
          [d.mean, d.p50, d.p90].map((v) => h('td', { class: 'num' }, fmtDur(v))),
          h('td', { class: 'num outcome-cell', title: OUTCOMES.map((k) => `${k} ${fmtPct(o[k])}`).join(', ') }, stackBar(o, OUTCOMES), ` ${fmtPct(o.ok)}`),
          h('td', { class: `num ${g.error_rate > 0.1 ? 'bad' : ''}` }, fmtPct(g.error_rate)),
          h('td', { class: 'num' }, fmtInt(g.events)), h('td', { class: 'num' }, fmtInt(g.tokens)), h('td', { class: 'num' }, fmtUSD(g.cost_usd)),
          feature ? h('td', null, (g.types || []).slice(0, 4).map((t) => h('span', { class: 'chip' }, `${t.type} ${fmtPct(t.share)}`))) : null);
      });
      const table = h('table', { id: 'groups-table', class: 'data' },
        h('caption', { class: 'sr-only' }, `Sessions grouped by ${r.by} over the last ${st.window}`),
        h('thead', null, h('tr', null, cols.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
        h('tbody', null, rows));
      fill(el.groups, scrollTable(table, `Groups by ${r.by}`));
    }

    let loading = false;
    let again = false;
    async function loadAll() {
      if (loading) { again = true; return; }
      loading = true;
      const seq = ++st.loadSeq;
      try {
        await Promise.all([
          guard(p, () => loadOverview(seq), el.cards),
          guard(p, loadAlerts, el.alerts),
          loadGroups(),
        ]);
      } finally {
        loading = false;
        if (again && current(p)) { again = false; loadAll().catch(() => {}); }
      }
    }

    const refresh = throttle(() => {
      if (!current(p)) return;
      const note = h('span', { class: 'error' });
      Promise.all([
        guard(p, async () => { await loadOverview(st.loadSeq); fill(el.stale); }, note).then(() => { if (note.firstChild) fill(el.stale, 'Could not refresh: ', note.textContent); }),
        guard(p, loadAlerts, el.alerts),
      ]).catch(() => {});
    }, 5000);
    p.cleanups.push(() => refresh.cancel());

    // -- live feed
    function renderFeed() {
      if (!current(p)) return;
      if (!feed.events.length) { fill(el.feed, h('li', { class: 'muted' }, 'Waiting for events…')); return; }
      fill(el.feed, ...feed.events.map((e) => h('li', { class: isErrorType(e.type) ? 'err' : null },
        h('time', { datetime: e.time, title: fmtTime(e.time, true) }, fmtClock(parseTime(e.time))),
        h('span', { class: 'ev-type' }, e.type),
        h('a', { href: `#/sessions/${e.session_id}?seq=${e.seq}`, class: 'mono', title: `${e.session_id} · seq ${e.seq}` }, `${shortId(e.session_id)}#${e.seq}`))));
    }
    let feedTimer = 0;
    p.cleanups.push(() => clearTimeout(feedTimer));
    const onEvent = (e) => {
      feed.events.unshift(e);
      if (feed.events.length > 50) feed.events.length = 50;
      if (!feedTimer) feedTimer = setTimeout(() => { feedTimer = 0; renderFeed(); }, 100);
      refresh();
    };
    renderFeed();

    async function startStream() {
      if (!current(p)) return;
      // First connection: the store's last 100 events, then live ones; a reconnect resumes
      // from the last one seen (Last-Event-ID wins over tail on the server).
      const after = feed.lastId != null ? Number(feed.lastId) : null;
      fill(el.feedNote, 'Newest first; the last 50 events of every session.');
      const stream = new LiveStream(after == null ? { tail: '100' } : {}, after, (e) => { feed.lastId = stream.lastId; onEvent(e); }).start();
      p.cleanups.push(() => stream.stop());
    }

    refresh.touch();
    loadAll().then(() => ready(p)).catch(() => ready(p));
    startStream().catch(() => {});
  }

  // ---------------------------------------------------------------- sessions list
  function sessionsList(params) {
    const p = startPage('sessions', 'Sessions');
    const f = {
      status: params.get('status') || '',
      application: params.get('application') || '',
      user: params.get('user') || '',
      project: params.get('project') || '',
    };
    const stack = [];
    let cursor = null;

    const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter sessions' },
      h('div', { class: 'field' }, h('label', { for: 'f-status' }, 'Status'),
        h('select', { id: 'f-status', name: 'status' },
          h('option', { value: '' }, 'any'),
          h('option', { value: 'live', selected: f.status === 'live' }, 'live'),
          STATUSES.map((st) => h('option', { value: st, selected: f.status === st }, st)))),
      ['application', 'user', 'project'].map((k) => h('div', { class: 'field' }, h('label', { for: `f-${k}` }, k[0].toUpperCase() + k.slice(1)),
        h('input', { id: `f-${k}`, name: k, type: 'text', value: f[k], autocomplete: 'off', spellcheck: 'false', placeholder: k === 'project' ? 'project key' : '' }))),
      h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Apply'), h('button', { type: 'button', class: 'secondary', onclick: () => { location.hash = '#/sessions'; } }, 'Clear')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = new URLSearchParams();
      for (const k of ['status', 'application', 'user', 'project']) {
        const v = form.elements[k].value.trim();
        if (v) q.set(k, v);
      }
      const target = `#/sessions${q.toString() ? `?${q}` : ''}`;
      if (location.hash === target) load().catch(() => {});
      else location.hash = target;
    });

    const tableBox = h('div', { id: 'sessions-box' });
    const back = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => { cursor = stack.pop() || null; load().catch(() => {}); } }, '← Back');
    const next = h('button', { type: 'button', disabled: true }, 'Next →');
    const pageInfo = h('span', { class: 'muted', 'aria-live': 'polite' });
    let nextCursor = null;
    next.addEventListener('click', () => { if (!nextCursor) return; stack.push(cursor); cursor = nextCursor; load().catch(() => {}); });

    fill($('#main'), h('section', { id: 'sessions-page', 'aria-labelledby': 'sessions-title' },
      h('div', { class: 'page-head' }, h('h1', { id: 'sessions-title' }, 'Sessions')),
      form, tableBox,
      h('nav', { class: 'pager', 'aria-label': 'Pages' }, back, pageInfo, next)));

    async function load() {
      delete document.body.dataset.ready;
      const q = new URLSearchParams({ limit: '50' });
      for (const k of ['status', 'application', 'user', 'project']) if (f[k]) q.set(k, f[k]);
      if (cursor) q.set('cursor', cursor);
      tableBox.setAttribute('aria-busy', 'true');
      back.disabled = true;
      next.disabled = true;
      await guard(p, async () => {
        const r = await api(`/v1/sessions?${q}`, p.signal);
        if (!current(p)) return;
        nextCursor = r.next_cursor || null;
        renderTable(r.sessions || []);
        pageInfo.textContent = `Page ${stack.length + 1}`;
      }, tableBox);
      back.disabled = !stack.length;
      next.disabled = !nextCursor;
      tableBox.removeAttribute('aria-busy');
      ready(p);
    }

    function renderTable(list) {
      const cols = ['Session', 'Application', 'User', 'Status', 'Outcome', 'Created', 'Last activity', 'Events', 'Errors', 'Duration'];
      const filtered = Object.values(f).some(Boolean);
      const table = h('table', { id: 'sessions-table', class: 'data' },
        h('caption', { class: 'sr-only' }, 'Sessions, newest first'),
        h('thead', null, h('tr', null, cols.map((c, i) => h('th', { scope: 'col', class: i >= 7 ? 'num' : null }, c)))),
        h('tbody', null, list.length ? list.map((x) => {
          const c = x.counters || {};
          const live = LIVE.includes(x.status);
          return h('tr', { 'data-id': x.id },
            h('td', null, idLink(x.id), x.parent_id ? h('span', { class: 'muted small', title: `child of ${x.parent_id}` }, ' ↳') : null),
            h('td', null, x.application || '—'),
            h('td', null, x.user_id || '—'),
            h('td', null, badge(x.status, 'status')),
            h('td', null, x.outcome ? badge(x.outcome, 'outcome') : '—'),
            h('td', null, timeEl(x.created_at)),
            h('td', null, timeEl(x.last_activity_at)),
            h('td', { class: 'num' }, fmtInt(c.events)),
            h('td', { class: `num ${c.errors ? 'bad' : ''}` }, fmtInt(c.errors)),
            h('td', { class: 'num', title: live ? 'still running' : null }, fmtDur(durationOf(x))));
        }) : h('tr', null, h('td', { colspan: cols.length, class: 'empty' }, filtered ? 'No sessions match these filters.' : 'No sessions yet.'))));
      fill(tableBox, scrollTable(table, 'Sessions table'));
    }

    load().catch(() => ready(p));
  }

  // ---------------------------------------------------------------- session page
  const MAX_EVENTS = 5000;

  function sessionPage(id, params) {
    const p = startPage('session', `Session ${shortId(id)}`);
    const root = h('article', { id: 'session-page', 'aria-labelledby': 'session-title' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/sessions' }, 'Sessions'), ' / ', h('span', { class: 'mono' }, shortId(id))),
      h('h1', { id: 'session-title' }, 'Session ', h('code', null, id)),
      h('p', { class: 'muted' }, 'Loading…'));
    fill($('#main'), root);

    const el = {
      head: h('div', { id: 'session-head' }),
      labels: h('div', { id: 'session-labels' }),
      metrics: h('div', { id: 'session-metrics' }),
      context: h('div', { id: 'session-context' }),
      tree: h('div', { id: 'session-tree' }),
      replay: h('div', { id: 'replay-body' }),
    };
    let session = null;

    function renderHead(sx) {
      const facts = kv([
        ['Application', sx.application],
        ['User', sx.user_id],
        ['Project', sx.project_key],
        ['Status', badge(sx.status, 'status')],
        ['Outcome', sx.outcome ? badge(sx.outcome, 'outcome') : null],
        ['End reason', sx.end_reason],
        ['Created', timeEl(sx.created_at, false)],
        ['Last activity', timeEl(sx.last_activity_at)],
        ['Ended', sx.ended_at ? timeEl(sx.ended_at, false) : null],
        ['Duration', `${fmtDur(durationOf(sx))}${LIVE.includes(sx.status) ? ' (running)' : ''}`],
        ['Parent', sx.parent_id ? idLink(sx.parent_id) : null],
        ['Root', sx.root_id && sx.root_id !== sx.id ? idLink(sx.root_id) : 'this session'],
        ['Depth', String(sx.depth ?? 0)],
        sx.external_id ? ['External id', h('code', null, sx.external_id)] : null,
        ['Events (seq)', fmtInt(sx.last_seq)],
        sx.last_heartbeat_at ? ['Last heartbeat', timeEl(sx.last_heartbeat_at)] : null,
      ]);
      fill(el.head, facts);
      const labels = Object.entries(sx.labels || {});
      fill(el.labels, labels.length
        ? h('ul', { class: 'chips' }, labels.map(([k, v]) => h('li', { class: 'chip' }, h('span', { class: 'muted' }, `${k}=`), v)))
        : empty('No labels.'));
      const ctx = sx.effective_context;
      const hasCtx = ctx && typeof ctx === 'object' && Object.keys(ctx).length;
      fill(el.context, hasCtx
        ? h('details', { class: 'json', open: JSON.stringify(ctx).length < 1200 }, h('summary', null, 'Effective context (own keys over inherited ones)'), h('pre', { tabindex: '0' }, json(ctx)))
        : empty('No context captured.'));
    }

    function renderMetrics(m) {
      const rows = Object.entries(m || {}).filter(([, v]) => typeof v === 'number').sort((a, b) => (a[0] < b[0] ? -1 : 1));
      if (!rows.length) { fill(el.metrics, empty('No metrics.')); return; }
      fill(el.metrics, kv(rows.map(([k, v]) => [k.replace(/_(ms|usd)$/, '').replace(/_/g, ' '), k.endsWith('_ms') ? fmtDur(v) : k.endsWith('_usd') ? fmtUSD(v) : fmtNum(v)])));
    }

    function renderTree(t) {
      const all = [t.root, ...(t.descendants || [])].filter(Boolean);
      const kids = new Map();
      for (const sx of all) {
        if (!sx.parent_id) continue;
        if (!kids.has(sx.parent_id)) kids.set(sx.parent_id, []);
        kids.get(sx.parent_id).push(sx);
      }
      const node = (sx, depth) => h('li', null,
        h('span', { class: 'node' },
          sx.id === id ? h('strong', { class: 'mono', title: sx.id, 'aria-current': 'page' }, shortId(sx.id)) : idLink(sx.id),
          ' ', badge(sx.status, 'status'), ' ', h('span', { class: 'muted' }, [sx.application, sx.user_id].filter(Boolean).join(' · ')),
          Object.keys(sx.labels || {}).length ? h('span', { class: 'muted small' }, ` ${Object.entries(sx.labels).map(([k, v]) => `${k}=${v}`).join(' ')}`) : null),
        kids.has(sx.id) && depth < 64 ? h('ul', null, kids.get(sx.id).map((c) => node(c, depth + 1))) : null);
      const tm = t.metrics || {};
      const summary = h('p', { class: 'muted small' }, `${fmtInt(tm.sessions ?? all.length)} sessions · depth ${fmtInt(tm.max_depth ?? 0)} · ${fmtInt(tm.events)} events · ${fmtInt(tm.errors)} errors · wall clock ${fmtDur(tm.wall_clock_ms)}`);
      if (!t.root) { fill(el.tree, empty('No tree.')); return; }
      fill(el.tree, summary, all.length > 1 ? h('ul', { class: 'tree' }, node(t.root, 0)) : empty('No child sessions.'));
    }

    // -- replay
    const R = { events: [], index: -1, lastFetch: 0, truncated: false, cache: new Map(), stateTimer: 0, playTimer: 0, follow: true, sliderEl: null, stream: null };
    p.cleanups.push(() => { clearTimeout(R.stateTimer); clearInterval(R.playTimer); if (R.stream) R.stream.stop(); });

    const slider = h('input', { type: 'range', id: 'replay-slider', min: 0, max: 0, value: 0, step: 1, 'aria-label': 'Event' });
    const prevBtn = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Previous event', title: 'Previous event (←)' }, '◀ Prev');
    const playBtn = h('button', { type: 'button', 'aria-pressed': 'false', id: 'replay-play' }, 'Play');
    const nextBtn = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Next event', title: 'Next event (→)' }, 'Next ▶');
    const speed = h('select', { id: 'replay-speed', 'aria-label': 'Playback speed' },
      [[1000, '1 event/s'], [250, '4 events/s'], [100, '10 events/s'], [20, '50 events/s']].map(([ms, t]) => h('option', { value: ms, selected: ms === 250 }, t)));
    const pos = h('p', { class: 'replay-pos', id: 'replay-position', 'aria-live': 'polite' });
    const timeline = h('div', { id: 'replay-timeline', class: 'chart-box' });
    const errorsBox = h('div', { id: 'replay-errors' });
    const status = h('p', { class: 'muted small', id: 'replay-status' }, 'Loading events…');
    const eventBox = h('div', { id: 'replay-event' });
    const stateBox = h('div', { id: 'replay-state', 'aria-live': 'off' });

    function drawTimeline(w) {
      const ev = R.events;
      const ht = 56;
      const left = 8;
      const right = w - 8;
      const svg = svgRoot(w, ht, `Timeline of ${ev.length} events; errors marked in red`);
      svg.classList.add('replay-svg');
      const n = ev.length;
      const x = (i) => (n <= 1 ? left : left + (i / (n - 1)) * (right - left));
      svg.append(s('line', { x1: left, x2: right, y1: 30, y2: 30, class: 'axis' }));
      const cols = new Map();
      ev.forEach((e, i) => {
        const c = Math.round(x(i));
        const rank = isErrorType(e.type) ? 3 : e.type.startsWith('session.') ? 1 : 2;
        const prev = cols.get(c);
        if (!prev || rank > prev.rank) cols.set(c, { rank, i });
      });
      for (const [c, v] of cols) {
        const e = ev[v.i];
        const cls = v.rank === 3 ? 'tk err' : v.rank === 1 ? 'tk eng' : 'tk';
        svg.append(s('line', { x1: c, x2: c, y1: v.rank === 3 ? 12 : 20, y2: v.rank === 3 ? 48 : 40, class: cls }, s('title', null, `seq ${e.seq}: ${e.type}`)));
      }
      if (n) {
        svg.append(s('text', { x: left, y: ht - 1, class: 'tick', 'text-anchor': 'start' }, fmtClock(parseTime(ev[0].time))));
        svg.append(s('text', { x: right, y: ht - 1, class: 'tick', 'text-anchor': 'end' }, fmtClock(parseTime(ev[n - 1].time))));
      }
      const cursor = s('g', { class: 'cursor', id: 'replay-cursor' }, s('line', { x1: 0, x2: 0, y1: 4, y2: 52 }), s('path', { d: 'M-5,2L5,2L0,9Z' }));
      cursor.setAttribute('transform', `translate(${R.index >= 0 ? x(R.index) : left},0)`);
      svg.append(cursor);
      svg.addEventListener('click', (e) => {
        const rect = svg.getBoundingClientRect();
        const scale = rect.width ? w / rect.width : 1;
        const px = (e.clientX - rect.left) * scale;
        if (n) select(Math.round(((px - left) / Math.max(1, right - left)) * (n - 1)), true);
      });
      R.x = x;
      return svg;
    }

    function renderErrors() {
      const errs = R.events.map((e, i) => [e, i]).filter(([e]) => isErrorType(e.type));
      if (!errs.length) { fill(errorsBox, h('p', { class: 'muted small' }, 'No error events.')); return; }
      fill(errorsBox, h('p', { class: 'small' }, h('strong', null, `${errs.length} error event${errs.length === 1 ? '' : 's'}: `),
        errs.slice(0, 40).map(([e, i]) => [h('button', { type: 'button', class: 'chip err', onclick: () => select(i, true) }, `#${e.seq} ${e.type}`), ' ']),
        errs.length > 40 ? h('span', { class: 'muted' }, `and ${errs.length - 40} more`) : null));
    }

    function renderEvent(e) {
      const err = isErrorType(e.type);
      fill(eventBox, 
        h('h3', null, h('span', { class: `ev-type ${err ? 'err' : ''}` }, e.type), err ? ' ' : null, err ? badge('error', 'status') : null),
        kv([
          ['Seq', fmtInt(e.seq)], ['Time', timeEl(e.time, false)], ['Position', fmtInt(e.position)],
          e.source ? ['Source', e.source] : null,
          e.correlation_id ? ['Correlation', h('code', null, e.correlation_id)] : null,
          e.causation_id ? ['Causation', h('code', null, e.causation_id)] : null,
          e.trace_id ? ['Trace', h('code', null, `${e.trace_id}${e.span_id ? ` / ${e.span_id}` : ''}`)] : null,
          e.idempotency_key ? ['Idempotency key', h('code', null, e.idempotency_key)] : null,
        ]),
        h('h4', null, 'Data'), h('pre', { class: 'json', tabindex: '0' }, json(e.data ?? null)),
        e.state_delta != null ? [h('h4', null, 'State delta'), h('pre', { class: 'json', tabindex: '0' }, json(e.state_delta))] : null);
    }

    function renderState(seq, st, failed) {
      if (!R.events[R.index] || R.events[R.index].seq !== seq) return;
      stateBox.dataset.seq = String(seq);
      stateBox.classList.remove('stale');
      if (failed) {
        fill(stateBox, h('h3', null, `State at seq ${seq}`), h('p', { class: 'error' }, failed));
        return;
      }
      fill(stateBox, h('h3', null, `State at seq ${seq}`), h('pre', { class: 'json', tabindex: '0' }, json(st)));
    }

    let firstState = null; // resolves the page's ready flag after the first state is shown
    async function fetchState(seq) {
      try {
        const r = await api(`/v1/sessions/${id}/state?at_seq=${seq}`, p.signal);
        R.cache.set(seq, r.state);
        if (current(p)) renderState(seq, r.state);
      } catch (e) {
        if (isAbort(e) || !current(p)) return;
        renderState(seq, null, `Could not load the state: ${errText(e)}`);
      }
      if (firstState) { const f = firstState; firstState = null; f(); }
    }

    function select(i, user) {
      const n = R.events.length;
      if (!n) return;
      i = Math.max(0, Math.min(n - 1, i));
      R.index = i;
      R.follow = i === n - 1;
      const e = R.events[i];
      slider.value = String(i);
      slider.setAttribute('aria-valuetext', `seq ${e.seq}: ${e.type}`);
      const cur = $('#replay-cursor', timeline);
      if (cur && R.x) cur.setAttribute('transform', `translate(${R.x(i)},0)`);
      fill(pos, `Event ${fmtInt(i + 1)} of ${fmtInt(n)} · seq ${e.seq} · `, h('span', { class: isErrorType(e.type) ? 'bad' : null }, e.type), ` · ${fmtTime(e.time, true)}`);
      prevBtn.disabled = i === 0;
      nextBtn.disabled = i === n - 1;
      renderEvent(e);
      if (R.cache.has(e.seq)) {
        renderState(e.seq, R.cache.get(e.seq));
        if (firstState) { const f = firstState; firstState = null; f(); }
      } else {
        stateBox.dataset.seq = '';
        const head = $('h3', stateBox);
        if (head && $('pre', stateBox)) {
          head.textContent = `State at seq ${e.seq} (loading…)`;
          stateBox.classList.add('stale');
        } else {
          fill(stateBox, h('h3', null, `State at seq ${e.seq}`), h('p', { class: 'muted' }, 'Loading state…'));
        }
        // Debounced while scrubbing, but never more than ~600 ms without a fetch (playback).
        clearTimeout(R.stateTimer);
        const delay = !user || Date.now() - R.lastFetch > 600 ? 0 : 150;
        R.stateTimer = setTimeout(() => { R.lastFetch = Date.now(); fetchState(e.seq); }, delay);
      }
      if (user) syncSeq();
    }
    // The address follows the selection, at most twice a second (browsers throttle history calls).
    let seqTimer = 0;
    p.cleanups.push(() => clearTimeout(seqTimer));
    function syncSeq() {
      if (seqTimer) return;
      seqTimer = setTimeout(() => {
        seqTimer = 0;
        const e = R.events[R.index];
        if (current(p) && e) history.replaceState(null, '', `#/sessions/${id}?seq=${e.seq}`);
      }, 500);
    }

    function stopPlay() {
      clearInterval(R.playTimer);
      R.playTimer = 0;
      playBtn.textContent = 'Play';
      playBtn.setAttribute('aria-pressed', 'false');
    }
    function togglePlay() {
      if (R.playTimer) { stopPlay(); return; }
      if (R.index >= R.events.length - 1) select(0, true);
      playBtn.textContent = 'Pause';
      playBtn.setAttribute('aria-pressed', 'true');
      R.playTimer = setInterval(() => {
        if (!current(p) || R.index >= R.events.length - 1) { stopPlay(); return; }
        select(R.index + 1, true);
      }, Number(speed.value) || 250);
    }
    speed.addEventListener('change', () => { if (R.playTimer) { stopPlay(); togglePlay(); } });
    slider.addEventListener('input', () => select(Number(slider.value), true));
    prevBtn.addEventListener('click', () => select(R.index - 1, true));
    nextBtn.addEventListener('click', () => select(R.index + 1, true));
    playBtn.addEventListener('click', togglePlay);
    const onKey = (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !R.events.length) return;
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const t = e.target;
      if (t === slider || (t && t.closest && t.closest('input, select, textarea, [contenteditable="true"]'))) return;
      e.preventDefault();
      select(R.index + (e.key === 'ArrowLeft' ? -1 : 1), true);
    };
    document.addEventListener('keydown', onKey);
    p.cleanups.push(() => document.removeEventListener('keydown', onKey));

    function renderReplayShell() {
      fill(el.replay, 
        status, timeline,
        h('div', { class: 'replay-controls' }, prevBtn, playBtn, nextBtn, speed,
          h('label', { class: 'slider' }, h('span', { class: 'sr-only' }, 'Select event'), slider)),
        pos, errorsBox,
        h('div', { class: 'replay-cols' }, h('section', { class: 'replay-col', 'aria-label': 'Selected event' }, eventBox), h('section', { class: 'replay-col', 'aria-label': 'State at the selected event' }, stateBox)),
        h('p', { class: 'muted small' }, 'Keys: ← and → step through events; the slider, the timeline and the error chips jump.'));
    }

    function afterEventsChanged() {
      const n = R.events.length;
      slider.max = String(Math.max(0, n - 1));
      slider.disabled = n === 0;
      playBtn.disabled = n < 2;
      const total = session ? session.last_seq : n;
      fill(status, R.truncated
        ? `Showing first ${fmtInt(MAX_EVENTS)} of ${fmtInt(total)} events.`
        : `${fmtInt(n)} events${R.stream ? ' · following live' : ''}.`);
      mount(timeline, drawTimeline);
      renderErrors();
    }

    async function loadEvents() {
      let after = 0;
      for (;;) {
        const r = await api(`/v1/sessions/${id}/events?after_seq=${after}&limit=500`, p.signal);
        if (!current(p)) return;
        const got = r.events || [];
        for (const e of got) R.events.push(e);
        status.textContent = `Loading events… ${fmtInt(R.events.length)}`;
        if (R.events.length >= MAX_EVENTS) {
          R.truncated = R.events.length > MAX_EVENTS || r.next_after_seq != null;
          R.events.length = Math.min(R.events.length, MAX_EVENTS);
          break;
        }
        if (r.next_after_seq == null || !got.length) break;
        after = r.next_after_seq;
      }
    }

    const refreshHead = throttle(() => {
      guard(p, async () => {
        const sx = await api(`/v1/sessions/${id}`, p.signal);
        if (!current(p)) return;
        session = sx;
        renderHead(sx);
        if (!LIVE.includes(sx.status) && R.stream) { R.stream.stop(); R.stream = null; afterEventsChanged(); }
      }, null).catch(() => {});
      guard(p, async () => { const m = await api(`/v1/sessions/${id}/metrics`, p.signal); if (current(p)) renderMetrics(m); }, null).catch(() => {});
    }, 2000);
    p.cleanups.push(() => refreshHead.cancel());

    let redrawTimer = 0;
    p.cleanups.push(() => clearTimeout(redrawTimer));
    function followLive() {
      if (R.truncated || !LIVE.includes(session.status)) return;
      const last = R.events[R.events.length - 1];
      R.stream = new LiveStream({ session: id }, last ? last.position : 0, (e) => {
        if (e.session_id !== id) return;
        const lastSeq = R.events.length ? R.events[R.events.length - 1].seq : 0;
        if (e.seq <= lastSeq) return;
        if (R.events.length >= MAX_EVENTS) { R.truncated = true; return; }
        const wasFollowing = R.follow && !R.playTimer;
        R.events.push(e);
        if (!redrawTimer) {
          redrawTimer = setTimeout(() => {
            redrawTimer = 0;
            if (!current(p)) return;
            afterEventsChanged();
            if (wasFollowing || R.follow) select(R.events.length - 1, false);
            else select(R.index, false);
          }, 150);
        }
        refreshHead();
      }).start();
    }

    async function load() {
      let sx;
      try {
        sx = await api(`/v1/sessions/${id}`, p.signal);
      } catch (e) {
        if (isAbort(e) || !current(p)) return;
        fill(root, root.firstChild, root.children[1],
          h('p', { class: 'error' }, e.status === 404 ? 'No such session.' : errText(e)),
          h('p', null, h('a', { href: '#/sessions' }, 'All sessions')));
        return;
      }
      if (!current(p)) return;
      session = sx;
      fill(root, root.firstChild, root.children[1],
        h('div', { class: 'head-badges' }, badge(sx.status, 'status'), sx.outcome ? badge(sx.outcome, 'outcome') : null, h('span', { class: 'muted' }, [sx.application, sx.user_id].filter(Boolean).join(' · '))),
        el.head,
        h('div', { class: 'grid' },
          panel('Metrics', null, el.metrics),
          panel('Labels', null, el.labels),
          panel('Child sessions', null, el.tree),
          panel('Context', { class: 'full' }, el.context),
          panel('Replay', { class: 'full', id: 'replay' }, el.replay)));
      renderHead(sx);
      renderReplayShell();
      const want = Number(params.get('seq'));
      const stateShown = new Promise((resolve) => { firstState = resolve; });
      await Promise.all([
        guard(p, async () => { const m = await api(`/v1/sessions/${id}/metrics`, p.signal); if (current(p)) renderMetrics(m); }, el.metrics),
        guard(p, async () => { const t = await api(`/v1/sessions/${id}/tree`, p.signal); if (current(p)) renderTree(t); }, el.tree),
        guard(p, async () => {
          await loadEvents();
          if (!current(p)) return;
          if (LIVE.includes(session.status) && !R.truncated) followLive();
          afterEventsChanged();
          if (!R.events.length) { firstState = null; fill(eventBox, empty('No events.')); return; }
          const at = want ? R.events.findIndex((e) => e.seq === want) : -1;
          select(at >= 0 ? at : R.events.length - 1, false);
          await stateShown;
        }, status),
      ]);
    }

    load().then(() => ready(p)).catch(() => ready(p));
  }

  // ---------------------------------------------------------------- router
  function parseHash() {
    const raw = location.hash.replace(/^#/, '') || '/';
    const q = raw.indexOf('?');
    const path = (q < 0 ? raw : raw.slice(0, q)) || '/';
    return { path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
  }

  let routed = false;
  function route() {
    const { path, params } = parseHash();
    notice.clear();
    for (const k of Object.keys(missing)) delete missing[k];
    let m;
    if (path === '/' || path === '') overview(params);
    else if (path === '/sessions' || path === '/sessions/') sessionsList(params);
    else if ((m = path.match(/^\/sessions\/([0-9a-fA-F-]{8,64})\/?$/))) sessionPage(m[1].toLowerCase(), params);
    else {
      const p = startPage('notfound', 'Not found');
      fill($('#main'), h('h1', null, 'Not found'), h('p', null, 'No page at this address. ', h('a', { href: '#/' }, 'Go to the overview.')));
      ready(p);
    }
    if (routed) { window.scrollTo(0, 0); $('#main').focus({ preventScroll: true }); }
    routed = true;
  }

  window.addEventListener('unhandledrejection', (e) => {
    const r = e.reason;
    if (isAbort(r) || r instanceof ApiError) {
      e.preventDefault();
      if (!isAbort(r)) notice.show(errText(r));
    }
  });
  window.addEventListener('hashchange', route);

  function init() {
    auth.init();
    route();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
