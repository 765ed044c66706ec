import { describe, expect, it } from 'vitest';
import { fieldPathOf, splitFieldErrors } from './fieldErrors';

const planFields = ['unitId', 'plan', 'title', 'dueDate', 'quantity'];

describe('fieldPathOf', () => {
  it.each([
    ['dueDate', ['dueDate']],
    ['body/dueDate', ['dueDate']],
    ['/body/quantity', ['quantity']],
    ['/body', null],
    ['/body/evidence', null],
    ['matterId', null],
    ['', null],
    [undefined, null],
  ] as const)('%j → %j', (path, expected) => {
    expect(fieldPathOf(path, planFields)).toEqual(expected);
  });

  it('leaves out every wrapper it is given, in any order', () => {
    expect(fieldPathOf('/body/data/target.value', ['target'], ['body', 'data'])).toEqual(['target', 'value']);
    expect(fieldPathOf('/body/data/target', ['target'])).toBeNull();
  });
});

describe('splitFieldErrors', () => {
  const fieldOf = (path: string | undefined) => fieldPathOf(path, planFields);

  it('gathers the problems of each field and keeps the others apart', () => {
    expect(
      splitFieldErrors(
        [
          { path: 'unitId', message: 'finance is neither the lead unit nor a co-unit' },
          { path: 'dueDate', message: 'the due date must be within the matter' },
          { message: 'the plan item does not fit the matter' },
          { path: 'body/dueDate', message: 'must match format "date"' },
          { path: 'body/evidence', message: 'unknown' },
        ],
        fieldOf,
      ),
    ).toEqual({
      fields: [
        { name: ['unitId'], errors: ['finance is neither the lead unit nor a co-unit'] },
        { name: ['dueDate'], errors: ['the due date must be within the matter', 'must match format "date"'] },
      ],
      rest: [{ message: 'the plan item does not fit the matter' }, { path: 'body/evidence', message: 'unknown' }],
    });
  });
});
