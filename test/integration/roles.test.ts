/**
 * Every role can do only what its role allows: for each role-gated route, every role outside its
 * list gets 403, and every role inside it gets past the check (whatever the route then says about
 * the request itself). Anonymous callers get 401 everywhere but login, health and the intake.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/auth';
import { type Stack, startStack } from '../support/stack';

let stack: Stack;
const tokens = {} as Record<Role, string>;
const USER_OF_ROLE: Record<Role, string> = {
  admin: 'admin',
  designer: 'designer',
  supervisor: 'supervisor',
  leader: 'leader',
  handler: 'zhujian',
  head: 'zhujian-head',
};
const ROLES = Object.keys(USER_OF_ROLE) as Role[];
const someId = randomUUID();

beforeAll(async () => {
  stack = await startStack();
  for (const role of ROLES) tokens[role] = await stack.login(USER_OF_ROLE[role]);
});
afterAll(() => stack?.close());

/** Role-gated routes and who may call them; bodies are minimal, so allowed callers may well get 400 or 404. */
const GATED: Array<{ method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; allowed: Role[]; payload?: object }> = [
  { method: 'POST', url: '/api/process-definitions', allowed: ['designer', 'admin'], payload: {} },
  { method: 'POST', url: '/api/deployments', allowed: ['designer', 'admin'], payload: {} },
  { method: 'POST', url: '/api/deployments/check', allowed: ['designer', 'admin'], payload: {} },
  { method: 'GET', url: '/api/decisions', allowed: ['designer', 'admin'] },
  { method: 'GET', url: '/api/decisions/any/xml', allowed: ['designer', 'admin'] },
  { method: 'GET', url: '/api/forms', allowed: ['designer', 'admin'] },
  { method: 'GET', url: '/api/forms/any', allowed: ['designer', 'admin'] },
  { method: 'POST', url: '/api/matters', allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'POST', url: `/api/matters/${someId}/start`, allowed: ['supervisor', 'admin'] },
  { method: 'PATCH', url: `/api/matters/${someId}`, allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'DELETE', url: `/api/matters/${someId}`, allowed: ['supervisor', 'admin'] },
  { method: 'POST', url: `/api/matters/${someId}/terminate`, allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'POST', url: `/api/matters/${someId}/sub-matters`, allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'POST', url: `/api/matters/${someId}/messages/urge`, allowed: ['supervisor', 'admin', 'handler', 'head'], payload: {} },
  { method: 'POST', url: `/api/matters/${someId}/plans`, allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'POST', url: `/api/matters/${someId}/instructions`, allowed: ['leader', 'supervisor', 'admin'], payload: {} },
  { method: 'GET', url: '/api/matters/template.xlsx', allowed: ['supervisor', 'admin'] },
  { method: 'POST', url: '/api/matters/import', allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'POST', url: '/api/cards/close-month', allowed: ['supervisor', 'admin'], payload: {} },
  { method: 'GET', url: '/api/reports/bulletin.docx', allowed: ['supervisor', 'leader', 'admin'] },
  { method: 'GET', url: '/api/users', allowed: ['admin', 'supervisor'] },
  { method: 'POST', url: '/api/users', allowed: ['admin'], payload: {} },
  { method: 'POST', url: '/api/units', allowed: ['admin'], payload: {} },
  { method: 'GET', url: '/api/leaders', allowed: ['admin', 'supervisor'] },
  { method: 'GET', url: '/api/organisation/template.xlsx', allowed: ['admin'] },
  { method: 'GET', url: '/api/settings/webhook', allowed: ['admin'] },
  { method: 'GET', url: '/api/superior-systems', allowed: ['admin'] },
  { method: 'POST', url: '/api/superior-systems', allowed: ['admin'], payload: {} },
  { method: 'PUT', url: '/api/calendar/days/1999-12-31', allowed: ['admin'], payload: {} },
  { method: 'DELETE', url: '/api/calendar/days/1999-12-31', allowed: ['admin'] },
  { method: 'PUT', url: '/api/calendar/settings', allowed: ['admin'], payload: {} },
  { method: 'GET', url: '/api/incidents', allowed: ['admin', 'supervisor'] },
];

describe('roles', () => {
  for (const route of GATED) {
    it(`${route.method} ${route.url} is for ${route.allowed.join(', ')}`, async () => {
      for (const role of ROLES) {
        const res = await stack.call(tokens[role], { method: route.method, url: route.url, ...(route.payload && { payload: route.payload }) });
        if (route.allowed.includes(role)) expect(res.status, `${role}: ${JSON.stringify(res.body)}`).not.toBe(403);
        else expect(res.status, `${role} must be refused`).toBe(403);
      }
      expect((await stack.call(undefined, { method: route.method, url: route.url, ...(route.payload && { payload: route.payload }) })).status).toBe(401);
    });
  }

  it('answers anonymous callers with 401 except on login, health and the intake', async () => {
    for (const url of ['/api/me', '/api/tasks', '/api/matters', '/api/board', '/api/notifications', '/api/units', '/api/statistics?groupBy=unit']) {
      expect((await stack.call(undefined, { method: 'GET', url })).status, url).toBe(401);
    }
    expect((await stack.call(undefined, { method: 'GET', url: '/api/health' })).status).toBe(200);
    expect((await stack.call(undefined, { method: 'POST', url: '/api/intake/matters', payload: {} })).status).toBe(401);
  });

  it('shows a unit its own cards only, and the readers every unit\'s', async () => {
    // Two cards of a month no other test uses, on a matter of their own.
    const month = '1999-01';
    const definition = await stack.knex('process_definitions').first('id', 'key', 'version');
    const matterId = `cards-${randomUUID()}`;
    await stack.knex('matters').insert({ id: matterId, title: '住建与发改的事项', definition_id: definition.id, process_key: definition.key, process_version: definition.version, status: 'running' });
    await stack.knex('cards').insert([
      { unit_id: 'housing', matter_id: matterId, month, color: 'green', reason: {}, dedupe_key: `${matterId}-housing` },
      { unit_id: 'dev-reform', matter_id: matterId, month, color: 'red', reason: {}, dedupe_key: `${matterId}-dev-reform` },
    ]);
    const units = async (role: Role, query = '') => {
      const res = await stack.call(tokens[role], { method: 'GET', url: `/api/cards?month=${month}${query}` });
      return res.status === 200 ? res.body.items.map((c: { unitId: string }) => c.unitId).sort() : res.status;
    };
    for (const role of ['handler', 'head'] as const) {
      expect(await units(role), role).toEqual(['housing']);
      expect(await units(role, '&unitId=dev-reform'), role).toBe(403);
    }
    for (const role of ['supervisor', 'leader', 'admin', 'designer'] as const) {
      expect(await units(role), role).toEqual(['dev-reform', 'housing']);
      expect(await units(role, '&unitId=dev-reform'), role).toEqual(['dev-reform']);
    }
  });
});
