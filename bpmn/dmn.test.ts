import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecisionEvaluationError, type DecisionRequirements, evaluateDecision, parseDmn } from './dmn';

const DMN_NS = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/** A DMN file around the decisions' XML. */
const dmn = (decisions: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${DMN_NS}" id="defs" name="Test" namespace="http://camunda.org/schema/1.0/dmn">${decisions}</definitions>`;

interface TableSpec {
  hitPolicy?: string;
  aggregation?: string;
  inputs: string[];
  outputs: Array<{ name: string; values?: string }>;
  /** Per rule: input entries, then output entries. */
  rules: Array<[string[], string[]]>;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function table(id: string, spec: TableSpec): string {
  const attributes = `${spec.hitPolicy ? ` hitPolicy="${spec.hitPolicy}"` : ''}${spec.aggregation ? ` aggregation="${spec.aggregation}"` : ''}`;
  const inputs = spec.inputs.map((expression, i) => `<input id="${id}_in${i + 1}" label="${escape(expression)}"><inputExpression id="${id}_ie${i + 1}"><text>${escape(expression)}</text></inputExpression></input>`);
  const outputs = spec.outputs.map(
    (output, i) => `<output id="${id}_out${i + 1}" name="${output.name}">${output.values ? `<outputValues id="${id}_ov${i + 1}"><text>${escape(output.values)}</text></outputValues>` : ''}</output>`,
  );
  const rules = spec.rules.map(
    ([ins, outs], r) =>
      `<rule id="${id}_r${r + 1}">${ins.map((entry) => `<inputEntry><text>${escape(entry)}</text></inputEntry>`).join('')}${outs.map((entry) => `<outputEntry><text>${escape(entry)}</text></outputEntry>`).join('')}</rule>`,
  );
  return `<decision id="${id}" name="${id}"><decisionTable id="${id}_table"${attributes}>${inputs.join('')}${outputs.join('')}${rules.join('')}</decisionTable></decision>`;
}

async function parsed(xml: string): Promise<DecisionRequirements> {
  const result = await parseDmn(xml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.requirements;
}

async function errorsOf(xml: string) {
  const result = await parseDmn(xml);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map((e) => [e.elementId, e.message]);
}

async function run(spec: TableSpec, variables: Record<string, unknown>) {
  return evaluateDecision(await parsed(dmn(table('d', spec))), 'd', variables);
}

/** Scores by amount band, overlapping on purpose: 0..100 → 1, 50..200 → 2, ≥ 150 → 3. */
const bands = (hitPolicy: string, aggregation?: string): TableSpec => ({
  hitPolicy,
  aggregation,
  inputs: ['amount'],
  outputs: [{ name: 'score' }],
  rules: [
    [['[0..100]'], ['1']],
    [['[50..200]'], ['2']],
    [['>= 150'], ['3']],
  ],
});

describe('parseDmn', () => {
  it('reads a Camunda Modeler file: a table with two outputs requiring a literal expression', async () => {
    const requirements = await parsed(readFileSync(new URL('./fixtures/urgency.dmn', import.meta.url), 'utf8'));
    expect(requirements).toMatchObject({ key: 'Definitions_urgency', name: 'Urgency' });
    expect(requirements.decisions.urgency).toMatchObject({
      name: 'Urgency of a matter',
      requires: ['daysLeft'],
      logic: { type: 'decisionTable', hitPolicy: 'FIRST', inputs: [{ id: 'Input_source', expression: 'source' }, { id: 'Input_daysLeft', expression: 'daysLeft' }] },
    });
    expect(requirements.decisions.daysLeft).toMatchObject({ variable: 'daysLeft', logic: { type: 'literalExpression', expression: '(date(deadline) - date(today)).days' } });
  });

  it.each([
    ['not XML', 'definitions', [[undefined, expect.stringContaining('not well-formed XML')]]],
    ['not DMN', '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>', [[undefined, expect.stringContaining('not a DMN 1.3 file')]]],
    ['no decision', dmn(''), [['defs', 'the file has no decision']]],
    ['a decision without logic', dmn('<decision id="d"/>'), [['d', 'the decision has no decision table or literal expression']]],
    ['an unknown hit policy', dmn(table('d', { hitPolicy: 'LAST', inputs: ['a'], outputs: [{ name: 'x' }], rules: [] })), [['d_table', expect.stringContaining('hit policy "LAST" is not one of')]]],
    [
      'an aggregation without COLLECT',
      dmn(table('d', { hitPolicy: 'FIRST', aggregation: 'SUM', inputs: ['a'], outputs: [{ name: 'x' }], rules: [] })),
      [['d_table', 'an aggregation (SUM) needs the COLLECT hit policy, not FIRST']],
    ],
    [
      'an aggregation over two outputs',
      dmn(table('d', { hitPolicy: 'COLLECT', aggregation: 'MAX', inputs: ['a'], outputs: [{ name: 'x' }, { name: 'y' }], rules: [] })),
      [['d_table', 'an aggregation (MAX) needs a table with one output, not 2']],
    ],
    ['PRIORITY without output values', dmn(table('d', { hitPolicy: 'PRIORITY', inputs: ['a'], outputs: [{ name: 'x' }], rules: [] })), [['d_table', expect.stringContaining('ranks rules by their outputs')]]],
    ['output values that are not a list', dmn(table('d', { hitPolicy: 'PRIORITY', inputs: ['a'], outputs: [{ name: 'x', values: '[1..3]' }], rules: [] })), [['d_out1', expect.stringContaining('must be a list of values')]]],
    ['a rule with too few entries', dmn(table('d', { inputs: ['a', 'b'], outputs: [{ name: 'x' }], rules: [[['1'], ['2']]] })), [['d_r1', 'the rule has 1 input entries for 2 inputs']]],
    ['an input entry that does not parse', dmn(table('d', { inputs: ['a'], outputs: [{ name: 'x' }], rules: [[['[1..'], ['2']]] })), [['d_r1', 'input entry `[1..` for input "a" does not parse: the expression ends too early']]],
    ['an output entry that does not parse', dmn(table('d', { inputs: ['a'], outputs: [{ name: 'x' }], rules: [[['1'], ['1 +']]] })), [['d_r1', expect.stringContaining('output entry `1 +` for x does not parse')]]],
    ['an input expression that does not parse', dmn(table('d', { inputs: ['a +'], outputs: [{ name: 'x' }], rules: [] })), [['d_in1', expect.stringContaining('input expression `a +` does not parse')]]],
    ['an unnamed output among several', dmn(table('d', { inputs: ['a'], outputs: [{ name: 'x' }, { name: '' }], rules: [] })), [['d_out2', expect.stringContaining('needs a name')]]],
    ['a missing required decision', dmn('<decision id="d"><informationRequirement><requiredDecision href="#gone"/></informationRequirement><literalExpression><text>1</text></literalExpression></decision>'), [['d', 'required decision "gone" is not a decision of this file']]],
    [
      'decisions requiring each other',
      dmn(
        '<decision id="a"><informationRequirement><requiredDecision href="#b"/></informationRequirement><literalExpression><text>b</text></literalExpression></decision>' +
          '<decision id="b"><informationRequirement><requiredDecision href="#a"/></informationRequirement><literalExpression><text>a</text></literalExpression></decision>',
      ),
      [['a', 'decisions require each other in a cycle: a → b → a']],
    ],
    ['a boxed context', dmn('<decision id="d"><context id="ctx"/></decision>'), [['ctx', 'Context decision logic is not supported; use a decision table or a literal expression']]],
    ['a business knowledge model', dmn('<businessKnowledgeModel id="bkm"/><decision id="d"><literalExpression><text>1</text></literalExpression></decision>'), [['bkm', expect.stringContaining('business knowledge models are not supported')]]],
    ['an empty literal expression', dmn('<decision id="d"><literalExpression id="le"/></decision>'), [['le', 'the literal expression is empty']]],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY a "b">]>${dmn('')}`, [[undefined, 'DOCTYPE and entity declarations are not accepted in DMN files']]],
  ])('refuses %s, naming the element', async (_name, xml, expected) => {
    expect(await errorsOf(xml)).toEqual(expected);
  });
});

describe('evaluateDecision: hit policies', () => {
  it('UNIQUE gives the one matching rule, null for none, and an error naming the rules when several match', async () => {
    expect(await run(bands('UNIQUE'), { amount: 20 })).toBe(1);
    expect(await run(bands('UNIQUE'), { amount: -5 })).toBeNull();
    const error = await run(bands('UNIQUE'), { amount: 60 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecisionEvaluationError);
    expect(error).toMatchObject({ decisionId: 'd', elementId: 'd_table', message: 'decision "d" (d_table): the UNIQUE hit policy allows one matching rule, but d_r1, d_r2 match' });
  });

  it('is UNIQUE when the table names no hit policy', async () => {
    await expect(run({ ...bands('UNIQUE'), hitPolicy: undefined }, { amount: 60 })).rejects.toThrow('the UNIQUE hit policy allows one matching rule');
  });

  it('FIRST gives the first matching rule in table order', async () => {
    expect(await run(bands('FIRST'), { amount: 60 })).toBe(1);
    expect(await run(bands('FIRST'), { amount: 160 })).toBe(2);
    expect(await run(bands('FIRST'), { amount: -1 })).toBeNull();
  });

  it('PRIORITY gives the matching rule whose output comes first in the output values', async () => {
    const spec: TableSpec = {
      hitPolicy: 'PRIORITY',
      inputs: ['amount'],
      outputs: [{ name: 'level', values: '"high","medium","low"' }],
      rules: [
        [['>= 0'], ['"low"']],
        [['> 100'], ['"high"']],
        [['> 50'], ['"medium"']],
      ],
    };
    expect(await run(spec, { amount: 10 })).toBe('low');
    expect(await run(spec, { amount: 70 })).toBe('medium');
    expect(await run(spec, { amount: 170 })).toBe('high');
  });

  it('PRIORITY refuses an output outside the output values, naming the rule', async () => {
    const spec: TableSpec = { hitPolicy: 'PRIORITY', inputs: ['a'], outputs: [{ name: 'level', values: '"high","low"' }], rules: [[['-'], ['"urgent"']]] };
    await expect(run(spec, { a: 1 })).rejects.toMatchObject({ elementId: 'd_r1', message: expect.stringContaining('"urgent" is not among the output values') });
  });

  it('ANY gives the agreed output of the matching rules, and an error when they disagree', async () => {
    const spec: TableSpec = {
      hitPolicy: 'ANY',
      inputs: ['amount'],
      outputs: [{ name: 'ok' }],
      rules: [
        [['> 10'], ['true']],
        [['> 20'], ['true']],
        [['> 30'], ['false']],
      ],
    };
    expect(await run(spec, { amount: 25 })).toBe(true);
    expect(await run(spec, { amount: 5 })).toBeNull();
    await expect(run(spec, { amount: 35 })).rejects.toThrow('the ANY hit policy needs matching rules to agree, but d_r1 and d_r3 give different outputs');
  });

  it('COLLECT gives every matching output in rule order', async () => {
    expect(await run(bands('COLLECT'), { amount: 160 })).toEqual([2, 3]);
    expect(await run(bands('COLLECT'), { amount: -1 })).toEqual([]);
  });

  it.each([
    ['SUM', 60, 3],
    ['SUM', 170, 5],
    ['MIN', 170, 2],
    ['MAX', 60, 2],
    ['COUNT', 60, 2],
    ['COUNT', -1, 0],
    ['SUM', -1, null],
    ['MIN', -1, null],
  ])('COLLECT %s over amount %s gives %s', async (aggregation, amount, expected) => {
    expect(await run(bands('COLLECT', aggregation), { amount })).toEqual(expected);
  });

  it('COLLECT SUM refuses outputs that are not numbers', async () => {
    const spec: TableSpec = { hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['a'], outputs: [{ name: 'x' }], rules: [[['-'], ['"one"']]] };
    await expect(run(spec, { a: 1 })).rejects.toThrow('SUM needs numbers');
  });

  it('RULE ORDER gives every matching output in rule order', async () => {
    expect(await run(bands('RULE ORDER'), { amount: 160 })).toEqual([2, 3]);
  });

  it('OUTPUT ORDER gives every matching output by the output values, highest first', async () => {
    const spec: TableSpec = {
      hitPolicy: 'OUTPUT ORDER',
      inputs: ['amount'],
      outputs: [{ name: 'level', values: '"high","medium","low"' }],
      rules: [
        [['>= 0'], ['"low"']],
        [['> 100'], ['"high"']],
        [['> 50'], ['"medium"']],
      ],
    };
    expect(await run(spec, { amount: 170 })).toEqual(['high', 'medium', 'low']);
  });
});

describe('evaluateDecision: outputs, literal expressions, required decisions', () => {
  it('gives a context for a rule with several outputs', async () => {
    const spec: TableSpec = {
      hitPolicy: 'FIRST',
      inputs: ['kind', 'amount'],
      outputs: [{ name: 'level' }, { name: 'unit' }],
      rules: [
        [['"complaint"', '> 1000'], ['"high"', '"office"']],
        [['"complaint","petition"', '-'], ['"normal"', 'kind + "-desk"']],
      ],
    };
    expect(await run(spec, { kind: 'complaint', amount: 5000 })).toEqual({ level: 'high', unit: 'office' });
    expect(await run(spec, { kind: 'petition', amount: 5 })).toEqual({ level: 'normal', unit: 'petition-desk' });
    expect(await run({ ...spec, hitPolicy: 'COLLECT' }, { kind: 'complaint', amount: 5000 })).toEqual([
      { level: 'high', unit: 'office' },
      { level: 'normal', unit: 'complaint-desk' },
    ]);
  });

  it('an empty output entry gives null', async () => {
    expect(await run({ hitPolicy: 'FIRST', inputs: ['a'], outputs: [{ name: 'x' }, { name: 'y' }], rules: [[['-'], ['1', '']]] }, { a: 1 })).toEqual({ x: 1, y: null });
  });

  it('tests dates, lists and ranges as FEEL does', async () => {
    const spec: TableSpec = {
      hitPolicy: 'FIRST',
      inputs: ['date(deadline)'],
      outputs: [{ name: 'late' }],
      rules: [
        [['< date("2026-12-01")'], ['true']],
        [['-'], ['false']],
      ],
    };
    expect(await run(spec, { deadline: '2026-11-30' })).toBe(true);
    expect(await run(spec, { deadline: '2026-12-24' })).toBe(false);
  });

  it('evaluates a literal expression, and a date result as ISO text', async () => {
    const requirements = await parsed(dmn('<decision id="due"><variable name="dueDate"/><literalExpression><text>date(start) + duration("P10D")</text></literalExpression></decision>'));
    expect(evaluateDecision(requirements, 'due', { start: '2026-11-25' })).toBe('2026-12-05');
  });

  it('evaluates required decisions first and gives their results by id and variable name', async () => {
    const requirements = await parsed(readFileSync(new URL('./fixtures/urgency.dmn', import.meta.url), 'utf8'));
    expect(evaluateDecision(requirements, 'urgency', { source: 'leader', deadline: '2026-12-30', today: '2026-11-30' })).toEqual({ level: 'high', route: 'fast' });
    expect(evaluateDecision(requirements, 'urgency', { source: 'petition', deadline: '2026-12-01', today: '2026-11-30' })).toEqual({ level: 'high', route: 'normal' });
    expect(evaluateDecision(requirements, 'urgency', { source: 'petition', deadline: '2026-12-30', today: '2026-11-30' })).toEqual({ level: 'normal', route: 'normal' });
    expect(evaluateDecision(requirements, 'daysLeft', { deadline: '2026-12-30', today: '2026-11-30' })).toBe(30);
  });

  it('reads a required decision without a variable by its id', async () => {
    const requirements = await parsed(
      dmn(
        '<decision id="base"><literalExpression><text>amount * 2</text></literalExpression></decision>' +
          '<decision id="total"><informationRequirement><requiredDecision href="#base"/></informationRequirement><literalExpression><text>base + 1</text></literalExpression></decision>',
      ),
    );
    expect(evaluateDecision(requirements, 'total', { amount: 5 })).toBe(11);
  });

  it('names the decision and rule of an output entry that fails', async () => {
    const spec: TableSpec = { hitPolicy: 'FIRST', inputs: ['a'], outputs: [{ name: 'x' }], rules: [[['-'], ['[1..a]']]] };
    await expect(run(spec, { a: 3 })).rejects.toMatchObject({ decisionId: 'd', elementId: 'd_r1', message: expect.stringContaining('yields a range') });
  });

  it('refuses an unknown decision id', async () => {
    const requirements = await parsed(dmn(table('d', bands('FIRST'))));
    expect(() => evaluateDecision(requirements, 'other', {})).toThrow(DecisionEvaluationError);
  });
});
