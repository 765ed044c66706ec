/**
 * The Camunda-compatible API at /v2 (and its token endpoint): what Camunda 8's job workers and
 * clients call, answered in Camunda's shapes. Machine clients only: HTTP basic auth with a client's
 * id and secret, or a bearer token from POST /oauth/token. Errors are RFC 9457 problem details.
 */
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyRequest } from 'fastify';
import { CamundaRoutes, type Problem } from '../../contract/camunda';
import type { AppContext } from '../../services/context';
import { DomainError, type RefusalKind, notFound, unidentified } from '../../services/errors';
import { DEFAULT_TENANT, completeJob, failJob, type JobWakeups, nextEngineKey, pollJobs, throwJobError, updateJob } from '../../services/jobs';
import { matterOfInstanceKey, terminateMatter } from '../../services/matters';
import { correlateMessage, publishMessage } from '../../services/messages';
import { createProcessInstance } from '../../services/process-instances';
import { broadcastSignal } from '../../services/signals';
import { type MachineClient, authenticateClient, clientOfToken, issueToken, requireScope } from '../../services/machine-clients';
import { STATUS_OF } from '../errors';
import { classifyOutage } from '../outage';

declare module 'fastify' {
  interface FastifyRequest {
    /** The machine client calling the /v2 API. */
    machineClient?: MachineClient;
  }
}

/** The Camunda version whose API this follows. */
const CAMUNDA_VERSION = '8.8.0';
const DEFAULT_JOB_TIMEOUT_MS = 5 * 60_000;
/** Camunda's gateway holds a long poll 10 s by default; we hold one at most a minute, well under clients' HTTP timeouts. */
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MAX_REQUEST_TIMEOUT_MS = 60_000;
/** How long a create-instance with awaitCompletion waits for the matter to end, by default and at most. */
const DEFAULT_AWAIT_MS = 10_000;
const MAX_AWAIT_MS = 60_000;

/** A published message as the services take it; Camunda's empty correlation key is none. */
const messageOf = (body: { name: string; correlationKey?: string; variables?: Record<string, unknown> | null }, client: MachineClient) => ({
  name: body.name,
  ...(body.correlationKey ? { correlationKey: body.correlationKey } : {}),
  variables: body.variables ?? {},
  startedBy: `client:${client.id}`,
});

const TITLES: Record<RefusalKind, string> = {
  invalid: 'INVALID_ARGUMENT',
  unidentified: 'UNAUTHORIZED',
  'not-allowed': 'FORBIDDEN',
  'not-found': 'NOT_FOUND',
  conflict: 'INVALID_STATE',
  upstream: 'INVALID_STATE',
  'timed-out': 'DEADLINE_EXCEEDED',
};

export const camundaRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; wakeups: JobWakeups }> = async (app, { ctx, wakeups }) => {
  const { knex } = ctx;

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const problem = (status: number, title: string, detail: string): Problem => ({ type: 'about:blank', title, status, detail, instance: request.url });
    let answer: Problem;
    const outage = err instanceof DomainError ? undefined : classifyOutage(err);
    if (outage) {
      reply.header('retry-after', String(outage.retryAfter));
      answer = problem(503, 'RESOURCE_EXHAUSTED', outage.message);
    } else if (err instanceof DomainError) {
      answer = problem(STATUS_OF[err.kind], TITLES[err.kind], [err.message, ...(err.errors ?? []).map((e) => `${e.path ?? ''} ${e.message}`.trim())].join('; '));
    } else if (err.validation) {
      answer = problem(400, 'INVALID_ARGUMENT', err.validation.map((v) => `${err.validationContext ?? ''}${v.instancePath} ${v.message ?? 'invalid'}`).join('; '));
    } else if ((err.statusCode ?? 500) < 500) {
      answer = problem(err.statusCode!, 'INVALID_ARGUMENT', err.message);
    } else {
      request.log.error(err);
      answer = problem(500, 'INTERNAL', 'internal error: the request could not be completed (it has been logged)');
    }
    reply.status(answer.status).type('application/problem+json').send(answer);
  });

  // Clients send the token request form-encoded (OAuth 2).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  /** Who calls: a client's basic credentials or a bearer token it was issued. Every /v2 route needs one. */
  const authenticate = async (request: FastifyRequest) => {
    const [scheme, value] = (request.headers.authorization ?? '').split(' ', 2);
    let client: MachineClient | undefined;
    if (scheme?.toLowerCase() === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) client = await authenticateClient(knex, decoded.slice(0, colon), decoded.slice(colon + 1));
    } else if (scheme?.toLowerCase() === 'bearer' && value) {
      client = await clientOfToken(knex, value);
    }
    if (!client) throw unidentified('a machine client is required: HTTP basic auth with its id and secret, or a bearer token from /oauth/token');
    request.machineClient = client;
  };
  const client = (request: FastifyRequest) => request.machineClient!;
  app.decorateRequest('machineClient', undefined);

  app.post('/oauth/token', { config: { public: true }, schema: CamundaRoutes.token }, async (request, reply) => {
    const issued = await issueToken(knex, request.body.client_id, request.body.client_secret);
    if (!issued) return reply.status(401).send({ error: 'invalid_client', error_description: 'unknown client or wrong secret' });
    return { access_token: issued.token, token_type: 'Bearer' as const, expires_in: issued.expiresIn };
  });

  await app.register(async (scope) => {
    const v2 = scope.withTypeProvider<TypeBoxTypeProvider>();
    v2.addHook('onRequest', authenticate);

    v2.post('/v2/jobs/activation', { schema: CamundaRoutes.activate }, async (request) => {
      const { body } = request;
      requireScope(client(request), `jobs:${body.type}`);
      const wait = body.requestTimeout === undefined || body.requestTimeout === 0 ? DEFAULT_REQUEST_TIMEOUT_MS : Math.min(body.requestTimeout, MAX_REQUEST_TIMEOUT_MS);
      const activation = {
        type: body.type,
        worker: body.worker || 'default',
        timeoutMs: body.timeout ?? DEFAULT_JOB_TIMEOUT_MS,
        maxJobs: body.maxJobsToActivate,
        fetchVariables: body.fetchVariable,
      };
      return { jobs: await pollJobs(knex, wakeups, activation, wait, () => request.socket.destroyed) };
    });

    v2.post('/v2/jobs/:jobKey/completion', { schema: CamundaRoutes.complete }, async (request, reply) => {
      await completeJob(ctx, client(request), request.params.jobKey, request.body?.variables ?? {});
      return reply.status(204).send(null);
    });

    v2.post('/v2/jobs/:jobKey/failure', { schema: CamundaRoutes.fail }, async (request, reply) => {
      const body = request.body ?? {};
      await failJob(ctx, client(request), request.params.jobKey, {
        retries: body.retries ?? 0,
        retryBackOffMs: body.retryBackOff ?? body.retryBackoff ?? 0,
        errorMessage: body.errorMessage ?? '',
        variables: body.variables ?? {},
      });
      return reply.status(204).send(null);
    });

    v2.post('/v2/jobs/:jobKey/error', { schema: CamundaRoutes.error }, async (request, reply) => {
      const { errorCode, errorMessage, variables } = request.body;
      await throwJobError(ctx, client(request), request.params.jobKey, { errorCode, errorMessage: errorMessage ?? '', variables: variables ?? {} });
      return reply.status(204).send(null);
    });

    v2.patch('/v2/jobs/:jobKey', { schema: CamundaRoutes.update }, async (request, reply) => {
      const { retries, timeout } = request.body.changeset;
      await updateJob(knex, client(request), request.params.jobKey, { retries: retries ?? undefined, timeoutMs: timeout ?? undefined });
      return reply.status(204).send(null);
    });

    v2.post('/v2/process-instances', { schema: CamundaRoutes.createInstance }, async (request) => {
      const { body } = request;
      requireScope(client(request), 'processes:start');
      const definitionId = body.processDefinitionKey === undefined ? undefined : Number(body.processDefinitionKey);
      if (definitionId !== undefined && !Number.isSafeInteger(definitionId)) throw notFound(`process definition ${body.processDefinitionKey}`);
      const created = await createProcessInstance(ctx, {
        processKey: body.processDefinitionId,
        version: body.processDefinitionVersion === undefined || body.processDefinitionVersion === -1 ? undefined : body.processDefinitionVersion,
        definitionId,
        variables: body.variables ?? {},
        startedBy: `client:${client(request).id}`,
        ...(body.awaitCompletion && {
          awaitCompletion: { timeoutMs: Math.min(body.requestTimeout || DEFAULT_AWAIT_MS, MAX_AWAIT_MS), fetchVariables: body.fetchVariables },
        }),
      });
      return {
        processDefinitionId: created.definition.key,
        processDefinitionVersion: created.definition.version,
        processDefinitionKey: String(created.definition.id),
        processInstanceKey: created.instanceKey,
        tenantId: DEFAULT_TENANT,
        variables: created.variables,
        tags: body.tags ?? [],
        businessId: null,
      };
    });

    v2.post('/v2/process-instances/:processInstanceKey/cancellation', { schema: CamundaRoutes.cancelInstance }, async (request, reply) => {
      requireScope(client(request), 'processes:start');
      const matter = await matterOfInstanceKey(knex, request.params.processInstanceKey);
      await terminateMatter(knex, ctx.temporal, matter.id, 'cancelled through the API', { username: `client:${client(request).id}` });
      return reply.status(204).send(null);
    });

    v2.post('/v2/messages/publication', { schema: CamundaRoutes.publishMessage }, async (request) => {
      requireScope(client(request), 'messages:publish');
      const { messageKey } = await publishMessage(ctx, messageOf(request.body, client(request)));
      return { tenantId: DEFAULT_TENANT, messageKey };
    });

    v2.post('/v2/messages/correlation', { schema: CamundaRoutes.correlateMessage }, async (request) => {
      requireScope(client(request), 'messages:publish');
      const { messageKey, processInstanceKeys } = await correlateMessage(ctx, messageOf(request.body, client(request)));
      return { tenantId: DEFAULT_TENANT, messageKey, processInstanceKey: processInstanceKeys[0] };
    });

    v2.post('/v2/signals/broadcast', { schema: CamundaRoutes.broadcastSignal }, async (request) => {
      requireScope(client(request), 'signals:broadcast');
      const signalKey = await nextEngineKey(knex);
      await broadcastSignal(ctx, { name: request.body.signalName, variables: request.body.variables ?? {}, signalKey, startedBy: `client:${client(request).id}` });
      return { tenantId: DEFAULT_TENANT, signalKey };
    });

    v2.get('/v2/topology', { schema: CamundaRoutes.topology }, async (request) => ({
      brokers: [
        {
          nodeId: 0,
          host: request.hostname.replace(/:\d+$/, ''),
          port: Number(request.port ?? 0),
          version: CAMUNDA_VERSION,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
        },
      ],
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: CAMUNDA_VERSION,
      lastCompletedChangeId: '-1',
      clusterId: null,
    }));

    v2.get('/v2/status', { schema: CamundaRoutes.status }, async (_request, reply) => reply.status(204).send(null));
  });
};
