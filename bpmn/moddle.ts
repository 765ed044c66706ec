/**
 * Reads BPMN XML into a moddle tree with the Camunda 7 (`camunda:`), Camunda 8 (`zeebe:`)
 * and project (`duban:`) extensions, and gives typed access to its loosely typed elements.
 */
import { BpmnModdle, type ParseWarning } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import duban from './duban-moddle.json' with { type: 'json' };

export type { ParseWarning };

/** A parsed BPMN element: its type (`bpmn:UserTask`), attributes and properties. */
export interface ModdleElement {
  readonly $type: string;
  /** Attributes of namespaces moddle has no schema for, and the free-form `duban:` ones. */
  readonly $attrs: Record<string, unknown>;
  /** The element this one is contained in (a flow element's process or sub-process). */
  readonly $parent?: ModdleElement;
  get(property: string): unknown;
  $instanceOf(type: string): boolean;
}

export const BPMN_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

// Both extensions declare `modelerTemplate` on flow elements and moddle refuses the clash;
// templates only matter to the modeler, so the Camunda 7 declaration is left out.
const camundaWithoutTemplates = {
  ...camunda,
  types: camunda.types.filter((type) => type.name !== 'TemplateSupported'),
};

const moddle = new BpmnModdle({ camunda: camundaWithoutTemplates, zeebe, duban });

export type ParseOutcome =
  | { ok: true; definitions: ModdleElement; warnings: ParseWarning[] }
  | { ok: false; message: string };

export async function parseBpmnXml(xml: string): Promise<ParseOutcome> {
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml);
    return { ok: true, definitions: rootElement as ModdleElement, warnings };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.startsWith('failed to parse document as')) {
      return { ok: false, message: `not a BPMN 2.0 diagram: the root element must be <definitions> in namespace ${BPMN_NAMESPACE}` };
    }
    return { ok: false, message: `not well-formed XML: ${firstLine(message)}` };
  }
}

export function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

export function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** A string property, undefined when absent or blank. */
export function text(element: ModdleElement, property: string): string | undefined {
  const value = element.get(property);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function child(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element.get(property);
  return isElement(value) ? value : undefined;
}

export function children(element: ModdleElement, property: string): ModdleElement[] {
  const value = element.get(property);
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** The element's id; moddle keeps ids as written, so blank counts as missing. */
export function idOf(element: ModdleElement): string | undefined {
  return text(element, 'id');
}

/** The body of an expression child such as a condition or a timer's timeDuration. */
export function bodyOf(element: ModdleElement | undefined): string | undefined {
  return element ? text(element, 'body') : undefined;
}

/** Extension elements of one type, e.g. `zeebe:TaskDefinition`. */
export function extensions(element: ModdleElement, type: string): ModdleElement[] {
  const container = child(element, 'extensionElements');
  return container ? children(container, 'values').filter((value) => value.$type === type) : [];
}

export function extension(element: ModdleElement, type: string): ModdleElement | undefined {
  return extensions(element, type)[0];
}
