/** The JSON shapes of the duban HTTP API, as the UI reads them. */

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
}

export type Variables = Record<string, unknown>;

export interface TaskWithVariables extends Task {
  variables: Variables;
}

export type MatterStatus = 'running' | 'completed' | 'terminated' | 'failed';

export interface MatterSummary {
  id: string;
  title: string;
  processKey: string;
  processVersion: number;
  status: MatterStatus;
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
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

export interface Matter {
  id: string;
  title: string;
  processKey: string;
  processVersion: number;
  status: MatterStatus;
  variables: Variables;
  activeElements: ActiveElement[];
  completedElements: CompletedElement[];
  openTasks: Task[];
  createdAt: string;
  endedAt?: string;
  /** Why a failed matter stopped, and where. */
  failure?: { message: string; elementId?: string };
  /** Set when the workflow could not answer and this is the last state it recorded. */
  stale?: boolean;
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
  errors?: { elementId?: string; path?: string; message: string }[];
}
