/**
 * A person's view: the built web UI served by the API, driven in Debian's Chromium. A supervisor
 * distributes a matter, the lead unit reports from its inbox (on a phone), the supervisor approves.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, useBrowserStack, watch } from '../support/browser';
import { eventually } from '../support/wait';

const world = useBrowserStack();

async function openTaskFor(page: Page, title: string) {
  await page.goto(`${world.baseUrl}/inbox`);
  await page.getByText(title).first().click();
  await page.waitForURL(/\/tasks\//);
}

describe('inbox in the browser', () => {
  // Generous timeouts: Chromium shares two cores with Temporal, PostgreSQL and the worker.
  it('moves a matter from the supervisor to the unit and back to its end', { timeout: 180_000 }, async () => {
    const title = `城区背街小巷改造 ${Date.now()}`;
    const token = await world.stack.login('supervisor');
    const started = await world.stack.call(token, {
      method: 'POST',
      url: '/api/matters',
      // Overdue since 2020: it heads the unit's inbox however many other tasks the shared database holds.
      payload: { processKey: 'supervision-basic', title, variables: { leadUnit: 'dev-reform', deadline: '2020-01-01' } },
    });
    expect(started.status).toBe(201);

    const desk = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
    desk.setDefaultTimeout(60_000);
    const deskSeen = watch(desk);
    await login(desk, world.baseUrl, 'supervisor');
    await openTaskFor(desk, title);
    await desk.getByRole('button', { name: /提\s*交/ }).click();
    await desk.waitForURL(/\/inbox/);

    const phone = await world.browser.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(60_000);
    const phoneSeen = watch(phone);
    await login(phone, world.baseUrl, 'fagai');
    await openTaskFor(phone, title);
    await phone.getByLabel('进展情况').fill('已完成选址，正在招标');
    await phone.getByRole('button', { name: /提\s*交/ }).click();
    await phone.waitForURL(/\/inbox/);

    await openTaskFor(desk, title);
    await desk.getByText('通过', { exact: true }).click();
    await desk.getByRole('button', { name: /提\s*交/ }).click();
    await desk.waitForURL(/\/inbox/);

    const matter = await eventually(async () => {
      const row = await world.stack.knex('matters').where({ id: started.body.id }).first();
      return row.status === 'completed' ? row : undefined;
    });
    expect(matter.variables).toMatchObject({ approved: true });

    // The pages that draw (the diagram, the board's charts) run under the same policy.
    await desk.goto(`${world.baseUrl}/matters/${started.body.id}`);
    await desk.locator('.djs-container svg').first().waitFor();
    await desk.goto(`${world.baseUrl}/board`);
    await desk.locator('canvas').first().waitFor();
    // The administrator's working-day calendar: 2026's National Day as the State Council set it.
    const admin = await world.browser.newPage({ viewport: { width: 1280, height: 800 } });
    admin.setDefaultTimeout(60_000);
    const adminSeen = watch(admin);
    await login(admin, world.baseUrl, 'admin');
    await admin.goto(`${world.baseUrl}/organisation`);
    await admin.getByRole('tab', { name: '工作日历' }).click();
    const year = admin.getByRole('spinbutton');
    await year.fill('2026');
    await year.press('Enter');
    await admin.getByRole('cell', { name: '2026-10-01' }).waitFor();
    await admin.getByRole('cell', { name: '2026-10-10' }).waitFor();
    await admin.close();

    for (const seen of [deskSeen, phoneSeen, adminSeen]) {
      expect(seen.violations).toEqual([]);
      expect(seen.urls.filter((url) => /token=/i.test(url))).toEqual([]);
      // The live stream was opened, with its token in a header.
      expect(seen.urls.some((url) => url.endsWith('/api/notifications/stream'))).toBe(true);
    }
    await desk.close();
    await phone.close();
  });
});
