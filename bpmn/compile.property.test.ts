/**
 * Whatever it is given, compileBpmn resolves to a well-formed result: a graph the
 * interpreter can trust, or a non-empty list of errors. It never throws and never hangs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from './compile';
import type { CompileResult, Scope } from './graph';
import { escapeXml } from './test-diagrams';

const RUNS = 300;
const TIMEOUT = 120_000;

const fixturesDir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.bpmn'))
  .map((name) => readFileSync(new URL(name, fixturesDir), 'utf8'));

/** The contract of a result, and the graph invariants the interpreter relies on. */
function expectWellFormed(result: CompileResult): void {
  if (result.ok) {
    expect(typeof result.graph.key).toBe('string');
    expect(Array.isArray(result.warnings)).toBe(true);
    expectWellFormedScope(result.graph);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(typeof error.message).toBe('string');
    expect(error.message).not.toBe('');
    expect(error.message).not.toMatch(/^internal compiler error/);
    expect(['string', 'undefined']).toContain(typeof error.elementId);
  }
}

function expectWellFormedScope(scope: Omit<Scope, 'startId'> & { startId?: string; starts?: Array<{ id: string }> }): void {
  if (scope.implicitStarts) {
    // No start event: the scope starts at every element without incoming flows.
    expect(scope.implicitStarts[0]).toBe(scope.startId);
    for (const id of scope.implicitStarts) expect(scope.elements[id]?.incoming).toEqual([]);
    expect(Object.values(scope.elements).some((element) => element.type === 'startEvent')).toBe(false);
    return;
  }
  // A process that only events start has no none start event; every start it has is a start event.
  const startIds = [...(scope.startId === undefined ? [] : [scope.startId]), ...(scope.starts ?? []).map((s) => s.id)];
  expect(startIds.length).toBeGreaterThan(0);
  for (const id of startIds) expect(scope.elements[id]?.type).toBe('startEvent');
  for (const flow of Object.values(scope.flows)) {
    expect(scope.elements[flow.source]?.outgoing).toContain(flow.id);
    expect(scope.elements[flow.target]?.incoming).toContain(flow.id);
  }
  for (const element of Object.values(scope.elements)) {
    for (const flowId of [...element.incoming, ...element.outgoing]) expect(scope.flows[flowId]).toBeDefined();
    // Activities and events may end a path (implicit end); a gateway always leads on.
    if (element.type.endsWith('Gateway')) expect(element.outgoing.length).toBeGreaterThan(0);
    if (element.type === 'boundaryEvent') expect(scope.elements[element.attachedTo]?.boundaryEvents).toContain(element.id);
    if (element.type === 'subProcess') expectWellFormedScope(element.scope);
  }
}

// ---- random XML ----

const tags = [
  'bpmn:definitions', 'bpmn:process', 'bpmn:startEvent', 'bpmn:endEvent', 'bpmn:task', 'bpmn:userTask',
  'bpmn:serviceTask', 'bpmn:sequenceFlow', 'bpmn:exclusiveGateway', 'bpmn:parallelGateway', 'bpmn:subProcess',
  'bpmn:boundaryEvent', 'bpmn:timerEventDefinition', 'bpmn:timeDuration', 'bpmn:messageEventDefinition',
  'bpmn:conditionExpression', 'bpmn:extensionElements', 'bpmn:multiInstanceLoopCharacteristics', 'bpmn:message',
  'zeebe:taskDefinition', 'zeebe:ioMapping', 'zeebe:input', 'zeebe:loopCharacteristics', 'camunda:inputOutput',
  'bpmndi:BPMNDiagram', 'foo', 'bpmn:bogus',
];
// `__proto__` and `toString` catch ids used as plain object keys.
const ids = ['a', 'b', 'c', 's', 'e', 'p', '__proto__', 'toString'];
const attribute = fc.oneof(
  fc.tuple(fc.constantFrom('id', 'sourceRef', 'targetRef', 'attachedToRef', 'default', 'messageRef', 'errorRef'), fc.constantFrom(...ids)),
  fc.tuple(fc.constantFrom('isExecutable', 'cancelActivity', 'isSequential', 'triggeredByEvent'), fc.constantFrom('true', 'false', 'yes')),
  fc.tuple(fc.constantFrom('name', 'type', 'source', 'target', 'inputCollection', 'retries', 'camunda:assignee'), fc.string({ maxLength: 12 })),
);

type Node = { tag: string; attributes: [string, string][]; children: Node[]; text: string };

const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record({
    tag: fc.constantFrom(...tags),
    attributes: fc.array(attribute, { maxLength: 4 }),
    // Leaves become likelier the deeper the tree; maxDepth bounds it outright.
    children: fc.oneof({ depthSize: 'small', maxDepth: 5 }, fc.constant<Node[]>([]), fc.array(tie('node'), { maxLength: 4 })),
    text: fc.oneof(fc.constant(''), fc.string({ maxLength: 10 }), fc.constantFrom('=a > 1', 'PT5M', '${x}')),
  }),
}));

const NAMESPACES =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"';

function render(tree: Node, root: boolean): string {
  const attributes = tree.attributes.map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('');
  const inner = escapeXml(tree.text) + tree.children.map((childNode) => render(childNode, false)).join('');
  return `<${tree.tag}${root ? ` ${NAMESPACES}` : ''}${attributes}>${inner}</${tree.tag}>`;
}

const element = (tag: string, attributes: [string, string][], children: Node[]): Node => ({ tag, attributes, children, text: '' });

// Most random roots are refused at once; a definitions root gets further, an executable process further still.
const randomXml = fc.oneof(
  node.map((tree) => render(tree, true)),
  fc.array(node, { maxLength: 5 }).map((nodes) => render(element('bpmn:definitions', [], nodes), true)),
  fc
    .array(node, { maxLength: 8 })
    .map((nodes) => render(element('bpmn:definitions', [], [element('bpmn:process', [['id', 'p'], ['isExecutable', 'true']], nodes)]), true)),
);

// ---- mutated fixtures ----

type Mutation = (lines: string[]) => string[];

/** Removes the first element opened on or after line `from`, with its children when it spans lines. */
function dropElement(lines: string[], from: number): string[] {
  const at = lines.findIndex((candidate, index) => index >= from && /^\s*<[\w:]+[\s>/]/.test(candidate));
  if (at === -1) return lines;
  const line = lines[at];
  const open = /^(\s*)<([\w:]+)/.exec(line) as RegExpExecArray;
  if (line.trimEnd().endsWith('/>') || line.includes(`</${open[2]}>`)) return lines.filter((_, index) => index !== at);
  const close = lines.findIndex((candidate, index) => index > at && candidate.startsWith(`${open[1]}</${open[2]}>`));
  return close === -1 ? lines.filter((_, index) => index !== at) : [...lines.slice(0, at), ...lines.slice(close + 1)];
}

// Weighted towards mutations that keep the XML well-formed, so most runs reach the compiler proper.
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.nat().map((n) => (lines: string[]) => dropElement(lines, n % lines.length)), weight: 4 },
  fc.nat().map((n) => (lines: string[]) => {
    const at = n % lines.length;
    return [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)];
  }),
  // Rename: one id (and every reference to it, or only the first) takes another element's name.
  { weight: 3, arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.boolean()).map(([a, b, everywhere]) => (lines: string[]) => {
    const found = [...lines.join('\n').matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
    if (found.length === 0) return lines;
    const from = found[a % found.length];
    const to = found[b % found.length] === from ? `${from}_renamed` : found[b % found.length];
    const pattern = new RegExp(`"${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, everywhere ? 'g' : '');
    return lines.join('\n').replace(pattern, `"${to}"`).split('\n');
  }) },
  // Corrupt one attribute value.
  { weight: 3, arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 8 })).map(([n, value]) => (lines: string[]) => {
    const text = lines.join('\n');
    const attributes = [...text.matchAll(/="[^"]*"/g)];
    if (attributes.length === 0) return lines;
    const match = attributes[n % attributes.length];
    const at = match.index ?? 0;
    return (text.slice(0, at) + `="${escapeXml(value)}"` + text.slice(at + match[0].length)).split('\n');
  }) },
  // Truncate anywhere.
  fc.nat().map((n) => (lines: string[]) => {
    const text = lines.join('\n');
    return text.slice(0, n % (text.length + 1)).split('\n');
  }),
);

const mutatedFixture = fc
  .tuple(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([xml, mutations]) => mutations.reduce((lines, mutate) => mutate(lines), xml.split('\n')).join('\n'));

describe('compileBpmn on arbitrary input', () => {
  it('resolves to a well-formed result for random strings', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'grapheme', maxLength: 200 })), async (text) => {
        expectWellFormed(await compileBpmn(text));
      }),
      { numRuns: RUNS },
    );
  });

  it('resolves to a well-formed result for random XML', { timeout: TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(randomXml, async (xml) => {
        expectWellFormed(await compileBpmn(xml));
      }),
      { numRuns: RUNS },
    );
  });

  it('resolves to a well-formed result for mutated fixtures', { timeout: TIMEOUT }, async () => {
    let compiledCount = 0;
    await fc.assert(
      fc.asyncProperty(mutatedFixture, async (xml) => {
        const result = await compileBpmn(xml);
        expectWellFormed(result);
        if (result.ok) compiledCount++;
      }),
      { numRuns: RUNS },
    );
    // Some mutations (a duplicated closing line, a renamed label) leave a valid diagram: the
    // invariants above were checked on real graphs, not only on rejections.
    expect(compiledCount).toBeGreaterThan(0);
  });

  it('compiles every fixture unmutated', async () => {
    for (const xml of fixtures) expect((await compileBpmn(xml)).ok).toBe(true);
  });
});
