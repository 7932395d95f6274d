// #/sessions?status=&application=&user=&project= (list): filters, table and pager.

import { h, $, fill, scrollTable } from './dom.js';
import { fmtInt, fmtDur, timeEl, idLink, badge, LIVE, STATUSES, durationOf } from './format.js';
import { api } from './api.js';
import { startPage, current, ready, guard } from './page.js';

// ---------------------------------------------------------------- sessions list
export function sessionsList(params) {
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
