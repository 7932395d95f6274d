// Formatting: numbers, durations and times, plus the small shared vocabulary (statuses, badges, links).

import { h } from './dom.js';

// ---------------------------------------------------------------- formatting
const nf = new Intl.NumberFormat();
export const fmtInt = (n) => (n == null || !isFinite(n) ? '—' : nf.format(Math.round(n)));
export const fmtNum = (n) => (n == null || !isFinite(n) ? '—' : nf.format(n));
export const fmtPct = (x) => (x == null || !isFinite(x) ? '—' : `${(x * 100).toFixed(x > 0 && x < 0.001 ? 2 : 1)}%`);
export const fmtUSD = (x) => (x == null || !isFinite(x) ? '—' : `$${x < 1 && x > 0 ? x.toFixed(4) : x.toFixed(2)}`);
export const pad2 = (n) => String(n).padStart(2, '0');

export function fmtDur(ms) {
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
export function fmtDurShort(ms) {
  const units = [[86400000, 'd'], [3600000, 'h'], [60000, 'm'], [1000, 's']];
  for (const [u, name] of units) if (ms >= u && ms % u === 0) return `${ms / u}${name}`;
  return fmtDur(ms);
}

export const parseTime = (iso) => (iso ? Date.parse(iso) : NaN);
export function fmtTime(iso, withMs) {
  const t = parseTime(iso);
  if (!isFinite(t)) return '—';
  const d = new Date(t);
  const base = d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: withMs === false ? undefined : '2-digit', hourCycle: 'h23' });
  return withMs ? `${base}.${String(d.getMilliseconds()).padStart(3, '0')}` : base;
}
export const fmtClock = (t) => { const d = new Date(t); return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`; };

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

export const timeEl = (iso, rel = true) => (iso ? h('time', { datetime: iso, title: fmtTime(iso, true) }, rel ? fmtRel(iso) : fmtTime(iso)) : '—');
export const shortId = (id) => (id ? String(id).slice(-8) : '—');
export const idLink = (id) => h('a', { href: `#/sessions/${id}`, class: 'mono', title: id }, shortId(id));
export const badge = (text, kind) => (text ? h('span', { class: `badge ${kind || ''} b-${String(text).replace(/[^a-z0-9_-]/gi, '')}` }, text) : '—');
export const isErrorType = (t) => t === 'error' || (typeof t === 'string' && t.endsWith('.error'));
export const LIVE = ['initializing', 'active', 'idle', 'suspended'];
export const STATUSES = [...LIVE, 'completed', 'failed', 'expired', 'terminated', 'archived'];
export const OUTCOMES = ['ok', 'errored', 'crashed', 'abandoned'];
export const empty = (text) => h('p', { class: 'empty' }, text);
export const json = (v) => JSON.stringify(v, null, 2);
export const sum = (xs) => xs.reduce((a, b) => a + (Number(b) || 0), 0);

export function durationOf(sess) {
  if (sess.metrics && isFinite(sess.metrics.duration_ms)) return sess.metrics.duration_ms;
  const a = parseTime(sess.created_at);
  const b = sess.ended_at ? parseTime(sess.ended_at) : Date.now();
  return isFinite(a) && isFinite(b) ? b - a : null;
}
