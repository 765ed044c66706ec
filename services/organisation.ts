/**
 * The organisation: the unit tree (province → city → county, with departments, district branches
 * and townships under them), its users, and the units each leader is in charge of (分管).
 */
import argon2 from 'argon2';
import type { Knex } from 'knex';
import type { Leader } from '../supervision/ranking';
import type { Role } from '../supervision/access';
import { invalidInput, conflict, notFound } from './errors';
import type { Locale } from './preferences';

export const UNIT_KINDS = ['province', 'city', 'county', 'township', 'department', 'branch', 'office', 'leadership'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** How the Excel sheets and the UI name the kinds and roles. */
export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  province: '省',
  city: '市',
  county: '县',
  township: '乡镇',
  department: '部门',
  branch: '分局',
  office: '督查室',
  leadership: '领导班子',
};
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  designer: '流程设计员',
  supervisor: '督查员',
  leader: '领导',
  handler: '承办人',
  head: '单位负责人',
};

/** Unit ids appear in BPMN candidate groups and FEEL, so no spaces or commas. */
export const UNIT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$';
export const MIN_PASSWORD_LENGTH = 8;

export interface UnitRow {
  id: string;
  name: string;
  parent_id: string | null;
  kind: string;
  sort: number;
}

export interface UnitView {
  id: string;
  name: string;
  parentId?: string;
  kind: string;
  sort: number;
}

export type UnitNode = UnitView & { children: UnitNode[] };

export const unitView = (u: UnitRow): UnitView => ({ id: u.id, name: u.name, parentId: u.parent_id ?? undefined, kind: u.kind, sort: u.sort });

/**
 * SQL over a row of `tasks`: whether anyone at all can take the task. Its assignee alone when it has
 * one, else its candidate units and users: a unit that exists, an active user.
 */
export const SOMEONE_CAN_TAKE_TASK = `(case when tasks.assignee is not null
  then exists (select 1 from users where users.username = tasks.assignee and users.active)
  else exists (select 1 from units where units.id = any(tasks.candidate_units))
    or exists (select 1 from users where users.username = any(tasks.candidate_users) and users.active) end)`;

/** Units in register order: by their sort number among siblings, then by id. */
/** Which of these unit ids exist. */
export async function existingUnitIds(knex: Knex, ids: readonly string[]): Promise<string[]> {
  return ids.length === 0 ? [] : knex('units').whereIn('id', ids).pluck('id');
}

export function listUnits(knex: Knex): Promise<UnitRow[]> {
  return knex<UnitRow>('units').orderBy([{ column: 'sort' }, { column: 'id' }]);
}

/** The units nested under their parents, keeping the order they come in. */
export function unitTree(units: readonly UnitRow[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...unitView(u), children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === undefined ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/**
 * The cycle `id` would sit on with these parents (`[id, parent, …, id]`), or undefined when
 * following the parents up from `id` reaches a root.
 */
export function parentCycle(parents: ReadonlyMap<string, string | null>, id: string): string[] | undefined {
  const path = [id];
  const seen = new Set(path);
  for (let at = parents.get(id); at != null; at = parents.get(at)) {
    path.push(at);
    if (at === id) return path;
    // A cycle above `id` that does not pass through it is some other unit's problem.
    if (seen.has(at)) return undefined;
    seen.add(at);
  }
  return undefined;
}

/** Organisation writes take turns, so two concurrent moves cannot make a cycle between them. */
export async function lockOrganisation(trx: Knex.Transaction): Promise<void> {
  await trx.raw("select pg_advisory_xact_lock(hashtext('duban.organisation'))");
}

async function unitParents(trx: Knex.Transaction): Promise<Map<string, string | null>> {
  const rows = await trx<UnitRow>('units').select('id', 'parent_id');
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

const noUnit = (path: string, id: string) => invalidInput(`no unit "${id}"`, [{ path, message: `no unit "${id}"` }]);

export interface NewUnit {
  id: string;
  name: string;
  parentId?: string | null;
  kind: UnitKind;
  sort?: number;
}

export async function createUnit(knex: Knex, unit: NewUnit): Promise<UnitRow> {
  return knex.transaction(async (trx) => {
    await lockOrganisation(trx);
    const parents = await unitParents(trx);
    if (parents.has(unit.id)) throw conflict(`unit ${unit.id} already exists`);
    if (unit.parentId && !parents.has(unit.parentId)) throw noUnit('parentId', unit.parentId);
    const [row] = await trx<UnitRow>('units')
      .insert({ id: unit.id, name: unit.name, parent_id: unit.parentId ?? null, kind: unit.kind, sort: unit.sort ?? 0 })
      .returning('*');
    return row;
  });
}

export type UnitChanges = Partial<Omit<NewUnit, 'id'>>;

/** Renames, re-kinds, reorders or moves a unit; a move under itself or its own descendants is refused. */
export async function updateUnit(knex: Knex, id: string, changes: UnitChanges): Promise<UnitRow> {
  return knex.transaction(async (trx) => {
    await lockOrganisation(trx);
    const parents = await unitParents(trx);
    if (!parents.has(id)) throw notFound(`unit ${id}`);
    if (changes.parentId) {
      if (!parents.has(changes.parentId)) throw noUnit('parentId', changes.parentId);
      const cycle = parentCycle(new Map(parents).set(id, changes.parentId), id);
      if (cycle) {
        const message = `moving ${id} under ${changes.parentId} makes a cycle: ${cycle.join(' → ')}`;
        throw invalidInput(message, [{ path: 'parentId', message }]);
      }
    }
    const columns = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.parentId !== undefined ? { parent_id: changes.parentId } : {}),
      ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
      ...(changes.sort !== undefined ? { sort: changes.sort } : {}),
    };
    if (Object.keys(columns).length > 0) await trx('units').where({ id }).update(columns);
    return (await trx<UnitRow>('units').where({ id }).first())!;
  });
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What still names the unit: it is deleted only when nothing does, so no history loses its unit. */
async function unitReferences(trx: Knex.Transaction, id: string): Promise<string[]> {
  const { rows } = await trx.raw<{ rows: Record<string, string>[] }>(
    `select (select count(*) from units where parent_id = :id) as units,
            (select count(*) from users where unit_id = :id) as users,
            (select count(*) from leader_units where unit_id = :id) as leaders,
            (select count(*) from matters where lead_unit = :id or co_units @> array[:id]) as matters,
            (select count(*) from tasks where candidate_units @> array[:id]) as tasks,
            (select count(*) from plan_items where unit_id = :id) as plan_items,
            (select count(*) from notifications where unit_ids @> array[:id]) as notifications`,
    { id },
  );
  const n = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  return [
    n.units && counted(n.units, 'sub-unit', 'sub-units'),
    n.users && counted(n.users, 'user', 'users'),
    n.leaders && counted(n.leaders, 'leader in charge', 'leaders in charge'),
    n.matters && counted(n.matters, 'matter', 'matters'),
    n.tasks && counted(n.tasks, 'task', 'tasks'),
    n.plan_items && counted(n.plan_items, 'plan item', 'plan items'),
    n.notifications && counted(n.notifications, 'notification', 'notifications'),
  ].filter((reason): reason is string => Boolean(reason));
}

export async function deleteUnit(knex: Knex, id: string): Promise<void> {
  await knex.transaction(async (trx) => {
    await lockOrganisation(trx);
    if (!(await trx('units').where({ id }).first('id'))) throw notFound(`unit ${id}`);
    const references = await unitReferences(trx, id);
    if (references.length > 0) throw conflict(`unit ${id} cannot be deleted: it has ${references.join(', ')}`);
    await trx('units').where({ id }).delete();
  });
}

export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string;
  unit_name: string;
  active: boolean;
  created_at: Date;
  locale: Locale;
}

export const userView = (u: UserRow) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  unitId: u.unit_id,
  unitName: u.unit_name,
  active: u.active,
  createdAt: u.created_at.toISOString(),
});

function usersWithUnits(knex: Knex) {
  return knex<UserRow>('users')
    .join('units', 'units.id', 'users.unit_id')
    .select('users.id', 'users.username', 'users.display_name', 'users.role', 'users.unit_id', 'users.active', 'users.created_at', 'users.locale', 'units.name as unit_name');
}

export function listUsers(knex: Knex, filter: { unitId?: string; role?: Role; active?: boolean }): Promise<UserRow[]> {
  const query = usersWithUnits(knex).orderBy('users.username');
  if (filter.unitId) query.where('users.unit_id', filter.unitId);
  if (filter.role) query.where('users.role', filter.role);
  if (filter.active !== undefined) query.where('users.active', filter.active);
  return query;
}

export function findUser(knex: Knex, id: number): Promise<UserRow | undefined> {
  return usersWithUnits(knex).where('users.id', id).first();
}

/** Who is who: every user's username and name. */
export async function userNames(knex: Knex): Promise<Array<{ username: string; displayName: string }>> {
  const rows = await knex('users').orderBy('username').select('username', 'display_name');
  return rows.map((u) => ({ username: u.username, displayName: u.display_name }));
}

/** An active user with their password hash and unit name: who may sign in. */
export async function activeUserForLogin(knex: Knex, username: string): Promise<(UserRow & { password_hash: string }) | undefined> {
  return knex('users').join('units', 'units.id', 'users.unit_id').where({ 'users.username': username, 'users.active': true }).first('users.*', 'units.name as unit_name');
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  password: string;
}

export async function createUser(knex: Knex, user: NewUser): Promise<UserRow> {
  const passwordHash = await argon2.hash(user.password);
  const id = await knex.transaction(async (trx) => {
    if (await trx('users').where({ username: user.username }).first('id')) throw conflict(`user ${user.username} already exists`);
    if (!(await trx('units').where({ id: user.unitId }).first('id'))) throw noUnit('unitId', user.unitId);
    const [row] = await trx('users')
      .insert({ username: user.username, display_name: user.displayName, role: user.role, unit_id: user.unitId, password_hash: passwordHash })
      .returning('id');
    return row.id as number;
  });
  return (await usersWithUnits(knex).where('users.id', id).first())!;
}

export type UserChanges = Partial<Omit<NewUser, 'username'>> & { active?: boolean };

/** Leaders' assignments end with their leadership: a user who is no longer a leader is in charge of nothing. */
export async function pruneLeaderUnits(trx: Knex.Transaction): Promise<void> {
  await trx('leader_units').whereIn('user_id', trx('users').select('id').whereNot('role', 'leader')).delete();
}

export async function updateUser(knex: Knex, id: number, changes: UserChanges): Promise<UserRow> {
  const passwordHash = changes.password === undefined ? undefined : await argon2.hash(changes.password);
  await knex.transaction(async (trx) => {
    await lockOrganisation(trx);
    const user = await trx<UserRow>('users').where({ id }).first();
    if (!user) throw notFound(`user ${id}`);
    if (changes.unitId !== undefined && !(await trx('units').where({ id: changes.unitId }).first('id'))) throw noUnit('unitId', changes.unitId);
    const stopsAdministering = user.role === 'admin' && user.active && ((changes.role ?? 'admin') !== 'admin' || changes.active === false);
    if (stopsAdministering && !(await trx('users').where({ role: 'admin', active: true }).whereNot({ id }).first('id'))) {
      throw conflict(`${user.username} is the only active admin; make another admin first`);
    }
    const columns = {
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.unitId !== undefined ? { unit_id: changes.unitId } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
    };
    if (Object.keys(columns).length === 0) return;
    await trx('users').where({ id }).update(columns);
    await pruneLeaderUnits(trx);
  });
  return (await usersWithUnits(knex).where('users.id', id).first())!;
}

async function findLeader(knex: Knex, username: string): Promise<{ id: number }> {
  const user = await knex('users').where({ username }).first('id', 'role');
  if (!user) throw notFound(`user ${username}`);
  if (user.role !== 'leader') throw conflict(`${username} is a ${user.role}, not a leader`);
  return user;
}

/** The units a leader is in charge of, in register order. */
export async function leaderUnits(knex: Knex, username: string): Promise<UnitRow[]> {
  const leader = await findLeader(knex, username);
  return knex<UnitRow>('units')
    .whereIn('id', knex('leader_units').select('unit_id').where({ user_id: leader.id }))
    .orderBy([{ column: 'sort' }, { column: 'id' }]);
}

/** Puts a leader in charge of exactly these units. */
export async function setLeaderUnits(knex: Knex, username: string, unitIds: readonly string[]): Promise<UnitRow[]> {
  await knex.transaction(async (trx) => {
    await lockOrganisation(trx);
    const leader = await findLeader(trx, username);
    const known = new Set(await trx('units').whereIn('id', unitIds).pluck('id'));
    const unknown = unitIds.flatMap((unitId, i) => (known.has(unitId) ? [] : [{ path: `unitIds/${i}`, message: `no unit "${unitId}"` }]));
    if (unknown.length > 0) throw invalidInput('some of the units do not exist', unknown);
    await trx('leader_units').where({ user_id: leader.id }).delete();
    const rows = [...new Set(unitIds)].map((unitId) => ({ user_id: leader.id, unit_id: unitId }));
    if (rows.length > 0) await trx('leader_units').insert(rows);
  });
  return leaderUnits(knex, username);
}

/** The active leaders and the units in their charge, as the ranking board takes them (id = username). */
export async function leadersInCharge(knex: Knex): Promise<Leader[]> {
  const rows: { username: string; display_name: string; unit_ids: string[] }[] = await knex('users')
    .leftJoin('leader_units', 'leader_units.user_id', 'users.id')
    .where({ 'users.role': 'leader', 'users.active': true })
    .groupBy('users.id')
    .orderBy('users.username')
    .select('users.username', 'users.display_name', knex.raw("coalesce(array_agg(leader_units.unit_id order by leader_units.unit_id) filter (where leader_units.unit_id is not null), '{}') as unit_ids"));
  return rows.map((r) => ({ id: r.username, name: r.display_name, unitIds: r.unit_ids }));
}

/**
 * The demo organisation's leaders in charge: the deputy county head over housing and transport.
 * Call after seedDemo. Seeds once: does nothing while the demo leader is in charge of any unit,
 * so a restart does not undo an admin's changes.
 */
export async function seedOrganisationDemo(knex: Knex): Promise<void> {
  const leader = await knex('users').where({ username: 'leader', role: 'leader' }).first('id');
  if (!leader || (await knex('leader_units').where({ user_id: leader.id }).first('unit_id'))) return;
  const units: string[] = await knex('units').whereIn('id', ['housing', 'transport']).pluck('id');
  if (units.length === 0) return;
  await knex('leader_units')
    .insert(units.map((unitId) => ({ user_id: leader.id, unit_id: unitId })))
    .onConflict(['user_id', 'unit_id'])
    .ignore();
}
