// An assistant session's conversation as a replay: prompts, assistant replies, tool calls with
// outcome and duration, subagents inline (opened on demand), compactions marked.

import { h, fill } from './dom.js';
import { fmtDur, fmtInt, fmtUSD, fmtTime, parseTime, fmtClock, idLink, badge, empty } from './format.js';
import { api } from './api.js';

export const ASSISTANTS = ['claude-code', 'codex', 'gemini'];

const text = (v, n = 600) => {
  const t = typeof v === 'string' ? v : v && typeof v === 'object' && typeof v.start === 'string' ? `${v.start}…` : v == null ? '' : JSON.stringify(v);
  return t.length > n ? `${t.slice(0, n)}…` : t;
};
const stamp = (e) => h('time', { datetime: e.time, title: fmtTime(e.time, true) }, fmtClock(parseTime(e.time)));

/** The conversation's items from events in order: one per prompt, reply, tool call (start and result joined), subagent and compaction. */
export function conversationItems(events) {
  const items = [];
  const calls = new Map();
  const seenPrompt = new Set();
  for (const e of events) {
    const d = e.data || {};
    switch (e.type) {
      case 'user.prompt': {
        const body = text(d.prompt, 2000);
        const key = `${body}@${Math.floor(parseTime(e.time) / 5000)}`; // hooks, transcript and telemetry see the same prompt
        if (!body || seenPrompt.has(key)) break;
        seenPrompt.add(key);
        items.push({ kind: 'prompt', e, body });
        break;
      }
      case 'assistant.message': case 'assistant.reply':
        if (d.text) items.push({ kind: 'reply', e, body: text(d.text, 1200), model: d.model });
        break;
      case 'tool.started': {
        const id = d.tool_use_id;
        if (id && calls.has(id)) break;
        const item = { kind: 'tool', e, tool: d.tool || 'tool', input: d.input, outcome: null, duration: null };
        if (id) calls.set(id, item);
        items.push(item);
        break;
      }
      case 'tool.call': case 'tool.outcome': {
        const id = d.tool_use_id;
        let item = id ? calls.get(id) : null;
        if (!item) {
          if (e.type === 'tool.outcome') break;
          item = { kind: 'tool', e, tool: d.tool || 'tool', input: d.input, outcome: null, duration: null };
          if (id) calls.set(id, item);
          items.push(item);
        }
        if (d.outcome && d.outcome !== 'unknown' && item.outcome !== 'error') item.outcome = d.outcome;
        if (item.duration == null && d.duration_ms != null) item.duration = d.duration_ms;
        if (d.error && !item.error) item.error = text(d.error, 400);
        break;
      }
      case 'subagent.started':
        items.push({ kind: 'subagent', e, agent: d.agent_type || d.kind || 'subagent', childId: d.child_session_id || d.session_id });
        break;
      case 'context.compacting': case 'context.compacted': {
        // Hooks' PreCompact and the transcript's boundary name the same compaction.
        const last = items.findLast ? items.findLast((it) => it.kind === 'compaction') : null;
        if (last && Math.abs(parseTime(e.time) - parseTime(last.e.time)) < 120000) break;
        items.push({ kind: 'compaction', e, trigger: d.trigger || d.via });
        break;
      }
      case 'permission.requested':
        items.push({ kind: 'permission', e, tool: d.tool || d.tool_name });
        break;
      default:
    }
  }
  return items;
}

function child(sx) {
  const body = h('div', { class: 'conv-child' }, h('p', { class: 'muted small' }, 'Loading…'));
  let loaded = false;
  return h('details', { class: 'subagent', ontoggle: (ev) => {
    if (!ev.target.open || loaded) return;
    loaded = true;
    loadConversation(sx.id, body).catch((e) => fill(body, h('p', { class: 'error' }, String(e.message || e))));
  } }, h('summary', null, 'Subagent ', idLink(sx.id), ' ', badge(sx.status, 'status'), ' ', h('span', { class: 'muted' }, sx.labels?.agent_type || sx.labels?.subagent_kind || '')), body);
}

/** The list for `items`, with `children` (sessions) inline after the subagent starts. */
export function renderConversation(items, children = []) {
  if (!items.length && !children.length) return empty('No conversation recorded.');
  const kids = [...children];
  const list = h('ol', { class: 'conversation' }, items.map((it) => {
    switch (it.kind) {
      case 'prompt': return h('li', { class: 'conv-prompt' }, stamp(it.e), h('span', { class: 'conv-who' }, 'prompt'), h('p', null, it.body));
      case 'reply': return h('li', { class: 'conv-reply' }, stamp(it.e), h('span', { class: 'conv-who' }, it.model || 'assistant'), h('p', null, it.body));
      case 'tool': return h('li', { class: `conv-tool ${it.outcome === 'error' ? 'err' : ''}` }, stamp(it.e),
        h('span', { class: 'conv-who' }, it.tool), ' ', badge(it.outcome || 'open', 'outcome'), it.duration != null ? h('span', { class: 'muted' }, ` ${fmtDur(it.duration)}`) : null,
        it.input != null ? h('code', { class: 'conv-input' }, text(it.input, 240)) : null, it.error ? h('p', { class: 'error small' }, it.error) : null);
      case 'subagent': {
        const sx = kids.shift();
        return h('li', { class: 'conv-subagent' }, stamp(it.e), h('span', { class: 'conv-who' }, 'subagent'), ` ${it.agent}`, sx ? child(sx) : null);
      }
      case 'compaction': return h('li', { class: 'conv-compaction' }, stamp(it.e), h('span', { class: 'conv-who' }, 'compacted'), it.trigger ? ` (${it.trigger})` : '');
      case 'permission': return h('li', { class: 'conv-permission' }, stamp(it.e), h('span', { class: 'conv-who' }, 'permission'), it.tool ? ` ${it.tool}` : '');
      default: return null;
    }
  }));
  const rest = kids.length ? h('div', { class: 'conv-rest' }, kids.map(child)) : null;
  return h('div', null, list, rest);
}

/** A one-line summary of `agent` (the metrics' agent counts). */
export function agentSummary(agent) {
  if (!agent) return null;
  const t = agent.tokens || {};
  return h('p', { class: 'muted', id: 'agent-summary' },
    `${fmtInt(agent.prompts)} prompts · ${fmtInt(agent.assistant_messages)} replies · ${fmtInt(agent.tool_calls)} tool calls (${fmtInt(agent.tool_errors)} failed) · `
    + `${fmtInt(agent.compactions)} compactions · ${fmtInt((t.input || 0) + (t.output || 0))} tokens · ${fmtUSD(agent.cost_usd)}`);
}

/** Loads session `id`'s events and children into `box` as its conversation. */
export async function loadConversation(id, box, signal) {
  const events = [];
  let after = 0;
  for (let i = 0; i < 20; i++) {
    const r = await api(`/v1/sessions/${id}/events?after_seq=${after}&limit=500`, signal);
    events.push(...(r.events || []));
    if (r.next_after_seq == null || !(r.events || []).length) break;
    after = r.next_after_seq;
  }
  const tree = await api(`/v1/sessions/${id}/tree`, signal);
  const children = (tree.descendants || []).filter((sx) => sx.parent_id === id);
  fill(box, renderConversation(conversationItems(events), children));
}
