/**
 * A browser test's world: the web UI built by vite (once per run), served by the API of a test stack, and
 * Debian's Chromium driven by playwright-core. One per e2e file.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD } from '../../runtime/seed';
import { type Stack, type StackEnv, startStack } from './stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BrowserStack {
  stack: Stack;
  browser: Browser;
  /** Where the API (and the built UI, unless `web: false`) listens: `http://127.0.0.1:port`. */
  baseUrl: string;
  /** Where the UI was built, with its bundle-report.json. */
  webRoot?: string;
  close(): Promise<void>;
}

/**
 * The UI built once per run: the first browser test builds it where the global setup says (the
 * integration files run one after another), the others serve that build.
 */
async function builtWeb(): Promise<string> {
  const { inject } = await import('vitest');
  const dir = inject('webBuildDir');
  const done = path.join(dir, '.built');
  if (!existsSync(done)) {
    await build({ configFile: 'web/vite.config.ts', logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
    await writeFile(done, new Date().toISOString());
  }
  return dir;
}

/** Builds the UI (unless `web: false`), starts a stack serving it and launches Chromium. */
export async function startBrowserStack(options: { web?: boolean; stack?: Pick<StackEnv, 'drill' | 'loginLimits'> } = {}): Promise<BrowserStack> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const webRoot = options.web === false ? undefined : await builtWeb();
    const stack = await startStack({ ...options.stack, ...(webRoot && { webRoot }) });
    cleanups.push(() => stack.close());
    const baseUrl = await stack.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    return { stack, browser, baseUrl, webRoot, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Signs in on the login page as a demo user and waits to leave it. */
export async function login(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录|Sign\s*in|Log\s*in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** What the page's Content Security Policy refused, every error it logged and every URL it requested. */
export function watch(page: Page): { violations: string[]; errors: string[]; urls: string[] } {
  const seen = { violations: [] as string[], errors: [] as string[], urls: [] as string[] };
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) seen.violations.push(message.text());
    else if (message.type() === 'error') seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('request', (request) => seen.urls.push(request.url()));
  return seen;
}

/** A browser test file's world, filled in before its first test: the stack's parts and a scratch directory. */
export interface BrowserFile extends BrowserStack {
  /** A directory of the file's own for what it writes (diagrams to import, say); removed after. */
  files: string;
}

/**
 * Starts a browser stack before the file's tests and closes it after them (running `beforeClose`
 * first, e.g. to undo what the file changed in the shared database).
 */
export function useBrowserStack(options: Parameters<typeof startBrowserStack>[0] & { beforeClose?: (world: BrowserFile) => Promise<unknown> } = {}): BrowserFile {
  const world = {} as BrowserFile;
  beforeAll(async () => {
    Object.assign(world, await startBrowserStack(options));
    world.files = await mkdtemp(path.join(tmpdir(), 'duban-e2e-'));
  }, 240_000);
  afterAll(async () => {
    if (world.stack) await options.beforeClose?.(world);
    await world.close?.();
    if (world.files) await rm(world.files, { recursive: true, force: true });
  });
  return world;
}

/** Waits until the control can be used (a button that waits for checks to finish, say). */
export async function eventuallyEnabled(locator: Locator): Promise<void> {
  await expect.poll(() => locator.isEnabled(), { timeout: 30_000 }).toBe(true);
}

export async function eventuallyDisabled(locator: Locator): Promise<void> {
  await expect.poll(() => locator.isDisabled(), { timeout: 30_000 }).toBe(true);
}
