/**
 * Finding the Temporal CLI (whose dev server `npm start` runs): TEMPORAL_CLI_PATH, `temporal` on
 * PATH, the cached copy in ~/.cache/duban/bin, or a first-start build with Go, or else a download
 * the way the Temporal SDK's test server gets it (sdk-core's ephemeral_server): ask
 * temporal.download which archive holds the CLI for this platform, fetch it, extract the one file,
 * and rename it into the cache so a concurrent start never runs a half-written binary.
 */
import { spawn } from 'node:child_process';
import { constants, createWriteStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { formatSeconds, type ProgressOptions, startProgress } from './progress';

export const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const CLI_VERSION = 'v1.5.1';
export const DOWNLOAD_BASE_URL = 'https://temporal.download';
/** What a first build takes on a laptop with an empty Go module cache. */
const BUILD_ESTIMATE = 'about 3 minutes';
const BUILD_ESTIMATE_SECONDS = 180;

export interface ResolveOptions {
  /** Where the progress line goes (process.stdout by default). */
  progress?: ProgressOptions;
}

/** ~/.cache/duban/bin (or $XDG_CACHE_HOME/duban/bin): outside the clone, shared by all clones. */
export function cliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'duban', 'bin');
}

/**
 * The Temporal CLI to run: TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build, a fresh build
 * with Go into the cache, or a download into the cache when there is no Go either
 * (DUBAN_TEMPORAL_DOWNLOAD_URL replaces https://temporal.download, for a mirror).
 */
export async function resolveTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => {},
  options: ResolveOptions = {},
): Promise<string> {
  if (env.TEMPORAL_CLI_PATH) return env.TEMPORAL_CLI_PATH;
  const onPath = await findOnPath('temporal', env.PATH);
  if (onPath) return onPath;
  const binDir = cliCacheDir(env);
  const cached = join(binDir, cliFileName());
  if (await isExecutable(cached)) return cached;
  const go = await findOnPath('go', env.PATH);
  if (go) return buildWithGo(go, binDir, env, log, options);
  if (env.DUBAN_TEMPORAL_DOWNLOAD === '0') {
    throw new Error(
      'The Temporal CLI was not found. Install it (https://docs.temporal.io/cli) and put `temporal` on PATH, ' +
        `set TEMPORAL_CLI_PATH to it, install Go so it can be built into ${binDir}, ` +
        'or set TEMPORAL_ADDRESS to use a running Temporal server.',
    );
  }
  try {
    return await downloadTemporalCli({ baseUrl: env.DUBAN_TEMPORAL_DOWNLOAD_URL || DOWNLOAD_BASE_URL, binDir, log, progress: options.progress });
  } catch (error) {
    throw new Error(
      `The Temporal CLI was not found and could not be downloaded (${errorMessage(error)}). Install it ` +
        '(https://docs.temporal.io/cli) and put `temporal` on PATH, set TEMPORAL_CLI_PATH to it, install Go so it can be ' +
        `built into ${binDir}, or set TEMPORAL_ADDRESS to use a running Temporal server.`,
      { cause: error },
    );
  }
}

async function buildWithGo(go: string, binDir: string, env: NodeJS.ProcessEnv, log: (line: string) => void, options: ResolveOptions): Promise<string> {
  const cached = join(binDir, cliFileName());
  await mkdir(binDir, { recursive: true });
  const logPath = join(binDir, 'go-build.log');
  log(`Building the Temporal CLI ${CLI_VERSION} into ${binDir} with Go (its output goes to ${logPath}).`);
  // Built aside and renamed into place, so a concurrent run never executes a half-written binary.
  const buildDir = await mkdtemp(join(binDir, '.build-'));
  const progress = startProgress(`building the Temporal CLI (first start, ${BUILD_ESTIMATE})`, { estimateSeconds: BUILD_ESTIMATE_SECONDS, ...options.progress });
  try {
    await runLogged(go, ['install', `${CLI_MODULE}@${CLI_VERSION}`], { ...env, GOBIN: buildDir }, logPath, (line) => {
      const module = /^go: downloading (\S+)/.exec(line);
      progress.detail(module ? `fetching ${module[1]}` : 'compiling');
    });
    await rename(join(buildDir, cliFileName()), cached);
  } finally {
    progress.done();
    await rm(buildDir, { recursive: true, force: true });
  }
  log('Temporal CLI built.');
  return cached;
}

export interface DownloadTarget {
  platform: 'linux' | 'darwin' | 'windows';
  arch: 'amd64' | 'arm64';
  format: 'tar.gz' | 'zip';
}

/** temporal.download's names for this machine, as sdk-core's ephemeral server computes them. */
export function downloadTarget(platform: string = process.platform, arch: string = process.arch): DownloadTarget {
  const os = platform === 'win32' ? 'windows' : platform === 'darwin' ? 'darwin' : 'linux';
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' || arch === 'arm' ? 'arm64' : undefined;
  if (!cpu) throw new Error(`no Temporal CLI download for the ${arch} architecture`);
  return { platform: os, arch: cpu, format: os === 'windows' ? 'zip' : 'tar.gz' };
}

/** The URL that answers `{ archiveUrl, fileToExtract }` for a CLI version and platform. */
export function downloadInfoUrl(baseUrl: string, version: string, target: DownloadTarget): string {
  const url = new URL(`cli/${encodeURIComponent(version)}`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('arch', target.arch);
  url.searchParams.set('platform', target.platform);
  url.searchParams.set('format', target.format);
  return url.toString();
}

export interface DownloadOptions {
  baseUrl?: string;
  version?: string;
  binDir: string;
  target?: DownloadTarget;
  log?: (line: string) => void;
  progress?: ProgressOptions;
}

/** Downloads the CLI into binDir (once: a present copy is returned as is) and returns its path. */
export async function downloadTemporalCli(options: DownloadOptions): Promise<string> {
  const { binDir, log = () => {} } = options;
  const target = options.target ?? downloadTarget();
  const version = options.version ?? CLI_VERSION;
  const dest = join(binDir, target.platform === 'windows' ? 'temporal.exe' : 'temporal');
  if (await isExecutable(dest)) return dest;
  await mkdir(binDir, { recursive: true });

  const infoUrl = downloadInfoUrl(options.baseUrl ?? DOWNLOAD_BASE_URL, version, target);
  const infoResponse = await fetch(infoUrl, { signal: AbortSignal.timeout(30_000) });
  if (!infoResponse.ok) throw new Error(`${infoUrl} answered ${infoResponse.status}`);
  const info = (await infoResponse.json()) as { archiveUrl?: unknown; fileToExtract?: unknown };
  if (typeof info.archiveUrl !== 'string' || typeof info.fileToExtract !== 'string') {
    throw new Error(`${infoUrl} did not name an archive: ${JSON.stringify(info).slice(0, 200)}`);
  }
  const { archiveUrl, fileToExtract } = info;
  if (!/\.(tar\.gz|tgz|zip)$/.test(new URL(archiveUrl).pathname)) throw new Error(`unsupported archive format: ${archiveUrl}`);
  if (fileToExtract.includes('..') || fileToExtract.startsWith('/')) throw new Error(`refusing to extract ${fileToExtract}`);

  log(`Downloading the Temporal CLI ${version} from ${archiveUrl} into ${binDir}.`);
  const workDir = await mkdtemp(join(binDir, '.download-'));
  const progress = startProgress(`downloading the Temporal CLI (first start, about a minute)`, options.progress);
  try {
    const archive = join(workDir, basename(new URL(archiveUrl).pathname));
    const response = await fetch(archiveUrl, { signal: AbortSignal.timeout(15 * 60_000) });
    if (!response.ok || !response.body) throw new Error(`${archiveUrl} answered ${response.status}`);
    const total = Number(response.headers.get('content-length')) || undefined;
    let received = 0;
    const since = Date.now();
    const counted = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
    counted.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // What is left at the rate so far.
      const seconds = (Date.now() - since) / 1000;
      const left = total && seconds > 1 ? `, about ${formatSeconds(((total - received) * seconds) / received)} left` : '';
      progress.detail(total ? `${mb(received)} of ${mb(total)} MB${left}` : `${mb(received)} MB`);
    });
    await pipeline(counted, createWriteStream(archive));
    if (total !== undefined && received !== total) throw new Error(`${archiveUrl}: got ${received} of ${total} bytes`);

    const extracted = join(workDir, 'out');
    await mkdir(extracted);
    await run('tar', [archive.endsWith('.zip') ? '-xf' : '-xzf', archive, '-C', extracted, fileToExtract]);
    const binary = join(extracted, fileToExtract);
    await chmod(binary, 0o755);
    await run(binary, ['--version']);
    await rename(binary, dest);
  } finally {
    progress.done();
    await rm(workDir, { recursive: true, force: true });
  }
  log(`Temporal CLI downloaded to ${dest}.`);
  return dest;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

function cliFileName(): string {
  return process.platform === 'win32' ? 'temporal.exe' : 'temporal';
}

export async function findOnPath(command: string, path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Runs a command with its output in a log file; each line also goes to onLine. Rejects with the log's tail. */
async function runLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logPath: string, onLine: (line: string) => void): Promise<void> {
  const logFile = await open(logPath, 'w');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const onData = (chunk: Buffer) => {
        void logFile.write(chunk);
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) onLine(line);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`));
      });
    });
  } catch (error) {
    await logFile.close();
    const tail = (await readFile(logPath, 'utf8').catch(() => '')).split('\n').slice(-20).join('\n');
    throw new Error(`${errorMessage(error)}; the end of ${logPath}:\n${tail}`, { cause: error });
  }
  await logFile.close();
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}): ${stderr.slice(-500)}`)),
    );
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
