/**
 * Server-side sessions (the `sessions` table): a token is only as good as its session, which ends at
 * logout, at expiry, or once its user is deactivated or changes role, unit or password (a trigger on
 * users ends them; see the migration).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** How long a session lasts; its token expires with it. */
export const SESSION_HOURS = 12;

export async function createSession(knex: Knex, user: { id: number }, now: Date): Promise<string> {
  const id = randomUUID();
  await knex('sessions').insert({
    id,
    user_id: user.id,
    created_at: now,
    expires_at: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
  });
  // Ended sessions are no use to anyone: clear the user's old ones as a new one begins.
  await knex('sessions').where({ user_id: user.id }).andWhere((q) => q.where('expires_at', '<', now).orWhereNotNull('revoked_at')).delete();
  return id;
}

export interface SessionClaims {
  sid: string;
  id: number;
  role: string;
  unitId: string;
}

/** Whether the session a token names is still live for the user exactly as the token describes them. */
export async function sessionIsLive(knex: Knex, claims: SessionClaims): Promise<boolean> {
  if (typeof claims.sid !== 'string' || !/^[0-9a-f-]{36}$/.test(claims.sid)) return false;
  const row = await knex('sessions as s')
    .join('users as u', 'u.id', 's.user_id')
    .where('s.id', claims.sid)
    .first('s.user_id', 's.expires_at', 's.revoked_at', 'u.active', 'u.role', 'u.unit_id');
  return (
    !!row &&
    row.user_id === claims.id &&
    row.revoked_at === null &&
    row.expires_at.getTime() > Date.now() &&
    row.active &&
    row.role === claims.role &&
    row.unit_id === claims.unitId
  );
}

export async function revokeSession(knex: Knex, sid: string): Promise<void> {
  await knex('sessions').where({ id: sid }).whereNull('revoked_at').update({ revoked_at: new Date() });
}
