import { describe, expect, it } from 'vitest';
import { parseForm } from './forms';

describe('parseForm', () => {
  it('reads a form-js schema as the form editor saves it', () => {
    const text = JSON.stringify({ id: 'report', type: 'default', schemaVersion: 16, components: [{ type: 'textfield', key: 'summary' }] });
    expect(parseForm(text)).toEqual({ ok: true, schema: JSON.parse(text) });
  });

  it.each([
    ['not JSON', '{ id: x', 'not JSON'],
    ['a list', '[]', 'a form is a form-js schema: a JSON object'],
    ['no id', '{"components":[]}', 'the form has no "id"'],
    ['a blank id', '{"id":" ","components":[]}', 'the form has no "id"'],
    ['no components', '{"id":"f"}', 'the form has no "components" list'],
  ])('refuses %s', (_name, text, message) => {
    const result = parseForm(text);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors[0].message).toContain(message);
  });
});
