/**
 * Playing a diagram in the modeler: the designer starts the shipped basic flow in the sandbox,
 * completes its first task from the play panel, sees the token move on the canvas, moves the drill
 * clock, and leaves play with the modeler as it was; an edit ends a play. Nothing is written to the server meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { login, useBrowserStack, watch } from '../support/browser';

const world = useBrowserStack();

describe('playing a diagram in the modeler', () => {
  it('runs the shipped flow in the sandbox, task by task, on the drill clock', { timeout: 180_000 }, async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'designer');
    await page.goto(`${world.baseUrl}/modeler`);
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').waitFor();
    await page.getByRole('combobox', { name: '从督办流程新建' }).click();
    await page.getByTitle('基础督办流程').click();
    await page.locator('.djs-element[data-element-id="Distribute"]').waitFor();
    await page.locator('.djs-palette').waitFor();

    // From here on, the play may only read. (The server's check of the diagram as loaded, a POST that
    // stores nothing, may still answer the import.)
    const writes: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api') && pathname !== '/api/deployments/check' && request.method() !== 'GET') writes.push(`${request.method()} ${request.url()}`);
    });

    await page.getByRole('button', { name: '试运行' }).click();
    const panel = page.getByTestId('play-panel');
    await panel.waitFor();
    // The canvas is read-only: no palette to draw with, and deploying waits for the play to end.
    await expect.poll(() => page.locator('.djs-palette').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: /部\s*署/ }).isDisabled()).toBe(true);

    await panel.getByRole('textbox', { name: '启动变量' }).fill('leadUnit=housing\ndeadline=2099-12-31');
    await panel.getByRole('button', { name: /开\s*始/ }).click();

    // The first task waits, marked active on the canvas with its token.
    const distribute = panel.locator('[data-testid="play-task"][data-element-id="Distribute"]');
    await distribute.waitFor();
    await page.locator('.djs-element.play-active[data-element-id="Distribute"]').waitFor();
    expect(await page.getByTestId('play-tokens').allInnerTexts()).toEqual(['1']);
    expect(await page.locator('.djs-element.play-done[data-element-id="Start"]').count()).toBe(1);

    await distribute.getByRole('button', { name: /完\s*成/ }).click();

    // The token moved on: the report is active, the first task and the flow to the report are done.
    const report = panel.locator('[data-testid="play-task"][data-element-id="Report"]');
    await report.waitFor();
    expect(await report.innerText()).toContain('housing');
    await page.locator('.djs-element.play-active[data-element-id="Report"]').waitFor();
    await page.locator('.djs-element.play-done[data-element-id="Distribute"]').waitFor();
    expect(await page.locator('.djs-element.play-active[data-element-id="Distribute"]').count()).toBe(0);
    expect(await page.locator('.djs-connection.play-taken[data-element-id="Flow_ToReport"]').count()).toBe(1);
    expect(await distribute.count()).toBe(0);
    expect(await panel.getByTestId('play-log').innerText()).toContain('完成任务 督查室交办（Distribute）');

    // The drill clock moves a day on; the log says so.
    const clock = panel.getByTestId('play-clock');
    const before = await clock.innerText();
    await panel.getByRole('button', { name: '+1 天' }).click();
    await expect.poll(() => clock.innerText()).not.toBe(before);
    expect(await panel.getByTestId('play-log').innerText()).toContain('时钟前进');

    // Completing with variables: returned, the report is asked for again.
    await report.getByRole('button', { name: /完\s*成/ }).click();
    const review = panel.locator('[data-testid="play-task"][data-element-id="Review"]');
    await review.waitFor();
    await review.getByRole('textbox').fill('approved=true');
    await review.getByRole('button', { name: /完\s*成/ }).click();
    await expect.poll(() => panel.getByTestId('play-status').innerText()).toBe('已办结');
    await page.locator('.djs-element.play-done[data-element-id="Closed"]').waitFor();
    expect(await page.locator('.djs-element.play-active').count()).toBe(0);

    // Leaving play restores the modeler: no marks, the palette back, deploying possible again.
    await page.getByRole('button', { name: '结束试运行' }).click();
    await panel.waitFor({ state: 'detached' });
    await page.locator('.djs-palette').waitFor();
    expect(await page.locator('.djs-element.play-done, .djs-element.play-active, .djs-connection.play-taken').count()).toBe(0);
    expect(await page.getByTestId('play-tokens').count()).toBe(0);

    // Playing again, an edit to the diagram ends the play (its marks go with it).
    await page.getByRole('button', { name: '试运行' }).click();
    await panel.getByRole('textbox', { name: '启动变量' }).fill('leadUnit=housing');
    await panel.getByRole('button', { name: /开\s*始/ }).click();
    await page.locator('.djs-element.play-active[data-element-id="Distribute"]').waitFor();
    await page.locator('.djs-element[data-element-id="Review"]').click();
    await page.locator('.djs-element.selected[data-element-id="Review"]').waitFor();
    await page.keyboard.press('Delete');
    await panel.waitFor({ state: 'detached' });
    await page.getByText('流程图已修改，试运行已结束').waitFor();
    expect(await page.locator('.djs-element[data-element-id="Review"]').count()).toBe(0);
    expect(await page.locator('.djs-element.play-active').count()).toBe(0);

    expect(writes).toEqual([]);
    expect(seen.violations).toEqual([]);
    expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
    await page.close();
  });
});
