/**
 * Carries out the effects the interpreter asks for — timers, service tasks, called processes, their
 * cancellation, and the signals it throws to other matters — through a port (Temporal in the workflow, fakes in tests), and turns each
 * outcome into the event the interpreter hears next.
 */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, isCancellation } from '@temporalio/workflow';
import type { ProcessGraph } from '../../bpmn/graph';
import { BUILT_IN_TASK_TYPES, type BroadcastSignalInput, type ServiceTaskInput } from '../activities';
import type { DefinitionRef, ProcessInput, ProcessResult } from '../api';
import type { Effect, EngineEvent, Variables } from '../engine/state';
import type { Incidents } from './incidents';
import type { Jobs } from './jobs';

const BUILT_IN = new Set<string>(BUILT_IN_TASK_TYPES);

/** Something in flight that can be cancelled: Temporal's CancellationScope. */
export interface Scope {
  run<T>(fn: () => Promise<T>): Promise<T>;
  cancel(): void;
}

/**
 * What the effects need of Temporal. Each method returns the SDK's own promise, unwrapped: the
 * order in which outcomes reach the inbox, and so the commands replayed, depends on it.
 */
export interface EffectPort {
  newScope(): Scope;
  /** Sleeps until the business instant `at`. */
  sleepUntil(at: number): Promise<void>;
  /** The service task activity, tried at most `retries` times. */
  runServiceTask(input: ServiceTaskInput, retries: number): Promise<Variables>;
  loadDefinition(key: string): Promise<{ definition: DefinitionRef; graph: ProcessGraph }>;
  /** Runs a called process as a child workflow. */
  executeChild(workflowId: string, input: ProcessInput): Promise<ProcessResult>;
  /** The broadcastSignal activity, retried until it goes through. */
  broadcastSignal(input: BroadcastSignalInput): Promise<{ delivered: number; started: string[] }>;
}

export interface Failure {
  /** Set when a BPMN error was thrown; otherwise a technical failure. */
  errorCode?: string;
  message: string;
}

export class EffectRunner {
  /** Timers, service calls and called processes in flight, by the engine's subscription or instance id. */
  private readonly inFlight = new Map<string, Scope>();
  /** Signals being broadcast: the matter waits for them before it ends or continues as new. */
  private readonly broadcasts = new Set<Promise<void>>();

  constructor(
    private readonly port: EffectPort,
    /** The matter's input: a called process runs on its clock and calendar. */
    private readonly input: ProcessInput,
    private readonly ids: { taskIdPrefix: string; workflowId: string },
    /** Where outcomes go: the inbox. */
    private readonly deliver: (event: EngineEvent) => void,
    /** Without (matters recorded before incidents), a service task's technical failure fails it. */
    private readonly incidents: Incidents | undefined,
    /** Where jobs for external workers wait; none in matters recorded before them (they could have none). */
    private readonly jobs?: Jobs,
  ) {}

  run(effect: Effect): void {
    switch (effect.type) {
      case 'startTimer':
        this.inFlight.get(effect.subscriptionId)?.cancel();
        this.track(
          effect.subscriptionId,
          () => this.port.sleepUntil(effect.fireAt),
          () => ({ type: 'timerFired', subscriptionId: effect.subscriptionId }),
        );
        return;
      case 'cancelTimer':
      case 'cancelPending': {
        const id = effect.type === 'cancelTimer' ? effect.subscriptionId : effect.instanceId;
        this.inFlight.get(id)?.cancel();
        this.inFlight.delete(id);
        if (effect.type === 'cancelPending') this.jobs?.remove(id);
        return;
      }
      case 'callService':
        // A type no built-in worker serves is a job: it waits for an external worker's answer (an Update).
        if (this.jobs && !BUILT_IN.has(effect.taskType)) {
          this.jobs.create(effect);
          return;
        }
        this.track(
          effect.instanceId,
          () =>
            this.port.runServiceTask(
              {
                matterId: this.input.matterId,
                instanceKey: `${this.ids.taskIdPrefix}-${effect.instanceId}`,
                elementId: effect.elementId,
                taskType: effect.taskType,
                variables: effect.variables,
                ...(effect.headers && { headers: effect.headers }),
              },
              effect.retries,
            ),
          (variables) => ({ type: 'serviceCompleted', instanceId: effect.instanceId, variables }),
          (failure) => {
            if (!this.incidents || failure.errorCode !== undefined) return { type: 'serviceFailed', instanceId: effect.instanceId, ...failure };
            // A technical failure after the element's retries: an incident; the task waits for a retry.
            this.incidents.serviceFailed(effect, failure.message);
            return undefined;
          },
        );
        return;
      case 'incident':
        this.incidents?.elementStopped(effect);
        return;
      case 'startChild':
        this.track(
          effect.instanceId,
          async () => {
            const called = await this.port.loadDefinition(effect.processKey);
            const result = await this.port.executeChild(`${this.ids.workflowId}/${effect.instanceId}`, {
              matterId: this.input.matterId,
              definition: called.definition,
              graph: called.graph,
              variables: effect.variables,
              child: true,
              drill: this.input.drill,
              timeZone: this.input.timeZone,
              workCalendar: this.input.workCalendar,
              taskIdPrefix: `${this.ids.taskIdPrefix}-${effect.instanceId}`,
            });
            if (result.status === 'failed') throw ApplicationFailure.nonRetryable(result.failure?.message ?? 'called process failed');
            return result.variables;
          },
          (variables) => ({ type: 'childCompleted', instanceId: effect.instanceId, variables }),
          (failure) => ({ type: 'childFailed', instanceId: effect.instanceId, ...failure }),
        );
        return;
      case 'broadcastSignal': {
        // The throwing token has gone on already: nothing comes back to the interpreter.
        const sent: Promise<void> = this.port
          .broadcastSignal({ signalName: effect.signalName, variables: effect.variables, fromWorkflowId: this.ids.workflowId, elementId: effect.elementId })
          .then(() => {
            this.broadcasts.delete(sent);
          });
        this.broadcasts.add(sent);
        return;
      }
    }
  }

  /** Whether signals are still being broadcast. */
  get broadcasting(): boolean {
    return this.broadcasts.size > 0;
  }

  /** Resolves once every signal thrown so far has been broadcast. */
  async broadcastsSent(): Promise<void> {
    await Promise.all([...this.broadcasts]);
  }

  /** Runs something cancellable for an engine id and turns its outcome into an event. */
  private track<T>(id: string, run: () => Promise<T>, onDone: (value: T) => EngineEvent, onFail?: (failure: Failure) => EngineEvent | undefined): void {
    const scope = this.port.newScope();
    this.inFlight.set(id, scope);
    scope.run(run).then(
      (value) => {
        if (this.inFlight.get(id) === scope) this.inFlight.delete(id);
        this.deliver(onDone(value));
      },
      (err: unknown) => {
        if (isCancellation(err)) return;
        if (this.inFlight.get(id) === scope) this.inFlight.delete(id);
        if (!onFail) throw err;
        const event = onFail(describeFailure(err));
        if (event) this.deliver(event);
      },
    );
  }
}

/** A failure as the interpreter hears it: a BPMN error's code, or a technical failure's message. */
function describeFailure(err: unknown): Failure {
  let cause = err;
  while (cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) cause = cause.cause;
  if (cause instanceof ApplicationFailure && cause.type === 'BpmnError') {
    return { errorCode: String(cause.details?.[0] ?? ''), message: cause.message };
  }
  return { message: cause instanceof Error ? cause.message : String(cause) };
}
