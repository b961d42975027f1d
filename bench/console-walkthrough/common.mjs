// Used by wildfly.mjs: a headless Debian Chromium driven by Playwright, one
// screenshot per step into OUT (default target/console-walkthrough/<server>).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const env = (name, fallback) => process.env[name] ?? fallback;

export async function openBrowser(server, contextOptions = {}) {
  const out = path.resolve(env('OUT', `target/console-walkthrough/${server}`));
  fs.mkdirSync(out, { recursive: true });
  // Headless, in a fresh profile of Playwright's own.
  const browser = await chromium.launch({
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...contextOptions });
  const page = await context.newPage();
  page.setDefaultTimeout(120000);
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  let n = 0;
  const step = async (name, action) => {
    n += 1;
    const t0 = Date.now();
    try {
      await action();
      console.log(`${String(n).padStart(2)} ${name}: done in ${Date.now() - t0} ms`);
    } finally {
      await page.screenshot({ path: path.join(out, `${String(n).padStart(2, '0')}-${name}.png`) });
    }
  };
  return { browser, page, step, out };
}

/** Creates an order with the storefront token and reads it back with the operator token. */
export async function orderRoundTrip(baseUrl, storefrontToken, operatorToken) {
  const created = await fetch(`${baseUrl}/api/v1/orders/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${storefrontToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      customer_email: 'console-walkthrough@example.com',
      customer_name: 'Console Walkthrough',
      currency: 'JPY',
      items: [{ product_name: 'Pen', quantity: 2, unit_price: 150 }],
    }),
  });
  const order = await created.json();
  const read = await fetch(`${baseUrl}/api/v1/orders/${order.id}`, {
    headers: { Authorization: `Bearer ${operatorToken}` },
  });
  const back = await read.json();
  console.log(`order: POST ${created.status} id ${order.id} ${order.status}; GET ${read.status} ${back.status}`);
  if (created.status !== 201 || read.status !== 200 || back.id !== order.id) {
    throw new Error('the order did not round-trip');
  }
}

export const readToken = (file) => fs.readFileSync(file, 'utf8').trim();
