/**
 * The drill clock (演练时钟): business time that runs `factor` times faster than real time, so a
 * designer or a test can rehearse a year of monthly reporting in minutes on a real Temporal server.
 * Without a drill clock business time is real time. Pure: the workflow gets the clock in its input
 * (deterministic under replay), the server and the worker from their configuration.
 */
export interface DrillClock {
  /** The business instant (epoch ms) at `realOrigin`. */
  origin: number;
  /** The real instant (epoch ms) the drill started. */
  realOrigin: number;
  /** Business milliseconds per real millisecond: 86,400 makes a day last a second. */
  factor: number;
}

const DAY_MS = 86_400_000;

/** Business time at the real instant `real`. */
export function businessTime(drill: DrillClock | undefined, real: number): number {
  return drill ? Math.round(drill.origin + (real - drill.realOrigin) * drill.factor) : real;
}

/** The real instant at which business time reaches `business`. */
export function realTime(drill: DrillClock | undefined, business: number): number {
  return drill ? drill.realOrigin + (business - drill.origin) / drill.factor : business;
}

/** How long to wait in real time for `businessMs` of business time to pass (at least 1 ms). */
export function realDelay(drill: DrillClock | undefined, businessMs: number): number {
  return Math.max(1, Math.ceil(drill ? businessMs / drill.factor : businessMs));
}

/**
 * A drill clock from its settings: business time starts at `start` (an ISO date-time with an
 * offset) when the drill starts (`realOrigin`), and a business day lasts `dayMs` real milliseconds.
 */
export function drillClock(start: string, dayMs: number, realOrigin: number): DrillClock {
  const origin = Date.parse(start);
  if (!/([zZ]|[+-]\d{2}:?\d{2})$/.test(start) || Number.isNaN(origin)) throw new RangeError(`drill start "${start}" is not an ISO date-time with an offset`);
  if (!Number.isFinite(dayMs) || dayMs < 10 || dayMs > DAY_MS) throw new RangeError(`a drill day must last from 10 ms to a day, not ${dayMs} ms`);
  return { origin, realOrigin, factor: DAY_MS / dayMs };
}
