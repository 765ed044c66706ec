/** Business time on the server: real time, or a drill clock's reading of it (workflows/clock.ts). */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { type DrillClock, businessTime, drillClock } from '../workflows/clock';

export function clockNow(drill?: DrillClock): number {
  return businessTime(drill, Date.now());
}

/**
 * A drill from the environment, or undefined: DRILL_START is where business time starts (an ISO
 * date-time with an offset) and DRILL_DAY_MS how many real milliseconds a business day lasts. The
 * drill is kept in `file`, so a restart with the same settings continues it (business time ran on
 * while the server was down, as real time did); other settings start a new drill.
 */
export async function drillFromEnv(env: NodeJS.ProcessEnv, file: string, now = Date.now()): Promise<DrillClock | undefined> {
  if (!env.DRILL_START) return undefined;
  const settings = { start: env.DRILL_START, dayMs: Number(env.DRILL_DAY_MS ?? 60_000) };
  const kept = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as typeof settings & { realOrigin: number }) : undefined;
  const continues = kept?.start === settings.start && kept.dayMs === settings.dayMs;
  const drill = drillClock(settings.start, settings.dayMs, continues ? kept.realOrigin : now);
  if (!continues) await writeFile(file, JSON.stringify({ ...settings, realOrigin: drill.realOrigin }));
  return drill;
}
