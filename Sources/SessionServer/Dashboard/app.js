// sessiond dashboard: a hash-routed single page, vanilla ES2020, no dependencies.
// Pages: #/ (overview), #/sessions?status=&application=&user=&project= (list), #/sessions/<id> (session + replay,
// an assistant's conversation), #/assistants?window=&application= (assistant analytics).
// Every fetch goes through api(); failures become visible messages, never uncaught rejections.

import { h, $, fill } from './dom.js';
import { ApiError, isAbort, errText, notice, auth } from './api.js';
import { startPage, ready } from './page.js';
import { missing, overview } from './overview.js';
import { sessionsList } from './sessions.js';
import { sessionPage } from './session.js';
import { assistantsPage } from './assistants.js';

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
  else if (path === '/assistants' || path === '/assistants/') assistantsPage(params);
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
  auth.init(route);
  route();
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
