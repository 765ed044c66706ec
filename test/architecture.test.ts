/**
 * What the dependency rules (.dependency-cruiser.cjs, `npm run lint:deps`) cannot see: the HTTP
 * layer builds no SQL through the context's knex, and each read-model table is written by its owner.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(path.join(ROOT, file)).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** A query built in place: `knex('table')`, `trx('table')`, `knex.raw(`, `.whereRaw(`, `knex.transaction(`. */
const QUERY = /\b(knex|trx)(<[^>]*>)?\(\s*['"`]|\b(knex|trx)\.(raw|transaction)\(|\.(where|select|orderBy)Raw\(/;

/** Statements that write a table: `<x>('table').insert|update|delete|merge`, or raw SQL that does. */
const writesTo = (source: string, table: string) =>
  new RegExp(`\\(\\s*'${table}'\\s*\\)[^;]{0,400}?\\.(insert|update|delete|increment)\\(|(insert into|update|delete from) ${table}\\b`).test(source);

describe('architecture', () => {
  it('the HTTP layer holds no SQL', () => {
    const offenders = sources('server').filter((file) => QUERY.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it.each([
    ['tasks', ['services/tasks.ts']],
    ['matters', ['services/matters.ts']],
    ['notifications', ['services/notifications.ts', 'services/notification-hub.ts']],
    ['incidents', ['services/incidents.ts']],
    ['jobs', ['services/jobs.ts']],
    ['machine_clients', ['services/machine-clients.ts']],
    ['event_subscriptions', ['services/subscriptions.ts']],
    ['decisions', ['services/decisions.ts']],
    ['forms', ['services/forms.ts']],
  ])('the %s table is written by its owner only', (table, owners) => {
    const files = ['services', 'activities', 'server', 'worker', 'runtime'].flatMap(sources);
    const writers = files.filter((file) => writesTo(read(file), table));
    expect(writers.filter((file) => !owners.includes(file))).toEqual([]);
    expect(writers.length).toBeGreaterThan(0);
  });
});
