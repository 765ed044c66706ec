/**
 * The events a matter has yet to apply, in arrival order: task completions and messages from
 * Updates, timers and service and child results from the effects. An Update's event carries a
 * ticket its handler waits on until the state it led to is in the read model.
 */
import type { EngineEvent } from '../engine/state';

export class Inbox {
  private readonly queue: Array<{ event: EngineEvent; ticket?: number }> = [];
  /** Tickets handed to Updates, the latest applied, and how many events applied in all. */
  private received = 0;
  private appliedTicket = 0;
  private applied = 0;
  /** Whether the event of each ticket applied (a task completed, not already closed by a timer…). */
  private readonly outcomes = new Map<number, boolean>();

  constructor(
    /**
     * Matters recorded before tickets counted every applied event (timers too) against Update
     * tickets, so an Update could answer before its own change was projected; they replay so.
     */
    private readonly ticketed: boolean,
    /** Matters recorded before exactly-once answers did not tell an Update whether its event applied. */
    private readonly exactlyOnce: boolean,
  ) {}

  get size(): number {
    return this.queue.length;
  }

  /** The latest ticket handed out: a sync waits until its state is projected. */
  get lastTicket(): number {
    return this.received;
  }

  /** How far a projection made now reaches, in tickets. */
  get appliedUpTo(): number {
    return this.ticketed ? this.appliedTicket : this.applied;
  }

  /** Queues an event no Update waits on (a timer fired, a service answered). */
  deliver(event: EngineEvent): void {
    this.queue.push({ event });
  }

  /** Queues an Update's event: the ticket it waits on. */
  enqueue(event: EngineEvent): number {
    const ticket = ++this.received;
    this.queue.push({ event, ticket });
    return ticket;
  }

  /** Whether a ticket's event applied, told once. */
  outcome(ticket: number): boolean {
    const ok = this.outcomes.get(ticket) ?? true;
    this.outcomes.delete(ticket);
    return ok;
  }

  /** Applies the queued events in arrival order, each with `apply` (true when it applied): how many there were. */
  drain(apply: (event: EngineEvent) => boolean): number {
    let count = 0;
    while (this.queue.length > 0) {
      const { event, ticket } = this.queue.shift()!;
      const ok = apply(event);
      if (this.exactlyOnce && ticket !== undefined) this.outcomes.set(ticket, ok);
      this.applied += 1;
      if (ticket !== undefined) this.appliedTicket = ticket;
      count += 1;
    }
    return count;
  }
}
