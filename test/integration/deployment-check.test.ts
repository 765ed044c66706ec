/**
 * The modeler's server check and version list over HTTP: a dry run of a deployment names the
 * elements at fault and the compiler's remarks, a 200 either way, and stores nothing; every
 * deployed version of a process is listed with who deployed it and when.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagram, end, flows, start } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let designer: string;
let handler: string;

beforeAll(async () => {
  stack = await startStack();
  designer = await stack.login('designer');
  handler = await stack.login('zhujian');
});
afterAll(() => stack?.close());

interface Upload {
  name: string;
  content: string;
}

function post(token: string, url: string, files: Upload[]) {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([file.content]), file.name);
  return stack.call(token, { method: 'POST', url, payload: form });
}

const check = (files: Upload[], token = designer) => post(token, '/api/deployments/check', files);

/** start → user task `t` (with extra attributes and zeebe extensions) → end. */
const process = (key: string, taskAttributes = '', extensions = '') =>
  diagram(
    key,
    [
      start(),
      `    <bpmn:userTask id="t" name="t" ${taskAttributes}><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="office"/>${extensions}</bpmn:extensionElements></bpmn:userTask>`,
      end(),
      flows('start -> t\nt -> end'),
    ].join('\n'),
  ).replace('xmlns:xsi=', 'xmlns:duban="http://duban.dev/schema/bpmn" xmlns:xsi=');

const stored = async (key: string) => Number((await stack.knex('process_definitions').where({ key }).count<{ count: string }[]>('* as count'))[0].count);

describe('checking a deployment', () => {
  it('names the element the compiler refuses, with a 200, and stores nothing', async () => {
    const res = await check([{ name: 'late.bpmn', content: process('check-refused', 'duban:dueInWorkingDays="x"') }]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors).toEqual([{ file: 'late.bpmn', elementId: 't', message: 'duban:dueInWorkingDays "x" is not a whole number of working days' }]);
    expect(await stored('check-refused')).toBe(0);
  });

  it('finds nothing wrong with a good diagram, gives its warnings, and stores nothing', async () => {
    const res = await check([{ name: 'good.bpmn', content: process('check-good', 'duban:dueInWorkingDays="3"', '<zeebe:formDefinition formId="never-deployed-form"/>') }]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors).toEqual([]);
    // A form not deployed yet is a remark, by element, as on deploy.
    expect(res.body.warnings).toContainEqual(expect.objectContaining({ file: 'good.bpmn', elementId: 't', message: expect.stringContaining('never-deployed-form') }));
    expect(await stored('check-good')).toBe(0);
  });

  it('checks several files together: a file that does not deploy is an error, not a 400', async () => {
    const res = await check([
      { name: 'one.bpmn', content: process('check-twice') },
      { name: 'two.bpmn', content: process('check-twice') },
      { name: 'notes.txt', content: 'hello' },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.errors).toEqual([
      { file: 'notes.txt', message: 'only .bpmn, .dmn, .form files deploy' },
      { file: 'two.bpmn', elementId: 'check-twice', message: 'process "check-twice" is also defined by one.bpmn in this deployment' },
    ]);
  });

  it('refuses a request that is no deployment with a 400, and callers who may not deploy with a 403', async () => {
    const empty = await check([]);
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/no file/);
    const json = await stack.call(designer, { method: 'POST', url: '/api/deployments/check', payload: { xml: '<x/>' } });
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/multipart/);
    expect((await check([{ name: 'a.bpmn', content: process('check-forbidden') }], handler)).status).toBe(403);
  });
});

describe('versions of a process', () => {
  it('lists every version, newest first, with who deployed it and when', async () => {
    const before = Date.now();
    // A process id of this test's own: the database is shared with the other files.
    const id = `versioned-${before}`;
    for (const name of ['one', 'two']) {
      const res = await post(designer, '/api/deployments', [{ name: 'v.bpmn', content: process(id, `name="${name}"`) }]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const res = await stack.call(handler, { method: 'GET', url: `/api/process-definitions/${id}/versions` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((item: { version: number; deployedBy: string }) => [item.version, item.deployedBy])).toEqual([
      [2, 'designer'],
      [1, 'designer'],
    ]);
    for (const item of res.body.items) expect(Date.parse(item.deployedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('is a 404 for a process never deployed', async () => {
    const res = await stack.call(designer, { method: 'GET', url: '/api/process-definitions/never-deployed/versions' });
    expect(res.status).toBe(404);
  });
});
