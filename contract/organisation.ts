/** The organisation: the unit tree, its users, and the units each leader is in charge of (分管). */
import { type Static, Type } from 'typebox';
import { Body, Errors, FileAnswer, Instant, IntId, Items, NoContent, NoQuery, Patch, Query, XLSX_TYPE, routes } from './common';
import { ROLES, UNIT_KINDS } from './values';

/** Unit ids appear in BPMN candidate groups and FEEL, so no spaces or commas. */
export const UNIT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$';
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$';
export const MIN_PASSWORD_LENGTH = 8;

export const Unit = Type.Object({
  id: Type.String(),
  name: Type.String(),
  parentId: Type.Optional(Type.String()),
  kind: Type.String(),
  /** Its place among its siblings. */
  sort: Type.Integer(),
});

/** A unit with the units under it. */
export const UnitNode = Type.Cyclic({ UnitNode: Type.Object({ ...Unit.properties, children: Type.Array(Type.Ref('UnitNode')) }) }, 'UnitNode');

/** A user as the administrator manages them. */
export const UserRecord = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLES),
  unitId: Type.String(),
  unitName: Type.String(),
  active: Type.Boolean(),
  createdAt: Instant,
});

/** An active leader and the units in their charge. */
export const LeaderInCharge = Type.Object({ username: Type.String(), displayName: Type.String(), unitIds: Type.Immutable(Type.Array(Type.String())) });

export const OrganisationImportResult = Type.Object({
  units: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
  users: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
  /** Leaders whose units were set, and the assignments made. */
  leaders: Type.Object({ updated: Type.Integer(), assignments: Type.Integer() }),
});

const UnitId = Type.String({ pattern: UNIT_ID_PATTERN });
/** Ids of units that exist (some imported ones may predate the pattern): only bounded. */
const AnyUnitId = Type.String({ minLength: 1, maxLength: 200 });
const UnitParams = Type.Object({ id: AnyUnitId });
const UnitName = Type.String({ minLength: 1, maxLength: 200 });
const Kind = Type.Enum(UNIT_KINDS);
const Sort = Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 });
const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
const RoleSchema = Type.Enum(ROLES);
const LeaderParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });

export const OrganisationRoutes = routes('organisation', {
  /** The units, flat (the default, for showing names) or nested under their parents with `tree=1`. */
  units: {
    querystring: Query({ tree: Type.Optional(Type.Enum(['1', '0', 'true', 'false'])) }),
    response: { 200: Type.Object({ items: Type.Union([Type.Array(UnitNode), Type.Array(Unit)]) }), ...Errors },
  },
  createUnit: {
    body: Body({ id: UnitId, name: UnitName, parentId: Type.Optional(Type.Union([AnyUnitId, Type.Null()])), kind: Kind, sort: Type.Optional(Sort) }),
    response: { 201: Unit, ...Errors },
  },
  updateUnit: {
    params: UnitParams,
    body: Patch({ name: Type.Optional(UnitName), parentId: Type.Optional(Type.Union([AnyUnitId, Type.Null()])), kind: Type.Optional(Kind), sort: Type.Optional(Sort) }),
    response: { 200: Unit, ...Errors },
  },
  /** Refused with 409 while anything still names the unit: sub-units, users, matters, tasks, plans. */
  deleteUnit: { params: UnitParams, response: { 204: NoContent, ...Errors } },
  users: {
    querystring: Query({ unitId: Type.Optional(AnyUnitId), role: Type.Optional(RoleSchema), active: Type.Optional(Type.Boolean()) }),
    response: { 200: Items(UserRecord), ...Errors },
  },
  /** Who is who: every signed-in user may turn usernames into names. */
  userNames: { querystring: NoQuery, response: { 200: Items(Type.Object({ username: Type.String(), displayName: Type.String() })), ...Errors } },
  createUser: {
    body: Body({
      username: Type.String({ pattern: USERNAME_PATTERN }),
      displayName: DisplayName,
      role: RoleSchema,
      unitId: AnyUnitId,
      password: Password,
    }),
    response: { 201: UserRecord, ...Errors },
  },
  /** Edits a user; `password` sets a new one (a reset), `active: false` stops their logins. */
  updateUser: {
    params: Type.Object({ id: IntId }),
    body: Patch({
      // Usernames do not change: one sent along (an edit form sending the whole user) is taken and ignored.
      username: Type.Optional(Type.String({ maxLength: 64 })),
      displayName: Type.Optional(DisplayName),
      role: Type.Optional(RoleSchema),
      unitId: Type.Optional(AnyUnitId),
      password: Type.Optional(Password),
      active: Type.Optional(Type.Boolean()),
    }),
    response: { 200: UserRecord, ...Errors },
  },
  /** The active leaders with the units in their charge. */
  leaders: { querystring: NoQuery, response: { 200: Items(LeaderInCharge), ...Errors } },
  leaderUnits: { params: LeaderParams, querystring: NoQuery, response: { 200: Items(Unit), ...Errors } },
  setLeaderUnits: { params: LeaderParams, body: Body({ unitIds: Type.Array(AnyUnitId, { maxItems: 1000 }) }), response: { 200: Items(Unit), ...Errors } },
  template: { querystring: NoQuery, response: { 200: FileAnswer(XLSX_TYPE, 'the organisation workbook template (.xlsx)'), ...Errors } },
  /** The filled-in template as a multipart file: all of it is imported, or nothing with every bad cell. */
  import: { response: { 200: OrganisationImportResult, ...Errors } },
});

export type Unit = Static<typeof Unit>;
export type UnitNode = Static<typeof UnitNode>;
export type UserRecord = Static<typeof UserRecord>;
export type LeaderInCharge = Static<typeof LeaderInCharge>;
export type OrganisationImportResult = Static<typeof OrganisationImportResult>;

/** What creates a unit, and what changes one. */
export type NewUnit = Static<typeof OrganisationRoutes.createUnit.body>;
export type UnitChanges = Static<typeof OrganisationRoutes.updateUnit.body>;
/** What creates a user, and what changes one. */
export type NewUser = Static<typeof OrganisationRoutes.createUser.body>;
export type UserChanges = Static<typeof OrganisationRoutes.updateUser.body>;
