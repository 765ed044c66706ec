/**
 * What changed between two versions of a diagram, element by element: bpmn-moddle reads both (with
 * the zeebe extensions, so a changed assignee or form counts), bpmn-js-differ compares them. Pure:
 * the diff page draws it, the unit test checks it.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { diff } from 'bpmn-js-differ';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'layoutChanged';

/** One property of a changed element: its value in each version when it is a plain value. */
export interface PropertyChange {
  name: string;
  from?: string;
  to?: string;
}

export interface DiagramChange {
  /** The element's id (the same in both versions, except added or removed). */
  id: string;
  kind: ChangeKind;
  /** The element's BPMN type without the prefix: UserTask, SequenceFlow… */
  type: string;
  name?: string;
  /** Changed elements: what changed. */
  properties: PropertyChange[];
  /** A changed element that also moved or was resized. */
  moved: boolean;
}

interface Element {
  $type: string;
  id?: string;
  name?: string;
  get(name: string): unknown;
}

const ORDER: ChangeKind[] = ['added', 'removed', 'changed', 'layoutChanged'];

const plain = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

/** Every element of the definitions by id (what bpmn-js-differ's results point into). */
function elementsById(definitions: object): Map<string, Element> {
  const found = new Map<string, Element>();
  const seen = new Set<object>();
  const visit = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const element = value as Partial<Element> & Record<string, unknown>;
    if (typeof element.$type !== 'string') return;
    if (typeof element.id === 'string' && !found.has(element.id)) found.set(element.id, element as Element);
    for (const [key, child] of Object.entries(element)) if (!key.startsWith('$') && !key.endsWith('Ref') && key !== 'bpmnElement') visit(child);
  };
  visit(definitions);
  return found;
}

/** The plain value of a property path as bpmn-js-differ names it (`name`, `extensionElements.values[0]`…), when it is a plain value. */
function valueAt(element: Element | undefined, property: string): string | undefined {
  if (!element || !/^[A-Za-z_$][\w:$]*$/.test(property)) return undefined;
  return plain(element.get(property));
}

/**
 * The changes bpmn-js-differ found, one per element: added, removed, changed (its properties, and
 * whether it moved as well) or only moved, in that order, then by id.
 */
export function summarize(oldDefinitions: object, newDefinitions: object): DiagramChange[] {
  const result = diff(oldDefinitions, newDefinitions);
  const before = elementsById(oldDefinitions);
  const after = elementsById(newDefinitions);
  const changes = new Map<string, DiagramChange>();
  const describe = (id: string, kind: ChangeKind, element: { $type: string; name?: unknown } | undefined): DiagramChange => ({
    id,
    kind,
    type: (element?.$type ?? '').replace(/^bpmn:/, ''),
    name: plain(element?.name),
    properties: [],
    moved: false,
  });
  for (const [id, element] of Object.entries(result._added)) changes.set(id, describe(id, 'added', element as Element));
  for (const [id, element] of Object.entries(result._removed)) changes.set(id, describe(id, 'removed', element as Element));
  for (const [id, { attrs }] of Object.entries(result._changed)) {
    if (changes.has(id)) continue;
    // bpmn-js-differ 3 names a property's two values the wrong way round: read them from the versions instead.
    const change = describe(id, 'changed', after.get(id) ?? before.get(id));
    change.properties = Object.keys(attrs)
      .sort()
      .map((name) => ({ name, from: valueAt(before.get(id), name), to: valueAt(after.get(id), name) }));
    changes.set(id, change);
  }
  for (const id of Object.keys(result._layoutChanged)) {
    const known = changes.get(id);
    if (known) known.moved = known.kind === 'changed';
    else changes.set(id, { ...describe(id, 'layoutChanged', after.get(id)), moved: true });
  }
  return [...changes.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
}

/** Reads both versions' XML and summarizes what changed from the first to the second. */
export async function diffDiagrams(oldXml: string, newXml: string): Promise<DiagramChange[]> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle });
  const [before, after] = await Promise.all([moddle.fromXML(oldXml), moddle.fromXML(newXml)]);
  return summarize(before.rootElement as object, after.rootElement as object);
}
