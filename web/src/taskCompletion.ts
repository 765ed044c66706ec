import type { Task, Variables } from './api/types';

/** What the completion form collects: a review decision or free variables, and an optional comment. */
export interface CompletionForm {
  decision?: 'approve' | 'return';
  comment?: string;
  entries?: { key: string; value?: string }[];
}

/** A review task (审核) asks for approve or return; its diagram marks it by form key or by name. */
export function isReviewTask(task: Pick<Task, 'formKey' | 'name' | 'elementId'>): boolean {
  if (task.formKey) return /review|approv|审核|审批/i.test(task.formKey);
  return /审核|审批/.test(task.name ?? '') || /review|approv/i.test(task.elementId);
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

/** The variables sent with the completion: `approved` for a review, the edited entries otherwise, and `comment` when given. */
export function completionVariables(form: CompletionForm, review: boolean): Variables {
  const variables: Variables = {};
  if (review) {
    variables.approved = form.decision === 'approve';
  } else {
    for (const entry of form.entries ?? []) {
      if (entry.key.trim()) variables[entry.key.trim()] = parseValue(entry.value);
    }
  }
  const comment = form.comment?.trim();
  if (comment) variables.comment = comment;
  return variables;
}
