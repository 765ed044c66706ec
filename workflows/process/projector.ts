/**
 * Projects the matter's state to the read model (PostgreSQL, through the projectMatter activity)
 * and keeps its search attributes current: what to send and when. It numbers the states, reports
 * only the elements completed since the last projection, opens an incident on the element that
 * changed when PostgreSQL refuses a state for good (and closes it once one goes through), and
 * keeps a timer for the moment an open task's light would change by itself.
 */
import { ActivityFailure, ApplicationFailure, isCancellation } from '@temporalio/workflow';
import type { Light } from '../../supervision/lights';
import type { Projection, ProjectedSubscription } from '../activities';
import { type DefinitionRef, PROJECTION_REJECTED } from '../api';
import type { Engine } from '../engine/engine';
import type { EngineEvent, ProcessStatus, TaskState } from '../engine/state';
import { KEPT_COMPLETED, MAX_PROJECTED_COMPLETED } from '../engine/limits';
import { MatterLight } from '../matter-light';
import type { Scope } from './effects';
import type { Incidents } from './incidents';
import type { Jobs } from './jobs';

/** Closed tasks remembered past their projection, so a late completion hears who got there first. */
const REMEMBERED_CLOSED = 1_000;

/** What projection needs of Temporal; each method returns the SDK's own promise, unwrapped (see EffectPort). */
export interface ProjectionPort {
  projectMatter(projection: Projection): Promise<void>;
  upsertSearchAttributes(attributes: Record<string, string[]>): void;
  patched(patchId: string): boolean;
  /** Business time. */
  now(): number;
  newScope(): Scope;
  sleepUntil(at: number): Promise<void>;
}

export type ClosedTask = Pick<TaskState, 'status' | 'completedBy' | 'requestId'>;

export class Projector {
  /** Increases with every state projected. */
  seq: number;
  /** The latest ticket whose state is in the read model. */
  projected = 0;
  /** Set once this run has projected its first state. */
  ready = false;
  /** Set by the light timer: an open task's light changes now, with nobody acting. */
  lightDue = false;
  /** How many completed elements earlier projections have reported (all of them when continuing as new). */
  private reportedCompleted: number;
  private indexedStatus: ProcessStatus;
  private indexedUnits: string[] = [];
  private readonly matterLight: MatterLight;
  private indexedLight: string | undefined;
  private lightTimer: Scope | undefined;
  /** The element the latest events concerned: where a refused projection's incident is put. */
  private changedElement: string | undefined;
  /** Who retried a projection incident, until the next projection settles it. */
  private retriedBy: string | undefined;
  private readonly closedTasks = new Map<string, ClosedTask>();
  /** The version of the jobs the read model holds (carried jobs are there already). */
  private projectedJobs = 0;
  /** The subscriptions the read model holds (as JSON), once this run has projected them. */
  private projectedSubscriptions: string | undefined;

  /** Made before the interpreter starts: what it holds then was reported by an earlier run, or is nothing yet. */
  constructor(
    private readonly port: ProjectionPort,
    private readonly engine: Engine,
    /** Without (matters recorded before incidents), a refused state is sanitized by the activity itself. */
    private readonly incidents: Incidents | undefined,
    private readonly options: {
      matterId: string;
      workflowId: string;
      child: boolean;
      /** Remember closed tasks for exactly-once answers (matters recorded before them do not). */
      rememberClosed: boolean;
      carried?: { seq: number; settledLight?: Light };
      /** The matter's jobs for external workers, projected when they change (none in matters recorded before them). */
      jobs?: Jobs;
      /** The process version this workflow runs: the jobs' process, for their workers. */
      definition?: DefinitionRef;
    },
  ) {
    this.seq = options.carried?.seq ?? 0;
    this.reportedCompleted = engine.state.completed.length;
    this.indexedStatus = engine.state.status;
    this.matterLight = new MatterLight(options.carried?.settledLight);
  }

  /** The jobs changed since they were last projected. */
  get jobsDue(): boolean {
    return this.options.jobs !== undefined && this.options.jobs.version !== this.projectedJobs;
  }

  /** The worst light of the tasks closed so far: carried into the next run. */
  get settledLight(): Light {
    return this.matterLight.settledLight;
  }

  /** A task this matter closed and has projected, and who closed it. */
  closedTask(taskId: string): ClosedTask | undefined {
    return this.closedTasks.get(taskId);
  }

  /** Notes the element an event concerns (before it applies), for the incident of a projection that refuses its change. */
  noteEvent(event: EngineEvent): void {
    if (this.incidents) this.changedElement = this.elementOf(event) ?? this.changedElement;
  }

  /** A projection incident was retried by someone: the next projection that goes through closes it in their name. */
  retriedByUser(by: string): void {
    this.retriedBy = by;
  }

  /** Projects the current state; `upTo` is the latest ticket it answers. */
  async project(upTo: number): Promise<void> {
    const { engine } = this;
    this.seq += 1;
    const tasks = Object.values(engine.state.tasks);
    if (engine.state.status !== this.indexedStatus) {
      this.indexedStatus = engine.state.status;
      this.port.upsertSearchAttributes({ MatterStatus: [this.indexedStatus] });
    }
    // Matters recorded before lights were indexed replay without this upsert and its timer.
    if (this.port.patched('light-search-attribute')) this.indexLight(tasks);
    // Matters recorded before units were indexed replay without this upsert.
    if (this.port.patched('units-search-attribute')) {
      const units = [...new Set(engine.openTasks().flatMap((t) => t.candidateUnits))].sort();
      if (units.join() !== this.indexedUnits.join()) {
        this.indexedUnits = units;
        this.port.upsertSearchAttributes({ Units: units });
      }
    }
    const projection: Projection = {
      matterId: this.options.matterId,
      workflowId: this.options.workflowId,
      child: this.options.child,
      seq: this.seq,
      status: engine.state.status,
      variables: engine.state.variables,
      activeElements: engine.activeElements(),
      // A runaway loop's first passes stay out of the history rather than outgrow the activity's input.
      completed: engine.state.completed.slice(Math.max(this.reportedCompleted, engine.state.completed.length - MAX_PROJECTED_COMPLETED)),
      tasks,
      failure: engine.state.failure,
      termination: engine.state.termination,
    };
    const { jobs } = this.options;
    const jobsVersion = jobs?.version;
    if (this.jobsDue) Object.assign(projection, { jobs: jobs!.list(), definition: this.options.definition });
    const subscriptions = this.subscriptions();
    const subscriptionsJson = JSON.stringify(subscriptions);
    if (subscriptionsJson !== this.projectedSubscriptions) projection.subscriptions = subscriptions;
    if (this.incidents) await this.projectOrIncident(projection, this.incidents);
    else await this.port.projectMatter(projection);
    engine.forgetCompleted(KEPT_COMPLETED);
    this.reportedCompleted = engine.state.completed.length;
    if (jobsVersion !== undefined) this.projectedJobs = jobsVersion;
    this.projectedSubscriptions = subscriptionsJson;
    if (this.options.rememberClosed) {
      for (const t of tasks) if (t.status !== 'open') this.closedTasks.set(t.id, { status: t.status, completedBy: t.completedBy, requestId: t.requestId });
      for (const id of this.closedTasks.keys()) {
        if (this.closedTasks.size <= REMEMBERED_CLOSED) break;
        this.closedTasks.delete(id);
      }
    }
    engine.forgetClosedTasks(tasks.filter((t) => t.status !== 'open').map((t) => t.id));
    this.projected = upTo;
    this.ready = true;
  }

  /**
   * Projects a state; when PostgreSQL refuses it for good (a NUL character in a variable, a number
   * out of range) the matter opens an incident on the element that changed and projects the state
   * sanitized, so lists, inboxes and the history go on. The next projection that goes through as
   * it is (the variables fixed by a retry, or overwritten) closes the incident.
   */
  private async projectOrIncident(projection: Projection, incidents: Incidents): Promise<void> {
    try {
      await this.port.projectMatter({ ...projection, incidents: incidents.list, onReject: 'fail' });
    } catch (err) {
      const rejected = projectionRejection(err);
      if (rejected === undefined) throw err;
      const open = incidents.list.find((i) => i.kind === 'projection' && i.status === 'open');
      if (open) open.message = rejected;
      else incidents.open({ kind: 'projection', elementId: this.changedElement, message: rejected });
      this.retriedBy = undefined;
      // The refused attempt's input already reported the completed elements (the history reads them there).
      await this.port.projectMatter({ ...projection, completed: [], incidents: incidents.list, onReject: 'sanitize' });
      return;
    }
    this.changedElement = undefined;
    const settled = incidents.list.filter((i) => i.kind === 'projection' && i.status === 'open');
    if (settled.length === 0) return;
    for (const incident of settled) incidents.close(incident, this.retriedBy ?? 'system', 'retried');
    this.retriedBy = undefined;
    this.seq += 1;
    await this.port.projectMatter({ ...projection, seq: this.seq, completed: [], incidents: incidents.list, onReject: 'sanitize' });
  }

  /** Keeps the Light search attribute current, and wakes the workflow when a light would change by itself. */
  private indexLight(tasks: TaskState[]): void {
    const at = this.port.now();
    this.matterLight.settle(tasks.filter((t) => t.status !== 'open'), at);
    const open = tasks.filter((t) => t.status === 'open');
    const light = this.matterLight.light(open, at);
    if (light !== this.indexedLight) {
      this.indexedLight = light;
      this.port.upsertSearchAttributes({ Light: [light] });
    }
    this.lightTimer?.cancel();
    this.lightTimer = undefined;
    this.lightDue = false;
    const next = this.engine.state.status === 'running' ? this.matterLight.nextChange(open, at) : undefined;
    if (next === undefined) return;
    const scope = this.port.newScope();
    this.lightTimer = scope;
    scope.run(() => this.port.sleepUntil(next)).then(
      () => {
        if (this.lightTimer === scope) this.lightDue = true;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  }

  /** The messages and signals the process waits for, in the order they opened. */
  private subscriptions(): ProjectedSubscription[] {
    return Object.values(this.engine.state.subscriptions).flatMap((s): ProjectedSubscription[] => {
      const name = s.kind === 'message' ? s.messageName : s.kind === 'signal' ? s.signalName : undefined;
      if (name === undefined || s.kind === 'timer') return [];
      return [{ id: s.id, elementId: s.elementId, kind: s.kind, name, ...(s.correlationKey !== undefined && { correlationKey: s.correlationKey }) }];
    });
  }

  /** The element an event concerns. */
  private elementOf(event: EngineEvent): string | undefined {
    const { state } = this.engine;
    switch (event.type) {
      case 'taskCompleted':
      case 'taskAssigned':
      case 'taskDelegated':
        return state.tasks[event.taskId]?.elementId;
      case 'serviceCompleted':
      case 'serviceFailed':
      case 'childCompleted':
      case 'childFailed':
        return state.instances[event.instanceId]?.elementId;
      case 'timerFired':
      case 'messageReceived':
        return state.subscriptions[event.subscriptionId]?.elementId;
      default:
        return undefined;
    }
  }
}

/** The message of a projection PostgreSQL refused for good; undefined for any other failure. */
function projectionRejection(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === PROJECTION_REJECTED ? cause.message : undefined;
}
