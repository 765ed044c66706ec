/**
 * The designer's DMN editor in the browser: a new decision table is given an id, a rule cell is
 * edited, the server's refusal is listed by element, the fixed table deploys and is listed with who
 * deployed it. Then the modeler lists the decisions a diagram calls, deployed or not, and deploys
 * the diagram together with an attached .dmn whose decision was not deployed yet. dmn-js is no part
 * of what the inbox loads.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { login, useBrowserStack, watch } from '../support/browser';

const world = useBrowserStack();

/** A decision table with one rule answering "normal" for anything. */
function dmnFile(decisionId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${decisionId}" name="Attached" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${decisionId}" name="附带的决策">
    <decisionTable id="Table_${decisionId}" hitPolicy="FIRST">
      <input id="Input_${decisionId}" label="Amount"><inputExpression id="InputExpression_${decisionId}" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="Output_${decisionId}" name="level" typeRef="string" />
      <rule id="Rule_${decisionId}"><inputEntry id="In_${decisionId}"><text>-</text></inputEntry><outputEntry id="Out_${decisionId}"><text>"normal"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>
`;
}

/** A Camunda 8.8 diagram: start → `decide` (calls `first`) → `decideAgain` (calls `second`) → end. */
function ruleDiagram(processId: string, first: string, second: string): string {
  const task = (id: string, decisionId: string, incoming: string, outgoing: string) =>
    `<bpmn:businessRuleTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="${id}Result" /></bpmn:extensionElements><bpmn:incoming>${incoming}</bpmn:incoming><bpmn:outgoing>${outgoing}</bpmn:outgoing></bpmn:businessRuleTask>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="规则流程" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${task('decide', first, 'f1', 'f2')}
    ${task('decideAgain', second, 'f2', 'f3')}
    <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="decideAgain" />
    <bpmn:sequenceFlow id="f3" sourceRef="decideAgain" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decide_di" bpmnElement="decide"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="decideAgain_di" bpmnElement="decideAgain"><dc:Bounds x="400" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="552" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="340" y="120" /><di:waypoint x="400" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="500" y="120" /><di:waypoint x="552" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** Types `value` into a rule cell's FEEL editor, in place of what it held, and leaves the cell. */
async function editCell(page: Page, cell: ReturnType<Page['locator']>, value: string) {
  await cell.click();
  const editor = cell.locator('.feel-editor.focussed [contenteditable="true"]').first();
  await editor.waitFor();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(value);
  await page.getByRole('heading', { level: 4 }).click();
  await expect.poll(() => cell.innerText(), { timeout: 10_000 }).toContain(value);
}

describe('decisions in the browser', () => {
  it('creates, refuses, deploys and lists a decision table; the modeler deploys a diagram with its decisions', { timeout: 300_000 }, async () => {
    const stamp = Date.now();
    const decisionId = `route_e2e_${stamp}`;
    const attachedId = `attached_e2e_${stamp}`;
    const processId = `rules-e2e-${stamp}`;

    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const seen = watch(page);
    await login(page, world.baseUrl, 'designer');
    await page.getByRole('menuitem', { name: /待办/ }).waitFor();
    // The inbox loads none of the designer's editors.
    expect(seen.urls.filter((url) => /DecisionPage|dmn|ModelerPage/i.test(url))).toEqual([]);

    // The menu leads to the decisions; a new one starts from a small decision table.
    await page.getByRole('menuitem', { name: /决策/ }).click();
    await page.waitForURL(/\/decisions$/);
    await page.getByRole('button', { name: '新建决策' }).click();
    await page.waitForURL(/\/decisions\/new$/);
    await page.locator('.dmn-decision-table-container').waitFor();

    // The id the business rule task will call it by.
    const idInput = page.getByLabel('决策编号');
    await idInput.fill(decisionId);
    await idInput.press('Enter');
    await expect.poll(() => idInput.inputValue()).toBe(decisionId);

    // A rule's input entry that does not parse: the server refuses, naming the rule.
    const inputCell = page.locator('tbody td.input-cell').first();
    const outputCell = page.locator('tbody td.output-cell').first();
    await editCell(page, inputCell, '[1..');
    const deploy = page.getByRole('button', { name: /部\s*署/ });
    await deploy.click();
    const problems = page.getByTestId('deployment-problems');
    await problems.waitFor();
    expect(await problems.innerText()).toMatch(/Rule_\w+.*does not parse/);

    // Fixed, and the output cell edited: the table deploys.
    await editCell(page, inputCell, '-');
    await editCell(page, outputCell, '"housing"');
    await deploy.click();
    await page.getByText(`已部署决策 ${decisionId} 第 1 版`).waitFor();
    const designer = await world.stack.login('designer');
    const xml = await world.stack.call(designer, { method: 'GET', url: `/api/decisions/${decisionId}/xml` });
    expect(xml.body).toContain('"housing"');

    // Listed, with who deployed it.
    await page.goto(`${world.baseUrl}/decisions`);
    const row = page.getByRole('row').filter({ hasText: decisionId });
    await row.waitFor();
    expect(await row.innerText()).toContain('designer');

    // The modeler: a diagram calling the decision deployed and one not deployed yet.
    const diagramFile = path.join(world.files, `${processId}.bpmn`);
    await writeFile(diagramFile, ruleDiagram(processId, decisionId, attachedId));
    const attachment = path.join(world.files, `${attachedId}.dmn`);
    await writeFile(attachment, dmnFile(attachedId));
    await page.goto(`${world.baseUrl}/modeler`);
    await page.locator('.djs-element[data-element-id="StartEvent_1"]').waitFor();
    await page.locator('input[type=file][accept=".bpmn,.xml"]').setInputFiles(diagramFile);
    await page.locator('.djs-element[data-element-id="decideAgain"]').waitFor();
    const linked = page.getByTestId('linked-resource');
    await linked.filter({ hasText: decisionId }).filter({ hasText: '已部署（第 1 版）' }).waitFor();
    await linked.filter({ hasText: attachedId }).filter({ hasText: '未部署' }).waitFor();

    // The missing decision's file is attached, and deploys with the diagram in one go.
    await page.locator('input[type=file][accept=".dmn,.form"]').setInputFiles(attachment);
    await linked.filter({ hasText: attachedId }).filter({ hasText: '随流程图一起部署' }).waitFor();
    const deployDiagram = page.getByRole('button', { name: /部\s*署/ });
    await expect.poll(() => deployDiagram.isEnabled(), { timeout: 30_000 }).toBe(true);
    await deployDiagram.click();
    await page.getByText(`已部署 ${processId} 第 1 版`).first().waitFor();
    await linked.filter({ hasText: attachedId }).filter({ hasText: '已部署（第 1 版）' }).waitFor();
    expect(await page.getByTestId('attachment').count()).toBe(0);
    const attached = await world.stack.call(designer, { method: 'GET', url: `/api/decisions/${attachedId}/xml` });
    expect(attached.status).toBe(200);

    // The linked decision opens in the DMN editor.
    await linked.filter({ hasText: decisionId }).getByRole('link', { name: decisionId }).click();
    await page.waitForURL(new RegExp(`/decisions/${decisionId}$`));
    await page.locator('.dmn-decision-table-container').waitFor();
    await expect.poll(() => page.locator('tbody td.output-cell').first().innerText()).toContain('"housing"');

    expect(seen.violations).toEqual([]);
    // The refused deploy's 400 and antd's deprecation notices (the test build is React's development one) are the only errors logged.
    expect(seen.errors.filter((error) => !error.startsWith('Warning: [antd') && !/status of 400/.test(error))).toEqual([]);
    await page.close();
  });

  it("does not offer a unit's handler the decisions", { timeout: 60_000 }, async () => {
    const page = await world.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(30_000);
    await login(page, world.baseUrl, 'fagai');
    await page.getByRole('menuitem', { name: /待办/ }).waitFor();
    expect(await page.getByRole('menuitem', { name: /^决策$/ }).count()).toBe(0);
    await page.goto(`${world.baseUrl}/decisions/new`);
    await page.getByText('没有权限').waitFor();
    expect(await page.locator('.dmn-decision-table-container').count()).toBe(0);
    await page.close();
  });
});
