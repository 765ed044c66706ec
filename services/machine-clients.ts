/**
 * Machine clients: job workers and superior systems that call the Camunda-compatible API (/v2).
 * Each has an id, a secret shown once, and scopes saying what it may do. A client authenticates
 * with HTTP basic auth (id and secret) or with a bearer token it got from the token endpoint
 * (OAuth 2 client credentials), as Camunda's own clients do.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../supervision/access';
import { conflict, invalidInput, notAllowed, notFound } from './errors';

/** What a client may do: serve jobs of a type (or of any), start process instances, publish messages, broadcast signals. */
export const CLIENT_SCOPES = ['jobs:*', 'processes:start', 'messages:publish', 'signals:broadcast'] as const;
const SCOPE = /^(jobs:[^\s]{1,200}|processes:start|messages:publish|signals:broadcast)$/;

export interface MachineClient {
  id: string;
  scopes: string[];
}

interface ClientRow {
  id: string;
  description: string;
  secret_hash: string;
  scopes: string[];
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** How long a bearer token from the token endpoint lives. */
export const TOKEN_SECONDS = 3600;

/** Secrets and tokens are 32 random bytes: SHA-256 is enough to store them (no guessing a slow hash would slow). */
const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

function sameDigest(secret: string, stored: string): boolean {
  const a = Buffer.from(digest(secret), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function clientView(row: ClientRow) {
  return {
    id: row.id,
    description: row.description,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString(),
  };
}

export async function listClients(knex: Knex) {
  return ((await knex<ClientRow>('machine_clients').orderBy('created_at')) as ClientRow[]).map(clientView);
}

/** Registers a client and answers its secret: the only time anyone sees it. `secret` is for demos and tests. */
export async function createClient(knex: Knex, input: { id: string; description?: string; scopes: string[]; secret?: string }, user: Pick<User, 'username'>) {
  const errors = input.scopes.flatMap((scope, i) => (SCOPE.test(scope) ? [] : [{ path: `/scopes/${i}`, message: `"${scope}" is not a scope: use jobs:<type>, jobs:*, ${CLIENT_SCOPES.slice(1).join(', ')}` }]));
  if (!/^[A-Za-z0-9_.@-]{1,100}$/.test(input.id)) errors.unshift({ path: '/id', message: 'letters, digits, _ . @ - only, at most 100' });
  if (errors.length > 0) throw invalidInput('the client is not valid', errors);
  if (await knex('machine_clients').where({ id: input.id }).first()) throw conflict(`a client "${input.id}" already exists`);
  const secret = input.secret ?? newSecret();
  await knex('machine_clients').insert({ id: input.id, description: input.description ?? '', secret_hash: digest(secret), scopes: input.scopes, created_by: user.username });
  const row = (await knex<ClientRow>('machine_clients').where({ id: input.id }).first()) as ClientRow;
  return { ...clientView(row), secret };
}

/** Revokes a client: its secret and its tokens stop working at once. */
export async function revokeClient(knex: Knex, id: string) {
  const updated = await knex('machine_clients').where({ id }).whereNull('revoked_at').update({ revoked_at: knex.fn.now() });
  if (updated === 0) throw notFound(`active client ${id}`);
  await knex('machine_tokens').where({ client_id: id }).delete();
}

async function activeClient(knex: Knex, id: string): Promise<ClientRow | undefined> {
  return (await knex<ClientRow>('machine_clients').where({ id }).whereNull('revoked_at').first()) as ClientRow | undefined;
}

/** The client these credentials belong to, or undefined. */
export async function authenticateClient(knex: Knex, id: string, secret: string): Promise<MachineClient | undefined> {
  const row = await activeClient(knex, id);
  if (!row || !sameDigest(secret, row.secret_hash)) return undefined;
  return { id: row.id, scopes: row.scopes };
}

/** Issues a bearer token for a client's credentials (OAuth 2 client credentials). */
export async function issueToken(knex: Knex, id: string, secret: string): Promise<{ token: string; expiresIn: number } | undefined> {
  const client = await authenticateClient(knex, id, secret);
  if (!client) return undefined;
  const token = newSecret();
  await knex('machine_tokens').where('expires_at', '<', knex.fn.now()).delete();
  await knex('machine_tokens').insert({ token_hash: digest(token), client_id: id, expires_at: knex.raw(`now() + interval '${TOKEN_SECONDS} seconds'`) });
  return { token, expiresIn: TOKEN_SECONDS };
}

/** The client a bearer token was issued to, while it lives. */
export async function clientOfToken(knex: Knex, token: string): Promise<MachineClient | undefined> {
  const row = (await knex('machine_tokens as t')
    .join('machine_clients as c', 'c.id', 't.client_id')
    .where('t.token_hash', digest(token))
    .andWhere('t.expires_at', '>', knex.fn.now())
    .whereNull('c.revoked_at')
    .first('c.id', 'c.scopes')) as MachineClient | undefined;
  return row && { id: row.id, scopes: row.scopes };
}

/** Refuses unless the client has the scope (`jobs:<type>` is also granted by `jobs:*`). */
export function requireScope(client: MachineClient, scope: string): void {
  const granted = client.scopes.includes(scope) || (scope.startsWith('jobs:') && client.scopes.includes('jobs:*'));
  if (!granted) throw notAllowed(`client ${client.id} lacks the scope ${scope}`);
}
