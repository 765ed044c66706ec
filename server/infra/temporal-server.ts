/**
 * A Temporal frontend for the app and the tests: the one at TEMPORAL_ADDRESS when set, else a
 * `temporal server start-dev` child process on free local ports. Either way the project's custom
 * search attributes are registered in the namespace before this returns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { connect as tcpConnect } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES, connectionOptions, temporalConfig } from '../../temporal.config';
import { freePorts } from './ports';

export interface TemporalServer {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  /** The web UI of a dev server started here; undefined for an external server. */
  uiUrl?: string;
  stop(): Promise<void>;
}

export interface StartTemporalOptions {
  /** Where the dev server keeps its SQLite file and log; undefined keeps everything in memory. */
  dataDir?: string;
  /** Progress of building the CLI when it is missing (the server's own output goes to a log file). */
  log?: (line: string) => void;
}

const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
const CLI_VERSION = 'v1.5.1';
const STARTUP_TIMEOUT_MS = 60_000;
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
  return startDevServer(await resolveTemporalCli(process.env, log), config.namespace, opts.dataDir);
}

/**
 * The Temporal CLI to run: TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build, or a fresh
 * build with Go into the cache (the CLI ships no npm package, and Go's module proxy is reachable
 * where prebuilt downloads may not be).
 */
export async function resolveTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => {},
): Promise<string> {
  if (env.TEMPORAL_CLI_PATH) return env.TEMPORAL_CLI_PATH;
  const onPath = await findOnPath('temporal', env.PATH);
  if (onPath) return onPath;
  const binDir = join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'duban', 'bin');
  const cached = join(binDir, 'temporal');
  if (await isExecutable(cached)) return cached;
  const go = await findOnPath('go', env.PATH);
  if (!go) {
    throw new Error(
      'The Temporal CLI was not found. Install it (https://docs.temporal.io/cli) and put `temporal` on PATH, ' +
        `set TEMPORAL_CLI_PATH to it, install Go so it can be built into ${binDir}, ` +
        'or set TEMPORAL_ADDRESS to use a running Temporal server.',
    );
  }
  log(`Building the Temporal CLI ${CLI_VERSION} into ${binDir} with Go; the first build takes a few minutes.`);
  await mkdir(binDir, { recursive: true });
  // Built aside and renamed into place, so a concurrent run never executes a half-written binary.
  const buildDir = await mkdtemp(join(binDir, '.build-'));
  try {
    await runToCompletion(go, ['install', `${CLI_MODULE}@${CLI_VERSION}`], { ...env, GOBIN: buildDir }, log);
    await rename(join(buildDir, 'temporal'), cached);
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  log('Temporal CLI built.');
  return cached;
}

async function startDevServer(
  cli: string,
  namespace: string,
  dataDir: string | undefined,
): Promise<TemporalServer> {
  const scratchDir = dataDir ? undefined : await mkdtemp(join(tmpdir(), 'duban-temporal-'));
  const logDir = dataDir ?? scratchDir!;
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, 'temporal.log');
  const [port, uiPort, httpPort, metricsPort] = await freePorts(4);
  const address = `127.0.0.1:${port}`;
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--http-port', String(httpPort),
    '--metrics-port', String(metricsPort),
    '--namespace', namespace,
    ...(dataDir ? ['--db-filename', join(dataDir, 'temporal.db')] : []),
  ];
  // No --search-attribute flags: they only take effect when the db file is new, so a restart would
  // miss attributes added since. registerSearchAttributes covers both cases.

  const logFile = await open(logPath, 'w');
  const child = spawn(cli, args, { stdio: ['ignore', logFile.fd, logFile.fd] });
  await logFile.close();
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = signal ? `signal ${signal}` : `exit code ${code}`));
  child.once('error', (error) => (exit = error.message));
  // A server left behind by a killed test run would hold its ports and memory, its scratch dir the disk.
  const cleanUpOnExit = () => {
    child.kill('SIGKILL');
    if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  };
  process.once('exit', cleanUpOnExit);

  const stop = async () => {
    process.off('exit', cleanUpOnExit);
    await terminate(child, () => exit !== undefined);
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
  };

  try {
    const connection = await waitForFrontend(address, namespace, () => exit);
    try {
      await registerSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
  } catch (error) {
    process.off('exit', cleanUpOnExit);
    await terminate(child, () => exit !== undefined);
    const tail = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
    throw new Error(`The Temporal dev server did not start (${errorMessage(error)}). Log ${logPath}:\n${tail}`, {
      cause: error,
    });
  }
  return { address, namespace, uiUrl: `http://127.0.0.1:${uiPort}`, stop };
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

async function findOnPath(command: string, path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Runs a command, passing each output line to `log`; rejects with its output's tail on failure. */
function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(line);
        log(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}):\n${lines.slice(-20).join('\n')}`));
    });
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
