/**
 * The modeler's versions and the server's check in the browser: two versions of a process deployed
 * over the API are listed with who deployed them, their diff marks the element added, and a diagram
 * the linter accepts but the server compiler refuses shows the server's problem on its element,
 * listed in the problems panel, with deploying disabled.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { login, useBrowserStack, watch } from '../support/browser';

const world = useBrowserStack();

const userTask = (id: string, name: string, attributes = '') =>
  `<bpmn:userTask id="${id}" name="${name}" ${attributes}><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="office" /></bpmn:extensionElements></bpmn:userTask>`;

/** A Camunda 8.8 diagram: start → work → end, or (`review`) start → work → review → end. */
function version(processId: string, { review = false, workAttributes = '' } = {}): string {
  const last = review ? 'review' : 'work';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:duban="http://duban.dev/schema/bpmn" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="版本测试流程" isExecutable="true">
    <bpmn:startEvent id="start" />
    ${userTask('work', '办理', workAttributes)}
    ${review ? userTask('review', '复核') : ''}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    ${review ? '<bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="review" />' : ''}
    <bpmn:sequenceFlow id="f2" sourceRef="${last}" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="work_di" bpmnElement="work"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      ${review ? '<bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="390" y="80" width="100" height="80" /></bpmndi:BPMNShape>' : ''}
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="542" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      ${review ? '<bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="340" y="120" /><di:waypoint x="390" y="120" /></bpmndi:BPMNEdge>' : ''}
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="${review ? 490 : 340}" y="120" /><di:waypoint x="542" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

describe('versions and the server check in the modeler', () => {
  it('lists the versions, marks what the newer one added, and checks a drawing on the server', { timeout: 180_000 }, async () => {
    const processId = `versions-e2e-${Date.now()}`;
    const designer = await world.stack.login('designer');
    for (const review of [false, true]) {
      const res = await world.stack.call(designer, { method: 'POST', url: '/api/process-definitions', payload: version(processId, { review }), headers: { 'content-type': 'application/xml' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }

    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'designer');
    await page.goto(`${world.baseUrl}/modeler/${processId}`);
    await page.locator('.djs-element[data-element-id="review"]').waitFor();

    // Every version, newest first, with who deployed it; choosing one opens it.
    const picker = page.getByRole('combobox', { name: '版本' });
    await page.locator('.ant-select').filter({ has: picker }).getByText(/第 2 版 · designer/).waitFor();
    await picker.click();
    const options = page.locator('.ant-select-item-option');
    await expect.poll(() => options.allInnerTexts()).toEqual([expect.stringMatching(/^第 2 版 · designer · /), expect.stringMatching(/^第 1 版 · designer · /)]);
    await options.filter({ hasText: '第 1 版' }).click();
    await page.waitForURL(new RegExp(`/modeler/${processId}\\?version=1$`));
    await page.locator('.djs-element[data-element-id="work"]').waitFor();
    await expect.poll(() => page.locator('.djs-element[data-element-id="review"]').count()).toBe(0);

    // The diff of the latest version with the one before: the review task is added, marked on the newer diagram and listed.
    await page.goto(`${world.baseUrl}/modeler/${processId}`);
    await page.locator('.djs-element[data-element-id="review"]').waitFor();
    await page.getByRole('button', { name: '与上一版对比' }).click();
    await page.waitForURL(new RegExp(`/modeler/${processId}/diff\\?from=1&to=2$`));
    const newer = page.getByTestId('diff-第 2 版');
    await newer.locator('.djs-element.diff-added[data-element-id="review"]').waitFor();
    await newer.locator('.djs-element.diff-added[data-element-id="f3"]').waitFor({ state: 'attached' });
    // The end flow now leaves the review task: changed, on both diagrams (a flat line: attached, never "visible").
    await page.getByTestId('diff-第 1 版').locator('.djs-element.diff-changed[data-element-id="f2"]').waitFor({ state: 'attached' });
    const added = page.getByTestId('diff-change').filter({ hasText: 'review' });
    expect(await added.innerText()).toContain('新增');
    expect(await added.innerText()).toContain('复核');
    await added.getByRole('button', { name: 'review' }).click();
    await newer.locator('.djs-element.diff-focus[data-element-id="review"]').waitFor();

    // A drawing the linter accepts but the server compiler refuses: the server's problem is listed and
    // marked on its element without deploying, and deploying is disabled.
    await page.goto(`${world.baseUrl}/modeler`);
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').waitFor();
    const refused = path.join(world.files, 'refused.bpmn');
    await writeFile(refused, version(`${processId}-refused`, { workAttributes: 'duban:dueInWorkingDays="x"' }));
    await page.locator('input[type=file][accept=".bpmn,.xml"]').setInputFiles(refused);
    await page.locator('.djs-element[data-element-id="work"]').waitFor();
    const problem = page.getByTestId('modeler-problem').filter({ hasText: 'duban:dueInWorkingDays "x" is not a whole number of working days' });
    await problem.waitFor();
    expect(await problem.innerText()).toContain('错误');
    expect(await page.getByTestId('modeler-problem').filter({ hasText: 'must have' }).count()).toBe(0);
    await page.locator('.djs-element.server-problem-error[data-element-id="work"]').waitFor();
    await page.locator('.djs-overlays[data-container-id="work"] .server-problem-badge-error').waitFor();
    const deploy = page.getByRole('button', { name: /部\s*署/ });
    await expect.poll(() => deploy.isDisabled()).toBe(true);
    await problem.getByRole('button', { name: 'work' }).click();
    await page.locator('.djs-element.selected[data-element-id="work"]').waitFor();

    // The diagram fixed: the server's error goes, and deploying is possible again.
    const fixed = path.join(world.files, 'fixed.bpmn');
    await writeFile(fixed, version(`${processId}-refused`, { workAttributes: 'duban:dueInWorkingDays="3"' }));
    await page.locator('input[type=file][accept=".bpmn,.xml"]').setInputFiles(fixed);
    await expect.poll(() => problem.count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => deploy.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.locator('.djs-element.server-problem-error').count()).toBe(0);
    // Nothing was stored by the checks.
    expect(await world.stack.knex('process_definitions').where({ key: `${processId}-refused` }).count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);

    expect(seen.violations).toEqual([]);
    expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
    await page.close();
  });
});
