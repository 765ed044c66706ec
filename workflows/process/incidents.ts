/**
 * A matter's incidents: what it could not do by itself and will not retry (a state the read model
 * refused, a service task that failed for good, a token the interpreter stopped at an element), kept
 * until an administrator retries or resolves them. Matters recorded before incidents have none (the
 * workflow passes no Incidents).
 */
import type { Incident } from '../api';
import type { Effect } from '../engine/state';

export type ServiceCall = Extract<Effect, { type: 'callService' }>;
export type ElementStopped = Extract<Effect, { type: 'incident' }>;

/** Resolved incidents carried into the next run. */
const CARRIED_RESOLVED = 50;

export class Incidents {
  readonly list: Incident[];
  /** Set when an incident opened or closed outside an event: the loop projects it. */
  changed = false;
  /** The service calls of open service incidents, to run again on retry. */
  private readonly failedCalls = new Map<string, ServiceCall>();

  constructor(
    carried: Incident[] | undefined,
    /** The workflow's clock and ids (Date.now and uuid4 in the workflow; fakes in tests). */
    private readonly clock: { now: () => number; newId: () => string },
  ) {
    this.list = carried?.map((i) => ({ ...i })) ?? [];
  }

  open(incident: Omit<Incident, 'id' | 'at' | 'status' | 'retries'>): Incident {
    const opened: Incident = { id: this.clock.newId(), at: this.clock.now(), status: 'open', retries: 0, ...incident };
    this.list.push(opened);
    return opened;
  }

  close(incident: Incident, by: string, resolution: Incident['resolution']): void {
    Object.assign(incident, { status: 'resolved', resolvedAt: this.clock.now(), resolvedBy: by, resolution });
  }

  /**
   * A technical failure of a service call after the element's retries (a built-in service), or a job
   * failed by its worker with no retries left: the task waits for a retry.
   */
  serviceFailed(call: ServiceCall, message: string, kind: 'service' | 'job' = 'service'): void {
    // A job's incident names its instance: retried after continue-as-new, the job is found by it.
    const incident = this.open({ kind, elementId: call.elementId, message, ...(kind === 'job' && { instanceId: call.instanceId }) });
    this.failedCalls.set(incident.id, call);
    this.changed = true;
  }

  /** The interpreter stopped a token at an element: open until retried or its instance is gone. */
  elementStopped(stopped: ElementStopped): void {
    this.open({ kind: 'element', elementId: stopped.elementId, instanceId: stopped.instanceId, message: stopped.message });
  }

  /** Closes the element incidents whose instance is no longer stopped (interrupted by a boundary event, the matter terminated). */
  closeSettled(stopped: { id: string }[]): void {
    const ids = new Set(stopped.map((i) => i.id));
    for (const incident of this.list) {
      if (incident.kind === 'element' && incident.status === 'open' && !ids.has(incident.instanceId!)) this.close(incident, 'system', 'cancelled');
    }
  }

  /** The failed call of a service incident, no longer kept: it runs again or is given up on. */
  takeCall(incidentId: string): ServiceCall | undefined {
    const call = this.failedCalls.get(incidentId);
    this.failedCalls.delete(incidentId);
    return call;
  }

  /** Closes the incidents of failed service tasks that are gone (interrupted by a boundary event, the matter terminated). */
  closeGone(pending: Record<string, unknown>): void {
    for (const [incidentId, call] of this.failedCalls) {
      if (pending[call.instanceId]) continue;
      this.failedCalls.delete(incidentId);
      const incident = this.list.find((i) => i.id === incidentId);
      if (incident?.status === 'open') this.close(incident, 'system', 'cancelled');
    }
  }

  /** What the next run carries: every open incident and the latest resolved ones. */
  carried(): Incident[] {
    return [...this.list.filter((i) => i.status === 'open'), ...this.list.filter((i) => i.status !== 'open').slice(-CARRIED_RESOLVED)];
  }
}
