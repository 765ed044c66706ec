import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TaskRoutes } from '../../contract/tasks';
import type { AppContext } from '../../services/context';
import { changeTask, completeTask, inbox, taskForm, taskWithVariables } from '../../services/tasks';

export const taskRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** The caller's inbox: tasks of their unit, or named to them. */
  app.get(
    '/tasks',
    { schema: TaskRoutes.list },
    async (request) => ({ items: await inbox(ctx, request.user, request.query.status) }),
  );

  app.post('/tasks/:id/claim', { schema: TaskRoutes.claim }, async (request) => changeTask(ctx, request.params.id, request.user, { action: 'claim' }));

  app.post('/tasks/:id/unclaim', { schema: TaskRoutes.unclaim }, async (request) => changeTask(ctx, request.params.id, request.user, { action: 'unclaim' }));

  /** Hand the task to another unit (转办): its holder or a supervisor may. */
  app.post(
    '/tasks/:id/delegate',
    { schema: TaskRoutes.delegate },
    async (request) => changeTask(ctx, request.params.id, request.user, { action: 'delegate', unitId: request.body.unitId }),
  );

  app.get('/tasks/:id', { schema: TaskRoutes.get }, async (request) => taskWithVariables(ctx, request.params.id, request.user));

  /** The task's form-js schema, as deployed (or embedded in its diagram). */
  app.get('/tasks/:id/form', { schema: TaskRoutes.form }, async (request) => taskForm(ctx, request.params.id, request.user));

  app.post(
    '/tasks/:id/complete',
    { schema: TaskRoutes.complete },
    async (request) =>
      completeTask(ctx, request.params.id, request.user, { variables: request.body.variables ?? {}, requestId: request.headers['idempotency-key'] }),
  );
};
