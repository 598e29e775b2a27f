import type { Browser, Locator, Page } from 'playwright-core';
import { Claim } from '../../src/platform/auth/claims';
import { SeedService } from '../../src/seed/seed.service';
import { TAGS } from '../../src/platform/http/openapi';
import { createTestApp, TestApp } from '../support/app';
import { createUserWithClaims } from '../support/auth';
import { scenePhoto } from '../support/images';
import { launchChromium } from './chromium';

const PASSWORD = 'Demo-password-for-browser-1';

/**
 * One operation of each tag, executed as documented (its pre-filled example, its path parameters'
 * examples), with the status it answers on the demo data.
 */
const ONE_PER_TAG: Record<string, { operationId: string; status: number; body?: RegExp }> = {
  auth: { operationId: 'Auth_me', status: 200, body: /admin@demo\.local/ },
  users: { operationId: 'Users_create', status: 201, body: /souza/ },
  roles: { operationId: 'Roles_list', status: 200, body: /"admin"/ },
  claims: { operationId: 'Claims_list', status: 200, body: /users:read/ },
  customers: { operationId: 'Customers_create', status: 201, body: /Carla Mendes/ },
  'customer events': { operationId: 'CustomerEvents_summary', status: 200, body: /CARD_PURCHASE/ },
  products: { operationId: 'ProductTypes_list', status: 200 },
  cashback: { operationId: 'Cashback_create', status: 201 },
  'card authorization': { operationId: 'Transactions_authorize', status: 200, body: /"code": "00"/ },
  'card accounts': { operationId: 'Accounts_get', status: 200, body: /"id": "123"/ },
  'card merchants': { operationId: 'Merchants_create', status: 201 },
  telemetry: { operationId: 'Telemetry_gyroscope', status: 202 },
  photos: { operationId: 'Photos_list', status: 200 },
  audit: { operationId: 'Audit_list', status: 200, body: /customer\.create/ },
  'original contracts': { operationId: 'Telemetry_gps_originalContract', status: 202 },
  operations: { operationId: 'Health_ready', status: 200 },
};

async function tryItOut(operation: Locator): Promise<void> {
  await operation.locator('.opblock-summary').first().click();
  // The button answers once the expanded operation has rendered: click until Execute shows.
  const execute = operation.locator('button.execute');
  for (let attempt = 0; attempt < 40 && !(await execute.isVisible()); attempt++) {
    const button = operation.getByRole('button', { name: 'Try it out' });
    if (await button.isVisible()) await button.click();
    await operation.page().waitForTimeout(250);
  }
}

/** Clicks Execute and answers the status and body Swagger UI shows. */
async function execute(operation: Locator): Promise<{ status: number; body: string }> {
  // An earlier answer of the operation is cleared first, so that the one read is this one's.
  const clear = operation.locator('button.btn-clear');
  if (await clear.isVisible()) await clear.click();
  await operation.locator('.live-responses-table').waitFor({ state: 'detached' });
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table tbody .response-col_status');
  await status.waitFor();
  // The cell reads "200", or "200" over "Undocumented" when Swagger UI finds no documented answer to match.
  const text = (await status.innerText()).trim();
  return { status: Number(text.slice(0, 3)), body: await operation.locator('.live-responses-table tbody .response-col_description').innerText() };
}

describe('Swagger UI in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ env: { DEMO_ADMIN_PASSWORD: PASSWORD } });
    await t.app.get(SeedService).run();
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    page = await browser.newPage();
    // Errors the page itself reports: scripts that fail, resources the security policy blocks.
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${base}/docs/`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders every operation of the document, with nothing blocked by the security headers', async () => {
    const document = (await t.http.get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(document.paths).reduce((sum, path) => sum + Object.keys(path).filter((key) => key !== 'parameters').length, 0);
    await page.waitForSelector('.opblock-summary');
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.info .title').innerText()).toContain('Benefits');
    expect(problems).toEqual([]);
  });

  it('sends a request when Execute is clicked and shows the API answer', async () => {
    const login = page.locator('#operations-auth-Auth_login');
    await tryItOut(login);
    await login.locator('textarea.body-param__text').fill(JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password-1' }));
    const refused = await execute(login);
    expect(refused.status).toBe(401);
    expect(refused.body).toContain('INVALID_CREDENTIALS');
    expect(problems.filter((text) => !/401/.test(text))).toEqual([]);
  });

  it('logs in through the UI, authorizes with the token and executes one example of each tag with a 2xx', async () => {
    const login = page.locator('#operations-auth-Auth_login');
    // The demo password is the install's own (DATA_DIR/secrets.json): a person types it in.
    await login.locator('textarea.body-param__text').fill(JSON.stringify({ email: 'admin@demo.local', password: PASSWORD }));
    const answer = await execute(login);
    expect(answer.status).toBe(200);
    const token = /"accessToken": "([^"]+)"/.exec(answer.body)?.[1];
    expect(token).toBeDefined();

    await page.locator('.auth-wrapper button.authorize').click();
    await page.locator('.modal-ux input[type="text"]').fill(token!);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    expect(Object.keys(ONE_PER_TAG).sort()).toEqual(TAGS.map((tag) => tag.name).sort());
    const outcomes: Record<string, { status: number; matches: boolean }> = {};
    const expected: typeof outcomes = {};
    for (const [tag, { operationId, status, body }] of Object.entries(ONE_PER_TAG)) {
      const operation = page.locator(`.opblock[id$="-${operationId}"]`).first();
      await operation.scrollIntoViewIfNeeded();
      await tryItOut(operation);
      const result = await execute(operation);
      outcomes[`${tag}: ${operationId}`] = { status: result.status, matches: body ? body.test(result.body) : true };
      expected[`${tag}: ${operationId}`] = { status, matches: true };
    }
    expect(outcomes).toEqual(expected);
  });

  /** Authorizes Swagger UI with a token of its own, so that the tests below need none of the above. */
  async function authorize(): Promise<void> {
    const user = await createUserWithClaims(t, [Claim.CardsAuthorize, Claim.TelemetryWrite]);
    await page.evaluate((token) => (globalThis as unknown as { ui: { preauthorizeApiKey(name: string, value: string): void } }).ui.preauthorizeApiKey('bearer', token), user.token);
  }

  /** The operation ready to execute: expanded and in Try it out (it may be already). */
  async function ready(operation: Locator): Promise<void> {
    await operation.scrollIntoViewIfNeeded();
    if (!(await operation.locator('button.execute').isVisible())) await tryItOut(operation);
  }

  it('approves each named example of the card authorization, executed on the demo data', async () => {
    await authorize();
    const operation = page.locator('.opblock[id$="-Transactions_authorize"]').first();
    await ready(operation);
    const editor = operation.locator('textarea.body-param__text');
    const examples = operation.locator('.opblock-section-request-body select:not(.content-type)').first();
    expect(await examples.locator('option').evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value))).toEqual(['original', 'withId']);
    for (const [name, spelling] of [['original', '"totalAmount"'], ['withId', '"accountId"']]) {
      await examples.selectOption(name);
      for (let attempt = 0; attempt < 20 && !(await editor.inputValue()).includes(spelling); attempt++) await page.waitForTimeout(100);
      expect(await editor.inputValue()).toContain(spelling);
      const answer = await execute(operation);
      expect({ name, status: answer.status, approved: /"code": "00"/.test(answer.body) }).toEqual({ name, status: 200, approved: true });
    }
  });

  it('uploads a photo through the multipart form, which holds deviceId, timestamp and the file only', async () => {
    await authorize();
    const operation = page.locator('.opblock[id$="-Photos_upload"]').first();
    await ready(operation);
    const body = operation.locator('.opblock-section-request-body');
    expect(await body.locator('select.content-type').inputValue()).toBe('multipart/form-data');
    const fields = await body.locator('tr[data-property-name]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-property-name')));
    expect(fields).toEqual(['deviceId', 'timestamp', 'photo']);
    await body.locator('tr[data-property-name="deviceId"] input').fill('AA:BB:CC:DD:EE:77');
    await body.locator('tr[data-property-name="timestamp"] input').fill(new Date(Date.now() - 60_000).toISOString());
    await body.locator('input[type="file"]').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: await scenePhoto(21) });
    const answer = await execute(operation);
    expect({ status: answer.status, device: answer.body.includes('AA:BB:CC:DD:EE:77') }).toEqual({ status: 201, device: true });
    expect(problems.filter((text) => !/401/.test(text))).toEqual([]);
  });
});
