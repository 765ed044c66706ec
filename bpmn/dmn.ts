/**
 * DMN 1.3 decisions: the XML (as Camunda Modeler writes it) parsed with dmn-moddle into plain
 * JSON that is stored with each deployed decision, and evaluated with FEEL (./feel.ts). Decision
 * tables with every hit policy, literal expressions, and required decisions, evaluated first and
 * read by the requiring decision under their id (and their variable's name when it differs), as
 * Camunda 8 does. Anything else of DMN (business knowledge models, boxed contexts, invocations,
 * decision services) is refused with the element at fault.
 */
import { DmnModdle } from 'dmn-moddle';
import { type FeelClock, evaluateFeelValue, evaluateUnaryTests, feelParseError, toPlainValue } from './feel';
import type { CompileError } from './graph';

export const DMN_FORMAT = 1;

export const HIT_POLICIES = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface DecisionTableInput {
  id: string;
  label?: string;
  /** FEEL: the value the rules' input entries test. */
  expression: string;
}

export interface DecisionTableOutput {
  id: string;
  /** The key of this output in a multi-output result. */
  name?: string;
  /** The output values in the table's order (PRIORITY, OUTPUT ORDER rank by it, first highest). */
  priority?: unknown[];
}

export interface DecisionRule {
  id: string;
  /** FEEL unary tests, one per input; `-` or empty matches anything. */
  inputEntries: string[];
  /** FEEL expressions, one per output; empty yields null. */
  outputEntries: string[];
}

export interface DecisionTable {
  type: 'decisionTable';
  id: string;
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: DecisionTableInput[];
  outputs: DecisionTableOutput[];
  rules: DecisionRule[];
}

export interface LiteralExpression {
  type: 'literalExpression';
  id: string;
  expression: string;
}

export interface Decision {
  id: string;
  name?: string;
  /** The decision's variable name (`<variable name>`), when it has one. */
  variable?: string;
  /** Ids of the decisions it requires, in the same file. */
  requires: string[];
  logic: DecisionTable | LiteralExpression;
}

/** A DMN file's decisions (its decision requirements graph), keyed by decision id. */
export interface DecisionRequirements {
  format: typeof DMN_FORMAT;
  /** The definitions' id. */
  key: string;
  name?: string;
  decisions: Record<string, Decision>;
}

export type DmnParseResult =
  | { ok: true; requirements: DecisionRequirements; warnings: CompileError[] }
  | { ok: false; errors: CompileError[] };

/** A decision could not be evaluated: which one, the rule (or other element) at fault, and why. */
export class DecisionEvaluationError extends Error {
  constructor(
    readonly decisionId: string,
    message: string,
    readonly elementId?: string,
    options?: { cause?: unknown },
  ) {
    super(`decision "${decisionId}"${elementId && elementId !== decisionId ? ` (${elementId})` : ''}: ${message}`, options);
    this.name = 'DecisionEvaluationError';
  }
}

/* ───────────────────────────── parsing ───────────────────────────── */

interface Element {
  readonly $type: string;
  get(property: string): unknown;
}

const moddle = new DmnModdle();
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Parses and checks DMN XML. Never throws: bad input yields `{ ok: false, errors }`. */
export async function parseDmn(xml: string, options: { maxBytes?: number } = {}): Promise<DmnParseResult> {
  if (typeof xml !== 'string') return { ok: false, errors: [{ message: 'the decision must be DMN XML text' }] };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (xml.length > maxBytes || new TextEncoder().encode(xml).length > maxBytes) return { ok: false, errors: [{ message: `the DMN file is larger than ${maxBytes} bytes` }] };
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, errors: [{ message: 'DOCTYPE and entity declarations are not accepted in DMN files' }] };
  let root: unknown;
  let parseWarnings: { message: string; element?: { id?: string } }[];
  try {
    ({ rootElement: root, warnings: parseWarnings } = await moddle.fromXML(xml, 'dmn:Definitions'));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0].trim() : String(error);
    return {
      ok: false,
      errors: [{ message: message.startsWith('failed to parse document as') ? 'not a DMN 1.3 file: the root element must be <definitions> in namespace https://www.omg.org/spec/DMN/20191111/MODEL/' : `not well-formed XML: ${message}` }],
    };
  }
  const parser = new DmnParser();
  for (const warning of parseWarnings) parser.warn(warning.element?.id, firstLine(warning.message));
  const requirements = parser.definitions(root as Element);
  if (parser.errors.length > 0 || !requirements) return { ok: false, errors: parser.errors };
  return { ok: true, requirements: JSON.parse(JSON.stringify(requirements)), warnings: parser.warnings };
}

class DmnParser {
  readonly errors: CompileError[] = [];
  readonly warnings: CompileError[] = [];

  error(elementId: string | undefined, message: string): void {
    this.errors.push(elementId === undefined ? { message } : { elementId, message });
  }

  warn(elementId: string | undefined, message: string): void {
    this.warnings.push(elementId === undefined ? { message } : { elementId, message });
  }

  definitions(root: Element): DecisionRequirements | undefined {
    const key = text(root, 'id');
    if (key === undefined) this.error(undefined, 'the <definitions> element has no id');
    const decisions: Record<string, Decision> = {};
    for (const element of list(root, 'drgElement')) {
      const id = text(element, 'id');
      switch (element.$type) {
        case 'dmn:Decision': {
          if (id === undefined) {
            this.error(undefined, `a decision${text(element, 'name') ? ` ("${text(element, 'name')}")` : ''} has no id`);
            continue;
          }
          if (decisions[id]) {
            this.error(id, `two decisions have the id "${id}"`);
            continue;
          }
          const decision = this.decision(element, id);
          if (decision) decisions[id] = decision;
          break;
        }
        case 'dmn:InputData':
          break;
        case 'dmn:BusinessKnowledgeModel':
        case 'dmn:DecisionService':
          this.error(id, `${element.$type === 'dmn:DecisionService' ? 'decision services' : 'business knowledge models'} are not supported; use decision tables and literal expressions`);
          break;
        default:
          // Knowledge sources and the like only document the model.
          break;
      }
    }
    if (Object.keys(decisions).length === 0 && this.errors.length === 0) this.error(key, 'the file has no decision');
    this.checkRequirements(decisions);
    if (key === undefined) return undefined;
    return { format: DMN_FORMAT, key, name: text(root, 'name'), decisions };
  }

  private decision(element: Element, id: string): Decision | undefined {
    const requires: string[] = [];
    for (const requirement of list(element, 'informationRequirement')) {
      const required = child(requirement, 'requiredDecision');
      if (!required) continue; // requiredInput: an input the caller's variables provide
      const href = text(required, 'href') ?? '';
      if (!href.startsWith('#') || href.length < 2) {
        this.error(id, `required decision "${href}" must be a decision of the same file ("#id")`);
        continue;
      }
      requires.push(href.slice(1));
    }
    if (list(element, 'knowledgeRequirement').length > 0) {
      this.error(id, 'knowledge requirements (business knowledge models) are not supported');
    }
    const variable = child(element, 'variable');
    const base = { id, name: text(element, 'name'), variable: variable && text(variable, 'name'), requires };
    const logic = child(element, 'decisionLogic');
    if (!logic) {
      this.error(id, 'the decision has no decision table or literal expression');
      return undefined;
    }
    if (logic.$type === 'dmn:DecisionTable') {
      const table = this.decisionTable(logic, id);
      return table && { ...base, logic: table };
    }
    if (logic.$type === 'dmn:LiteralExpression') {
      const expression = this.literalExpression(logic, id);
      return expression && { ...base, logic: expression };
    }
    this.error(text(logic, 'id') ?? id, `${logic.$type.replace('dmn:', '')} decision logic is not supported; use a decision table or a literal expression`);
    return undefined;
  }

  private literalExpression(logic: Element, decisionId: string): LiteralExpression | undefined {
    const id = text(logic, 'id') ?? decisionId;
    const language = text(logic, 'expressionLanguage');
    if (language !== undefined && !isFeel(language)) {
      this.error(id, `expression language "${language}" is not supported; write the literal expression in FEEL`);
      return undefined;
    }
    const expression = text(logic, 'text');
    if (expression === undefined) {
      this.error(id, 'the literal expression is empty');
      return undefined;
    }
    const problem = feelParseError(expression);
    if (problem) this.error(id, `literal expression \`${expression}\` does not parse: ${problem}`);
    return { type: 'literalExpression', id, expression };
  }

  private decisionTable(table: Element, decisionId: string): DecisionTable | undefined {
    const id = text(table, 'id') ?? decisionId;
    const errorsBefore = this.errors.length;
    const hitPolicy = (text(table, 'hitPolicy') ?? 'UNIQUE').toUpperCase() as HitPolicy;
    if (!HIT_POLICIES.includes(hitPolicy)) this.error(id, `hit policy "${hitPolicy}" is not one of ${HIT_POLICIES.join(', ')}`);
    const aggregation = text(table, 'aggregation')?.toUpperCase() as Aggregation | undefined;
    if (aggregation !== undefined && !AGGREGATIONS.includes(aggregation)) this.error(id, `aggregation "${aggregation}" is not one of ${AGGREGATIONS.join(', ')}`);
    if (aggregation !== undefined && hitPolicy !== 'COLLECT') this.error(id, `an aggregation (${aggregation}) needs the COLLECT hit policy, not ${hitPolicy}`);

    const inputs: DecisionTableInput[] = list(table, 'input').map((input, i) => {
      const inputId = text(input, 'id') ?? `${id} input ${i + 1}`;
      const expressionElement = child(input, 'inputExpression');
      const expression = expressionElement && text(expressionElement, 'text');
      if (expression === undefined) this.error(inputId, 'the input has no input expression');
      else {
        const problem = feelParseError(expression);
        if (problem) this.error(inputId, `input expression \`${expression}\` does not parse: ${problem}`);
      }
      return { id: inputId, label: text(input, 'label'), expression: expression ?? '' };
    });

    const rawOutputs = list(table, 'output');
    if (rawOutputs.length === 0) this.error(id, 'the decision table has no output');
    const outputs: DecisionTableOutput[] = rawOutputs.map((output, i) => {
      const outputId = text(output, 'id') ?? `${id} output ${i + 1}`;
      const name = text(output, 'name');
      if (rawOutputs.length > 1 && name === undefined) this.error(outputId, 'an output of a table with several outputs needs a name: it is the key of the result');
      if (child(output, 'defaultOutputEntry')) this.error(outputId, 'default output entries are not supported; add a last rule that matches anything');
      const values = child(output, 'outputValues');
      const allowed = values && text(values, 'text');
      return { id: outputId, ...(name && { name }), ...(allowed !== undefined && { priority: this.outputValues(allowed, outputId) }) };
    });
    if (aggregation !== undefined && outputs.length > 1) this.error(id, `an aggregation (${aggregation}) needs a table with one output, not ${outputs.length}`);
    if ((hitPolicy === 'PRIORITY' || hitPolicy === 'OUTPUT ORDER') && !rawOutputs.some((output) => child(output, 'outputValues'))) {
      this.error(id, `the ${hitPolicy} hit policy ranks rules by their outputs' output values: give an output its values (e.g. "high","medium","low")`);
    }

    const rules: DecisionRule[] = list(table, 'rule').map((rule, i) => {
      const ruleId = text(rule, 'id') ?? `${id} rule ${i + 1}`;
      const inputEntries = list(rule, 'inputEntry').map((entry) => text(entry, 'text') ?? '-');
      const outputEntries = list(rule, 'outputEntry').map((entry) => text(entry, 'text') ?? '');
      if (inputEntries.length !== inputs.length) this.error(ruleId, `the rule has ${inputEntries.length} input entries for ${inputs.length} inputs`);
      if (outputEntries.length !== outputs.length) this.error(ruleId, `the rule has ${outputEntries.length} output entries for ${outputs.length} outputs`);
      inputEntries.forEach((entry, at) => {
        const problem = entry === '-' ? undefined : feelParseError(entry, 'unaryTests');
        if (problem) this.error(ruleId, `input entry \`${entry}\` for ${describe(inputs[at], at)} does not parse: ${problem}`);
      });
      outputEntries.forEach((entry, at) => {
        const problem = entry === '' ? undefined : feelParseError(entry);
        if (problem) this.error(ruleId, `output entry \`${entry}\` for ${outputs[at]?.name ?? `output ${at + 1}`} does not parse: ${problem}`);
      });
      return { id: ruleId, inputEntries, outputEntries };
    });
    if (this.errors.length > errorsBefore) return undefined;
    return { type: 'decisionTable', id, hitPolicy, ...(aggregation && { aggregation }), inputs, outputs, rules };
  }

  /** An output's values (`"high","medium","low"`) as a list of plain values, highest priority first. */
  private outputValues(allowed: string, outputId: string): unknown[] | undefined {
    try {
      const values = toPlainValue(evaluateFeelValue(`[${allowed}]`, {}), allowed);
      if (Array.isArray(values) && values.every((value) => value !== null && typeof value !== 'object')) return values;
    } catch {
      // Reported below: ranges and tests cannot rank outputs.
    }
    this.error(outputId, `output values \`${allowed}\` must be a list of values such as "high","medium","low"`);
    return undefined;
  }

  /** Every required decision exists, and none requires itself through others. */
  private checkRequirements(decisions: Record<string, Decision>): void {
    for (const decision of Object.values(decisions)) {
      for (const required of decision.requires) {
        if (!decisions[required]) this.error(decision.id, `required decision "${required}" is not a decision of this file`);
      }
    }
    const done = new Set<string>();
    const visit = (id: string, path: string[]): void => {
      if (path.includes(id)) {
        this.error(id, `decisions require each other in a cycle: ${[...path.slice(path.indexOf(id)), id].join(' → ')}`);
        return;
      }
      if (done.has(id)) return;
      for (const required of decisions[id]?.requires ?? []) visit(required, [...path, id]);
      done.add(id);
    };
    for (const id of Object.keys(decisions)) visit(id, []);
  }
}

function text(element: Element, property: string): string | undefined {
  const value = element.get(property);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function child(element: Element, property: string): Element | undefined {
  const value = element.get(property);
  return typeof value === 'object' && value !== null && '$type' in value ? (value as Element) : undefined;
}

function list(element: Element, property: string): Element[] {
  const value = element.get(property);
  return Array.isArray(value) ? (value as Element[]) : [];
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function isFeel(language: string): boolean {
  return /^https?:\/\/www\.omg\.org\/spec\/DMN\/\d+\/FEEL\/?$/i.test(language) || /feel/i.test(language);
}

function describe(input: DecisionTableInput | undefined, at: number): string {
  return input ? `input "${input.label ?? input.expression}"` : `input ${at + 1}`;
}

/* ───────────────────────────── evaluation ───────────────────────────── */

/**
 * Evaluates a decision against the variables: its required decisions first, each once. The result
 * is plain JSON: a table's single output is the value, several outputs a context by output name;
 * COLLECT (without aggregation), RULE ORDER and OUTPUT ORDER yield a list. Throws DecisionEvaluationError.
 */
export function evaluateDecision(requirements: DecisionRequirements, decisionId: string, variables: Record<string, unknown>, clock?: FeelClock): unknown {
  if (!requirements.decisions[decisionId]) throw new DecisionEvaluationError(decisionId, `no such decision in "${requirements.key}"`);
  return new Evaluation(requirements, variables, clock).decision(decisionId);
}

class Evaluation {
  private readonly results = new Map<string, unknown>();

  constructor(
    private readonly requirements: DecisionRequirements,
    private readonly variables: Record<string, unknown>,
    private readonly clock: FeelClock | undefined,
  ) {}

  decision(id: string): unknown {
    if (this.results.has(id)) return this.results.get(id);
    const decision = this.requirements.decisions[id];
    const context: Record<string, unknown> = { ...this.variables };
    for (const required of decision.requires) {
      const result = this.decision(required);
      const requiredDecision = this.requirements.decisions[required];
      context[required] = result;
      if (requiredDecision.variable) context[requiredDecision.variable] = result;
    }
    const { logic } = decision;
    const result = logic.type === 'literalExpression' ? this.plain(id, logic.id, () => evaluateFeelValue(logic.expression, context, this.clock), logic.expression) : this.table(id, logic, context);
    this.results.set(id, result);
    return result;
  }

  private table(decisionId: string, table: DecisionTable, context: Record<string, unknown>): unknown {
    const inputs = table.inputs.map((input) => this.guard(decisionId, input.id, () => evaluateFeelValue(input.expression, context, this.clock)));
    const matched = table.rules.filter((rule) =>
      rule.inputEntries.every((entry, at) => this.guard(decisionId, rule.id, () => evaluateUnaryTests(entry, inputs[at], context, this.clock))),
    );
    const outputOf = (rule: DecisionRule): unknown => {
      const values = rule.outputEntries.map((entry) => (entry === '' ? null : this.plain(decisionId, rule.id, () => evaluateFeelValue(entry, context, this.clock), entry)));
      return table.outputs.length === 1 ? values[0] : Object.fromEntries(table.outputs.map((output, at) => [output.name!, values[at]]));
    };
    const fail = (message: string, elementId = table.id): never => {
      throw new DecisionEvaluationError(decisionId, message, elementId);
    };
    switch (table.hitPolicy) {
      case 'UNIQUE':
        if (matched.length > 1) fail(`the UNIQUE hit policy allows one matching rule, but ${matched.map((r) => r.id).join(', ')} match`);
        return matched.length === 0 ? null : outputOf(matched[0]);
      case 'FIRST':
        return matched.length === 0 ? null : outputOf(matched[0]);
      case 'ANY': {
        const outputs = matched.map(outputOf);
        const differing = outputs.findIndex((output) => !sameValue(output, outputs[0]));
        if (differing > 0) fail(`the ANY hit policy needs matching rules to agree, but ${matched[0].id} and ${matched[differing].id} give different outputs`);
        return outputs.length === 0 ? null : outputs[0];
      }
      case 'PRIORITY':
      case 'OUTPUT ORDER': {
        const ranked = matched.map((rule) => ({ rule, output: outputOf(rule) })).map((entry) => ({ ...entry, rank: this.rank(decisionId, table, entry.rule, entry.output) }));
        // A stable sort: rules of equal priority keep the table's order.
        ranked.sort((a, b) => compareRanks(a.rank, b.rank));
        if (table.hitPolicy === 'PRIORITY') return ranked.length === 0 ? null : ranked[0].output;
        return ranked.map((entry) => entry.output);
      }
      case 'RULE ORDER':
        return matched.map(outputOf);
      case 'COLLECT': {
        const outputs = matched.map(outputOf);
        return table.aggregation ? aggregate(table.aggregation, outputs, (message) => fail(message)) : outputs;
      }
    }
  }

  /** A rule's position in each ranked output's values, the first output first. */
  private rank(decisionId: string, table: DecisionTable, rule: DecisionRule, output: unknown): number[] {
    return table.outputs.flatMap((column) => {
      if (!column.priority) return [];
      const value = table.outputs.length === 1 ? output : (output as Record<string, unknown>)[column.name!];
      const at = column.priority.findIndex((allowed) => sameValue(allowed, value));
      if (at < 0) throw new DecisionEvaluationError(decisionId, `output ${JSON.stringify(value)} is not among the output values ${JSON.stringify(column.priority)} of ${column.name ?? column.id}`, rule.id);
      return [at];
    });
  }

  private guard<T>(decisionId: string, elementId: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof DecisionEvaluationError) throw error;
      throw new DecisionEvaluationError(decisionId, error instanceof Error ? error.message : String(error), elementId, { cause: error });
    }
  }

  private plain(decisionId: string, elementId: string, run: () => unknown, expression: string): unknown {
    return this.guard(decisionId, elementId, () => toPlainValue(run(), expression));
  }
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function aggregate(aggregation: Aggregation, outputs: unknown[], fail: (message: string) => never): unknown {
  if (aggregation === 'COUNT') return outputs.length;
  const values = outputs.filter((value) => value !== null && value !== undefined);
  if (values.length === 0) return null;
  if (aggregation === 'SUM') {
    if (!values.every((value) => typeof value === 'number')) fail(`SUM needs numbers, but the matching rules give ${JSON.stringify(values)}`);
    return (values as number[]).reduce((sum, value) => sum + value, 0);
  }
  const comparable = values.every((value) => typeof value === 'number') || values.every((value) => typeof value === 'string');
  if (!comparable) fail(`${aggregation} needs numbers or texts, but the matching rules give ${JSON.stringify(values)}`);
  const sorted = [...(values as (number | string)[])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return aggregation === 'MIN' ? sorted[0] : sorted[sorted.length - 1];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
