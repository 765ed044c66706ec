/**
 * A task completed through its form-js form, over HTTP and real Temporal: the server checks the
 * submitted variables against the form (services/form-validation.ts) and refuses bad data with a 400
 * naming each field, before anything is written; good data completes the task.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let designer: string;
let supervisor: string;
let zhujian: string;

const feedbackForm = {
  id: 'it-feedback',
  type: 'default',
  components: [
    { type: 'textarea', key: 'progress', label: '办理情况', validate: { required: true, maxLength: 200 } },
    { type: 'number', key: 'achieved', label: '完成量', validate: { min: 0 } },
    { type: 'radio', key: 'decision', label: '结论', values: [{ label: '完成', value: 'done' }, { label: '退回', value: 'return' }], validate: { required: true } },
    { type: 'textarea', key: 'comment', label: '退回理由', conditional: { hide: '=decision != "return"' }, validate: { required: true } },
  ],
};

const process = diagram(
  'it-form-task',
  [
    start(),
    userTask('feedback', 'housing').replace('</bpmn:extensionElements>', '<zeebe:formDefinition formId="it-feedback"/></bpmn:extensionElements>'),
    end(),
    flows('start -> feedback\nfeedback -> end'),
  ].join('\n'),
);

beforeAll(async () => {
  stack = await startStack();
  [designer, supervisor, zhujian] = await Promise.all(['designer', 'supervisor', 'zhujian'].map((u) => stack.login(u)));
  const upload = new FormData();
  upload.append('file', new Blob([JSON.stringify(feedbackForm)]), 'feedback.form');
  upload.append('file', new Blob([process]), 'it-form-task.bpmn');
  const res = await stack.call(designer, { method: 'POST', url: '/api/deployments', payload: upload });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}, 120_000);

afterAll(() => stack?.close());

describe('completing a task through its form-js form', () => {
  it('refuses a missing required field with a 400 naming it, writes nothing, then takes good data', async () => {
    const created = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'it-form-task', title: '表单校验', variables: {} } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const task = await eventually(() => stack.knex('tasks').where({ matter_id: created.body.id, status: 'open' }).first(), 30_000);
    const complete = (variables: Record<string, unknown>) => stack.call(zhujian, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { variables } });

    const missing = await complete({ achieved: 3, decision: 'done' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'progress', message: '办理情况 is required' }]);

    // A return needs its reason (the field its condition shows); a number field takes a number.
    const bad = await complete({ progress: '已办', achieved: 'three', decision: 'return' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['achieved', 'comment']);

    const unknown = await complete({ progress: '已办', decision: 'maybe' });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'decision' })]);

    const still = await stack.call(zhujian, { method: 'GET', url: `/api/tasks/${task.id}` });
    expect(still.body.status).toBe('open');
    expect(still.body.variables).not.toHaveProperty('progress');

    const good = await complete({ progress: '已办结', achieved: 3, decision: 'done' });
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body.task.status).toBe('completed');
    const matter = await stack.call(supervisor, { method: 'GET', url: `/api/matters/${created.body.id}` });
    expect(matter.body.variables).toMatchObject({ progress: '已办结', achieved: 3, decision: 'done' });
  });
});
