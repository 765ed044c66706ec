/**
 * Incidents instead of stuck or failed matters, through the real stack: a gateway where no
 * condition holds and a call activity whose process is not deployed stop the token at the element
 * with an incident the API and the matter page show; the matter keeps running, and once the cause
 * is fixed (variables edited, the process deployed) a retry moves it on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagram, end, flows, start, userTask } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let supervisor: string;
let admin: string;
let designer: string;

const deploy = async (xml: string) => {
  const deployed = await stack.call(designer, { method: 'POST', url: '/api/process-definitions', payload: xml, headers: { 'content-type': 'application/xml' } });
  expect(deployed.status, JSON.stringify(deployed.body)).toBeLessThan(300);
};

beforeAll(async () => {
  stack = await startStack();
  [supervisor, admin, designer] = await Promise.all(['supervisor', 'admin', 'designer'].map((u) => stack.login(u)));
  await deploy(
    diagram(
      'routed',
      [
        start(),
        '<bpmn:exclusiveGateway id="gw"/>',
        userTask('housing', 'housing'),
        userTask('water', 'water'),
        end(),
        end('end2'),
        flows('start -> gw\ngw -> housing : =route = "housing"\ngw -> water : =route = "water"\nhousing -> end\nwater -> end2'),
      ].join('\n'),
    ),
  );
  await deploy(
    diagram(
      'caller',
      [
        start(),
        '<bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="deployed-later"/></bpmn:extensionElements></bpmn:callActivity>',
        userTask('after', 'housing'),
        end(),
        flows('start -> call\ncall -> after\nafter -> end'),
      ].join('\n'),
    ),
  );
});
afterAll(() => stack?.close());

const newMatter = async (processKey: string, variables: Record<string, unknown> = {}): Promise<string> => {
  const res = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey, title: '环节故障', variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
};
const matter = async (id: string) => (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;
type Seen = { id: string; kind: string; elementId: string; status: string; message: string; resolution?: string };
const openIncident = (id: string, elementId: string) =>
  eventually(async () => ((await matter(id)).incidents as Seen[]).find((i) => i.elementId === elementId && i.status === 'open'), 30_000);
const openTask = (matterId: string, elementId: string) =>
  eventually(() => stack.knex('tasks').where({ matter_id: matterId, element_id: elementId, status: 'open' }).first(), 30_000);

describe('an exclusive gateway where no condition holds', () => {
  it('opens an incident on the gateway, shown over HTTP; a retry with the variables fixed moves the matter on', async () => {
    const id = await newMatter('routed', { route: 'nowhere' });
    const incident = await openIncident(id, 'gw');
    expect(incident).toMatchObject({ kind: 'element', message: 'no outgoing flow condition holds and there is no default flow' });
    const page = await matter(id);
    expect(page.status).toBe('running');
    expect(page.activeElements).toEqual([expect.objectContaining({ elementId: 'gw', type: 'exclusiveGateway', incident: incident.message })]);
    expect((await stack.knex('matters').where({ id }).first()).status).toBe('running');
    const listed = await stack.call(supervisor, { method: 'GET', url: `/api/incidents?status=open&matterId=${id}` });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: incident.id, kind: 'element', elementId: 'gw', matterTitle: '环节故障' })]);

    // Accepting it as it is would leave the token stopped: refused.
    const resolved = await stack.call(admin, { method: 'POST', url: `/api/incidents/${incident.id}/resolve` });
    expect(resolved.status).toBe(409);
    expect(resolved.body.message).toContain('retry it once its cause is fixed');

    // A retry without the fix stops the gateway again; with the variable fixed the matter goes on.
    const again = await stack.call(admin, { method: 'POST', url: `/api/incidents/${incident.id}/retry`, payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('the retry failed again: no outgoing flow condition holds and there is no default flow');
    const second = await openIncident(id, 'gw');
    expect(second.id).not.toBe(incident.id);
    const fixed = await stack.call(admin, { method: 'POST', url: `/api/incidents/${second.id}/retry`, payload: { variables: { route: 'water' } } });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body).toMatchObject({ id: second.id, status: 'resolved', resolution: 'retried', resolvedBy: 'admin' });
    await openTask(id, 'water');
    const after = await matter(id);
    expect(after.activeElements.map((e: { elementId: string }) => e.elementId)).toEqual(['water']);
    expect((after.incidents as Seen[]).map((i) => [i.status, i.resolution])).toEqual([
      ['resolved', 'retried'],
      ['resolved', 'retried'],
    ]);
  });

  it('closes the incident by itself when the matter is terminated', async () => {
    const id = await newMatter('routed', {});
    const incident = await openIncident(id, 'gw');
    expect((await stack.call(supervisor, { method: 'POST', url: `/api/matters/${id}/terminate`, payload: { reason: '不再督办' } })).status).toBe(200);
    const closed = await eventually(async () => ((await matter(id)).incidents as Seen[]).find((i) => i.id === incident.id && i.status === 'resolved'));
    expect(closed).toMatchObject({ resolution: 'cancelled' });
    expect((await matter(id)).status).toBe('terminated');
  });
});

describe('a call activity whose process is not deployed', () => {
  it('opens an incident on the call activity; deployed, the retry starts the called process and the matter goes on', async () => {
    const id = await newMatter('caller');
    const incident = await openIncident(id, 'call');
    expect(incident).toMatchObject({ kind: 'element', message: 'no process "deployed-later" is deployed' });
    expect((await matter(id)).status).toBe('running');

    await deploy(diagram('deployed-later', [start(), '<bpmn:task id="inside"/>', end(), flows('start -> inside\ninside -> end')].join('\n')));
    const retried = await stack.call(admin, { method: 'POST', url: `/api/incidents/${incident.id}/retry`, payload: {} });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await openTask(id, 'after');
    expect(((await matter(id)).incidents as Seen[]).map((i) => i.status)).toEqual(['resolved']);
  });
});
