/** Deploying diagrams over HTTP: versions, no-op redeploys, uploads, and clear refusals that store nothing. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { MODELS_DIR, type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let designer: string;

beforeAll(async () => {
  stack = await startStack();
  designer = await stack.login('designer');
});
afterAll(() => stack?.close());

const deployXml = (token: string, xml: string) =>
  stack.call(token, { method: 'POST', url: '/api/process-definitions', payload: xml, headers: { 'content-type': 'application/xml' } });

describe('process definitions', () => {
  it('deploys a Camunda Modeler 8 diagram unchanged and serves it back', async () => {
    const xml = await readFile(`${MODELS_DIR}/supervision-basic.bpmn`, 'utf8');
    const first = await deployXml(designer, xml.replace(/id="supervision-basic"/g, 'id="fixture-basic"').replace(/bpmnElement="supervision-basic"/g, 'bpmnElement="fixture-basic"'));
    expect(first.status, JSON.stringify(first.body)).toBeLessThan(300);
    const list = await stack.call(designer, { method: 'GET', url: '/api/process-definitions' });
    expect(list.body.items.map((d: { key: string }) => d.key)).toContain(first.body.key);
    const back = await stack.call(designer, { method: 'GET', url: `/api/process-definitions/${first.body.key}/xml` });
    expect(back.status).toBe(200);
    expect(back.body).toContain('<bpmn:process id="fixture-basic"');
  });

  it('accepts a .bpmn file upload and counts versions per key', async () => {
    const xml = (name: string) => diagram('uploaded', [start(), userTask(name, 'office'), end(), flows(`start -> ${name}\n${name} -> end`)].join('\n'));
    const upload = (content: string) => {
      const boundary = '----duban';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="uploaded.bpmn"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--${boundary}--\r\n`;
      return stack.call(designer, { method: 'POST', url: '/api/process-definitions', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    };
    const v1 = await upload(xml('a'));
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    const again = (await upload(xml('a'))).body;
    expect(again).toEqual({ ...v1.body, created: false, processes: [{ ...v1.body.processes[0], created: false }] });
    const v2 = await upload(xml('b'));
    expect(v2.body).toMatchObject({ key: 'uploaded', version: v1.body.version + 1, created: true });
  });

  it.each([
    ['not XML', 'hello', undefined, /not well-formed|XML/i],
    ['not BPMN', '<?xml version="1.0"?><html/>', undefined, /BPMN/],
    ['no executable process', diagram('lazy', [start(), end(), flows('start -> end')].join('\n')).replace('isExecutable="true"', 'isExecutable="false"'), undefined, /executable/],
    [
      'an unsupported element',
      diagram('complex', [start(), '<bpmn:complexGateway id="cg"/>', end(), flows('start -> cg\ncg -> end')].join('\n')),
      'cg',
      /ComplexGateway/,
    ],
    ['a FEEL error', diagram('feel', [start(), userTask('t', '=units[['), end(), flows('start -> t\nt -> end')].join('\n')), 't', /FEEL|parse/i],
    [
      'a bad timer',
      diagram('timer', [start(), '<bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>five minutes</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>', end(), flows('start -> w\nw -> end')].join('\n')),
      'w',
      /duration/i,
    ],
    ['an unreachable task', diagram('island', [start(), userTask('lost', 'office'), end(), flows('start -> end\nlost -> end')].join('\n')), 'lost', /reachable/],
    [
      'a document type declaration',
      diagram('doctype', [start(), end(), flows('start -> end')].join('\n')).replace('<bpmn:definitions', '<!DOCTYPE bpmn:definitions [<!ENTITY lol "lol">]>\n<bpmn:definitions'),
      undefined,
      /document type declaration.*refused, not expanded/,
    ],
    [
      'an entity declaration',
      diagram('entity', [start(), end(), flows('start -> end')].join('\n')).replace('<bpmn:definitions', '<!ENTITY lol "lol">\n<bpmn:definitions'),
      undefined,
      /entity declaration/,
    ],
    [
      'one broken process among several, naming it',
      diagram('good-one', [start(), end(), flows('start -> end')].join('\n'), `<bpmn:process id="bad-one" isExecutable="true">${start('s2')}<bpmn:complexGateway id="cg2"/>${flows('s2 -> cg2')}</bpmn:process>`),
      'cg2',
      /^process "bad-one": bpmn:ComplexGateway is not supported/,
    ],
  ])('refuses %s with 400, naming the element, and stores nothing', async (_what, xml, elementId, message) => {
    const before = await stack.knex('process_definitions').count<{ count: string }[]>('* as count');
    const res = await deployXml(designer, xml);
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
    const error = res.body.errors.find((e: { elementId?: string }) => e.elementId === elementId) ?? res.body.errors[0];
    expect(error.message).toMatch(message);
    if (elementId) expect(error.elementId).toBe(elementId);
    expect(await stack.knex('process_definitions').count<{ count: string }[]>('* as count')).toEqual(before);
  });

  it('deploys every executable process of a file, each as a version of its own key, and says what it warns of', async () => {
    const xml = diagram(
      'pool-a',
      [start(), userTask('a', 'office'), end(), flows('start -> a\na -> end')].join('\n'),
      `<bpmn:process id="pool-b" isExecutable="true">${[start('s2'), '<bpmn:userTask id="nobody"/>', end('e2'), flows('s2 -> nobody\nnobody -> e2')].join('\n')}</bpmn:process>`,
    );
    const res = await deployXml(designer, xml);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const warning = { elementId: 'nobody', message: "no candidate unit or assignee: the task goes to the supervision office's queue for dispatch" };
    expect(res.body).toMatchObject({
      key: 'pool-b',
      version: 1,
      created: true,
      warnings: [warning],
      processes: [
        { key: 'pool-b', version: 1, created: true, warnings: [warning] },
        { key: 'pool-a', version: 1, created: true, warnings: [] },
      ],
    });
    const keys = (await stack.call(designer, { method: 'GET', url: '/api/process-definitions' })).body.items.map((d: { key: string }) => d.key);
    expect(keys).toEqual(expect.arrayContaining(['pool-a', 'pool-b']));
    const again = await deployXml(designer, xml);
    expect(again.status).toBe(200);
    expect(again.body.processes.map((p: { created: boolean }) => p.created)).toEqual([false, false]);
  });

  it('puts a user task nobody is assigned to in the office\'s queue: the office hands it to a unit, which completes it', async () => {
    const xml = diagram(
      'nobodys-task',
      [start(), '<bpmn:userTask id="orphan" name="无人承办"/>', userTask('gone', 'no-such-unit'), end(), flows('start -> orphan\norphan -> gone\ngone -> end')].join('\n'),
    );
    const deployed = await deployXml(designer, xml);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body.warnings).toEqual([{ elementId: 'orphan', message: "no candidate unit or assignee: the task goes to the supervision office's queue for dispatch" }]);
    const [supervisor, zhujian, fagai] = await Promise.all(['supervisor', 'zhujian', 'fagai'].map((u) => stack.login(u)));
    const started = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'nobodys-task', title: 'nobody', variables: {} } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const matterId = started.body.id as string;
    const inboxOf = async (token: string) => (await stack.call(token, { method: 'GET', url: '/api/tasks' })).body.items.filter((t: { matterId: string }) => t.matterId === matterId);

    // Its own unit's people see nothing and may not complete it; the office sees it, marked for dispatch.
    const queued = await eventually(async () => (await inboxOf(supervisor)).find((t: { elementId: string }) => t.elementId === 'orphan'));
    expect(queued).toMatchObject({ candidateUnits: [], forDispatch: true });
    expect(await inboxOf(fagai)).toEqual([]);
    expect((await stack.call(fagai, { method: 'POST', url: `/api/tasks/${queued.id}/complete`, payload: { variables: {} } })).status).toBe(403);

    const handed = await stack.call(supervisor, { method: 'POST', url: `/api/tasks/${queued.id}/delegate`, payload: { unitId: 'housing' } });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    expect(handed.body).toMatchObject({ candidateUnits: ['housing'] });
    expect(handed.body.forDispatch).toBeUndefined();
    expect((await inboxOf(supervisor)).map((t: { elementId: string }) => t.elementId)).not.toContain('orphan');
    expect((await inboxOf(zhujian)).map((t: { id: string }) => t.id)).toEqual([queued.id]);
    const done = await stack.call(zhujian, { method: 'POST', url: `/api/tasks/${queued.id}/complete`, payload: { variables: {} } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    // A unit that does not exist takes nobody either: the next task waits in the queue too.
    const next = await eventually(async () => (await inboxOf(supervisor)).find((t: { elementId: string }) => t.elementId === 'gone'));
    expect(next).toMatchObject({ candidateUnits: ['no-such-unit'], forDispatch: true });
    await stack.call(supervisor, { method: 'POST', url: `/api/tasks/${next.id}/delegate`, payload: { unitId: 'housing' } });
    expect((await stack.call(zhujian, { method: 'POST', url: `/api/tasks/${next.id}/complete`, payload: { variables: {} } })).body.matterStatus).toBe('completed');
  });

  it('refuses an oversized upload with 400', async () => {
    const res = await deployXml(designer, `<?xml version="1.0"?><!--${'x'.repeat(6 * 1024 * 1024)}-->`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/larger than/);
  });

  it('lets only designers and admins deploy', async () => {
    const unit = await stack.login('fagai');
    expect((await deployXml(unit, diagram('x', start()))).status).toBe(403);
    expect((await stack.call(undefined, { method: 'POST', url: '/api/process-definitions', payload: '<x/>', headers: { 'content-type': 'application/xml' } })).status).toBe(401);
  });
});
