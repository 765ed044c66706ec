/**
 * Chinese and English in the browser: a user switches to English, the menu and the inbox speak it,
 * a reload keeps it, and signing in from a fresh browser brings it back (the preference is the
 * server's). The modeler's palette and properties panel speak Chinese when the UI does.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, useBrowserStack, watch } from '../support/browser';

const world = useBrowserStack({
  // The database is shared with the other test files, which sign in expecting Chinese.
  beforeClose: async (world) => {
    await world.stack.knex('users').update({ locale: 'zh-CN' });
  },
});

async function freshPage(): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name });

describe('the interface language', () => {
  it('switches to English, keeps it on reload and follows the user to a fresh browser', { timeout: 180_000 }, async () => {
    const page = await freshPage();
    const seen = watch(page);
    await login(page, world.baseUrl, 'zhujian');
    await menuItem(page, '待办').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await page.getByText('English', { exact: true }).click();
    // The page reloads in English: the menu, the inbox and antd's own texts.
    await menuItem(page, 'Inbox').waitFor();
    await menuItem(page, 'Matters').waitFor();
    await page.getByText('Open tasks').first().waitFor();
    await page.getByRole('button', { name: /Sign out/ }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    expect(await page.getByText('待办任务').count()).toBe(0);

    await page.reload();
    await menuItem(page, 'Inbox').waitFor();
    expect(await page.title()).toBe('Supervision');
    expect(seen.errors).toEqual([]);
    await page.context().close();

    // Another browser, nothing stored: the login page is Chinese, and signing in turns the page English.
    const fresh = await freshPage();
    await login(fresh, world.baseUrl, 'zhujian');
    await menuItem(fresh, 'Inbox').waitFor();
    await fresh.getByText('Open tasks').first().waitFor();

    // Back to Chinese from the switch.
    await fresh.getByText('中文', { exact: true }).click();
    await menuItem(fresh, '待办').waitFor();
    await fresh.context().close();
  });

  it("shows the modeler's palette and properties panel in Chinese", { timeout: 120_000 }, async () => {
    const page = await freshPage();
    await login(page, world.baseUrl, 'designer');
    await page.goto(`${world.baseUrl}/modeler`);
    const taskEntry = page.locator('.djs-palette .entry.bpmn-icon-task');
    await taskEntry.waitFor();
    expect(await taskEntry.getAttribute('aria-label')).toBe('创建任务');
    expect(await page.locator('.djs-palette .entry.bpmn-icon-start-event-none').getAttribute('aria-label')).toBe('创建开始事件');
    // Nothing selected, the panel shows the process: its General group and its fields.
    await page.locator('.bio-properties-panel-group-header-title', { hasText: '常规' }).first().waitFor();
    // The group is folded until opened; its entries' labels are there already.
    expect(await page.locator('label[for="bio-properties-panel-name"]').textContent()).toBe('名称');
    expect(await page.locator('label[for="bio-properties-panel-id"]').textContent()).toBe('标识');
    await page.context().close();
  });
});
