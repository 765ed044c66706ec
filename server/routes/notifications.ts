import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NotificationRoutes } from '../../contract/notifications';
import type { AppContext } from '../../services/context';
import { type AuthUser, requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import type { NotificationHub } from '../../services/notification-hub';
import { listNotifications, markAllRead, markRead, setWebhook, webhookSettings } from '../../services/notifications';

const KEEPALIVE_MS = 25_000;

export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; hub: NotificationHub }> = async (app, { ctx, hub }) => {
  const { knex } = ctx;
  app.get(
    '/notifications',
    { schema: NotificationRoutes.list },
    async (request) => listNotifications(knex, request.user, request.query),
  );

  app.post('/notifications/:id/read', { schema: NotificationRoutes.read }, async (request) => {
    await markRead(knex, request.user, request.params.id);
    return { read: true };
  });

  app.post('/notifications/read-all', { schema: NotificationRoutes.readAll }, async (request) => ({ read: await markAllRead(knex, request.user) }));

  /**
   * The live channel (Server-Sent Events), authenticated like every route by the Authorization
   * header (the UI reads it with fetch, so no token ever stands in a URL); each new notification
   * the user may see arrives as a `notification` event.
   */
  app.get(
    '/notifications/stream',
    { schema: NotificationRoutes.stream }, async (request, reply) => {
      const user: AuthUser = request.user;
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { ...(reply.getHeaders() as Record<string, string>), 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.write(': connected\n\n');
      const unsubscribe = hub.subscribe(user, (n) => raw.write(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`));
      const keepalive = setInterval(() => raw.write(': keep-alive\n\n'), KEEPALIVE_MS);
      request.raw.on('close', () => {
        clearInterval(keepalive);
        unsubscribe();
      });
    },
  );

  /** The organisation's outgoing webhook, for an IM or SMS gateway to relay notifications. */
  app.get('/settings/webhook', { preValidation: requireAccess('settings.manage'), schema: NotificationRoutes.webhook }, async () => {
    return webhookSettings(knex);
  });

  app.put(
    '/settings/webhook',
    { preValidation: requireAccess('settings.manage'), schema: NotificationRoutes.setWebhook },
    async (request) => {
      let url: URL;
      try {
        url = new URL(request.body.url);
      } catch {
        throw invalidInput('the webhook URL is not a URL', [{ path: '/body/url', message: 'not a URL' }]);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidInput('the webhook URL must be http or https', [{ path: '/body/url', message: 'http or https only' }]);
      return setWebhook(knex, url.toString(), request.body.active ?? true);
    },
  );
};
