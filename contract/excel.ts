/** Matters in Excel: the import template, the import itself and the ledger (台账) of any matter query. */
import { type Static, Type } from 'typebox';
import { Errors, FileAnswer, NoQuery, Query, XLSX_TYPE, routes } from './common';
import { matterQueryFilters } from './matter-query';

export const MatterImportResult = Type.Object({
  created: Type.Integer(),
  /** The new matters' ids, in the order of their rows. */
  ids: Type.Array(Type.String()),
  started: Type.Integer(),
  /** Registered but not started (the workflow service refused): drafts to start later. */
  notStarted: Type.Array(Type.Object({ row: Type.Integer(), id: Type.String(), message: Type.String() })),
});

export const ExcelRoutes = routes('excel', {
  template: { querystring: NoQuery, response: { 200: FileAnswer(XLSX_TYPE, 'the import template (.xlsx)'), ...Errors } },
  /** The filled-in template as a multipart file: every matter registered (and started unless `draft`), or none with every error. */
  import: {
    querystring: Query({ draft: Type.Optional(Type.Boolean()) }),
    response: { 201: MatterImportResult, ...Errors },
  },
  /** The same query as GET /matters, and the same visibility. */
  ledger: { querystring: Query(matterQueryFilters), response: { 200: FileAnswer(XLSX_TYPE, 'the ledger of the matters (.xlsx)'), ...Errors } },
});

export type MatterImportResult = Static<typeof MatterImportResult>;
