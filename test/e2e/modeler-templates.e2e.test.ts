/**
 * The supervision office's building blocks in the modeler: a designer appends the "定期报送" block from
 * the append menu, names its unit in the template's fields, sets its due working days in the
 * "督办属性" group, deploys, and the deployed diagram carries what the compiler reads; a plain task turns
 * into a warning through its "change element" menu.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, useBrowserStack, watch } from '../support/browser';

const world = useBrowserStack();

/** Opens the properties panel's group of that title, unless it is open. */
async function openGroup(page: Page, title: string) {
  const header = page.locator('.bio-properties-panel-group-header').filter({ has: page.locator('.bio-properties-panel-group-header-title', { hasText: new RegExp(`^${title}$`) }) });
  await header.waitFor();
  if (!/\bopen\b/.test((await header.getAttribute('class')) ?? '')) await header.click();
}

/** The properties panel's entry labelled so. */
function entry(page: Page, label: string) {
  return page.locator('.bio-properties-panel-entry').filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });
}

describe('supervision building blocks in the modeler', () => {
  it('appends a periodic report, sets its unit and working days, turns a task into a warning, and deploys them', { timeout: 180_000 }, async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'designer');
    await page.goto(`${world.baseUrl}/modeler`);
    const start = page.locator('.djs-element[data-element-id="StartEvent_1"]');
    await start.waitFor();

    // The append menu lists the office's blocks by their Chinese names.
    await start.click();
    await page.locator('.djs-context-pad .entry[data-action="append"]').click();
    await page.locator('.djs-popup-search input').fill('定期报送');
    await page.locator('.djs-popup-results .entry').filter({ hasText: '定期报送' }).first().click();
    const task = page.locator('.djs-element.djs-shape.selected').filter({ hasText: '定期报送' });
    await task.waitFor();
    const taskId = await task.getAttribute('data-element-id');
    expect(taskId).toBeTruthy();

    // The template's own field: the responsible unit, a FEEL expression by default, set to a unit id.
    await openGroup(page, '办理');
    const unit = entry(page, '责任单位');
    await unit.locator('.bio-properties-panel-feel-icon').click();
    await unit.locator('input').fill('dev-reform');

    // The supervision group: the block's node kind, and its due date in working days.
    await openGroup(page, '督办属性');
    expect(await page.locator('#bio-properties-panel-duban-node').inputValue()).toBe('report');
    const days = page.locator('#bio-properties-panel-duban-dueInWorkingDays');
    await days.fill('7x');
    await page.locator('[data-entry-id="duban-dueInWorkingDays"] .bio-properties-panel-error', { hasText: '填写工作日天数（整数），或以 = 开头的 FEEL 表达式' }).waitFor();
    await days.fill('7');

    // Deployed, the diagram has the attributes and bindings the compiler reads.
    const deploy = page.getByRole('button', { name: /部\s*署/ });
    await expect.poll(() => deploy.isEnabled(), { timeout: 30_000 }).toBe(true);
    await deploy.click();
    const deployed = page.getByText(/^已部署 Process_\w+ 第 1 版$/).first();
    await deployed.waitFor();
    const key = /已部署 (Process_\w+) 第/.exec(await deployed.innerText())![1];
    // The deployed diagram, read with the designer's token as the UI reads it.
    const token = await page.evaluate(() => localStorage.getItem('duban.token'));
    const response = await page.request.get(`${world.baseUrl}/api/process-definitions/${key}/xml`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status()).toBe(200);
    const xml = await response.text();
    const element = new RegExp(`<bpmn:userTask id="${taskId}"[^>]*>[\\s\\S]*?</bpmn:userTask>`).exec(xml)?.[0] ?? '';
    expect(element).toContain('name="定期报送"');
    expect(element).toContain('zeebe:modelerTemplate="duban.report"');
    expect(element).toContain('duban:node="report"');
    expect(element).toContain('duban:dueInWorkingDays="7"');
    expect(element).toContain('duban:exception="=approved = false"');
    expect(element).toContain('candidateGroups="dev-reform"');
    expect(element).toContain('externalReference="report"');
    expect(element).toContain('<zeebe:userTask');
    expect(xml).toContain('xmlns:duban="http://duban.dev/schema/bpmn"');

    // A plain task after it becomes a warning through its "change element" menu, and deploys as one.
    // Selected afresh (a click on the empty canvas first), the task shows its context pad.
    await page.locator('.djs-container svg').first().click({ position: { x: 700, y: 420 } });
    await page.locator(`.djs-element[data-element-id="${taskId}"]`).click();
    await page.locator('.djs-context-pad .entry[data-action="append.append-task"]').click();
    await page.locator('.djs-context-pad .entry[data-action="replace"]').click();
    await page.locator('.djs-popup-search input').fill('预警提醒');
    await page.locator('.djs-popup-results .entry').filter({ hasText: '预警提醒' }).first().click();
    await page.locator('.djs-element.djs-shape.selected').filter({ hasText: '预警提醒' }).waitFor();
    await expect.poll(() => deploy.isEnabled(), { timeout: 30_000 }).toBe(true);
    await deploy.click();
    await page.getByText(`已部署 ${key} 第 2 版`).first().waitFor();
    const second = await (await page.request.get(`${world.baseUrl}/api/process-definitions/${key}/xml`, { headers: { Authorization: `Bearer ${token}` } })).text();
    const warning = /<bpmn:serviceTask [^>]*name="预警提醒"[^>]*>[\s\S]*?<\/bpmn:serviceTask>/.exec(second)?.[0] ?? '';
    expect(warning).toContain('zeebe:modelerTemplate="duban.warning"');
    expect(warning).toContain('<zeebe:taskDefinition type="notify"');
    expect(warning).toContain('target="notifyKind"');

    expect(seen.violations).toEqual([]);
    expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
    await page.close();
  });
});
