// Element helpers: HTML and SVG elements from tags, attributes and children; page layout pieces.

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
export const h = (tag, attrs, ...kids) => append(setAttrs(document.createElement(tag), attrs), kids);
/** An SVG element. */
export const s = (tag, attrs, ...kids) => append(setAttrs(document.createElementNS(SVGNS, tag), attrs), kids);

export const $ = (sel, root = document) => root.querySelector(sel);
/** Replaces el's children (skipping null/false, unlike replaceChildren). */
export const fill = (el, ...kids) => { el.textContent = ''; return append(el, kids); };
let uid = 0;
const nextId = (p) => `${p}-${++uid}`;

// ---------------------------------------------------------------- layout helpers
export function panel(title, attrs, ...body) {
  const id = nextId('h');
  const cls = `panel ${(attrs && attrs.class) || ''}`;
  const sec = h('section', Object.assign({}, attrs, { class: cls, 'aria-labelledby': id }));
  const head = h('div', { class: 'panel-head' }, h('h2', { id }, title));
  return append(sec, [head, ...body]);
}
export const card = (label, valueEl, sub, attrs) => h('div', Object.assign({ class: 'card' }, attrs), h('p', { class: 'card-label' }, label), valueEl, h('p', { class: 'card-sub' }, sub));
export const kv = (pairs) => h('dl', { class: 'kv' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v == null || v === '' ? '—' : v)]));

export function scrollTable(table, label) {
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

export function throttle(fn, ms) {
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
