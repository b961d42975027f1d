// The README's WildFly console steps, clicked in the HAL management console: a WildFly started
// from a copy of standalone-orders.xml without the datasource, driver, job repository and system
// property (configure.cli's MicroProfile subsystems and EclipseLink module have no console page).
// Usage (see README.md in this folder):
//   CONSOLE=http://127.0.0.1:9990 HTTP=http://127.0.0.1:8080 USER=admin PASSWORD=… DB_URL=… \
//   DRIVER=target/wildfly-modules/postgresql.jar WAR=target/order-service.war … node wildfly.mjs
import { env, openBrowser, orderRoundTrip, readToken } from './common.mjs';

const CONSOLE = env('CONSOLE', 'http://127.0.0.1:9990');
const HTTP = env('HTTP', 'http://127.0.0.1:8080');
const props = [
  ['PAYMENT_SERVICE_URL', env('PAYMENT_SERVICE_URL', 'http://127.0.0.1:9001')],
  ['NOTIFICATION_SERVICE_URL', env('NOTIFICATION_SERVICE_URL', 'http://127.0.0.1:9002')],
  ['PAYMENT_WEBHOOK_SECRET', env('PAYMENT_WEBHOOK_SECRET', 'console-walkthrough')],
  ['mp.jwt.verify.publickey.location', env('MP_JWT_VERIFY_PUBLICKEY_LOCATION')],
  ['mp.jwt.verify.issuer', env('MP_JWT_VERIFY_ISSUER', 'order-service-dev')],
  ['eclipselink.concurrency.manager.waittime', '20'],
  ['IMPORT_STORAGE_DIR', env('IMPORT_STORAGE_DIR', 'target/console-walkthrough/imports')],
];

const { browser, page, step } = await openBrowser('wildfly', {
  httpCredentials: { username: env('USER', 'admin'), password: env('PASSWORD') },
});
const modal = () => page.locator('.modal:visible');
const finderColumn = (title) =>
  page.locator('.finder-column', { has: page.locator('h1', { hasText: new RegExp(`^${title}`) }) });
const view = async (item) => {
  const li = page.locator('.finder-column li', { hasText: item }).first();
  await li.click();
  await li.hover();
  await li.locator('button, a', { hasText: 'View' }).first().click();
};
const upload = async (file) => {
  await page.goto(`${CONSOLE}/console/index.html#deployments`);
  await finderColumn('Deployment').locator('.dropdown-toggle').first().click();
  await page.getByText('Upload Deployment').click();
  await page.setInputFiles('input[type=file]', file);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Finish' }).click();
  await modal().filter({ hasText: /successfully deployed/ }).waitFor({ timeout: 300000 });
  await modal().locator('.modal-footer button', { hasText: 'Close' }).click();
};

try {
  await step('console', async () => {
    await page.goto(`${CONSOLE}/console/index.html`);
    await page.getByText('Deploy an Application', { exact: true }).first().waitFor();
  });
  await step('driver', () => upload(env('DRIVER', 'target/wildfly-modules/postgresql.jar')));
  await step('datasource', async () => {
    await page.goto(`${CONSOLE}/console/index.html#configuration;path=configuration~subsystems!css~datasources!data-source-driver~datasources`);
    await finderColumn('Datasource').locator('.dropdown-toggle').first().click();
    await finderColumn('Datasource').locator('.dropdown-menu a', { hasText: 'Add Datasource' }).click();
    await modal().locator('label', { hasText: 'PostgreSQL' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.fill('[id="ds-configuration-names-form-name-editing"]', 'orders');
    await page.fill('[id="ds-configuration-names-form-jndi-name-editing"]', 'java:/jdbc/orders');
    await page.getByRole('button', { name: 'Next' }).click();
    await modal().locator('input[id*="driver-name"]').fill('postgresql.jar');
    await page.keyboard.press('Tab');
    await page.getByRole('button', { name: 'Next' }).click();
    await modal().locator('input[id*="connection-url"]').fill(env('DB_URL'));
    await modal().locator('input[id*="user-name"]').fill(env('DB_USER', 'postgres'));
    await modal().locator('input[id*="password"]').first().fill(env('DB_PASSWORD', 'postgres'));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await modal().filter({ hasText: 'Successfully tested connection' }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Finish' }).click();
    await modal().filter({ hasText: 'successfully added' }).waitFor();
    await modal().locator('.modal-footer button', { hasText: 'Close' }).click();
  });
  await step('batch-repository', async () => {
    await page.goto(`${CONSOLE}/console/index.html#configuration;path=configuration~subsystems!css~batch-jberet`);
    await view('Batch');
    await page.locator('.nav-pf-vertical a:visible', { hasText: /^JDBC$/ }).first().click();
    await page.locator('button:visible', { hasText: 'Add' }).first().click();
    await modal().locator('input[id$="add-name-editing"]').fill('orders');
    await modal().locator('input[id*="data-source"]').fill('orders');
    await modal().locator('button', { hasText: 'Add' }).last().click();
    await page.getByText('JDBC Job Repository orders successfully added.').first().waitFor();
    await page.locator('.nav-pf-vertical a:visible', { hasText: /^Configuration$/ }).first().click();
    await page.locator('a:visible, button:visible', { hasText: /^Edit$/ }).first().click();
    await page.locator('input[id*="default-job-repository-editing"]:visible').fill('orders');
    await page.locator('button:visible', { hasText: /^Save$/ }).first().click();
    await page.getByText('Subsystem successfully modified.').first().waitFor();
  });
  await step('system-properties', async () => {
    await page.goto(`${CONSOLE}/console/index.html#configuration`);
    await view('System Properties');
    for (const [name, value] of props) {
      await page.locator('button:visible', { hasText: /^Add$/ }).first().click();
      await modal().locator('input[id$="name-editing"]').fill(name);
      await modal().locator('input[id$="value-editing"]').fill(value);
      await modal().locator('button', { hasText: /^Add$/ }).last().click();
      await page.getByText(`System Property ${name} successfully added.`).first().waitFor();
    }
  });
  await step('reload', async () => {
    await page.goto(`${CONSOLE}/console/index.html#runtime`);
    const server = page.locator('.finder-column li:visible').first();
    await server.click();
    await server.hover();
    await server.locator('.dropdown-toggle').first().click();
    await server.locator('.dropdown-menu a', { hasText: /^Reload$/ }).click();
    await modal().locator('button', { hasText: /^Yes$/ }).click();
    await page.getByText('is up and running').first().waitFor();
  });
  await step('deploy', () => upload(env('WAR', 'target/order-service.war')));
  await orderRoundTrip(HTTP, readToken(env('STOREFRONT_TOKEN_FILE')), readToken(env('OPERATOR_TOKEN_FILE')));
} finally {
  await browser.close();
}
