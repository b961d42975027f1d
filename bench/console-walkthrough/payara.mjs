// The README's Payara Server console steps, clicked: a fresh domain whose driver was added with
// `asadmin add-library` (no console page for it). Usage (see README.md in this folder):
//   ADMIN=http://127.0.0.1:4848 HTTP=http://127.0.0.1:8080 DB_URL=jdbc:postgresql://… \
//   WAR=target/order-service.war … node bench/console-walkthrough/payara.mjs
// The console's validation class name cannot be entered (see the README); that step is left to
// asadmin and only the other Advanced fields are set here.
import { env, openBrowser, orderRoundTrip, readToken } from './common.mjs';

const ADMIN = env('ADMIN', 'http://127.0.0.1:4848');
const HTTP = env('HTTP', 'http://127.0.0.1:8080');
const WAR = env('WAR', 'target/order-service.war');
const props = [
  ['PAYMENT_SERVICE_URL', env('PAYMENT_SERVICE_URL', 'http://127.0.0.1:9001')],
  ['NOTIFICATION_SERVICE_URL', env('NOTIFICATION_SERVICE_URL', 'http://127.0.0.1:9002')],
  ['PAYMENT_WEBHOOK_SECRET', env('PAYMENT_WEBHOOK_SECRET', 'console-walkthrough')],
  ['mp.jwt.verify.publickey.location', env('MP_JWT_VERIFY_PUBLICKEY_LOCATION')],
  ['mp.jwt.verify.issuer', env('MP_JWT_VERIFY_ISSUER', 'order-service-dev')],
  ['eclipselink.concurrency.manager.waittime', '20'],
  ['IMPORT_STORAGE_DIR', env('IMPORT_STORAGE_DIR', 'target/console-walkthrough/imports')],
];

const { browser, page, step } = await openBrowser('payara');
const id = (suffix) => `[id$="${suffix}"]`;
const saved = async () => {
  await page.waitForLoadState('networkidle');
  const text = (await page.textContent('body')).replace(/\s+/g, ' ');
  const error = text.match(/An error has occurred[^\]]*|HTTP Status 500[^.]*/);
  if (error) throw new Error(error[0]);
};

try {
  await step('console', async () => {
    await page.goto(`${ADMIN}/`);
    await page.getByText('Create New JDBC Connection Pool').waitFor({ timeout: 300000 });
  });
  await step('pool-step-1', async () => {
    await page.getByText('Create New JDBC Connection Pool').click();
    await page.waitForLoadState('networkidle');
    const p = 'propertyForm:propertyContentPage:propertySheet:generalPropertySheet:';
    await page.fill(`[id="${p}jndiProp:name"]`, 'orders-pool');
    await page.selectOption(`[id="${p}resTypeProp:resType"]`, 'javax.sql.DataSource');
    await page.selectOption(`[id="${p}dbProp:db"]`, 'Postgresql');
  });
  await step('pool-step-2', async () => {
    await page.click(id('topButtons:nextButton'));
    await page.waitForLoadState('networkidle');
    await page.fill(id('initSizeProp:ds'), '4');
    await page.fill(id('maxProp:ds2'), '48');
    const set = [
      ['URL', env('DB_URL')], ['Url', env('DB_URL')], ['User', env('DB_USER', 'postgres')],
      ['Password', env('DB_PASSWORD', 'postgres')], ['ReWriteBatchedInserts', 'true'],
    ];
    for (const [name, value] of set) {
      const row = page.locator('tr', { has: page.locator(`input[id$="col2:col1St"][value="${name}"]`) });
      await row.locator('input[id$="col3:col1St"]').fill(value);
    }
  });
  await step('pool-finish', async () => {
    await page.click(id('topButtons:finishButton'));
    await saved();
  });
  await step('pool-advanced', async () => {
    await page.goto(`${ADMIN}/jdbc/jdbcConnectionPoolEdit.jsf?name=orders-pool`);
    await page.getByText('Advanced', { exact: true }).first().click();
    await page.waitForLoadState('networkidle');
    await page.fill(id('p1:va'), '10');
    await page.check(id('failProp:sun_checkbox234'));
    await page.click(id('topButtons:saveButton'));
    await saved();
  });
  await step('jdbc-resource', async () => {
    await page.goto(`${ADMIN}/common/index.jsf`);
    await page.getByText('Create New JDBC Resource').click();
    await page.waitForLoadState('networkidle');
    await page.fill(id('nameNew:name'), 'jdbc/orders');
    await page.selectOption(id('poolNameProp:PoolName'), 'orders-pool');
    await page.click(id('topButtons:newButton'));
    await saved();
  });
  await step('batch', async () => {
    await page.goto(`${ADMIN}/full/batch.jsf?configName=server-config`);
    await page.selectOption(id('poolNameProp:PoolName'), 'jdbc/orders');
    await page.click(id('topButtons:saveButton'));
    await saved();
  });
  await step('system-properties', async () => {
    await page.goto(`${ADMIN}/common/index.jsf`);
    await page.locator('#treeForm a', { hasText: 'server (Admin Server)' }).click();
    await page.waitForLoadState('networkidle');
    await page.getByText('Properties', { exact: true }).first().click();
    await page.waitForLoadState('networkidle');
    for (const [name, value] of props) {
      await page.locator('input[value="Add Property"]').first().click();
      await page.waitForLoadState('networkidle');
      const row = page.locator('tr', { has: page.locator('input[id$="col2:col1St"][value=""]') }).first();
      await row.locator('input[id$="col2:col1St"]').fill(name);
      await row.locator('input[type=text]').last().fill(value);
    }
    await page.locator('input[value=" Save "], input[value="Save"]').first().click();
    await saved();
  });
  await step('deploy', async () => {
    await page.goto(`${ADMIN}/common/index.jsf`);
    await page.getByText('Deploy an Application').click();
    await page.waitForLoadState('networkidle');
    const frame = page.frames().find((f) => f.url().includes('uploadFrame'));
    await frame.setInputFiles('input[type=file]', WAR);
    await page.waitForTimeout(2000);
    await frame.click(id('topButtons:uploadButton'));
    // The upload and deployment run behind "Processing...": wait for the API.
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${HTTP}/health/ready`).catch(() => null);
      if (r && (await r.text()).includes('"name":"database","status":"UP"')) return;
      await page.waitForTimeout(1000);
    }
    throw new Error('the WAR did not become ready');
  });
  await step('applications', async () => {
    await page.goto(`${ADMIN}/common/index.jsf`);
    await page.locator('#treeForm a', { hasText: /^Applications$/ }).click();
    await page.waitForLoadState('networkidle');
  });
  await orderRoundTrip(HTTP, readToken(env('STOREFRONT_TOKEN_FILE')), readToken(env('OPERATOR_TOKEN_FILE')));
} finally {
  await browser.close();
}
