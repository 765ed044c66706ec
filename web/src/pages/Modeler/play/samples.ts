/**
 * Variables a sandbox run can start with: those a matter registered today would give the shipped
 * supervision flows (services/matters.ts flowVariables), for a deadline a month away, computed by
 * the same pure rules.
 */
import { addDays, localDateOf } from '../../../../../supervision/calendar';
import { DEFAULT_SUPERVISION_CONFIG } from '../../../../../supervision/config';
import { deadlineTimers } from '../../../../../supervision/deadlines';
import { periodCycle, RESUBMISSION_DUE, reportDue } from '../../../../../supervision/matter-data';
import type { Variables } from '../../../../../workflows/engine/state';

export const SAMPLE_WARN_DAYS = 3;

export function sampleMatterVariables(now: number, timeZone = DEFAULT_SUPERVISION_CONFIG.timeZone): Variables {
  const today = localDateOf(now, timeZone);
  const deadline = addDays(today, 30);
  return {
    leadUnit: 'housing',
    coUnits: ['transport'],
    units: ['housing', 'transport'],
    deadline,
    warnDays: SAMPLE_WARN_DAYS,
    ...deadlineTimers(deadline, SAMPLE_WARN_DAYS, timeZone),
    reportingPeriod: 'monthly',
    periodCycle: periodCycle('monthly', today, timeZone),
    reportDue: reportDue('monthly'),
    resubmissionDue: RESUBMISSION_DUE,
    leader: 'leader',
    target: null,
  };
}
