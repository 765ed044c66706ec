/**
 * The Temporal CLI download (used when neither `temporal` nor Go is on the machine), against a
 * local HTTP server that plays temporal.download: the info endpoint names an archive, the archive
 * holds a fake `temporal` script.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadInfoUrl, downloadTarget, downloadTemporalCli, resolveTemporalCli } from '../../infra/temporal-cli';

const quiet = { stream: new Writable({ write: (_chunk, _enc, done) => done() }) };

let dir: string;
let server: Server;
let base: string;
let archive: Buffer;
const requests: string[] = [];
/** What the fake temporal.download answers for the next info request. */
let info: (base: string) => object = (b) => ({ archiveUrl: `${b}/archives/temporal_cli_1.5.1_linux_amd64.tar.gz`, fileToExtract: 'temporal' });
let truncate = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'duban-cli-download-'));
  const content = join(dir, 'content');
  await mkdir(content);
  await writeFile(join(content, 'temporal'), '#!/bin/sh\necho "temporal version 1.5.1 (fake)"\n');
  await chmod(join(content, 'temporal'), 0o755);
  await writeFile(join(content, 'LICENSE'), 'MIT\n');
  execFileSync('tar', ['-czf', join(dir, 'archive.tar.gz'), '-C', content, 'temporal', 'LICENSE']);
  archive = await readFile(join(dir, 'archive.tar.gz'));
  server = createServer((req, res) => {
    requests.push(req.url!);
    const url = new URL(req.url!, base);
    if (url.pathname === '/cli/v1.5.1') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(info(base)));
    } else if (url.pathname.startsWith('/archives/') && url.pathname.endsWith('.tar.gz')) {
      res.setHeader('content-length', String(archive.length));
      // A connection that breaks off mid-archive.
      if (truncate) res.write(archive.subarray(0, archive.length >> 1), () => res.destroy());
      else res.end(archive);
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('the download URL', () => {
  it('names the platform, architecture and archive format as the SDK does', () => {
    expect(downloadTarget('linux', 'x64')).toEqual({ platform: 'linux', arch: 'amd64', format: 'tar.gz' });
    expect(downloadTarget('darwin', 'arm64')).toEqual({ platform: 'darwin', arch: 'arm64', format: 'tar.gz' });
    expect(downloadTarget('win32', 'x64')).toEqual({ platform: 'windows', arch: 'amd64', format: 'zip' });
    expect(() => downloadTarget('linux', 'ia32')).toThrow(/ia32/);
    expect(downloadInfoUrl('https://temporal.download', 'v1.5.1', downloadTarget('linux', 'x64'))).toBe(
      'https://temporal.download/cli/v1.5.1?arch=amd64&platform=linux&format=tar.gz',
    );
  });
});

describe('downloadTemporalCli', { timeout: 20_000 }, () => {
  it('fetches the archive the info names, extracts the CLI into the cache and reuses it', async () => {
    const binDir = join(dir, 'cache-1', 'duban', 'bin');
    requests.length = 0;
    const lines: string[] = [];
    const cli = await downloadTemporalCli({ baseUrl: base, binDir, target: downloadTarget('linux', 'x64'), log: (l) => lines.push(l), progress: quiet });
    expect(cli).toBe(join(binDir, 'temporal'));
    expect(execFileSync(cli).toString()).toContain('temporal version 1.5.1');
    expect(requests).toEqual(['/cli/v1.5.1?arch=amd64&platform=linux&format=tar.gz', '/archives/temporal_cli_1.5.1_linux_amd64.tar.gz']);
    // Only the binary is kept: no archive, no LICENSE, no work directory.
    expect(await readdir(binDir)).toEqual(['temporal']);
    expect(lines.join('\n')).toMatch(/Downloading the Temporal CLI v1.5.1/);

    requests.length = 0;
    expect(await downloadTemporalCli({ baseUrl: base, binDir, progress: quiet })).toBe(cli);
    expect(requests).toEqual([]);
  });

  it('leaves nothing behind when the archive breaks off, and succeeds on the next try', async () => {
    const binDir = join(dir, 'cache-2');
    truncate = true;
    try {
      await expect(downloadTemporalCli({ baseUrl: base, binDir, target: downloadTarget('linux', 'x64'), progress: quiet })).rejects.toThrow();
    } finally {
      truncate = false;
    }
    expect(await readdir(binDir)).toEqual([]);
    expect(await downloadTemporalCli({ baseUrl: base, binDir, target: downloadTarget('linux', 'x64'), progress: quiet })).toBe(join(binDir, 'temporal'));
  });

  it('refuses an archive without the named file, an unknown format and a path outside the archive', async () => {
    const binDir = join(dir, 'cache-3');
    const target = downloadTarget('linux', 'x64');
    const attempt = () => downloadTemporalCli({ baseUrl: base, binDir, target, progress: quiet });
    info = (b) => ({ archiveUrl: `${b}/archives/cli.tar.gz`, fileToExtract: 'bin/temporal' });
    await expect(attempt()).rejects.toThrow(/tar/);
    info = (b) => ({ archiveUrl: `${b}/archives/cli.rar`, fileToExtract: 'temporal' });
    await expect(attempt()).rejects.toThrow(/unsupported archive format/);
    info = (b) => ({ archiveUrl: `${b}/archives/cli.tar.gz`, fileToExtract: '../temporal' });
    await expect(attempt()).rejects.toThrow(/refusing/);
    info = () => ({ message: 'no such version' });
    await expect(attempt()).rejects.toThrow(/did not name an archive/);
    info = (b) => ({ archiveUrl: `${b}/archives/temporal_cli_1.5.1_linux_amd64.tar.gz`, fileToExtract: 'temporal' });
    await expect(downloadTemporalCli({ baseUrl: `${base}/elsewhere`, binDir, target, progress: quiet })).rejects.toThrow(/404/);
    expect(await readdir(binDir)).toEqual([]);
  });
});

describe('resolveTemporalCli without temporal and Go', { timeout: 20_000 }, () => {
  it('downloads into ~/.cache/duban/bin (XDG_CACHE_HOME here) and finds it there the next time', async () => {
    const cache = join(dir, 'xdg');
    const env = { PATH: join(dir, 'empty-path'), XDG_CACHE_HOME: cache, DUBAN_TEMPORAL_DOWNLOAD_URL: base };
    const cli = await resolveTemporalCli(env, () => {}, { progress: quiet });
    expect(cli).toBe(join(cache, 'duban', 'bin', 'temporal'));
    requests.length = 0;
    expect(await resolveTemporalCli(env, () => {}, { progress: quiet })).toBe(cli);
    expect(requests).toEqual([]);
  });
});
