/**
 * Decisions and forms deployed beside the diagrams, through HTTP and real Temporal: a .dmn, a
 * .form and a .bpmn deploy together; a business rule task evaluates the decision and the gateway
 * after it takes the path the result says; an unknown decision is an incident that a retry clears
 * once the decision is deployed; a user task links its form and the inbox serves its schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let designer: string;
let supervisor: string;
let admin: string;
let zhujian: string;

/** Routes a matter by its amount: FIRST hit, two outputs. */
const routingDmn = (decisionId: string, highFrom = 1000) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="Definitions_${decisionId}" name="Routing" namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="${decisionId}" name="Routing">
    <decisionTable id="Table_${decisionId}" hitPolicy="FIRST">
      <input id="Input_amount" label="Amount"><inputExpression id="InputExpression_amount" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="Output_level" name="level" typeRef="string" />
      <output id="Output_unit" name="unit" typeRef="string" />
      <rule id="Rule_high">
        <inputEntry id="UnaryTests_high"><text>&gt;= ${highFrom}</text></inputEntry>
        <outputEntry id="Out_high_level"><text>"high"</text></outputEntry>
        <outputEntry id="Out_high_unit"><text>"housing"</text></outputEntry>
      </rule>
      <rule id="Rule_normal">
        <inputEntry id="UnaryTests_normal"><text>-</text></inputEntry>
        <outputEntry id="Out_normal_level"><text>"normal"</text></outputEntry>
        <outputEntry id="Out_normal_unit"><text>"housing"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>`;

const reportForm = JSON.stringify({ id: 'decision-report', type: 'default', components: [{ type: 'textfield', key: 'summary', label: '办理情况' }] });

/** start → decide (business rule task) → high | normal (gateway on the result) → end. */
const routedProcess = (processId: string, decisionId: string) =>
  diagram(
    processId,
    [
      start(),
      `<bpmn:businessRuleTask id="decide" name="decide"><bpmn:extensionElements><zeebe:calledDecision decisionId="${decisionId}" resultVariable="routing"/></bpmn:extensionElements></bpmn:businessRuleTask>`,
      '<bpmn:exclusiveGateway id="split" default="split_normal"/>',
      userTask('high', '=routing.unit', '').replace('</bpmn:extensionElements>', '<zeebe:formDefinition formId="decision-report"/></bpmn:extensionElements>'),
      userTask('normal', 'housing'),
      '<bpmn:exclusiveGateway id="join"/>',
      end(),
      flows('start -> decide\ndecide -> split\nsplit -> high : =routing.level = "high"\nsplit -> normal\nhigh -> join\nnormal -> join\njoin -> end'),
    ].join('\n'),
  );

interface Upload {
  name: string;
  content: string;
}

function deploy(token: string, files: Upload[]) {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([file.content]), file.name);
  return stack.call(token, { method: 'POST', url: '/api/deployments', payload: form });
}

const newMatter = async (processKey: string, variables: Record<string, unknown>): Promise<string> => {
  const res = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey, title: '规则分派', variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
};
const openTask = (matterId: string) => eventually(() => stack.knex('tasks').where({ matter_id: matterId, status: 'open' }).first(), 30_000);
const matter = async (id: string) => (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;

beforeAll(async () => {
  stack = await startStack();
  [designer, supervisor, admin, zhujian] = await Promise.all(['designer', 'supervisor', 'admin', 'zhujian'].map((u) => stack.login(u)));
});
afterAll(() => stack?.close());

describe('a deployment of several files', () => {
  it('deploys a diagram with its decision and form together, and an identical redeploy adds no version', async () => {
    const files = [
      { name: 'routed.bpmn', content: routedProcess('routed', 'routing') },
      { name: 'routing.dmn', content: routingDmn('routing') },
      { name: 'report.form', content: reportForm },
    ];
    const first = await deploy(designer, files);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      processes: [{ key: 'routed', version: 1, created: true }],
      decisions: [{ key: 'routing', version: 1, created: true }],
      forms: [{ key: 'decision-report', version: 1, created: true }],
      warnings: [],
    });
    const again = await deploy(designer, files);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ processes: [{ version: 1, created: false }], decisions: [{ version: 1, created: false }], forms: [{ version: 1, created: false }] });

    const decisions = await stack.call(designer, { method: 'GET', url: '/api/decisions' });
    expect(decisions.body.items).toContainEqual(expect.objectContaining({ key: 'routing', version: 1, requirementsKey: 'Definitions_routing', deployedBy: 'designer' }));
    expect((await stack.call(designer, { method: 'GET', url: '/api/decisions/routing/xml' })).body).toContain('Rule_high');
    expect((await stack.call(designer, { method: 'GET', url: '/api/forms/decision-report' })).body).toMatchObject({ id: 'decision-report', components: [{ key: 'summary' }] });
    expect((await stack.call(zhujian, { method: 'GET', url: '/api/decisions' })).status).toBe(403);
    expect((await stack.call(zhujian, { method: 'POST', url: '/api/deployments', payload: new FormData() })).status).toBe(403);
  });

  it('refuses the whole deployment with a 400 naming the file and element at fault', async () => {
    const broken = routingDmn('broken-routing').replace('<text>&gt;= 1000</text>', '<text>[1..</text>');
    const res = await deploy(designer, [
      { name: 'fine.bpmn', content: routedProcess('never-deployed', 'broken-routing') },
      { name: 'broken.dmn', content: broken },
      { name: 'notes.txt', content: 'hello' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { file: 'broken.dmn', elementId: 'Rule_high', message: 'input entry `[1..` for input "Amount" does not parse: the expression ends too early' },
      { file: 'notes.txt', message: 'only .bpmn, .dmn, .form files deploy' },
    ]);
    expect(await stack.knex('process_definitions').where({ key: 'never-deployed' }).first()).toBeUndefined();
    expect((await stack.call(designer, { method: 'GET', url: '/api/decisions/broken-routing/xml' })).status).toBe(404);
  });

  it('warns of a user task linking a form that is not deployed', async () => {
    const xml = diagram('unformed', [start(), userTask('t', 'housing', '').replace('</bpmn:extensionElements>', '<zeebe:formDefinition formId="nowhere"/></bpmn:extensionElements>'), end(), flows('start -> t\nt -> end')].join('\n'));
    const res = await deploy(designer, [{ name: 'unformed.bpmn', content: xml }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.warnings).toEqual([{ file: 'unformed.bpmn', elementId: 't', message: 'form "nowhere" is not deployed yet: deploy it for the task to show it' }]);
  });
});

describe('a business rule task', () => {
  it('evaluates the decision into the result variable and the gateway takes the path it says; the task shows its linked form', async () => {
    const id = await newMatter('routed', { amount: 5000 });
    const task = await openTask(id);
    expect(task.element_id).toBe('high');
    expect((await matter(id)).variables.routing).toEqual({ level: 'high', unit: 'housing' });

    const view = await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${task.id}` });
    expect(view.body.form).toEqual({ source: 'linked', formId: 'decision-report', version: 1 });
    const form = await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${task.id}/form` });
    expect(form.status).toBe(200);
    expect(form.body).toEqual(JSON.parse(reportForm));

    const small = await newMatter('routed', { amount: 10 });
    const normal = await openTask(small);
    expect(normal.element_id).toBe('normal');
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${normal.id}/form` })).status).toBe(404);

    // A new version of the form: the open task keeps the version it opened with, the next task gets the new one.
    const revised = { ...JSON.parse(reportForm), components: [{ type: 'textarea', key: 'summary', label: '办理情况（详）' }] };
    const redeployed = await deploy(designer, [{ name: 'report.form', content: JSON.stringify(revised) }]);
    expect(redeployed.body.forms).toEqual([expect.objectContaining({ key: 'decision-report', version: 2, created: true })]);
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${task.id}/form` })).body).toEqual(JSON.parse(reportForm));
    const next = await openTask(await newMatter('routed', { amount: 8000 }));
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${next.id}/form` })).body).toEqual(revised);
  });

  it('opens an incident for a decision not deployed; deploying it and retrying moves the matter on', async () => {
    const deployed = await deploy(designer, [{ name: 'late.bpmn', content: routedProcess('late-routed', 'late-routing') }]);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const id = await newMatter('late-routed', { amount: 2000 });
    const incident = await eventually(async () => ((await matter(id)).incidents as Array<{ id: string; elementId: string; message: string; status: string }>).find((i) => i.status === 'open'), 30_000);
    expect(incident).toMatchObject({ elementId: 'decide', message: expect.stringContaining('no decision "late-routing" is deployed') });
    expect((await matter(id)).activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['decide']);

    const dmn = await deploy(designer, [{ name: 'late.dmn', content: routingDmn('late-routing', 3000) }]);
    expect(dmn.status).toBe(201);
    const retried = await stack.call(admin, { method: 'POST', url: `/api/incidents/${incident.id}/retry`, payload: {} });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    const task = await openTask(id);
    expect(task.element_id).toBe('normal');
    expect((await matter(id)).variables.routing).toEqual({ level: 'normal', unit: 'housing' });
  });

  it('opens an incident naming the decision and rule when the decision fails', async () => {
    const failing = routingDmn('failing-routing').replace('<text>"housing"</text>', '<text>[1..amount]</text>');
    expect((await deploy(designer, [{ name: 'failing.dmn', content: failing }, { name: 'failing.bpmn', content: routedProcess('failing-routed', 'failing-routing') }])).status).toBe(201);
    const id = await newMatter('failing-routed', { amount: 5000 });
    const incident = await eventually(async () => ((await matter(id)).incidents as Array<{ elementId: string; message: string; status: string }>).find((i) => i.status === 'open'), 30_000);
    expect(incident).toMatchObject({ elementId: 'decide', message: expect.stringContaining('decision "failing-routing" (Rule_high): FEEL expression `[1..amount]` yields a range') });
  });
});

describe('a user task with a form embedded in its diagram', () => {
  it('serves the embedded schema as the task form', async () => {
    const schema = { id: 'inline-form', components: [{ type: 'textarea', key: 'opinion', label: '意见' }] };
    const xml = diagram(
      'embedded-form',
      [
        `<bpmn:extensionElements><zeebe:userTaskForm id="UserTaskForm_1">${JSON.stringify(schema).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</zeebe:userTaskForm></bpmn:extensionElements>`,
        start(),
        userTask('t', 'housing').replace('</bpmn:extensionElements>', '<zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_1"/></bpmn:extensionElements>'),
        end(),
        flows('start -> t\nt -> end'),
      ].join('\n'),
    );
    expect((await deploy(designer, [{ name: 'embedded.bpmn', content: xml }])).status).toBe(201);
    const task = await openTask(await newMatter('embedded-form', {}));
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${task.id}` })).body.form).toEqual({ source: 'embedded' });
    expect((await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${task.id}/form` })).body).toEqual(schema);
    // Another unit's handler sees neither the task nor its form.
    expect((await stack.call(await stack.login('fagai'), { method: 'GET', url: `/api/tasks/${task.id}/form` })).status).toBe(403);
  });
});
