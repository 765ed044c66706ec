/**
 * The Camunda-compatible API (/v2): the subset of Camunda 8's Orchestration Cluster REST API that job
 * workers and simple clients use, so that Camunda's own clients work unchanged (docs/camunda-rest.md).
 * Requests are lenient as Camunda's clients need (unknown fields are ignored; `retryBackoff` is read
 * as `retryBackOff`); keys are decimal strings; errors are RFC 9457 problem details.
 */
import { type Static, Type } from 'typebox';
import { routes } from './common';

/** A 64-bit key as a decimal string. */
export const LongKey = Type.String({ pattern: '^-?[0-9]{1,19}$', maxLength: 20 });
const Vars = Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]);
const Tenant = Type.String({ maxLength: 256 });

/** RFC 9457 problem details, as Camunda answers errors. */
export const Problem = Type.Object({
  type: Type.String(),
  /** The rejection's code: INVALID_ARGUMENT, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, INVALID_STATE, RESOURCE_EXHAUSTED… */
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
});
const Problems = { '4xx': Problem, '5xx': Problem };
/** Job commands answer 204 with no body. */
const Done = { 204: Type.Null({ description: 'no content' }), ...Problems };

export const ActivatedJob = Type.Object({
  jobKey: LongKey,
  type: Type.String(),
  processInstanceKey: LongKey,
  rootProcessInstanceKey: LongKey,
  processDefinitionKey: LongKey,
  processDefinitionId: Type.String(),
  processDefinitionVersion: Type.Integer(),
  elementId: Type.String(),
  elementInstanceKey: LongKey,
  customHeaders: Type.Record(Type.String(), Type.String()),
  worker: Type.String(),
  retries: Type.Integer(),
  /** Epoch milliseconds: the job's lock ends then. */
  deadline: Type.Integer(),
  variables: Type.Record(Type.String(), Type.Unknown()),
  tenantId: Type.String(),
  kind: Type.Literal('BPMN_ELEMENT'),
  listenerEventType: Type.Literal('UNSPECIFIED'),
  tags: Type.Array(Type.String()),
  priority: Type.Integer(),
});

const JobKey = Type.Object({ jobKey: LongKey });

export const CamundaRoutes = routes('camunda', {
  /** Activates jobs of a type, waiting up to requestTimeout ms (10 s by default; < 0: answer at once) for one to come. */
  activate: {
    body: Type.Object({
      type: Type.String({ minLength: 1, maxLength: 200 }),
      maxJobsToActivate: Type.Integer({ minimum: 1, maximum: 1000 }),
      /** How long the jobs stay locked to this worker; 5 minutes when not given (some clients leave it out). */
      timeout: Type.Optional(Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600 * 1000 })),
      worker: Type.Optional(Type.String({ maxLength: 200 })),
      fetchVariable: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 })),
      requestTimeout: Type.Optional(Type.Integer({ minimum: -1, maximum: 2 ** 53 - 1 })),
      tenantIds: Type.Optional(Type.Array(Tenant)),
    }),
    response: { 200: Type.Object({ jobs: Type.Array(ActivatedJob) }), ...Problems },
  },
  complete: {
    params: JobKey,
    body: Type.Optional(Type.Union([Type.Object({ variables: Type.Optional(Vars) }), Type.Null()])),
    response: Done,
  },
  fail: {
    params: JobKey,
    body: Type.Optional(
      Type.Union([
        Type.Object({
          retries: Type.Optional(Type.Integer({ minimum: -(2 ** 31), maximum: 2 ** 31 - 1 })),
          errorMessage: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
          retryBackOff: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 })),
          /** The spelling of Camunda's own README, which its client puts on the wire as it is. */
          retryBackoff: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 })),
          variables: Type.Optional(Vars),
        }),
        Type.Null(),
      ]),
    ),
    response: Done,
  },
  error: {
    params: JobKey,
    body: Type.Object({
      errorCode: Type.String({ minLength: 1, maxLength: 200 }),
      errorMessage: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
      variables: Type.Optional(Vars),
    }),
    response: Done,
  },
  /** Changes a job's retries, or its lock (timeout ms from now). */
  update: {
    params: JobKey,
    body: Type.Object({
      changeset: Type.Object({
        retries: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }), Type.Null()])),
        timeout: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 7 * 24 * 3600 * 1000 }), Type.Null()])),
      }),
      operationReference: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    response: Done,
  },
  /** Starts a matter on a deployed process (by its BPMN id and version, -1 or none for the latest, or by its definition key). */
  createInstance: {
    body: Type.Object({
      processDefinitionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      processDefinitionVersion: Type.Optional(Type.Integer({ minimum: -1, maximum: 2 ** 31 - 1 })),
      processDefinitionKey: Type.Optional(LongKey),
      variables: Type.Optional(Vars),
      tenantId: Type.Optional(Tenant),
      /** Not supported: a matter starts at its start event. */
      startInstructions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0 })),
      runtimeInstructions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0 })),
      /** Answer once the matter has ended, with its variables (up to requestTimeout ms; 504 past it). */
      awaitCompletion: Type.Optional(Type.Boolean()),
      fetchVariables: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 })),
      requestTimeout: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 })),
      tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 10 })),
    }),
    response: {
      200: Type.Object({
        processDefinitionId: Type.String(),
        processDefinitionVersion: Type.Integer(),
        processDefinitionKey: LongKey,
        processInstanceKey: LongKey,
        tenantId: Type.String(),
        variables: Type.Record(Type.String(), Type.Unknown()),
        tags: Type.Array(Type.String()),
        businessId: Type.Null(),
      }),
      ...Problems,
    },
  },
  /** Cancels (terminates) a process instance. */
  cancelInstance: {
    params: Type.Object({ processInstanceKey: LongKey }),
    body: Type.Optional(Type.Union([Type.Object({ operationReference: Type.Optional(Type.Integer({ minimum: 1 })) }), Type.Null()])),
    response: Done,
  },
  /** Publishes a message: it reaches every matter waiting for it and starts the processes that start with it. */
  publishMessage: {
    body: Type.Object({
      name: Type.String({ minLength: 1, maxLength: 200 }),
      correlationKey: Type.Optional(Type.String({ maxLength: 200 })),
      timeToLive: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 53 - 1 })),
      messageId: Type.Optional(Type.String({ maxLength: 200 })),
      variables: Type.Optional(Vars),
      tenantId: Type.Optional(Tenant),
    }),
    response: { 200: Type.Object({ tenantId: Type.String(), messageKey: LongKey }), ...Problems },
  },
  /** Publishes a message that must reach or start a matter (404 when nothing waits for it). */
  correlateMessage: {
    body: Type.Object({
      name: Type.String({ minLength: 1, maxLength: 200 }),
      correlationKey: Type.Optional(Type.String({ maxLength: 200 })),
      variables: Type.Optional(Vars),
      tenantId: Type.Optional(Tenant),
    }),
    response: { 200: Type.Object({ tenantId: Type.String(), messageKey: LongKey, processInstanceKey: LongKey }), ...Problems },
  },
  /** Broadcasts a signal: every matter waiting for it hears it; processes that start with it start. */
  broadcastSignal: {
    body: Type.Object({ signalName: Type.String({ minLength: 1, maxLength: 200 }), variables: Type.Optional(Vars), tenantId: Type.Optional(Tenant) }),
    response: { 200: Type.Object({ tenantId: Type.String(), signalKey: LongKey }), ...Problems },
  },
  /** One broker, one partition: what Camunda's clients read as a connectivity check. */
  topology: {
    response: {
      200: Type.Object({
        brokers: Type.Array(
          Type.Object({
            nodeId: Type.Integer(),
            host: Type.String(),
            port: Type.Integer(),
            version: Type.String(),
            partitions: Type.Array(Type.Object({ partitionId: Type.Integer(), role: Type.String(), health: Type.String() })),
          }),
        ),
        clusterSize: Type.Integer(),
        partitionsCount: Type.Integer(),
        replicationFactor: Type.Integer(),
        gatewayVersion: Type.String(),
        lastCompletedChangeId: Type.String(),
        clusterId: Type.Union([Type.String(), Type.Null()]),
      }),
      ...Problems,
    },
  },
  status: { response: { 204: Type.Null({ description: 'no content: healthy' }), ...Problems } },
  /** OAuth 2 client credentials (form-encoded): a bearer token for the /v2 API. */
  token: {
    body: Type.Object({
      grant_type: Type.Literal('client_credentials'),
      client_id: Type.String({ minLength: 1, maxLength: 100 }),
      client_secret: Type.String({ minLength: 1, maxLength: 200 }),
      audience: Type.Optional(Type.String()),
      scope: Type.Optional(Type.String()),
    }),
    response: {
      200: Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer() }),
      '4xx': Type.Object({ error: Type.String(), error_description: Type.String() }),
      '5xx': Problem,
    },
  },
});

export type Problem = Static<typeof Problem>;
export type ActivatedJob = Static<typeof ActivatedJob>;
