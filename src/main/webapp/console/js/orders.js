// The Orders section: search with the list filters, open one order, ship/deliver/cancel it.
import { call, links } from './api.js';
import { $, say, fail, describe, row, button, facts, money, time, confirmed } from './ui.js';

const PAGE = 20;
let page = { path: null, links: {} };
let current = null; // { order, etag }
let latest = 0; // the newest list request: an older answer arriving late is not shown

export function initOrders() {
  $('#order-search').addEventListener('submit', (e) => {
    e.preventDefault();
    search(0);
  });
  $('#orders-prev').addEventListener('click', () => follow('prev'));
  $('#orders-next').addEventListener('click', () => follow('next'));
  for (const action of document.querySelectorAll('#order-detail [data-action]')) {
    action.addEventListener('click', () => change(action.dataset.action));
  }
}

/** Lists the orders of one import (called from the Imports section). */
export function showImportOrders(importId) {
  const form = $('#order-search');
  form.reset();
  form.import_id.value = importId;
  search(0);
}

function query(skip) {
  const form = new FormData($('#order-search'));
  const params = new URLSearchParams({ skip, limit: PAGE });
  for (const [name, value] of form) {
    if (!value) continue;
    if (name === 'created_from') params.set(name, new Date(`${value}T00:00:00`).toISOString());
    else if (name === 'created_to') {
      const end = new Date(`${value}T00:00:00`);
      end.setDate(end.getDate() + 1); // "until" includes the whole day
      params.set(name, end.toISOString());
    } else params.set(name, value);
  }
  return `orders?${params}`;
}

async function search(skip) {
  await load(query(skip));
}

async function follow(rel) {
  if (page.links[rel]) await load(page.links[rel]);
}

async function load(path) {
  const request = ++latest;
  try {
    const { headers, body } = await call(path);
    if (request !== latest) return;
    page = { path, links: links(headers.get('Link')) };
    const total = headers.get('X-Total-Count');
    $('#order-count').textContent = `${total} order${total === '1' ? '' : 's'} found`;
    $('#order-table tbody').replaceChildren(
      ...body.map((o) =>
        row([
          String(o.id),
          `${o.customer_name} <${o.customer_email}>`,
          o.settling ? `${o.status} (settling ${o.settling})` : o.status,
          money(o.total_amount, o.currency),
          time(o.created_at),
          button('Open', () => open(o.id), `Open order ${o.id}`),
        ]),
      ),
    );
    $('#orders-prev').disabled = !page.links.prev;
    $('#orders-next').disabled = !page.links.next;
    say('');
  } catch (error) {
    fail(error);
  }
}

async function open(id) {
  try {
    const [{ body: order, headers }, { body: history }] = await Promise.all([
      call(`orders/${id}`),
      call(`orders/${id}/history`),
    ]);
    current = { order, etag: headers.get('ETag') };
    render(order, history);
  } catch (error) {
    fail(error);
  }
}

function render(order, history) {
  const detail = $('#order-detail');
  detail.hidden = false;
  $('#order-title').textContent = `Order ${order.id}: ${order.status}`;
  facts($('#order-facts'), [
    ['Customer', `${order.customer_name} <${order.customer_email}>`],
    ['Status', order.status],
    ['Settling', order.settling],
    ['Created', time(order.created_at)],
    ['Updated', time(order.updated_at)],
    ['Import', order.import_id && `${order.import_id} (${order.order_ref}, lines ${order.source_lines})`],
  ]);
  $('#order-items tbody').replaceChildren(
    ...order.items.map((i) =>
      row([i.product_name, String(i.quantity), money(i.unit_price, order.currency),
        money(i.unit_price * i.quantity, order.currency)]),
    ),
  );
  $('#order-total').textContent = money(order.total_amount, order.currency);
  $('#order-history tbody').replaceChildren(
    ...history.map((h) => row([time(h.at), h.event, h.from_status, h.to_status, h.reason, h.by])),
  );
  const busy = Boolean(order.settling);
  $('#ship').disabled = busy || order.status !== 'paid';
  $('#deliver').disabled = busy || order.status !== 'shipped';
  $('#cancel').disabled = busy || !['pending', 'payment_processing', 'paid'].includes(order.status);
  $('#order-title').focus();
}

const VERBS = { shipped: 'Ship', delivered: 'Mark as delivered', cancelled: 'Cancel (and refund)' };

async function change(status) {
  const { order, etag } = current;
  if (!(await confirmed(`${VERBS[status]} order ${order.id} of ${order.customer_name}?`))) return;
  let outcome;
  try {
    // If-Match: an order someone else changed meanwhile is answered 412, not overwritten.
    const { status: code } = await call(`orders/${order.id}/status`, {
      method: 'PUT',
      body: { status },
      headers: etag ? { 'If-Match': etag } : {},
    });
    outcome = [code === 202 ? `Order ${order.id}: the refund is being settled.` : `Order ${order.id} is ${status}.`, true];
  } catch (error) {
    outcome = [
      error.status === 412 ? `Order ${order.id} was changed by someone else; it is shown as it is now.` : describe(error),
      false,
    ];
  }
  if (page.path) await load(page.path); // the list shows the new status too
  await open(order.id);
  say(...outcome); // after the reloads, which clear old messages
}
