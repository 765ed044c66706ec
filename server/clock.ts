/** Business time on the server: real time, or a drill clock's reading of it (workflows/clock.ts). */
import { type DrillClock, businessTime, drillClock } from '../workflows/clock';

export function clockNow(drill?: DrillClock): number {
  return businessTime(drill, Date.now());
}

/**
 * A drill from the environment, or undefined: DRILL_START is where business time starts (an ISO
 * date-time with an offset) and DRILL_DAY_MS how many real milliseconds a business day lasts.
 */
export function drillFromEnv(env: NodeJS.ProcessEnv, realOrigin = Date.now()): DrillClock | undefined {
  if (!env.DRILL_START) return undefined;
  return drillClock(env.DRILL_START, Number(env.DRILL_DAY_MS ?? 60_000), realOrigin);
}
