// #/assistants: Claude Code, Codex and Gemini CLI sessions: spend by model, user and repository,
// tool calls with error rate and p50/p90, and the successful-session rate (GET /v1/analytics/assistants).

import { h, $, fill, panel, card, scrollTable } from './dom.js';
import { fmtInt, fmtPct, fmtUSD, fmtDur, timeEl, empty } from './format.js';
import { api } from './api.js';
import { mount, barChart } from './charts.js';
import { startPage, current, ready, guard } from './page.js';

const WINDOWS = ['24h', '7d', '30d', '90d'];
const APPS = ['', 'claude-code', 'codex', 'gemini'];
const tokensOf = (t) => (t ? (t.input || 0) + (t.output || 0) + (t.cache_read || 0) + (t.cache_creation || 0) : 0);

function sliceTable(id, caption, first, rows, { success = true } = {}) {
  if (!rows.length) return empty('No assistant sessions in this window.');
  const cols = [first, 'Sessions', 'Input', 'Output', 'Cache read', 'Cost'];
  if (success) cols.push('Ended', 'Success');
  const table = h('table', { id, class: 'data' },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, cols.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
    h('tbody', null, rows.map((r) => h('tr', null,
      h('th', { scope: 'row' }, r.key),
      [r.sessions, r.tokens.input, r.tokens.output, r.tokens.cache_read].map((v) => h('td', { class: 'num' }, fmtInt(v))),
      h('td', { class: 'num' }, fmtUSD(r.cost_usd)),
      success ? [h('td', { class: 'num' }, fmtInt(r.ended)), h('td', { class: 'num' }, fmtPct(r.success_rate))] : null))));
  return scrollTable(table, caption);
}

function toolTable(rows) {
  if (!rows.length) return empty('No tool calls in this window.');
  const cols = ['Tool', 'Calls', 'Errors', 'Error rate', 'p50', 'p90', 'Sessions', 'Success'];
  const table = h('table', { id: 'assistant-tools', class: 'data' },
    h('caption', { class: 'sr-only' }, 'Tool calls by tool'),
    h('thead', null, h('tr', null, cols.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
    h('tbody', null, rows.map((r) => h('tr', null,
      h('th', { scope: 'row' }, r.key),
      h('td', { class: 'num' }, fmtInt(r.calls)), h('td', { class: 'num' }, fmtInt(r.errors)),
      h('td', { class: `num ${r.error_rate > 0.1 ? 'bad' : ''}` }, fmtPct(r.error_rate)),
      h('td', { class: 'num' }, fmtDur(r.p50_ms)), h('td', { class: 'num' }, fmtDur(r.p90_ms)),
      h('td', { class: 'num' }, fmtInt(r.sessions)), h('td', { class: 'num' }, fmtPct(r.success_rate))))));
  return scrollTable(table, 'Tool calls by tool');
}

export function assistantsPage(params) {
  const p = startPage('assistants', 'Assistants');
  const st = {
    window: WINDOWS.includes(params.get('window')) ? params.get('window') : '7d',
    app: APPS.includes(params.get('application') || '') ? (params.get('application') || '') : '',
  };
  const el = {
    range: h('p', { class: 'muted range' }),
    cards: h('div', { class: 'cards', id: 'assistant-cards' }),
    timeline: h('div', { id: 'assistant-timeline', class: 'chart-box' }),
    models: h('div', { id: 'by-model' }), users: h('div', { id: 'by-user' }), repos: h('div', { id: 'by-repository' }), tools: h('div', { id: 'by-tool' }),
  };
  const go = () => {
    const q = new URLSearchParams();
    if (st.window !== '7d') q.set('window', st.window);
    if (st.app) q.set('application', st.app);
    location.hash = `#/assistants${q.toString() ? `?${q}` : ''}`;
  };
  const controls = h('div', { class: 'toolbar' },
    h('div', { class: 'seg', role: 'group', 'aria-label': 'Window' }, WINDOWS.map((wv) => h('button', {
      type: 'button', 'aria-pressed': String(wv === st.window), onclick: () => { st.window = wv; go(); },
    }, wv))),
    h('label', null, 'Assistant ', h('select', { id: 'assistant-app', onchange: (e) => { st.app = e.target.value; go(); } },
      APPS.map((a) => h('option', { value: a, selected: a === st.app }, a || 'all')))));
  fill($('#main'), h('h1', null, 'Assistants'), controls, el.range, el.cards,
    panel('Spend over time', null, el.timeline),
    panel('By model', null, el.models), panel('By tool', null, el.tools),
    panel('By repository', null, el.repos), panel('By user', null, el.users));

  guard(p, async () => {
    const q = new URLSearchParams({ window: st.window });
    if (st.app) q.set('application', st.app);
    const r = await api(`/v1/analytics/assistants?${q}`, p.signal);
    if (!current(p)) return;
    const t = r.totals || { tokens: {} };
    fill(el.range, 'Sessions active from ', timeEl(r.from, false), ' to ', timeEl(r.until, false), r.truncated ? ' (sampled: the newest sessions)' : '');
    fill(el.cards,
      card('Sessions', h('p', { class: 'card-value' }, fmtInt(t.sessions)), `${fmtInt(t.ended)} ended`),
      card('Success', h('p', { class: 'card-value' }, fmtPct(t.success_rate)), 'of ended sessions'),
      card('Prompts', h('p', { class: 'card-value' }, fmtInt(r.prompts)), 'typed by people'),
      card('Tokens', h('p', { class: 'card-value' }, fmtInt(tokensOf(t.tokens))), `${fmtInt(t.tokens.output)} output`),
      card('Cost', h('p', { class: 'card-value', id: 'assistant-cost' }, fmtUSD(t.cost_usd)), 'price table or vendor'));
    const points = (r.timeline || []).map((b) => ({ t: Date.parse(b.key), values: [b.cost_usd] }));
    if (points.length) {
      const bucketMs = points.length > 1 ? points[1].t - points[0].t : 3600000;
      mount(el.timeline, barChart(points, [{ name: 'cost (USD)', cls: 'c-active' }], { label: 'Cost of the assistant sessions started in each bucket', bucketMs }));
    } else {
      fill(el.timeline, empty('No assistant sessions in this window.'));
    }
    fill(el.models, sliceTable('assistant-models', 'Tokens, cost and success by model', 'Model', r.by_model || []));
    fill(el.tools, toolTable(r.by_tool || []));
    fill(el.repos, sliceTable('assistant-repositories', 'Tokens, cost and success by repository', 'Repository', r.by_repository || []));
    fill(el.users, sliceTable('assistant-users', 'Tokens and cost by user', 'User', r.by_user || [], { success: false }));
    ready(p);
  }, el.cards).then(() => ready(p));
}
