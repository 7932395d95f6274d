// Inline SVG charts: line, grouped bars, histogram, heatmap, horizontal bars, stacked bar.

import { h, s, fill } from './dom.js';
import { fmtInt, fmtNum, fmtPct, pad2, badge, empty, sum } from './format.js';

// ---------------------------------------------------------------- charts (inline SVG)
/** The charts of the current page, redrawn on resize; startPage() empties it. */
export const charts = [];

function widthOf(el) { return Math.max(240, Math.floor(el.clientWidth || 600)); }

/** Draws `draw(width)` into `el` and redraws it when the window is resized. */
export function mount(el, draw) {
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
export const svgRoot = (w, ht, label) => s('svg', { viewBox: `0 0 ${w} ${ht}`, width: w, height: ht, role: 'img', 'aria-label': label, class: 'chart' });

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
export function lineChart(points, { label, bucketMs, cls = 'c-active', height = 190 }) {
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
export function barChart(rows, series, { label, bucketMs, height = 190 }) {
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
export function histogram(bars, { label, height = 190 }) {
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
export function heatmap(grid) {
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
export function hbars(map, { href, limit = 10, badgeKind } = {}) {
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
export function stackBar(counts, keys) {
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

export const legend = (series) => h('ul', { class: 'legend', 'aria-hidden': 'true' }, series.map((se) => h('li', null, h('span', { class: `swatch ${se.cls}` }), se.name)));
