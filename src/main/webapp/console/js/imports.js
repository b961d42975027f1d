// The Imports section: upload a CSV, follow its progress live, see and download rejected rows,
// stop and restart.
import { call } from './api.js';
import { $, say, fail, row, button, facts, time } from './ui.js';
import { showImportOrders } from './orders.js';

const RUNNING = ['queued', 'running'];
let shown = null;
let timer = null;

export function initImports(showTab) {
  $('#upload').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('#csv-file').files[0];
    if (!file) return;
    try {
      const { status, body } = await call(`order-imports?file_name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        body: file,
        type: 'text/csv; charset=UTF-8',
      });
      say(status === 200 ? `This file was imported before: import ${body.id}.` : `Import ${body.id} started.`, true);
      await open(body.id);
      await list();
    } catch (error) {
      fail(error);
    }
  });
  $('#import-stop').addEventListener('click', () => control('DELETE', ''));
  $('#import-restart').addEventListener('click', () => control('POST', '/restart'));
  $('#import-orders').addEventListener('click', () => {
    showTab('orders');
    showImportOrders(shown);
  });
  $('#import-download').addEventListener('click', download);
}

export async function list() {
  try {
    const { body } = await call('order-imports?limit=20');
    $('#import-table tbody').replaceChildren(
      ...body.map((i) =>
        row([String(i.id), i.file_name || i.source, i.status,
          `${i.processed_rows}${i.total_rows == null ? '' : ` / ${i.total_rows}`}`,
          String(i.orders_paid), String(i.orders_rejected), i.uploaded_by,
          button('Open', () => open(i.id), `Open import ${i.id}`)]),
      ),
    );
  } catch (error) {
    fail(error);
  }
}

async function open(id) {
  clearTimeout(timer);
  shown = id;
  $('#import-detail').hidden = false;
  await refresh();
  $('#import-title').focus();
}

/** Reads the import again; while it runs, again a second later (the live progress bar). */
async function refresh() {
  const id = shown;
  try {
    const { body: i } = await call(`order-imports/${id}`);
    if (id !== shown) return;
    render(i);
    if (RUNNING.includes(i.status)) {
      timer = setTimeout(refresh, 1000);
    } else {
      const { body: errors } = await call(`order-imports/${id}/errors`);
      $('#import-errors tbody').replaceChildren(
        ...errors.map((e) => row([String(e.line), e.order_ref, e.column, e.message])),
      );
      list();
    }
  } catch (error) {
    fail(error);
  }
}

function render(i) {
  const finished = !RUNNING.includes(i.status);
  const percent = i.total_rows ? Math.floor((100 * i.processed_rows) / i.total_rows) : finished ? 100 : 0;
  $('#import-title').textContent = `Import ${i.id}: ${i.file_name || i.source} (${i.status})`;
  $('#import-progress').value = percent;
  $('#import-percent').textContent = `${percent} %`;
  facts($('#import-facts'), [
    ['Status', i.status],
    ['Rows read', `${i.processed_rows}${i.total_rows == null ? '' : ` of ${i.total_rows}`}`],
    ['Orders created', i.orders_created],
    ['Orders paid', i.orders_paid],
    ['Payment failed', i.orders_payment_failed],
    ['Orders rejected', i.orders_rejected],
    ['Warnings', (i.warnings || []).join('; ')],
    ['Error', i.error],
    ['Uploaded by', i.uploaded_by],
    ['Started', time(i.started_at)],
    ['Finished', time(i.finished_at)],
  ]);
  $('#import-stop').disabled = finished;
  $('#import-restart').disabled = !['failed', 'stopped'].includes(i.status);
  $('#import-download').disabled = !i.orders_rejected;
  if (!finished) $('#import-errors tbody').replaceChildren();
}

async function control(method, suffix) {
  try {
    await call(`order-imports/${shown}${suffix}`, { method });
    say(method === 'DELETE' ? `Import ${shown} stops after its current chunk.` : `Import ${shown} goes on.`, true);
  } catch (error) {
    fail(error);
  }
  clearTimeout(timer);
  refresh();
}

async function download() {
  try {
    const { body } = await call(`order-imports/${shown}/errors`, { accept: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([body], { type: 'text/csv' }));
    link.download = `import-${shown}-rejected.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    fail(error);
  }
}
