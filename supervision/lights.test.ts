import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDateOf } from './calendar';
import { supervisionConfig } from './config';
import { matterLight, nextLightChangeAt, nodeLight, worstLight, type Light, type SupervisedNode } from './lights';

const at = Date.parse;
const shanghai = supervisionConfig();
const utc = supervisionConfig({ timeZone: 'UTC' });

const started = at('2026-03-01T09:00:00+08:00');
const dueMarch31 = { dueDate: '2026-03-31', startedAt: started };

describe('nodeLight', () => {
  it.each<[string, SupervisedNode, string, Light]>([
    // white: not started
    ['not started, due later', { dueDate: '2026-03-31' }, '2026-03-20T10:00:00+08:00', 'white'],
    ['not started and past its due date: lights are for started nodes', { dueDate: '2026-03-31' }, '2026-04-10T10:00:00+08:00', 'white'],
    ['not started with an exception', { dueDate: '2026-03-31', openException: true }, '2026-03-20T10:00:00+08:00', 'white'],
    ['starts after now: not started yet', { dueDate: '2026-03-31', startedAt: at('2026-03-21T00:00:00+08:00') }, '2026-03-20T10:00:00+08:00', 'white'],
    // green: active and not overdue
    ['active, due tomorrow', dueMarch31, '2026-03-30T10:00:00+08:00', 'green'],
    ['active, due today at the first moment', dueMarch31, '2026-03-31T00:00:00+08:00', 'green'],
    ['active, due today at the last minute', dueMarch31, '2026-03-31T23:59:59+08:00', 'green'],
    ['active, the moment it starts', dueMarch31, '2026-03-01T09:00:00+08:00', 'green'],
    // red: active and overdue
    ['active, due yesterday, at the first moment of today', dueMarch31, '2026-04-01T00:00:00+08:00', 'red'],
    ['active, due long ago', dueMarch31, '2026-06-01T10:00:00+08:00', 'red'],
    ['active, overdue, with an exception: red wins', { ...dueMarch31, openException: true }, '2026-04-01T00:00:00+08:00', 'red'],
    // yellow: active with an open exception
    ['active, due today, report returned', { ...dueMarch31, openException: true }, '2026-03-31T12:00:00+08:00', 'yellow'],
    ['active, due next month, problem unresolved', { ...dueMarch31, openException: true }, '2026-03-02T12:00:00+08:00', 'yellow'],
    // completed: blue before, green on, red after the due date
    ['completed the day before', { ...dueMarch31, completedAt: at('2026-03-30T23:59:59+08:00') }, '2026-04-10T10:00:00+08:00', 'blue'],
    ['completed on the due date at 00:00', { ...dueMarch31, completedAt: at('2026-03-31T00:00:00+08:00') }, '2026-04-10T10:00:00+08:00', 'green'],
    ['completed on the due date at 23:59', { ...dueMarch31, completedAt: at('2026-03-31T23:59:00+08:00') }, '2026-04-10T10:00:00+08:00', 'green'],
    ['completed at 00:01 the next day: stays red', { ...dueMarch31, completedAt: at('2026-04-01T00:01:00+08:00') }, '2026-04-10T10:00:00+08:00', 'red'],
    ['completed early with a stale exception flag', { ...dueMarch31, completedAt: at('2026-03-20T10:00:00+08:00'), openException: true }, '2026-04-10T10:00:00+08:00', 'blue'],
    ['completed without a start time recorded', { dueDate: '2026-03-31', completedAt: at('2026-03-31T10:00:00+08:00') }, '2026-04-10T10:00:00+08:00', 'green'],
    ['completes after now: still active', { ...dueMarch31, completedAt: at('2026-04-02T10:00:00+08:00') }, '2026-03-30T10:00:00+08:00', 'green'],
    // due dates given as instants are read as the calendar date they fall on
    ['due instant 23:00 on the 31st, now 1 April', { dueDate: at('2026-03-31T23:00:00+08:00'), startedAt: started }, '2026-04-01T00:00:00+08:00', 'red'],
    ['due instant 20:00Z on the 31st is 1 April in Shanghai', { dueDate: at('2026-03-31T20:00:00Z'), startedAt: started }, '2026-04-01T12:00:00+08:00', 'green'],
  ])('%s', (_case, node, now, expected) => {
    expect(nodeLight(node, at(now), shanghai)).toBe(expected);
  });

  it.each<[string, SupervisedNode, string, Light, Light]>([
    ['now is 31 March in UTC but 1 April in Shanghai', dueMarch31, '2026-03-31T16:30:00Z', 'red', 'green'],
    ['completed at an instant that is 1 April only in Shanghai', { ...dueMarch31, completedAt: at('2026-03-31T16:30:00Z') }, '2026-04-02T00:00:00Z', 'red', 'green'],
    ['completed at an instant that is 30 March only in UTC', { ...dueMarch31, completedAt: at('2026-03-30T20:00:00Z') }, '2026-04-02T00:00:00Z', 'green', 'blue'],
  ])('time zones: %s', (_case, node, now, inShanghai, inUtc) => {
    expect(nodeLight(node, at(now), shanghai)).toBe(inShanghai);
    expect(nodeLight(node, at(now), utc)).toBe(inUtc);
  });
});

describe('nextLightChangeAt', () => {
  it.each<[string, SupervisedNode, string, string | undefined]>([
    ['active, due 31 March: the first moment of 1 April', dueMarch31, '2026-03-30T10:00:00+08:00', '2026-04-01T00:00:00+08:00'],
    ['active and yellow: turns red all the same', { ...dueMarch31, openException: true }, '2026-03-31T23:59:59+08:00', '2026-04-01T00:00:00+08:00'],
    ['due instant: the day after the date it falls on', { dueDate: at('2026-03-31T20:00:00Z'), startedAt: started }, '2026-03-30T10:00:00+08:00', '2026-04-02T00:00:00+08:00'],
    ['already red', dueMarch31, '2026-04-01T00:00:00+08:00', undefined],
    ['not started', { dueDate: '2026-03-31' }, '2026-03-30T10:00:00+08:00', undefined],
    ['completed', { ...dueMarch31, completedAt: at('2026-03-20T10:00:00+08:00') }, '2026-03-30T10:00:00+08:00', undefined],
  ])('%s', (_case, node, now, expected) => {
    expect(nextLightChangeAt(node, at(now), shanghai)).toBe(expected === undefined ? undefined : at(expected));
  });

  it('follows the zone across a daylight-saving change', () => {
    const newYork = supervisionConfig({ timeZone: 'America/New_York' });
    const node = { dueDate: '2026-03-08', startedAt: at('2026-03-01T09:00:00-05:00') };
    expect(nextLightChangeAt(node, at('2026-03-02T09:00:00-05:00'), newYork)).toBe(at('2026-03-09T00:00:00-04:00'));
  });

  it('is the instant an untouched active node turns red, in any zone', () => {
    const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (timeZone, startedAt, daysToDue, openException) => {
          const config = supervisionConfig({ timeZone });
          const node = { dueDate: addDays(localDateOf(startedAt, timeZone), daysToDue), startedAt, openException };
          const change = nextLightChangeAt(node, startedAt, config);
          expect(change).toBeDefined();
          expect(nodeLight(node, (change as number) - 1, config)).toBe(openException ? 'yellow' : 'green');
          expect(nodeLight(node, change as number, config)).toBe('red');
          expect(nextLightChangeAt(node, change as number, config)).toBeUndefined();
        },
      ),
    );
  });
});

describe('worstLight', () => {
  it.each<[Light[], Light]>([
    [[], 'white'],
    [['white', 'white'], 'white'],
    [['blue'], 'blue'],
    [['white', 'blue'], 'blue'],
    [['blue', 'green', 'blue'], 'green'],
    [['green', 'yellow', 'blue'], 'yellow'],
    [['yellow', 'red', 'green'], 'red'],
    [['red', 'white'], 'red'],
  ])('%j → %s', (lights, expected) => {
    expect(worstLight(lights)).toBe(expected);
  });
});

describe('matterLight', () => {
  const now = at('2026-04-10T10:00:00+08:00');
  const blue = { dueDate: '2026-03-31', startedAt: started, completedAt: at('2026-03-20T10:00:00+08:00') };
  const green = { dueDate: '2026-04-30', startedAt: started };
  const red = { dueDate: '2026-03-31', startedAt: started };
  const white = { dueDate: '2026-05-31' };

  it.each([
    ['no nodes', { nodes: [] }, 'white'],
    ['no node started', { nodes: [white, white] }, 'white'],
    ['only blue among the started', { nodes: [blue, white] }, 'blue'],
    ['green beats blue', { nodes: [blue, green] }, 'green'],
    ['red beats everything', { nodes: [blue, green, red] }, 'red'],
    ['a red sub-matter makes the parent red', { nodes: [blue], subMatters: [{ nodes: [green] }, { nodes: [red] }] }, 'red'],
    ['a sub-matter not started does not dim the parent', { nodes: [blue], subMatters: [{ nodes: [white] }] }, 'blue'],
    ['nested two levels down', { nodes: [], subMatters: [{ nodes: [blue], subMatters: [{ nodes: [green] }] }] }, 'green'],
    ['only sub-matters, none started', { nodes: [], subMatters: [{ nodes: [white] }] }, 'white'],
  ])('%s', (_case, matter, expected) => {
    expect(matterLight(matter, now, shanghai)).toBe(expected);
  });
});
