import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { drillFromEnv } from './clock';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the drill of the environment', () => {
  it('is kept, so a restart with the same settings continues it, and new settings start a new one', async () => {
    dir = await mkdtemp(join(tmpdir(), 'duban-drill-'));
    const file = join(dir, 'drill.json');
    const env = { DRILL_START: '2027-01-01T00:00:00+08:00', DRILL_DAY_MS: '2000' };
    expect(await drillFromEnv({}, file)).toBeUndefined();

    const first = await drillFromEnv(env, file, 1_000);
    expect(first).toEqual({ origin: Date.parse('2027-01-01T00:00:00+08:00'), realOrigin: 1_000, factor: 43_200 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ start: env.DRILL_START, dayMs: 2000, realOrigin: 1_000 });

    expect(await drillFromEnv(env, file, 9_000)).toEqual(first);
    expect((await drillFromEnv({ ...env, DRILL_DAY_MS: '1000' }, file, 9_000))?.realOrigin).toBe(9_000);
  });
});
