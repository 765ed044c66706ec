/** The DMN editor's new decision (web/src/pages/Decisions/template.ts) is one the server deploys as it is: a designer starts from no refusal. */
import { describe, expect, it } from 'vitest';
import { parseDmn } from '../bpmn/dmn';
import { newDecisionId, newDecisionXml } from '../web/src/pages/Decisions/template';

describe('the new decision template', () => {
  it('parses as one decision table of the id given, with no error or warning', async () => {
    const result = await parseDmn(newDecisionXml('Decision_routing'));
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (!result.ok) return;
    expect(Object.keys(result.requirements.decisions)).toEqual(['Decision_routing']);
  });

  it('takes a fresh id each time', () => {
    expect(newDecisionId()).toMatch(/^Decision_[a-z0-9]+$/);
    expect(newDecisionId()).not.toBe(newDecisionId());
  });
});
