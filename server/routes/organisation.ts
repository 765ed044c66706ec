import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES, requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import { Body, IntId, NoQuery, Patch, Query } from '../http/schemas';
import { readUpload } from '../http/upload';
import { importOrganisation, organisationTemplate } from '../../services/excel/organisation';
import {
  MIN_PASSWORD_LENGTH,
  UNIT_ID_PATTERN,
  UNIT_KINDS,
  USERNAME_PATTERN,
  createUnit,
  createUser,
  deleteUnit,
  leaderUnits,
  leadersInCharge,
  listUnits,
  listUsers,
  setLeaderUnits,
  unitTree,
  userNames,
  unitView,
  updateUnit,
  updateUser,
  userView,
} from '../../services/organisation';
import type { AppContext } from '../../services/context';

/** An organisation workbook is a few thousand rows at most; anything near this is not one. */
const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

export const organisationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const admin = { preValidation: requireAccess('organisation.manage') };

  /** The units, flat (the default, for showing names) or nested under their parents with `tree=1`. */
  app.get(
    '/units',
    { schema: { querystring: Query({ tree: Type.Optional(Type.Enum(['1', '0', 'true', 'false'])) }) } },
    async (request) => {
      const units = await listUnits(knex);
      const tree = request.query.tree === '1' || request.query.tree === 'true';
      return { items: tree ? unitTree(units) : units.map(unitView) };
    },
  );

  app.post(
    '/units',
    {
      ...admin,
      schema: { body: Body({ id: UnitId, name: UnitName, parentId: Type.Optional(Type.Union([AnyUnitId, Type.Null()])), kind: Kind, sort: Type.Optional(Sort) }) },
    },
    async (request, reply) => {
      const unit = await createUnit(knex, request.body);
      reply.status(201);
      return unitView(unit);
    },
  );

  app.patch(
    '/units/:id',
    {
      ...admin,
      schema: {
        params: UnitParams,
        body: Patch({ name: Type.Optional(UnitName), parentId: Type.Optional(Type.Union([AnyUnitId, Type.Null()])), kind: Type.Optional(Kind), sort: Type.Optional(Sort) }),
      },
    },
    async (request) => unitView(await updateUnit(knex, request.params.id, request.body)),
  );

  /** Refused with 409 while anything still names the unit: sub-units, users, matters, tasks, plans. */
  app.delete('/units/:id', { ...admin, schema: { params: UnitParams } }, async (request, reply) => {
    await deleteUnit(knex, request.params.id);
    reply.status(204);
  });

  app.get(
    '/users',
    {
      preValidation: requireAccess('organisation.read'),
      schema: { querystring: Query({ unitId: Type.Optional(AnyUnitId), role: Type.Optional(RoleSchema), active: Type.Optional(Type.Boolean()) }) },
    },
    async (request) => ({ items: (await listUsers(knex, request.query)).map(userView) }),
  );

  /** Who is who: every signed-in user may turn usernames into names (instructions, leaders, the audit trail). */
  app.get('/users/names', { schema: { querystring: NoQuery } }, async () => ({ items: await userNames(knex) }));

  app.post(
    '/users',
    {
      ...admin,
      schema: {
        body: Body({
          username: Type.String({ pattern: USERNAME_PATTERN }),
          displayName: DisplayName,
          role: RoleSchema,
          unitId: AnyUnitId,
          password: Password,
        }),
      },
    },
    async (request, reply) => {
      const user = await createUser(knex, request.body);
      reply.status(201);
      return userView(user);
    },
  );

  /** Edits a user; `password` sets a new one (a reset), `active: false` stops their logins. */
  app.patch(
    '/users/:id',
    {
      ...admin,
      schema: {
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
      },
    },
    async (request) => userView(await updateUser(knex, request.params.id, request.body)),
  );

  /** The active leaders with the units in their charge. */
  app.get('/leaders', { preValidation: requireAccess('organisation.read'), schema: { querystring: NoQuery } }, async () => ({
    items: (await leadersInCharge(knex)).map((l) => ({ username: l.id, displayName: l.name, unitIds: l.unitIds })),
  }));

  const LeaderParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });

  app.get('/leaders/:username/units', { ...admin, schema: { params: LeaderParams, querystring: NoQuery } }, async (request) => ({
    items: (await leaderUnits(knex, request.params.username)).map(unitView),
  }));

  app.put(
    '/leaders/:username/units',
    { ...admin, schema: { params: LeaderParams, body: Body({ unitIds: Type.Array(AnyUnitId, { maxItems: 1000 }) }) } },
    async (request) => ({ items: (await setLeaderUnits(knex, request.params.username, request.body.unitIds)).map(unitView) }),
  );

  app.get('/organisation/template.xlsx', { ...admin, schema: { querystring: NoQuery } }, async (_request, reply) => {
    reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="organisation.xlsx"');
    return organisationTemplate();
  });

  /** The filled-in template as a multipart file: all of it is imported, or nothing with every bad cell. */
  app.post('/organisation/import', { ...admin, bodyLimit: MAX_WORKBOOK_BYTES * 2 }, async (request) => {
    if (!request.isMultipart()) throw invalidInput('send the workbook (.xlsx) as a multipart file');
    const file = await readUpload(request, MAX_WORKBOOK_BYTES);
    if (!file) throw invalidInput('the upload has no file');
    return importOrganisation(knex, file);
  });
};
