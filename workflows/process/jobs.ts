/**
 * The matter's jobs: service tasks whose type no built-in worker serves wait here for an external
 * job worker (Camunda 8's job API). The workflow holds what a job is — its element, type, headers,
 * retries and variables — and projects it to the jobs table, where workers activate it; a worker's
 * completion, BPMN error or last failure reaches the workflow as an Update naming the job's
 * instance and incarnation. Activation, locks, timeouts and back-off live in the table only: they
 * change nothing in the matter.
 */
import type { Job, JobAnswer } from '../api';
import type { Effect, Variables } from '../engine/state';

export type ServiceCall = Extract<Effect, { type: 'callService' }>;

export class Jobs {
  private readonly byInstance = new Map<string, Job>();
  /** Counts changes: the projector sends the jobs when it has not sent this version yet. */
  version = 0;

  constructor(carried: Job[] | undefined) {
    for (const job of carried ?? []) this.byInstance.set(job.instanceId, { ...job });
  }

  /** Hands a service call out as a job; a call handed out again (a retried incident) is a new incarnation. */
  create(call: ServiceCall): void {
    const before = this.byInstance.get(call.instanceId);
    this.byInstance.set(call.instanceId, {
      instanceId: call.instanceId,
      elementId: call.elementId,
      type: call.taskType,
      headers: call.headers ?? {},
      retries: Math.max(call.retries, 1),
      variables: call.variables,
      incarnation: (before?.incarnation ?? 0) + 1,
      status: 'open',
    });
    this.version += 1;
  }

  /** The open job a worker's answer is about; throws (refusing the Update) when it no longer is one. */
  expect(ref: JobAnswer): Job {
    const job = this.byInstance.get(ref.instanceId);
    if (!job || job.incarnation !== ref.incarnation) throw new Error(`job ${ref.instanceId} is no longer open`);
    if (job.status !== 'open') throw new Error(`job ${ref.instanceId} has failed and waits for its incident to be retried`);
    return job;
  }

  has(instanceId: string): boolean {
    return this.byInstance.has(instanceId);
  }

  /** Out of retries: the job stays, failed, until its incident is retried; the failure's variables go with it (its local scope). */
  fail(instanceId: string, variables: Variables = {}): void {
    const job = this.byInstance.get(instanceId);
    if (job) {
      job.status = 'failed';
      job.variables = { ...job.variables, ...variables };
      this.version += 1;
    }
  }

  /** The job is done (answered) or gone (its activity interrupted, the matter ended). */
  remove(instanceId: string): void {
    if (this.byInstance.delete(instanceId)) this.version += 1;
  }

  /** Drops the jobs whose element no longer waits for them (interrupted, the matter ended, an incident given up on). */
  dropGone(pending: Record<string, unknown>): void {
    for (const id of this.byInstance.keys()) if (!pending[id]) this.remove(id);
  }

  /** The call the job of this instance stands for, while it is there: what its incident runs again on retry. */
  callFor(instanceId: string | undefined): ServiceCall | undefined {
    const job = instanceId === undefined ? undefined : this.byInstance.get(instanceId);
    return job && this.call(job);
  }

  /** The call a job stands for: what an incident runs again on retry. */
  call(job: Job): ServiceCall {
    return {
      type: 'callService',
      instanceId: job.instanceId,
      elementId: job.elementId,
      taskType: job.type,
      retries: job.retries,
      variables: job.variables,
      headers: job.headers,
    };
  }

  list(): Job[] {
    return [...this.byInstance.values()];
  }
}
