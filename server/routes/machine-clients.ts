import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MachineClientRoutes } from '../../contract/machine-clients';
import type { AppContext } from '../../services/context';
import { createClient, listClients, revokeClient } from '../../services/machine-clients';
import { requireAccess } from '../auth';

/** Machine clients of the job API: administrators register them (the secret is shown once) and revoke them. */
export const machineClientRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const admin = { preValidation: requireAccess('clients.manage') };

  app.get('/machine-clients', { ...admin, schema: MachineClientRoutes.list }, async () => ({ items: await listClients(knex) }));

  app.post('/machine-clients', { ...admin, schema: MachineClientRoutes.create }, async (request, reply) => {
    reply.status(201);
    return createClient(knex, request.body, request.user);
  });

  app.delete('/machine-clients/:id', { ...admin, schema: MachineClientRoutes.revoke }, async (request, reply) => {
    await revokeClient(knex, request.params.id);
    return reply.status(204).send(null);
  });
};
