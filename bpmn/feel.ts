/**
 * FEEL for the compiler (parse checks) and the interpreter workflow (evaluation).
 * Runs inside the Temporal workflow sandbox: pure, deterministic, no I/O. Given a clock, `now()`
 * and `today()` read it (business time in the organisation's zone, a drill's included); without,
 * feelin's read the sandbox's deterministic clock in UTC.
 */
import { evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction, isRange, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { Temporal } from 'temporal-polyfill';
import type { ValueSource } from './graph';
import type { WorkingDays } from './working-days';

/**
 * Why the expression does not parse, or undefined when it does. `unaryTests` reads it as the
 * unary tests of a decision table's input entry (`> 5`, `"a","b"`, `[1..10]`, `-`).
 */
export function feelParseError(expression: string, grammar: 'expression' | 'unaryTests' = 'expression'): string | undefined {
  if (expression.trim() === '') return 'the expression is empty';
  let error: { from: number; to: number } | undefined;
  (grammar === 'unaryTests' ? parseUnaryTests : parseExpression)(expression, {}, undefined).iterate({
    enter(node) {
      if (error) return false;
      if (node.type.isError) error = { from: node.from, to: node.to };
      return undefined;
    },
  });
  if (!error) return undefined;
  // lezer marks a missing token with an empty error node: report what stands there instead.
  const at = error.from === error.to ? nextTokenStart(expression, error.from) : error.from;
  if (at >= expression.length) return 'the expression ends too early';
  const token = (error.from === error.to ? expression.slice(at).split(/\s/)[0] : expression.slice(at, error.to)).slice(0, 20);
  return `unexpected "${token}" at character ${at + 1}`;
}

/**
 * Evaluates a FEEL expression against the variables. The result is plain JSON: dates,
 * times and durations become their ISO strings. Missing variables yield null as FEEL
 * specifies; a syntax error or a function or range result throws.
 */
export function evaluateFeel(expression: string, context: Record<string, unknown>, clock?: FeelClock): unknown {
  return toPlainValue(evaluateFeelValue(expression, context, clock), expression);
}

/**
 * Evaluates a FEEL expression to feelin's own value: dates stay FEEL dates, so a decision table
 * can test its inputs with them. Throws as evaluateFeel does.
 */
export function evaluateFeelValue(expression: string, context: Record<string, unknown>, clock?: FeelClock): unknown {
  try {
    return evaluate(expression, withClock(context, clock)).value;
  } catch (error) {
    throw feelFailure(expression, 'expression', error);
  }
}

/**
 * Whether `input` passes the unary tests (a decision table's input entry): `-` passes anything,
 * a test that cannot compare (null) does not pass. A syntax error throws.
 */
export function evaluateUnaryTests(tests: string, input: unknown, context: Record<string, unknown>, clock?: FeelClock): boolean {
  if (tests.trim() === '' || tests.trim() === '-') return true;
  try {
    return unaryTest(tests, { ...withClock(context, clock), '?': input }).value === true;
  } catch (error) {
    throw feelFailure(tests, 'unaryTests', error);
  }
}

function withClock(context: Record<string, unknown>, clock: FeelClock | undefined): Record<string, unknown> {
  return clock ? { ...clockFunctions(clock), ...context } : context;
}

function feelFailure(expression: string, grammar: 'expression' | 'unaryTests', error: unknown): Error {
  const what = grammar === 'expression' ? 'FEEL expression' : 'FEEL unary tests';
  const parseError = feelParseError(expression, grammar);
  if (parseError) return new Error(`${what} \`${expression}\` does not parse: ${parseError}`, { cause: error });
  return new Error(`${what} \`${expression}\` failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}


/** FEEL truthiness: only `true` is true; false, null and any other value are false. */
export function evaluateCondition(expression: string, context: Record<string, unknown>, clock?: FeelClock): boolean {
  return evaluateFeel(expression, context, clock) === true;
}

/**
 * What `now()` and `today()` read: an instant (epoch ms) and the zone whose calendar it is read in;
 * with working days, `add working days(date, n)` counts on them.
 */
export interface FeelClock {
  now: number;
  timeZone: string;
  workingDays?: WorkingDays;
}

/** now(), today() and add working days() on the clock; a process variable of the same name still comes first. */
function clockFunctions(clock: FeelClock) {
  const zoned = () => Temporal.Instant.fromEpochMilliseconds(clock.now).toZonedDateTimeISO(clock.timeZone);
  const { workingDays } = clock;
  return {
    now: () => new FeelDateTime(zoned().toPlainDateTime(), clock.timeZone),
    today: () => new FeelDate(zoned().toPlainDate()),
    ...(workingDays && {
      'add working days': (date: unknown, n: unknown) => {
        const day = calendarDateOf(date);
        if (day === undefined || typeof n !== 'number' || !Number.isInteger(n)) return null;
        return new FeelDate(Temporal.PlainDate.from(workingDays.add(day, n)));
      },
    }),
  };
}

/** The calendar date of a FEEL date, date and time, or ISO text; undefined for anything else. */
function calendarDateOf(value: unknown): string | undefined {
  const text = value instanceof FeelDate || value instanceof FeelDateTime ? value.iso : typeof value === 'string' ? value : undefined;
  const date = text?.slice(0, 10);
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

export function resolveValue(source: ValueSource, context: Record<string, unknown>): unknown {
  return 'literal' in source ? source.literal : evaluateFeel(source.expression, context);
}

/** A FEEL value as plain JSON: dates, times and durations as ISO text; a function or range throws. */
export function toPlainValue(value: unknown, expression: string): unknown {
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime || value instanceof FeelDuration) {
    return value.toString();
  }
  if (isFunction(value) || isRange(value)) {
    throw new Error(`FEEL expression \`${expression}\` yields a ${isRange(value) ? 'range' : 'function'}, not a value`);
  }
  if (Array.isArray(value)) return value.map((item) => toPlainValue(item, expression));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toPlainValue(entry, expression)]));
  }
  return value;
}

function nextTokenStart(text: string, from: number): number {
  let at = from;
  while (at < text.length && /\s/.test(text[at])) at++;
  return at;
}
