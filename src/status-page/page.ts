// The customer status page as HTML: server-rendered from the StatusView, no framework and nothing
// fetched from elsewhere; a small inline script (allowed by the CSP nonce) polls status.json and
// updates the page while it is open. Every value is escaped.
import { escapeHtml } from '../notifications/email-content.ts';
import type { StatusStep, StatusView } from './status-view.ts';

const CSS = `
:root { color-scheme: light dark; --fg:#1f2430; --muted:#5b6270; --bg:#f5f6f8; --card:#fff; --line:#d7dbe2;
  --ok:#1d7a46; --bad:#b42318; --now:#2454d6; }
@media (prefers-color-scheme: dark) { :root { --fg:#e8eaef; --muted:#a7adb8; --bg:#15171c; --card:#1f2229;
  --line:#3a3f4a; --ok:#4cc47f; --bad:#ff6b5e; --now:#7aa2ff; } }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color:var(--fg); background:var(--bg); }
header, main, footer { max-width:40rem; margin:0 auto; padding:1rem; }
header p { margin:0; font-weight:600; color:var(--muted); }
header .merchant { font-size:1.1rem; color:var(--fg); }
.help { margin-top:1rem; }
.help h2 { font-size:1rem; margin:0 0 .25rem; }
.help ul { list-style:none; padding:0; margin:0; }
.help a { color:var(--now); overflow-wrap:anywhere; }
.card { background:var(--card); border-radius:.75rem; padding:1.25rem; box-shadow:0 1px 3px rgba(0,0,0,.08); }
h1 { font-size:1.4rem; line-height:1.25; margin:0 0 .5rem; }
dl { display:grid; grid-template-columns:auto 1fr; gap:.25rem 1rem; margin:1rem 0; }
dt { color:var(--muted); } dd { margin:0; font-weight:600; overflow-wrap:anywhere; }
ol.progress { list-style:none; padding:0; margin:1.25rem 0 0; display:flex; gap:.5rem; }
ol.progress li { flex:1; border-top:.3rem solid var(--line); padding-top:.5rem; }
ol.progress li.done { border-color:var(--ok); }
ol.progress li.current { border-color:var(--now); }
ol.progress li.failed { border-color:var(--bad); }
.step-label { display:block; font-weight:600; }
.step-state { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); }
time { color:var(--muted); font-size:.9rem; }
li.failed .step-label { color:var(--bad); }
footer { color:var(--muted); font-size:.85rem; }
@media (max-width: 30rem) { ol.progress { flex-direction:column; } ol.progress li { border-top:0;
  border-left:.3rem solid var(--line); padding:0 0 0 .75rem; } }
`;

const STATE_WORDS: Record<StatusStep['state'], string> = {
  done: 'completed',
  current: 'in progress',
  upcoming: 'not yet',
  failed: 'stopped',
};

function formatUtc(iso: string): string {
  return `${new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso))} UTC`;
}

function stepHtml(step: StatusStep): string {
  return `<li id="step-${step.key}" class="${step.state}"${step.state === 'current' ? ' aria-current="step"' : ''}>
<span class="step-label">${escapeHtml(step.label)}</span><span class="step-state">(${STATE_WORDS[step.state]})</span>
<time${step.at ? ` datetime="${escapeHtml(step.at)}"` : ''}>${step.at ? escapeHtml(formatUtc(step.at)) : ''}</time>
</li>`;
}

// Reads status.json next to the page and updates the text in place (textContent only).
const SCRIPT = `
(function () {
  var url = location.pathname.replace(/\\/+$/, '') + '/status.json';
  var words = ${JSON.stringify(STATE_WORDS)};
  function local(el) {
    var iso = el.getAttribute('datetime');
    if (!iso) { el.textContent = ''; return; }
    try { el.textContent = new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }); }
    catch (e) { el.textContent = iso; }
  }
  function render(v) {
    document.getElementById('headline').textContent = v.headline;
    document.getElementById('message').textContent = v.message;
    v.steps.forEach(function (s) {
      var li = document.getElementById('step-' + s.key);
      if (!li) return;
      li.className = s.state;
      if (s.state === 'current') li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
      li.querySelector('.step-label').textContent = s.label;
      li.querySelector('.step-state').textContent = '(' + words[s.state] + ')';
      var t = li.querySelector('time');
      if (s.at) t.setAttribute('datetime', s.at); else t.removeAttribute('datetime');
      local(t);
    });
    document.body.setAttribute('data-stage', v.stage);
  }
  var delay = Number(document.body.getAttribute('data-poll-ms')) || 5000;
  function later() { setTimeout(tick, delay); delay = Math.min(delay * 1.5, 60000); }
  function tick() {
    if (document.hidden) { later(); return; }
    fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) { if (r.status !== 404) later(); return; }
      return r.json().then(function (v) { render(v); if (!v.done) later(); });
    }).catch(later);
  }
  Array.prototype.forEach.call(document.querySelectorAll('time'), local);
  later();
})();
`;

/** The head of both pages (never indexed); `meta` adds lines before the title. */
const head = (title: string, nonce: string, meta = '') => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${meta}<title>${title}</title>
<style nonce="${nonce}">${CSS}</style>
</head>`;

/** `pollMs`: first delay before the page asks for news (then growing to a minute). */
export function renderStatusPage(view: StatusView, nonce: string, pollMs = 5000): string {
  const title = `Your refund${view.merchant.name ? ` · ${escapeHtml(view.merchant.name)}` : ''}`;
  return `${head(title, nonce, '<meta name="referrer" content="no-referrer">\n')}
<body data-stage="${view.stage}" data-poll-ms="${Math.round(pollMs)}">
<header>${view.merchant.name ? `<p class="merchant" id="merchant-name">${escapeHtml(view.merchant.name)}</p>` : ''}<p>Refund status</p></header>
<main>
<article class="card" aria-labelledby="headline">
<div aria-live="polite" aria-atomic="true">
<h1 id="headline">${escapeHtml(view.headline)}</h1>
<p id="message">${escapeHtml(view.message)}</p>
</div>
<dl>
<dt>Amount</dt><dd id="amount">${escapeHtml(view.amount)}</dd>
<dt>For</dt><dd id="payment">${escapeHtml(view.payment)}</dd>
</dl>
<h2 class="step-state">Progress</h2>
<ol class="progress" aria-label="Refund progress">
${view.steps.map(stepHtml).join('\n')}
</ol>
</article>
${helpHtml(view)}
</main>
<footer><p>This page updates by itself. Keep the link private: anyone with it can see this refund's status.</p></footer>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

/** How to reach the merchant's support; on every state, so a customer never hits a dead end. */
function helpHtml(view: StatusView): string {
  const who = view.merchant.name ? escapeHtml(view.merchant.name) : 'the shop';
  if (view.merchant.contacts.length === 0) {
    return `<section class="card help" aria-labelledby="help-title"><h2 id="help-title">Questions?</h2><p>Reply to the email you received from ${who}.</p></section>`;
  }
  const items = view.merchant.contacts
    .map((c) => {
      const word = c.kind === 'email' ? 'Email' : c.kind === 'phone' ? 'Phone' : 'Help centre';
      return `<li>${word}: <a href="${escapeHtml(c.href)}" rel="noopener noreferrer">${escapeHtml(c.label)}</a></li>`;
    })
    .join('');
  return `<section class="card help" aria-labelledby="help-title" data-testid="support"><h2 id="help-title">Questions? Contact ${who}</h2><ul>${items}</ul></section>`;
}

export function renderNotFoundPage(nonce: string): string {
  return `${head('Not found', nonce)}
<body>
<main>
<div class="card">
<h1>This link does not work</h1>
<p>Check that you copied the whole link from your email.</p>
</div>
</main>
</body>
</html>
`;
}
