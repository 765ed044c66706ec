/**
 * The JSON shapes of the duban HTTP API, as the UI reads them: the answers' types of the HTTP
 * contract (contract/), under the names the UI uses. Type-only imports, so none of the contract's
 * schemas (nor TypeBox) reach the browser; UNIT_KINDS is a plain list.
 */
import type { NotificationKind } from '../../../contract/values';
import type { Notification as NotificationAnswer, NotificationPage as NotificationPageAnswer } from '../../../contract/notifications';

export { MATTER_STATUSES, UNIT_KINDS } from '../../../contract/values';
export type {
  GroupBy,
  MatterSource,
  MatterStatus,
  NotificationKind,
  PeriodKind,
  PeriodKind as PlanKind,
  ProgressMark,
  ReportingPeriod,
  Role,
  TaskStatus,
  UnitKind,
} from '../../../contract/values';
export type { ApiErrorBody, Items, Light, ProblemDetail, Variables } from '../../../contract/common';
export type { Credentials, LoginResult, Preferences, User } from '../../../contract/auth';
export type { Clock } from '../../../contract/clock';
export type { ReportPeriod } from '../../../contract/reports';
export type { MatterQueryFilters } from '../../../contract/matter-query';
export type { ProcessDefinition } from '../../../contract/process-definitions';
export type {
  ActiveElement,
  AuditEntry,
  CompletedElement,
  FieldChange,
  HistoryEntry,
  Matter,
  MatterData,
  MatterSummary,
  Target,
  Termination,
  NewMatter,
} from '../../../contract/matters';
export type { MatterImportResult } from '../../../contract/excel';
export type { CompleteTaskResult, Task, TaskWithVariables } from '../../../contract/tasks';
export type { Incident } from '../../../contract/incidents';
export type { LeaderInCharge, NewUnit, NewUser, OrganisationImportResult, Unit, UnitChanges, UnitNode, UserChanges, UserRecord } from '../../../contract/organisation';
export type { NewPlanItem, PlanItem, PlanItemChanges, PlanItemCompletion } from '../../../contract/plans';
export type { Follow, Instruction } from '../../../contract/instructions';
export type { Board, Rate } from '../../../contract/board';
export type { SearchPage, Statistics, Tally } from '../../../contract/statistics';
export type { RollupNode } from '../../../contract/sub-matters';
export type { CalendarDay, CalendarSettings } from '../../../contract/calendar';

/**
 * A notification, its kind one the UI names and colours. The API's `kind` is any string (a flow's
 * notify task may name its own); the UI shows one it does not know as it is.
 */
export type Notification = Omit<NotificationAnswer, 'kind'> & { kind: NotificationKind };
export type NotificationPage = Omit<NotificationPageAnswer, 'items'> & { items: Notification[] };
export type { MachineClient } from '../../../contract/machine-clients';
