/**
 * Written reports as Word documents: the period evaluation report of a unit (考评报告) and the
 * bulletin of late and red items (情况通报), each its facts (facts.ts) laid out (document.ts).
 */
import type { Knex } from 'knex';
import type { User } from '../../supervision/access';
import type { LocalDate, PeriodKind } from '../../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG, type SupervisionConfig } from '../../supervision/config';
import { type ReportFile, bulletinDocument, evaluationDocument } from './document';
import { bulletinFacts, evaluationFacts } from './facts';

/** The evaluation report of one unit, or of every rated unit in rank order, one section each. */
export async function evaluationReport(
  knex: Knex,
  request: { kind: PeriodKind; date: LocalDate; unitId?: string },
  user: User,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<ReportFile> {
  return evaluationDocument(await evaluationFacts(knex, request, user, now, config), config.timeZone);
}

/** The bulletin of the period: the count summary, the ranking, every red light and red card, and the late matters. */
export async function bulletinReport(
  knex: Knex,
  request: { kind: PeriodKind; date: LocalDate },
  user: User,
  now: number,
  config: SupervisionConfig = DEFAULT_SUPERVISION_CONFIG,
): Promise<ReportFile> {
  return bulletinDocument(await bulletinFacts(knex, request, user, now, config), config.timeZone);
}
