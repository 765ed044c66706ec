/**
 * The notification centre: new tasks notify their units, leaders' instructions reach the units
 * and the matter's history, followers see a matter's news, read marks are per user, the live
 * channel pushes as notifications are written, and the webhook relays them signed.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack';
import { eventually } from '../support/wait';

let stack: Stack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  stack = await startStack();
  for (const user of ['supervisor', 'fagai', 'zhujian', 'leader', 'admin']) tokens[user] = await stack.login(user);
});
afterAll(() => stack?.close());

const startMatter = async (title: string) =>
  (await stack.call(tokens.supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'supervision-basic', title, variables: { leadUnit: 'dev-reform' } } })).body.id as string;

const mine = async (user: string, query = '') => (await stack.call(tokens[user], { method: 'GET', url: `/api/notifications${query}` })).body;

describe('notifications', () => {
  it('tells a unit about its new task, once, and keeps read marks per user', async () => {
    const id = await startMatter('全民健身中心建设');
    const distribute = await eventually(() => stack.knex('tasks').where({ matter_id: id, status: 'open' }).first());
    await stack.call(tokens.supervisor, { method: 'POST', url: `/api/tasks/${distribute.id}/complete`, payload: { variables: {} } });
    const forUnit = await eventually(async () => (await mine('fagai')).items.filter((n: { matterId: string }) => n.matterId === id));
    expect(forUnit).toHaveLength(1);
    expect(forUnit[0]).toMatchObject({ kind: 'task', message: '新任务：牵头单位填报进展', matterTitle: '全民健身中心建设' });
    expect((await mine('zhujian')).items.some((n: { matterId: string }) => n.matterId === id)).toBe(false);

    const before = (await mine('fagai')).unread;
    expect((await stack.call(tokens.fagai, { method: 'POST', url: `/api/notifications/${forUnit[0].id}/read` })).status).toBe(200);
    expect((await mine('fagai')).unread).toBe(before - 1);
    expect((await mine('fagai', '?unread=true')).items.some((n: { id: number }) => n.id === forUnit[0].id)).toBe(false);
    expect((await stack.call(tokens.zhujian, { method: 'POST', url: `/api/notifications/${forUnit[0].id}/read` })).status).toBe(404);
  });

  it('delivers a leader instruction to the units, the history and the followers', async () => {
    const id = await startMatter('老旧小区加装电梯');
    await stack.call(tokens.supervisor, {
      method: 'POST',
      url: `/api/tasks/${(await eventually(() => stack.knex('tasks').where({ matter_id: id, status: 'open' }).first())).id}/complete`,
      payload: { variables: {} },
    });
    expect((await stack.call(tokens.leader, { method: 'PUT', url: `/api/matters/${id}/follow` })).body).toEqual({ following: true });
    expect((await stack.call(tokens.fagai, { method: 'POST', url: `/api/matters/${id}/instructions`, payload: { text: 'x' } })).status).toBe(403);
    const given = await stack.call(tokens.leader, { method: 'POST', url: `/api/matters/${id}/instructions`, payload: { text: '请加快进度，月底前完成选址', elementId: 'Report' } });
    expect(given.status).toBe(201);

    const unitNews = (await mine('fagai')).items.filter((n: { matterId: string; kind: string }) => n.matterId === id && n.kind === 'instruction');
    expect(unitNews.map((n: { message: string }) => n.message)).toEqual(['领导批示：请加快进度，月底前完成选址']);
    // The leader follows the matter, so its news reaches the leader too.
    expect((await mine('leader')).items.filter((n: { matterId: string }) => n.matterId === id).map((n: { kind: string }) => n.kind).sort()).toEqual(['instruction', 'task', 'task']);
    const history = (await stack.call(tokens.supervisor, { method: 'GET', url: `/api/matters/${id}/history` })).body.items;
    expect(history.find((e: { kind: string }) => e.kind === 'instruction')).toMatchObject({ by: 'leader', text: '请加快进度，月底前完成选址', elementId: 'Report' });
    expect((await stack.call(tokens.leader, { method: 'GET', url: '/api/follows' })).body.items.map((m: { id: string }) => m.id)).toContain(id);
  });

  it('pushes new notifications on the live channel and relays them to the webhook, signed', async () => {
    const received: Array<{ body: string; signature: string }> = [];
    const hookServer = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-duban-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    try {
      const hook = await stack.call(tokens.admin, { method: 'PUT', url: '/api/settings/webhook', payload: { url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook` } });
      expect(hook.status).toBe(200);
      expect((await stack.call(tokens.fagai, { method: 'PUT', url: '/api/settings/webhook', payload: { url: 'http://x' } })).status).toBe(403);

      const base = await stack.app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const stream = await fetch(`${base}/api/notifications/stream`, { headers: { authorization: `Bearer ${tokens.fagai}` }, signal: controller.signal });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      const events: string[] = [];
      const reading = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          events.push(new TextDecoder().decode(value));
        }
      })().catch(() => {});

      const id = await startMatter('城乡供水一体化');
      await stack.call(tokens.supervisor, {
        method: 'POST',
        url: `/api/tasks/${(await eventually(() => stack.knex('tasks').where({ matter_id: id, status: 'open' }).first())).id}/complete`,
        payload: { variables: {} },
      });
      await eventually(async () => events.join('').includes(id));
      const pushed = JSON.parse(events.join('').split('\n').find((l) => l.startsWith('data:') && l.includes(id))!.slice(5));
      expect(pushed).toMatchObject({ matterId: id, kind: 'task', message: '新任务：牵头单位填报进展' });
      controller.abort();
      await reading;

      const relayed = await eventually(async () => received.find((r) => r.body.includes(id) && r.body.includes('dev-reform')));
      expect(relayed.signature).toBe(createHmac('sha256', hook.body.secret).update(relayed.body).digest('hex'));
      expect(JSON.parse(relayed.body)).toMatchObject({ matterId: id, kind: 'task', unitIds: ['dev-reform'], message: '新任务：牵头单位填报进展' });
      expect(await stack.call(undefined, { method: 'GET', url: '/api/notifications/stream' }).then((r) => r.status)).toBe(401);
      // A token in the URL opens nothing: it would end up in logs and histories.
      expect(await stack.call(undefined, { method: 'GET', url: `/api/notifications/stream?token=${tokens.fagai}` }).then((r) => r.status)).toBe(401);
    } finally {
      await stack.knex('webhooks').delete();
      hookServer.close();
    }
  });
});
