// #/ (overview): cards, charts, alerts, live events and analytics groups.

import { h, $, fill, panel, card, scrollTable, throttle } from './dom.js';
import { fmtInt, fmtNum, fmtPct, fmtUSD, fmtDur, fmtDurShort, parseTime, fmtTime, fmtClock, timeEl, shortId, badge, isErrorType, LIVE, OUTCOMES, empty, sum } from './format.js';
import { isAbort, api, LiveStream, hasRoute } from './api.js';
import { mount, lineChart, barChart, histogram, heatmap, hbars, stackBar, legend } from './charts.js';
import { startPage, current, ready, guard } from './page.js';

// ---------------------------------------------------------------- overview
const WINDOWS = ['1h', '24h', '7d', '30d'];
const GROUP_BY = ['project', 'user', 'application', 'window', 'feature'];
export const missing = {}; // routes that answered 404 during this page load: not asked again
const feed = { events: [], lastId: null };

export function overview(params) {
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
