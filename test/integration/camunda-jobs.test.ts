/**
 * Jobs for external workers, served by Camunda's own client (@camunda8/orchestration-cluster-api,
 * unchanged) over the Camunda-compatible API (/v2) of the real stack: activation with headers and
 * fetched variables, completion, failure with back-off, failure to an incident and its retry, a
 * BPMN error caught by a boundary event, a lock that times out and is handed to another worker,
 * and the machine clients' authentication (basic and OAuth bearer) and scopes.
 */
import { createCamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployDefinition } from '../../services/definitions';
import { createClient } from '../../services/machine-clients';
import { diagram, end, flows, start } from '../support/bpmn';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
let base: string;
let supervisor: string;
let admin: string;
const SECRET = 'worker-secret-for-tests-0123456789';

const job = (id: string, type: string, inner = '') =>
  `<bpmn:serviceTask id="${id}" name="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3"/>${inner}</bpmn:extensionElements></bpmn:serviceTask>`;

const client = (extra: Record<string, string> = {}) =>
  createCamundaClientLoose({
    config: {
      CAMUNDA_REST_ADDRESS: base,
      CAMUNDA_AUTH_STRATEGY: 'BASIC',
      CAMUNDA_BASIC_AUTH_USERNAME: 'test-worker',
      CAMUNDA_BASIC_AUTH_PASSWORD: SECRET,
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: '1',
      // Our answers must pass the client's own schema checks.
      CAMUNDA_SDK_VALIDATION: 'res:strict',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
      ...extra,
    } as never,
  });

async function startMatter(processKey: string, variables: Record<string, unknown>): Promise<string> {
  const res = await stack.call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey, title: `${processKey} test`, variables } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

const matter = async (id: string) => (await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}` })).body;
const finished = (id: string) => eventually(async () => ((await matter(id)).status === 'completed' ? matter(id) : undefined), 20_000);

beforeAll(async () => {
  stack = await startStack();
  await stack.app.listen({ port: 0, host: '127.0.0.1' });
  const address = stack.app.server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
  supervisor = await stack.login('supervisor');
  admin = await stack.login('admin');
  await createClient(stack.knex, { id: 'test-worker', scopes: ['jobs:*', 'processes:start'], secret: SECRET }, { username: 'admin' });
  await createClient(stack.knex, { id: 'machines', scopes: ['jobs:*', 'processes:start', 'messages:publish', 'signals:broadcast'], secret: SECRET }, { username: 'admin' });
  await deployDefinition(
    stack.knex,
    diagram(
      'jobs_echo',
      `${start()}${job('echo', 'test.echo', '<zeebe:taskHeaders><zeebe:header key="greeting" value="hi"/></zeebe:taskHeaders>')}${end()}
      ${flows('start -> echo\necho -> end')}`,
    ),
  );
  await deployDefinition(
    stack.knex,
    diagram(
      'jobs_error',
      `${start()}${job('charge', 'test.charge')}
      <bpmn:boundaryEvent id="declined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="Err_declined"/></bpmn:boundaryEvent>
      ${end('paid')}${end('refused')}
      ${flows('start -> charge\ncharge -> paid\ndeclined -> refused')}`,
      '<bpmn:error id="Err_declined" errorCode="DECLINED"/>',
    ),
  );
});
afterAll(() => stack?.close());

describe('a job worker written with Camunda\'s client', () => {
  it('activates a job with its headers and the variables it asks for, and completes it', async () => {
    const id = await startMatter('jobs_echo', { x: 41, secretish: 'not fetched' });
    const seen: Array<{ headers: unknown; variables: unknown; retries: number; elementId: string; processDefinitionId: string }> = [];
    const worker = client().createJobWorker({
      jobType: 'test.echo',
      workerName: 'echo-worker',
      maxParallelJobs: 2,
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 2_000,
      fetchVariables: ['x'],
      jobHandler: async (j: any) => {
        seen.push({ headers: j.customHeaders, variables: j.variables, retries: j.retries, elementId: j.elementId, processDefinitionId: j.processDefinitionId });
        return j.complete({ echoed: (j.variables.x as number) + 1 });
      },
    } as never);
    try {
      const done = await finished(id);
      expect(done.variables).toMatchObject({ x: 41, echoed: 42 });
      expect(seen).toEqual([{ headers: { greeting: 'hi' }, variables: { x: 41 }, retries: 3, elementId: 'echo', processDefinitionId: 'jobs_echo' }]);
      expect(await stack.knex('jobs').where({ matter_id: id })).toEqual([]);
    } finally {
      await worker.stopGracefully({ waitUpToMs: 3_000 });
    }
  });

  it('retries a failed job after its back-off, and a job failed with no retries left becomes an incident that a retry clears', async () => {
    const id = await startMatter('jobs_echo', { x: 1 });
    const attempts: number[] = [];
    const worker = client().createJobWorker({
      jobType: 'test.echo',
      workerName: 'flaky-worker',
      maxParallelJobs: 1,
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 2_000,
      jobHandler: async (j: any) => {
        attempts.push(j.retries);
        if (attempts.length === 1) return j.fail({ errorMessage: 'upstream busy', retries: j.retries - 1, retryBackOff: 300 });
        if (attempts.length === 2) return j.fail({ errorMessage: 'upstream down for good', retries: 0 });
        return j.complete({ echoed: 'at last' });
      },
    } as never);
    try {
      const incident = await eventually(async () => {
        const res = await stack.call(admin, { method: 'GET', url: `/api/incidents?matterId=${id}&status=open` });
        return res.body.items[0];
      });
      expect(incident).toMatchObject({ kind: 'job', elementId: 'echo', message: 'upstream down for good' });
      expect(attempts).toEqual([3, 2]);
      expect(await stack.knex('jobs').where({ matter_id: id }).first()).toMatchObject({ status: 'failed', retries: 0 });
      // The incident shows on the matter; retrying it hands the job out afresh.
      const retried = await stack.call(admin, { method: 'POST', url: `/api/incidents/${incident.id}/retry`, payload: {} });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      const done = await finished(id);
      expect(done.variables.echoed).toBe('at last');
      expect(attempts).toEqual([3, 2, 3]);
    } finally {
      await worker.stopGracefully({ waitUpToMs: 3_000 });
    }
  });

  it('throws a BPMN error that the boundary event catches, with its variables', async () => {
    const id = await startMatter('jobs_error', { amount: 100 });
    const worker = client().createJobWorker({
      jobType: 'test.charge',
      workerName: 'charge-worker',
      maxParallelJobs: 1,
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 2_000,
      jobHandler: async (j: any) => j.error({ errorCode: 'DECLINED', errorMessage: 'card declined', variables: { reason: 'insufficient funds' } }),
    } as never);
    try {
      const done = await finished(id);
      expect(done.variables.reason).toBe('insufficient funds');
      const history = await stack.call(supervisor, { method: 'GET', url: `/api/matters/${id}/history` });
      const reached = JSON.stringify(history.body);
      expect(reached).toContain('refused');
      expect(reached).not.toContain('"paid"');
    } finally {
      await worker.stopGracefully({ waitUpToMs: 3_000 });
    }
  });

  it('hands a job whose lock ran out to another worker; once done, a late answer is 404', async () => {
    const id = await startMatter('jobs_echo', { x: 7 });
    const camunda = client();
    const first = await eventually(async () => {
      const res = await camunda.activateJobs({ type: 'test.echo', worker: 'slow', maxJobsToActivate: 1, timeout: 300, requestTimeout: -1 });
      return res.jobs[0];
    });
    expect(first.processInstanceKey).toMatch(/^\d+$/);
    // Locked: nobody else gets it until the lock ends.
    expect((await camunda.activateJobs({ type: 'test.echo', worker: 'fast', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: -1 })).jobs).toEqual([]);
    const second = (await camunda.activateJobs({ type: 'test.echo', worker: 'fast', maxJobsToActivate: 1, timeout: 30_000, requestTimeout: 3_000 })).jobs[0];
    expect(second).toMatchObject({ jobKey: first.jobKey, worker: 'fast', retries: 3 });
    await camunda.completeJob({ jobKey: second.jobKey, variables: { echoed: 'fast' } });
    await expect(camunda.completeJob({ jobKey: first.jobKey, variables: { echoed: 'slow' } })).rejects.toMatchObject({ status: 404 });
    expect((await finished(id)).variables.echoed).toBe('fast');
  });

  it('changes a lock and the retries with PATCH, and refuses unknown keys and bad input in Camunda\'s terms', async () => {
    await startMatter('jobs_echo', { x: 9 });
    const camunda = client();
    const activated = await eventually(async () => (await camunda.activateJobs({ type: 'test.echo', worker: 'w', maxJobsToActivate: 1, timeout: 1_000, requestTimeout: -1 })).jobs[0]);
    await camunda.updateJob({ jobKey: activated.jobKey, changeset: { timeout: 60_000, retries: 5 } });
    const row = await stack.knex('jobs').where({ key: activated.jobKey }).first();
    expect(row.retries).toBe(5);
    expect(row.deadline.getTime()).toBeGreaterThan(Date.now() + 50_000);
    await expect(camunda.completeJob({ jobKey: '123456', variables: {} })).rejects.toMatchObject({ status: 404 });
    const res = await fetch(`${base}/v2/jobs/activation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`test-worker:${SECRET}`).toString('base64')}` },
      body: JSON.stringify({ type: 'test.echo', maxJobsToActivate: 0 }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, instance: '/v2/jobs/activation' });
    await camunda.completeJob({ jobKey: activated.jobKey, variables: {} });
  });
});

describe('a client written with Camunda\'s client', () => {
  const signalCatch = (id: string, ref: string) => `<bpmn:intermediateCatchEvent id="${id}"><bpmn:signalEventDefinition signalRef="${ref}"/></bpmn:intermediateCatchEvent>`;

  beforeAll(async () => {
    await deployDefinition(
      stack.knex,
      diagram(
        'orders',
        `${start()}<bpmn:receiveTask id="awaitPayment" messageRef="Msg_paid"/>${end()}${flows('start -> awaitPayment\nawaitPayment -> end')}`,
        '<bpmn:message id="Msg_paid" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId"/></bpmn:extensionElements></bpmn:message>',
      ),
    );
    await deployDefinition(
      stack.knex,
      diagram(
        'complaints',
        `<bpmn:startEvent id="received"><bpmn:messageEventDefinition messageRef="Msg_complaint"/></bpmn:startEvent>${job('triage', 'test.triage')}${end()}${flows('received -> triage\ntriage -> end')}`,
        '<bpmn:message id="Msg_complaint" name="complaint"/>',
      ),
    );
    // One matter waits for a signal; another process starts with it; a third throws it.
    await deployDefinition(stack.knex, diagram('flood_watch', `${start()}${signalCatch('flood', 'Sig_flood')}${end()}${flows('start -> flood\nflood -> end')}`, '<bpmn:signal id="Sig_flood" name="flood"/>'));
    await deployDefinition(
      stack.knex,
      diagram('flood_response', `<bpmn:startEvent id="alarm"><bpmn:signalEventDefinition signalRef="Sig_flood"/></bpmn:startEvent>${end()}${flows('alarm -> end')}`, '<bpmn:signal id="Sig_flood" name="flood"/>'),
    );
    await deployDefinition(
      stack.knex,
      diagram(
        'flood_report',
        `${start()}${job('measure', 'test.measure')}<bpmn:intermediateThrowEvent id="raise"><bpmn:signalEventDefinition signalRef="Sig_flood"/></bpmn:intermediateThrowEvent>${end()}` +
          flows('start -> measure\nmeasure -> raise\nraise -> end'),
        '<bpmn:signal id="Sig_flood" name="flood"/>',
      ),
    );
  });

  const countOf = async (processKey: string) => Number((await stack.knex('matters').where({ process_key: processKey }).count({ n: '*' }).first())!.n);

  it('creates a process instance, and with awaitCompletion answers with its variables once it has ended', async () => {
    const camunda = client();
    const worker = camunda.createJobWorker({
      jobType: 'test.echo',
      workerName: 'await-worker',
      maxParallelJobs: 1,
      jobTimeoutMs: 30_000,
      pollTimeoutMs: 2_000,
      jobHandler: async (j: any) => j.complete({ echoed: `${j.variables.x}!` }),
    } as never);
    try {
      const created = await camunda.createProcessInstance({ processDefinitionId: 'jobs_echo', variables: { x: 'hello' }, awaitCompletion: true, fetchVariables: ['echoed'], requestTimeout: 20_000 });
      expect(created).toMatchObject({ processDefinitionId: 'jobs_echo', processDefinitionVersion: 1, tenantId: '<default>', variables: { echoed: 'hello!' } });
      expect(created.processInstanceKey).toMatch(/^\d+$/);
      const row = await stack.knex('matters').where('instance_key', created.processInstanceKey).first();
      expect(row).toMatchObject({ process_key: 'jobs_echo', status: 'completed' });
    } finally {
      await worker.stopGracefully({ waitUpToMs: 3_000 });
    }
    await expect(camunda.createProcessInstance({ processDefinitionId: 'no_such_process', variables: {} })).rejects.toMatchObject({ status: 404 });
  });

  it('publishes and correlates messages to the matter waiting with that key, and starts a process with a message start event', async () => {
    const camunda = client({ CAMUNDA_BASIC_AUTH_USERNAME: 'machines', CAMUNDA_BASIC_AUTH_PASSWORD: SECRET });
    const a = await camunda.createProcessInstance({ processDefinitionId: 'orders', variables: { orderId: 'A-1' } });
    const b = await camunda.createProcessInstance({ processDefinitionId: 'orders', variables: { orderId: 'B-2' } });
    const status = async (key: string) => (await stack.knex('matters').where('instance_key', key).first()).status;
    // The subscription is in the read model once the matter has projected its first state.
    await eventually(async () => (await stack.knex('event_subscriptions').where({ name: 'paid' }).count({ n: '*' }).first())!.n === '2');
    const correlated = await camunda.correlateMessage({ name: 'paid', correlationKey: 'B-2', variables: { amount: 12 } });
    expect(correlated.processInstanceKey).toBe(b.processInstanceKey);
    await eventually(async () => (await status(b.processInstanceKey)) === 'completed');
    expect(await status(a.processInstanceKey)).toBe('running');
    await expect(camunda.correlateMessage({ name: 'paid', correlationKey: 'nobody', variables: {} })).rejects.toMatchObject({ status: 404 });
    const published = await camunda.publishMessage({ name: 'paid', correlationKey: 'A-1', variables: {} });
    expect(published.messageKey).toMatch(/^\d+$/);
    await eventually(async () => (await status(a.processInstanceKey)) === 'completed');
    // Nobody waits for a complaint: it starts a matter of the process that starts with one.
    const before = await countOf('complaints');
    await camunda.publishMessage({ name: 'complaint', variables: { from: 'citizen' } });
    await eventually(async () => (await countOf('complaints')) === before + 1);
  });

  it('broadcasts a signal to every matter waiting for it and starts the processes that start with it; a signal thrown by a matter does the same', async () => {
    const camunda = client({ CAMUNDA_BASIC_AUTH_USERNAME: 'machines', CAMUNDA_BASIC_AUTH_PASSWORD: SECRET });
    const watch = await camunda.createProcessInstance({ processDefinitionId: 'flood_watch', variables: {} });
    await eventually(async () => (await stack.knex('event_subscriptions').where({ name: 'flood' }).first()) !== undefined);
    const started = await countOf('flood_response');
    const { signalKey } = await camunda.broadcastSignal({ signalName: 'flood', variables: { level: 3 } });
    expect(signalKey).toMatch(/^\d+$/);
    const watched = await eventually(async () => {
      const row = await stack.knex('matters').where('instance_key', watch.processInstanceKey).first();
      return row.status === 'completed' ? row : undefined;
    });
    expect(watched.variables.level).toBe(3);
    expect(await countOf('flood_response')).toBe(started + 1);

    // A matter that throws the signal reaches the next watcher and starts another response.
    const next = await camunda.createProcessInstance({ processDefinitionId: 'flood_watch', variables: {} });
    await eventually(async () => (await stack.knex('event_subscriptions').where({ name: 'flood' }).first()) !== undefined);
    await camunda.createProcessInstance({ processDefinitionId: 'flood_report', variables: {} });
    const measure = await eventually(async () => (await camunda.activateJobs({ type: 'test.measure', worker: 'w', maxJobsToActivate: 1, timeout: 10_000, requestTimeout: -1 })).jobs[0]);
    await camunda.completeJob({ jobKey: measure.jobKey, variables: { level: 5 } });
    await eventually(async () => (await stack.knex('matters').where('instance_key', next.processInstanceKey).first()).status === 'completed');
    await eventually(async () => (await countOf('flood_response')) === started + 2);
  });

  it('cancels a process instance, and refuses what the client\'s scopes do not allow', async () => {
    const camunda = client({ CAMUNDA_BASIC_AUTH_USERNAME: 'machines', CAMUNDA_BASIC_AUTH_PASSWORD: SECRET });
    const order = await camunda.createProcessInstance({ processDefinitionId: 'orders', variables: { orderId: 'C-3' } });
    await camunda.cancelProcessInstance({ processInstanceKey: order.processInstanceKey });
    await eventually(async () => (await stack.knex('matters').where('instance_key', order.processInstanceKey).first()).status === 'terminated');
    // The worker's client may serve jobs and start processes, not publish messages.
    await expect(client().publishMessage({ name: 'paid', correlationKey: 'x', variables: {} })).rejects.toMatchObject({ status: 403 });
  });
});

describe('machine clients', () => {
  it('refuses calls without credentials, with a wrong secret, or outside the client\'s scopes', async () => {
    const none = await fetch(`${base}/v2/topology`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ title: 'UNAUTHORIZED', status: 401 });
    await expect(client({ CAMUNDA_BASIC_AUTH_PASSWORD: 'wrong' }).getTopology()).rejects.toMatchObject({ status: 401 });
    await createClient(stack.knex, { id: 'narrow', scopes: ['jobs:other.type'], secret: 'narrow-secret-0123456789' }, { username: 'admin' });
    const narrow = client({ CAMUNDA_BASIC_AUTH_USERNAME: 'narrow', CAMUNDA_BASIC_AUTH_PASSWORD: 'narrow-secret-0123456789' });
    await expect(narrow.activateJobs({ type: 'test.echo', worker: 'w', maxJobsToActivate: 1, timeout: 1000, requestTimeout: -1 })).rejects.toMatchObject({ status: 403 });
    expect((await narrow.activateJobs({ type: 'other.type', worker: 'w', maxJobsToActivate: 1, timeout: 1000, requestTimeout: -1 })).jobs).toEqual([]);
  });

  it('takes a bearer token from the OAuth token endpoint, as the client\'s OAUTH strategy gets it', async () => {
    const oauth = createCamundaClientLoose({
      config: {
        CAMUNDA_REST_ADDRESS: base,
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        CAMUNDA_OAUTH_URL: `${base}/oauth/token`,
        CAMUNDA_CLIENT_ID: 'test-worker',
        CAMUNDA_CLIENT_SECRET: SECRET,
        CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: '1',
        CAMUNDA_SDK_VALIDATION: 'res:strict',
        CAMUNDA_SDK_LOG_LEVEL: 'silent',
      } as never,
    });
    const topology = await oauth.getTopology();
    expect(topology).toMatchObject({ clusterSize: 1, gatewayVersion: '8.8.0' });
  });

  it('lets administrators register and revoke clients; the secret is shown once and stops working when revoked', async () => {
    const created = await stack.call(admin, { method: 'POST', url: '/api/machine-clients', payload: { id: 'ledger-sync', scopes: ['jobs:ledger.sync'] } });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const bad = await stack.call(admin, { method: 'POST', url: '/api/machine-clients', payload: { id: 'x', scopes: ['everything'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: '/scopes/0' })]);
    expect((await stack.call(supervisor, { method: 'GET', url: '/api/machine-clients' })).status).toBe(403);
    const listed = await stack.call(admin, { method: 'GET', url: '/api/machine-clients' });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    const ledger = client({ CAMUNDA_BASIC_AUTH_USERNAME: 'ledger-sync', CAMUNDA_BASIC_AUTH_PASSWORD: created.body.secret });
    await ledger.getTopology();
    expect((await stack.call(admin, { method: 'DELETE', url: '/api/machine-clients/ledger-sync' })).status).toBe(204);
    await expect(ledger.getTopology()).rejects.toMatchObject({ status: 401 });
  });
});
