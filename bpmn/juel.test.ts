import { describe, expect, it } from 'vitest';
import { isJuel, juelToFeel } from './juel';

describe('juelToFeel', () => {
  it.each([
    ['${name}', 'name'],
    ['#{name}', 'name'],
    ['${ matter.leadUnit }', 'matter.leadUnit'],
    ["${a == 'x'}", 'a = "x"'],
    ['${a eq "x"}', 'a = "x"'],
    ['${a != 1}', 'a != 1'],
    ['${approved && status == \'final\'}', 'approved and status = "final"'],
    ['${a or b and c}', 'a or b and c'],
    ['${(a || b) && c}', '(a or b) and c'],
    ['${!approved}', 'not(approved)'],
    ['${not (a && b)}', 'not((a and b))'],
    ['${amount > 1000 && amount <= 5000}', 'amount > 1000 and amount <= 5000'],
    ['${a ge 2}', 'a >= 2'],
    ['${score * 10 + 1}', 'score * 10 + 1'],
    ['${a - (b - c)}', 'a - (b - c)'],
    ['${-amount}', '-amount'],
    ['${true}', 'true'],
    ["${name == 'it\\'s'}", 'name = "it\'s"'],
    ['${x == null}', 'x = null'],
    // Names that are also properties of every JavaScript object.
    ['${constructor == toString}', 'constructor = toString'],
  ])('%s → %s', (juel, feel) => {
    expect(juelToFeel(juel)).toEqual({ feel });
  });

  it.each([
    ['Hello ${name}', 'must be a single ${…} expression'],
    ['${a} and ${b}', 'must be a single ${…} expression'],
    ['${execution.getVariable("x")}', 'method call `execution.getVariable(…)` has no FEEL equivalent'],
    ['${empty list}', '`empty` has no FEEL equivalent'],
    ['${a ? b : c}', '`?` is not supported'],
    ['${items[0]}', '`[` is not supported'],
    ['${a mod 2}', '`mod` has no FEEL equivalent'],
    ['${1e3}', 'exponent notation is not supported'],
    ['${a ==}', 'the expression ends too early'],
    ['${a b}', 'unexpected `b`'],
    ['${(a}', 'missing `)`'],
    ["${'open}", 'unterminated string'],
    ['${for}', '`for` is a FEEL keyword'],
    [`\${${'('.repeat(500)}a${')'.repeat(500)}}`, 'the expression nests too deeply'],
    [`\${${'!'.repeat(500)}a}`, 'the expression nests too deeply'],
  ])('refuses %s (%s)', (juel, reason) => {
    const result = juelToFeel(juel);
    expect(result).toHaveProperty('error');
    expect((result as { error: string }).error).toContain(reason);
  });

  it('tells JUEL from literal text', () => {
    expect(isJuel('${x}')).toBe(true);
    expect(isJuel('#{x}')).toBe(true);
    expect(isJuel('office, leaders')).toBe(false);
    expect(isJuel('$5 {x}')).toBe(false);
  });
});
