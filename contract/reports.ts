/** The Word reports: a unit's evaluation (考评报告) and the bulletin (情况通报) of a period. */
import { type Static, Type } from 'typebox';
import { DOCX_TYPE, Day, Errors, FileAnswer, Key, Query, routes } from './common';

const PeriodQuery = {
  period: Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('year')]),
  /** Any day of the period; today when left out. */
  date: Type.Optional(Day),
};

export const ReportRoutes = routes('reports', {
  /** Of one unit, or of every rated unit when unitId is left out; a unit fetches only its own. */
  evaluation: {
    querystring: Query({ ...PeriodQuery, unitId: Type.Optional(Key()) }),
    response: { 200: FileAnswer(DOCX_TYPE, 'the evaluation report (.docx)'), ...Errors },
  },
  /** The period's late and red items. */
  bulletin: { querystring: Query(PeriodQuery), response: { 200: FileAnswer(DOCX_TYPE, 'the bulletin (.docx)'), ...Errors } },
});

/** The week, month or year holding `date`: what a report is of. */
export type ReportPeriod = Static<typeof ReportRoutes.bulletin.querystring>;
