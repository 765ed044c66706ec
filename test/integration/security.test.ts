/**
 * Trust at the door: every API route refuses anonymous callers however its path is spelt; a token
 * is only as good as its session; login attempts are limited; answers carry protective headers.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { appContext } from '../../services/context';
import { registeredRoutes } from '../../server/http/input-guard';
import { DEFAULT_LOGIN_LIMITS } from '../../server/routes/auth';
import { DEMO_PASSWORD } from '../../runtime/seed';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
let admin: string;

beforeAll(async () => {
  stack = await startStack();
  admin = await stack.login('admin');
});
afterAll(() => stack?.close());

/**
 * Routes anyone may call: login, health, the superior systems' intake (which checks its own API key)
 * and the machine clients' token request (which checks the client's secret).
 */
const PUBLIC = ['POST /api/auth/login', 'GET /api/health', 'POST /api/intake/matters', 'GET /api/intake/matters/:externalId', 'POST /oauth/token'];

/** A concrete path for a route pattern: every parameter filled in. */
const concrete = (url: string) => url.replace(/:[^/]+/g, 'x1').replace(/\*/g, 'x');

/** Every letter percent-encoded: /api/tasks → /%61%70%69/%74%61%73%6B%73. */
const encodeLetters = (path: string) => path.replace(/[a-z]/gi, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Spellings of a path that a router might take for the same route, or that a naive check might miss. */
function spellings(path: string): Array<{ how: string; path: string; sameRoute: boolean }> {
  const [, first, ...rest] = path.split('/');
  return [
    { how: 'as registered', path, sameRoute: true },
    { how: 'every letter percent-encoded', path: encodeLetters(path), sameRoute: true },
    { how: 'the first segment percent-encoded', path: `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}/${rest.join('/')}`, sameRoute: true },
    { how: 'a double slash in front', path: `/${path}`, sameRoute: false },
    { how: 'a double slash inside', path: path.replace('/api/', '/api//'), sameRoute: false },
    { how: 'upper case', path: path.toUpperCase(), sameRoute: false },
    { how: 'a trailing slash', path: `${path}/`, sameRoute: false },
    { how: 'a trailing encoded slash', path: `${path}%2F`, sameRoute: false },
  ];
}

describe('authentication is decided on the route that runs', () => {
  it('lists the public routes, and every other route is under /api, or /v2 for machine clients', () => {
    const routes = registeredRoutes(stack.app);
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort()).toEqual([...PUBLIC].sort());
    expect(routes.filter((r) => !r.url.startsWith('/api/') && !r.url.startsWith('/v2/') && !r.public)).toEqual([]);
  });

  it('refuses every non-public route without a token, however its path is spelt', async () => {
    const leaks: string[] = [];
    for (const route of registeredRoutes(stack.app).filter((r) => !r.public)) {
      // A GET route answers HEAD too.
      for (const [method, spelling] of (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]).flatMap((m) => spellings(concrete(route.url)).map((s) => [m, s] as const))) {
        const res = await stack.app.inject({ method: method as 'GET', url: spelling.path, payload: ['GET', 'HEAD', 'DELETE'].includes(method) ? undefined : {} });
        // The same route must say 401; a spelling the router takes for no route may only say 404.
        const allowed = spelling.sameRoute ? [401] : [401, 404];
        if (!allowed.includes(res.statusCode)) leaks.push(`${method} ${spelling.path} (${spelling.how}): ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('refuses a forged or malformed token', async () => {
    const forged = stack.app.jwt.sign({ sid: randomUUID(), id: 1, username: 'admin', role: 'admin', unitId: 'office' });
    for (const token of [forged, 'not-a-token', '']) {
      expect((await stack.call(token, { method: 'GET', url: '/api/me' })).status).toBe(401);
    }
  });
});

describe('sessions end with what they stood for', () => {
  /** A user of their own, so that changing them disturbs no other test. */
  async function freshUser(role = 'handler', unitId = 'housing') {
    const username = `s-${randomUUID().slice(0, 8)}`;
    const created = await stack.call(admin, { method: 'POST', url: '/api/users', payload: { username, displayName: username, role, unitId, password: DEMO_PASSWORD } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = await stack.login(username);
    expect((await stack.call(token, { method: 'GET', url: '/api/me' })).status).toBe(200);
    return { id: created.body.id as number, username, token };
  }
  const me = (token: string) => stack.call(token, { method: 'GET', url: '/api/me' }).then((r) => r.status);
  const patch = (id: number, payload: object) => stack.call(admin, { method: 'PATCH', url: `/api/users/${id}`, payload });

  it('logout ends the session on the server', async () => {
    const user = await freshUser();
    expect((await stack.call(user.token, { method: 'POST', url: '/api/auth/logout' })).status).toBe(200);
    expect(await me(user.token)).toBe(401);
  });

  it('deactivating a user ends their sessions, and reactivating does not bring them back', async () => {
    const user = await freshUser();
    expect((await patch(user.id, { active: false })).status).toBe(200);
    expect(await me(user.token)).toBe(401);
    expect((await patch(user.id, { active: true })).status).toBe(200);
    expect(await me(user.token)).toBe(401);
    expect(await me(await stack.login(user.username))).toBe(200);
  });

  it('a new role or unit ends the sessions of the old one', async () => {
    const demoted = await freshUser('supervisor', 'office');
    expect((await patch(demoted.id, { role: 'handler', unitId: 'housing' })).status).toBe(200);
    expect(await me(demoted.token)).toBe(401);
    const moved = await freshUser();
    expect((await patch(moved.id, { unitId: 'transport' })).status).toBe(200);
    expect(await me(moved.token)).toBe(401);
  });

  it('a password reset ends the sessions that the old password opened', async () => {
    const user = await freshUser();
    expect((await patch(user.id, { password: 'another-pass-1' })).status).toBe(200);
    expect(await me(user.token)).toBe(401);
    const login = await stack.call(undefined, { method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: 'another-pass-1' } });
    expect(login.status).toBe(200);
  });
});

describe('login attempts are limited', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // The app as `npm start` builds it, with the default limits, on the same database.
    app = await buildApp({ ctx: appContext(stack.knex, { client: stack.client, taskQueue: stack.taskQueue }), health: { address: '', namespace: '' }, jwtSecret: 'limits' });
  });
  afterAll(() => app?.close());
  const attempt = (username: string, password: string, ip = '203.0.113.1') =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('per username: wrong passwords from many addresses end in 429 with Retry-After, even for the right one', async () => {
    for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perUser; i++) expect((await attempt('leader', 'wrong', `198.51.100.${i + 1}`)).statusCode).toBe(401);
    const refused = await attempt('leader', DEMO_PASSWORD, '198.51.100.200');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ error: 'Too Many Requests', message: expect.stringMatching(/try again in \d+ s/) });
    // Another user is not held up by it.
    expect((await attempt('designer', DEMO_PASSWORD, '198.51.100.201')).statusCode).toBe(200);
  });

  it('per address: one address trying many usernames ends in 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= DEFAULT_LOGIN_LIMITS.perAddress; i++) statuses.push((await attempt(`nobody-${i}`, 'wrong', '192.0.2.7')).statusCode);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('protective headers', () => {
  it('every API answer has CSP, nosniff, no framing, no referrer and no-store', async () => {
    const token = await stack.login('supervisor');
    for (const res of [
      await stack.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } }),
      await stack.app.inject({ method: 'GET', url: '/api/tasks', headers: { authorization: `Bearer ${token}` } }),
      await stack.app.inject({ method: 'GET', url: '/api/me' }),
    ]) {
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});
