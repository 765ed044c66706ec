/** Leaders' instructions (批示) on a matter or one of its nodes, and following (关注) matters: owner of `instructions` and `matter_followers`. */
import type { Knex } from 'knex';
import type { User } from '../supervision/access';
import type { MatterRow } from './matters';
import { notify } from './notifications';
import { unitsTaskedIn } from './tasks';

export interface InstructionRow {
  id: number;
  matter_id: string;
  element_id: string | null;
  by: string;
  text: string;
  created_at: Date;
}

export function instructionView(row: InstructionRow) {
  return { id: row.id, matterId: row.matter_id, elementId: row.element_id ?? undefined, by: row.by, text: row.text, createdAt: row.created_at.toISOString() };
}

/** Records an instruction and delivers it to the units responsible: those named on the matter and those holding its tasks. */
export async function addInstruction(knex: Knex, matter: MatterRow, instruction: { text: string; elementId?: string }, user: User) {
  const { text, elementId } = instruction;
  const row = await knex.transaction(async (trx) => {
    const [row] = await trx<InstructionRow>('instructions').insert({ matter_id: matter.id, element_id: elementId ?? null, by: user.username, text }).returning('*');
    const units = [...new Set([matter.lead_unit, ...(matter.co_units ?? []), ...(await unitsTaskedIn(trx, matter.id))].filter(Boolean))] as string[];
    await notify(trx, [{ unitIds: units, matterId: matter.id, elementId, kind: 'instruction', message: `领导批示：${text}`, dedupeKey: `instruction:${row.id}` }]);
    return row;
  });
  return instructionView(row);
}

export async function matterInstructions(knex: Knex, matterId: string): Promise<InstructionRow[]> {
  return knex<InstructionRow>('instructions').where({ matter_id: matterId }).orderBy('id');
}

export async function follow(knex: Knex, matterId: string, user: User): Promise<void> {
  await knex('matter_followers').insert({ matter_id: matterId, username: user.username }).onConflict(['matter_id', 'username']).ignore();
}

export async function unfollow(knex: Knex, matterId: string, user: User): Promise<void> {
  await knex('matter_followers').where({ matter_id: matterId, username: user.username }).delete();
}

/** The matters the user follows, with when they began to. */
export async function followed(knex: Knex, user: User) {
  const rows = await knex('matter_followers as f').join('matters as m', 'm.id', 'f.matter_id').where('f.username', user.username).select('m.id', 'm.title', 'm.status', 'f.since');
  return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, since: r.since.toISOString() }));
}
