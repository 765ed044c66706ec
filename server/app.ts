/** The HTTP API: one plugin per resource under /api, Camunda's job API under /v2, the built web UI at the root. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from './auth';
import { registerErrorHandler } from './errors';
import { docsPlugin } from './http/docs';
import { registerInputGuard } from './http/input-guard';
import { type LoginLimits, authRoutes } from './routes/auth';
import { excelRoutes } from './routes/excel';
import { type HealthInfo, healthRoutes } from './routes/health';
import { boardRoutes } from './routes/board';
import { clockRoutes } from './routes/clock';
import { subMatterRoutes } from './routes/sub-matters';
import { calendarRoutes } from './routes/calendar';
import { superiorRoutes } from './routes/superior';
import { instructionRoutes } from './routes/instructions';
import { matterRoutes } from './routes/matters';
import { notificationRoutes } from './routes/notifications';
import { organisationRoutes } from './routes/organisation';
import { planRoutes } from './routes/plans';
import { reportRoutes } from './routes/reports';
import { statisticsRoutes } from './routes/statistics';
import { definitionRoutes } from './routes/process-definitions';
import { deploymentRoutes } from './routes/deployments';
import { decisionRoutes } from './routes/decisions';
import { formRoutes } from './routes/forms';
import { taskRoutes } from './routes/tasks';
import { incidentRoutes } from './routes/incidents';
import { camundaRoutes } from './routes/camunda';
import { machineClientRoutes } from './routes/machine-clients';
import type { AppContext } from '../services/context';
import { NotificationHub } from '../services/notification-hub';
import { JobWakeups } from '../services/jobs';

declare module 'fastify' {
  interface FastifyInstance {
    /** Business time now (epoch ms): real time, or the drill clock's reading of it. */
    now(): number;
  }
}

export interface AppOptions {
  /** The services' context, built once by the composition root (runtime/compose.ts). */
  ctx: AppContext;
  health: HealthInfo;
  jwtSecret: string;
  /** Directory of the built web UI; served when it exists. */
  webRoot?: string;
  logger?: boolean;
  /** Login attempts allowed per address and per username (defaults in routes/auth.ts). */
  loginLimits?: LoginLimits;
}

/**
 * What the browser may load and run: the UI's own scripts only. antd writes its CSS-in-JS into
 * style elements, hence inline styles; bpmn-js and echarts draw with data: and blob: images.
 */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    upgradeInsecureRequests: null,
  },
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 1024 * 1024 }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);
  registerInputGuard(app);
  // Business time for every rule that reads the clock: real time, or the drill's.
  app.decorate('now', options.ctx.now);
  await app.register(helmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // Served over plain HTTP on a local network as often as behind TLS: TLS policy is the proxy's.
    strictTransportSecurity: false,
  });
  // Answers that carry people's data are never kept by a browser or a proxy.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.routeOptions.url?.startsWith('/api')) reply.header('cache-control', 'no-store');
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });
  await app.register(authPlugin, { secret: options.jwtSecret, ctx: options.ctx });
  await app.register(multipart);
  // Before the routes: the OpenAPI document is made from the routes registered after it.
  await app.register(docsPlugin);

  const { ctx } = options;
  const { knex, temporal } = ctx;
  const hub = new NotificationHub(knex, (message, err) => app.log.error({ err }, message));
  await hub.start();
  app.addHook('onClose', () => hub.stop());
  const wakeups = new JobWakeups(knex, (message, err) => app.log.error({ err }, message));
  await wakeups.start();
  app.addHook('onClose', () => wakeups.stop());
  await app.register(
    async (api) => {
      await api.register(authRoutes, { ctx, loginLimits: options.loginLimits });
      await api.register(healthRoutes, { ctx, info: options.health });
      await api.register(clockRoutes, { drill: temporal.drill });
      await api.register(definitionRoutes, { ctx });
      await api.register(deploymentRoutes, { ctx });
      await api.register(decisionRoutes, { ctx });
      await api.register(formRoutes, { ctx });
      await api.register(matterRoutes, { ctx });
      await api.register(excelRoutes, { ctx });
      await api.register(taskRoutes, { ctx });
      await api.register(incidentRoutes, { ctx });
      await api.register(machineClientRoutes, { ctx });
      await api.register(organisationRoutes, { ctx });
      await api.register(planRoutes, { ctx });
      await api.register(notificationRoutes, { ctx, hub });
      await api.register(instructionRoutes, { ctx });
      await api.register(boardRoutes, { ctx });
      await api.register(reportRoutes, { ctx });
      await api.register(statisticsRoutes, { ctx });
      await api.register(superiorRoutes, { ctx });
      await api.register(subMatterRoutes, { ctx });
      await api.register(calendarRoutes, { ctx });
    },
    { prefix: '/api' },
  );
  // Camunda 8's job and client API, for job workers and machines (server/routes/camunda.ts).
  await app.register(camundaRoutes, { ctx, wakeups });

  const webRoot = options.webRoot;
  if (webRoot && existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false });
    // Client-side routes load the app shell; unknown API paths stay 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !/^\/(api|v2)\//.test(request.url)) return reply.sendFile('index.html');
      reply.status(404).send({ error: 'Not Found', message: `${request.method} ${request.url} not found` });
    });
  }
  return app;
}
