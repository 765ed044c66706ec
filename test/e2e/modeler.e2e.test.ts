/**
 * The designer's modeler in the browser: a new diagram shows, an imported diagram with a lint error
 * (or one the server compiler refuses) is listed in the problems panel and cannot be deployed, a
 * valid one deploys with the compiler's warnings shown and appears in the process list. A unit's
 * handler has no modeler. The editors load only on designer pages: the build's bundle report and
 * the inbox's own requests say so.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESIGNER_PACKAGES, designerPackagesByPage, isDesignerPage, readReport } from '../../web/bundle-report';
import { eventuallyEnabled, eventuallyDisabled, login, useBrowserStack, watch } from '../support/browser';

const world = useBrowserStack();

/** A Camunda 8.8 diagram: start → `task` → end, laid out left to right. */
function camundaDiagram(processId: string, task: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="建模器测试流程" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${task}
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="work_di" bpmnElement="work"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** Lints clean, but the server's compiler refuses it: a condition written in JavaScript on flow `toWork`. */
function javascriptConditionDiagram(processId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_2" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="gw" default="skip"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>toEnd</bpmn:outgoing><bpmn:outgoing>skip</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="end"><bpmn:incoming>toEnd</bpmn:incoming><bpmn:incoming>skip</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:sequenceFlow id="toEnd" sourceRef="gw" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">x &gt; 1</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="skip" sourceRef="gw" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_di" bpmnElement="gw" isMarkerVisible="true"><dc:Bounds x="245" y="95" width="50" height="50" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="245" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="toEnd_di" bpmnElement="toEnd"><di:waypoint x="295" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="skip_di" bpmnElement="skip"><di:waypoint x="270" y="145" /><di:waypoint x="270" y="200" /><di:waypoint x="410" y="200" /><di:waypoint x="410" y="138" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

describe('modeler in the browser', () => {
  it('lints, refuses to deploy a faulty diagram, deploys a valid one', { timeout: 180_000 }, async () => {
    const processId = `modeler-e2e-${Date.now()}`;
    // A service task with no job type: Camunda 8's linter calls it an error.
    const faulty = path.join(world.files, 'faulty.bpmn');
    await writeFile(faulty, camundaDiagram(processId, '<bpmn:serviceTask id="work"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>'));
    // A user task nobody is assigned to: valid, and the compiler warns of it.
    const valid = path.join(world.files, 'valid.bpmn');
    await writeFile(
      valid,
      camundaDiagram(
        processId,
        '<bpmn:userTask id="work" name="办理"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>',
      ),
    );

    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'designer');
    await page.goto(`${world.baseUrl}/process-definitions`);
    await page.getByRole('button', { name: '新建流程' }).click();
    await page.waitForURL(/\/modeler$/);

    // The new diagram: its start event on the canvas, the properties panel beside it, nothing wrong.
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').waitFor();
    await page.locator('.bio-properties-panel').first().waitFor();
    await page.getByText('没有发现问题').waitFor();
    const deploy = page.getByRole('button', { name: /部\s*署/ });
    await eventuallyEnabled(deploy);

    // The palette draws: a task appended through it makes undo possible.
    const undo = page.getByRole('button', { name: '撤销' });
    expect(await undo.isDisabled()).toBe(true);
    await page.locator('.djs-palette .entry.bpmn-icon-task').click();
    await page.locator('.djs-container svg').first().click({ position: { x: 500, y: 300 } });
    await eventuallyEnabled(undo);
    const tasks = page.locator('.djs-element.djs-shape[data-element-id^="Activity_"]');
    expect(await tasks.count()).toBe(1);
    // bpmn-js's keyboard shortcuts: Ctrl+Z on the canvas takes the task back, the redo button brings it again.
    await page.locator('.djs-container').first().click({ position: { x: 600, y: 60 } });
    await page.keyboard.press('Control+z');
    await eventuallyDisabled(undo);
    expect(await tasks.count()).toBe(0);
    await page.getByRole('button', { name: '重做' }).click();
    await eventuallyEnabled(undo);
    expect(await tasks.count()).toBe(1);
    await undo.click();
    await eventuallyDisabled(undo);

    // A shipped supervision flow as the start of a new one: its elements show, under a process id of its own.
    await page.getByRole('combobox', { name: '从督办流程新建' }).click();
    await page.getByTitle('基础督办流程').click();
    await page.locator('.djs-element[data-element-id="Start"]').waitFor();
    // Nothing selected, the properties panel shows the process.
    await expect.poll(() => page.locator('#bio-properties-panel-id').inputValue(), { timeout: 30_000 }).toMatch(/^Process_/);
    expect(await undo.isDisabled()).toBe(true);

    // A faulty diagram: its problem is listed by element, and deploying is refused until it is fixed.
    await page.locator('input[type=file][accept=".bpmn,.xml"]').setInputFiles(faulty);
    await page.locator('.djs-element[data-element-id="work"]').waitFor();
    const problem = page.getByTestId('modeler-problem').filter({ hasText: 'must have a <Task definition type>' });
    await problem.waitFor();
    expect(await problem.innerText()).toContain('错误');
    // The linter marks the element on the canvas too.
    await page.locator('.djs-overlay-linting[data-container-id="work"], .djs-overlays[data-container-id="work"] .djs-overlay-linting').first().waitFor();
    expect(await deploy.isDisabled()).toBe(true);
    // The problem's element id selects the element on the canvas.
    await problem.getByRole('button', { name: 'work' }).click();
    await page.locator('.djs-element.selected[data-element-id="work"]').waitFor();

    // The server compiler's refusal is listed in the same panel, by element, without deploying: the
    // server checks the diagram as it is drawn, and deploying waits until it is fixed.
    const refused = path.join(world.files, 'refused.bpmn');
    await writeFile(refused, javascriptConditionDiagram(`${processId}-refused`));
    await page.locator('input[type=file][accept=".bpmn,.xml"]').setInputFiles(refused);
    await page.locator('.djs-element[data-element-id="gw"]').waitFor();
    const refusal = page.getByTestId('modeler-problem').filter({ hasText: 'condition language "javascript" is not supported' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('toEnd');
    await eventuallyDisabled(deploy);

    // The fixed diagram deploys; the compiler's warning about the unassigned task is shown.
    await page.locator('input[type=file][accept=".bpmn,.xml"]').setInputFiles(valid);
    // A warning (no form on the user task) is listed but does not hold deploying back.
    await page.getByTestId('modeler-problem').filter({ hasText: 'should have a defined <Form>' }).waitFor();
    await eventuallyEnabled(deploy);
    expect(await page.getByTestId('modeler-problem').filter({ hasText: 'Task definition type' }).count()).toBe(0);
    await deploy.click();
    await page.getByText(`已部署 ${processId} 第 1 版`).first().waitFor();
    await page.locator('.ant-alert').getByText('no candidate unit or assignee').waitFor();

    // The new process is in the list, and opens back in the modeler.
    await page.goto(`${world.baseUrl}/process-definitions`);
    await page.getByText(processId).waitFor();
    await page.goto(`${world.baseUrl}/process-definitions/${processId}`);
    await page.getByRole('button', { name: '在建模器中打开' }).click();
    await page.waitForURL(new RegExp(`/modeler/${processId}$`));
    await page.locator('.djs-element[data-element-id="work"]').waitFor();

    expect(seen.violations).toEqual([]);
    // Nothing else went wrong: antd's deprecation notices (the test build is React's development one)
    // are the only errors logged; the refused diagram was never sent to deploy.
    expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd'))).toEqual([]);
    await page.close();
  });

  it("does not offer a unit's handler the modeler", { timeout: 60_000 }, async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(30_000);
    await login(page, world.baseUrl, 'fagai');
    await page.getByRole('menuitem', { name: /待办/ }).waitFor();
    expect(await page.getByRole('menuitem', { name: /流程建模/ }).count()).toBe(0);
    await page.goto(`${world.baseUrl}/process-definitions`);
    await page.getByText('supervision-basic').first().waitFor();
    expect(await page.getByRole('button', { name: '新建流程' }).count()).toBe(0);
    // Typed in by hand, the address is refused.
    await page.goto(`${world.baseUrl}/modeler`);
    await page.getByText('没有权限').waitFor();
    expect(await page.locator('.djs-container').count()).toBe(0);
    await page.close();
  });
});

describe('bundles', () => {
  it('loads the designer editors only on designer pages: by the build report and by what the inbox fetches', { timeout: 60_000 }, async () => {
    const report = readReport(world.webRoot!);
    const pages = designerPackagesByPage(report);
    expect(pages.find((row) => row.page === 'web/src/pages/Modeler/ModelerPage.tsx')?.designer).toContain('bpmn-js');
    expect(pages.filter((row) => row.designer.length > 0 && !isDesignerPage(row.page))).toEqual([]);

    // The inbox in a browser fetches none of the chunks that carry an editor.
    const editorChunks = report.chunks.filter((chunk) => chunk.packages.some((name) => DESIGNER_PACKAGES.includes(name))).map((chunk) => chunk.file);
    expect(editorChunks.length).toBeGreaterThan(0);
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(30_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'fagai');
    // The page's data answered: its code was all fetched by then (the notification stream keeps
    // the network busy, so there is no idle to wait for).
    const tasksAnswered = page.waitForResponse((response) => response.url().includes('/api/tasks'));
    await page.goto(`${world.baseUrl}/inbox`);
    await tasksAnswered;
    expect(seen.urls.some((url) => /\/assets\/InboxPage-.*\.js$/.test(url))).toBe(true);
    const fetched = seen.urls.filter((url) => url.includes('/assets/'));
    expect(fetched.filter((url) => editorChunks.some((file) => url.endsWith(file)))).toEqual([]);
    await page.close();
  });
});
