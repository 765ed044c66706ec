import { randomUUID } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import argon2 from 'argon2';
import type { Knex } from 'knex';
import type { AuthUser, Role } from '../auth';
import { HttpError, notFound } from '../errors';

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  unit_id: string;
  unit_name: string;
}

const userView = (u: UserRow) => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, unitId: u.unit_id, unitName: u.unit_name });

export const authRoutes: FastifyPluginAsyncTypebox<{ knex: Knex }> = async (app, { knex }) => {
  // Unknown usernames are verified against this too, so timing does not tell which names exist.
  const dummyHash = argon2.hash(randomUUID());
  const users = () => knex<UserRow>('users').join('units', 'units.id', 'users.unit_id').select('users.*', 'units.name as unit_name');

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: { body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }) },
    },
    async (request) => {
      // A deactivated user is refused like an unknown one.
      const user = await users().where({ 'users.username': request.body.username, 'users.active': true }).first();
      const valid = await argon2.verify(user?.password_hash ?? (await dummyHash), request.body.password).catch(() => false);
      if (!user || !valid) throw new HttpError(401, 'wrong username or password');
      const payload: AuthUser = { id: user.id, username: user.username, role: user.role, unitId: user.unit_id };
      return { token: app.jwt.sign(payload), user: userView(user) };
    },
  );

  app.get('/me', async (request) => {
    const user = await users().where('users.id', request.user.id).first();
    if (!user) throw notFound('user');
    return userView(user);
  });
};
