import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateFeel, feelParseError, resolveValue } from './feel';
import { WorkingDays } from './working-days';

describe('feelParseError', () => {
  it.each(['a > 1', 'x.y = "z"', 'if a then 1 else 2', 'count(units) >= 3', 'for u in units return u.name', 'not(done)', '"unit-a"'])(
    'accepts %s',
    (expression) => {
      expect(feelParseError(expression)).toBeUndefined();
    },
  );

  it.each([
    ['', 'the expression is empty'],
    ['   ', 'the expression is empty'],
    ['a >', 'the expression ends too early'],
    ['amount > 10 and', 'the expression ends too early'],
    ['foo(', 'the expression ends too early'],
    [')', 'unexpected ")" at character 1'],
    ['1 +* 2', 'unexpected "*" at character 4'],
  ])('rejects %j: %s', (expression, message) => {
    expect(feelParseError(expression)).toBe(message);
  });
});

describe('evaluateFeel', () => {
  const context = { amount: 12, unit: { name: 'Water Bureau' }, units: ['a', 'b', 'c'], deadline: '2026-12-01' };

  it.each([
    ['amount > 10', true],
    ['amount * 2', 24],
    ['unit.name', 'Water Bureau'],
    ['count(units)', 3],
    ['for u in units return upper case(u)', ['A', 'B', 'C']],
    ['{total: amount, first: units[1]}', { total: 12, first: 'a' }],
    ['missing', null],
    ['missing.deeper', null],
  ])('%s → %j', (expression, expected) => {
    expect(evaluateFeel(expression, context)).toEqual(expected);
  });

  it('turns dates, times and durations into ISO strings so results stay plain JSON', () => {
    expect(evaluateFeel('duration("PT5M")', {})).toBe('PT5M');
    expect(evaluateFeel('date(deadline) + duration("P1D")', context)).toBe('2026-12-02');
    expect(evaluateFeel('date and time("2026-01-01T09:00:00+08:00")', {})).toBe('2026-01-01T09:00:00+08:00');
    expect(evaluateFeel('[date("2026-01-01")]', {})).toEqual(['2026-01-01']);
  });

  it('throws a clear error on a syntax error', () => {
    expect(() => evaluateFeel('amount >', context)).toThrow('FEEL expression `amount >` does not parse: the expression ends too early');
  });

  it('refuses results that are not values', () => {
    expect(() => evaluateFeel('[1..3]', {})).toThrow('yields a range, not a value');
    expect(() => evaluateFeel('function(a) a', {})).toThrow('yields a function, not a value');
  });
});

describe('evaluateCondition', () => {
  it.each([
    ['approved', { approved: true }, true],
    ['approved', { approved: false }, false],
    ['approved', {}, false],
    // FEEL truthiness: only `true` is true, not a truthy value.
    ['count', { count: 1 }, false],
    ['name', { name: 'x' }, false],
    ['status = "returned"', { status: 'returned' }, true],
    ['amount > 10 and unit = "a"', { amount: 11, unit: 'a' }, true],
  ])('%s with %j → %s', (expression, context, expected) => {
    expect(evaluateCondition(expression, context)).toBe(expected);
  });
});

describe('resolveValue', () => {
  it('returns a literal as written and evaluates an expression', () => {
    expect(resolveValue({ literal: 'office, leaders' }, { office: 'x' })).toBe('office, leaders');
    expect(resolveValue({ expression: 'leadUnit' }, { leadUnit: 'unit-7' })).toBe('unit-7');
  });
});

describe('the clock and the working days', () => {
  // 20:00 UTC on 17 February is already the 18th in Shanghai.
  const clock = {
    now: Date.parse('2027-02-17T20:00:00Z'),
    timeZone: 'Asia/Shanghai',
    workingDays: new WorkingDays({ holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] }),
  };

  it("reads now() and today() from the clock, in the organisation's zone", () => {
    expect(evaluateFeel('now()', {}, clock)).toBe('2027-02-18T04:00:00@Asia/Shanghai');
    expect(evaluateFeel('today()', {}, clock)).toBe('2027-02-18');
    expect(evaluateFeel('today() + duration("P3D")', {}, clock)).toBe('2027-02-21');
  });

  it('counts working days across a holiday and a make-up working day', () => {
    expect(evaluateFeel('add working days(date("2026-09-30"), 1)', {}, clock)).toBe('2026-10-08');
    expect(evaluateFeel('add working days(due, 3)', { due: '2026-09-30' }, clock)).toBe('2026-10-10');
    expect(evaluateFeel('add working days(date and time("2026-10-08T09:00:00@Asia/Shanghai"), -1)', {}, clock)).toBe('2026-09-30');
    expect(evaluateFeel('add working days("soon", 1)', {}, clock)).toBeNull();
  });

  it('leaves a variable of the same name first', () => {
    expect(evaluateFeel('today', { today: 'a variable' }, clock)).toBe('a variable');
  });
});
