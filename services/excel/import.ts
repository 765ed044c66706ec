/**
 * The import of a matters workbook, all or nothing: the rows read and checked (parse.ts) against the
 * organisation and processes as they stand, every matter registered in one transaction or, with every
 * error listed, none; then each one started.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { User } from '../../supervision/access';
import { clockNow } from '../clock';
import { listDefinitions } from '../definitions';
import { invalidInput } from '../errors';
import { type MatterDraft, dataQualityContext, flowVariables, insertDrafts, startMatter } from '../matters';
import { workingDays } from '../work-calendar';
import { type ImportReference, YIELD_EVERY, readMatterWorkbook } from './parse';
import { openWorkbook } from './stream';
import type { TemporalContext } from '../context';

/** The organisation, processes and rules' context as they stand. */
export async function importReference(knex: Knex, now: number): Promise<ImportReference> {
  const [units, leaders, definitions, quality] = await Promise.all([
    knex('units').orderBy([{ column: 'sort' }, { column: 'id' }]).select('id', 'name'),
    knex('users').where({ role: 'leader' }).orderBy('username').select('username as id', 'display_name as name'),
    listDefinitions(knex),
    dataQualityContext(knex, now),
  ]);
  return { units, leaders, processes: new Map(definitions.map((d) => [d.key, d])), quality };
}

export interface ImportResult {
  created: number;
  /** The new matters' ids, in the order of their rows. */
  ids: string[];
  started: number;
  /** Matters registered but not started (the workflow service refused): they stay drafts to start later. */
  notStarted: Array<{ row: number; id: string; message: string }>;
}

/** How many workflows start at once: each start waits for the matter's first tasks. */
const START_CONCURRENCY = 4;

/**
 * Imports a workbook: every row checked, then every matter registered in one transaction (or, with
 * a 400 listing every error, none); then, unless `draft`, each one started.
 */
export async function importMatters(
  knex: Knex,
  temporal: TemporalContext,
  file: Buffer,
  user: User,
  options: { draft: boolean },
): Promise<ImportResult> {
  const workbook = await openWorkbook(file);
  const ref = await importReference(knex, clockNow(temporal.drill));
  const result = await readMatterWorkbook(workbook, ref);
  if (!result.ok) {
    const count = result.errors.length;
    throw invalidInput(`the workbook has ${count} error${count === 1 ? '' : 's'}; nothing was imported`, result.errors);
  }

  const calendar = await workingDays(knex);
  const drafts: Array<MatterDraft & { row: number }> = [];
  for (const m of result.matters) {
    // The flow's variables read the calendar (time zones): a thousand of them at once would hold the loop.
    if (drafts.length % YIELD_EVERY === 0) await yieldToLoop();
    drafts.push({
      id: randomUUID(),
      row: m.row,
      definition: ref.processes.get(m.processKey)!,
      title: m.data.title,
      data: m.data,
      variables: flowVariables(m.data, calendar),
      audit: { importedFromRow: m.row },
    });
  }
  await knex.transaction((trx) => insertDrafts(trx, drafts, user));

  const notStarted: ImportResult['notStarted'] = [];
  if (!options.draft) {
    let next = 0;
    const startNext = async (): Promise<void> => {
      while (next < drafts.length) {
        const draft = drafts[next++];
        try {
          await startMatter(knex, temporal, draft.id, user);
        } catch (err) {
          notStarted.push({ row: draft.row, id: draft.id, message: (err as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, drafts.length) }, startNext));
    notStarted.sort((a, b) => a.row - b.row);
  }
  return {
    created: drafts.length,
    ids: drafts.map((d) => d.id),
    started: options.draft ? 0 : drafts.length - notStarted.length,
    notStarted,
  };
}
