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

/** A dead service to bring back: how to start it and what a failed try leaves to clean up. */
export interface Restart {
  /** "PostgreSQL on 127.0.0.1:5432": what the console lines name. */
  what: string;
  /** Starts it again (same port, same data); throws when this try fails. */
  start(): Promise<void>;
  /** Cleans up after a failed try; returns why it failed. */
  failed(error: unknown): Promise<string> | string;
  /** True once the service is being stopped on purpose. */
  stopped(): boolean;
}

/**
 * After a service died and `supervise.down` was told (and whatever it returned has resolved): starts
 * it again with growing pauses until it answers, or until it is stopped or the app shuts down.
 * Whether it came back.
 */
export async function restartUntilUp(supervise: SupervisorHooks, restart: Restart): Promise<boolean> {
  const giveUp = () => restart.stopped() || supervise.active?.() === false;
  for (let attempt = 1; !restart.stopped(); attempt++) {
    await sleep(restartDelay(attempt));
    if (giveUp()) return false;
    try {
      supervise.log?.(`restarting ${restart.what} (attempt ${attempt})`);
      await restart.start();
      if (restart.stopped()) return false;
      supervise.log?.(`${restart.what} is back`);
      supervise.up();
      return true;
    } catch (error) {
      supervise.log?.(`${restart.what} did not come back: ${await restart.failed(error)}`.trim());
    }
  }
  return false;
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
