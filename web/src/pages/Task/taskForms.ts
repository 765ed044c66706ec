import { mayWorkOn as engineMayWorkOn } from '../../../../workflows/engine/tasks';
import type { Task, User, Variables } from '../../api/types';

/** Whether the user may work on the task: the engine's own rule, so the UI offers what the server allows. */
export function mayWorkOn(task: Pick<Task, 'assignee' | 'candidateUnits' | 'candidateUsers'>, user: Pick<User, 'username' | 'unitId'>): boolean {
  return engineMayWorkOn(
    { assignee: task.assignee, candidateUnits: task.candidateUnits, candidateUsers: task.candidateUsers ?? [] },
    { username: user.username, unitId: user.unitId },
  );
}

/**
 * The forms of the supervision flow's user tasks, chosen by the task's form key; `generic` edits
 * free variables for any other task.
 */
export type TaskFormKind = 'sign' | 'reassign' | 'report' | 'review' | 'final-report' | 'extension' | 'verify' | 'generic';

/** The forms whose answer is a yes or a no, with a reason required for the no. */
export type DecisionFormKind = 'sign' | 'review' | 'extension' | 'verify';

const formKinds: readonly TaskFormKind[] = ['sign', 'reassign', 'report', 'review', 'final-report', 'extension', 'verify'];

export function isDecisionForm(kind: TaskFormKind): kind is DecisionFormKind {
  return kind === 'sign' || kind === 'review' || kind === 'extension' || kind === 'verify';
}

/**
 * Which form a task gets. A form key the flow names wins; a diagram without form keys still gets
 * the review form for a task that looks like one (审核 / 审批 in its name, review in its id).
 */
export function taskFormKind(task: Pick<Task, 'formKey' | 'name' | 'elementId'>): TaskFormKind {
  const known = formKinds.find((kind) => kind === task.formKey);
  if (known) return known;
  if (task.formKey) return /review|approv|审核|审批/i.test(task.formKey) ? 'review' : 'generic';
  return /审核|审批/.test(task.name ?? '') || /review|approv/i.test(task.elementId) ? 'review' : 'generic';
}

/** What the task forms collect; each form fills in its own part. */
export interface TaskFormValues {
  decision?: 'approve' | 'return';
  /** The reason for a no: a return, a refusal or what to rectify. */
  comment?: string;
  /** reassign: the unit the matter goes to next. */
  unit?: string;
  /** report, final-report: the unit's words, and the quantity reached toward the target. */
  progress?: string;
  achieved?: number | null;
  /** extension: the deadline granted, YYYY-MM-DD. */
  unitDeadline?: string;
  /** generic: free variables. */
  entries?: { key: string; value?: string }[];
}

/** A typed value when the text is JSON (12, true, "x", [..]), otherwise the text itself. */
export function parseValue(raw: string | undefined): unknown {
  const trimmed = raw?.trim() ?? '';
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed);
  } catch {
    return raw;
  }
}

/** The variables a completed form sends, named as the supervision flow's conditions read them. */
export function taskVariables(kind: TaskFormKind, form: TaskFormValues): Variables {
  const comment = form.comment?.trim();
  const approve = form.decision === 'approve';
  switch (kind) {
    case 'sign':
      return approve ? { returned: false } : { returned: true, returnReason: comment };
    case 'review':
      return approve ? { approved: true } : { approved: false, comment };
    case 'extension':
      return approve ? { approved: true, unitDeadline: form.unitDeadline } : { approved: false, comment };
    case 'verify':
      return approve ? { verified: true } : { verified: false, comment };
    case 'reassign':
      return comment ? { unit: form.unit, comment } : { unit: form.unit };
    case 'report':
    case 'final-report': {
      const variables: Variables = { progress: form.progress?.trim() };
      if (typeof form.achieved === 'number') variables.achieved = form.achieved;
      return variables;
    }
    case 'generic': {
      const variables: Variables = {};
      for (const entry of form.entries ?? []) {
        if (entry.key.trim()) variables[entry.key.trim()] = parseValue(entry.value);
      }
      if (comment) variables.comment = comment;
      return variables;
    }
  }
}
