// Starts the console: sign-in with a pasted operator token, the three sections as tabs.
import { token, claims, call } from './api.js';
import { $, say, fail } from './ui.js';
import { initOrders } from './orders.js';
import { initImports, list as listImports } from './imports.js';
import { initOutbox, list as listOutbox } from './outbox.js';

const TABS = ['orders', 'imports', 'outbox'];

function showTab(name) {
  for (const tab of TABS) {
    const selected = tab === name;
    const button = $(`#tab-${tab}`);
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $(`#${tab}`).hidden = !selected;
  }
  if (name === 'imports') listImports();
  if (name === 'outbox') listOutbox();
}

function initTabs() {
  TABS.forEach((tab, index) => {
    const button = $(`#tab-${tab}`);
    button.addEventListener('click', () => showTab(tab));
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    button.addEventListener('keydown', (e) => {
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = TABS[(index + step + TABS.length) % TABS.length];
      showTab(next);
      $(`#tab-${next}`).focus();
    });
  });
}

async function signedIn() {
  const jwt = token.get();
  const c = jwt && claims(jwt);
  if (!c) {
    $('#sign-in').hidden = false;
    $('#signed-in').hidden = true;
    $('#console').hidden = true;
    return;
  }
  try {
    await call('admin/outbox?limit=1'); // operators only: proves token and role at once
  } catch (error) {
    token.clear();
    if (error.status === 403) say('This token has no operator role.');
    else fail(error);
    return signedIn();
  }
  $('#who').textContent = `Signed in as ${c.upn || c.sub} (${(c.groups || []).join(', ')})`;
  $('#sign-in').hidden = true;
  $('#signed-in').hidden = false;
  $('#console').hidden = false;
  say('');
  showTab('orders');
  $('#search-orders').click();
}

$('#sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  token.set($('#token').value);
  $('#token').value = '';
  signedIn();
});
$('#sign-out').addEventListener('click', () => {
  token.clear();
  signedIn();
});
initTabs();
initOrders();
initImports(showTab);
initOutbox();
signedIn();
