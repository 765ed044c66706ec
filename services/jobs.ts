/**
 * Jobs for external workers: the jobs table, its owner. The matter's workflow says which jobs exist
 * (its projections write them here); workers activate them here, under a lock that times out,
 * without a round trip to Temporal; their answers — completion, BPMN error, a failure with no
 * retries left — go to the workflow as Updates, and a failure with retries left waits its back-off
 * here. Shapes follow Camunda 8's job API (see docs/camunda-rest.md); keys are decimal strings.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Knex } from 'knex';
import { completeJobUpdate, failJobUpdate, type Job, type JobAnswer, throwJobErrorUpdate } from '../workflows/api';
import type { Projection } from '../workflows/activities';
import type { Variables } from '../workflows/engine/state';
import type { AppContext } from './context';
import { DomainError, conflict, invalidInput } from './errors';
import { type MachineClient, requireScope } from './machine-clients';
import { PgChannel } from './pg-channel';

export interface JobRow {
  key: string;
  matter_id: string;
  workflow_id: string;
  instance_id: string;
  incarnation: number;
  type: string;
  element_id: string;
  process_key: string;
  process_version: number;
  definition_id: number;
  custom_headers: Record<string, string>;
  variables: Variables;
  retries: number;
  status: 'activatable' | 'activated' | 'failed';
  worker: string | null;
  deadline: Date | null;
  retry_at: Date | null;
  error_message: string | null;
  created_at: Date;
}

/** A new 64-bit key from the sequence jobs and matters take theirs from, as a decimal string (Zeebe-like). */
export async function nextEngineKey(knex: Knex): Promise<string> {
  const { rows } = (await knex.raw("select nextval('engine_keys')::text as key")) as { rows: Array<{ key: string }> };
  return rows[0].key;
}

/** The tenant every key lives in: one organisation per installation. */
export const DEFAULT_TENANT = '<default>';

/**
 * Writes the jobs a workflow sent (the set replaces its rows). A job handed out afresh (a new
 * incarnation) starts activatable again; one the workflow says has failed stops being activatable.
 */
export async function writeJobs(trx: Knex.Transaction, p: Pick<Projection, 'matterId' | 'workflowId' | 'jobs' | 'definition'>): Promise<void> {
  if (!p.jobs) return;
  const jobs: Job[] = p.jobs;
  const gone = trx('jobs').where('workflow_id', p.workflowId);
  if (jobs.length > 0) gone.whereNotIn('instance_id', jobs.map((j) => j.instanceId));
  await gone.delete();
  if (jobs.length === 0 || !p.definition) return;
  const { definition } = p;
  await trx('jobs')
    .insert(
      jobs.map((j) => ({
        matter_id: p.matterId,
        workflow_id: p.workflowId,
        instance_id: j.instanceId,
        incarnation: j.incarnation,
        type: j.type,
        element_id: j.elementId,
        process_key: definition.key,
        process_version: definition.version,
        definition_id: definition.id,
        custom_headers: JSON.stringify(j.headers),
        variables: JSON.stringify(j.variables),
        retries: j.retries,
        status: j.status === 'failed' ? 'failed' : 'activatable',
      })),
    )
    .onConflict(['workflow_id', 'instance_id'])
    .merge({
      incarnation: trx.raw('excluded.incarnation'),
      variables: trx.raw('excluded.variables'),
      retries: trx.raw("case when excluded.incarnation > jobs.incarnation then excluded.retries else jobs.retries end"),
      status: trx.raw('excluded.status'),
      worker: trx.raw("case when excluded.status = 'failed' or excluded.incarnation > jobs.incarnation then null else jobs.worker end"),
      deadline: trx.raw("case when excluded.status = 'failed' or excluded.incarnation > jobs.incarnation then null else jobs.deadline end"),
      retry_at: trx.raw('case when excluded.incarnation > jobs.incarnation then null else jobs.retry_at end'),
    })
    // Only what the workflow changed: a new incarnation, or a job that has failed for good.
    .whereRaw("excluded.incarnation > jobs.incarnation or (excluded.status = 'failed' and jobs.status <> 'failed')");
}

export interface Activation {
  type: string;
  worker: string;
  /** How long the activated jobs stay locked to this worker (ms). */
  timeoutMs: number;
  maxJobs: number;
  /** Variables to hand out; all when absent or empty. */
  fetchVariables?: string[];
}

/** A job as Camunda 8's job API hands it to a worker (ActivatedJobResult). */
export interface ActivatedJob {
  jobKey: string;
  type: string;
  processInstanceKey: string;
  rootProcessInstanceKey: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processDefinitionVersion: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  worker: string;
  retries: number;
  deadline: number;
  variables: Variables;
  tenantId: string;
  kind: 'BPMN_ELEMENT';
  listenerEventType: 'UNSPECIFIED';
  tags: string[];
  priority: number;
}

/**
 * Activates up to `maxJobs` jobs of a type at once: activatable ones, failed ones whose back-off
 * is over, and activated ones whose lock timed out. Concurrent activations never hand out the same
 * job (SKIP LOCKED).
 */
export async function activateJobs(knex: Knex, a: Activation): Promise<ActivatedJob[]> {
  const { rows } = (await knex.raw(
    `update jobs j set status = 'activated', worker = ?, deadline = now() + (? * interval '1 millisecond'), retry_at = null
       from (select key from jobs
              where type = ?
                and (status = 'activatable' or (status = 'activated' and deadline < now()))
                and (retry_at is null or retry_at <= now())
              order by key limit ? for update skip locked) picked,
            matters m
      where j.key = picked.key and m.id = j.matter_id
      returning j.*, m.instance_key`,
    [a.worker, a.timeoutMs, a.type, a.maxJobs],
  )) as { rows: Array<JobRow & { instance_key: string }> };
  const wanted = a.fetchVariables && a.fetchVariables.length > 0 ? new Set(a.fetchVariables) : undefined;
  return rows
    .sort((x, y) => (BigInt(x.key) < BigInt(y.key) ? -1 : 1))
    .map((row) => ({
      jobKey: String(row.key),
      type: row.type,
      processInstanceKey: String(row.instance_key),
      rootProcessInstanceKey: String(row.instance_key),
      processDefinitionKey: String(row.definition_id),
      processDefinitionId: row.process_key,
      processDefinitionVersion: row.process_version,
      elementId: row.element_id,
      elementInstanceKey: String(row.key),
      customHeaders: row.custom_headers,
      worker: a.worker,
      retries: row.retries,
      deadline: row.deadline!.getTime(),
      variables: wanted ? Object.fromEntries(Object.entries(row.variables).filter(([name]) => wanted.has(name))) : row.variables,
      tenantId: DEFAULT_TENANT,
      kind: 'BPMN_ELEMENT',
      listenerEventType: 'UNSPECIFIED',
      tags: [],
      priority: 0,
    }));
}

/**
 * Wakes long polls when a job of their type may have become activatable (the jobs table's NOTIFY),
 * and at least every `RECHECK_MS`, for back-offs and locks that ran out with nobody writing.
 */
export class JobWakeups {
  private readonly channel: PgChannel;
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(knex: Knex, log?: (message: string, err?: unknown) => void) {
    this.channel = new PgChannel(knex, 'jobs', (type) => this.wake(type), log);
  }

  start(): Promise<void> {
    return this.channel.start();
  }

  async stop(): Promise<void> {
    for (const wakers of this.waiting.values()) for (const wake of wakers) wake();
    await this.channel.stop();
  }

  /** Resolves when a job of this type may be there, or after `ms`. */
  wait(type: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wakers = this.waiting.get(type) ?? new Set<() => void>();
      this.waiting.set(type, wakers);
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        if (wakers.size === 0 && this.waiting.get(type) === wakers) this.waiting.delete(type);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  private wake(type: string): void {
    for (const wake of [...(this.waiting.get(type) ?? [])]) wake();
  }
}

/** How often a waiting long poll looks again by itself. */
const RECHECK_MS = 1_000;

/**
 * Activation with long polling: answers as soon as at least one job is activated, or with none
 * once `requestTimeoutMs` has passed (at once when it is 0 or less).
 */
export async function pollJobs(knex: Knex, wakeups: JobWakeups, a: Activation, requestTimeoutMs: number, closed: () => boolean = () => false): Promise<ActivatedJob[]> {
  const until = Date.now() + Math.max(0, requestTimeoutMs);
  for (;;) {
    const jobs = await activateJobs(knex, a);
    const left = until - Date.now();
    if (jobs.length > 0 || left <= 0 || closed()) return jobs;
    await wakeups.wait(a.type, Math.min(left, RECHECK_MS));
  }
}

/** A job that is not there (any more): Camunda answers 404 NOT_FOUND. */
const gone = (message: string) => new DomainError('not-found', message);

/** A job the client may answer: it serves jobs of its type. */
async function findJob(knex: Knex, key: string, client: MachineClient): Promise<JobRow> {
  if (!/^-?\d{1,19}$/.test(key)) throw gone(`job ${key} does not exist`);
  const row = (await knex<JobRow>('jobs').where({ key }).first()) as JobRow | undefined;
  if (!row) throw gone(`job ${key} does not exist: it was completed, or its element was cancelled`);
  requireScope(client, `jobs:${row.type}`);
  return row;
}

function answerable(row: JobRow): JobAnswer {
  if (row.status === 'failed') throw conflict(`job ${row.key} has failed with no retries left: its incident must be retried first`);
  return { instanceId: row.instance_id, incarnation: row.incarnation };
}

/** The workflow refused the answer: the job is no longer open there (completed, cancelled, handed out afresh). */
async function toWorkflow(row: JobRow, send: () => Promise<unknown>): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError || (err as Error).name === 'WorkflowNotFoundError') {
      throw gone(`job ${row.key} is no longer open: ${(err as Error & { cause?: Error }).cause?.message ?? 'its matter has ended'}`);
    }
    throw err;
  }
}

/** Completes a job: its element goes on with the variables. Answers once the matter has moved on. */
export async function completeJob(ctx: AppContext, client: MachineClient, key: string, variables: Variables): Promise<void> {
  const row = await findJob(ctx.knex, key, client);
  const answer = answerable(row);
  await toWorkflow(row, () => ctx.temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(completeJobUpdate, { args: [{ ...answer, variables }] }));
}

export interface JobFailure {
  /** Retries left; 0 (the default) raises an incident. */
  retries: number;
  retryBackOffMs: number;
  errorMessage: string;
  /** Set on the job: the next activation hands them out. */
  variables: Variables;
}

/**
 * Fails a job. With retries left it is activatable again after its back-off; with none the matter
 * records an incident on the element, and the job waits until the incident is retried.
 */
export async function failJob(ctx: AppContext, client: MachineClient, key: string, f: JobFailure): Promise<void> {
  const { knex } = ctx;
  const row = await findJob(knex, key, client);
  const answer = answerable(row);
  if (f.retries > 0) {
    const updated = await knex('jobs')
      .where({ key, incarnation: row.incarnation })
      .whereNot('status', 'failed')
      .update({
        status: 'activatable',
        retries: f.retries,
        worker: null,
        deadline: null,
        retry_at: f.retryBackOffMs > 0 ? knex.raw("now() + (? * interval '1 millisecond')", [f.retryBackOffMs]) : null,
        error_message: f.errorMessage,
        variables: knex.raw('variables || ?::jsonb', [JSON.stringify(f.variables)]),
      });
    if (updated === 0) throw gone(`job ${key} is no longer open`);
    return;
  }
  const message = f.errorMessage || `job ${key} of type "${row.type}" failed with no retries left`;
  // Out of the workers' reach at once; the matter then records the incident (a job gone there is gone here too).
  await knex('jobs').where({ key, incarnation: row.incarnation }).update({ retries: 0, error_message: message, status: 'failed', worker: null, deadline: null });
  await toWorkflow(row, () => ctx.temporal.client.workflow.getHandle(row.workflow_id).executeUpdate(failJobUpdate, { args: [{ ...answer, message, variables: f.variables }] }));
}

/** Throws a BPMN error from a job: the element's error events catch it, as a thrown error end event's would be. */
export async function throwJobError(ctx: AppContext, client: MachineClient, key: string, e: { errorCode: string; errorMessage: string; variables: Variables }): Promise<void> {
  const row = await findJob(ctx.knex, key, client);
  const answer = answerable(row);
  if (e.errorCode === '') throw invalidInput('errorCode must not be empty', [{ path: '/errorCode', message: 'must not be empty' }]);
  await toWorkflow(row, () =>
    ctx.temporal.client.workflow
      .getHandle(row.workflow_id)
      .executeUpdate(throwJobErrorUpdate, { args: [{ ...answer, errorCode: e.errorCode, message: e.errorMessage || `BPMN error ${e.errorCode}`, variables: e.variables }] }),
  );
}

/** Changes a job's retries, or its lock: `timeoutMs` from now. */
export async function updateJob(knex: Knex, client: MachineClient, key: string, change: { retries?: number; timeoutMs?: number }): Promise<void> {
  const row = await findJob(knex, key, client);
  if (change.timeoutMs !== undefined && row.status !== 'activated') throw conflict(`job ${key} is not activated: it has no lock to change`);
  const update: Record<string, unknown> = {};
  if (change.retries !== undefined) update.retries = change.retries;
  if (change.timeoutMs !== undefined) update.deadline = knex.raw("now() + (? * interval '1 millisecond')", [change.timeoutMs]);
  if (Object.keys(update).length > 0) await knex('jobs').where({ key }).update(update);
}
