/**
 * The API's documentation in a browser: Swagger UI at /docs, driven in Debian's Chromium, shows
 * every operation of the OpenAPI document under the app's Content-Security-Policy, nothing refused.
 */
import { describe, expect, it } from 'vitest';
import { useBrowserStack } from '../support/browser';

const world = useBrowserStack({ web: false });

describe('the API docs in the browser', () => {
  it('shows every operation, with no script or style refused by the policy', { timeout: 120_000 }, async () => {
    const spec = (await world.stack.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const operations = Object.values(spec.paths as Record<string, object>).reduce((n, methods) => n + Object.keys(methods).length, 0);
    const page = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(60_000);
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) refused.push(message.text());
    });
    page.on('pageerror', (error) => refused.push(error.message));
    await page.goto(`${world.baseUrl}/docs`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations);
    await expect(page.locator('.info .title').innerText()).resolves.toMatch(/duban API/);
    expect(refused).toEqual([]);
  });
});
