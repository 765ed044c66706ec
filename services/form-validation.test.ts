import { describe, expect, it } from 'vitest';
import { validateFormData } from './form-validation';

const form = (...components: object[]) => ({ id: 'f', components });
const fields = (problems: { field?: string }[]) => problems.map((p) => p.field);

describe('validateFormData', () => {
  it('refuses a required field that is missing, blank, an empty list or an unchecked box', () => {
    const schema = form(
      { type: 'textfield', key: 'summary', label: '摘要', validate: { required: true } },
      { type: 'checklist', key: 'units', values: [{ value: 'a' }], validate: { required: true } },
      { type: 'checkbox', key: 'agreed', validate: { required: true } },
      { type: 'number', key: 'count', validate: { required: true } },
    );
    const problems = validateFormData(schema, { summary: '', units: [], agreed: false });
    expect(problems).toEqual([
      { field: 'summary', message: '摘要 is required' },
      { field: 'units', message: 'units is required' },
      { field: 'agreed', message: 'agreed is required' },
      { field: 'count', message: 'count is required' },
    ]);
    expect(validateFormData(schema, { summary: 'x', units: ['a'], agreed: true, count: 0 })).toEqual([]);
  });

  it('lets an optional field be missing or empty', () => {
    const schema = form({ type: 'number', key: 'n', validate: { min: 3 } }, { type: 'textfield', key: 't', validate: { minLength: 2 } });
    expect(validateFormData(schema, { t: '' })).toEqual([]);
    expect(validateFormData(schema, { n: null })).toEqual([]);
  });

  it.each([
    ['a number field', { type: 'number', key: 'v' }, '3', 3],
    ['a number field serialised to text', { type: 'number', key: 'v', serializeToString: true }, 'three', '3.5'],
    ['a checkbox', { type: 'checkbox', key: 'v' }, 'true', true],
    ['a checklist', { type: 'checklist', key: 'v' }, 'a', ['a']],
    ['a taglist', { type: 'taglist', key: 'v' }, { a: 1 }, ['x', 'y']],
    ['a text field', { type: 'textfield', key: 'v' }, 12, 'twelve'],
    ['a date', { type: 'datetime', key: 'v', subtype: 'date' }, '2026/01/02', '2026-01-02'],
    ['a time', { type: 'datetime', key: 'v', subtype: 'time' }, '9 o’clock', '09:30+08:00'],
    ['a date and time', { type: 'datetime', key: 'v', subtype: 'datetime' }, '2026-01-02', '2026-01-02T09:30Z'],
  ])('checks the type of %s', (_name, field, bad, good) => {
    expect(fields(validateFormData(form(field), { v: bad }))).toEqual(['v']);
    expect(validateFormData(form(field), { v: good })).toEqual([]);
  });

  it('keeps choices among their static values, and trusts values from a variable', () => {
    const values = [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }];
    const schema = form(
      { type: 'select', key: 's', values },
      { type: 'radio', key: 'r', values },
      { type: 'checklist', key: 'c', values },
      { type: 'select', key: 'dynamic', valuesKey: 'options' },
    );
    expect(fields(validateFormData(schema, { s: 'z', r: 'a', c: ['a', 'z'], dynamic: 'anything' }))).toEqual(['s', 'c']);
    expect(validateFormData(schema, { s: 'b', r: 'a', c: ['a', 'b'], dynamic: 'anything' })).toEqual([]);
  });

  it('applies min, max, minLength, maxLength, pattern and the email type', () => {
    const schema = form(
      { type: 'number', key: 'n', validate: { min: 1, max: 10 } },
      { type: 'textarea', key: 't', validate: { minLength: 2, maxLength: 4 } },
      { type: 'textfield', key: 'code', validate: { pattern: '^[A-Z]{3}$' } },
      { type: 'textfield', key: 'mail', validate: { validationType: 'email' } },
    );
    expect(validateFormData(schema, { n: 0, t: 'a', code: 'abc', mail: 'nobody' }).map((p) => p.message)).toEqual([
      'n must be at least 1',
      't must be at least 2 characters',
      'code must match the pattern ^[A-Z]{3}$',
      'mail must be an email address',
    ]);
    expect(fields(validateFormData(schema, { n: 11, t: 'abcde' }))).toEqual(['n', 't']);
    expect(validateFormData(schema, { n: 10, t: 'abcd', code: 'ABC', mail: 'a.b@example.cn' })).toEqual([]);
  });

  it('reads a limit written in FEEL from the data', () => {
    const schema = form({ type: 'number', key: 'achieved', validate: { max: '=target' } });
    expect(fields(validateFormData(schema, { achieved: 12 }, { target: 10 }))).toEqual(['achieved']);
    expect(validateFormData(schema, { achieved: 8 }, { target: 10 })).toEqual([]);
  });

  it('does not require a field its condition hides, evaluated in FEEL on the submitted data over the variables', () => {
    const schema = form(
      { type: 'radio', key: 'decision', values: [{ value: 'approve' }, { value: 'return' }], validate: { required: true } },
      { type: 'textarea', key: 'comment', conditional: { hide: '=decision != "return"' }, validate: { required: true } },
      { type: 'textfield', key: 'note', conditional: { hide: '=kind = "quiet"' }, validate: { required: true } },
    );
    expect(fields(validateFormData(schema, { decision: 'approve' }, { kind: 'quiet' }))).toEqual([]);
    expect(fields(validateFormData(schema, { decision: 'return' }, { kind: 'quiet' }))).toEqual(['comment']);
    expect(fields(validateFormData(schema, { decision: 'return', comment: '退回', note: 'n' }))).toEqual([]);
  });

  it('checks a field whose hide expression fails as shown', () => {
    const schema = form({ type: 'textfield', key: 't', conditional: { hide: '=(' }, validate: { required: true } });
    expect(fields(validateFormData(schema, {}))).toEqual(['t']);
  });

  it('skips disabled and read-only fields and those that show no value', () => {
    const schema = form(
      { type: 'textfield', key: 'caseNo', disabled: true, validate: { required: true } },
      { type: 'textfield', key: 'ro', readonly: '=true', validate: { required: true } },
      { type: 'text', text: '# title' },
      { type: 'button', key: 'submit', action: 'submit' },
    );
    expect(validateFormData(schema, {})).toEqual([]);
  });

  it('finds fields in groups (under their path) and in each item of a dynamic list', () => {
    const schema = form(
      { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'city', validate: { required: true } }] },
      { type: 'group', components: [{ type: 'textfield', key: 'flat', validate: { required: true } }] },
      { type: 'textfield', key: 'contact.phone', validate: { required: true } },
      { type: 'dynamiclist', path: 'items', components: [{ type: 'number', key: 'amount', validate: { required: true } }] },
    );
    expect(fields(validateFormData(schema, { items: [{ amount: 1 }, {}] }))).toEqual(['address.city', 'flat', 'contact.phone', 'items[1].amount']);
    expect(validateFormData(schema, { address: { city: 'x' }, flat: 'y', contact: { phone: '1' }, items: [{ amount: 1 }] })).toEqual([]);
  });
});
