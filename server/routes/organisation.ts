import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OrganisationRoutes } from '../../contract/organisation';
import { requireAccess } from '../auth';
import { invalidInput } from '../../services/errors';
import { readUpload } from '../http/upload';
import { importOrganisation, organisationTemplate } from '../../services/excel/organisation';
import { createUnit, createUser, deleteUnit, leaderUnits, leadersInCharge, listUnits, listUsers, setLeaderUnits, unitTree, userNames, unitView, updateUnit, updateUser, userView } from '../../services/organisation';
import type { AppContext } from '../../services/context';

/** An organisation workbook is a few thousand rows at most; anything near this is not one. */
const MAX_WORKBOOK_BYTES = 10 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Ids of units that exist (some imported ones may predate the pattern): only bounded. */

export const organisationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const { knex } = ctx;
  const admin = { preValidation: requireAccess('organisation.manage') };

  /** The units, flat (the default, for showing names) or nested under their parents with `tree=1`. */
  app.get(
    '/units',
    { schema: OrganisationRoutes.units },
    async (request) => {
      const units = await listUnits(knex);
      const tree = request.query.tree === '1' || request.query.tree === 'true';
      return { items: tree ? unitTree(units) : units.map(unitView) };
    },
  );

  app.post(
    '/units',
    { ...admin, schema: OrganisationRoutes.createUnit },
    async (request, reply) => {
      const unit = await createUnit(knex, request.body);
      reply.status(201);
      return unitView(unit);
    },
  );

  app.patch(
    '/units/:id',
    { ...admin, schema: OrganisationRoutes.updateUnit },
    async (request) => unitView(await updateUnit(knex, request.params.id, request.body)),
  );

  /** Refused with 409 while anything still names the unit: sub-units, users, matters, tasks, plans. */
  app.delete('/units/:id', { ...admin, schema: OrganisationRoutes.deleteUnit }, async (request, reply) => {
    await deleteUnit(knex, request.params.id);
    reply.status(204);
  });

  app.get(
    '/users',
    { preValidation: requireAccess('organisation.read'), schema: OrganisationRoutes.users },
    async (request) => ({ items: (await listUsers(knex, request.query)).map(userView) }),
  );

  /** Who is who: every signed-in user may turn usernames into names (instructions, leaders, the audit trail). */
  app.get('/users/names', { schema: OrganisationRoutes.userNames }, async () => ({ items: await userNames(knex) }));

  app.post(
    '/users',
    { ...admin, schema: OrganisationRoutes.createUser },
    async (request, reply) => {
      const user = await createUser(knex, request.body);
      reply.status(201);
      return userView(user);
    },
  );

  /** Edits a user; `password` sets a new one (a reset), `active: false` stops their logins. */
  app.patch(
    '/users/:id',
    { ...admin, schema: OrganisationRoutes.updateUser },
    async (request) => userView(await updateUser(knex, request.params.id, request.body)),
  );

  /** The active leaders with the units in their charge. */
  app.get('/leaders', { preValidation: requireAccess('organisation.read'), schema: OrganisationRoutes.leaders }, async () => ({
    items: (await leadersInCharge(knex)).map((l) => ({ username: l.id, displayName: l.name, unitIds: l.unitIds })),
  }));

  app.get('/leaders/:username/units', { ...admin, schema: OrganisationRoutes.leaderUnits }, async (request) => ({
    items: (await leaderUnits(knex, request.params.username)).map(unitView),
  }));

  app.put(
    '/leaders/:username/units',
    { ...admin, schema: OrganisationRoutes.setLeaderUnits },
    async (request) => ({ items: (await setLeaderUnits(knex, request.params.username, request.body.unitIds)).map(unitView) }),
  );

  app.get('/organisation/template.xlsx', { ...admin, schema: OrganisationRoutes.template }, async (_request, reply) => {
    reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="organisation.xlsx"');
    return organisationTemplate();
  });

  /** The filled-in template as a multipart file: all of it is imported, or nothing with every bad cell. */
  app.post('/organisation/import', { ...admin, bodyLimit: MAX_WORKBOOK_BYTES * 2, schema: OrganisationRoutes.import }, async (request) => {
    if (!request.isMultipart()) throw invalidInput('send the workbook (.xlsx) as a multipart file');
    const file = await readUpload(request, MAX_WORKBOOK_BYTES);
    if (!file) throw invalidInput('the upload has no file');
    return importOrganisation(knex, file);
  });
};
