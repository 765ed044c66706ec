/**
 * The matter as its Updates and Query see it: the interpreter's state, the events queued for it,
 * the tasks reserved by a completion or claim not applied yet, and the incidents. Each handler's
 * body is a method here; the workflow (process.ts) registers them and runs the loop.
 */
import { ApplicationFailure, condition } from '@temporalio/workflow';
import {
  type ChangeTaskRequest,
  type CompleteTaskRequest,
  type CompleteTaskResult,
  type DefinitionRef,
  type Incident,
  type JobAnswer,
  type MatterSnapshot,
  type MessageRequest,
  type SignalRequest,
  TASK_REFUSED,
  type TaskRefusal,
} from '../api';
import type { Engine } from '../engine/engine';
import { KEPT_COMPLETED, variablesTooLarge } from '../engine/limits';
import type { EngineEvent, TaskState, Variables } from '../engine/state';
import { type Actor, mayWorkOn } from '../engine/tasks';
import type { EffectRunner } from './effects';
import type { Inbox } from './inbox';
import type { Incidents } from './incidents';
import type { Jobs } from './jobs';
import type { Projector } from './projector';

interface Hold {
  action: 'complete' | 'claim';
  by: string;
  requestId?: string;
}

export class Matter {
  /** Tasks with an accepted completion or claim that is not applied yet. */
  private readonly reserved = new Map<string, Hold>();

  constructor(
    private readonly engine: Engine,
    private readonly inbox: Inbox,
    private readonly effects: EffectRunner,
    private readonly projector: Projector,
    /** None in matters recorded before incidents. */
    private readonly incidents: Incidents | undefined,
    private readonly options: {
      definition: DefinitionRef;
      /**
       * Matters recorded before exactly-once answers let every completion that passed the validator
       * through, applied or not; they replay so. Since, a task with an accepted completion or claim that
       * is not applied yet is reserved: later ones are refused, naming who got there first.
       */
      exactlyOnce: boolean;
    },
    /** None in matters recorded before jobs for external workers. */
    private readonly jobs?: Jobs,
  ) {}

  snapshot(): MatterSnapshot {
    const { state } = this.engine;
    return {
      status: state.status,
      definition: this.options.definition,
      variables: state.variables,
      activeElements: this.engine.activeElements(),
      completedElements: state.completed.slice(-KEPT_COMPLETED),
      openTasks: this.engine.openTasks(),
      failure: state.failure,
      termination: state.termination,
      seq: this.projector.seq,
      ...(this.incidents && { incidents: this.incidents.list }),
    };
  }

  /** Resolves once every earlier change is in the read model: the projected seq. */
  async sync(): Promise<number> {
    const n = this.inbox.lastTicket;
    await condition(() => this.projector.ready && this.projector.projected >= n);
    return this.projector.seq;
  }

  async completeTask(request: CompleteTaskRequest): Promise<CompleteTaskResult> {
    const before = new Set(this.engine.openTasks().map((t) => t.id));
    const event: EngineEvent = {
      type: 'taskCompleted',
      taskId: request.taskId,
      variables: request.variables,
      by: request.actor.username,
      requestId: request.requestId,
    };
    const answer = () => ({
      taskId: request.taskId,
      openedTasks: this.engine.openTasks().filter((t) => !before.has(t.id)),
      status: this.engine.state.status,
    });
    if (!this.options.exactlyOnce) {
      await this.submit(event);
      return answer();
    }
    // The validator said yes, but defensively: nothing may have changed since, and it did not run on replay.
    const refused = this.refusal(request.taskId, 'complete', request.actor);
    if (refused) throw refused;
    return this.reserving(request.taskId, { action: 'complete', by: request.actor.username, requestId: request.requestId }, event, answer);
  }

  validateCompletion(request: CompleteTaskRequest): void {
    if (this.options.exactlyOnce) {
      const refused = this.refusal(request.taskId, 'complete', request.actor);
      if (refused) throw refused;
    }
    const task = this.engine.state.tasks[request.taskId];
    if (!task || task.status !== 'open') throw new Error(`task ${request.taskId} is not open in this matter`);
    if (!mayWorkOn(task, request.actor)) throw new Error(`task ${request.taskId} is not assigned to ${request.actor.username}`);
    if (typeof request.variables !== 'object' || request.variables === null || Array.isArray(request.variables)) {
      throw new Error('variables must be an object');
    }
    this.validateVariables(request.variables);
  }

  /** Refuses variables that would outgrow the bounds that keep the matter's state small (see engine/limits.ts). */
  validateVariables(variables: Variables | undefined): void {
    const tooLarge = variables && variablesTooLarge(variables, this.engine.state.variables);
    if (tooLarge) throw new Error(tooLarge);
  }

  async setVariables({ variables }: { variables: Variables }): Promise<void> {
    await this.submit({ type: 'variablesSet', variables });
  }

  async terminate({ reason, by }: { reason: string; by: string }): Promise<void> {
    await this.submit({ type: 'terminated', reason, by });
  }

  whileRunning(): void {
    if (this.engine.state.status !== 'running') throw new Error(`the process is ${this.engine.state.status}`);
  }

  async changeTask(request: ChangeTaskRequest): Promise<TaskState> {
    const event: EngineEvent =
      request.action === 'delegate'
        ? { type: 'taskDelegated', taskId: request.taskId, unitId: request.unitId }
        : { type: 'taskAssigned', taskId: request.taskId, assignee: request.action === 'claim' ? request.actor.username : undefined };
    if (!this.options.exactlyOnce) {
      await this.submit(event);
      return this.engine.state.tasks[request.taskId];
    }
    const refused = this.refusal(request.taskId, request.action, request.actor);
    if (refused) throw refused;
    const hold = request.action === 'claim' ? { action: 'claim' as const, by: request.actor.username } : undefined;
    return this.reserving(request.taskId, hold, event, () => this.engine.state.tasks[request.taskId]);
  }

  validateChange(request: ChangeTaskRequest): void {
    if (this.options.exactlyOnce) {
      const refused = this.refusal(request.taskId, request.action, request.actor);
      if (refused) throw refused;
    }
    const task = this.engine.state.tasks[request.taskId];
    if (!task || task.status !== 'open') throw new Error(`task ${request.taskId} is not open in this matter`);
    if (request.action === 'claim' && task.assignee) throw new Error(`task ${request.taskId} is already claimed by ${task.assignee}`);
    if (request.action === 'unclaim' && task.assignee !== request.actor.username) throw new Error(`task ${request.taskId} is not claimed by ${request.actor.username}`);
    if (request.action === 'delegate' && !request.unitId) throw new Error('delegate needs a unit');
  }

  async message(request: MessageRequest): Promise<{ elementId: string }> {
    const sub = this.engine.messageSubscription(request.name, request.correlationKey)!;
    await this.submit({ type: 'messageReceived', subscriptionId: sub.id, variables: request.variables ?? {} });
    return { elementId: sub.elementId };
  }

  validateMessage(request: MessageRequest): void {
    this.validateVariables(request.variables);
    if (!this.engine.messageSubscription(request.name, request.correlationKey)) {
      const key = request.correlationKey === undefined ? '' : ` with key "${request.correlationKey}"`;
      throw new Error(`nothing in this matter waits for message "${request.name}"${key}`);
    }
  }

  /** The signal reaches every subscription of its name: how many were waiting when it was taken. */
  async signal(request: SignalRequest): Promise<{ triggered: number }> {
    const triggered = this.engine.signalSubscriptions(request.signalName).length;
    if (triggered > 0) await this.submit({ type: 'signalReceived', signalName: request.signalName, variables: request.variables ?? {} });
    return { triggered };
  }

  validateSignal(request: SignalRequest): void {
    this.whileRunning();
    if (typeof request.signalName !== 'string' || request.signalName === '') throw new Error('a signal needs a name');
    requireObject(request.variables);
  }

  // ---- jobs answered by external workers (the job API) ----

  async completeJob(answer: JobAnswer & { variables: Variables }): Promise<void> {
    this.openJobs.expect(answer);
    this.openJobs.remove(answer.instanceId);
    await this.submit({ type: 'serviceCompleted', instanceId: answer.instanceId, variables: answer.variables });
  }

  /** Out of retries: an incident on the element; the job waits, failed, until someone retries it. */
  async failJob(answer: JobAnswer & { message: string; variables?: Variables }): Promise<void> {
    const job = this.openJobs.expect(answer);
    this.openJobs.fail(job.instanceId, answer.variables);
    this.recorded.serviceFailed(this.openJobs.call(job), answer.message, 'job');
    // An empty event: the answer waits until the incident is in the read model.
    await this.submit({ type: 'variablesSet', variables: {} });
  }

  /**
   * A BPMN error from the worker. Its variables are set before the error is thrown (Camunda puts them on
   * the catching event, whose output reaches the same scope unless mappings say otherwise).
   */
  async throwJobError(answer: JobAnswer & { errorCode: string; message: string; variables: Variables }): Promise<void> {
    this.openJobs.expect(answer);
    this.openJobs.remove(answer.instanceId);
    if (Object.keys(answer.variables).length > 0) this.inbox.enqueue({ type: 'variablesSet', variables: answer.variables });
    await this.submit({ type: 'serviceFailed', instanceId: answer.instanceId, errorCode: answer.errorCode, message: answer.message });
  }

  /** A worker's answer is for an open job of this running matter, activated in its current incarnation. */
  validateJobAnswer(answer: JobAnswer & { variables?: Variables }): void {
    this.whileRunning();
    this.openJobs.expect(answer);
    requireObject(answer.variables);
  }

  private get openJobs(): Jobs {
    if (!this.jobs) throw new Error('this matter has no jobs for external workers');
    return this.jobs;
  }

  async retryIncident({ incidentId, variables, by }: { incidentId: string; variables?: Variables; by: string }): Promise<Incident> {
    const incident = this.openIncident(incidentId);
    incident.retries += 1;
    if (incident.kind === 'element') {
      this.recorded.close(incident, by, 'retried');
      // Set the edited variables first, then run the step again: it may stop anew, as a new incident.
      await this.submit({ type: 'variablesSet', variables: variables ?? {} });
      await this.submit({ type: 'incidentRetried', instanceId: incident.instanceId! });
    } else if (incident.kind === 'service' || incident.kind === 'job') {
      // A job's call is the job itself when the incident came through continue-as-new without it.
      const call = this.recorded.takeCall(incident.id) ?? (incident.kind === 'job' ? this.jobs?.callFor(incident.instanceId) : undefined);
      this.recorded.close(incident, by, 'retried');
      // Set the edited variables first, then call the service again with them (a job: handed out afresh).
      await this.submit({ type: 'variablesSet', variables: variables ?? {} });
      if (call && this.engine.state.status === 'running') this.effects.run({ ...call, variables: { ...call.variables, ...variables } });
    } else {
      // Projected again with the edited variables: the incident closes if the read model takes them.
      this.projector.retriedByUser(by);
      await this.submit({ type: 'variablesSet', variables: variables ?? {} });
    }
    return { ...incident };
  }

  async resolveIncident({ incidentId, by }: { incidentId: string; by: string }): Promise<Incident> {
    const incident = this.resolvableIncident(incidentId);
    this.recorded.close(incident, by, 'accepted');
    const call = this.recorded.takeCall(incident.id);
    // A service task given up on fails as it would have without incidents; where the interpreter records
    // incidents itself (patch incident-on-error), that failure stops the task in an element incident instead.
    await this.submit(call ? { type: 'serviceFailed', instanceId: call.instanceId, message: incident.message } : { type: 'variablesSet', variables: {} });
    return { ...incident };
  }

  /** An open incident of this matter; throws when there is none to retry or resolve now. */
  openIncident(id: string): Incident {
    const incident = this.recorded.list.find((i) => i.id === id);
    if (!incident) throw new Error(`no incident ${id} in this matter`);
    if (incident.status !== 'open') throw new Error(`incident ${id} is already resolved`);
    this.whileRunning();
    return incident;
  }

  /**
   * An open incident that may be accepted as it is. Not an element incident: its token would stay
   * stopped for good; it is retried once its cause is fixed, or the matter is terminated.
   */
  resolvableIncident(id: string): Incident {
    const incident = this.openIncident(id);
    if (incident.kind === 'element') throw new Error(`incident ${id} stopped element ${incident.elementId}: retry it once its cause is fixed, or terminate the matter`);
    if (incident.kind === 'job') throw new Error(`incident ${id} is a job out of retries: retry it once its worker can do it, or terminate the matter`);
    return incident;
  }

  private get recorded(): Incidents {
    if (!this.incidents) throw new Error('this matter records no incidents');
    return this.incidents;
  }

  /** Queues an event and resolves once it has been applied and its state projected: whether it applied. */
  private async submit(event: EngineEvent): Promise<boolean> {
    const n = this.inbox.enqueue(event);
    await condition(() => this.projector.projected >= n);
    return this.inbox.outcome(n);
  }

  /** Why this completion or change of a task may not go ahead now; undefined when it may. */
  private refusal(taskId: string, action: 'complete' | ChangeTaskRequest['action'], actor: Actor): ApplicationFailure | undefined {
    const held = this.reserved.get(taskId);
    const task = this.engine.state.tasks[taskId];
    const closed = task && task.status !== 'open' ? task : this.projector.closedTask(taskId);
    if (held?.action === 'complete' || closed?.status === 'completed') {
      const by = held?.action === 'complete' ? held.by : closed?.completedBy;
      const requestId = held?.action === 'complete' ? held.requestId : closed?.requestId;
      return refuse({ taskId, reason: 'completed', by, requestId }, `task ${taskId} was already completed by ${by}`);
    }
    if (!task || task.status !== 'open') return refuse({ taskId, reason: 'closed' }, `task ${taskId} is not open in this matter`);
    const holder = held?.action === 'claim' ? held.by : task.assignee;
    if (action === 'claim' && holder) return refuse({ taskId, reason: 'claimed', by: holder }, `task ${taskId} is already claimed by ${holder}`);
    if (action === 'complete' && holder && holder !== actor.username) {
      return refuse({ taskId, reason: 'claimed', by: holder }, `task ${taskId} is claimed by ${holder}`);
    }
    if (action === 'complete' && !mayWorkOn(task, actor)) return refuse({ taskId, reason: 'not-yours' }, `task ${taskId} is not assigned to ${actor.username}`);
    if (action === 'unclaim' && (held?.action === 'claim' || task.assignee !== actor.username)) {
      return refuse({ taskId, reason: 'not-yours' }, `task ${taskId} is not claimed by ${actor.username}`);
    }
    return undefined;
  }

  /** Runs a completion or claim exactly once: reserves the task while its event waits to be applied. */
  private async reserving<T>(taskId: string, hold: Hold | undefined, event: EngineEvent, answer: () => T): Promise<T> {
    if (hold) this.reserved.set(taskId, hold);
    let ok: boolean;
    try {
      ok = await this.submit(event);
    } finally {
      if (hold) this.reserved.delete(taskId);
    }
    if (!ok) {
      const refused = this.refusal(taskId, hold?.action ?? 'claim', { username: hold?.by ?? '', unitId: '' });
      throw refused ?? refuse({ taskId, reason: 'closed' }, `task ${taskId} closed before this change applied`);
    }
    return answer();
  }
}

function refuse(refusal: TaskRefusal, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: TASK_REFUSED, message, details: [refusal], nonRetryable: true });
}

/** Variables from outside must be an object (or left out). */
function requireObject(variables: unknown): void {
  if (variables !== undefined && (typeof variables !== 'object' || variables === null || Array.isArray(variables))) throw new Error('variables must be an object');
}
