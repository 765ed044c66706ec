/**
 * Forms in the browser: a designer opens /forms, starts a new form, imports a `.form` file into
 * form-js's editor, edits a field in its properties panel and deploys it; the form is listed. A process
 * whose user task links that form runs, and the unit's handler sees the form-js form on the task page,
 * filled with the matter's variables: a missing required field is refused (form-js marks it, nothing is
 * sent), the filled form completes the task with the form's data.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { eventuallyEnabled, login, useBrowserStack, watch } from '../support/browser';
import { eventually } from '../support/wait';

const world = useBrowserStack();

const formId = `e2e-feedback-${Date.now()}`;

/** What the designer imports: a variable of the matter (read-only), the unit's progress (required once edited) and a count. */
const importedForm = {
  id: 'whatever-the-file-says',
  type: 'default',
  components: [
    { type: 'textfield', id: 'Field_location', key: 'location', label: '地点', readonly: true },
    { type: 'textarea', id: 'Field_progress', key: 'progress', label: '进展' },
    { type: 'number', id: 'Field_achieved', key: 'achieved', label: '完成量', validate: { min: 0 } },
  ],
};

describe('forms in the browser', () => {
  it('a designer creates, edits and deploys a form; the unit completes a task through it', { timeout: 240_000 }, async () => {
    const file = path.join(world.files, 'feedback.form');
    await writeFile(file, JSON.stringify(importedForm));

    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'designer');
    await page.getByRole('menuitem', { name: /表单设计/ }).click();
    await page.waitForURL(/\/forms$/);
    await page.getByRole('button', { name: '新建表单' }).click();
    await page.waitForURL(/\/forms\/new$/);
    await page.locator('.fjs-editor-container').first().waitFor();

    // A file brings its fields (and its id); the new form gets the id tasks will link, and a name.
    await page.locator('input[type=file]').setInputFiles(file);
    const progress = page.locator('.fjs-editor-container [data-id="Field_progress"]');
    await progress.waitFor();
    expect(await page.getByRole('textbox', { name: '表单标识' }).inputValue()).toBe('whatever-the-file-says');
    await page.getByRole('textbox', { name: '表单标识' }).fill(formId);
    await page.getByRole('textbox', { name: '名称' }).fill('办理反馈');

    // Edited in form-js's properties panel: the progress field gets a new label and becomes required.
    await progress.click();
    await page.locator('.bio-properties-panel-group-header', { hasText: 'General' }).click();
    const label = page.locator('#bio-properties-panel-label');
    await label.waitFor();
    await label.fill('办理进展');
    await page.locator('.fjs-editor-container .fjs-form').getByText('办理进展').first().waitFor();
    await page.locator('.bio-properties-panel-group-header', { hasText: 'Validation' }).click();
    await page.locator('#bio-properties-panel-required').check();

    const deploy = page.getByRole('button', { name: /部\s*署/ });
    await eventuallyEnabled(deploy);
    await deploy.click();
    await page.getByText(`已部署表单 ${formId} 第 1 版`).first().waitFor();
    await page.waitForURL(new RegExp(`/forms/${formId}$`));

    // Listed, with who deployed it; the deployed schema has the edits.
    await page.goto(`${world.baseUrl}/forms`);
    await page.getByRole('link', { name: formId }).waitFor();
    await page.getByText('办理反馈').first().waitFor();
        const designer = await world.stack.login('designer');
    const deployed = await world.stack.call(designer, { method: 'GET', url: `/api/forms/${formId}` });
    expect(deployed.body).toMatchObject({ id: formId, name: '办理反馈' });
    expect(deployed.body.components).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'progress', label: '办理进展', validate: expect.objectContaining({ required: true }) })]),
    );
    expect(seen.violations).toEqual([]);
    expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
    await page.close();

    // A process whose user task links the form, for the housing bureau.
    const processKey = `e2e-form-process-${Date.now()}`;
    const xml = diagram(
      processKey,
      [start(), userTask('feedback', 'housing').replace('</bpmn:extensionElements>', `<zeebe:formDefinition formId="${formId}"/></bpmn:extensionElements>`), end(), flows('start -> feedback\nfeedback -> end')].join('\n'),
    );
    const upload = new FormData();
    upload.append('file', new Blob([xml]), `${processKey}.bpmn`);
    expect((await world.stack.call(designer, { method: 'POST', url: '/api/deployments', payload: upload })).status).toBe(201);
    const supervisor = await world.stack.login('supervisor');
    const matter = await world.stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey, title: '表单办理测试', variables: { location: '城东片区' } } });
    expect(matter.status, JSON.stringify(matter.body)).toBe(201);
    const task = await eventually(() => world.stack.knex('tasks').where({ matter_id: matter.body.id, status: 'open' }).first(), 30_000);

    const unit = await world.browser.newPage({ viewport: { width: 1280, height: 900 } });
    unit.setDefaultTimeout(60_000);
    const unitSeen = watch(unit);
    await login(unit, world.baseUrl, 'zhujian');
    await unit.goto(`${world.baseUrl}/tasks/${task.id}`);
    const form = unit.getByTestId('task-form-js');
    await form.locator('.fjs-form').waitFor();
    // Filled with the matter's variables.
    expect(await form.getByLabel('地点').inputValue()).toBe('城东片区');

    // The required progress is missing: form-js marks it and nothing is sent.
    const submit = unit.getByRole('button', { name: /提\s*交/ });
    await submit.click();
    await form.locator('.fjs-form-field-error').first().waitFor();
    await unit.getByText('请先改正表单中标出的错误').waitFor();
    expect(unitSeen.urls.filter((url) => url.endsWith('/complete'))).toEqual([]);

    await form.getByLabel('办理进展').fill('已完成选址');
    await form.getByLabel('完成量').fill('12');
    await submit.click();
    await unit.waitForURL(/\/inbox$/);
    const done = await world.stack.call(supervisor, { method: 'GET', url: `/api/matters/${matter.body.id}` });
    expect(done.body.variables).toMatchObject({ progress: '已完成选址', achieved: 12 });
    expect(unitSeen.violations).toEqual([]);
    expect(unitSeen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
    await unit.close();
  });
});
