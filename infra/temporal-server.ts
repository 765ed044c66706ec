/**
 * A Temporal frontend for the app and the tests: the one at TEMPORAL_ADDRESS when set, else a
 * `temporal server start-dev` child process on free local ports. Either way the project's custom
 * search attributes are registered in the namespace before this returns. A supervised dev server
 * (`npm start`) is restarted on the same ports and SQLite file when it dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES, connectionOptions, temporalConfig } from '../temporal.config';
import { freePorts } from './ports';
import { restartUntilUp, stopLeftover, type SupervisorHooks } from './supervisor';
import { resolveTemporalCli } from './temporal-cli';

export { resolveTemporalCli } from './temporal-cli';

export interface TemporalServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  /** The web UI of a dev server started here; undefined for an external server. */
  uiUrl?: string;
  /** The dev server's process id (it changes when a supervisor restarts it); undefined for an external server. */
  pid?(): number | undefined;
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  /** Where the dev server keeps its SQLite file and log; undefined keeps everything in memory. */
  dataDir?: string;
  /** Progress of building the CLI when it is missing (the server's own output goes to a log file). */
  log?: (line: string) => void;
  /** Restart the dev server on the same ports and files whenever it dies, telling these hooks. */
  supervise?: SupervisorHooks;
}

const STARTUP_TIMEOUT_MS = 60_000;
/** Starts tried when the server loses a race for its ports. */
const START_ATTEMPTS = 3;
const STOP_TIMEOUT_MS = 10_000;
const GRPC_ALREADY_EXISTS = 6;

/** SEARCH_ATTRIBUTES uses the CLI's type names; the operator service wants the SDK's. */
const SDK_TYPES = {
  Text: 'TEXT',
  Keyword: 'KEYWORD',
  Int: 'INT',
  Double: 'DOUBLE',
  Bool: 'BOOL',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
} as const;

export async function startTemporal(opts: StartTemporalOptions = {}): Promise<TemporalServer> {
  const log = opts.log ?? (() => {});
  const config = temporalConfig();
  if (config.address) {
    const connection = await Connection.connect(await connectionOptions(config, config.address));
    try {
      await registerSearchAttributes(connection, config.namespace);
    } finally {
      await connection.close();
    }
    return { address: config.address, namespace: config.namespace, stop: async () => {} };
  }
  return startDevServer(await resolveTemporalCli(process.env, log), config.namespace, opts.dataDir, opts.supervise);
}

async function startDevServer(
  cli: string,
  namespace: string,
  dataDir: string | undefined,
  supervise: SupervisorHooks | undefined,
): Promise<TemporalServer> {
  const scratchDir = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'duban-temporal-'));
  const logDir = dataDir ?? scratchDir!;
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, 'temporal.log');
  const pidPath = join(logDir, 'temporal.pid');
  const dbPath = dataDir ? join(dataDir, 'temporal.db') : undefined;
  // A dev server left running by an app that was killed would hold the SQLite file.
  if (dbPath) {
    const leftover = Number((await readFile(pidPath, 'utf8').catch(() => '')).trim());
    if (await stopLeftover(leftover, ['start-dev', dbPath], 'SIGTERM', STOP_TIMEOUT_MS)) {
      supervise?.log?.(`stopped the Temporal dev server (pid ${leftover}) an earlier run left behind`);
    }
  }
  // Ports free now may be taken by another process before the server binds them (its internal
  // services pick more of their own): a start that loses that race is tried again on new ports.
  let address = '';
  let uiPort = 0;
  let args: string[] = [];
  const choosePorts = async () => {
    const [port, ui, httpPort, metricsPort] = await freePorts(4);
    address = `127.0.0.1:${port}`;
    uiPort = ui;
    args = [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(port),
      '--ui-port', String(ui),
      '--http-port', String(httpPort),
      '--metrics-port', String(metricsPort),
      '--namespace', namespace,
      ...(dbPath ? ['--db-filename', dbPath] : []),
    ];
  };
  await choosePorts();
  // No --search-attribute flags: they only take effect when the db file is new, so a restart would
  // miss attributes added since. registerSearchAttributes covers both cases.

  let child!: ChildProcess;
  let exit: string | undefined;
  let stopping = false;
  let restarting = false;
  /** Until the first start is through, an exit is that start's failure, not an outage to supervise. */
  let starting = true;
  const spawnServer = async (flags: 'w' | 'a') => {
    const logFile = await open(logPath, flags);
    const current = spawn(cli, args, { stdio: ['ignore', logFile.fd, logFile.fd] });
    child = current;
    exit = undefined;
    // Listen before awaiting anything: a server that dies at once must not exit unheard.
    current.once('exit', (code, signal) => {
      if (current !== child) return;
      exit = signal ? `signal ${signal}` : `exit code ${code}`;
      onExit(exit);
    });
    current.once('error', (error) => {
      if (current === child && exit === undefined) exit = error.message;
    });
    await logFile.close();
    if (current.pid) await writeFile(pidPath, `${current.pid}\n`).catch(() => {});
  };
  // A server left behind by a killed test run would hold its ports and memory, its scratch dir the disk.
  const cleanUpOnExit = () => {
    child.kill('SIGKILL');
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  };

  const ready = async () => {
    const connection = await waitForFrontend(address, namespace, () => exit);
    try {
      await registerSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
  };

  // Supervision: same ports, same SQLite file, until it answers again or the app stops.
  const onExit = (reason: string) => {
    if (starting || stopping || restarting || !supervise || supervise.active?.() === false) return;
    restarting = true;
    const held = supervise.down(`the Temporal dev server ended (${reason})`);
    void (async () => {
      await held;
      await restartUntilUp(supervise, {
        what: `the Temporal dev server on ${address}`,
        start: async () => {
          await spawnServer('a');
          await ready();
        },
        failed: async (error) => {
          await terminate(child, () => exit !== undefined);
          return errorMessage(error);
        },
        stopped: () => stopping,
      });
      restarting = false;
    })();
  };

  await spawnServer('w');
  process.once('exit', cleanUpOnExit);

  const stop = async () => {
    stopping = true;
    process.off('exit', cleanUpOnExit);
    await terminate(child, () => exit !== undefined);
    await rm(pidPath, { force: true });
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  };

  for (let attempt = 1; ; attempt++) {
    try {
      await ready();
      break;
    } catch (error) {
      await terminate(child, () => exit !== undefined);
      const log = await readFile(logPath, 'utf8').catch(() => '');
      if (attempt < START_ATTEMPTS && /address already in use/.test(log)) {
        await choosePorts();
        starting = true;
        await spawnServer('w');
        continue;
      }
      stopping = true;
      process.off('exit', cleanUpOnExit);
      const tail = log.split('\n').slice(-20).join('\n');
      throw new Error(`The Temporal dev server did not start (${errorMessage(error)}). Log ${logPath}:\n${tail}`, {
        cause: error,
      });
    }
  }
  starting = false;
  return { address, namespace, uiUrl: `http://127.0.0.1:${uiPort}`, pid: () => (exit === undefined ? child.pid : undefined), stop };
}

/** Connects once the frontend accepts TCP and answers for the namespace, or fails if the child exits. */
async function waitForFrontend(address: string, namespace: string, exited: () => string | undefined): Promise<Connection> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const [host, port] = address.split(':');
  const givenUp = (): string | undefined => {
    const reason = exited();
    if (reason) return `the server process ended (${reason})`;
    if (Date.now() > deadline) return `no answer from ${address} within ${STARTUP_TIMEOUT_MS / 1000}s`;
    return undefined;
  };
  // Polling the port first keeps gRPC's reconnect backoff out of the startup time. Whatever answers
  // there is not ours if our server has already ended (another process took the free port meanwhile).
  for (;;) {
    const reason = givenUp();
    if (reason) throw new Error(reason);
    if (await acceptsTcp(host, Number(port))) break;
    await sleep(200);
  }
  const connection = await Connection.connect({ address, connectTimeout: '10s' }).catch((error: unknown) => {
    throw new Error(`${givenUp() ?? 'could not connect'}; last error: ${errorMessage(error)}`, { cause: error });
  });
  for (;;) {
    try {
      // Each call has its own deadline: a listener that is not a Temporal server may never answer.
      await connection.withDeadline(Date.now() + 5_000, () => connection.workflowService.describeNamespace({ namespace }));
      return connection;
    } catch (error) {
      const reason = givenUp();
      if (reason) {
        await connection.close();
        throw new Error(`${reason}; last error: ${errorMessage(error)}`, { cause: error });
      }
      await sleep(200);
    }
  }
}

/** Adds the SEARCH_ATTRIBUTES the namespace lacks; ones registered meanwhile by someone else are fine. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in customAttributes));
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(
    missing.map(([name, type]) => [name, encodeSearchAttributeIndexedValueType(SDK_TYPES[type])!]),
  );
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    if (!(isGrpcServiceError(error) && error.code === GRPC_ALREADY_EXISTS)) throw error;
  }
}

/** SIGTERM lets the server flush its SQLite file; SIGKILL if it does not go in time. */
async function terminate(child: ChildProcess, hasExited: () => boolean): Promise<void> {
  if (hasExited() || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const);
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function acceptsTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
