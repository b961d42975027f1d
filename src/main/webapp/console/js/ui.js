// Small DOM helpers shared by the console's sections: messages, table rows, confirmations.
export const $ = (selector, root = document) => root.querySelector(selector);

export function say(text, ok = false) {
  const message = $('#message');
  message.textContent = text;
  message.className = ok ? 'ok' : '';
}

/** What a failed call means for the operator. */
export function describe(error) {
  return error.status === 401 ? 'The token is missing, invalid or expired: sign in again.' : error.message;
}

export function fail(error) {
  say(describe(error));
}

/** A table row of text cells (never HTML: the data comes from customers and uploads). */
export function row(cells, extra) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.append(cell); else td.textContent = cell ?? '';
    tr.append(td);
  }
  if (extra) extra(tr);
  return tr;
}

export function button(label, onClick, name) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (name) b.setAttribute('aria-label', name);
  b.addEventListener('click', onClick);
  return b;
}

export function facts(dl, entries) {
  dl.replaceChildren();
  for (const [name, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dl.append(dt, dd);
  }
}

export const money = (amount, currency) =>
  amount === undefined ? '' : new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);

export const time = (iso) => (iso ? new Date(iso).toLocaleString() : '');

/** Asks the operator to confirm; resolves true for "yes". */
export function confirmed(text) {
  const dialog = $('#confirm');
  $('#confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    $('#confirm-no').focus();
  });
}
