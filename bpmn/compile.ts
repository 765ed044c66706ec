/**
 * The BPMN compiler: BPMN 2.0 XML as Camunda Modeler writes it (Camunda 7 or Camunda 8
 * flavour) in, a validated ProcessGraph out (see ./graph.ts). Everything the interpreter
 * cannot run is refused here, with every problem found reported against its element.
 */
import { feelParseError } from './feel';
import {
  GRAPH_FORMAT,
  type BoundaryEvent,
  type CompileError,
  type CompileResult,
  type EventSubProcess,
  type EventStart,
  type EventTrigger,
  type ProcessesCompileResult,
  type Expression,
  type FormReference,
  type GraphElement,
  type Mapping,
  type MultiInstance,
  type Scope,
  type SequenceFlow,
  type StartEvent,
  type ThrownEvent,
  type StartTrigger,
  type TimerDefinition,
  type ValueSource,
} from './graph';
import { parseCycle, parseDateTime, parseDuration } from './iso8601';
import { isJuel, juelToFeel } from './juel';
import {
  bodyOf,
  child,
  children,
  extension,
  extensions,
  firstLine,
  idOf,
  parseBpmnXml,
  text,
  type ModdleElement,
  type ParseWarning,
} from './moddle';

export interface CompileOptions {
  /** Largest accepted input in UTF-8 bytes; default 5 MiB. */
  maxBytes?: number;
  /** Picks this process when the file has several executable ones (compileProcesses compiles them all). */
  processId?: string;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_RETRIES = 3;
/**
 * The OMG's names for FEEL as an expression language: DMN 1.1's `http://www.omg.org/spec/FEEL/20140401`,
 * and `https://www.omg.org/spec/DMN/20191111/FEEL/` and the like of later DMN versions.
 */
const FEEL_LANGUAGE_URI = /^https?:\/\/www\.omg\.org\/spec\/(?:FEEL|DMN\/\d{8}\/FEEL)\/?(?:\d{8}\/?)?$/i;
/** Deeper nesting is no real diagram, and would overflow the stack of this recursive compiler. */
const MAX_SUB_PROCESS_DEPTH = 32;

/** Compiles BPMN XML. Never throws: bad input yields `{ ok: false, errors }`. */
export async function compileBpmn(xml: string, options: CompileOptions = {}): Promise<CompileResult> {
  try {
    return await compile(xml, options);
  } catch (error) {
    return internalError(error);
  }
}

/**
 * Compiles every executable process of a diagram (a collaboration of several pools deploys them all).
 * Never throws; it succeeds only when every one of them compiles. With several processes, each error
 * names its process in the message.
 */
export async function compileProcesses(xml: string, options: Omit<CompileOptions, 'processId'> = {}): Promise<ProcessesCompileResult> {
  try {
    const parsed = await parse(xml, options);
    if (!parsed.ok) return parsed;
    const { definitions, diagnostics } = parsed;
    const executable = executableProcesses(definitions, diagnostics);
    const compiled = executable.map((process) => ({ process, result: compileProcess(definitions, process, diagnostics.forProcess()) }));
    const errors = [...diagnostics.errors];
    for (const { process, result } of compiled) {
      if (result.ok) continue;
      errors.push(...(compiled.length > 1 ? result.errors.map((e) => ({ ...e, message: `process "${idOf(process)}": ${e.message}` })) : result.errors));
    }
    if (errors.length > 0 || compiled.length === 0) return { ok: false, errors };
    return {
      ok: true,
      processes: compiled.map(({ result }) => {
        const { graph, warnings } = result as Extract<CompileResult, { ok: true }>;
        return { graph, warnings: [...diagnostics.warnings, ...warnings] };
      }),
    };
  } catch (error) {
    return internalError(error);
  }
}

/** The deploy route relies on a result for any input; a bug here must surface as one. */
function internalError(error: unknown): { ok: false; errors: CompileError[] } {
  return { ok: false, errors: [{ message: `internal compiler error: ${error instanceof Error ? error.message : String(error)}` }] };
}

async function compile(xml: string, options: CompileOptions): Promise<CompileResult> {
  const parsed = await parse(xml, options);
  if (!parsed.ok) return parsed;
  const process = pickProcess(parsed.definitions, options.processId, parsed.diagnostics);
  if (!process) return { ok: false, errors: parsed.diagnostics.errors };
  return compileProcess(parsed.definitions, process, parsed.diagnostics);
}

/** Reads the XML, refusing what is too large, declares a document type or is not BPMN. */
async function parse(
  xml: string,
  options: CompileOptions,
): Promise<{ ok: true; definitions: ModdleElement; diagnostics: Diagnostics } | { ok: false; errors: CompileError[] }> {
  if (typeof xml !== 'string') return failure('the diagram must be XML text');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // A UTF-16 unit is at least one UTF-8 byte, so the cheap length test settles most cases.
  if (xml.length > maxBytes || new TextEncoder().encode(xml).length > maxBytes) {
    return failure(`diagram is larger than ${maxBytes} bytes`);
  }
  const declaration = documentTypeDeclaration(xml);
  if (declaration) return failure(declaration);
  const parsed = await parseBpmnXml(xml);
  if (!parsed.ok) return failure(parsed.message);
  return { ok: true, definitions: parsed.definitions, diagnostics: new Diagnostics(parsed.warnings, xml) };
}

/** One process into its graph; the errors are those of `diagnostics` so far and the process's own. */
function compileProcess(definitions: ModdleElement, process: ModdleElement, diagnostics: Diagnostics): CompileResult {
  const key = idOf(process) ?? '';
  const compiler = new ProcessCompiler(diagnostics);
  const scope = compiler.scope(process, key, 'process');
  if (diagnostics.errors.length > 0) return { ok: false, errors: diagnostics.errors };
  const graph = {
    format: GRAPH_FORMAT,
    key,
    name: text(process, 'name') ?? participantName(definitions, process),
    ...scope,
    ...(compiler.starts.length > 0 && { starts: compiler.starts }),
  };
  // The graph is stored and sent as JSON: drop the optional fields left undefined.
  return { ok: true, graph: JSON.parse(JSON.stringify(graph)), warnings: diagnostics.warnings };
}

/**
 * BPMN needs no document type, and its entities are a way to smuggle text into the stored diagram
 * (or blow it up): a DOCTYPE or entity declaration is refused outright, never expanded.
 */
function documentTypeDeclaration(xml: string): string | undefined {
  // Only markup counts: the same words inside a comment or a CDATA section are text.
  const markup = xml.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, '');
  const found = /<!(DOCTYPE|ENTITY)\b/i.exec(markup);
  if (!found) return undefined;
  const what = found[1].toUpperCase() === 'ENTITY' ? 'an entity declaration (<!ENTITY …>)' : 'a document type declaration (<!DOCTYPE …>)';
  return `the diagram contains ${what}; BPMN diagrams have none and they are refused, not expanded: remove it`;
}

function failure(message: string): { ok: false; errors: CompileError[] } {
  return { ok: false, errors: [{ message }] };
}

/** Errors and warnings found so far, and what moddle could not resolve. */
class Diagnostics {
  readonly errors: CompileError[] = [];
  readonly warnings: CompileError[] = [];
  /** moddle drops a reference it cannot resolve; its id is kept here to name it in errors. */
  private unresolved = new Map<unknown, Map<string, string>>();
  private lines?: string[];

  constructor(
    parseWarnings: ParseWarning[],
    private readonly xml: string,
  ) {
    for (const warning of parseWarnings) this.classify(warning);
  }

  /** Fresh errors and warnings for one process of the diagram, with what the parser could not resolve. */
  forProcess(): Diagnostics {
    const own = new Diagnostics([], this.xml);
    own.unresolved = this.unresolved;
    return own;
  }

  error(elementId: string | undefined, message: string): void {
    this.errors.push(elementId === undefined ? { message } : { elementId, message });
  }

  warn(elementId: string | undefined, message: string): void {
    this.warnings.push(elementId === undefined ? { message } : { elementId, message });
  }

  /** The id written in `property` that names no element, if it does. */
  unresolvedReference(element: ModdleElement, property: string): string | undefined {
    return this.unresolved.get(element)?.get(property);
  }

  /** moddle skips an element it cannot read; the id written on it is found through the position it reports. */
  private idWrittenAt(message: string): string | undefined {
    const position = /line: (\d+)\s+column: (\d+)/.exec(message);
    if (!position) return undefined;
    this.lines ??= this.xml.split('\n');
    const column = Number(position[2]);
    const tag = this.lines[Number(position[1])]?.slice(column, column + 2000);
    return tag === undefined ? undefined : /^<[^>]*?\sid\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
  }

  private classify(warning: ParseWarning): void {
    const elementId = warning.element?.id;
    const nested = warning.error?.message ?? '';
    if (warning.message.startsWith('unresolved reference') && warning.element && warning.property) {
      const references = this.unresolved.get(warning.element) ?? new Map<string, string>();
      references.set(warning.property.replace(/^bpmn:/, ''), String(warning.value));
      this.unresolved.set(warning.element, references);
      return;
    }
    // The project's attributes are free-form by design.
    if (warning.message.startsWith('unknown attribute <duban:')) return;
    const duplicate = /^duplicate ID <(.*)>$/.exec(nested);
    if (duplicate) {
      this.error(duplicate[1], `the id "${duplicate[1]}" is used by more than one element`);
      return;
    }
    const unknownType = /^unknown type <(bpmn:[^>]*)>$/.exec(nested);
    if (unknownType) {
      this.error(this.idWrittenAt(warning.message), `${unknownType[1]} is not a BPMN 2.0 element (${firstLine(warning.message)})`);
      return;
    }
    this.warn(elementId, firstLine(nested ? `${firstLine(warning.message)}: ${nested}` : warning.message));
  }
}

const NOT_EXECUTABLE = 'the process is not executable: set isExecutable="true" on it (in Camunda Modeler, select the process or pool and tick "Executable")';

function pickProcess(definitions: ModdleElement, processId: string | undefined, diagnostics: Diagnostics) {
  const processes = children(definitions, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
  if (processes.length === 0) {
    diagnostics.error(undefined, 'the diagram has no process');
    return undefined;
  }
  const notExecutable = (process: ModdleElement) => diagnostics.error(idOf(process), NOT_EXECUTABLE);
  if (processId !== undefined) {
    const chosen = processes.find((process) => idOf(process) === processId);
    if (!chosen) diagnostics.error(undefined, `the diagram has no process "${processId}"`);
    else if (chosen.get('isExecutable') !== true) notExecutable(chosen);
    else return chosen;
    return undefined;
  }
  const executable = processes.filter((process) => process.get('isExecutable') === true);
  if (executable.length === 0) {
    processes.forEach(notExecutable);
    return undefined;
  }
  if (executable.length > 1) {
    const ids = executable.map((process) => idOf(process) ?? '(no id)').join(', ');
    diagnostics.error(undefined, `the diagram has ${executable.length} executable processes (${ids}): choose one with processId`);
    return undefined;
  }
  const [process] = executable;
  if (!idOf(process)) {
    diagnostics.error(undefined, 'the executable process has no id');
    return undefined;
  }
  return process;
}

/** Every executable process, in document order; none (reported) when there is none or one has no id. */
function executableProcesses(definitions: ModdleElement, diagnostics: Diagnostics): ModdleElement[] {
  const processes = children(definitions, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
  if (processes.length === 0) {
    diagnostics.error(undefined, 'the diagram has no process');
    return [];
  }
  const executable = processes.filter((process) => process.get('isExecutable') === true);
  if (executable.length === 0) {
    for (const process of processes) diagnostics.error(idOf(process), NOT_EXECUTABLE);
    return [];
  }
  if (executable.some((process) => !idOf(process))) {
    diagnostics.error(undefined, 'an executable process has no id');
    return [];
  }
  return executable;
}

/** Camunda Modeler names the pool, not the process, when the diagram is a collaboration. */
function participantName(definitions: ModdleElement, process: ModdleElement): string | undefined {
  for (const collaboration of children(definitions, 'rootElements')) {
    for (const participant of children(collaboration, 'participants')) {
      if (participant.get('processRef') === process) return text(participant, 'name');
    }
  }
  return undefined;
}

/** The event definitions a process-level start event may have: what starts a process from outside. */
const START_TRIGGERS = ['bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:TimerEventDefinition'];

/** Flow elements that carry data, not control: the interpreter has nothing to do with them. */
const DATA_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

/** Event definition types by the word used in messages. */
const EVENT_KINDS: Record<string, string> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CancelEventDefinition': 'cancel',
};

type Base = Omit<StartEvent, 'type'>;
type ScopeKind = 'process' | 'sub-process' | 'event sub-process';
type TriggerKind = EventTrigger['kind'];

/** Compiles one process, scope by scope, reporting into the shared diagnostics. */
class ProcessCompiler {
  /** Sub-processes around the scope being compiled. */
  private depth = 0;
  /** The process's message, signal and timer start events, as they are compiled. */
  readonly starts: EventStart[] = [];

  constructor(private readonly diagnostics: Diagnostics) {}

  /** A process or embedded sub-process: its elements, flows and structural checks. */
  scope(container: ModdleElement, scopeId: string, scopeKind: ScopeKind): Omit<Scope, 'startId'> & { startId?: string } {
    // A sub-process's listeners are warned of as an element's.
    if (scopeKind === 'process') this.warnIgnoredListeners(container, scopeId);
    const nodes = new Map<string, ModdleElement>();
    const flowElements: ModdleElement[] = [];
    for (const element of children(container, 'flowElements')) {
      if (DATA_ELEMENTS.has(element.$type)) continue;
      const id = idOf(element);
      if (!id) {
        this.error(undefined, `a ${element.$type} in ${scopeKind} "${scopeId}" has no id`);
      } else if (element.$type === 'bpmn:SequenceFlow') {
        flowElements.push(element);
      } else {
        nodes.set(id, element);
      }
    }

    const flows = record<SequenceFlow>();
    // Flows that carry a condition even when it failed to compile, so one bad condition is one error.
    const conditional = new Set<string>();
    for (const element of flowElements) {
      const flow = this.flow(element, nodes);
      if (flow) flows[flow.id] = flow;
      if (flow && child(element, 'conditionExpression')) conditional.add(flow.id);
    }
    const incoming = new Map<string, string[]>();
    const outgoing = new Map<string, string[]>();
    for (const flow of Object.values(flows)) {
      push(outgoing, flow.source, flow.id);
      push(incoming, flow.target, flow.id);
    }

    const elements = record<GraphElement>();
    for (const [id, node] of nodes) {
      const attributes = dubanAttributes(node);
      // Expression-valued attributes become task properties at run time: they must be FEEL.
      for (const [name, value] of Object.entries(attributes ?? {})) if (value.startsWith('=')) this.feel(value.slice(1), id, `attribute duban:${name}`);
      const element = this.element(node, {
        id,
        name: text(node, 'name'),
        incoming: incoming.get(id) ?? [],
        outgoing: outgoing.get(id) ?? [],
        attributes,
      });
      if (element) elements[id] = element;
    }

    this.attachBoundaryEvents(nodes, elements);
    this.checkFlowsAndGateways(nodes, flows, conditional, outgoing);
    const starts = this.checkStructure(nodes, flows, incoming, outgoing, scopeId, scopeKind);
    const eventSubProcesses = Object.values(elements).filter((e) => e.type === 'eventSubProcess').map((e) => e.id);
    // Only scopes that have some carry these lists: the graphs of other diagrams stay as they were.
    return {
      startId: starts?.startId,
      ...(starts?.implicitStarts && { implicitStarts: starts.implicitStarts }),
      elements,
      flows,
      ...(eventSubProcesses.length > 0 && { eventSubProcesses }),
    };
  }

  // ---- sequence flows ----

  private flow(element: ModdleElement, nodes: Map<string, ModdleElement>): SequenceFlow | undefined {
    const id = idOf(element) as string;
    const source = this.flowEnd(element, 'sourceRef', nodes);
    const target = this.flowEnd(element, 'targetRef', nodes);
    const conditionElement = child(element, 'conditionExpression');
    let condition: Expression | undefined;
    if (conditionElement) {
      const language = text(conditionElement, 'language');
      const body = bodyOf(conditionElement);
      if (language && !/^(feel|juel)$/i.test(language) && !FEEL_LANGUAGE_URI.test(language)) {
        this.error(id, `condition language "${language}" is not supported; write the condition in FEEL`);
      } else if (body === undefined) {
        this.error(id, 'the condition is empty');
      } else {
        condition = this.expression(body, id, 'condition');
      }
    }
    if (source === undefined || target === undefined) return undefined;
    return { id, name: text(element, 'name'), source, target, condition };
  }

  private flowEnd(flow: ModdleElement, property: 'sourceRef' | 'targetRef', nodes: Map<string, ModdleElement>) {
    const flowId = idOf(flow);
    const end = child(flow, property);
    const endId = end && idOf(end);
    if (endId !== undefined && nodes.get(endId) === end) return endId;
    const unresolved = this.diagnostics.unresolvedReference(flow, property);
    if (unresolved !== undefined) this.error(flowId, `${property} "${unresolved}" names no element`);
    else if (!end) this.error(flowId, `the sequence flow has no ${property}`);
    else this.error(flowId, `${property} "${endId ?? '?'}" is not a flow node of the same process or sub-process`);
    return undefined;
  }

  // ---- elements ----

  private element(node: ModdleElement, base: Base): GraphElement | undefined {
    const element = this.elementOfType(node, base);
    if (!element) return undefined;
    const mappings = this.mappings(node, base.id);
    element.inputs = mappings.inputs;
    // A script task's result comes before the diagram's own output mappings.
    const outputs = [...(element.outputs ?? []), ...(mappings.outputs ?? [])];
    element.outputs = outputs.length ? outputs : undefined;
    element.multiInstance = this.multiInstance(node, base.id);
    if (element.multiInstance && element.type === 'eventSubProcess') this.error(base.id, 'an event sub-process cannot be multi-instance');
    if (node.get('isForCompensation') === true) {
      element.forCompensation = true;
      if (element.multiInstance) this.error(base.id, 'a multi-instance compensation handler is not supported');
    }
    this.warnIgnoredListeners(node, base.id);
    return element;
  }

  private elementOfType(node: ModdleElement, base: Base): GraphElement | undefined {
    const { id } = base;
    switch (node.$type) {
      case 'bpmn:StartEvent': {
        const definition = this.eventDefinition(node, id);
        if (definition === null) return undefined;
        // An event sub-process's start event: its trigger belongs to the event sub-process (see eventSubProcess).
        if (definition && node.$parent?.get('triggeredByEvent') === true) return { ...base, type: 'startEvent' };
        if (definition && (node.$parent?.$type !== 'bpmn:Process' || !START_TRIGGERS.includes(definition.$type))) {
          this.unsupportedEvent(id, definition, 'start', '; a process starts with a none, message, signal or timer start event, a sub-process with one none start event');
          return undefined;
        }
        if (definition) {
          const trigger = this.startTrigger(definition, id);
          if (!trigger) return undefined;
          this.starts.push({ id, trigger });
        }
        return { ...base, type: 'startEvent' };
      }
      case 'bpmn:EndEvent':
        return this.endEvent(node, base);
      case 'bpmn:IntermediateCatchEvent': {
        const definition = this.eventDefinition(node, id);
        if (definition === null) return undefined;
        if (definition?.$type === 'bpmn:LinkEventDefinition') {
          const link = this.linkName(definition, id);
          return link === undefined ? undefined : { ...base, type: 'linkCatchEvent', link };
        }
        if (!definition) {
          this.error(id, 'an intermediate catch event needs a timer, message or signal definition');
          return undefined;
        }
        const trigger = this.trigger(definition, id, ['timer', 'message', 'signal'], 'intermediate catch');
        if (!trigger || trigger.kind === 'error' || trigger.kind === 'escalation') return undefined;
        return { ...base, type: 'intermediateCatchEvent', trigger };
      }
      case 'bpmn:IntermediateThrowEvent': {
        const definition = this.eventDefinition(node, id);
        if (definition === null) return undefined;
        if (definition?.$type === 'bpmn:LinkEventDefinition') {
          const link = this.linkName(definition, id);
          if (link === undefined) return undefined;
          const catches = linkCatches(node.$parent, link);
          if (catches.length !== 1) {
            this.error(id, catches.length === 0 ? `no link catch event named "${link}" in the same process or sub-process` : `several link catch events are named "${link}" in the same process or sub-process`);
            return undefined;
          }
          return { ...base, type: 'intermediateThrowEvent', linkTarget: idOf(catches[0]) };
        }
        if (definition?.$type === 'bpmn:MessageEventDefinition') return this.messageThrow(node, base, 'message throw event');
        if (definition) {
          const throws = this.thrown(definition, id, 'intermediate throw');
          return throws && { ...base, type: 'intermediateThrowEvent', throws };
        }
        return { ...base, type: 'intermediateThrowEvent' };
      }
      case 'bpmn:BoundaryEvent':
        return this.boundaryEvent(node, base);
      case 'bpmn:UserTask':
        return this.userTask(node, base);
      case 'bpmn:ServiceTask':
        return this.serviceTask(node, base, 'service task');
      case 'bpmn:SendTask':
        return this.serviceTask(node, base, 'send task');
      case 'bpmn:BusinessRuleTask':
        if (extension(node, 'zeebe:CalledDecision')) return this.calledDecision(node, base);
        if (text(node, 'camunda:decisionRef')) {
          this.error(id, 'Camunda 7 decision references (camunda:decisionRef) are not supported; call the decision with zeebe:calledDecision decisionId and resultVariable');
          return undefined;
        }
        return this.serviceTask(node, base, 'business rule task');
      case 'bpmn:ScriptTask':
        return this.scriptTask(node, base);
      case 'bpmn:ReceiveTask': {
        const messageName = this.messageName(node, id);
        return messageName === undefined ? undefined : { ...base, type: 'receiveTask', messageName, ...this.correlationKey(node, id) };
      }
      case 'bpmn:Task':
        return { ...base, type: 'task' };
      case 'bpmn:ManualTask':
        return { ...base, type: 'manualTask' };
      case 'bpmn:SubProcess':
        return node.get('triggeredByEvent') === true ? this.eventSubProcess(node, base) : this.subProcess(node, base);
      case 'bpmn:CallActivity':
        return this.callActivity(node, base);
      case 'bpmn:ExclusiveGateway':
      case 'bpmn:InclusiveGateway':
        return { ...base, type: node.$type === 'bpmn:ExclusiveGateway' ? 'exclusiveGateway' : 'inclusiveGateway', default: this.defaultFlowId(node) };
      case 'bpmn:ParallelGateway':
        return { ...base, type: 'parallelGateway' };
      case 'bpmn:EventBasedGateway':
        if (node.get('instantiate') === true) {
          this.error(id, 'an event-based gateway that starts the process is not supported');
          return undefined;
        }
        return { ...base, type: 'eventBasedGateway' };
      case 'bpmn:ComplexGateway':
        this.error(id, 'bpmn:ComplexGateway is not supported; use an exclusive, inclusive or parallel gateway');
        return undefined;
      case 'bpmn:Transaction':
        this.error(id, 'bpmn:Transaction is not supported; use an embedded sub-process');
        return undefined;
      case 'bpmn:AdHocSubProcess':
        this.error(id, 'bpmn:AdHocSubProcess is not supported; use an embedded sub-process');
        return undefined;
      default:
        this.error(id, `${node.$type} is not supported`);
        return undefined;
    }
  }

  private endEvent(node: ModdleElement, base: Base): GraphElement | undefined {
    const { id } = base;
    const definition = this.eventDefinition(node, id);
    if (definition === null) return undefined;
    if (!definition) return { ...base, type: 'endEvent', result: 'none' };
    if (definition.$type === 'bpmn:TerminateEventDefinition') return { ...base, type: 'endEvent', result: 'terminate' };
    // As Camunda 8 does, a job worker sends the message; the path ends once it has (see messageThrow).
    if (definition.$type === 'bpmn:MessageEventDefinition') return this.messageThrow(node, base, 'message end event');
    if (definition.$type !== 'bpmn:ErrorEventDefinition') {
      const throws = this.thrown(definition, id, 'end');
      return throws && { ...base, type: 'endEvent', result: 'none', throws };
    }
    const error = this.referencedError(definition, id);
    if (error === null) return undefined;
    const errorCode = error && text(error, 'errorCode');
    if (errorCode === undefined) {
      this.error(id, 'an error end event must reference an error with an error code');
      return undefined;
    }
    if (errorCode.startsWith('=')) {
      this.error(id, `error code "${errorCode}" must be a literal, not an expression`);
      return undefined;
    }
    return { ...base, type: 'endEvent', result: 'error', errorCode };
  }

  private boundaryEvent(node: ModdleElement, base: Base): BoundaryEvent | undefined {
    const { id } = base;
    const attached = child(node, 'attachedToRef');
    const attachedTo = attached && idOf(attached);
    if (attachedTo === undefined) {
      const unresolved = this.diagnostics.unresolvedReference(node, 'attachedToRef');
      this.error(id, unresolved === undefined ? 'the boundary event is not attached to an activity' : `attachedToRef "${unresolved}" names no element`);
      return undefined;
    }
    const definition = this.eventDefinition(node, id);
    if (definition === null) return undefined;
    if (!definition) {
      this.error(id, 'a boundary event needs a timer, message, error, signal or escalation definition');
      return undefined;
    }
    if (definition.$type === 'bpmn:CompensateEventDefinition') return { ...base, type: 'boundaryEvent', attachedTo, cancelActivity: false, trigger: { kind: 'compensation' } };
    const trigger = this.trigger(definition, id, ['timer', 'message', 'error', 'signal', 'escalation'], 'boundary');
    if (!trigger) return undefined;
    const cancelActivity = node.get('cancelActivity') !== false;
    if (trigger.kind === 'error' && !cancelActivity) {
      this.error(id, 'an error boundary event always interrupts its activity; it cannot be non-interrupting');
      return undefined;
    }
    return { ...base, type: 'boundaryEvent', attachedTo, cancelActivity, trigger };
  }

  private userTask(node: ModdleElement, base: Base): GraphElement {
    const { id } = base;
    const assignment = extension(node, 'zeebe:AssignmentDefinition');
    const schedule = extension(node, 'zeebe:TaskSchedule');
    const form = extension(node, 'zeebe:FormDefinition');
    const read = (zeebeOwner: ModdleElement | undefined, property: string) =>
      (zeebeOwner && text(zeebeOwner, property)) ?? text(node, `camunda:${property}`);

    const dueDateText = read(schedule, 'dueDate');
    let dueDate = this.valueSource(dueDateText, id, 'due date');
    if (dueDate && 'literal' in dueDate && parseDateTime(dueDate.literal) === undefined && parseDuration(dueDate.literal) === undefined) {
      this.error(id, `due date "${dueDate.literal}" is neither an ISO 8601 date-time with offset (2026-12-01T09:00:00+08:00) nor a duration (P7D)`);
    }
    // duban:dueInWorkingDays="5" (or "=days"): due that many working days after the task opens.
    const inWorkingDays = base.attributes?.dueInWorkingDays;
    if (inWorkingDays !== undefined) {
      if (dueDateText !== undefined) this.error(id, 'give a due date or duban:dueInWorkingDays, not both');
      else if (!inWorkingDays.startsWith('=') && !/^\d{1,4}$/.test(inWorkingDays)) this.error(id, `duban:dueInWorkingDays "${inWorkingDays}" is not a whole number of working days`);
      else dueDate = { expression: `add working days(today(), ${inWorkingDays.startsWith('=') ? `(${inWorkingDays.slice(1)})` : inWorkingDays})` };
    }
    const formKey =
      (form && (text(form, 'formKey') ?? text(form, 'formId') ?? text(form, 'externalReference'))) ??
      text(node, 'camunda:formKey') ??
      text(node, 'camunda:formRef');
    if (formKey?.startsWith('=')) this.error(id, `form key "${formKey}" must be a literal, not an expression`);
    const linkedForm = form && text(form, 'formId');
    const [assignee, candidateGroups, candidateUsers] = (['assignee', 'candidateGroups', 'candidateUsers'] as const).map((p) => read(assignment, p));
    if (assignee === undefined && candidateGroups === undefined && candidateUsers === undefined) {
      this.diagnostics.warn(id, "no candidate unit or assignee: the task goes to the supervision office's queue for dispatch");
    }
    return {
      ...base,
      type: 'userTask',
      assignee: this.valueSource(assignee, id, 'assignee'),
      candidateGroups: this.valueSource(candidateGroups, id, 'candidate groups'),
      candidateUsers: this.valueSource(candidateUsers, id, 'candidate users'),
      dueDate,
      formKey,
      form: linkedForm ? { formId: linkedForm } : form && this.embeddedForm(node, text(form, 'formKey'), id),
    };
  }

  /** A form embedded in the diagram: `formKey="camunda-forms:bpmn:<id>"` names a zeebe:userTaskForm of the process. */
  private embeddedForm(node: ModdleElement, formKey: string | undefined, id: string): FormReference | undefined {
    const prefix = 'camunda-forms:bpmn:';
    if (!formKey?.startsWith(prefix)) return undefined;
    const formId = formKey.slice(prefix.length);
    let process: ModdleElement | undefined = node.$parent;
    while (process && process.$type !== 'bpmn:Process') process = process.$parent;
    const embedded = process && extensions(process, 'zeebe:UserTaskForm').find((candidate) => text(candidate, 'id') === formId);
    const body = embedded && text(embedded, 'body');
    if (body === undefined) {
      this.error(id, `form key "${formKey}" names no zeebe:userTaskForm with id "${formId}" in the process`);
      return undefined;
    }
    try {
      const schema: unknown = JSON.parse(body);
      if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error('not a JSON object');
    } catch (error) {
      this.error(id, `the embedded form "${formId}" is not a form-js JSON schema: ${(error as Error).message}`);
      return undefined;
    }
    return { embedded: body };
  }

  /**
   * Service tasks, and send and business rule tasks run by a job worker as Camunda 8 does. Any task type
   * deploys: the worker serves the built-in ones itself, every other one becomes a job for an external worker.
   */
  private serviceTask(node: ModdleElement, base: Base, label: string): GraphElement | undefined {
    const { id } = base;
    const definition = extension(node, 'zeebe:TaskDefinition');
    const camundaType = text(node, 'camunda:type');
    const taskType =
      (definition && text(definition, 'type')) ??
      text(node, 'camunda:topic') ??
      (camundaType !== 'external' ? camundaType : undefined);
    if (taskType === undefined) {
      const delegate = ['camunda:class', 'camunda:delegateExpression', 'camunda:expression'].find((property) => text(node, property));
      this.error(
        id,
        delegate
          ? `Java delegates (${delegate}) are not supported; make the ${label} an external task with camunda:topic`
          : `the ${label} has no task type: set zeebe:taskDefinition type (Camunda 8) or camunda:topic (Camunda 7)`,
      );
      return undefined;
    }
    if (taskType.startsWith('=')) {
      this.error(id, `task type "${taskType}" must be a literal name, not an expression`);
      return undefined;
    }
    const headers = this.taskHeaders(node);
    return { ...base, type: 'serviceTask', taskType, retries: this.retries(node, definition, id), ...(headers && { headers }) };
  }

  /**
   * A business rule task calling a deployed DMN decision (its latest version): the built-in `decision`
   * task type, which evaluates it with the task's variables into the result variable.
   */
  private calledDecision(node: ModdleElement, base: Base): GraphElement | undefined {
    const { id } = base;
    const called = extension(node, 'zeebe:CalledDecision')!;
    const decisionId = text(called, 'decisionId');
    const resultVariable = text(called, 'resultVariable');
    if (decisionId === undefined) this.error(id, 'the business rule task calls no decision: set zeebe:calledDecision decisionId');
    else if (decisionId.startsWith('=')) this.error(id, `decision id "${decisionId}" must be a literal id, not an expression`);
    if (resultVariable === undefined) this.error(id, 'the business rule task has no result variable: set zeebe:calledDecision resultVariable');
    const binding = text(called, 'bindingType');
    if (binding !== undefined && binding !== 'latest') this.diagnostics.warn(id, `binding type "${binding}" is not supported: the latest deployed version of the decision is called`);
    if (decisionId === undefined || decisionId.startsWith('=') || resultVariable === undefined) return undefined;
    return { ...base, type: 'serviceTask', taskType: 'decision', retries: DEFAULT_RETRIES, headers: { decisionId, resultVariable } };
  }

  /** zeebe:taskHeaders: static key-value pairs handed to the job worker with each job. */
  private taskHeaders(node: ModdleElement): Record<string, string> | undefined {
    const headers = extension(node, 'zeebe:TaskHeaders');
    const values = ((headers?.get('values') as ModdleElement[] | undefined) ?? []).filter((h) => text(h, 'key') !== undefined);
    if (values.length === 0) return undefined;
    return Object.fromEntries(values.map((h) => [text(h, 'key')!, text(h, 'value') ?? '']));
  }

  private retries(node: ModdleElement, definition: ModdleElement | undefined, id: string): number {
    const zeebeRetries = definition && text(definition, 'retries');
    if (zeebeRetries !== undefined) {
      if (/^\d+$/.test(zeebeRetries)) return Number(zeebeRetries);
      this.error(id, `retries "${zeebeRetries}" must be a whole number`);
      return DEFAULT_RETRIES;
    }
    // Camunda 7 states retries as a cycle such as R5/PT5M: the repetition count is the retries.
    const cycle = bodyOf(extension(node, 'camunda:FailedJobRetryTimeCycle'));
    const repetitions = cycle === undefined ? undefined : /^R(\d+)\//.exec(cycle)?.[1];
    return repetitions === undefined ? DEFAULT_RETRIES : Number(repetitions);
  }

  /** A FEEL script task (Camunda 8) sets its result variable: a pass-through task with that output. */
  private scriptTask(node: ModdleElement, base: Base): GraphElement | undefined {
    const { id } = base;
    if (extension(node, 'zeebe:TaskDefinition')) return this.serviceTask(node, base, 'script task');
    const script = extension(node, 'zeebe:Script');
    const source = script && text(script, 'expression');
    const resultVariable = script && text(script, 'resultVariable');
    if (source === undefined || resultVariable === undefined) {
      this.error(id, 'script tasks are supported only as FEEL scripts: set zeebe:script expression and resultVariable');
      return undefined;
    }
    const expression = this.expression(source, id, 'script');
    return { ...base, type: 'task', outputs: expression === undefined ? undefined : [{ source: expression, target: resultVariable }] };
  }

  private subProcess(node: ModdleElement, base: Base): GraphElement | undefined {
    if (this.depth >= MAX_SUB_PROCESS_DEPTH) {
      this.error(base.id, `sub-processes are nested more than ${MAX_SUB_PROCESS_DEPTH} deep`);
      return undefined;
    }
    this.depth++;
    try {
      // A sub-process without a none start event is reported: its scope is never run.
      const scope = this.scope(node, base.id, 'sub-process');
      return { ...base, type: 'subProcess', scope: { ...scope, startId: scope.startId ?? '' } };
    } finally {
      this.depth--;
    }
  }

  /** An event sub-process: its one start event's trigger starts it (see graph.ts EventSubProcess). */
  private eventSubProcess(node: ModdleElement, base: Base): EventSubProcess | undefined {
    const { id } = base;
    if (base.incoming.length > 0 || base.outgoing.length > 0) {
      this.error(id, 'an event sub-process cannot have sequence flows; its start event starts it');
      return undefined;
    }
    if (this.depth >= MAX_SUB_PROCESS_DEPTH) {
      this.error(id, `sub-processes are nested more than ${MAX_SUB_PROCESS_DEPTH} deep`);
      return undefined;
    }
    const starts = children(node, 'flowElements').filter((e) => e.$type === 'bpmn:StartEvent');
    const startNode = starts[0];
    const startId = startNode && idOf(startNode);
    const definitions = startNode ? children(startNode, 'eventDefinitions') : [];
    // The scope reports a missing or second start event; the trigger is read here only when there is one.
    let trigger: EventTrigger | undefined;
    if (starts.length === 1 && startId !== undefined && definitions.length === 1) {
      trigger = this.trigger(definitions[0], startId, ['timer', 'message', 'error', 'signal', 'escalation'], 'event sub-process start');
    }
    const interrupting = startNode?.get('isInterrupting') !== false;
    if (trigger?.kind === 'error' && !interrupting) {
      this.error(startId, 'an error start event always interrupts; it cannot start a non-interrupting event sub-process');
      return undefined;
    }
    this.depth++;
    try {
      const scope = this.scope(node, id, 'event sub-process');
      return trigger && { ...base, type: 'eventSubProcess', trigger, interrupting, scope: { ...scope, startId: scope.startId ?? '' } };
    } finally {
      this.depth--;
    }
  }

  private callActivity(node: ModdleElement, base: Base): GraphElement | undefined {
    const { id } = base;
    const called = extension(node, 'zeebe:CalledElement');
    const calledElement = (called && text(called, 'processId')) ?? text(node, 'calledElement');
    if (calledElement === undefined) {
      this.error(id, 'the call activity names no process: set zeebe:calledElement processId (Camunda 8) or calledElement (Camunda 7)');
      return undefined;
    }
    if (calledElement.startsWith('=') || isJuel(calledElement)) {
      this.error(id, `called process "${calledElement}" must be a literal process id, not an expression`);
      return undefined;
    }
    // Camunda 8 propagates all child variables unless told not to; Camunda 7 only with variables="all".
    const propagateAllVariables = called
      ? called.get('propagateAllChildVariables') !== false
      : [...extensions(node, 'camunda:In'), ...extensions(node, 'camunda:Out')].some((binding) => text(binding, 'variables') === 'all');
    // Camunda 8 passes the parent's variables in unless told not to, whatever it passes out.
    const inheritVariables = called ? called.get('propagateAllParentVariables') !== false : undefined;
    return { ...base, type: 'callActivity', calledElement, propagateAllVariables, ...(inheritVariables !== undefined && { inheritVariables }) };
  }

  // ---- events ----

  /** The single event definition: undefined for none, null (reported) for several. */
  private eventDefinition(node: ModdleElement, id: string): ModdleElement | undefined | null {
    const definitions = children(node, 'eventDefinitions');
    if (definitions.length > 1) {
      this.error(id, 'events with several event definitions (multiple events) are not supported');
      return null;
    }
    return definitions[0];
  }

  private linkName(definition: ModdleElement, id: string): string | undefined {
    const name = text(definition, 'name')?.trim();
    if (!name) this.error(id, 'a link event needs a name: the link throw and catch events of one name are joined');
    return name || undefined;
  }

  private unsupportedEvent(id: string, definition: ModdleElement, position: string, hint = ''): void {
    const kind = EVENT_KINDS[definition.$type] ?? definition.$type;
    this.error(id, `${kind} ${position} events (${definition.$type}) are not supported${hint}`);
  }

  private trigger(definition: ModdleElement, id: string, allowed: TriggerKind[], position: string): EventTrigger | undefined {
    const kind = EVENT_KINDS[definition.$type];
    if (!allowed.includes(kind as TriggerKind)) {
      this.unsupportedEvent(id, definition, position);
      return undefined;
    }
    switch (kind as TriggerKind) {
      case 'timer': {
        const timer = this.timer(definition, id);
        return timer && { kind: 'timer', timer };
      }
      case 'message': {
        const messageName = this.messageName(definition, id);
        return messageName === undefined ? undefined : { kind: 'message', messageName, ...this.correlationKey(definition, id) };
      }
      case 'error': {
        const error = this.referencedError(definition, id);
        if (error === null) return undefined;
        const errorCode = error && text(error, 'errorCode');
        return { kind: 'error', errorCode };
      }
      case 'signal': {
        const signalName = this.signalName(definition, id);
        return signalName === undefined ? undefined : { kind: 'signal', signalName };
      }
      case 'escalation': {
        const escalation = this.referenced(definition, id, 'escalationRef', 'escalation');
        if (escalation === null) return undefined;
        const escalationCode = escalation && text(escalation, 'escalationCode');
        if (escalationCode?.startsWith('=')) {
          this.error(id, `escalation code "${escalationCode}" of a catch event must be a literal, not an expression`);
          return undefined;
        }
        return { kind: 'escalation', escalationCode };
      }
    }
  }

  /**
   * A message throw or end event runs as a job, the way Camunda 8 runs it: its job type's worker sends
   * the message, and the path goes on (or ends) when the worker completes the job.
   */
  private messageThrow(node: ModdleElement, base: Base, label: string): GraphElement | undefined {
    if (!extension(node, 'zeebe:TaskDefinition') && !text(node, 'camunda:topic')) {
      this.error(base.id, `the ${label} has no job type: set zeebe:taskDefinition type, as Camunda 8 asks; a job worker of that type sends the message`);
      return undefined;
    }
    return this.serviceTask(node, base, label);
  }

  /** What a throw or end event with this definition throws; reported and undefined when it cannot be thrown here. */
  private thrown(definition: ModdleElement, id: string, position: string): ThrownEvent | undefined {
    if (definition.$type === 'bpmn:SignalEventDefinition') {
      const signalName = this.signalName(definition, id);
      return signalName === undefined ? undefined : { kind: 'signal', signalName };
    }
    if (definition.$type === 'bpmn:CompensateEventDefinition') {
      const activity = this.referenced(definition, id, 'activityRef', 'activity');
      if (activity === null) return undefined;
      // The activity must be one with a handler in the same scope: checked with the scope's boundary events.
      return { kind: 'compensation', ...(activity && { activity: idOf(activity) }) };
    }
    if (definition.$type === 'bpmn:EscalationEventDefinition') {
      const escalation = this.referenced(definition, id, 'escalationRef', 'escalation');
      if (escalation === null) return undefined;
      const escalationCode = escalation && text(escalation, 'escalationCode');
      if (escalationCode === undefined) {
        this.error(id, `an escalation ${position} event must reference an escalation with an escalation code`);
        return undefined;
      }
      if (escalationCode.startsWith('=')) {
        this.error(id, `escalation code "${escalationCode}" must be a literal, not an expression`);
        return undefined;
      }
      return { kind: 'escalation', escalationCode };
    }
    this.unsupportedEvent(id, definition, position);
    return undefined;
  }

  private signalName(definition: ModdleElement, id: string): string | undefined {
    const signal = this.referenced(definition, id, 'signalRef', 'signal');
    if (signal === null) return undefined;
    const name = signal && text(signal, 'name')?.trim();
    if (!signal) this.error(id, 'no signal is referenced: choose or create a signal');
    else if (!name) this.error(id, `signal "${idOf(signal) ?? '?'}" has no name`);
    else if (name.startsWith('=')) this.error(id, `signal name "${name}" must be a literal, not an expression`);
    else return name;
    return undefined;
  }

  /** The element a definition's reference names: undefined when there is none, null (reported) when it names nothing. */
  private referenced(definition: ModdleElement, id: string, property: string, what: string): ModdleElement | undefined | null {
    const target = child(definition, property);
    const unresolved = this.diagnostics.unresolvedReference(definition, property);
    if (!target && unresolved !== undefined) {
      this.error(id, `${property} "${unresolved}" names no ${what}`);
      return null;
    }
    return target;
  }

  /**
   * What starts the process at a message, signal or timer start event. A timer start becomes a
   * Temporal Schedule at deploy, so its timer is a literal and steps by a fixed interval.
   */
  private startTrigger(definition: ModdleElement, id: string): StartTrigger | undefined {
    if (definition.$type === 'bpmn:MessageEventDefinition' || definition.$type === 'bpmn:SignalEventDefinition') {
      const kind = definition.$type === 'bpmn:MessageEventDefinition' ? 'message' : 'signal';
      const name = kind === 'message' ? this.messageName(definition, id) : this.signalName(definition, id);
      if (name === undefined) return undefined;
      const trigger: StartTrigger = kind === 'message' ? { kind, messageName: name } : { kind, signalName: name };
      if (this.starts.some((s) => JSON.stringify(s.trigger) === JSON.stringify(trigger))) {
        this.error(id, `another ${kind} start event of the process waits for ${kind} "${name}"; a ${kind} starts a process at one start event`);
        return undefined;
      }
      return trigger;
    }
    const timer = this.timer(definition, id);
    if (!timer) return undefined;
    if (!('literal' in timer.value)) {
      this.error(id, 'a timer start event needs a literal timer (a date, a duration or a cycle), not an expression: it is scheduled when the diagram is deployed');
      return undefined;
    }
    const cycle = timer.kind === 'cycle' ? parseCycle(timer.value.literal) : undefined;
    if (cycle && (cycle.interval.years > 0 || cycle.interval.months > 0)) {
      this.error(id, `timer cycle "${timer.value.literal}" steps in months or years; a timer start event's cycle steps by weeks, days, hours, minutes or seconds (e.g. R/P7D)`);
      return undefined;
    }
    return { kind: 'timer', timer };
  }

  private timer(definition: ModdleElement, id: string): TimerDefinition | undefined {
    const forms = (['timeDuration', 'timeDate', 'timeCycle'] as const)
      .map((property) => ({ property, body: bodyOf(child(definition, property)) }))
      .filter((form): form is { property: 'timeDuration' | 'timeDate' | 'timeCycle'; body: string } => form.body !== undefined);
    if (forms.length !== 1) {
      this.error(id, forms.length === 0
        ? 'the timer has no timeDuration, timeDate or timeCycle'
        : 'the timer must have exactly one of timeDuration, timeDate and timeCycle');
      return undefined;
    }
    const [{ property, body }] = forms;
    const kind = ({ timeDuration: 'duration', timeDate: 'date', timeCycle: 'cycle' } as const)[property];
    const value = this.valueSource(body, id, `timer ${property}`);
    if (!value) return undefined;
    if ('literal' in value) {
      const problem = timerLiteralProblem(kind, value.literal);
      if (problem) {
        this.error(id, problem);
        return undefined;
      }
    }
    return { kind, value };
  }

  private messageName(owner: ModdleElement, id: string): string | undefined {
    const message = child(owner, 'messageRef');
    if (!message) {
      const unresolved = this.diagnostics.unresolvedReference(owner, 'messageRef');
      this.error(id, unresolved === undefined ? 'no message is referenced: choose or create a message' : `messageRef "${unresolved}" names no message`);
      return undefined;
    }
    const name = text(message, 'name');
    if (name === undefined) {
      this.error(id, `message "${idOf(message) ?? '?'}" has no name`);
      return undefined;
    }
    if (name.startsWith('=') || isJuel(name)) {
      this.error(id, `message name "${name}" must be a literal, not an expression`);
      return undefined;
    }
    return name;
  }

  /** The correlation key of the referenced message (zeebe:subscription), as a FEEL expression. */
  private correlationKey(owner: ModdleElement, id: string): { correlationKey?: Expression } {
    const message = child(owner, 'messageRef');
    const subscription = message && extension(message, 'zeebe:Subscription');
    const raw = subscription && text(subscription, 'correlationKey');
    if (!raw) return {};
    const correlationKey = this.expression(raw, id, 'correlation key');
    return correlationKey === undefined ? {} : { correlationKey };
  }

  /** The referenced bpmn:error; undefined when none is referenced, null (reported) when the reference is broken. */
  private referencedError(definition: ModdleElement, id: string): ModdleElement | undefined | null {
    const error = child(definition, 'errorRef');
    const unresolved = this.diagnostics.unresolvedReference(definition, 'errorRef');
    if (!error && unresolved !== undefined) {
      this.error(id, `errorRef "${unresolved}" names no error`);
      return null;
    }
    return error;
  }

  // ---- mappings and multi-instance ----

  private mappings(node: ModdleElement, id: string): { inputs?: Mapping[]; outputs?: Mapping[] } {
    const inputs: Mapping[] = [];
    const outputs: Mapping[] = [];
    const zeebe = extension(node, 'zeebe:IoMapping');
    if (zeebe) {
      for (const parameter of children(zeebe, 'inputParameters')) this.zeebeMapping(parameter, id, 'input', inputs);
      for (const parameter of children(zeebe, 'outputParameters')) this.zeebeMapping(parameter, id, 'output', outputs);
    }
    const camunda = extension(node, 'camunda:InputOutput');
    if (camunda) {
      for (const parameter of children(camunda, 'inputParameters')) this.camundaMapping(parameter, id, 'input', inputs);
      for (const parameter of children(camunda, 'outputParameters')) this.camundaMapping(parameter, id, 'output', outputs);
    }
    // Camunda 7 call activities map variables with camunda:in / camunda:out.
    for (const binding of extensions(node, 'camunda:In')) this.camundaBinding(binding, id, 'input', inputs);
    for (const binding of extensions(node, 'camunda:Out')) this.camundaBinding(binding, id, 'output', outputs);
    return { inputs: inputs.length ? inputs : undefined, outputs: outputs.length ? outputs : undefined };
  }

  private zeebeMapping(parameter: ModdleElement, id: string, direction: 'input' | 'output', into: Mapping[]): void {
    const target = text(parameter, 'target');
    if (target === undefined) {
      this.error(id, `an ${direction} mapping has no target variable`);
      return;
    }
    const raw = text(parameter, 'source');
    // Camunda 8 reads a source without `=` as a string constant, and an empty one as null.
    const source = raw === undefined ? 'null' : raw.startsWith('=') ? this.feel(raw.slice(1), id, `${direction} mapping "${target}"`) : JSON.stringify(raw);
    if (source !== undefined) into.push({ source, target });
  }

  private camundaMapping(parameter: ModdleElement, id: string, direction: 'input' | 'output', into: Mapping[]): void {
    const target = text(parameter, 'name');
    if (target === undefined) {
      this.error(id, `an ${direction} parameter has no name`);
      return;
    }
    const definition = child(parameter, 'definition');
    if (definition) {
      this.error(id, `${direction} parameter "${target}" is a ${definition.$type}; only simple values and \${…} expressions are supported`);
      return;
    }
    const raw = text(parameter, 'value');
    const source = raw === undefined ? 'null' : isJuel(raw) ? this.juel(raw, id, `${direction} parameter "${target}"`) : JSON.stringify(raw);
    if (source !== undefined) into.push({ source, target });
  }

  private camundaBinding(binding: ModdleElement, id: string, direction: 'input' | 'output', into: Mapping[]): void {
    if (text(binding, 'variables') === 'all' || text(binding, 'businessKey') !== undefined) return;
    const target = text(binding, 'target');
    const sourceName = text(binding, 'source');
    const sourceExpression = text(binding, 'sourceExpression');
    if (target === undefined || (sourceName === undefined && sourceExpression === undefined)) {
      this.error(id, `a camunda:${direction === 'input' ? 'in' : 'out'} mapping needs a source or sourceExpression and a target`);
      return;
    }
    const source = sourceExpression !== undefined
      ? this.juel(sourceExpression, id, `${direction} mapping "${target}"`)
      : this.feel(sourceName as string, id, `${direction} mapping "${target}"`);
    if (source !== undefined) into.push({ source, target });
  }

  private multiInstance(node: ModdleElement, id: string): MultiInstance | undefined {
    const loop = child(node, 'loopCharacteristics');
    if (!loop) return undefined;
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      this.error(id, `${loop.$type} (a loop) is not supported; use a multi-instance marker with an input collection`);
      return undefined;
    }
    const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
    const rawCollection = (zeebe && text(zeebe, 'inputCollection')) ?? text(loop, 'camunda:collection');
    if (rawCollection === undefined) {
      this.error(id, child(loop, 'loopCardinality')
        ? 'loop cardinality is not supported; give the multi-instance an input collection'
        : 'the multi-instance has no input collection: set inputCollection (Camunda 8) or camunda:collection (Camunda 7)');
      return undefined;
    }
    const collection = this.expression(rawCollection, id, 'input collection');
    const completionText = bodyOf(child(loop, 'completionCondition'));
    const completionCondition = completionText === undefined ? undefined : this.expression(completionText, id, 'completion condition');
    const outputCollection = zeebe && text(zeebe, 'outputCollection');
    const outputElementText = zeebe && text(zeebe, 'outputElement');
    if ((outputCollection === undefined) !== (outputElementText === undefined)) {
      this.error(id, 'the multi-instance needs both an output collection and an output element, or neither');
    }
    const outputElement = outputElementText === undefined ? undefined : this.expression(outputElementText, id, 'output element');
    if (collection === undefined) return undefined;
    return {
      isSequential: loop.get('isSequential') === true,
      collection,
      elementVariable: (zeebe && text(zeebe, 'inputElement')) ?? text(loop, 'camunda:elementVariable'),
      completionCondition,
      outputCollection,
      outputElement,
    };
  }

  // ---- structure ----

  private attachBoundaryEvents(nodes: Map<string, ModdleElement>, elements: Record<string, GraphElement>): void {
    for (const element of Object.values(elements)) {
      if (element.type !== 'boundaryEvent') continue;
      const host = nodes.get(element.attachedTo);
      if (!host) {
        this.error(element.id, `attachedToRef "${element.attachedTo}" is not an activity of the same process or sub-process`);
      } else if (!host.$instanceOf('bpmn:Activity')) {
        this.error(element.id, `the boundary event is attached to ${host.$type} "${element.attachedTo}", which is not an activity`);
      } else if (host.$type === 'bpmn:CallActivity' && element.trigger.kind === 'escalation') {
        this.error(element.id, 'escalation boundary events on call activities are not supported: an escalation thrown in the called process does not reach its caller here; throw an error instead');
      } else if (host.get('triggeredByEvent') === true) {
        this.error(element.id, `the boundary event is attached to event sub-process "${element.attachedTo}"; an event sub-process takes no boundary events`);
      } else {
        const hostElement = elements[element.attachedTo];
        if (hostElement) (hostElement.boundaryEvents ??= []).push(element.id);
        if (hostElement && element.trigger.kind === 'compensation') this.linkHandler(element.id, hostElement, nodes, elements);
      }
    }
    for (const element of Object.values(elements)) {
      if (element.forCompensation && !Object.values(elements).some((e) => e.compensationHandler === element.id)) {
        this.error(element.id, 'the compensation handler is not associated with a compensation boundary event: draw an association from one to it');
      }
      const thrown = element.type === 'intermediateThrowEvent' || element.type === 'endEvent' ? element.throws : undefined;
      const target = thrown?.kind === 'compensation' ? thrown.activity : undefined;
      if (target !== undefined && !elements[target]?.compensationHandler) {
        this.error(element.id, `activityRef "${target}" is not an activity with a compensation boundary event in the same process or sub-process`);
      }
    }
  }

  /** A compensation boundary event names its handler by an association from it. */
  private linkHandler(boundaryId: string, host: GraphElement, nodes: Map<string, ModdleElement>, elements: Record<string, GraphElement>): void {
    const boundary = nodes.get(boundaryId)!;
    const handlers = children(boundary.$parent!, 'artifacts')
      .filter((a) => a.$type === 'bpmn:Association' && child(a, 'sourceRef') === boundary)
      .map((a) => child(a, 'targetRef'))
      .map((target) => (target && idOf(target)) ?? '');
    if (handlers.length !== 1) {
      this.error(boundaryId, handlers.length === 0 ? 'the compensation boundary event has no association to a compensation handler' : 'the compensation boundary event is associated with several handlers; draw one association');
      return;
    }
    const handler = elements[handlers[0]];
    if (!handler?.forCompensation) {
      this.error(boundaryId, `the compensation boundary event is associated with "${handlers[0]}", which is not an activity marked for compensation (isForCompensation) in the same process or sub-process`);
      return;
    }
    if (host.compensationHandler !== undefined) this.error(boundaryId, `activity "${host.id}" has several compensation boundary events; give it one`);
    host.compensationHandler = handler.id;
  }

  /** Conditions only on gateway branches, default flows that exist, gateways that cannot dead-end. */
  private checkFlowsAndGateways(
    nodes: Map<string, ModdleElement>,
    flows: Record<string, SequenceFlow>,
    conditional: Set<string>,
    outgoing: Map<string, string[]>,
  ): void {
    const branching = (node: ModdleElement | undefined) =>
      node?.$type === 'bpmn:ExclusiveGateway' || node?.$type === 'bpmn:InclusiveGateway';
    for (const flow of Object.values(flows)) {
      if (conditional.has(flow.id) && !branching(nodes.get(flow.source))) {
        this.error(flow.id, 'conditions are only supported on flows leaving an exclusive or inclusive gateway; put a gateway after the element');
      }
    }
    for (const [id, node] of nodes) {
      const defaultFlow = this.defaultFlowId(node);
      const unresolvedDefault = this.diagnostics.unresolvedReference(node, 'default');
      if (unresolvedDefault !== undefined) this.error(id, `the default flow "${unresolvedDefault}" does not exist`);
      if (!branching(node)) {
        if (defaultFlow !== undefined) this.error(id, 'default flows are only supported on exclusive and inclusive gateways');
        if (node.$type === 'bpmn:EventBasedGateway') this.checkEventBasedGateway(id, nodes, flows, outgoing.get(id) ?? []);
        continue;
      }
      const leaving = outgoing.get(id) ?? [];
      if (defaultFlow !== undefined) {
        if (!leaving.includes(defaultFlow)) this.error(id, `the default flow "${defaultFlow}" is not an outgoing flow of this gateway`);
        else if (conditional.has(defaultFlow)) this.error(defaultFlow, 'a default flow must not have a condition');
      }
      const unconditional = leaving.filter((flowId) => flowId !== defaultFlow && !conditional.has(flowId));
      if (leaving.length > 1) {
        for (const flowId of unconditional) {
          this.error(flowId, `the flow leaves gateway "${id}" without a condition and is not its default flow`);
        }
      }
      // As in Camunda 8 this deploys; should no condition hold at run time, the token stops there in incident.
      if (leaving.length > 0 && unconditional.length === 0 && (defaultFlow === undefined || !leaving.includes(defaultFlow))) {
        this.diagnostics.warn(id, 'every outgoing flow has a condition and none is the default flow: when no condition holds, the matter stops here in an incident until its variables are fixed; mark one flow as default to avoid it');
      }
    }
  }

  private checkEventBasedGateway(
    id: string,
    nodes: Map<string, ModdleElement>,
    flows: Record<string, SequenceFlow>,
    leaving: string[],
  ): void {
    for (const flowId of leaving) {
      const target = nodes.get(flows[flowId].target);
      const definitions = target ? children(target, 'eventDefinitions') : [];
      const catches =
        target?.$type === 'bpmn:ReceiveTask' ||
        (target?.$type === 'bpmn:IntermediateCatchEvent' &&
          definitions.length === 1 &&
          ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition'].includes(definitions[0].$type));
      if (!catches) {
        this.error(id, `the event-based gateway leads to "${flows[flowId].target}"; it may only lead to timer, message or signal catch events and receive tasks`);
      }
    }
  }

  /**
   * One none start event (a process may have message, signal and timer start events beside it, or
   * instead of it; an event sub-process one start event with a trigger), or no start event at all: then,
   * as BPMN says, every element without incoming flows starts with the scope (implicit start). A path
   * may end at an activity or event without outgoing flows (implicit end), not at a gateway. Everything
   * reachable. Returns where the scope starts: its none start event, or its implicit starts.
   */
  private checkStructure(
    nodes: Map<string, ModdleElement>,
    flows: Record<string, SequenceFlow>,
    incoming: Map<string, string[]>,
    outgoing: Map<string, string[]>,
    scopeId: string,
    scopeKind: string,
  ): { startId?: string; implicitStarts?: string[] } | undefined {
    const triggered = scopeKind === 'event sub-process';
    const startEvents = [...nodes].filter(([, node]) => node.$type === 'bpmn:StartEvent');
    // An event sub-process starts with one start event that has a trigger; a sub-process with one none start
    // event; a process with one, or with message, signal and timer start events instead.
    const noneStarts = startEvents.filter(([, node]) => (children(node, 'eventDefinitions').length > 0) === triggered);
    const eventStarts = scopeKind === 'process' ? startEvents.filter(([, node]) => START_TRIGGERS.includes(children(node, 'eventDefinitions')[0]?.$type ?? '')) : [];
    let implicitStarts: string[] | undefined;
    if (startEvents.length === 0 && !triggered) {
      implicitStarts = this.implicitStarts(nodes, incoming, scopeKind);
      if (implicitStarts.length === 0) this.error(scopeId, `the ${scopeKind} has no start event, and no element without incoming sequence flows to start with`);
    } else {
      if (noneStarts.length === 0 && eventStarts.length === 0) {
        this.error(scopeId, triggered
          ? 'the event sub-process has no start event with a trigger (timer, message, error, signal or escalation)'
          : scopeKind === 'process'
          ? 'the process has no start event: add a none start event (or a message, signal or timer start event)'
          : `the ${scopeKind} has no none start event (a start event without a trigger)`);
      }
      for (const [id] of noneStarts.slice(1)) {
        this.error(id, `a second ${triggered ? '' : 'none '}start event in ${scopeKind} "${scopeId}"; a ${scopeKind} has exactly one`);
      }
      if (triggered) {
        for (const [id, node] of startEvents) {
          if (children(node, 'eventDefinitions').length === 0) this.error(id, 'a none start event in an event sub-process; its start event needs a trigger');
        }
      }
    }

    for (const [id, node] of nodes) {
      if (outsideTheFlow(node) || isCompensationBoundary(node)) {
        const flowsOf = [...(incoming.get(id) ?? []), ...(outgoing.get(id) ?? [])];
        if (flowsOf.length > 0 && node.get('triggeredByEvent') !== true) this.error(id, `a ${isCompensationBoundary(node) ? 'compensation boundary event' : 'compensation handler'} cannot have sequence flows; an association links the two`);
        continue;
      }
      const label = describeType(node.$type);
      const hasIncoming = (incoming.get(id) ?? []).length > 0;
      const hasOutgoing = (outgoing.get(id) ?? []).length > 0;
      if (node.$type === 'bpmn:EndEvent' || isLinkEvent(node, 'bpmn:IntermediateThrowEvent')) {
        if (hasOutgoing) this.error(id, `${node.$type === 'bpmn:EndEvent' ? 'an end event' : 'a link throw event'} cannot have outgoing sequence flows`);
      } else if (!hasOutgoing && node.$instanceOf('bpmn:Gateway')) {
        this.error(id, `the ${label} has no outgoing sequence flow; a path may end at an activity or event, not at a gateway`);
      }
      if ((node.$type === 'bpmn:StartEvent' || node.$type === 'bpmn:BoundaryEvent') && hasIncoming) {
        this.error(id, `a ${label} cannot have incoming sequence flows`);
      }
      if (isLinkEvent(node, 'bpmn:IntermediateCatchEvent') && hasIncoming) this.error(id, 'a link catch event cannot have incoming sequence flows');
    }

    const startId = implicitStarts?.[0] ?? noneStarts[0]?.[0];
    const startIds = implicitStarts ?? [...noneStarts.slice(0, 1), ...eventStarts].map(([id]) => id);
    if (startIds.length === 0) return undefined;
    const boundaryEventsOf = new Map<string, string[]>();
    for (const [id, node] of nodes) {
      const host = child(node, 'attachedToRef');
      const hostId = node.$type === 'bpmn:BoundaryEvent' && host ? idOf(host) : undefined;
      if (hostId !== undefined) push(boundaryEventsOf, hostId, id);
    }
    const reached = new Set(startIds);
    const queue = [...startIds];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      const node = nodes.get(next);
      const link = node && isLinkEvent(node, 'bpmn:IntermediateThrowEvent') ? linkOf(node) : undefined;
      const successors = [
        ...(outgoing.get(next) ?? []).map((flowId) => flows[flowId].target),
        ...(boundaryEventsOf.get(next) ?? []),
        ...(link ? linkCatches(node!.$parent, link).flatMap((e) => idOf(e) ?? []) : []),
      ];
      for (const successor of successors) {
        if (!reached.has(successor)) {
          reached.add(successor);
          queue.push(successor);
        }
      }
    }
    const implicit = implicitStarts !== undefined;
    for (const [id, node] of nodes) {
      // Extra start events are reported above; a boundary event shares its activity's fate.
      if (reached.has(id) || node.$type === 'bpmn:StartEvent' || node.$type === 'bpmn:BoundaryEvent' || outsideTheFlow(node)) continue;
      if (implicit && node.$type === 'bpmn:EndEvent' && !(incoming.get(id) ?? []).length) continue; // reported by implicitStarts
      const label = describeType(node.$type);
      if (implicit) this.error(id, `the ${label} is not reachable from the elements the ${scopeKind} starts with`);
      else if ((incoming.get(id) ?? []).length === 0 && !isLinkEvent(node, 'bpmn:IntermediateCatchEvent')) {
        this.error(id, `the ${label} is not reachable from the start event: it has no incoming sequence flow, and elements without one start with the ${scopeKind} only when it has no start event`);
      } else this.error(id, `the ${label} is not reachable from the start event`);
    }
    return implicit ? { startId, implicitStarts } : { startId };
  }

  /**
   * With no start event, the elements without incoming sequence flows; boundary events, link catch events
   * and what stands outside the flow are not among them. An end event without incoming flows is refused:
   * it would end the path it starts at once.
   */
  private implicitStarts(nodes: Map<string, ModdleElement>, incoming: Map<string, string[]>, scopeKind: string): string[] {
    const starts: string[] = [];
    for (const [id, node] of nodes) {
      if ((incoming.get(id) ?? []).length > 0 || outsideTheFlow(node) || node.$type === 'bpmn:BoundaryEvent' || isLinkEvent(node, 'bpmn:IntermediateCatchEvent')) continue;
      if (node.$type === 'bpmn:EndEvent') this.error(id, `the end event has no incoming sequence flow: with no start event it would start, and end, the ${scopeKind} at once; connect it or remove it`);
      else starts.push(id);
    }
    return starts;
  }

  // ---- values and expressions ----

  private defaultFlowId(node: ModdleElement): string | undefined {
    const flow = child(node, 'default');
    return flow && idOf(flow);
  }

  /** `=feel` (Camunda 8) and `${juel}` (Camunda 7) are expressions; anything else is a literal. */
  private valueSource(raw: string | undefined, id: string, what: string): ValueSource | undefined {
    if (raw === undefined) return undefined;
    if (!raw.startsWith('=') && !isJuel(raw)) return { literal: raw };
    const expression = this.expression(raw, id, what);
    return expression === undefined ? undefined : { expression };
  }

  /** An attribute that is always an expression: `=feel`, `${juel}`, or bare FEEL. */
  private expression(raw: string, id: string, what: string): Expression | undefined {
    if (raw.startsWith('=')) return this.feel(raw.slice(1), id, what);
    if (isJuel(raw)) return this.juel(raw, id, what);
    return this.feel(raw, id, what);
  }

  private feel(source: string, id: string, what: string): Expression | undefined {
    const expression = source.trim();
    const problem = feelParseError(expression);
    if (problem) {
      this.error(id, `${what} \`${expression}\` is not valid FEEL: ${problem}`);
      return undefined;
    }
    return expression;
  }

  private juel(raw: string, id: string, what: string): Expression | undefined {
    const translation = juelToFeel(raw);
    if ('error' in translation) {
      this.error(id, `${what}: ${translation.error}`);
      return undefined;
    }
    return this.feel(translation.feel, id, what);
  }

  private warnIgnoredListeners(node: ModdleElement, id: string): void {
    for (const type of ['camunda:ExecutionListener', 'camunda:TaskListener', 'zeebe:ExecutionListeners', 'zeebe:TaskListeners']) {
      if (extension(node, type)) this.diagnostics.warn(id, `${type} is ignored: listeners do not run in this engine`);
    }
  }

  private error(elementId: string | undefined, message: string): void {
    this.diagnostics.error(elementId, message);
  }
}

function timerLiteralProblem(kind: TimerDefinition['kind'], literal: string): string | undefined {
  switch (kind) {
    case 'duration':
      return parseDuration(literal) ? undefined : `timer duration "${literal}" is not an ISO 8601 duration (e.g. PT5M, P1DT2H, P7D)`;
    case 'date':
      return parseDateTime(literal) !== undefined
        ? undefined
        : `timer date "${literal}" is not an ISO 8601 date-time with offset (e.g. 2026-12-01T09:00:00+08:00)`;
    case 'cycle':
      if (parseCycle(literal)) return undefined;
      return literal.trim().split(/\s+/).length >= 5
        ? `timer cycle "${literal}" looks like a cron expression, which is not supported; use an ISO 8601 repeating interval (e.g. R/P1D)`
        : `timer cycle "${literal}" is not an ISO 8601 repeating interval (e.g. R3/PT1H, R/P7D, R5/2026-01-01T00:00:00Z/P1D)`;
  }
}

/** Event sub-processes and compensation handlers have no sequence flows by design (both are refused anyway). */
/** The name of a link event's definition. */
function linkOf(node: ModdleElement): string | undefined {
  const definition = children(node, 'eventDefinitions')[0];
  return definition?.$type === 'bpmn:LinkEventDefinition' ? text(definition, 'name')?.trim() : undefined;
}

function isLinkEvent(node: ModdleElement, type: 'bpmn:IntermediateThrowEvent' | 'bpmn:IntermediateCatchEvent'): boolean {
  return node.$type === type && children(node, 'eventDefinitions')[0]?.$type === 'bpmn:LinkEventDefinition';
}

/** The link catch events named `name` in a process or sub-process. */
function linkCatches(scope: ModdleElement | undefined, name: string): ModdleElement[] {
  return (scope ? children(scope, 'flowElements') : []).filter((e) => isLinkEvent(e, 'bpmn:IntermediateCatchEvent') && linkOf(e) === name);
}

function isCompensationBoundary(node: ModdleElement): boolean {
  return node.$type === 'bpmn:BoundaryEvent' && children(node, 'eventDefinitions')[0]?.$type === 'bpmn:CompensateEventDefinition';
}

function outsideTheFlow(node: ModdleElement): boolean {
  return node.get('triggeredByEvent') === true || node.get('isForCompensation') === true;
}

/** The project's `duban:` attributes, without the prefix. */
function dubanAttributes(node: ModdleElement): Record<string, string> | undefined {
  const entries = Object.entries(node.$attrs)
    .filter(([name]) => name.startsWith('duban:'))
    .map(([name, value]) => [name.slice('duban:'.length), String(value)]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** `bpmn:UserTask` → `user task`, for messages. */
function describeType(type: string): string {
  return type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Keyed by BPMN ids, which may be `__proto__` or `toString`: no prototype to collide with. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
