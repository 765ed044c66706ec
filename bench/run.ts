/**
 * `npm run bench`: the figures the project watches, measured on this machine.
 *   1. compiling a 500-element diagram;
 *   2. the pure interpreter: one task per unit for 1,000 units, all completed;
 *   3. the real stack (Temporal dev server + PostgreSQL): matters started and moved through the
 *      inboxes concurrently, and the inbox and list latencies with them all in place;
 *   4. Excel imports, the largest allowed and hostile ones, with the event loop's delay and the
 *      health check's latency meanwhile (bench/import-load.ts).
 * It starts its own Temporal and database (TEST_DATABASE_URL's server when set, else embedded),
 * talks to 127.0.0.1 only, and stops by itself. BENCH_MATTERS sets the matters in step 3 (default 200).
 */
import { performance } from 'node:perf_hooks';
import { compileBpmn } from '../bpmn/compile';
import { startTemporal } from '../infra/temporal-server';
import { diagram, end, flows, start, userTask } from '../test/support/bpmn';
import { migratedDatabase } from '../test/support/scratch-database';
import { startStack } from '../test/support/stack';
import { Engine } from '../workflows/engine/engine';
import { importLoadBench } from './import-load';

const rows: Array<[string, string]> = [];
const record = (what: string, value: string) => {
  rows.push([what, value]);
  console.log(`${what}: ${value}`);
};
const ms = (t: number) => `${t.toFixed(1)} ms`;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function compileBench() {
  const tasks = Array.from({ length: 498 }, (_, i) => `t${i}`);
  const xml = diagram('big', [start(), ...tasks.map((t) => userTask(t, 'office')), end(), flows(['start', ...tasks, 'end'].map((id, i, all) => (i ? `${all[i - 1]} -> ${id}` : '')).filter(Boolean).join('\n'))].join('\n'));
  await compileBpmn(xml); // warm-up
  const t0 = performance.now();
  const result = await compileBpmn(xml);
  if (!result.ok) throw new Error('bench diagram does not compile');
  record('compile 500 elements', ms(performance.now() - t0));
}

async function engineBench() {
  const xml = diagram(
    'fan-out',
    [
      start(),
      userTask('report', '=unit', '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=units" inputElement="unit"/></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>'),
      end(),
      flows('start -> report\nreport -> end'),
    ].join('\n'),
  );
  const compiled = await compileBpmn(xml);
  if (!compiled.ok) throw new Error('bench diagram does not compile');
  const units = Array.from({ length: 1000 }, (_, i) => `unit-${i}`);
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = new Engine(compiled.graph, 'bench');
  engine.start({ units }, 0);
  const opened = performance.now() - t0;
  const stateBytes = JSON.stringify(engine.state).length;
  const t1 = performance.now();
  for (const task of engine.openTasks()) engine.handle({ type: 'taskCompleted', taskId: task.id, variables: {}, by: 'bench' }, 1);
  const completed = performance.now() - t1;
  if (engine.state.status !== 'completed') throw new Error('the fan-out did not complete');
  record('engine: open 1,000 unit tasks', ms(opened));
  record('engine: complete 1,000 unit tasks', `${ms(completed)} (${((1000 / completed) * 1000).toFixed(0)} completions/s)`);
  record('engine: state with 1,000 open tasks', `${(stateBytes / 1024).toFixed(0)} KiB JSON`);
  record('engine: heap growth', `${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1)} MiB`);
}

async function stackBench() {
  const matters = Number(process.env.BENCH_MATTERS ?? 200);
  const temporal = await startTemporal({});
  const database = await migratedDatabase();
  const stack = await startStack({ temporalAddress: temporal.address, temporalNamespace: temporal.namespace, databaseUrl: database.url });
  try {
    const supervisor = await stack.login('supervisor');
    const fagai = await stack.login('fagai');
    const call = (token: string, options: Parameters<typeof stack.call>[1]) => stack.call(token, options);

    const t0 = performance.now();
    const starts: number[] = [];
    const ids = await inBatches(matters, 20, async (i) => {
      const s = performance.now();
      const res = await call(supervisor, { method: 'POST', url: '/api/matters', payload: { processKey: 'supervision-basic', title: `bench ${i}`, variables: { leadUnit: 'dev-reform' } } });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      starts.push(performance.now() - s);
      return res.body.id as string;
    });
    const startSeconds = (performance.now() - t0) / 1000;
    record(`start ${matters} matters (20 at a time)`, `${(matters / startSeconds).toFixed(1)} matters/s; p50 ${ms(percentile(starts, 50))}, p95 ${ms(percentile(starts, 95))} to first task in the inbox`);

    const inbox = await call(supervisor, { method: 'GET', url: '/api/tasks' });
    const distribute = (inbox.body.items as Array<{ id: string; matterId: string }>).filter((t) => ids.includes(t.matterId));
    const completes: number[] = [];
    const t1 = performance.now();
    await inBatches(distribute.length, 20, async (i) => {
      const s = performance.now();
      const res = await call(supervisor, { method: 'POST', url: `/api/tasks/${distribute[i].id}/complete`, payload: { variables: {} } });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      completes.push(performance.now() - s);
    });
    record(
      `complete ${distribute.length} tasks (20 at a time)`,
      `${(distribute.length / ((performance.now() - t1) / 1000)).toFixed(1)} tasks/s; p50 ${ms(percentile(completes, 50))}, p95 ${ms(percentile(completes, 95))} until the next unit's task is in its inbox`,
    );

    for (const [what, token, url] of [
      [`unit inbox with ${matters} open tasks`, fagai, '/api/tasks'],
      ['matters list (with lights)', supervisor, '/api/matters?limit=1000'],
      ['ranking board (month)', supervisor, '/api/board?period=month'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const s = performance.now();
        const res = await call(token, { method: 'GET', url });
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        times.push(performance.now() - s);
      }
      record(what, `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`);
    }
    record('server heap after the run', `${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
    await importLoadBench(stack, record);
  } finally {
    await stack.close();
    await temporal.stop();
    await database.stop();
  }
}

async function inBatches<T>(count: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await fn(i);
      }
    }),
  );
  return results;
}

async function main() {
  await compileBench();
  await engineBench();
  await stackBench();
  console.log('\n| measure | result |\n|---|---|');
  for (const [what, value] of rows) console.log(`| ${what} | ${value} |`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
