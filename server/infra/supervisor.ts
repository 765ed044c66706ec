/**
 * What the Temporal dev server and the embedded PostgreSQL share as supervised children of
 * `npm start`: hooks that hear when one dies and comes back, a restart backoff, and the clean-up of
 * a child left running by an app that was killed (kill -9 leaves no chance to stop it), which would
 * otherwise hold the data directory.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SupervisorHooks {
  /**
   * The service died; it is restarted once a promise returned here resolves (at once otherwise):
   * the outage test holds an outage open with it.
   */
  down(reason: string): void | Promise<void>;
  /** The service answers again. */
  up(): void;
  /** Progress of restarts, for the console. */
  log?(line: string): void;
  /**
   * False once the app is shutting down: a child that ends then (Ctrl-C reaches the whole process
   * group, so it may end before the app stops it) is not restarted.
   */
  active?(): boolean;
}

/** Delay before restart attempt `attempt` (1-based): quick first, at most two seconds. */
export function restartDelay(attempt: number): number {
  return Math.min(250 * 2 ** (attempt - 1), 2_000);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a running process (Linux /proc); undefined where it cannot be read. */
async function commandLine(pid: number): Promise<string | undefined> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (text) => text.split('\0').join(' '),
    () => undefined,
  );
}

/** Whether `pid` is a live process whose command line contains every one of `marks`. */
export async function runningWith(pid: number, marks: string[]): Promise<boolean> {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid || !isAlive(pid)) return false;
  const cmdline = await commandLine(pid);
  return Boolean(cmdline && marks.every((mark) => cmdline.includes(mark)));
}

/**
 * Stops a process left behind by an earlier run when its command line contains every one of
 * `marks` (so a recycled pid of someone else's process is left alone): `signal` first, SIGKILL if
 * it has not gone within `graceMs`. Returns whether there was one.
 */
export async function stopLeftover(pid: number, marks: string[], signal: NodeJS.Signals, graceMs = 10_000): Promise<boolean> {
  if (!(await runningWith(pid, marks))) return false;
  try {
    process.kill(pid, signal);
  } catch {
    return false;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  return true;
}
