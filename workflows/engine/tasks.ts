import type { TaskState } from './state';

/** Who works on a human task: its assignee alone once it has one, else any user of a candidate unit or a candidate user. */
export interface Actor {
  username: string;
  unitId: string;
}

export function mayWorkOn(task: Pick<TaskState, 'assignee' | 'candidateUnits' | 'candidateUsers'>, actor: Actor): boolean {
  if (task.assignee) return task.assignee === actor.username;
  return task.candidateUnits.includes(actor.unitId) || task.candidateUsers.includes(actor.username);
}
