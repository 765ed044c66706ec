/** The Word reports of a period: units' evaluations (考评报告) and the bulletin (情况通报). */
import { download } from './client';
import type { ReportPeriod } from './types';

export type { ReportPeriod };

const periodQuery = ({ period, date }: ReportPeriod) => `period=${period}&date=${date}`;

/** Saves the evaluation report of one unit, or of every rated unit when `unitId` is left out. */
export function downloadEvaluation(of: ReportPeriod, unitId?: string): Promise<void> {
  const query = unitId ? `${periodQuery(of)}&unitId=${encodeURIComponent(unitId)}` : periodQuery(of);
  return download(`/api/reports/evaluation.docx?${query}`, `evaluation-${of.date}.docx`);
}

/** Saves the bulletin of the period's late and red items. */
export const downloadBulletin = (of: ReportPeriod) => download(`/api/reports/bulletin.docx?${periodQuery(of)}`, `bulletin-${of.date}.docx`);
