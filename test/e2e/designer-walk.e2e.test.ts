/**
 * The designer's whole walk, in Chinese and again in English: a new diagram in the modeler, a
 * supervision building block (element template) appended, a task's assignment and form set in the
 * properties panel, a timer appended — its missing value a lint error marked on the canvas that holds
 * deploy back — fixed in the properties panel, deployed; a matter started on it; the unit's task opens
 * from the inbox with its form-js form, which refuses a missing required field and then completes.
 * Along the way every designer page is photographed at 1440 and 390 px (SCREENSHOT_DIR, by default
 * test-results/screenshots), and no page may scroll sideways at 390 px but the editors' own canvases.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventuallyDisabled, eventuallyEnabled, login, useBrowserStack, watch } from '../support/browser';
import { eventually } from '../support/wait';

const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? path.resolve('test-results/screenshots');
const USERS = ['designer', 'fagai'];

const world = useBrowserStack({
  // The database is shared with the other files, which expect Chinese.
  beforeClose: async (world) => {
    await world.stack.knex('users').whereIn('username', USERS).update({ locale: 'zh-CN' });
  },
});

type Locale = 'zh-CN' | 'en-US';

/** The texts the walk reads, in the language of the run. */
const words = {
  'zh-CN': { deploy: /部\s*署/, submit: /提\s*交/, fixErrors: '请先改正表单中标出的错误', deployed: /已部署 (\S+) 第 1 版/ },
  'en-US': { deploy: /Deploy$/, submit: /Submit$/, fixErrors: 'First correct the errors marked in the form', deployed: /Deployed (\S+) version 1/ },
} as const;

async function setLocale(locale: Locale) {
  for (const username of USERS) {
    const token = await world.stack.login(username);
    const response = await world.stack.call(token, { method: 'PUT', url: '/api/me/preferences', payload: { locale } });
    expect(response.status).toBe(200);
  }
}

/** The page as it stands, at desktop width and on a phone's. */
async function photograph(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-1440.png`) });
  const { width, height } = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  // Let the layout settle at the new width (antd's grid reacts to a resize event).
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-390.png`) });
  // The page itself does not scroll sideways; the editors' canvases pan within their own box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width, height });
}

/** Opens the properties panel's group (by its id, the same in every language) unless it is open. */
async function openGroup(page: Page, groupId: string) {
  const header = page.locator(`[data-group-id="group-${groupId}"] .bio-properties-panel-group-header`);
  await header.waitFor();
  if (!/\bopen\b/.test((await header.getAttribute('class')) ?? '')) await header.click();
}

/** Selects an element afresh (a click on the empty canvas first), so that its context pad shows. */
async function selectElement(page: Page, id: string) {
  const canvas = page.locator('.djs-container > svg').first();
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: box.width - 150, y: box.height - 30 } });
  await page.locator(`.djs-element[data-element-id="${id}"]`).first().click();
  await page.locator(`.djs-element.selected[data-element-id="${id}"]`).waitFor();
}

/** Appends a building block (element template) after an element, found by name in the append menu's search. */
async function appendTemplate(page: Page, from: string, name: string): Promise<string> {
  await selectElement(page, from);
  await page.locator('.djs-context-pad .entry[data-action="append"]').click();
  await page.locator('.djs-popup-search input').fill(name);
  await page.locator('.djs-popup-results .entry').filter({ hasText: name }).first().click();
  const created = page.locator('.djs-element.djs-shape.selected').filter({ hasText: name });
  await created.waitFor();
  return (await created.getAttribute('data-element-id'))!;
}

/** Appends after an element through one of its context pad's entries; the new element's id. */
async function appendFromPad(page: Page, from: string, action: string): Promise<string> {
  await selectElement(page, from);
  const before = await page.locator('.djs-element.djs-shape').count();
  await page.locator(`.djs-context-pad .entry[data-action="${action}"]`).click();
  await expect.poll(() => page.locator('.djs-element.djs-shape').count()).toBe(before + 1);
  return (await page.locator('.djs-element.djs-shape.selected').first().getAttribute('data-element-id'))!;
}

async function walk(locale: Locale) {
  const w = words[locale];
  await setLocale(locale);
  const suffix = locale === 'zh-CN' ? 'zh' : 'en';

  // The form the unit will fill: deployed beforehand (the form editor's own test draws one).
  const designerToken = await world.stack.login('designer');
  const formId = `walk-feedback-${suffix}-${Date.now()}`;
  const form = {
    id: formId,
    type: 'default',
    components: [
      { type: 'textarea', id: 'Field_progress', key: 'progress', label: locale === 'zh-CN' ? '办理进展' : 'Progress', validate: { required: true } },
      { type: 'number', id: 'Field_achieved', key: 'achieved', label: locale === 'zh-CN' ? '完成量' : 'Achieved', validate: { min: 0 } },
    ],
  };
  const upload = new FormData();
  upload.append('file', new Blob([JSON.stringify(form)]), `${formId}.form`);
  expect((await world.stack.call(designerToken, { method: 'POST', url: '/api/deployments', payload: upload })).status).toBe(201);

  const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(60_000);
  const seen = watch(page);
  await login(page, world.baseUrl, 'designer');
  // Signed in from a page in Chinese, the app reloads in the user's own language.
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 30_000 }).toBe(locale);
  await page.goto(`${world.baseUrl}/modeler`);
  await page.locator('.djs-element[data-element-id="StartEvent_1"]').waitFor();
  const deploy = page.getByRole('button', { name: w.deploy });
  await eventuallyEnabled(deploy);

  // A plain user task first: its assignment and its form set in the properties panel.
  const feedback = await appendFromPad(page, 'StartEvent_1', 'append.append-task');
  await page.locator('.djs-context-pad .entry[data-action="replace"]').click();
  await page.locator('.djs-popup-results .entry[data-id="replace-with-user-task"]').click();
  await page.locator(`.djs-element.selected[data-element-id="${feedback}"]`).waitFor();
  await openGroup(page, 'general');
  await page.locator('#bio-properties-panel-name').fill(locale === 'zh-CN' ? '办理反馈' : 'Feedback');
  await openGroup(page, 'assignmentDefinition');
  await page.locator('#bio-properties-panel-assignmentDefinitionCandidateGroups').fill('dev-reform');
  await openGroup(page, 'form');
  await page.locator('#bio-properties-panel-formType').selectOption('camunda-form-linked');
  await page.locator('#bio-properties-panel-formId').fill(formId);

  // A supervision building block after it, from the append menu's search.
  const report = await appendTemplate(page, feedback, '定期报送');

  // A timer after the report: without a value it is a lint error, marked on it, and deploy waits.
  const timer = await appendFromPad(page, report, 'append.intermediate-event');
  await page.locator('.djs-context-pad .entry[data-action="replace"]').click();
  await page.locator('.djs-popup-results .entry[data-id="replace-with-timer-intermediate-catch"]').click();
  await page.locator(`.djs-overlays[data-container-id="${timer}"] .djs-overlay-linting`).first().waitFor();
  await page.getByTestId('modeler-problem').filter({ hasText: timer }).first().waitFor();
  await eventuallyDisabled(deploy);
  await photograph(page, `modeler-problem-${suffix}`);

  // Fixed in the properties panel: a day's wait.
  await selectElement(page, timer);
  await openGroup(page, 'timer');
  await page.locator('#bio-properties-panel-timerEventDefinitionType').selectOption('timeDuration');
  await page.locator('#bio-properties-panel-timerEventDefinitionValue').fill('P1D');
  await expect.poll(() => page.getByTestId('modeler-problem').filter({ hasText: timer }).count(), { timeout: 30_000 }).toBe(0);
  const end = await appendFromPad(page, timer, 'append.end-event');
  expect(end).toBeTruthy();
  await eventuallyEnabled(deploy);
  await deploy.click();
  const deployedText = await page.getByText(w.deployed).first().innerText();
  const processKey = w.deployed.exec(deployedText)![1];

  // The deployed process as the designer drew it.
  const xml = (await world.stack.call(designerToken, { method: 'GET', url: `/api/process-definitions/${processKey}/xml` })).body as unknown as string;
  expect(xml).toContain(`formId="${formId}"`);
  expect(xml).toContain('candidateGroups="dev-reform"');
  expect(xml).toMatch(/<bpmn:timeDuration[^>]*>P1D<\/bpmn:timeDuration>/);
  expect(xml).toContain('zeebe:modelerTemplate="duban.report"');

  // The designer pages, photographed: the deployed diagram, its versions' diff, forms, decisions.
  await page.goto(`${world.baseUrl}/modeler/${processKey}`);
  await page.locator(`.djs-element[data-element-id="${timer}"]`).waitFor();
  await photograph(page, `modeler-${suffix}`);
  await page.goto(`${world.baseUrl}/modeler/${processKey}/diff?from=1&to=1`);
  await page.locator('.djs-container').first().waitFor();
  await photograph(page, `modeler-diff-${suffix}`);
  await page.goto(`${world.baseUrl}/forms`);
  await page.getByRole('link', { name: formId }).waitFor();
  await photograph(page, `forms-${suffix}`);
  await page.goto(`${world.baseUrl}/forms/${formId}`);
  await page.locator('.fjs-editor-container [data-id="Field_progress"]').waitFor();
  await photograph(page, `form-${suffix}`);
  await page.goto(`${world.baseUrl}/decisions`);
  await page.locator('.ant-table').first().waitFor();
  await photograph(page, `decisions-${suffix}`);
  await page.goto(`${world.baseUrl}/decisions/new`);
  await page.locator('.dmn-decision-table-container, .tjs-container').first().waitFor();
  await photograph(page, `decision-${suffix}`);
  expect(seen.violations).toEqual([]);
  expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
  await page.close();

  // A matter on the new process; the unit works its first task from the inbox through the form.
  const supervisor = await world.stack.login('supervisor');
  const title = `${locale === 'zh-CN' ? '设计员全流程' : 'Designer walk'} ${Date.now()}`;
  const matter = await world.stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey, title, variables: { leadUnit: 'dev-reform', deadline: '2020-01-01' } } });
  expect(matter.status, JSON.stringify(matter.body)).toBe(201);
  await eventually(() => world.stack.knex('tasks').where({ matter_id: matter.body.id, status: 'open', element_id: feedback }).first(), 30_000);

  const unit = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
  unit.setDefaultTimeout(60_000);
  const unitSeen = watch(unit);
  await login(unit, world.baseUrl, 'fagai');
  await expect.poll(() => unit.evaluate(() => document.documentElement.lang), { timeout: 30_000 }).toBe(locale);
  await unit.goto(`${world.baseUrl}/inbox`);
  await unit.getByText(title).first().click();
  await unit.waitForURL(/\/tasks\//);
  const taskForm = unit.getByTestId('task-form-js');
  await taskForm.locator('.fjs-form').waitFor();
  await photograph(unit, `task-form-${suffix}`);

  // The required progress is missing: form-js marks it and nothing is sent.
  const submit = unit.getByRole('button', { name: w.submit });
  await submit.click();
  await taskForm.locator('.fjs-form-field-error').first().waitFor();
  await unit.getByText(w.fixErrors).waitFor();
  expect(unitSeen.urls.filter((url) => url.endsWith('/complete'))).toEqual([]);

  await taskForm.getByLabel(form.components[0].label).fill(locale === 'zh-CN' ? '已完成选址' : 'Site chosen');
  await taskForm.getByLabel(form.components[1].label).fill('3');
  await submit.click();
  await unit.waitForURL(/\/inbox$/);
  // The matter moved on to the building block, for the same unit, with the form's data.
  await eventually(() => world.stack.knex('tasks').where({ matter_id: matter.body.id, status: 'open', element_id: report }).first(), 30_000);
  const after = await world.stack.call(supervisor, { method: 'GET', url: `/api/matters/${matter.body.id}` });
  expect(after.body.variables).toMatchObject({ achieved: 3 });
  expect(unitSeen.violations).toEqual([]);
  expect(unitSeen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
  await unit.close();
}

describe("the designer's walk in the browser", () => {
  it('in Chinese: draws from a building block, fixes a lint error, deploys; the unit works the form', { timeout: 360_000 }, async () => {
    await walk('zh-CN');
  });

  it('in English: the same walk', { timeout: 360_000 }, async () => {
    await walk('en-US');
  });
});
