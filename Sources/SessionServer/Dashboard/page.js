// Page lifecycle: one page at a time, its abort signal, cleanups and ready flag.

import { h, fill } from './dom.js';
import { isAbort, errText, notice, liveStatus } from './api.js';
import { charts } from './charts.js';

// ---------------------------------------------------------------- page lifecycle
let page = null;

export function startPage(name, title) {
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
export const current = (p) => page === p && !p.signal.aborted;
export const ready = (p) => { if (current(p)) document.body.dataset.ready = p.name; };

/** Runs an async task of page p; errors become a message in `where` (or the notice). */
export async function guard(p, task, where) {
  try {
    return await task();
  } catch (e) {
    if (isAbort(e) || !current(p)) return undefined;
    if (where) fill(where, h('p', { class: 'error' }, errText(e)));
    else notice.show(errText(e));
    return undefined;
  }
}
