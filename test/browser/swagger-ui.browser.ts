import type { Browser, Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app';
import { launchChromium } from './chromium';

describe('Swagger UI in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
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
    await login.locator('.opblock-summary').click();
    // The button answers once the expanded operation has rendered; click until the editor shows.
    const editor = login.locator('textarea.body-param__text');
    for (let attempt = 0; attempt < 20 && !(await editor.isVisible()); attempt++) {
      if (await login.getByRole('button', { name: 'Try it out' }).isVisible()) await login.getByRole('button', { name: 'Try it out' }).click();
      await page.waitForTimeout(250);
    }
    await editor.fill(JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password-1' }));
    await login.locator('button.execute').click();
    const status = login.locator('.live-responses-table tbody .response-col_status');
    await status.waitFor();
    expect((await status.innerText()).trim()).toBe('401');
    expect(await login.locator('.live-responses-table tbody .response-col_description').innerText()).toContain('INVALID_CREDENTIALS');
    expect(problems.filter((text) => !/401/.test(text))).toEqual([]);
  });
});
