// The Outbox section: pending and dead e-mails and refunds, those needing attention, and retry.
import { call } from './api.js';
import { $, say, fail, row, button, time } from './ui.js';

export function initOutbox() {
  $('#outbox-filter').addEventListener('submit', (e) => {
    e.preventDefault();
    list();
  });
}

export async function list() {
  const status = $('#outbox-filter').status.value;
  try {
    // "needing attention": dead rows and refunds that keep failing (still pending).
    const path = status && status !== 'attention' ? `admin/outbox?status=${status}` : 'admin/outbox?limit=1000';
    const { body } = await call(path);
    const rows = status === 'attention' ? body.filter((m) => m.needs_attention) : body;
    $('#outbox-table tbody').replaceChildren(
      ...rows.map((m) =>
        row(
          [String(m.id), m.kind, String(m.order_id), m.needs_attention ? `${m.status} (needs attention)` : m.status,
            String(m.attempts), m.last_error, time(m.next_attempt_at),
            m.status === 'dead' ? button('Retry', () => retry(m.id), `Retry outbox row ${m.id}`) : ''],
          (tr) => m.needs_attention && tr.classList.add('attention'),
        ),
      ),
    );
  } catch (error) {
    fail(error);
  }
}

async function retry(id) {
  try {
    await call(`admin/outbox/${id}/retry`, { method: 'POST' });
    say(`Outbox row ${id} is pending again.`, true);
  } catch (error) {
    fail(error);
  }
  list();
}
