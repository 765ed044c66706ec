/** The JSON shapes of the duban HTTP API, as the UI reads them. */
import type { Board } from '../../../supervision/board';
import type { Light } from '../../../supervision/lights';
import type { MatterData } from '../../../supervision/matter-data';

// The supervision rules define these shapes; the API sends them as they are.
export type { Board, Light, MatterData };
export type { Target, MatterSource, ReportingPeriod } from '../../../supervision/matter-data';
export type { PeriodKind } from '../../../supervision/calendar';
export type { Rate } from '../../../supervision/rates';
export type { ProgressMark } from '../../../supervision/progress';
export interface CalendarDay {
  date: string;
  working: boolean;
  note: string;
  source: 'national' | 'local';
}
export interface CalendarSettings {
  dueOnWorkingDays: boolean;
}
import type { ProgressMark } from '../../../supervision/progress';

export type Role = 'admin' | 'designer' | 'supervisor' | 'leader' | 'handler' | 'head';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
  unitName: string;
}

export interface Unit {
  id: string;
  name: string;
  parentId?: string;
  kind: string;
}

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export interface Task {
  id: string;
  matterId: string;
  matterTitle: string;
  elementId: string;
  /** The diagram element's name; unnamed elements have none. */
  name?: string;
  status: TaskStatus;
  candidateUnits: string[];
  /** Users named on the task besides its units. */
  candidateUsers?: string[];
  assignee?: string;
  formKey?: string;
  dueAt?: string;
  createdAt: string;
  completedAt?: string;
  completedBy?: string;
  /** The task's five-colour light, when the server rates it. */
  light?: Light;
}

export type Variables = Record<string, unknown>;

export interface TaskWithVariables extends Task {
  variables: Variables;
}

/** A draft is registered but not started: it has no workflow yet. */
export type MatterStatus = 'draft' | 'running' | 'completed' | 'terminated' | 'failed';

export interface MatterSummary {
  id: string;
  title: string;
  processKey: string;
  processVersion: number;
  status: MatterStatus;
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  /** The standard data elements; matters started with bare variables have none. */
  data?: MatterData;
  /** Why and by whom a matter was ended early (意外结束); `at` in epoch milliseconds. */
  termination?: Termination;
  light?: Light;
}

export interface Termination {
  reason: string;
  by: string;
  at: number | string;
}

export interface ActiveElement {
  elementId: string;
  name?: string;
  type: string;
}

export interface CompletedElement extends ActiveElement {
  startedAt: string;
  completedAt: string;
}

export interface Matter extends MatterSummary {
  variables: Variables;
  activeElements: ActiveElement[];
  completedElements: CompletedElement[];
  openTasks: Task[];
  /** Why a failed matter stopped, and where. */
  failure?: { message: string; elementId?: string };
  /** Set when the workflow could not answer and this is the last state it recorded. */
  stale?: boolean;
  /** What the matter could not do by itself (a state the read model refused, a service task that failed for good). */
  incidents?: Incident[];
}

/** An incident: opened by the matter instead of retrying forever; an administrator retries or resolves it. */
export interface Incident {
  id: string;
  matterId: string;
  matterTitle?: string;
  kind: 'projection' | 'service';
  elementId?: string;
  message: string;
  status: 'open' | 'resolved';
  retries: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  resolution?: 'retried' | 'accepted' | 'cancelled';
}

/** One entry of a matter's history, read from its workflow's event history (and the instructions); `at` is an ISO time. */
export type HistoryEntry =
  | { at: string; kind: 'started'; processKey: string; processVersion: number; variables: Variables }
  | { at: string; kind: 'element'; elementId: string; name?: string; type: string; outcome: 'completed' | 'interrupted' | 'cancelled'; startedAt: string }
  | { at: string; kind: 'taskCompleted'; taskId: string; by: string; unitId: string; variables: Variables }
  | { at: string; kind: 'taskChanged'; taskId: string; action: 'claim' | 'unclaim' | 'delegate'; by: string; unitId?: string }
  | { at: string; kind: 'message'; name: string; variables: Variables }
  | { at: string; kind: 'ended'; status: string }
  /** A leader's instruction (批示), placed among the events by its time. */
  | { at: string; kind: 'instruction'; by: string; text: string; elementId?: string };

/** What changed in one field of an edit. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** One line of a matter's audit trail: who registered, started, edited or terminated it. */
export type AuditEntry =
  | { action: 'edited'; by: string; at: string; details: FieldChange[] }
  | { action: 'terminated'; by: string; at: string; details: { reason: string } }
  | { action: 'created' | 'started'; by: string; at: string; details: unknown };

export type NotificationKind = 'info' | 'task' | 'warning' | 'overdue' | 'urge' | 'instruction';

export interface Notification {
  id: number;
  /** Absent for a notice about no particular matter. */
  matterId?: string;
  matterTitle?: string;
  elementId?: string;
  kind: NotificationKind;
  message: string;
  createdAt: string;
  readAt?: string | null;
}

export interface NotificationPage extends Items<Notification> {
  /** How many of the caller's notifications are unread, whatever the list holds. */
  unread: number;
}

export interface ProcessDefinition {
  key: string;
  version: number;
  name?: string;
  deployedAt: string;
}

export interface Items<T> {
  items: T[];
}

export interface LoginResult {
  token: string;
  user: User;
}

export interface CompleteTaskResult {
  task: Task;
  /** Ids of the tasks the completion opened: the next units' work. */
  openedTasks: string[];
  /** Absent when the request repeats one already answered (same Idempotency-Key). */
  matterStatus?: MatterStatus;
}

export interface ApiErrorBody {
  error: string;
  message: string;
  errors?: ProblemDetail[];
}

/** One problem of a refused request: a diagram element, a field, or a cell of an uploaded workbook. */
export interface ProblemDetail {
  elementId?: string;
  path?: string;
  sheet?: string;
  row?: number;
  column?: string;
  message: string;
}

export type PlanKind = 'year' | 'month' | 'week';

/** An annual, monthly or weekly plan item of one responsible unit. */
export interface PlanItem {
  id: string;
  matterId: string;
  unitId: string;
  plan: PlanKind;
  title: string;
  dueDate: string;
  quantity?: number;
  achieved?: number;
  completedAt?: string;
  completedBy?: string;
  evidence?: string;
  createdBy: string;
  createdAt: string;
}

/** A leader's instruction (批示) on a matter or one of its nodes. */
export interface Instruction {
  id: number;
  matterId: string;
  elementId?: string;
  by: string;
  text: string;
  createdAt: string;
}

/** A matter the caller follows (关注). */
export interface Follow {
  id: string;
  title: string;
  status: MatterStatus;
  since: string;
}

/** A matter and its sub-matters, targets and achievements summed upwards. */
export interface RollupNode {
  id: string;
  title: string;
  status: string;
  leadUnit?: string;
  light: Light;
  target?: { indicator: string; measure: string; value: number };
  achieved?: number;
  progress?: { mark: ProgressMark; expected: number };
  subMatters: RollupNode[];
}

/** A page of an ad-hoc query and how many matters match in all. */
export interface SearchPage {
  total: number;
  limit: number;
  offset: number;
  items: (MatterSummary & { overdueDays?: number })[];
}

export type GroupBy = 'unit' | 'source' | 'type' | 'month';

export interface Tally {
  matters: number;
  running: number;
  completed: number;
  terminated: number;
  overdue: number;
  lights: Record<Light, number>;
  cards: Record<'green' | 'yellow' | 'red', number>;
}

export interface Statistics {
  groupBy: GroupBy;
  rows: (Tally & { key: string | null; label: string })[];
  totals: Tally;
}

export interface MatterImportResult {
  created: number;
  started: number;
  notStarted: { row: number; id: string; message: string }[];
}

export const UNIT_KINDS = ['province', 'city', 'county', 'township', 'department', 'branch', 'office', 'leadership'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export type UnitNode = Unit & { sort: number; children: UnitNode[] };

/** A user as the administrator manages them. */
export interface UserRecord extends User {
  active: boolean;
  createdAt: string;
}

export interface LeaderInCharge {
  username: string;
  displayName: string;
  unitIds: string[];
}

export interface OrganisationImportResult {
  units: { created: number; updated: number };
  users: { created: number; updated: number };
  leaders: { updated: number; assignments: number };
}
