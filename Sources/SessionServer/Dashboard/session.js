// #/sessions/<id> (one session): facts, metrics, tree, context and the replay.

import { h, s, $, fill, panel, kv, throttle } from './dom.js';
import { fmtInt, fmtNum, fmtUSD, fmtDur, parseTime, fmtTime, fmtClock, timeEl, shortId, idLink, badge, isErrorType, LIVE, empty, json, durationOf } from './format.js';
import { isAbort, api, errText, LiveStream } from './api.js';
import { mount, svgRoot } from './charts.js';
import { startPage, current, ready, guard } from './page.js';
import { ASSISTANTS, agentSummary, renderConversation, conversationItems } from './conversation.js';

// ---------------------------------------------------------------- session page
const MAX_EVENTS = 5000;

export function sessionPage(id, params) {
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
    conversation: h('div', { id: 'conversation-body' }),
    agent: h('div', { id: 'agent-body' }),
  };
  let session = null;
  let tree = null;

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
    if (m && m.agent) fill(el.agent, agentSummary(m.agent));
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
        ASSISTANTS.includes(sx.application) ? panel('Conversation', { class: 'full', id: 'conversation' }, el.agent, el.conversation) : null,
        panel('Replay', { class: 'full', id: 'replay' }, el.replay)));
    renderHead(sx);
    renderReplayShell();
    const want = Number(params.get('seq'));
    const stateShown = new Promise((resolve) => { firstState = resolve; });
    await Promise.all([
      guard(p, async () => { const m = await api(`/v1/sessions/${id}/metrics`, p.signal); if (current(p)) renderMetrics(m); }, el.metrics),
      guard(p, async () => {
        const t = await api(`/v1/sessions/${id}/tree`, p.signal);
        if (current(p)) renderTree(t);
        tree = t;
      }, el.tree),
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
    if (current(p) && ASSISTANTS.includes(session.application)) {
      const children = ((tree && tree.descendants) || []).filter((c) => c.parent_id === id);
      fill(el.conversation, renderConversation(conversationItems(R.events), children));
    }
  }

  load().then(() => ready(p)).catch(() => ready(p));
}
