import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../services/context';
import { changeTask, completeTask, inbox, taskWithVariables } from '../../services/tasks';
import { Body, FreeRecord, Key, NoQuery, Query } from '../http/schemas';

export const taskRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** The caller's inbox: tasks of their unit, or named to them. */
  app.get(
    '/tasks',
    { schema: { querystring: Query({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')])) }) } },
    async (request) => ({ items: await inbox(ctx, request.user, request.query.status) }),
  );

  const TaskId = Type.Object({ id: Key() });

  app.post('/tasks/:id/claim', { schema: { params: TaskId } }, async (request) => changeTask(ctx, request.params.id, request.user, { action: 'claim' }));

  app.post('/tasks/:id/unclaim', { schema: { params: TaskId } }, async (request) => changeTask(ctx, request.params.id, request.user, { action: 'unclaim' }));

  /** Hand the task to another unit (转办): its holder or a supervisor may. */
  app.post(
    '/tasks/:id/delegate',
    { schema: { params: TaskId, body: Body({ unitId: Key() }) } },
    async (request) => changeTask(ctx, request.params.id, request.user, { action: 'delegate', unitId: request.body.unitId }),
  );

  app.get('/tasks/:id', { schema: { params: TaskId, querystring: NoQuery } }, async (request) => taskWithVariables(ctx, request.params.id, request.user));

  app.post(
    '/tasks/:id/complete',
    {
      schema: {
        params: TaskId,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }),
        body: Body({ variables: Type.Optional(FreeRecord()) }),
      },
    },
    async (request) =>
      completeTask(ctx, request.params.id, request.user, { variables: request.body.variables ?? {}, requestId: request.headers['idempotency-key'] }),
  );
};
